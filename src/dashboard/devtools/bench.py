"""The performance benchmark behind `dashboard bench`: generate, load, and time every page.

For each scale it generates a delivery with the generator (one folder, or one dated subfolder per
snapshot), loads it into a fresh database per backend, and measures per page the server-side time
of one rerun after a filter change: the sidebar's gemeente filter is changed and the app reruns
under Streamlit's AppTest, with `st.cache_data` cleared first (a cache miss) and, apart, with every
value cached (a cache hit). It also times the same figures computed the naive way (the raw tables
read into pandas and aggregated in Python), and can drive 20 browser sessions against a real
server (see bench_concurrency). Results are printed as a table and written as JSON.

What the numbers are (all wall-clock unless named otherwise):
- `script`: the script thread's run of app.py and the page (Streamlit's ScriptRunner._run_script):
  queries, transforms, figures and the serialisation of every element. The server-side rerun.
- `total`: the whole `AppTest.run()`, i.e. `script` plus AppTest's own work (starting the runner
  thread, turning the messages into its element tree).
- `data`: the time inside the app's cached data functions (dashboard.app.ui, outermost calls): SQL and
  the polars shaping behind each page, without widgets and figures.
- `cpu`: the script thread's CPU time (time.thread_time): the part of `script` this process spent
  computing; the rest is waiting (for PostgreSQL, polars' worker threads, or a busy machine).

Why over 400 lines: the orchestration for every scale and backend, the AppTest instrumentation and the
result table; the real-server part (bench_ws), the browser cross-check (bench_concurrency), the naive
reference (bench_naive) and the arguments (bench_cli) are modules of their own. Dev tooling only.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from dashboard.devtools.databases import Databases
from dashboard.store import db

ROOT = Path(__file__).resolve().parents[3]  # a checkout: app.py and pages/ beside src/
APP = ROOT / "app.py"
_PAGE = re.compile(r'st\.Page\(\s*"(pages/[^"]+\.py)"')

# The identity the benchmark logs in as (AppTest's simulated st.user and a dummy [auth] section): a
# role that sees every page. Without [auth] the app runs in demo mode, which only opens the bundled
# sample, and a benchmark database at another scale is not the sample.
BENCH_USER = {"is_logged_in": True, "email": "bench@example.org", "name": "Benchmark", "dashboard_rol": "beheerder"}
BENCH_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "benchmark-only",
        "client_id": "benchmark",
        "client_secret": "benchmark",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    },
    "toegang": {"rollen": {"bench@example.org": "beheerder"}},
}


# ---------------------------------------------------------------- small measuring tools


def app_pages(app: Path = APP) -> list[str]:
    """The page scripts the router registers, in its order (`st.Page("pages/x.py", ...)` in app.py)."""
    return _PAGE.findall(app.read_text(encoding="utf-8"))


def page_name(path: str) -> str:
    return Path(path).stem


def summary(values: list[float]) -> dict[str, float | int | None]:
    """p50, p95 (linear interpolation between closest ranks), mean, min and max, in milliseconds."""
    if not values:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "mean_ms": None, "min_ms": None, "max_ms": None}
    xs = sorted(values)

    def pct(q: float) -> float:
        k = (len(xs) - 1) * q
        lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
        return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)

    ms = lambda s: round(s * 1000, 1)  # noqa: E731
    return {
        "n": len(xs),
        "p50_ms": ms(pct(0.5)),
        "p95_ms": ms(pct(0.95)),
        "mean_ms": ms(statistics.fmean(xs)),
        "min_ms": ms(xs[0]),
        "max_ms": ms(xs[-1]),
    }


class PeakMemory:
    """This process's peak resident memory over a stretch of work.

    Linux keeps the high-water mark (VmHWM) and lets a process reset it (clear_refs 5), so each
    phase gets its own peak; elsewhere the lifetime peak (ru_maxrss) is all there is.
    """

    def __init__(self) -> None:
        self.resettable = True

    def reset(self) -> None:
        try:
            Path("/proc/self/clear_refs").write_text("5")
        except OSError:
            self.resettable = False

    def peak_mib(self) -> float:
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
        except OSError:
            pass
        self.resettable = False
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def machine() -> dict[str, Any]:
    """Where the figures came from."""
    mem = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    cpu = None
    with contextlib.suppress(OSError):
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            None,
        )
    import polars
    import streamlit

    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "streamlit": streamlit.__version__,
        "polars": polars.__version__,
        "sqlalchemy": sa.__version__,
        "load_average_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def load_average() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


# ---------------------------------------------------------------- deliveries and databases


def generate_deliveries(scale: float, seed: int, workdir: Path) -> tuple[Path, float | None]:
    """The generator's output for a scale, written once per (scale, seed) and reused after that.

    Returns the folder and the seconds it took to write (None when an earlier run's was reused). The
    folder holds one delivery or one dated subfolder per snapshot, whatever the generator writes.
    """
    from dashboard.store.voorbeeld import generate

    out = workdir / f"levering-schaal{scale:g}-seed{seed}"
    klaar = out / ".compleet"
    if klaar.is_file():
        return out, None
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    schrijf = getattr(generate, "generate_sample", None) or generate.generate  # several snapshots when it can
    schrijf(out, scale=scale, seed=seed)
    seconds = time.perf_counter() - started
    klaar.write_text(f"{seconds:.3f}\n")
    return out, seconds


def backend_of(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


def server_version(url: str) -> str | None:
    with db.engine(url).connect() as conn:
        if backend_of(url) == "postgresql":
            return conn.execute(sa.text("show server_version")).scalar_one()
        return "SQLite " + conn.execute(sa.text("select sqlite_version()")).scalar_one()


def load(folder: Path, url: str) -> dict[str, Any]:
    """Load every delivery in `folder` (oldest first), each timed, with the process's peak memory."""
    from dashboard.store.loader import delivery_folders, load_delivery

    peak = PeakMemory()
    peak.reset()
    eng = db.engine(url)
    leveringen = []
    started = time.perf_counter()
    for levering in delivery_folders(folder):
        t0 = time.perf_counter()
        result = load_delivery(levering, eng)
        leveringen.append(
            {
                "peildatum": result.peildatum.isoformat(),
                "seconds": round(time.perf_counter() - t0, 2),
                "rows_loaded": result.rijen_geladen,
                "rows_rejected": result.rijen_afgewezen,
            }
        )
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "deliveries": leveringen,
        "peak_rss_mib": peak.peak_mib(),
        "peak_is_per_phase": peak.resettable,
    }


