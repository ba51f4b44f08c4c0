"""ruff, with the configuration in pyproject.toml ([tool.ruff]), over the app, its pages and the tests.

Runs in every `make test` and in CI (.ci/run); ruff is pinned in the dev extra and requirements.lock, so
every machine checks with the same rules. `ruff check --fix` repairs the findings marked [*].
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from ruff.__main__ import find_ruff_bin  # the pinned ruff package's binary, not whichever is on PATH

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ["src", "tests", "pages", "app.py"]

pytestmark = pytest.mark.lint


def _ruff_check(*args: str, source: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [find_ruff_bin(), "check", "--no-cache", "--output-format", "concise", *args],
        cwd=ROOT,
        input=source,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ruff_finds_nothing():
    result = _ruff_check(*CHECKED)
    assert result.returncode == 0, f"ruff check {' '.join(CHECKED)}:\n{result.stdout}{result.stderr}"


def test_ruff_checks_with_the_projects_rules():
    """pyproject.toml's rules, not ruff's defaults: 120 characters pass, 121 are a finding (E501 is not a default)."""
    for length, findings in ((120, ""), (121, "E501")):
        line = "x = " + repr("a" * (length - 6)) + "\n"
        assert len(line) == length + 1
        result = _ruff_check("--stdin-filename", "src/dashboard/probe.py", "-", source=line)
        assert findings in result.stdout and result.returncode == (1 if findings else 0), result.stdout + result.stderr


def test_the_code_is_formatted_as_ruff_formats_it():
    """`ruff format` (line length 120, pyproject.toml) leaves every file as it is: one layout, no style diffs."""
    result = subprocess.run(
        [find_ruff_bin(), "format", "--check", "--no-cache", *CHECKED],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"ruff format --check:\n{result.stdout}{result.stderr}"
