"""Chromium for the browser tests and the benchmark: which one, and how it is started.

One lookup for the whole project: the browser the exports render with (dashboard.app.export.chromium_pad:
$BROWSER_PATH, else the first Chromium or Chrome on PATH) is the one Playwright drives.
"""

from __future__ import annotations

from typing import Any

from dashboard.app.export import chromium_pad

# Headless, no sandbox (root in CI), and nothing that phones home during a measurement.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING = "Debian's chromium is not installed (apt-get install chromium)"


def path() -> str | None:
    """The Chromium to drive, or None when there is none."""
    return chromium_pad()


def launch(playwright: Any, executable: str) -> Any:
    """A headless Chromium from a Playwright instance; with Playwright's async API, an awaitable of one."""
    return playwright.chromium.launch(executable_path=executable, headless=True, args=ARGS)
