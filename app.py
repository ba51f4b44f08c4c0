"""Dashboard Schade & Versterken: the router. Pages live in pages/, logic in src/dashboard/."""

import streamlit as st

from dashboard import ui

st.set_page_config(page_title="Dashboard Schade & Versterken", page_icon=":material/home_work:", layout="wide")

PAGES = [
    st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", url_path="overzicht", default=True),
    st.Page("pages/fasematrix.py", title="Fasematrix", icon=":material/grid_on:", url_path="fasematrix"),
    st.Page("pages/kandidaten.py", title="Kandidaten", icon=":material/checklist:", url_path="kandidaten"),
]

page = st.navigation(PAGES)
ui.sidebar()
page.run()
