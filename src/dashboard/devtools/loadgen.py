"""The load generator: N browserless sessions changing the sidebar's gemeente filter on a real server.

Each session opens a page (sessions take the pages in turn), optionally switches the demo role, and
then reruns with a new gemeente selection each time until its reruns or the time are used up. The
selections come from one shared sequence of gemeente subsets (one gemeente, then pairs, then
triples, ...), so every change is a selection the server has not seen before (a cache miss for
everything keyed on the filters) until the sequence runs out and starts again.

Measured per rerun on the client: latency (send until `script_finished`), bytes and messages; on
the server, with the run hook (devtools/runhook) on the server's PYTHONPATH: each script run's wall,
CPU and GC time; from /proc: every server's resident memory over time. Serve the app yourself with
`serve_app` (the hook included) or point `drive` at any server, e.g. the load balancer.

Why over 400 lines: the sessions, the selection sequence, the server's run log and memory sampling and the
summary are one measurement (`run`), and the benchmark, the GC comparison, the scale-out run and the
concurrency test all drive it; split, each would import the other parts anyway.

    python -m dashboard.devtools.loadgen --database sqlite:///data/dossiers.sqlite --sessions 10 --duration 60
    python -m dashboard.devtools.loadgen --base http://127.0.0.1:8080 --pid 1234 --pid 1235 ...
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from dashboard.devtools.serve import Server, rss_mib, streamlit_app
from dashboard.devtools.stclient import Rerun, RerunTimeout, Session

PAGES = ("fasematrix", "kaart", "kandidaten", "overzicht")
ROLE_LABEL = {"beheerder": "Beheerder", "kernteam": "Kernteam", "manager": "Manager", "stuurgroep": "Stuurgroep"}
RUNHOOK = Path(__file__).resolve().parent / "runhook"


# ---------------------------------------------------------------- measuring tools


def summary(values: Sequence[float], scale: float = 1000.0) -> dict[str, Any]:
    """n, p50, p95, mean and max (in milliseconds by default; scale=1 keeps the unit)."""
    xs = sorted(values)
    if not xs:
        return {"n": 0}

    def pct(q: float) -> float:
        k = (len(xs) - 1) * q
        lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
        return (xs[lo] + (xs[hi] - xs[lo]) * (k - lo)) * scale

    return {
        "n": len(xs),
        "p50": round(pct(0.5), 1),
        "p95": round(pct(0.95), 1),
        "mean": round(sum(xs) / len(xs) * scale, 1),
        "max": round(xs[-1] * scale, 1),
    }


class MemoryTimeline(threading.Thread):
    """Every `interval` seconds, each server's VmRSS (MiB): [seconds since start, rss per pid...]."""

    def __init__(self, pids: Sequence[int], interval: float = 1.0):
        super().__init__(daemon=True)
        self.pids, self.interval = list(pids), interval
        self.samples: list[list[float | None]] = []
        self._stop_event = threading.Event()
        self._t0 = time.monotonic()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.samples.append([round(time.monotonic() - self._t0, 1), *(rss_mib(p) for p in self.pids)])
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)

    def report(self) -> dict[str, Any]:
        """Per server: start, max and end RSS in MiB (the sum too with more than one)."""
        out: dict[str, Any] = {}
        cols = [[s[i + 1] for s in self.samples if s[i + 1] is not None] for i in range(len(self.pids))]
        for pid, col in zip(self.pids, cols):
            out[str(pid)] = {"start": col[0], "max": max(col), "end": col[-1]} if col else None
        return out


def server_runs(runlog: Path | None, start: float, end: float) -> list[dict[str, Any]]:
    """The run hook's script runs that ended between two time.time() marks."""
    if runlog is None or not runlog.is_file():
        return []
    runs = []
    for line in runlog.read_text().splitlines():
        with contextlib.suppress(ValueError):
            run = json.loads(line)
            if start <= run["end"] <= end:
                runs.append(run)
    return runs


# ---------------------------------------------------------------- the app under load


