"""The first start as a new user sees it: `streamlit run` on an empty data folder, Chromium on the first page.

Prints when the server answers its health check, each progress line the page shows while the sample loads,
and the time from the health check to the first page with data (a metric on Overzicht), with the server's
CPU seconds in that time (on a busy machine the wall time is mostly waiting for a core). Screenshots of the
page while loading and when done go to the temporary folder it prints.

    PYTHONPATH=src .venv/bin/python bench/first_start.py
"""

from __future__ import annotations

import os
import pathlib
import tempfile
import time

from playwright.sync_api import sync_playwright

from dashboard.app.export import chromium_pad
from dashboard.devtools.serve import streamlit_app


def cpu_seconds(pid: int) -> float:
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="first_start_"))
    url = f"sqlite:///{tmp}/data/dossiers.sqlite"
    t0 = time.monotonic()
    with streamlit_app(url, tmp / "server", env={"DASHBOARD_DATA_DIR": str(tmp / "data")}) as server:
        up, cpu_up = time.monotonic(), cpu_seconds(server.proc.pid)
        print(f"server healthy after {up - t0:.1f} s")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_pad(), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server.base)
            seen: set[str] = set()
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                for line in page.inner_text("body").splitlines():
                    progress_line = "Aanlevering" in line or "Voorbeelddata" in line or "voorbeelddata" in line
                    if progress_line and line not in seen:
                        seen.add(line)
                        print(f"{time.monotonic() - up:6.1f} s  {line}")
                        if "wordt geladen" in line and not (tmp / "loading.png").exists():
                            page.screenshot(path=str(tmp / "loading.png"))
                if page.query_selector('[data-testid="stMetricValue"]'):
                    break
                time.sleep(0.25)
            done = time.monotonic() - up
            print(
                f"first page with data {done:.1f} s after the health check; "
                f"server CPU in that time {cpu_seconds(server.proc.pid) - cpu_up:.1f} s"
            )
            page.screenshot(path=str(tmp / "first.png"))
            # Then the sample's monthly series, loaded in the background: Trend until its progress bar is gone.
            page.goto(f"{server.base}/trend")
            while time.monotonic() < deadline + 600:
                tekst = page.inner_text("body")
                regel = next((r for r in tekst.splitlines() if "Maandreeks van de voorbeelddata" in r), None)
                if regel and regel not in seen:
                    seen.add(regel)
                    print(f"{time.monotonic() - up:6.1f} s  {regel}")
                if regel is None and "Per gemeente, op elke peildatum" in tekst and "31-07-2021" in tekst:
                    break
                time.sleep(0.5)
            print(
                f"monthly series (12 snapshots) on Trend {time.monotonic() - up:.1f} s after the health check; "
                f"server CPU {cpu_seconds(server.proc.pid) - cpu_up:.1f} s"
            )
            page.screenshot(path=str(tmp / "trend.png"), full_page=True)
            browser.close()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; screenshots in {tmp}")


if __name__ == "__main__":
    main()
