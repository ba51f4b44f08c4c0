"""Dashboard Schade & Versterken: the router. Pages live in pages/, logic in src/dashboard/."""

import streamlit as st

from dashboard import toegang, ui

st.set_page_config(page_title="Dashboard Schade & Versterken", page_icon=":material/home_work:", layout="wide")

# Each page under its key in dashboard.toegang.PAGINAS, which says which roles get it.
PAGES = {
    "overzicht": st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", url_path="overzicht", default=True),
    "fasematrix": st.Page("pages/fasematrix.py", title="Fasematrix", icon=":material/grid_on:", url_path="fasematrix"),
    "kandidaten": st.Page("pages/kandidaten.py", title="Kandidaten", icon=":material/checklist:", url_path="kandidaten"),
    "kaart": st.Page("pages/kaart.py", title="Kaart", icon=":material/map:", url_path="kaart"),
    "svip": st.Page("pages/svip.py", title="SVIP", icon=":material/forum:", url_path="svip"),
    "ivr": st.Page("pages/ivr.py", title="Telefonie (IVR)", icon=":material/call:", url_path="ivr"),
    "samenwerking": st.Page("pages/samenwerking.py", title="Samenwerking", icon=":material/handshake:", url_path="samenwerking"),
    "trend": st.Page("pages/trend.py", title="Trend", icon=":material/timeline:", url_path="trend"),
    "signalen": st.Page("pages/signalen.py", title="Signalen", icon=":material/notifications_active:", url_path="signalen"),
    "datakwaliteit": st.Page("pages/datakwaliteit.py", title="Datakwaliteit", icon=":material/fact_check:", url_path="datakwaliteit"),
    "audit": st.Page("pages/audit.py", title="Auditlog", icon=":material/policy:", url_path="audit"),
}

with ui.bij_storing():  # the database failing at any moment: a Dutch message, not a traceback
    rol = ui.aanmelden(PAGES.values())
    page = st.navigation([p for key, p in PAGES.items() if toegang.mag_pagina(rol, key)])
    ui.sidebar()
    page.run()
