"""The combined dossier in a dialog over the page (issue 18), and its IMG table readable in full.

A list or the map sets the open address in st.session_state[state_key]; `toon` shows the dossier in a large
st.dialog where the user is, instead of below the list. Closing it by its button, Esc or the cross clears the
state (and so the `adres` in the URL), so it does not open again on the next click elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl
import streamlit as st

from dashboard.core.tekst import md

TITEL = "Gecombineerd dossier"

# What an empty date cell says (Streamlit would show 'None'): the claim or request is still running.
NOG_OPEN = "nog open"

# The NCG and IMG panels side by side: IMG wide enough for its eight columns (KOLOMBREEDTES) in a large dialog.
PANELEN = [2, 3.4]
KOLOMBREEDTES = {
    "Melding": 95,
    "Soort": 110,
    "Fase": 80,
    "Gemeld op": 85,
    "Afgehandeld op": 105,
    "Urgent": 55,
    "Toestemming": 95,
    "Gekoppeld": 75,
}


def meldingen_kolommen() -> dict:
    """Column widths of the dossier's IMG claims so every column, Toestemming too, fits its panel."""
    cc = st.column_config
    kolommen = {n: cc.TextColumn(n, width=b) for n, b in KOLOMBREEDTES.items()}
    kolommen["Gemeld op"] = cc.DateColumn("Gemeld op", format="DD-MM-YYYY", width=KOLOMBREEDTES["Gemeld op"])
    kolommen["Afgehandeld op"] = cc.DateColumn(
        "Afgehandeld op", format="DD-MM-YYYY", width=KOLOMBREEDTES["Afgehandeld op"]
    )
    for n in ("Urgent", "Toestemming"):
        kolommen[n] = cc.CheckboxColumn(n, width=KOLOMBREEDTES[n])
    return kolommen


def ncg_tabel(kenmerken: Sequence[tuple[str, str]]) -> None:
    """The NCG record (Kenmerk, Waarde) as a static table whose cells wrap, so a long value (a group's text) and
    a long label read in full in the narrow panel; st.dataframe's canvas cut both off at the column's edge.
    st.table renders Markdown in its cells: delivered values are escaped (dashboard.core.tekst.md)."""
    st.table(
        pl.DataFrame([(md(k), md(w)) for k, w in kenmerken], schema=["Kenmerk", "Waarde"], orient="row"),
        hide_index=True,
    )


def _sluiten(state_key: str) -> None:
    st.session_state[state_key] = None


def toon(ncg_id: str, state_key: str, inhoud: Callable[[str], None]) -> None:
    """The dossier of `ncg_id` (drawn by `inhoud`) in a dialog; its close button and dismissing clear `state_key`."""

    def venster() -> None:
        inhoud(ncg_id)
        if st.button("Dossier sluiten", key=f"{state_key}_sluiten", icon=":material/close:"):
            _sluiten(state_key)
            st.rerun()

    st.dialog(TITEL, width="large", on_dismiss=lambda: _sluiten(state_key))(venster)()
