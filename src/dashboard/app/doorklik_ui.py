"""The Streamlit side of cross-filtering and drill-through (dashboard.app.doorklik decides where a click leads).

A click's callback (`volg`) sets the target page's session state at once, before any widget of the run
exists, and leaves the Doel for app.py, which calls `navigeer` right after st.navigation: that opens the
target page with st.switch_page and its query parameters (the sidebar's filters and the page's own).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from dashboard.app import urlstaat
from dashboard.app.doorklik import Doel
from dashboard.core import toegang
from dashboard.core.filters import Filters

WACHTEND = "_doorklik_doel"
# The widgets app.py draws on every page (the demo role, the sidebar's filters). st.switch_page reruns without the
# browser's widget states, and such a widget then falls back to its default (a stuurgroep became beheerder):
# measured in Chromium with Streamlit 1.67. Their values, written back as session state, survive the switch.
BEWAREN = ("demo_rol", "f_peildatum", "f_gemeenten", "f_programmas")


def volg(doel: Doel) -> None:
    """A widget callback: set what the target page reads and ask app.py to open it."""
    for sleutel in BEWAREN:
        if sleutel in st.session_state:
            st.session_state[sleutel] = st.session_state[sleutel]
    for sleutel, waarde in {**doel.sidebar_staat(), **doel.staat}.items():
        st.session_state[sleutel] = waarde
    st.session_state[WACHTEND] = doel
    # The target page's view is this state, not its URL's defaults: urlstaat.herstel keeps it once, and the
    # page then writes it into its URL (a shareable link of the view the click opened).
    st.session_state[urlstaat.VAST] = set(doel.staat)


def query_params(doel: Doel, filters: Filters | None) -> dict[str, str | list[str]]:
    """The target's URL: the sidebar's filters (with the Doel's changes) and the page's own parameters."""
    out: dict[str, str | list[str]] = {}
    if filters is not None:
        veranderd = filters
        if doel.gemeenten is not None:
            veranderd = dataclasses.replace(veranderd, gemeenten=tuple(doel.gemeenten))
        if doel.peildatum is not None:
            veranderd = dataclasses.replace(veranderd, peildatum=doel.peildatum)
        out |= veranderd.to_query_params()
    return out | dict(doel.params)


def navigeer(paginas: Mapping[str, Any], huidige: Any) -> None:
    """In app.py after st.navigation: open the page a click asked for (nothing if it is this page)."""
    doel: Doel | None = st.session_state.pop(WACHTEND, None)
    if doel is None or doel.pagina not in paginas:
        return
    if not toegang.mag_pagina(st.session_state.get("rol"), doel.pagina):
        return
    if doel.omschrijving:
        st.session_state["_doorklik_melding"] = doel.omschrijving
    if paginas[doel.pagina].url_path == huidige.url_path:
        return
    st.switch_page(paginas[doel.pagina], query_params=query_params(doel, st.session_state.get("filters")))


def melding() -> None:
    """On the target page: a short note saying which click opened this view (once)."""
    tekst = st.session_state.pop("_doorklik_melding", None)
    if tekst:
        st.toast(f"Doorgeklikt: {tekst}", icon=":material/filter_alt:")


def bij_klik(key: str, naar: Callable[[Any], Doel | None], *, tabel: bool = False) -> Callable[[], None]:
    """An on_select callback for the chart or table under `key`: the Doel of its selection, followed.

    A table's cell selection is cleared afterwards, so the filtered table does not keep a cell it may lack.
    """

    def terugroep() -> None:
        doel = naar(st.session_state.get(key))
        if tabel:
            st.session_state[key] = {"selection": {"rows": [], "columns": [], "cells": []}}
        if doel is not None:
            volg(doel)

    return terugroep


def kpi_knop(doel: Doel, *, key: str, label: str | None = None) -> None:
    """Under a KPI card (st.metric): a button to the view that explains it."""
    st.button(
        label or doel.omschrijving or "Details",
        key=key,
        on_click=volg,
        args=(doel,),
        type="tertiary",
        icon=":material/arrow_forward:",
        help=f"Open: {doel.omschrijving}" if doel.omschrijving else None,
    )
