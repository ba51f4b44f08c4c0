"""The layer contract of README *Architecture*, checked with import-linter (`[tool.importlinter]` in pyproject.toml).

app > figures > subjects > store > core: a module imports only from its own layer and the layers below it;
the runtime never imports dashboard.devtools; Streamlit only in app; plotly and pydeck not below figures.
"""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_the_layer_contract_holds():
    """lint-imports keeps every contract; its report is the failure message (which import crosses, where)."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"][
        "contracts"
    ]
    assert [c["type"] for c in contracts].count("layers") == 1 and len(contracts) >= 2
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    report = run.stdout + run.stderr
    assert run.returncode == 0, report
    assert f"Contracts: {len(contracts)} kept, 0 broken." in report, report


def test_every_module_of_the_package_sits_in_a_layer():
    """A new module goes into one of the layer folders (or devtools); only cli.py, the command, sits beside them."""
    package = ROOT / "src" / "dashboard"
    folders = {"core", "store", "subjects", "figures", "app", "devtools"}
    loose = sorted(p.name for p in package.glob("*.py") if p.name not in {"__init__.py", "cli.py"})
    assert not loose, f"modules outside the layer folders: {loose}"
    assert {p.name for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == folders
