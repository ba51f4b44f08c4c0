"""Streamlit's private API, as dashboard.app.streamlit_compat uses it: fails by name when an internal moves.

Run after every Streamlit upgrade (and in CI): each internal the module reaches is imported, the
attributes and signatures its patches rely on are checked, and each patch is exercised once on a real
AppTest run. Also: no other file of the project reaches into Streamlit's internals.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import tomllib
from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from dashboard.app import streamlit_compat

ROOT = Path(__file__).resolve().parents[1]

# Imports of Streamlit's internals; AppTest (streamlit.testing.v1) and `import streamlit` are public.
INTERNAL = re.compile(
    r"^\s*(?:from|import)\s+streamlit\.(?:runtime|elements|proto|web|components\.lib|testing\.v1\.\w+)\b", re.M
)


def _parameters(fn) -> list[str]:
    return list(inspect.signature(fn).parameters)


# ---------------------------------------------------------------- the version bound


def test_the_installed_streamlit_is_the_release_the_patches_were_checked_on():
    major, minor = (int(x) for x in streamlit.__version__.split(".")[:2])
    assert (major, minor) == streamlit_compat.SUPPORTED, (
        f"Streamlit {streamlit.__version__} is installed, streamlit_compat was checked on "
        f"{'.'.join(map(str, streamlit_compat.SUPPORTED))}.x: check every internal below, then move SUPPORTED "
        "and the bound in pyproject.toml"
    )


def test_pyproject_bounds_streamlit_to_the_supported_release():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    [spec] = [d for d in project["dependencies"] if re.match(r"streamlit\b", d)]
    major, minor = streamlit_compat.SUPPORTED
    assert f">={major}.{minor}" in spec and f"<{major}.{minor + 1}" in spec, spec


def test_no_other_file_reaches_into_streamlit_internals():
    files = [
        ROOT / "app.py",
        *ROOT.glob("pages/*.py"),
        *ROOT.glob("src/**/*.py"),
        *ROOT.glob("tests/*.py"),
        *ROOT.glob("bench/*.py"),
    ]
    own = {Path(streamlit_compat.__file__).resolve(), Path(__file__).resolve()}  # the module and its check
    found = [
        f"{path.relative_to(ROOT)}: {m.group(0).strip()}"
        for path in files
        if path.resolve() not in own
        for m in INTERNAL.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, "Streamlit internals outside dashboard/app/streamlit_compat.py:\n" + "\n".join(found)


# ---------------------------------------------------------------- the internals, by name


def test_pages_manager_has_the_v1_pages_directory_flag():
    from streamlit.runtime.pages_manager import PagesManager

    assert "uses_pages_directory" in vars(PagesManager), "PagesManager.uses_pages_directory is gone"
    assert _parameters(PagesManager.__init__)[:2] == ["self", "main_script_path"]
    assert "PagesManager.uses_pages_directory" in inspect.getsource(inspect.unwrap(PagesManager.__init__)), (
        "PagesManager.__init__ no longer sets the class-wide flag the patch resets"
    )


def test_script_runner_runs_a_script_in_run_script():
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

    assert _parameters(script_runner.ScriptRunner._run_script) == ["self", "rerun_data"]
    assert "self._session_id = session_id" in inspect.getsource(script_runner.ScriptRunner.__init__)
    assert "page_script_hash" in {f.name for f in dataclasses.fields(RerunData)}


def test_apptest_makes_its_script_cache_by_the_names_patched():
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    assert app_test.ScriptCache is ScriptCache and local_script_runner.ScriptCache is ScriptCache
    assert "ScriptCache()" in inspect.getsource(app_test) and "ScriptCache()" in inspect.getsource(local_script_runner)


def test_media_file_manager_adds_deferred_files():
    from streamlit.runtime.media_file_manager import MediaFileManager

    assert _parameters(MediaFileManager.add_deferred)[:5] == [
        "self",
        "data_callable",
        "mimetype",
        "coordinates",
        "file_name",
    ]


def test_the_wire_protocol_messages_have_the_fields_the_load_client_uses():
    back = streamlit_compat.BackMsg()
    back.rerun_script.page_name = "kaart"
    back.rerun_script.widget_states.widgets.add(id="w").string_array_value.data.extend(["Oldambt"])
    assert streamlit_compat.BackMsg.FromString(back.SerializeToString()).rerun_script.page_name == "kaart"
    forward = streamlit_compat.ForwardMsg
    assert {"script_finished", "delta", "new_session", "ref_hash"} <= set(forward.DESCRIPTOR.fields_by_name)
    assert forward.FINISHED_SUCCESSFULLY != forward.FINISHED_WITH_COMPILE_ERROR
    assert {"string_value", "string_array_value"} <= set(streamlit_compat.WidgetState.DESCRIPTOR.fields_by_name)


# ---------------------------------------------------------------- each patch, once


def test_route_through_navigation_clears_the_pages_directory_flag():
    from streamlit.runtime.pages_manager import PagesManager

    before = PagesManager.uses_pages_directory
    PagesManager.uses_pages_directory = True
    try:
        streamlit_compat.route_through_navigation()
        assert PagesManager.uses_pages_directory is False
    finally:
        PagesManager.uses_pages_directory = before


def test_apptest_routes_through_app_keeps_the_flag_off_for_an_app_with_pages(tmp_path):
    from streamlit.runtime.pages_manager import PagesManager

    (tmp_path / "pages").mkdir()
    (tmp_path / "app.py").write_text("")
    before, init = PagesManager.uses_pages_directory, PagesManager.__init__
    try:
        with streamlit_compat.apptest_routes_through_app():
            PagesManager.uses_pages_directory = None  # as AppTest leaves it before a run
            PagesManager(str(tmp_path / "app.py"))  # with pages/ beside it Streamlit would set the flag
            assert PagesManager.uses_pages_directory is False
        assert PagesManager.__init__ is init, "the patch outlived its context"
    finally:
        PagesManager.uses_pages_directory = before


def test_script_runs_are_wrapped_with_their_session_and_page():
    seen = []

    def wrapper(run, session, page):
        seen.append((session, page))
        return run()

    undo = streamlit_compat.wrap_script_runs(wrapper)
    try:
        at = AppTest.from_string("import streamlit as st\nst.write('hallo')").run()
    finally:
        undo()
    assert not at.exception and at.markdown[0].value == "hallo"
    [(session, page)] = seen
    assert isinstance(session, str) and session and isinstance(page, str)
    AppTest.from_string("import streamlit as st\nst.write('weer')").run()
    assert len(seen) == 1, "undo left the wrapper in place"


def test_apptest_runs_share_one_script_cache():
    from streamlit.testing.v1 import app_test

    with streamlit_compat.apptest_shares_script_cache():
        assert app_test.ScriptCache() is app_test.ScriptCache()
        at = AppTest.from_string("import streamlit as st\nst.write('een')").run()
        assert not at.exception and at.markdown[0].value == "een"
    assert app_test.ScriptCache() is not app_test.ScriptCache()


def test_deferred_downloads_are_captured_by_file_name():
    script = (
        "import streamlit as st\n"
        "st.download_button('CSV', data=lambda: 'a;b\\n1;2\\n', file_name='tabel.csv', mime='text/csv')\n"
    )
    with streamlit_compat.capture_deferred_downloads() as makers:
        at = AppTest.from_string(script).run()
    assert not at.exception
    assert makers["tabel.csv"]() == "a;b\n1;2\n"


@pytest.mark.parametrize(
    "event, indices",
    [
        ({"selection": {"indices": {"punten": [3]}, "objects": {"punten": [{"p": [6.5, 53.2]}]}}}, {"punten": [3]}),
        ({}, {}),
    ],
)
def test_a_pydeck_selection_event_reads_as_st_pydeck_chart_returns_it(event, indices):
    state = streamlit_compat.pydeck_selection(json.dumps(event))
    assert state.selection.indices == indices
    assert state["selection"]["indices"] == indices


def test_a_script_run_has_one_object_for_its_whole_run_and_none_outside():
    assert streamlit_compat.script_run() is None
    script = (
        "import streamlit as st\n"
        "from dashboard.app import streamlit_compat\n"
        "a, b = streamlit_compat.script_run(), streamlit_compat.script_run()\n"
        "st.session_state.setdefault('runs', []).append(id(a))\n"
        "st.write(str(a is not None and a is b))\n"
    )
    at = AppTest.from_string(script).run()
    assert not at.exception and at.markdown[0].value == "True"
    at.run()
    assert at.markdown[0].value == "True"
