"""Every use of Streamlit's private API, in one place.

The app, the tests and the benchmark reach into Streamlit's internals for a few things its public API
does not offer. Those internals change without notice between releases, so:

- pyproject.toml bounds Streamlit to the releases checked here (``SUPPORTED``, 1.67.x), and
  requirements.lock pins the one installed;
- nothing else in the project imports ``streamlit.runtime``, ``streamlit.testing.v1``'s modules,
  ``streamlit.elements`` or ``streamlit.proto``, or touches an ``_``-prefixed Streamlit attribute;
- tests/test_streamlit_compat.py imports every internal named here, checks the attributes and
  signatures the patches rely on, and runs each patch once, so a Streamlit upgrade that moves one
  fails there, by name, instead of somewhere in a page test.

The internals are imported inside the functions: the app imports this module but uses only
``route_through_navigation``; the rest serve the tests and devtools. The wire protocol's messages
(``BackMsg``, ``ForwardMsg``, ``WidgetState``) are imported at the top: Streamlit loads them anyway.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

__all__ = [
    "SUPPORTED",
    "BackMsg",
    "ForwardMsg",
    "WidgetState",
    "apptest_routes_through_app",
    "apptest_shares_script_cache",
    "capture_deferred_downloads",
    "pydeck_selection",
    "route_through_navigation",
    "script_run",
    "wrap_script_runs",
]

# The Streamlit releases (major, minor) whose internals this module was checked against.
SUPPORTED = (1, 67)


# ---------------------------------------------------------------- the app (runtime)


def route_through_navigation() -> None:
    """Stop treating pages/ as Streamlit's old auto-discovered pages folder, as st.navigation does.

    A page that runs before st.navigation ran once in the process (a deep link on a fresh server) is
    run on its own, without app.py; after this, the next rerun goes through the router.
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def script_run() -> object | None:
    """An object that lives as long as the current script run (Streamlit's per-run coordinator), or None
    outside a run: app.urlstaat decides once per run whether the URL changed from outside."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return getattr(ctx, "parallel_coordinator", None) if ctx is not None else None


# ---------------------------------------------------------------- AppTest (tests and the benchmark)


@contextlib.contextmanager
def apptest_routes_through_app() -> Iterator[None]:
    """Make AppTest treat pages/ the way the server does once st.navigation has run.

    AppTest resets Streamlit's "v1 pages directory" flag whenever it makes a PagesManager (every run),
    and with a pages/ folder present its reruns then execute the current page on its own, skipping
    app.py (the router and the sidebar). The server clears that flag for good on the first
    st.navigation call, so reruns there always go through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    @functools.wraps(original)
    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    try:
        yield
    finally:
        PagesManager.__init__ = original


@contextlib.contextmanager
def apptest_shares_script_cache() -> Iterator[None]:
    """Let every AppTest run share one compiled-script cache, as a server does for its lifetime.

    AppTest makes a new ScriptCache per run and would count compiling app.py and the page in every rerun.
    """
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    originals = app_test.ScriptCache, local_script_runner.ScriptCache
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    try:
        yield
    finally:
        app_test.ScriptCache, local_script_runner.ScriptCache = originals


@contextlib.contextmanager
def capture_deferred_downloads() -> Iterator[dict[str, Callable[[], Any]]]:
    """Every download button's file maker, by file name, while the context is open.

    A download button with a callable for data builds its file only on click (a deferred media file);
    calling the maker gives the file the click would give.
    """
    from streamlit.runtime.media_file_manager import MediaFileManager

    makers: dict[str, Callable[[], Any]] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        makers[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    MediaFileManager.add_deferred = add_deferred
    try:
        yield makers
    finally:
        MediaFileManager.add_deferred = original


def pydeck_selection(event_json: str) -> Any:
    """A pydeck chart's selection event (the JSON the browser sends) as st.pydeck_chart returns it."""
    from streamlit.elements.deck_gl_json_chart import PydeckSelectionSerde

    return PydeckSelectionSerde().deserialize(event_json)


# ---------------------------------------------------------------- script runs (benchmark, load generator)


# wrapper(run, session_id, page_script_hash) must call run() once and return its result.
RunWrapper = Callable[[Callable[[], Any], "str | None", "str | None"], Any]


def wrap_script_runs(wrapper: RunWrapper) -> Callable[[], None]:
    """Route every script run of this process (server or AppTest) through `wrapper`; returns the undo.

    The wrapper runs in the script thread, around ScriptRunner._run_script: the whole run of app.py and
    the page, including Streamlit's post-script gc.collect() when [runner] postScriptGC is on.
    """
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script

    def _run_script(self, rerun_data):
        return wrapper(lambda: original(self, rerun_data), self._session_id, rerun_data.page_script_hash)

    script_runner.ScriptRunner._run_script = _run_script

    def undo() -> None:
        script_runner.ScriptRunner._run_script = original

    return undo
