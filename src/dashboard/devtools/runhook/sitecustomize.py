"""Loaded at start-up by a server started with this folder on PYTHONPATH (the benchmark's servers only).

Appends one JSON line per script run to DASHBOARD_BENCH_RUNLOG: when it ended, its wall and CPU time
in the script thread (dashboard.app.streamlit_compat.wrap_script_runs: the whole run, with Streamlit's
post-script gc.collect when [runner] postScriptGC is on), the garbage collector's pauses in that
thread during the run, the session id and the page's script hash. The app itself is unchanged.
"""

import gc
import json
import os
import threading
import time

_log = os.environ.get("DASHBOARD_BENCH_RUNLOG")
if _log:
    _local = threading.local()
    _lock = threading.Lock()

    def _gc_timer(phase, info):
        if phase == "start":
            _local.gc_start = time.perf_counter()
        elif getattr(_local, "gc_start", None) is not None:
            _local.gc_total = getattr(_local, "gc_total", 0.0) + time.perf_counter() - _local.gc_start
            if info.get("generation") == 2:
                _local.gc_full = getattr(_local, "gc_full", 0.0) + time.perf_counter() - _local.gc_start
            _local.gc_start = None

    gc.callbacks.append(_gc_timer)

    from dashboard.app.streamlit_compat import wrap_script_runs

    def _timed(run, session, page):
        _local.gc_total = _local.gc_full = 0.0
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            return run()
        finally:
            line = json.dumps(
                {
                    "end": round(time.time(), 4),
                    "wall": round(time.perf_counter() - t0, 5),
                    "cpu": round(time.thread_time() - c0, 5),
                    "gc": round(_local.gc_total, 5),
                    "gc_full": round(_local.gc_full, 5),
                    "session": session,
                    "page": page,
                }
            )
            with _lock, open(_log, "a") as out:
                out.write(line + "\n")

    wrap_script_runs(_timed)
