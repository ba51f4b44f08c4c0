"""The app served by `streamlit run` on a free port, for the browser tests and the benchmark.

`streamlit_app` starts the server on a database, waits until `/_stcore/health` answers, yields the
server and stops it on the way out. The server's output goes to a log file; if it does not start in
time (or exits), the log is in the exception.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]  # a checkout: app.py and pages/ beside src/
APP = ROOT / "app.py"


class ServerDidNotStart(RuntimeError):
    """`streamlit run` exited or did not answer its health check in time; the message holds its log."""


@dataclass(frozen=True)
class Server:
    base: str  # http://host:port, without a trailing slash
    proc: subprocess.Popen
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_app(
    database_url: str,
    workdir: Path,
    *,
    app: Path = APP,
    port: int | None = None,
    host: str = "127.0.0.1",
    env: Mapping[str, str] | None = None,
    args: Sequence[str] = (),
    timeout: float = 90,
    warm: bool = True,
) -> Iterator[Server]:
    """Serve `app` on `database_url`, headless and without a file watcher, until the block ends.

    The working directory is the app's folder, so its .streamlit/config.toml applies. `port` defaults
    to a free one; `host` is the host of `Server.base` (the browser must use the origin a configured
    redirect_uri names); `env` is added to this process's environment; `args` go to `streamlit run`
    (e.g. `--secrets.files`). The log is `workdir/streamlit-<port>.log`.

    `warm`: once healthy, run app.py once through `/_stcore/script-health-check` before yielding (as a
    load balancer's readiness check does, README, Production layout). Until the first run reaches
    st.navigation, Streamlit routes a session's first run through its pages/-folder mode, which runs the
    page without app.py (no login gate, no sidebar, no imports warmed): sessions that arrive at a cold
    server all at once would get that.
    """
    port = port or free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / f"streamlit-{port}.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        *args,
    ]
    with log.open("w") as out:
        proc = subprocess.Popen(
            command,
            cwd=app.parent,
            env={**os.environ, "DATABASE_URL": database_url, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://{host}:{port}", proc, log)
    try:
        _wait_healthy(server, timeout)
        if warm:
            _warm(server, timeout)
        yield server
    finally:
        _stop(proc)


def answers(url: str, proc: subprocess.Popen, timeout: float, interval: float = 0.5) -> bool:
    """Ask `url` until it answers 200 (True), or until `proc` exits or `timeout` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return True
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(interval)


def _wait_healthy(server: Server, timeout: float) -> None:
    if not answers(f"{server.base}/_stcore/health", server.proc, timeout):
        _stop(server.proc)
        raise ServerDidNotStart(f"streamlit did not start; its log {server.log}:\n{server.log.read_text()}")


def _warm(server: Server, timeout: float) -> None:
    try:
        with urllib.request.urlopen(f"{server.base}/_stcore/script-health-check", timeout=timeout) as resp:
            resp.read()
    except OSError as exc:  # 503 when the script failed, 404 when the check is off: the sessions will tell
        print(f"script health check of {server.base}: {exc}", file=sys.stderr)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def rss_mib(pid: int | str = "self") -> float | None:
    """Current resident memory of a process (VmRSS), or None when it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None
