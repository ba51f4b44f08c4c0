"""Shared fixtures: database backends, fresh databases and the loaded sample.

Database tests run on SQLite always and on PostgreSQL when a server is
reachable at TEST_POSTGRES_URL (or DATABASE_URL, when that is a PostgreSQL
URL); the role needs CREATEDB, as each test session works in databases of
its own and drops them afterwards.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

# Every chart the tests draw is checked against plotly's schema (the app skips the check for speed);
# set before dashboard.figures is imported, and inherited by the servers the browser tests start.
os.environ.setdefault("DASHBOARD_VALIDEER_FIGUREN", "1")

from dashboard.core import config  # noqa: E402
from dashboard.store import db
from dashboard.store.loader import load_deliveries  # noqa: E402
from dashboard.devtools.serve import streamlit_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"


def _postgres_url() -> str | None:
    for var in ("TEST_POSTGRES_URL", "DATABASE_URL"):
        url = os.environ.get(var, "")
        if url.startswith("postgresql"):
            return url
    return None


POSTGRES_URL = _postgres_url()
_pg_problem: str | None = None


def _postgres_unavailable() -> str | None:
    global _pg_problem
    if POSTGRES_URL is None:
        return "no PostgreSQL server configured: set TEST_POSTGRES_URL (or DATABASE_URL) to a postgresql+psycopg:// URL"
    if _pg_problem is None:
        try:
            eng = sa.create_engine(POSTGRES_URL)
            with eng.connect() as conn:
                conn.execute(sa.text("select 1"))
            eng.dispose()
            _pg_problem = ""
        except sa.exc.SQLAlchemyError as exc:
            _pg_problem = f"PostgreSQL server at {sa.make_url(POSTGRES_URL).render_as_string()} not reachable: {exc.__class__.__name__}"
    return _pg_problem or None


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(autouse=True)
def _no_ambient_database(monkeypatch, tmp_path):
    """Tests choose their database explicitly; the embedded default goes to a temporary folder."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))


class Databases:
    """Creates empty databases on one backend and drops them at the end of the session."""

    def __init__(self, backend: str, tmp_dir: Path):
        self.backend = backend
        self.tmp_dir = tmp_dir
        self.created: list[str] = []

    def new(self) -> str:
        name = f"dash_test_{uuid.uuid4().hex[:10]}"
        if self.backend == "sqlite":
            return f"sqlite:///{self.tmp_dir / name}.sqlite"
        url = db.create_database(POSTGRES_URL, name)
        self.created.append(name)
        return url

    def drop_all(self) -> None:
        for name in self.created:
            db.drop_database(POSTGRES_URL, name)


_databases: dict[str, Databases] = {}


def skip_or_fail(reason: str) -> None:
    """Skip a test whose service is missing; under DASHBOARD_STRICT_TESTS (CI) that is a failure."""
    if os.environ.get("DASHBOARD_STRICT_TESTS"):
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def databases_for(backend: str, tmp_path_factory) -> Databases:
    if backend == "postgres":
        reason = _postgres_unavailable()
        if reason:
            skip_or_fail(reason)
    if backend not in _databases:
        _databases[backend] = Databases(backend, tmp_path_factory.mktemp(f"db_{backend}"))
    return _databases[backend]


def pytest_sessionfinish(session, exitstatus):
    for dbs in _databases.values():
        dbs.drop_all()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def new_database(backend, tmp_path_factory):
    """A factory of empty databases on the test's backend."""
    return databases_for(backend, tmp_path_factory).new


_sample_urls: dict[str, str] = {}


@pytest.fixture(scope="session", params=BACKENDS)
def sample_url(request, tmp_path_factory) -> str:
    """A database of the backend holding the bundled sample's snapshots; loaded once per session."""
    backend = request.param
    if backend not in _sample_urls:
        url = databases_for(backend, tmp_path_factory).new()
        load_deliveries(SAMPLE, db.engine(url))  # every snapshot folder, oldest first
        _sample_urls[backend] = url
    return _sample_urls[backend]


@pytest.fixture
def sample_conn(sample_url):
    with db.engine(sample_url).connect() as conn:
        yield conn


def embedded_url() -> str:
    return config.embedded_database_url()


@pytest.fixture(autouse=True)
def _streamlit_navigation_like_the_server(monkeypatch):
    """Make AppTest treat pages/ the way the server does once st.navigation has run.

    AppTest resets Streamlit's "v1 pages directory" flag before every run, and with
    a pages/ folder present its reruns then execute the current page on its own,
    skipping app.py (the router and the sidebar). The server clears that flag for
    good on the first st.navigation call, so reruns there always go through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


# ---------------------------------------------------------------- Chromium for the browser tests

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        skip_or_fail("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One Chromium for the session, shared by every browser test module (Playwright's sync API allows one at a time)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_server(sample_url, tmp_path_factory):
    """The app served by `streamlit run` on a free port, on the sample database of the backend."""
    with streamlit_app(sample_url, tmp_path_factory.mktemp("server"), app=ROOT / "app.py") as server:
        yield server.base
