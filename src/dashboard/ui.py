"""The Streamlit glue: database access, caching, the global filters and the URL.

Everything else in the package is plain Python; this is the one module that
imports Streamlit. Cached functions take only plain, hashable arguments (the
database URL and the filter values), so their cache key is exactly the view.
"""

from __future__ import annotations

import logging
from datetime import date

import streamlit as st
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard import config, db, fmt, overzicht
from dashboard.domain import PROGRAMMA_LABELS
from dashboard.filters import Filters, from_query_params
from dashboard.loader import DeliveryError, load_delivery

log = logging.getLogger(__name__)

_CACHE_TTL = 600  # seconds; a new load also changes the key through its load time


# ---------------------------------------------------------------- database


@st.cache_resource(show_spinner="De database wordt voorbereid; de eerste keer wordt de voorbeelddata geladen …")
def _ready_engine(url: str) -> Engine:
    eng = db.engine(url)
    with eng.connect() as conn:
        conn.execute(text("select 1"))
    db.create_schema(eng)
    if config.is_embedded(url):
        with eng.connect() as conn:
            empty = not db.stored_peildata(conn)
        if empty:
            load_delivery(config.sample_data_dir(), eng)
    return eng


def database_url() -> str:
    """The configured database, ready to query; stops the page with a Dutch message if it is not."""
    url = config.database_url()
    try:
        _ready_engine(url)
    except (SQLAlchemyError, OSError, DeliveryError) as exc:
        log.exception("database not reachable")
        st.error(
            "**De database is niet bereikbaar.** Het dashboard kan nu geen gegevens tonen. "
            "Probeer het over enkele minuten opnieuw; blijft dit zo, neem dan contact op met de beheerder.",
            icon=":material/cloud_off:",
        )
        with st.expander("Technische details voor de beheerder"):
            st.code(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
        st.stop()
    return url


@st.cache_data(ttl=60, show_spinner=False)
def peildata(url: str) -> list[tuple[date, object]]:
    with db.engine(url).connect() as conn:
        frame = db.fetch(conn, "peildata")
    return list(zip(frame["peildatum"], frame["geladen_op"]))


@st.cache_data(ttl=_CACHE_TTL, show_spinner=False)
def filter_opties(url: str, peildatum: date, _geladen_op: object) -> tuple[list[str], list[str]]:
    with db.engine(url).connect() as conn:
        frame = db.fetch(conn, "filter_opties", peildatum=peildatum)
    gemeenten = sorted(set(frame["gemeente"]))
    programmas = [p for p in PROGRAMMA_LABELS if p in set(frame["programma"])]
    return gemeenten, programmas


@st.cache_data(ttl=_CACHE_TTL, show_spinner="Gegevens worden opgehaald …")
def overzicht_data(
    url: str,
    geladen_op: object,
    peildatum: date,
    gemeenten: tuple[str, ...],
    programmas: tuple[str, ...],
    van: date | None,
    tot: date | None,
) -> overzicht.OverzichtData:
    with db.engine(url).connect() as conn:
        return overzicht.load(conn, Filters(peildatum, gemeenten, programmas), van, tot)


@st.cache_data(ttl=_CACHE_TTL, show_spinner=False)
def perioden(url: str, geladen_op: object, peildatum: date) -> overzicht.Perioden:
    with db.engine(url).connect() as conn:
        return overzicht.perioden(conn, peildatum)


# ---------------------------------------------------------------- global filters


def sidebar() -> Filters:
    """The global filters, shared by every page and mirrored in the URL."""
    url = database_url()
    stored = peildata(url)
    if not stored:
        st.info(
            "De database bevat nog geen aanlevering. Laad er een met "
            "`dashboard load --source MAP`; zie de README.",
            icon=":material/inbox:",
        )
        st.stop()
    loaded_at = dict(stored)
    dates = [d for d, _ in stored]

    if "_filters_from_url" not in st.session_state:
        # First run of this session: a shared link sets the view.
        wanted = from_query_params({k: st.query_params.get_all(k) for k in st.query_params}, dates, [], [])
        st.session_state["f_peildatum"] = wanted.peildatum
        st.session_state["_filters_from_url"] = True
        _url_lists = {k: st.query_params.get_all(k) for k in ("gemeente", "programma")}
    else:
        _url_lists = None

    with st.sidebar:
        st.markdown("### Filters")
        peildatum = st.selectbox(
            "Peildatum",
            dates,
            key="f_peildatum",
            format_func=fmt.datum,
            help="De aanlevering waarop alle pagina's zich baseren.",
        )
        gemeenten, programmas = filter_opties(url, peildatum, loaded_at[peildatum])
        if _url_lists is not None:
            st.session_state["f_gemeenten"] = [g for g in _url_lists["gemeente"] if g in gemeenten]
            st.session_state["f_programmas"] = [p for p in _url_lists["programma"] if p in programmas]
        # Values of another snapshot that this one lacks are dropped, not errors.
        for key, options in (("f_gemeenten", gemeenten), ("f_programmas", programmas)):
            if key in st.session_state:
                st.session_state[key] = [v for v in st.session_state[key] if v in options]
        gekozen_gemeenten = st.multiselect("Gemeente", gemeenten, key="f_gemeenten", placeholder="Alle gemeenten")
        gekozen_programmas = st.multiselect(
            "Programma",
            programmas,
            key="f_programmas",
            format_func=lambda p: PROGRAMMA_LABELS.get(p, p),
            placeholder="Alle programma's",
        )
        st.caption(f"Aanlevering geladen op {fmt.datum(loaded_at[peildatum])}")

    filters = Filters(peildatum, tuple(sorted(gekozen_gemeenten)), tuple(sorted(gekozen_programmas)))
    _write_url(filters)
    st.session_state["filters"] = filters
    st.session_state["geladen_op"] = loaded_at[peildatum]
    return filters


def _write_url(filters: Filters) -> None:
    qp = st.query_params
    wanted = filters.to_query_params()
    for key in ("peildatum", "gemeente", "programma"):
        if key not in wanted:
            if key in qp:
                del qp[key]
        elif qp.get_all(key) != (wanted[key] if isinstance(wanted[key], list) else [wanted[key]]):
            qp[key] = wanted[key]


def current_filters() -> Filters:
    return st.session_state["filters"]


def filter_beschrijving(filters: Filters) -> str:
    gemeenten = ", ".join(filters.gemeenten) if filters.gemeenten else "alle"
    programmas = ", ".join(PROGRAMMA_LABELS.get(p, p) for p in filters.programmas) if filters.programmas else "alle"
    return f"Peildatum {fmt.datum(filters.peildatum)} · gemeente: {gemeenten} · programma: {programmas}"


def page_header(title: str, intro: str | None = None) -> Filters:
    filters = current_filters()
    st.title(title)
    st.caption(filter_beschrijving(filters))
    if intro:
        st.markdown(intro)
    return filters
