"""Many sessions at once on the real server: no hang, no error.

The app is served by `streamlit run` on the sample (SQLite) and a dozen browserless sessions
(dashboard.devtools.stclient, Streamlit's own websocket protocol) open Fasematrix, Kaart,
Kandidaten and Overzicht at the same time and each change the sidebar's gemeente selection a few
times (gemeente, and programma once the gemeente subsets are used), all at once. A rerun whose script does not
finish within its timeout fails the test (the
server deadlocked on the GIL this way with 10-20 sessions before d1b9bcd), and so does an exception
element in what the server sent, a session that broke, or a run that did not end as it should.
Not a timed test: the timeout is far above any healthy rerun, even on a busy machine.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dashboard.devtools import loadgen

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
SESSIONS = 12
CHANGES = 4
TIMEOUT = 45.0  # seconds for one rerun; a healthy one takes well under 2 s here, even with 12 at once


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The app on the sample in an SQLite file, served with `streamlit run` (the project's config)."""
    from dashboard.store import db
    from dashboard.store.loader import load_deliveries

    url = f"sqlite:///{tmp_path_factory.mktemp('concurrency') / 'sample.sqlite'}"
    load_deliveries(ROOT / "sample_data", db.engine(url))
    db.dispose_engines()
    with loadgen.serve_app(url, tmp_path_factory.mktemp("server"), app=ROOT / "app.py") as (server, runlog):
        yield server, runlog


def test_a_dozen_sessions_changing_filters_at_once_all_finish_without_errors(served):
    server, runlog = served
    outcome = loadgen.drive(server.base, SESSIONS, loadgen.PAGES, reruns=CHANGES, timeout=TIMEOUT)
    result = loadgen.summarise(outcome, [runlog])

    failures = [f for s in outcome["sessions"] for f in s["failures"]]
    assert not failures, f"sessions broke or hung (log {server.log}): {failures[:5]}"
    assert server.proc.poll() is None, "the server exited"
    for s in outcome["sessions"]:
        kinds = [r.kind for r in s["reruns"]]
        assert kinds[0] == "open" and len(kinds) == 1 + CHANGES, (s["page"], kinds)
        for r in s["reruns"]:
            assert r.status == "ok", (s["page"], r.kind, r.status)
            assert not r.exceptions, (s["page"], r.exceptions)
            assert not r.errors, (s["page"], r.errors)
            assert r.messages > 5 and r.bytes > 1000, (s["page"], r.kind, r.messages, r.bytes)
    # Every change was a selection the server had not seen (a cache miss), and the server ran each script.
    assert result["reruns"] == SESSIONS * CHANGES
    assert outcome["selections_used"] == SESSIONS * CHANGES <= outcome["selections_fresh"]
    assert result["server"]["n"] >= SESSIONS * CHANGES


def test_a_rerun_shows_the_chosen_gemeente(served):
    """The client really drives the filter: the page answers the chosen gemeente, not the default."""

    from dashboard.devtools.stclient import Session

    server, _ = served

    async def scenario() -> tuple[list[str], list[str]]:
        s = await Session.connect(server.base)
        try:
            await s.rerun(page="fasematrix", kind="open", timeout=TIMEOUT)
            gemeente = s.widget("f_gemeenten").options[1]
            s.set("f_gemeenten", [gemeente])
            texts: list[str] = []
            original = s._element

            def keep(fm, widgets, run):
                el = fm.delta.new_element
                if el.WhichOneof("type") == "markdown":
                    texts.append(el.markdown.body)
                original(fm, widgets, run)

            s._element = keep
            run = await s.rerun(timeout=TIMEOUT)
            assert run.status == "ok"
            return [gemeente], texts
        finally:
            await s.close()

    (gemeente,), texts = loadgen.run(scenario())
    assert any(gemeente in t for t in texts), f"no text names {gemeente}"


def test_nginx_keeps_each_browser_on_its_replica(tmp_path):
    """deploy/nginx.conf: new browsers spread over the replicas, and each stays on its own by the cookie."""
    import http.cookiejar
    import shutil
    import subprocess
    import sys
    import urllib.request

    from conftest import skip_or_fail
    from dashboard.devtools import scaleout
    from dashboard.devtools.serve import free_port

    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        skip_or_fail("Debian's nginx is not installed (apt-get install nginx-light)")
    ports, backends = [free_port(), free_port()], []
    for name, port in zip("AB", ports):  # two stand-in replicas that say who they are
        root = tmp_path / name / "_stcore"
        root.mkdir(parents=True)
        (root / "health").write_text(name)
        backends.append(
            subprocess.Popen(
                [sys.executable, "-m", "http.server", str(port), "-b", "127.0.0.1", "-d", str(tmp_path / name)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    try:
        with scaleout.nginx(tmp_path / "nginx", free_port(), ports) as lb:
            first_answers = []
            for _ in range(16):
                jar = http.cookiejar.CookieJar()
                browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
                answers = [browser.open(f"{lb}/_stcore/health", timeout=10).read().decode() for _ in range(4)]
                assert [c.name for c in jar] == ["dashboard_replica"]
                assert len(set(answers)) == 1, answers  # later requests follow the cookie
                first_answers.append(answers[0])
    finally:
        for b in backends:
            b.terminate()
            b.wait(timeout=10)
    assert set(first_answers) == {"A", "B"}, first_answers


def test_the_runtime_never_imports_the_devtools():
    """app.py, pages/ and the package outside devtools/ import nothing from dashboard.devtools; the one
    bridge is `dashboard bench`, whose functions in cli.py import it when that command runs (the sample's
    generator is runtime code in store/voorbeeld: the demo derives its monthly series on the first start)."""

    def devtools_imports(nodes) -> list[str]:
        found = []
        for node in nodes:
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [f"{node.module}.{a.name}" for a in node.names]
                if isinstance(node, ast.ImportFrom) and node.module
                else []
            )
            found += [n for n in names if "devtools" in n or n.startswith(("dashboard.bench", "dashboard.serve"))]
        return found

    files = [
        ROOT / "app.py",
        *(ROOT / "pages").glob("*.py"),
        *(p for p in (ROOT / "src" / "dashboard").rglob("*.py") if "devtools" not in p.parts),
    ]
    assert len(files) > 20
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name == "cli.py":
            assert not devtools_imports(tree.body), "cli.py imports the devtools at module level"
            bridges = [
                f.name for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and devtools_imports(ast.walk(f))
            ]
            assert set(bridges) <= {"_parser", "_bench"}, bridges
        else:
            assert not devtools_imports(ast.walk(tree)), path.relative_to(ROOT)
