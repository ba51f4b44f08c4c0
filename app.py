"""Dashboard Schade & Versterken: the router. Pages live in pages/, logic in src/dashboard/."""

import ast
import gc
import importlib
import os
from pathlib import Path

import streamlit as st

from dashboard.app import doorklik_ui, sessie, ui, urlstaat
from dashboard.core import toegang


@st.cache_resource(show_spinner=False)
def _opwarmen() -> int:
    """Once per server process, before any page runs: import what the pages use, then collect and freeze.

    Imports: sessions that start together (a meeting opening the dashboard) would otherwise import
    pandas, plotly and pydeck in several script threads at once, and a thread can then get a partially
    initialised module ("partially initialized module 'pandas' has no attribute 'Series'"; seen with
    10 sessions on a fresh server). Here the first run imports them while the others wait.

    gc.freeze(): moves every object alive now (~1M of streamlit, polars, plotly, pydeck) to the garbage
    collector's permanent generation, so the full collection Streamlit runs after each script run
    ([runner] postScriptGC, kept on in .streamlit/config.toml) scans only what later runs allocate:
    measured in bench/gc.json (python -m dashboard.devtools.gcbench). DASHBOARD_GC_FREEZE=0 leaves it
    out, for that measurement only.
    """
    for pagina in sorted(Path(__file__).parent.glob("pages/*.py")):
        for node in ast.walk(ast.parse(pagina.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    importlib.import_module(alias.name)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                module = importlib.import_module(node.module)
                for alias in node.names:
                    if not hasattr(module, alias.name):  # a submodule: from dashboard import kaart
                        importlib.import_module(f"{node.module}.{alias.name}")
    for naam in ("pandas", "pyarrow", "plotly.graph_objects", "plotly.io", "pydeck"):  # imported lazily
        importlib.import_module(naam)
    if os.environ.get("DASHBOARD_GC_FREEZE", "1") != "0":
        gc.collect()
        gc.freeze()
    return gc.get_freeze_count()


_opwarmen()

TITEL = "Dashboard Schade & Versterken"
# The favicon is served by the app itself: a material icon would be fetched from fonts.gstatic.com at every page load.
st.set_page_config(page_title=TITEL, page_icon=str(Path(__file__).parent / "assets" / "favicon.png"), layout="wide")

# Each page under its key in dashboard.core.toegang.PAGINAS, which says which roles get it.
PAGES = {
    "overzicht": st.Page(
        "pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", url_path="overzicht", default=True
    ),
    "fasematrix": st.Page("pages/fasematrix.py", title="Fasematrix", icon=":material/grid_on:", url_path="fasematrix"),
    "kandidaten": st.Page(
        "pages/kandidaten.py", title="Kandidaten", icon=":material/checklist:", url_path="kandidaten"
    ),
    "kaart": st.Page("pages/kaart.py", title="Kaart", icon=":material/map:", url_path="kaart"),
    "svip": st.Page("pages/svip.py", title="SVIP", icon=":material/forum:", url_path="svip"),
    "ivr": st.Page("pages/ivr.py", title="Telefonie (IVR)", icon=":material/call:", url_path="ivr"),
    "samenwerking": st.Page(
        "pages/samenwerking.py", title="Samenwerking", icon=":material/handshake:", url_path="samenwerking"
    ),
    "trend": st.Page("pages/trend.py", title="Trend", icon=":material/timeline:", url_path="trend"),
    "signalen": st.Page(
        "pages/signalen.py", title="Signalen", icon=":material/notifications_active:", url_path="signalen"
    ),
    "datakwaliteit": st.Page(
        "pages/datakwaliteit.py", title="Datakwaliteit", icon=":material/fact_check:", url_path="datakwaliteit"
    ),
    "audit": st.Page("pages/audit.py", title="Auditlog", icon=":material/policy:", url_path="audit"),
    "toegankelijkheid": st.Page(
        "pages/toegankelijkheid.py",
        title="Toegankelijkheid",
        icon=":material/accessibility:",
        url_path="toegankelijkheid",
    ),
}

with ui.bij_storing():  # the database failing at any moment: a Dutch message, not a traceback
    rol = sessie.aanmelden(PAGES.values())
    page = st.navigation([p for key, p in PAGES.items() if toegang.mag_pagina(rol, key)])
    doorklik_ui.navigeer(PAGES, page)  # a click on a chart, table or KPI card asked for another page
    # Each page its own browser title (set on every run, so a rerun keeps it), and the document in Dutch
    # (Streamlit's index.html says lang="en").
    st.set_page_config(page_title=f"{page.title} · {TITEL}")
    with st.sidebar:
        st.html("<script>document.documentElement.lang = 'nl'</script>", unsafe_allow_javascript=True)
        urlstaat.geschiedenis()  # one history entry per menu click (see dashboard.app.urlstaat)
    ui.sidebar()
    doorklik_ui.melding()
    page.run()
