"""The benchmark's concurrency run: N browser sessions changing filters against one `streamlit run` server.

One headless Chromium (Debian's) with N pages, each in a context of its own (so a session of its
own), half on Fasematrix and half on Kaart. The sessions open one after the other; then, all at
once, each repeats until the time is up: pick a gemeente in the sidebar, toggle the page's flag
filter (pills), remove the gemeente, toggle the flag back. A rerun is timed in the browser, from
just before the click until the app reports its script run finished (the `data-test-script-state`
of the app root going to `notRunning` after `running`, watched by a MutationObserver, not polled),
and the new value must show (the page caption names the chosen gemeente); the status widget is gone
by then. Exception boxes and page errors are counted; the server's resident memory is sampled from
/proc every half second, and the CPU time of the server and of the browser (with Playwright's
driver) are read from /proc, as both share the machine's cores.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from pathlib import Path
from typing import Any

from dashboard.devtools import chromium as chromium_helper
from dashboard.devtools.bench import summary
from dashboard.devtools.loadgen import RUNHOOK, server_runs
from dashboard.devtools.serve import rss_mib, streamlit_app

PAGES = ("fasematrix", "kaart")
GEMEENTE = "Groningen"
KENMERK = "Urgent (IMG)"

# Records every change of the app root's script state with its time (performance.now()).
_OBSERVER = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__states = [[performance.now(), app.getAttribute('data-test-script-state')]];
  new MutationObserver(() => window.__states.push([performance.now(), app.getAttribute('data-test-script-state')]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  return performance.now();
}
"""
# Resolves once the app has run its script after t0 and is idle again (no polling: a MutationObserver),
# with the milliseconds from t0 to that moment.
_RUN_DONE = """
(t0) => new Promise((resolve) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const finished = () => {
    const s = window.__states || [];
    const ran = s.some(([t, v]) => t >= t0 && v === 'running');
    const idle = s.filter(([t, v]) => t >= t0 && v === 'notRunning');
    return ran && app.getAttribute('data-test-script-state') === 'notRunning' && idle.length
      ? idle[idle.length - 1][0] - t0 : null;
  };
  const now = finished();
  if (now !== null) return resolve(now);
  const watch = new MutationObserver(() => {
    const ms = finished();
    if (ms !== null) { watch.disconnect(); resolve(ms); }
  });
  watch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
})
"""


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time a process has used so far (/proc/<pid>/stat), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (children, their children, ...), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def browser_cpu_seconds(server_pid: int) -> float:
    """CPU used so far by this process's descendants other than the server: Playwright and Chromium."""
    return sum(cpu_seconds(p) or 0.0 for p in descendants(os.getpid()) if p != server_pid)


class MemorySampler(threading.Thread):
    """The server's VmRSS every `interval` seconds, until stopped."""

    def __init__(self, pid: int, interval: float = 0.5):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[float] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            value = rss_mib(self.pid)
            if value is not None:
                self.samples.append(value)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)


