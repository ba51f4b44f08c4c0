"""Shared fixtures: database backends, fresh databases and the loaded sample.

Database tests run on SQLite always and on PostgreSQL when a server is
reachable at TEST_POSTGRES_URL (or DATABASE_URL, when that is a PostgreSQL
URL); the role needs CREATEDB, as each test session works in databases of
its own and drops them afterwards.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

# Every chart the tests draw is checked against plotly's schema (the app skips the check for speed);
# set before dashboard.figures is imported, and inherited by the servers the browser tests start.
os.environ.setdefault("DASHBOARD_VALIDEER_FIGUREN", "1")

from dashboard.app import streamlit_compat
from dashboard.core import config
from dashboard.devtools import chromium
from dashboard.devtools.databases import Databases, default_postgres_url
from dashboard.devtools.serve import streamlit_app
from dashboard.store import db
from dashboard.store.loader import load_deliveries

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"


POSTGRES_URL = default_postgres_url()
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
            where = sa.make_url(POSTGRES_URL).render_as_string()
            _pg_problem = f"PostgreSQL server at {where} not reachable: {exc.__class__.__name__}"
    return _pg_problem or None


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(autouse=True)
def _no_ambient_database(monkeypatch, tmp_path):
    """Tests choose their database explicitly; the embedded default goes to a temporary folder."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))


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
        _databases[backend] = Databases(
            tmp_path_factory.mktemp(f"db_{backend}"), POSTGRES_URL, backend=backend, prefix="dash_test"
        )
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


def open_app(monkeypatch, url: str, page: str | None = None, *, role: str | None = None, **query) -> AppTest:
    """app.py under AppTest on the database at `url`, as a user arriving on a link: in demo mode as `role`
    (when given), with the query parameters `query`, run once; then switched to `page` (e.g.
    "pages/kaart.py") and run again, when given."""
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if role:
        at.session_state["demo_rol"] = role
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(page).run() if page else at


@pytest.fixture(autouse=True)
def _streamlit_navigation_like_the_server():
    """Make AppTest treat pages/ the way the server does once st.navigation has run (streamlit_compat)."""
    with streamlit_compat.apptest_routes_through_app():
        yield


# ---------------------------------------------------------------- Chromium for the browser tests


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = chromium.path()
    if not path:
        skip_or_fail(chromium.MISSING)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One Chromium for the session, shared by every browser test module (Playwright's sync API: one at a time)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = chromium.launch(p, chromium_path)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_server(sample_url, tmp_path_factory):
    """The app served by `streamlit run` on a free port, on the sample database of the backend."""
    with streamlit_app(sample_url, tmp_path_factory.mktemp("server"), app=ROOT / "app.py") as server:
        yield server.base
