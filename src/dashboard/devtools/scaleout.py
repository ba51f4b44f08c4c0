"""Beyond one process: app replicas behind nginx (deploy/nginx.conf), one PostgreSQL, the load generator.

Creates a PostgreSQL database, loads the bundled sample into it (as `dashboard load` does), starts
`--replicas` app servers with `streamlit run` on it (one shared cookie secret) and nginx in front,
rendered from deploy/nginx.conf. Then the same load twice: N websocket sessions directly on one
replica, and N sessions through nginx spread over all replicas (each session's websocket sticks to
its replica). Reports reruns per second, client and server p50/p95, errors and each replica's memory,
and drops the database again.

    python -m dashboard.devtools.scaleout --postgres-url postgresql+psycopg://role:pw@host/postgres \\
        --sessions 20 --duration 60 --out bench/scaleout.json

Needs Debian's nginx (`apt-get install nginx`); nginx runs as this user with its files in a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from dashboard.devtools import loadgen
from dashboard.devtools.serve import ROOT, answers, free_port

CONF = ROOT / "deploy" / "nginx.conf"


def render(prefix: Path, listen: int, ports: list[int]) -> Path:
    """deploy/nginx.conf with this run's ports and paths; more than two replicas add server lines."""
    text = CONF.read_text()
    text = text.replace("@PREFIX@", str(prefix)).replace("@LISTEN@", str(listen))
    text = text.replace("@PORT1@", str(ports[0])).replace("@PORT2@", str(ports[1] if len(ports) > 1 else ports[0]))
    extra = "".join(f"        server 127.0.0.1:{p} max_fails=0;\n" for p in ports[2:])
    text = text.replace("        keepalive 16;", extra + "        keepalive 16;")
    prefix.mkdir(parents=True, exist_ok=True)
    prefix.chmod(0o755)  # nginx's workers may run as another user (nobody when started as root)
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
        (prefix / sub).chmod(0o777)
    conf = prefix / "nginx.conf"
    conf.write_text(text)
    return conf


@contextlib.contextmanager
def nginx(prefix: Path, listen: int, ports: list[int]):
    exe = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(exe).exists():
        raise SystemExit("fout: nginx ontbreekt (apt-get install nginx)")
    conf = render(prefix, listen, ports)
    subprocess.run([exe, "-t", "-q", "-c", str(conf), "-p", str(prefix), "-e", str(prefix / "error.log")], check=True)
    proc = subprocess.Popen(
        [
            exe,
            "-c",
            str(conf),
            "-p",
            str(prefix),
            "-e",
            str(prefix / "error.log"),
            "-g",
            "daemon off; master_process on;",
        ]
    )
    try:
        if not answers(f"http://127.0.0.1:{listen}/_stcore/health", proc, timeout=30, interval=0.3):
            raise RuntimeError(f"nginx did not come up: {(prefix / 'error.log').read_text()}")
        yield f"http://127.0.0.1:{listen}"
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def run(postgres_url: str, replicas: int, sessions: int, duration: float, workdir: Path, progress=print) -> dict:
    from dashboard.store import db
    from dashboard.store.loader import load_deliveries

    name = f"dashboard_scaleout_{secrets.token_hex(4)}"
    url = db.create_database(postgres_url, name)
    out: dict = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "replicas": replicas,
        "sessions": sessions,
        "duration_s": duration,
        "pages": ", ".join(loadgen.PAGES),
        "database": "postgresql (sample, one database)",
    }
    try:
        progress(f"loading the sample into {name}")
        load_deliveries(ROOT / "sample_data", db.engine(url))
        db.dispose_engines()
        cookie = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(16)}  # the same on every replica
        with contextlib.ExitStack() as stack:
            servers = [stack.enter_context(loadgen.serve_app(url, workdir, env=cookie)) for _ in range(replicas)]
            pids = [s.proc.pid for s, _ in servers]
            logs = [log for _, log in servers]
            prefix = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nginx-", dir=workdir)))
            lb = stack.enter_context(nginx(prefix, free_port(), [int(s.base.rsplit(":", 1)[1]) for s, _ in servers]))
            # Warm both replicas the same way (first views fill the per-process caches), then measure.
            for s, _ in servers:
                loadgen.drive(s.base, len(loadgen.PAGES), loadgen.PAGES, reruns=1, timeout=180)
            progress(f"one replica: {sessions} sessions for {duration:g} s")
            memory = loadgen.MemoryTimeline(pids, 2.0)
            memory.start()
            one = loadgen.summarise(
                loadgen.drive(servers[0][0].base, sessions, loadgen.PAGES, duration=duration, timeout=120), [logs[0]]
            )
            progress(f"  {one['reruns_per_s']} reruns/s, client p95 {one['client'].get('p95')} ms")
            progress(f"nginx over {replicas} replicas: {sessions} sessions for {duration:g} s")
            t0 = time.time()
            both = loadgen.summarise(loadgen.drive(lb, sessions, loadgen.PAGES, duration=duration, timeout=120), logs)
            spread = {str(pid): len(loadgen.server_runs(log, t0, time.time() + 1)) for pid, log in zip(pids, logs)}
            memory.stop()
            progress(
                f"  {both['reruns_per_s']} reruns/s, client p95 {both['client'].get('p95')} ms, "
                f"runs per replica {spread}"
            )
        keys = ("reruns", "reruns_per_s", "client", "server", "bytes", "errors", "error_samples")
        out["one_replica"] = {k: one[k] for k in keys}
        out["load_balanced"] = {**{k: both[k] for k in keys}, "script_runs_per_replica": spread}
        out["memory_mib"] = memory.report()
        out["speedup_reruns_per_s"] = (
            round(both["reruns_per_s"] / one["reruns_per_s"], 2) if one["reruns_per_s"] else None
        )
    finally:
        db.dispose_engines()
        db.drop_database(postgres_url, name)
    out["finished"] = datetime.now().isoformat(timespec="seconds")
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m dashboard.devtools.scaleout", description=__doc__.split("\n\n")[0])
    p.add_argument("--postgres-url", required=True, help="a role that may CREATE DATABASE")
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--sessions", type=int, default=20)
    p.add_argument("--duration", type=float, default=60.0)
    p.add_argument("--workdir", type=Path, default=Path("bench/work"))
    p.add_argument("--out", type=Path, default=Path("bench/scaleout.json"))
    a = p.parse_args(argv)
    a.workdir.mkdir(parents=True, exist_ok=True)
    result = run(
        a.postgres_url,
        a.replicas,
        a.sessions,
        a.duration,
        a.workdir.resolve(),
        progress=lambda m: print(m, file=sys.stderr, flush=True),
    )
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps({k: result[k] for k in ("one_replica", "load_balanced", "speedup_reruns_per_s")}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