def run(
    url: str,
    sessions: int = 20,
    duration: float = 60.0,
    workdir: Path = Path("bench/work"),
    progress=print,
    pages: tuple[str, ...] = PAGES,
    pin: bool = True,
) -> dict[str, Any]:
    """Serve the app on `url` and drive `sessions` browser sessions for `duration` seconds, spread over `pages`."""
    chromium = chromium_helper.path()
    if chromium is None:
        return {"error": chromium_helper.MISSING}
    cpu: dict[str, float] = {}
    # The run hook (devtools/runhook) on the server's PYTHONPATH logs each script run's wall and CPU time.
    workdir.mkdir(parents=True, exist_ok=True)
    runlog = workdir / "server_runs.jsonl"
    runlog.unlink(missing_ok=True)
    env = {
        "DASHBOARD_BENCH_RUNLOG": str(runlog),
        "PYTHONPATH": os.pathsep.join(p for p in (str(RUNHOOK), os.environ.get("PYTHONPATH", "")) if p),
    }
    # Users' browsers do not run on the server. With `pin` (and 2+ cores) the server gets core 0 and this
    # process, Playwright and Chromium the others (children inherit the affinity they are started with),
    # so the sessions' drawing does not take the server's CPU.
    cores = sorted(os.sched_getaffinity(0))
    pinned = pin and len(cores) >= 2
    if pinned:
        os.sched_setaffinity(0, cores[:1])
    try:
        server_context = streamlit_app(url, workdir, args=("--server.address", "127.0.0.1"), env=env, timeout=120)
        server = server_context.__enter__()
    finally:
        if pinned:
            os.sched_setaffinity(0, cores[1:])
    with contextlib.ExitStack() as stack:
        stack.push(server_context)
        pid = server.proc.pid
        sampler = MemorySampler(pid)
        start_rss = rss_mib(pid)
        sampler.start()

        def mark(name: str) -> None:
            cpu[f"epoch_{name}"] = time.time()
            cpu[f"server_{name}"] = cpu_seconds(pid) or 0.0
            cpu[f"browser_{name}"] = browser_cpu_seconds(pid)
            cpu[f"wall_{name}"] = time.monotonic()

        try:
            outcome = asyncio.run(_drive(server.base, chromium, sessions, duration, progress, mark, pages))
        finally:
            sampler.stop()
            end_rss = rss_mib(pid)
            os.sched_setaffinity(0, cores)
    reruns = [r for s in outcome["sessions"] for r in s["reruns"]]
    runs = [(r["wall"], r["cpu"]) for r in server_runs(runlog, cpu.get("epoch_open", 0.0), cpu.get("epoch_done", 0.0))]
    per_page = {
        p: summary([r["seconds"] for s in outcome["sessions"] if s["page"] == p for r in s["reruns"]]) for p in pages
    }
    # App errors (what a user would see go wrong) apart from the harness waiting longer than 60 s on a
    # page that was still busy (timeouts, sessions that stopped on such a wait).
    errors = {
        "exception_boxes": sum(s["exception_boxes"] for s in outcome["sessions"]),
        "page_errors": sum(len(s["page_errors"]) for s in outcome["sessions"]),
        "wrong_value": sum(s["wrong_value"] for s in outcome["sessions"]),
    }
    errors["total"] = sum(errors.values())
    errors["timeouts"] = sum(s["timeouts"] for s in outcome["sessions"])
    errors["session_failures"] = sum(1 for s in outcome["sessions"] if s["failure"])
    return {
        "sessions": sessions,
        "duration_s": duration,
        "pages": ", ".join(pages),
        "actions": f"sidebar gemeente {GEMEENTE} on/off and the flag filter '{KENMERK}' on/off, in turn",
        "measured": "in the browser: from just before the click until the app root's script state is notRunning "
        "after running (status widget gone)",
        "cores": {"server": cores[:1] if pinned else cores, "browser": cores[1:] if pinned else cores},
        "server_rerun": summary([w for w, _ in runs]),
        "server_rerun_cpu": summary([c for _, c in runs]),
        "server_measured": "in the server: wall and CPU time of each script run (the script thread) that ended "
        "during the filter changes; the server-side rerun, without the browser's drawing",
        "first_render": summary([s["first_render_s"] for s in outcome["sessions"] if s["first_render_s"] is not None]),
        "rerun": summary([r["seconds"] for r in reruns]),
        "rerun_per_page": per_page,
        "errors": errors,
        "error_samples": sorted({e for s in outcome["sessions"] for e in s["page_errors"] + s["failure_text"]})[:10],
        "server_memory_mib": {
            "start": start_rss,
            "max": max(sampler.samples) if sampler.samples else None,
            "end": end_rss,
            "samples": len(sampler.samples),
        },
        "server_log": str(server.log),
        "cpu_during_changes_s": _cpu_use(cpu, "open", "done"),
        "cpu_while_opening_s": _cpu_use(cpu, "start", "open"),
    }


def _cpu_use(cpu: dict[str, float], a: str, b: str) -> dict[str, float] | None:
    """CPU seconds of the server and of the browser between two marks, with the wall time between them."""
    if f"wall_{a}" not in cpu or f"wall_{b}" not in cpu:
        return None
    return {
        "wall": round(cpu[f"wall_{b}"] - cpu[f"wall_{a}"], 1),
        "server": round(cpu[f"server_{b}"] - cpu[f"server_{a}"], 1),
        "browser": round(cpu[f"browser_{b}"] - cpu[f"browser_{a}"], 1),
        "cores": os.cpu_count(),
    }