# ---------------------------------------------------------------- timing the app's reruns


@dataclass
class _Clock:
    """What one or more script runs spent: wall and CPU of the script thread, and time in data functions."""

    script: float = 0.0
    cpu: float = 0.0
    data: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reset(self) -> None:
        with self.lock:
            self.script = self.cpu = self.data = 0.0


_local = threading.local()


@contextlib.contextmanager
def instrumented_app(clock: _Clock) -> Iterator[None]:
    """Time script runs and the app's cached data functions; make AppTest route through app.py.

    The Streamlit patches are dashboard.app.streamlit_compat's: AppTest routed through app.py as the real
    server does (the tests use the same one), one compiled-script cache for all runs as a server keeps,
    and every script run timed in the script thread.
    """
    from dashboard.app import sessie, streamlit_compat, ui

    def timed_run(run, _session, _page):
        w0, c0 = time.perf_counter(), time.thread_time()
        try:
            return run()
        finally:
            with clock.lock:
                clock.script += time.perf_counter() - w0
                clock.cpu += time.thread_time() - c0

    def timed(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            depth = getattr(_local, "depth", 0)
            _local.depth = depth + 1
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                _local.depth = depth
                if depth == 0:
                    with clock.lock:
                        clock.data += time.perf_counter() - t0

        wrapper.clear = fn.clear
        return wrapper

    # Every cached function of the app layer (st.cache_data / st.cache_resource, and wrappers of them that
    # keep .clear), in ui and sessie: pages and the modules themselves look them up in the module at call
    # time, so replacing them counts all.
    wrapped = {
        (module, name): obj
        for module in (ui, sessie)
        for name, obj in vars(module).items()
        if callable(obj) and hasattr(obj, "clear") and getattr(obj, "__module__", "") == module.__name__
    }
    # A server compiles each script once (its ScriptCache lives as long as the runtime); AppTest makes a
    # new cache per run and would count compiling app.py and the page (~50 ms here) in every rerun.
    with contextlib.ExitStack() as stack:
        stack.enter_context(streamlit_compat.apptest_routes_through_app())
        stack.enter_context(streamlit_compat.apptest_shares_script_cache())
        stack.callback(streamlit_compat.wrap_script_runs(timed_run))
        for (module, name), obj in wrapped.items():
            setattr(module, name, timed(obj))
            stack.callback(setattr, module, name, obj)
        yield


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()


def _new_session(url: str, timeout: float):
    """A fresh AppTest session of app.py on `url`, logged in as a role that sees every page."""
    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = url
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.secrets.update(json.loads(json.dumps(BENCH_SECRETS)))
    at.user = dict(BENCH_USER)
    return at


def _problems(at) -> list[str]:
    out = [f"exception: {str(e.message).splitlines()[0] if e.message else e.value}" for e in at.exception]
    out += [f"error: {str(e.value)[:160]}" for e in at.error]
    return out


def filter_cycle(url: str) -> list[list[str]]:
    """The gemeente selections the runs cycle through: the largest gemeente, all, the next two together.

    Every step is a change from the one before, so each run is the rerun after a filter change.
    """
    with db.engine(url).connect() as conn:
        peildatum = max(db.stored_peildata(conn))
        opties = db.fetch(conn, "filter_opties", peildatum=peildatum)
    per_gemeente: dict[str, int] = {}
    for r in opties.iter_rows(named=True):
        per_gemeente[r["gemeente"]] = per_gemeente.get(r["gemeente"], 0) + int(r["aantal"])
    gemeenten = sorted(per_gemeente, key=lambda g: (-per_gemeente[g], g))
    if not gemeenten:
        return [[], []]
    cycle = [[gemeenten[0]], []]
    if len(gemeenten) > 2:
        cycle.append(sorted(gemeenten[1:3]))
    return cycle


def measure_pages(
    url: str,
    runs: int,
    pages: list[str] | None = None,
    timeout: float = 600,
    budget: float | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Per page: its first render in a fresh session, then `runs` reruns after a gemeente change with
    the data caches cleared (miss) and `runs` with the values cached (hit); a page that has spent
    `budget` seconds on its misses (or hits) stops there, after at least two."""
    import streamlit as st  # noqa: F401  (AppTest needs the package imported)

    pages = pages or app_pages()
    cycle = filter_cycle(url)
    clock = _Clock()
    peak = PeakMemory()
    peak.reset()
    result: dict[str, Any] = {"filter_cycle": cycle, "pages": {}}
    previous_url = os.environ.get("DATABASE_URL")
    with instrumented_app(clock):
        # The process's first run: imports, engine, schema check. Reported apart, never as a page.
        at = _new_session(url, timeout)
        _clear_caches()
        t0 = time.perf_counter()
        at.run()
        result["cold_start_s"] = round(time.perf_counter() - t0, 3)
        result["cold_start_problems"] = _problems(at)
        result["apptest_floor"] = _apptest_floor(runs)
        for path in pages:
            progress(f"  page {page_name(path)}")
            result["pages"][page_name(path)] = _measure_page(url, path, runs, cycle, clock, timeout, budget)
    if previous_url is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = previous_url
    result["peak_rss_mib"] = peak.peak_mib()
    return result


def _run(at, clock: _Clock, action: Callable[[], Any]) -> dict[str, float]:
    clock.reset()
    t0 = time.perf_counter()
    action()
    total = time.perf_counter() - t0
    return {"total": total, "script": clock.script, "cpu": clock.cpu, "data": clock.data}


def _measure_page(
    url: str, path: str, runs: int, cycle: list[list[str]], clock: _Clock, timeout: float, budget: float | None = None
) -> dict[str, Any]:
    problems: list[str] = []
    first: list[dict[str, float]] = []
    began = time.perf_counter()
    for _ in range(max(1, runs // 5)):
        if first and budget is not None and time.perf_counter() - began > budget:
            break
        at = _new_session(url, timeout)
        at.run()
        _clear_caches()
        first.append(_run(at, clock, lambda at=at: at.switch_page(path).run()))
        problems += _problems(at)

    def change(i: int):
        return lambda: at.multiselect(key="f_gemeenten").set_value(cycle[i % len(cycle)]).run()

    def within_budget(started: float, done: int) -> bool:
        # At least two runs; after that, stop a slow page once its budget is spent (n says how many ran).
        return done < 2 or budget is None or time.perf_counter() - started < budget

    miss, hit = [], []
    start = 1 if at.multiselect(key="f_gemeenten").value == cycle[0] else 0
    began = time.perf_counter()
    for i in range(start, start + runs):
        if not within_budget(began, len(miss)):
            break
        _clear_caches()
        miss.append(_run(at, clock, change(i)))
        problems += _problems(at)
    for i in range(start, start + len(cycle)):  # every value of the cycle into the cache
        change(i)()
    began = time.perf_counter()
    for i in range(start, start + runs):
        if not within_budget(began, len(hit)):
            break
        hit.append(_run(at, clock, change(i)))
        problems += _problems(at)

    def stats(samples: list[dict[str, float]]) -> dict[str, Any]:
        return {k: summary([s[k] for s in samples]) for k in ("script", "total", "data", "cpu")}

    return {
        "first": stats(first),
        "miss": stats(miss),
        "hit": stats(hit),
        "titles": [t.value for t in at.title],
        "problems": sorted(set(problems)),
    }


_EMPTY_SCRIPT = "import streamlit as st\nst.write('')\n"


def _apptest_floor(runs: int) -> dict[str, Any]:
    """AppTest's own cost: a rerun of a script that shows one empty text."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(_EMPTY_SCRIPT).run()
    times = []
    for _ in range(max(3, runs)):
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    return summary(times)


# ---------------------------------------------------------------- the naive reference


def naive_reference(url: str, runs: int) -> dict[str, Any]:
    """Overzicht's figures 1, groups and phases and the Fasematrix, the naive way and the app's way.

    Naive: read the snapshot's NCG addresses and IMG claims into pandas (pd.read_sql), classify each
    address and count in Python. App: the pages' own functions over the snapshot's address frame, read
    once before the runs as the app shares it. Both are timed on the same filters and must give the same counts.
    """
    from dashboard.devtools import bench_naive
    from dashboard.store import adresframe

    cycle = filter_cycle(url)
    with db.engine(url).connect() as conn:
        peildatum = max(db.stored_peildata(conn))
        frame = adresframe.lees(conn, peildatum)
        naive_s, app_s, same = [], [], True
        for i in range(max(1, runs)):
            gemeenten = tuple(cycle[i % len(cycle)])
            t0 = time.perf_counter()
            naief = bench_naive.naive(conn, peildatum, gemeenten)
            naive_s.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            app = bench_naive.via_queries(conn, peildatum, gemeenten, frame)
            app_s.append(time.perf_counter() - t0)
            same = same and naief == app
    n, a = summary(naive_s), summary(app_s)
    return {
        "what": "Overzicht (figuur 1, groepen, fasen) and Fasematrix counts; naive = pd.read_sql of ncg_adres and "
        "img_schademelding + pandas; app = the pages' functions over the shared address frame",
        "naive": n,
        "app": a,
        "ratio_p50": round(n["p50_ms"] / a["p50_ms"], 1) if a["p50_ms"] else None,
        "same_counts": same,
    }


# ---------------------------------------------------------------- the whole run


def run(
    scales: list[float],
    backends: list[str],
    runs: int,
    workdir: Path,
    postgres_url: str | None = None,
    seed: int | None = None,
    keep: bool = False,
    naive_runs: int | None = None,
    new_database: Callable[[str, str], str] | None = None,
    measure: bool = True,
    concurrency: int = 0,
    duration: float = 60.0,
    concurrency_backend: str = "sqlite",
    concurrency_pages: tuple[str, ...] = ("fasematrix", "kaart"),
    page_budget: float | None = None,
    pages: list[str] | None = None,
    checkpoint: Callable[[dict[str, Any]], None] | None = None,
    progress: Callable[[str], None] = print,
    ws_runs: int = 0,
    sessions: list[int] | None = None,
    session_duration: float = 60.0,
    session_backends: list[str] | None = None,
    first_start: bool = False,
) -> dict[str, Any]:
    """Generate, load and measure every (scale, backend); returns the JSON-ready result.

    `new_database(backend, tag)` may supply the empty databases (tests pass conftest's factory);
    by default SQLite files go into `workdir` and PostgreSQL databases are created at `postgres_url`.
    `checkpoint(result)` is called after each (scale, backend) with the result so far.
    The headline is the real server over the websocket protocol (bench_ws): with `ws_runs`, every page's
    reruns on each (scale, backend); with `sessions` (e.g. [1, 10, 50]), that many sessions at once for
    `session_duration` seconds on the first scale (on `session_backends`, default all); `first_start`
    times a fresh clone's first start. AppTest's per-page timings (`runs`) are the breakdown.
    """
    from dashboard.store.voorbeeld.generate import DEFAULT_SEED

    seed = DEFAULT_SEED if seed is None else seed
    workdir.mkdir(parents=True, exist_ok=True)
    databases = Databases(workdir, postgres_url, prefix="bench")
    make = new_database or databases.new
    out: dict[str, Any] = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "scales": scales,
            "backends": backends,
            "runs": runs,
            "seed": seed,
            "page_budget_s": page_budget,
            "pages": pages or "all",
            "ws_runs": ws_runs,
            "sessions": sessions or [],
            "session_duration_s": session_duration,
            "session_backends": session_backends or backends,
        },
        "definitions": dict(_DEFINITIONS),
        "results": [],
    }
    if first_start:
        from dashboard.devtools import bench_ws

        progress("first start of a fresh clone (embedded database created and the sample loaded)")
        out["first_start"] = bench_ws.first_start(workdir)
        progress(f"  {out['first_start']}")
    for scale in scales:
        progress(f"scale {scale:g}: generating")
        folder, gen_s = generate_deliveries(scale, seed, workdir)
        todo = list(backends)
        if concurrency and scale == scales[0] and concurrency_backend not in todo:
            todo.append(concurrency_backend)  # loaded for the concurrency run only
        for backend in todo:
            progress(f"scale {scale:g} {backend}: loading")
            url = make(backend, f"s{scale:g}_{backend}")
            entry: dict[str, Any] = {
                "scale": scale,
                "backend": backend,
                "generate_s": gen_s,
                "server": None,
                "load_average_before": load_average(),
            }
            try:
                entry["load"] = load(folder, url)
                entry["server"] = server_version(url)
                level_here = bool(sessions) and scale == scales[0] and backend in (session_backends or backends)
                if backend in backends and (ws_runs or level_here):
                    from dashboard.devtools import bench_ws

                    progress(f"scale {scale:g} {backend}: the real server over its websocket protocol")
                    db.dispose_engines()
                    chosen = [page_name(p) for p in app_pages() if pages is None or page_name(p) in pages]
                    entry["server_ws"] = bench_ws.run(
                        url,
                        workdir,
                        pages=chosen,
                        runs=ws_runs,
                        levels=sessions if level_here else [],
                        duration=session_duration,
                        progress=progress,
                    )
                    if checkpoint:
                        checkpoint({**out, "results": [*out["results"], entry]})
                if measure and backend in backends and runs:
                    progress(f"scale {scale:g} {backend}: pages under AppTest ({runs} runs each)")
                    chosen = [p for p in app_pages() if pages is None or page_name(p) in pages]
                    entry["pages"] = measure_pages(url, runs, chosen, budget=page_budget, progress=progress)
                    progress(f"scale {scale:g} {backend}: naive reference")
                    entry["naive"] = naive_reference(url, naive_runs if naive_runs is not None else max(3, runs // 2))
                if concurrency and scale == scales[0] and backend == concurrency_backend:
                    from dashboard.devtools import bench_concurrency

                    progress(
                        f"scale {scale:g} {backend}: {concurrency} browser sessions for {duration:g} s (cross-check)"
                    )
                    db.dispose_engines()
                    out["concurrency"] = {
                        "scale": scale,
                        "backend": backend,
                        **bench_concurrency.run(
                            url,
                            sessions=concurrency,
                            duration=duration,
                            workdir=workdir,
                            progress=progress,
                            pages=concurrency_pages,
                        ),
                    }
            finally:
                entry["load_average_after"] = load_average()
                if backend in backends:
                    out["results"].append(entry)
                if checkpoint:
                    checkpoint(out)  # what is measured so far survives a later failure
                if not keep and new_database is None:
                    databases.drop(url)
                elif keep:
                    entry["database_url"] = sa.make_url(url).render_as_string(hide_password=True)
    out["finished"] = datetime.now().isoformat(timespec="seconds")
    return out


_DEFINITIONS = {
    "script": "wall time of the script thread's run (app.py + page): queries, transforms, figures, element "
    "serialisation; the server-side rerun",
    "total": "wall time of AppTest.run(): script plus AppTest's own overhead",
    "data": "wall time inside the app's cached data functions (dashboard.app.ui), outermost calls",
    "cpu": "CPU time of the script thread (excludes PostgreSQL's server process and polars' worker threads)",
    "first": "a fresh session switching to the page with empty caches (after one run of the default page)",
    "miss": "rerun after a change of the sidebar's gemeente filter, st.cache_data cleared before each run",
    "hit": "rerun after a change of the sidebar's gemeente filter, every value already cached",
    "apptest_floor": "AppTest.run() of a script that writes one empty text: AppTest's fixed cost per run",
}


# ---------------------------------------------------------------- the table


def table(result: dict[str, Any]) -> str:
    """The result as plain-text tables: load, pages (script p50/p95 on a miss and a hit), naive, concurrency."""
    lines = []
    m = result["machine"]
    lines.append(
        f"machine: {m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}, Streamlit {m['streamlit']}"
    )
    lines.append("")
    lines.extend(ws_table(result))
    lines.append(
        f"{'scale':>5} {'backend':<10} {'load s':>8} {'peak MiB':>9} {'pages MiB':>9} {'cold s':>7} "
        f"{'naive ms':>9} {'app ms':>7} {'ratio':>6}  server"
    )
    for r in result["results"]:
        ld, pg, nv = r.get("load", {}), r.get("pages", {}), r.get("naive", {})
        lines.append(
            f"{r['scale']:>5g} {r['backend']:<10} {_f(ld.get('seconds')):>8} {_f(ld.get('peak_rss_mib')):>9} "
            f"{_f(pg.get('peak_rss_mib')):>9} {_f(pg.get('cold_start_s')):>7} "
            f"{_f((nv.get('naive') or {}).get('p50_ms')):>9} {_f((nv.get('app') or {}).get('p50_ms')):>7} "
            f"{_f(nv.get('ratio_p50')):>6}  {r.get('server') or ''}"
        )
    lines.append("")
    lines.append(
        "per page, milliseconds (first = a fresh session's first view, worst; miss/hit = rerun after a filter "
        "change; script = server-side rerun; cpu = its thread's CPU; data = cached data functions; "
        "total = with AppTest; n = miss runs)"
    )
    head = (
        f"{'scale':>5} {'backend':<10} {'page':<14} {'first':>7} {'miss p50':>9} {'miss p95':>9} {'cpu p50':>8} "
        f"{'data p50':>9} {'total p95':>10} {'hit p50':>8} {'hit p95':>8} {'n':>3}  problems"
    )
    lines.append(head)
    for r in result["results"]:
        for name, p in (r.get("pages") or {}).get("pages", {}).items():
            lines.append(
                f"{r['scale']:>5g} {r['backend']:<10} {name:<14} {_f(p['first']['script']['max_ms']):>7} "
                f"{_f(p['miss']['script']['p50_ms']):>9} {_f(p['miss']['script']['p95_ms']):>9} "
                f"{_f(p['miss']['cpu']['p50_ms']):>8} "
                f"{_f(p['miss']['data']['p50_ms']):>9} {_f(p['miss']['total']['p95_ms']):>10} "
                f"{_f(p['hit']['script']['p50_ms']):>8} {_f(p['hit']['script']['p95_ms']):>8} "
                f"{p['miss']['script']['n']:>3}  {len(p['problems']) or ''}"
            )
        floor = (r.get("pages") or {}).get("apptest_floor")
        if floor:
            lines.append(
                f"{r['scale']:>5g} {r['backend']:<10} (AppTest floor: empty script, total p50 {_f(floor['p50_ms'])} ms)"
            )
    conc = result.get("concurrency")
    if conc:
        lines.append("")
        lines.append(_concurrency_lines(conc))
    return "\n".join(lines)


def ws_table(result: dict[str, Any]) -> list[str]:
    """The headline: the real server over its websocket protocol (client latency, server script time, bytes)."""
    lines: list[str] = []
    fs = result.get("first_start")
    if fs:
        problems = ", " + "; ".join(fs["problems"]) if fs["problems"] else ""
        lines += [
            f"first start of a fresh clone: server up in {fs['server_up_s']} s, then the first page in "
            f"{fs['first_page_s']} s ({fs['status']}{problems})",
            "",
        ]
    rows = [(r, r.get("server_ws")) for r in result["results"] if r.get("server_ws")]
    if not rows:
        return lines
    lines.append(
        "real server (streamlit run, websocket client), rerun after a new gemeente selection "
        "(cache miss), ms; client = send until script_finished, server = script run incl. post-script GC"
    )
    lines.append(
        f"{'scale':>5} {'backend':<10} {'page':<14} {'first':>7} {'client p50':>10} {'client p95':>10} "
        f"{'server p50':>10} {'server p95':>10} {'KB/rerun':>9}  problems"
    )
    for r, ws in rows:
        for name, p in (ws.get("pages") or {}).items():
            kb = (p["bytes"].get("mean") or 0) / 1024
            lines.append(
                f"{r['scale']:>5g} {r['backend']:<10} {name:<14} {_f(p['first']):>7} "
                f"{_f(p['client'].get('p50')):>10} {_f(p['client'].get('p95')):>10} "
                f"{_f(p['server'].get('p50')):>10} {_f(p['server'].get('p95')):>10} "
                f"{kb:>9.0f}  {'; '.join(p['problems'])[:80]}"
            )
    lines.append("")
    lines.append(
        f"{'scale':>5} {'backend':<10} {'sessions':>8} {'reruns':>7} {'per s':>6} {'client p50':>10} "
        f"{'client p95':>10} {'server p50':>10} {'server p95':>10} {'KB/rerun':>9} {'errors':>7} "
        f"{'RSS max MiB':>11}"
    )
    for r, ws in rows:
        for n, lv in (ws.get("levels") or {}).items():
            e = lv["errors"]
            errs = e["exceptions"] + e["timeouts"] + e["failed_sessions"] + e["not_ok"]
            lines.append(
                f"{r['scale']:>5g} {r['backend']:<10} {n:>8} {lv['reruns']:>7} {lv['reruns_per_s']:>6} "
                f"{_f(lv['client'].get('p50')):>10} {_f(lv['client'].get('p95')):>10} "
                f"{_f(lv['server'].get('p50')):>10} {_f(lv['server'].get('p95')):>10} "
                f"{(lv['bytes'].get('mean') or 0) / 1024:>9.0f} {errs:>7} "
                f"{_f(lv.get('memory_mib_now')):>11}"
            )
        mem = ws.get("memory_mib") or {}
        lines.append(
            f"{r['scale']:>5g} {r['backend']:<10} server RSS start {_f(mem.get('start'))} MiB, "
            f"max {_f(mem.get('max'))} MiB, end {_f(mem.get('end'))} MiB"
        )
    lines.append("")
    lines.append("AppTest breakdown (no server, no post-script GC):")
    return lines


def markdown(result: dict[str, Any]) -> str:
    """The per-page figures as a Markdown table (script time of a rerun after a filter change, ms), for the README."""
    rows = [
        "| scale | backend | page | first view | miss p50 | miss p95 | miss CPU p50 | data p50 | hit p50 | hit p95 |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["results"]:
        for name, p in (r.get("pages") or {}).get("pages", {}).items():
            rows.append(
                f"| {r['scale']:g} | {r['backend']} | {name} | {_ms(p['first']['script']['max_ms'])} | "
                f"{_ms(p['miss']['script']['p50_ms'])} | {_ms(p['miss']['script']['p95_ms'])} | "
                f"{_ms(p['miss']['cpu']['p50_ms'])} | {_ms(p['miss']['data']['p50_ms'])} | "
                f"{_ms(p['hit']['script']['p50_ms'])} | {_ms(p['hit']['script']['p95_ms'])} |"
            )
    return "\n".join(rows)


def _ms(x: float | None) -> str:
    return "-" if x is None else f"{x:.0f}"


def _concurrency_lines(c: dict[str, Any]) -> str:
    if c.get("error"):
        return f"concurrency: not run: {c['error']}"
    rr = c["rerun"]
    mem = c["server_memory_mib"]
    cpu = c.get("cpu_during_changes_s") or {}
    return (
        f"concurrency: {c['sessions']} sessions x {c['duration_s']:g} s on {c['pages']} ({c['backend']}, "
        f"scale {c['scale']:g}): server on cores {_f((c.get('cores') or {}).get('server'))}, "
        f"browsers on {_f((c.get('cores') or {}).get('browser'))}; "
        f"{rr['n']} filter changes, in the browser rerun p50 {_f(rr['p50_ms'])} ms, p95 {_f(rr['p95_ms'])} ms, "
        f"max {_f(rr['max_ms'])} ms; {_server_line(c.get('server_rerun'))}"
        f"first view p50 {_f(c['first_render']['p50_ms'])} ms; app errors {c['errors']['total']} "
        f"(exception boxes {c['errors']['exception_boxes']}, page errors {c['errors']['page_errors']}), "
        f"harness timeouts {c['errors']['timeouts']}, stopped sessions {c['errors']['session_failures']}; "
        f"server RSS start {_f(mem['start'])} MiB, max {_f(mem['max'])} MiB, end {_f(mem['end'])} MiB; "
        f"CPU during the changes: server {_f(cpu.get('server'))} s, browser {_f(cpu.get('browser'))} s "
        f"in {_f(cpu.get('wall'))} s on {cpu.get('cores')} cores"
    )


def _server_line(sr: dict[str, Any] | None) -> str:
    if not sr or not sr.get("n"):
        return "no server-side runs recorded; "
    return (
        f"in the server {sr['n']} script runs, p50 {_f(sr['p50_ms'])} ms, p95 {_f(sr['p95_ms'])} ms, "
        f"max {_f(sr['max_ms'])} ms; "
    )


def _f(x: Any) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.1f}" if abs(x) < 1000 else f"{x:.0f}"
    return str(x)


def write(result: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")


def postgres_from_services() -> str | None:
    """The URL `.ci/services.sh` prints (installs and starts PostgreSQL when root), or None."""
    script = ROOT / ".ci" / "services.sh"
    if not script.is_file():
        return None
    done = subprocess.run(["bash", str(script)], capture_output=True, text=True, check=False)
    url = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    return url if url.startswith("postgresql") else None


def config_check() -> None:
    if not APP.is_file():
        raise RuntimeError(f"the benchmark runs the app from a checkout; {APP} not found")