@contextlib.contextmanager
def serve_app(
    database_url: str,
    workdir: Path,
    args: Sequence[str] = (),
    env: dict[str, str] | None = None,
    port: int | None = None,
    app: Path | None = None,
) -> Iterator[tuple[Server, Path]]:
    """`streamlit run` on `database_url` with the run hook; yields the server and its run log."""
    workdir.mkdir(parents=True, exist_ok=True)
    runlog = workdir / f"runs-{os.getpid()}-{time.monotonic_ns()}.jsonl"
    hook_env = {
        "DASHBOARD_BENCH_RUNLOG": str(runlog),
        "PYTHONPATH": os.pathsep.join(p for p in (str(RUNHOOK), os.environ.get("PYTHONPATH", "")) if p),
    }
    kwargs = {"app": app} if app else {}
    with streamlit_app(
        database_url,
        workdir,
        args=("--server.address", "127.0.0.1", *args),
        env={**hook_env, **(env or {})},
        port=port,
        timeout=180,
        **kwargs,
    ) as server:
        yield server, runlog


def sample_database(workdir: Path) -> str:
    """The bundled sample (both snapshots) in `workdir/sample.sqlite`, loaded the first time."""
    from dashboard.devtools.serve import ROOT
    from dashboard.store import db
    from dashboard.store.loader import load_deliveries

    path = workdir / "sample.sqlite"
    url = f"sqlite:///{path.resolve()}"
    if not (workdir / "sample.sqlite.done").is_file():
        workdir.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        load_deliveries(ROOT / "sample_data", db.engine(url))
        db.dispose_engines()
        (workdir / "sample.sqlite.done").write_text("loaded\n")
    return url


class Selections:
    """One shared sequence of filter selections, each new until it runs out (then it starts again).

    A selection is a non-empty set of gemeenten with a set of programma's (empty: all); every gemeente
    subset comes first with all programma's, then again with each programma subset. The sample has 5
    gemeenten and 3 programma's: 31 x 8 = 248 selections before one repeats.
    """

    def __init__(self, gemeenten: Sequence[str], programmas: Sequence[str] = ()):
        self.gemeenten, self.programmas = list(gemeenten), list(programmas)
        self.used = 0
        self._it = self._fresh()

    @staticmethod
    def _subsets(options: list[str], empty: bool) -> list[list[str]]:
        return [list(c) for k in range(0 if empty else 1, len(options) + 1) for c in itertools.combinations(options, k)]

    def _fresh(self) -> Iterator[tuple[list[str], list[str]]]:
        for programmas in self._subsets(self.programmas, empty=True):
            for gemeenten in self._subsets(self.gemeenten, empty=False):
                yield gemeenten, programmas

    @property
    def size(self) -> int:
        return (2 ** len(self.gemeenten) - 1) * 2 ** len(self.programmas)

    def next(self) -> tuple[list[str], list[str], bool]:
        """The next gemeenten and programma's, and whether the pair is new to the server."""
        self.used += 1
        try:
            g, p = next(self._it)
        except StopIteration:
            self._it = self._fresh()
            g, p = next(self._it)
        return g, p, self.used <= self.size