async def _drive(
    base: str, chromium: str, sessions: int, duration: float, progress, mark, pages: tuple[str, ...]
) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await chromium_helper.launch(p, chromium)
        try:
            # The sessions open one after the other (as people arrive; the first fills the caches);
            # the timed minute of filter changes starts once all are open, all N at work together.
            results = [_new_result(pages[i % len(pages)]) for i in range(sessions)]
            mark("start")
            tabs = [await _open(browser, base, r) for r in results]
            progress(f"  {sum(1 for t in tabs if t)} of {sessions} sessions open; changing filters for {duration:g} s")
            mark("open")
            deadline = time.monotonic() + duration
            await asyncio.gather(*(_work(t, r, deadline) for t, r in zip(tabs, results) if t))
            mark("done")
            for t in tabs:
                if t:
                    await t.context.close()
        finally:
            await browser.close()
    progress(f"  {sum(len(r['reruns']) for r in results)} reruns in {sessions} sessions")
    return {"sessions": results}


def _new_result(page_name: str) -> dict[str, Any]:
    return {
        "page": page_name,
        "reruns": [],
        "page_errors": [],
        "exception_boxes": 0,
        "timeouts": 0,
        "wrong_value": 0,
        "failure": False,
        "failure_text": [],
        "first_render_s": None,
    }


async def _open(browser, base: str, out: dict[str, Any]):
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(60_000)  # a busy 2-core machine: clicks wait for a page that is still drawing
    page = await context.new_page()
    page.on("pageerror", lambda exc: out["page_errors"].append(str(exc)[:200]))
    try:
        t0 = time.monotonic()
        await page.goto(f"{base}/{out['page']}", wait_until="domcontentloaded", timeout=180_000)
        await page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=180_000)
        await (
            page.get_by_test_id("stSidebar")
            .get_by_test_id("stMultiSelect")
            .filter(has_text="Gemeente")
            .wait_for(timeout=180_000)
        )
        out["first_render_s"] = time.monotonic() - t0
        await page.evaluate(_OBSERVER)
        return page
    except Exception as exc:  # noqa: BLE001  (a session that breaks is a result, not a crash of the run)
        out["failure"] = True
        out["failure_text"].append(f"open: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
        await context.close()
        return None


async def _work(page, out: dict[str, Any], deadline: float) -> None:
    step = 0
    try:
        while time.monotonic() < deadline:
            await _step(page, step, out)
            step += 1
    except Exception as exc:  # noqa: BLE001  (likewise: recorded in the session's result)
        out["failure"] = True
        out["failure_text"].append(f"step {step}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")


async def _step(page, step: int, out: dict[str, Any]) -> None:
    multiselect = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text="Gemeente")
    kind = step % 4
    t0 = await page.evaluate("performance.now()")
    if kind == 0:
        await multiselect.click()
        await page.get_by_role("option", name=GEMEENTE, exact=True).click()
        verwacht = f"gemeente: {GEMEENTE}"
    elif kind == 2:
        await multiselect.get_by_role("button", name=f"Remove {GEMEENTE}").click()
        verwacht = "gemeente: alle"
    else:
        await page.get_by_role("button", name=KENMERK, exact=True).first.click()
        verwacht = None
    try:
        ms = await asyncio.wait_for(page.evaluate(_RUN_DONE, t0), timeout=60)
    except TimeoutError:
        out["timeouts"] += 1
        return
    if kind in (0, 2):
        await page.keyboard.press("Escape")
    if verwacht and not await page.get_by_text(verwacht, exact=False).first.is_visible():
        out["wrong_value"] += 1
    out["reruns"].append({"kind": ("gemeente", "kenmerk", "gemeente", "kenmerk")[kind], "seconds": (ms or 0) / 1000})
    if await page.get_by_test_id("stException").count():
        out["exception_boxes"] += 1
