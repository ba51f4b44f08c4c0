"""The benchmark's headline: the real `streamlit run` server driven over Streamlit's websocket protocol.

On one server per (scale, backend), with the project's .streamlit/config.toml:
- `pages`: one session opens every page and then reruns it `runs` times, each with a gemeente
  selection the server has not seen (a cache miss for everything keyed on the filters): client
  latency (send until script_finished), server script time (the run hook: the script thread's run,
  Streamlit's post-script GC included), bytes per rerun.
- `levels`: N sessions at once (e.g. 1, 10, 50) over Fasematrix, Kaart, Kandidaten and Overzicht,
  each changing the gemeente back to back for `duration` seconds: throughput, client and server
  p50/p95, errors (exceptions, timeouts) and the server's memory.
- `first_start`: a fresh clone's first start (no database yet: the app creates the embedded SQLite
  and loads the sample), timed from the server answering its health check to the first page's
  script_finished.

Sessions log in the way a proxy in front of the app would: `server.trustedUserHeaders` maps
headers to st.user (role beheerder, with a dummy [auth] section), so any scale can be measured;
the demo mode only opens the bundled sample.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboard.devtools import loadgen
from dashboard.devtools.serve import streamlit_app
from dashboard.devtools.stclient import Session

LOGIN_HEADERS = {"X-Bench-Email": "bench@example.org", "X-Bench-Rol": "beheerder", "X-Bench-Login": "true"}
_TRUSTED = json.dumps({"X-Bench-Email": "email", "X-Bench-Rol": "dashboard_rol", "X-Bench-Login": "is_logged_in"})
_SECRETS = """[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "benchmark-only"
client_id = "benchmark"
client_secret = "benchmark"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""


def login_args(workdir: Path) -> list[str]:
    workdir.mkdir(parents=True, exist_ok=True)
    secrets = workdir / "bench-secrets.toml"
    secrets.write_text(_SECRETS)
    return ["--secrets.files", str(secrets), "--server.trustedUserHeaders", _TRUSTED]


def measure_pages(base: str, pages: list[str], runs: int, timeout: float = 120.0) -> dict[str, Any]:
    """One session: every page opened, then `runs` reruns with a new gemeente selection each."""

    async def go() -> dict[str, Any]:
        s = await Session.connect(base, headers=LOGIN_HEADERS)
        out: dict[str, Any] = {}
        sel: loadgen.Selections | None = None
        try:
            for page in pages:
                first = await s.rerun(page=page, kind="open", timeout=timeout)
                if sel is None:
                    sel = loadgen.Selections(s.widget("f_gemeenten").options, s.widget("f_programmas").options)
                reruns = []
                for _ in range(runs):
                    gemeenten, programmas, _fresh = sel.next()
                    s.set("f_gemeenten", gemeenten)
                    s.set("f_programmas", programmas)
                    reruns.append(await s.rerun(timeout=timeout))
                out[page] = {"first": first, "reruns": reruns}
            return {"session": s.session_id, "pages": out}
        finally:
            await s.close()

    return asyncio.run(go())


def run(
    url: str,
    workdir: Path,
    *,
    pages: list[str],
    runs: int = 20,
    levels: list[int] = (),
    duration: float = 60.0,
    level_pages: tuple[str, ...] = loadgen.PAGES,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with loadgen.serve_app(url, workdir, args=login_args(workdir)) as (server, runlog):
        pid = server.proc.pid
        memory = loadgen.MemoryTimeline([pid], 1.0)
        memory.start()
        try:
            if pages and runs:
                progress(f"  websocket: every page, {runs} reruns each (one session)")
                t0 = time.time()
                measured = measure_pages(server.base, pages, runs)
                runs_log = loadgen.server_runs(runlog, t0, time.time() + 1)
                per_page = {}
                for page, m in measured["pages"].items():
                    start = m["reruns"][0].started if m["reruns"] else m["first"].started
                    end = m["reruns"][-1].started + m["reruns"][-1].seconds if m["reruns"] else start
                    srv = [x for x in runs_log if start <= x["end"] <= end + 0.5]
                    rs = m["reruns"]
                    per_page[page] = {
                        "first": round(m["first"].seconds * 1000, 1),
                        "client": loadgen.summary([r.seconds for r in rs]),
                        "server": loadgen.summary([x["wall"] for x in srv]),
                        "server_gc": loadgen.summary([x["gc"] for x in srv]),
                        "bytes": loadgen.summary([r.bytes for r in rs], scale=1),
                        "problems": sorted({e for r in [m["first"], *rs] for e in r.exceptions + r.errors})[:5]
                        + [f"status {r.status}" for r in rs if r.status != "ok"][:3],
                    }
                out["pages"] = per_page
            out["levels"] = {}
            for n in levels:
                progress(f"  websocket: {n} sessions for {duration:g} s on {', '.join(level_pages)}")
                outcome = loadgen.drive(
                    server.base, n, level_pages, duration=duration, timeout=120, headers=LOGIN_HEADERS
                )
                level = loadgen.summarise(outcome, [runlog])
                level["memory_mib_now"] = loadgen.rss_mib(pid)
                out["levels"][str(n)] = level
                progress(
                    f"    {level['reruns']} reruns, {level['reruns_per_s']}/s, "
                    f"client p95 {level['client'].get('p95')} ms, server p95 {level['server'].get('p95')} ms, "
                    f"errors {level['errors']}"
                )
        finally:
            memory.stop()
        out["memory_mib"] = memory.report()[str(pid)]
        out["server_log"] = str(server.log)
    return out


def first_start(workdir: Path, timeout: float = 300.0) -> dict[str, Any]:
    """A fresh clone's first start: no embedded database yet; health check answered -> first page done."""
    with tempfile.TemporaryDirectory(dir=workdir) as data:
        t_start = time.perf_counter()
        with streamlit_app(
            "",
            Path(data),
            env={"DASHBOARD_DATA_DIR": data},
            args=("--server.address", "127.0.0.1"),
            timeout=180,
            warm=False,
        ) as server:
            healthy = time.perf_counter() - t_start

            async def go():
                s = await Session.connect(server.base)
                try:
                    return await s.rerun(kind="open", timeout=timeout)  # the app's URL: its default page
                finally:
                    await s.close()

            first = asyncio.run(go())
    return {
        "server_up_s": round(healthy, 1),
        "first_page_s": round(first.seconds, 1),
        "status": first.status,
        "problems": first.exceptions + first.errors,
        "measured": "from the server answering /_stcore/health to the first page's script_finished, with "
        "an empty data folder (the app creates the embedded SQLite and loads the sample)",
    }