async def _session(
    base: str,
    page: str,
    role: str,
    selections: Callable[[Session], tuple[list[str], list[str], bool]],
    until: Callable[[int], bool],
    timeout: float,
    think: float,
    out: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> None:
    reruns: list[Rerun] = out["reruns"]
    try:
        s = await Session.connect(base, headers=headers)
    except Exception as exc:  # noqa: BLE001  (a session that cannot connect is a result, not a crash of the run)
        out["failures"].append(f"connect: {type(exc).__name__}: {exc}"[:300])
        return
    try:
        r = await s.rerun(page=page, kind="open", timeout=timeout)
        reruns.append(r)
        if "f_gemeenten" not in s.widgets:
            raise RuntimeError(
                f"{page} opened without the gemeente filter ({r.status}, {r.elements} elements, "
                f"exceptions {r.exceptions}, alerts {r.alerts})"
            )
        if role != "beheerder" and "demo_rol" in s.widgets:
            s.set_option("demo_rol", ROLE_LABEL[role])
            reruns.append(await s.rerun(kind="role", timeout=timeout))
        done = 0
        while until(done):
            gemeenten, programmas, fresh = selections(s)
            s.set("f_gemeenten", gemeenten)
            if "f_programmas" in s.widgets:
                s.set("f_programmas", programmas)
            r = await s.rerun(timeout=timeout)
            r.kind = "change" if fresh else "change_seen"
            reruns.append(r)
            done += 1
            if think:
                await asyncio.sleep(think)
    except RerunTimeout as exc:
        out["timeouts"] += 1
        out["failures"].append(f"{page}: {exc}")
    except Exception as exc:  # noqa: BLE001  (a session that breaks is a result, not a crash of the run)
        out["failures"].append(f"{page}: {type(exc).__name__}: {exc}"[:300])
    finally:
        out["session_id"] = s.session_id
        out["page_hashes"] = dict(s.pages)
        with contextlib.suppress(Exception):
            await s.close()


async def drive_async(
    base: str,
    sessions: int,
    pages: Sequence[str] = PAGES,
    *,
    reruns: int | None = None,
    duration: float | None = None,
    role: str = "beheerder",
    timeout: float = 60.0,
    think: float = 0.0,
    stagger: float = 0.0,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """N sessions at once against `base`; each does `reruns` changes or changes until `duration` is up."""
    state: dict[str, Selections] = {}

    def selections(s: Session) -> tuple[list[str], list[str], bool]:
        if "s" not in state:
            progs = s.widgets["f_programmas"].options if "f_programmas" in s.widgets else []
            state["s"] = Selections(s.widget("f_gemeenten").options, progs)
        return state["s"].next()

    deadline = time.monotonic() + duration if duration else None

    def until(done: int) -> bool:
        if reruns is not None and done >= reruns:
            return False
        return deadline is None or time.monotonic() < deadline

    results = [{"page": pages[i % len(pages)], "reruns": [], "timeouts": 0, "failures": []} for i in range(sessions)]

    async def staggered(i: int, r: dict[str, Any]) -> None:
        await asyncio.sleep(i * stagger)
        await _session(base, r["page"], role, selections, until, timeout, think, r, headers)

    t0 = time.time()
    await asyncio.gather(*(staggered(i, r) for i, r in enumerate(results)))
    return {
        "started": t0,
        "ended": time.time(),
        "sessions": results,
        "selections_used": state["s"].used if "s" in state else 0,
        "selections_fresh": state["s"].size if "s" in state else 0,
    }


def run(coro):
    """asyncio.run, also where an event loop already runs in this thread (Playwright's sync API in the same
    test session keeps one): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    uitkomst: dict[str, Any] = {}

    def in_thread() -> None:
        try:
            uitkomst["waarde"] = asyncio.run(coro)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            uitkomst["fout"] = exc

    t = threading.Thread(target=in_thread, name="loadgen")
    t.start()
    t.join()
    if "fout" in uitkomst:
        raise uitkomst["fout"]
    return uitkomst["waarde"]


def drive(base: str, sessions: int, pages: Sequence[str] = PAGES, **kwargs: Any) -> dict[str, Any]:
    return run(drive_async(base, sessions, pages, **kwargs))


def summarise(
    outcome: dict[str, Any],
    runlogs: Sequence[Path] = (),
    memory: MemoryTimeline | None = None,
    change_window: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """Client latency, bytes and server script time per page and overall, errors, throughput, memory."""
    sessions = outcome["sessions"]
    changes = [(s["page"], r) for s in sessions for r in s["reruns"] if r.kind.startswith("change")]
    opens = [r for s in sessions for r in s["reruns"] if r.kind == "open"]
    start, end = change_window or (outcome["started"], outcome["ended"])
    # Reruns per second over the time the sessions were changing filters (after their first open).
    first_change = min((r.started for _, r in changes), default=start)
    last_end = max((r.started + r.seconds for _, r in changes), default=end)
    span = max(last_end - first_change, 1e-9)
    hash_to_page = {h: s["page"] for s in sessions for p, h in s.get("page_hashes", {}).items() if p == s["page"]}
    session_page = {s.get("session_id"): s["page"] for s in sessions}
    runs = [r for log in runlogs for r in server_runs(log, first_change, last_end + 1)]
    per_page: dict[str, Any] = {}
    for page in dict.fromkeys(s["page"] for s in sessions):
        rs = [r for p, r in changes if p == page]
        fresh = [r for r in rs if r.kind == "change"]
        srv = [x for x in runs if session_page.get(x["session"]) == page or hash_to_page.get(x["page"]) == page]
        per_page[page] = {
            "client": summary([r.seconds for r in rs]),
            "client_miss": summary([r.seconds for r in fresh]),
            "server": summary([x["wall"] for x in srv]),
            "server_cpu": summary([x["cpu"] for x in srv]),
            "server_gc": summary([x["gc"] for x in srv]),
            "bytes": summary([r.bytes for r in rs], scale=1),
        }
    errors = {
        "exceptions": sum(len(r.exceptions) for _, r in changes) + sum(len(r.exceptions) for r in opens),
        "error_alerts": sum(len(r.errors) for s in sessions for r in s["reruns"]),
        "timeouts": sum(s["timeouts"] for s in sessions),
        "failed_sessions": sum(1 for s in sessions if s["failures"]),
        "not_ok": sum(1 for s in sessions for r in s["reruns"] if r.status != "ok"),
    }
    samples = sorted(
        {e for s in sessions for e in s["failures"]}
        | {e for s in sessions for r in s["reruns"] for e in r.exceptions + r.errors}
    )[:10]
    out = {
        "sessions": len(sessions),
        "reruns": len(changes),
        "reruns_per_s": round(len(changes) / span, 2),
        "seconds": round(span, 1),
        "open": summary([r.seconds for r in opens]),
        "client": summary([r.seconds for _, r in changes]),
        "server": summary([x["wall"] for x in runs]),
        "server_cpu": summary([x["cpu"] for x in runs]),
        "server_gc": summary([x["gc"] for x in runs]),
        "bytes": summary([r.bytes for _, r in changes], scale=1),
        "per_page": per_page,
        "errors": errors,
        "error_samples": samples,
        "fresh_selections": f"{min(outcome['selections_used'], outcome['selections_fresh'])} of "
        f"{outcome['selections_used']} changes were a selection new to the server",
    }
    if memory is not None:
        out["memory_mib"] = memory.report()
    return out


def errors_total(result: dict[str, Any]) -> int:
    e = result["errors"]
    return e["exceptions"] + e["timeouts"] + e["failed_sessions"] + e["not_ok"]


# ---------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.devtools.loadgen", description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--database",
        help="serve the app on this database URL (with the run hook); `sample`: the "
        "bundled sample in an SQLite file under --workdir (loaded once)",
    )
    where.add_argument("--base", help="drive a running server or load balancer, e.g. http://127.0.0.1:8080")
    parser.add_argument(
        "--pid", type=int, action="append", default=[], help="a server's pid to sample RSS of (with --base)"
    )
    parser.add_argument(
        "--runlog", type=Path, action="append", default=[], help="a server's run-hook log (with --base)"
    )
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--duration", type=float, help="seconds of filter changes (default: --reruns)")
    parser.add_argument("--reruns", type=int, help="filter changes per session")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--role", default="beheerder", choices=list(ROLE_LABEL))
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=0.0, help="seconds a session waits between its reruns")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between RSS samples")
    parser.add_argument(
        "--server-arg",
        action="append",
        default=[],
        help="extra `streamlit run` argument, e.g. --server-arg=--runner.postScriptGC=false",
    )
    parser.add_argument("--workdir", type=Path, default=Path("bench/work"))
    parser.add_argument("--out", type=Path, help="write the result (with the RSS timeline) as JSON")
    args = parser.parse_args(argv)
    if args.duration is None and args.reruns is None:
        args.reruns = 5
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    kwargs = {
        "reruns": args.reruns,
        "duration": args.duration,
        "role": args.role,
        "timeout": args.timeout,
        "think": args.think,
    }

    def run(base: str, pids: list[int], runlogs: list[Path]) -> dict[str, Any]:
        memory = MemoryTimeline(pids, args.interval)
        memory.start()
        try:
            outcome = drive(base, args.sessions, pages, **kwargs)
        finally:
            memory.stop()
        result = summarise(outcome, runlogs, memory)
        result["rss_timeline"] = {"interval_s": args.interval, "pids": pids, "samples": memory.samples}
        return result

    if args.database == "sample":
        args.database = sample_database(args.workdir)
    if args.database:
        with serve_app(args.database, args.workdir, args=args.server_arg) as (server, runlog):
            result = run(server.base, [server.proc.pid], [runlog])
    else:
        result = run(args.base, args.pid, args.runlog)
    result["settings"] = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}
    timeline = result.pop("rss_timeline")
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({**result, "rss_timeline": timeline}, indent=1, ensure_ascii=False) + "\n")
    return 1 if errors_total(result) else 0


if __name__ == "__main__":
    sys.exit(main())
