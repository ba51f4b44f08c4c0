"""The post-script GC decision, measured: Streamlit's full gc.collect after every script run on or off,
and on with gc.freeze() after the imports (app.py), each on a fresh `streamlit run` server.

Per variant: one session changing the gemeente on Fasematrix back to back (its next rerun waits for
the previous run's collection), then N sessions over Fasematrix, Kaart, Kandidaten and Overzicht
for a while (throughput and p95 under load); the run hook records every script run's GC pauses.

    python -m dashboard.devtools.gcbench --database sqlite:///tmp/sample.sqlite --out bench/gc.json
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from dashboard.devtools import loadgen

VARIANTS = {
    "postScriptGC on (Streamlit's default)": ({"DASHBOARD_GC_FREEZE": "0"}, ["--runner.postScriptGC", "true"]),
    "postScriptGC off": ({"DASHBOARD_GC_FREEZE": "0"}, ["--runner.postScriptGC", "false"]),
    "postScriptGC on + gc.freeze() after imports": ({"DASHBOARD_GC_FREEZE": "1"}, ["--runner.postScriptGC", "true"]),
}


def run(database: str, workdir: Path, sessions: int, duration: float, single: int, progress=print) -> dict:
    out = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "database": database.split("://")[0],
        "sessions": sessions,
        "duration_s": duration,
        "single_reruns": single,
        "variants": {},
    }
    for name, (env, args) in VARIANTS.items():
        progress(f"{name}: single session")
        with loadgen.serve_app(database, workdir, args=args, env=env) as (server, runlog):
            pid = server.proc.pid
            mem = loadgen.MemoryTimeline([pid], 1.0)
            mem.start()
            one = loadgen.drive(server.base, 1, ["fasematrix"], reruns=single, timeout=120)
            r1 = loadgen.summarise(one, [runlog])
            progress(f"{name}: {sessions} sessions for {duration:g} s")
            many = loadgen.drive(server.base, sessions, loadgen.PAGES, duration=duration, timeout=120)
            rn = loadgen.summarise(many, [runlog])
            mem.stop()
        out["variants"][name] = {
            "single_fasematrix": {k: r1[k] for k in ("client", "server", "server_gc", "errors")},
            "load": {k: rn[k] for k in ("reruns", "reruns_per_s", "client", "server", "server_gc", "errors")},
            "memory_mib": mem.report()[str(pid)],
        }
        progress(json.dumps(out["variants"][name]))
    out["finished"] = datetime.now().isoformat(timespec="seconds")
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m dashboard.devtools.gcbench", description=__doc__.split("\n\n")[0])
    p.add_argument("--database", required=True)
    p.add_argument("--sessions", type=int, default=10)
    p.add_argument("--duration", type=float, default=40.0)
    p.add_argument("--single", type=int, default=15)
    p.add_argument("--workdir", type=Path, default=Path("bench/work"))
    p.add_argument("--out", type=Path, default=Path("bench/gc.json"))
    a = p.parse_args(argv)
    result = run(
        a.database,
        a.workdir,
        a.sessions,
        a.duration,
        a.single,
        progress=lambda m: print(m, file=sys.stderr, flush=True),
    )
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
