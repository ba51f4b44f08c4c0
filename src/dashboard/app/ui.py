"""The Streamlit glue every page starts from: the database and the sample's first load, the role cache, the global
filters in the sidebar and the URL, and the cached data functions the pages call.

Cached functions take only plain, hashable arguments (the database URL and the filter values), so their cache
key is exactly the view; `rolcache` adds the session's role to it. The rest of the app layer builds on this
module: sessie (login, demo mode, audit), widgets (charts and tables with their downloads), dossier (address
lists and the combined dossier), legenda (the map's legends), opvolging_ui (the follow-up of signals).

Why about 600 lines: the data functions share the engine, the role cache and the filters, and are one job
(what a page asks for); the sidebar reads the same cached peildata and filter options. Kept in one module, which
was ui.py before the split into app/, so its history follows.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import threading
import time
from datetime import date

import polars as pl
import streamlit as st
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard.app import reekslader, urlstaat
from dashboard.core import config, fmt, toegang
from dashboard.core.domain import PROGRAMMA_LABELS
from dashboard.core.filters import Filters, Selectie, from_query_params
from dashboard.core.tekst import md
from dashboard.store import adresframe, db
from dashboard.store.loader import DeliveryError, delivery_folders, load_delivery
from dashboard.subjects import (
    adressen,
    datakwaliteit,
    ivr,
    kaart,
    overzicht,
    samenwerking,
    signalen,
    svip,
    trend,
    verstoring,
)

log = logging.getLogger(__name__)

_CACHE_TTL = 600  # seconds; a new load also changes the key through its load time


def huidige_rol() -> str | None:
    """The role of this session, set by `aanmelden` before any page runs."""
    return st.session_state.get("rol")


def rolcache(*, adresniveau: bool = False, **cache_kwargs):
    """st.cache_data whose key includes the session's role, so no role is served another role's data.

    With `adresniveau`, the data is address-level: fetching it is refused unless the role may see
    addresses, whatever the page shows or hides.
    """
    cache_kwargs.setdefault("ttl", _CACHE_TTL)

    def decorate(fn):
        @functools.wraps(fn)
        def per_rol(rol, *args, **kwargs):
            if adresniveau:
                toegang.vereis_adressen(rol)
            return fn(*args, **kwargs)

        cached = st.cache_data(**cache_kwargs)(per_rol)

        @functools.wraps(fn)
        def call(*args, **kwargs):
            rol = huidige_rol()
            if adresniveau and not toegang.mag_adressen(rol):
                st.error("U heeft geen toegang tot gegevens op adresniveau.", icon=":material/lock:")
                st.stop()
            return cached(rol, *args, **kwargs)

        call.clear = cached.clear
        return call

    return decorate


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}


def instellingen() -> toegang.Instellingen:
    return toegang.Instellingen.uit(_secrets().get("toegang"))


def drempel() -> int:
    """Counts below this are shown as '<drempel>' to aggregate roles ([toegang] drempel, default 5)."""
    return instellingen().drempel


def mag_adressen() -> bool:
    return toegang.mag_adressen(huidige_rol())


# ---------------------------------------------------------------- database


@st.cache_resource(show_spinner="De database wordt voorbereid …")
def _ready_engine(url: str) -> Engine:
    eng = db.engine(url)
    with eng.connect() as conn:
        conn.execute(text("select 1"))
    outdated = db.outdated_tables(eng)
    if outdated and config.is_embedded(url):
        # The embedded database only ever holds the bundled sample: rebuild it for this version.
        log.warning("embedded database has an older schema; rebuilding it from the sample")
        db.drop_schema(eng)
    elif outdated:
        raise DeliveryError(f"database schema older than this version: tables {', '.join(outdated)}")
    db.create_schema(eng)
    return eng


class _Voorbeeldstaat:
    """Whether this process has made sure the embedded database holds the sample; one session loads it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.klaar = False


@st.cache_resource(show_spinner=False)
def _voorbeeldstaat(url: str) -> _Voorbeeldstaat:
    return _Voorbeeldstaat()


def _voorbeeld_laden_nodig(url: str) -> bool:
    """Whether this run may have to load the sample into the embedded database first (cheap: no query)."""
    return config.is_embedded(url) and not _voorbeeldstaat(url).klaar


def _voorbeelddata(url: str, eng: Engine) -> None:
    """On the first start the embedded database gets the sample's snapshots, with the progress on the page.

    Not inside a cached function: Streamlit would replay the progress elements on every later run. The
    first session loads; a session that arrives meanwhile waits under a spinner; later runs return at once.
    """
    staat = _voorbeeldstaat(url)
    if staat.klaar:
        return
    if not staat.lock.acquire(blocking=False):
        with st.spinner("De voorbeelddata wordt geladen; dat gebeurt één keer, bij de eerste start …"):
            staat.lock.acquire()
    try:
        if staat.klaar:
            return
        with eng.connect() as conn:
            stored = set(db.stored_peildata(conn))
        folders = _sample_to_load(stored)
        if folders:
            _laden_met_voortgang(folders, eng)
        staat.klaar = True
        reekslader.starten(url, eng, na_laden=_na_reekslading)  # the monthly series, in the background
    finally:
        staat.lock.release()


def _laden_met_voortgang(folders: list, eng: Engine) -> None:
    """Load the sample's delivery folders, oldest first, saying which one is being loaded."""
    n = len(folders)
    begin = time.monotonic()
    with st.status(
        f"Eerste start: de voorbeelddata wordt in de database geladen ({n} aanleveringen) …", expanded=True
    ) as status:
        balk = st.progress(0.0)
        for i, folder in enumerate(folders, start=1):
            wat = f"Aanlevering {i} van {n} ({fmt.datum(date.fromisoformat(folder.name))})"
            status.update(label=f"{wat} wordt geladen …", expanded=True)
            balk.progress((i - 1) / n, text=f"{wat} wordt geladen …")
            try:
                resultaat = load_delivery(folder, eng)
            except Exception:
                status.update(label=f"{wat} kon niet worden geladen.", state="error")
                raise
            st.write(f"{wat} geladen: {fmt.getal(resultaat.rijen_geladen)} rijen.")
        duur = fmt.decimaal(time.monotonic() - begin, 1)
        balk.progress(1.0, text=f"Klaar: {n} aanleveringen in {duur} s.")
        status.update(label=f"Voorbeelddata geladen: {n} aanleveringen in {duur} s.", state="complete", expanded=False)


def _na_reekslading() -> None:
    """A month of the sample's series was loaded in the background: the next run sees it."""
    from dashboard.app import sessie  # sessie imports ui, not the other way round

    peildata.clear()
    sessie._alleen_voorbeelddata.clear()


def _sample_to_load(stored: set[date]) -> list:
    """The sample's snapshots (one folder per peildatum, oldest first) the embedded database lacks: all when it
    is empty, the missing ones when it holds sample snapshots only (an older version bundled fewer), none
    once other deliveries were loaded into it."""
    folders = {date.fromisoformat(f.name): f for f in delivery_folders(config.sample_data_dir())}
    if stored and not stored < folders.keys():
        return []
    return [f for d, f in sorted(folders.items()) if d not in stored]


def database_url() -> str:
    """The configured database, ready to query; stops the page with a Dutch message if it is not."""
    url = config.database_url()
    try:
        eng = _ready_engine(url)
        if config.is_embedded(url):
            _voorbeelddata(url, eng)
    except (SQLAlchemyError, OSError, DeliveryError) as exc:
        db.engine(url).dispose()  # as in bij_storing: no connection that saw the failure is used again
        _niet_bereikbaar(exc)
    return url


def _databasefouten() -> tuple[type[BaseException], ...]:
    """What a failing database raises: SQLAlchemy's errors, and the drivers' own where rows are fetched raw."""
    import sqlite3

    fouten: list[type[BaseException]] = [SQLAlchemyError, sqlite3.Error]
    try:
        import psycopg

        fouten.append(psycopg.Error)
    except ImportError:  # pragma: no cover - psycopg is a dependency
        pass
    return tuple(fouten)


@contextlib.contextmanager
def bij_storing():
    """Around the whole script run (app.py): a database failure at any moment, on any page, gives the Dutch
    message of `database_url` instead of Streamlit's English error. Nothing failed is cached, and the pool's
    connections are dropped (an SQLite connection that read a broken file keeps failing after the file is
    back), so the next run after the database is back works again."""
    try:
        yield
    except _databasefouten() as exc:
        db.engine(config.database_url()).dispose()
        _niet_bereikbaar(exc)


def _niet_bereikbaar(exc: BaseException) -> None:
    """The Dutch message that the database cannot be reached (details only where error details are shown)."""
    log.exception("database not reachable")
    st.error(
        "**De database is niet bereikbaar.** Het dashboard kan nu geen gegevens tonen. "
        "Probeer het over enkele minuten opnieuw; blijft dit zo, neem dan contact op met de beheerder.",
        icon=":material/cloud_off:",
    )
    if st.get_option("client.showErrorDetails") not in ("none", False):
        with st.expander("Technische details voor de beheerder"):
            st.code(f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}")
    st.stop()


@st.cache_data(ttl=60, show_spinner=False)
def peildata(url: str) -> list[tuple[date, object]]:
    with db.engine(url).connect() as conn:
        frame = db.fetch(conn, "peildata")
    return list(zip(frame["peildatum"], frame["geladen_op"]))


def filter_opties(url: str, peildatum: date, geladen_op: object) -> tuple[list[str], list[str]]:
    """The gemeenten and programmas the global filters offer, from the sidebar's one cached query."""
    telling = _adressen_per_filterwaarde(url, peildatum, geladen_op)
    programmas = {p for _, p in telling}
    return sorted({g for g, _ in telling}), [p for p in PROGRAMMA_LABELS if p in programmas]


@st.cache_data(ttl=_CACHE_TTL, show_spinner=False)
def _adressen_per_filterwaarde(url: str, peildatum: date, _geladen_op: object) -> dict[tuple[str, str], int]:
    """The addresses per (gemeente, programma) of a snapshot: the filters' options and the count they leave."""
    with db.engine(url).connect() as conn:
        frame = db.fetch(conn, "filter_opties", peildatum=peildatum)
    return {(r["gemeente"], r["programma"]): int(r["aantal"]) for r in frame.iter_rows(named=True)}


def adressen_in_filters(filters: Filters) -> int:
    """The addresses the global filters leave (before a page's own filters), from the sidebar's query."""
    telling = _adressen_per_filterwaarde(database_url(), filters.peildatum, st.session_state["geladen_op"])
    return sum(
        n
        for (g, p), n in telling.items()
        if (not filters.gemeenten or g in filters.gemeenten) and (not filters.programmas or p in filters.programmas)
    )


# ---------------------------------------------------------------- the shared address frames

# Snapshots whose address frame stays in memory (each ~5 MB at scale 1, ~52 MB at scale 10). Trend reads
# every stored snapshot: with more snapshots than this, its frames are read again in turn.
_ADRESFRAMES = int(os.environ.get("DASHBOARD_ADRESFRAMES", "16"))


@st.cache_resource(max_entries=_ADRESFRAMES, show_spinner="De adressen van deze peildatum worden ingelezen …")
def _adresframe(url: str, peildatum: date, geladen_op: object) -> pl.DataFrame:
    """The address table of one snapshot, read once per database, peildatum and load time into a polars frame
    that every session shares (a new load of the peildatum changes the key and replaces it).

    Address-level data: only the data functions below read it, and each returns what its role may see
    (the address lists and points are behind rolcache(adresniveau=True); the others return aggregates).
    Never hand this frame to a page. Read-only: polars frames are immutable, so sharing is safe."""
    return adresframe.lees_url(url, peildatum)


def _frame(url: str, peildatum: date, geladen_op: object | None = None) -> pl.DataFrame:
    if geladen_op is None:
        geladen_op = dict(peildata(url)).get(peildatum)
    return _adresframe(url, peildatum, geladen_op)


def _frames(url: str, stand: tuple, peildata: list[date] | None = None) -> dict[date, pl.DataFrame]:
    """The address frames of the stored snapshots (`stand`, see below), or only of `peildata`."""
    geladen = dict(stand)
    return {p: _adresframe(url, p, geladen[p]) for p in (peildata if peildata is not None else geladen)}


@rolcache(show_spinner="Gegevens worden opgehaald …")
def overzicht_data(
    url: str,
    geladen_op: object,
    peildatum: date,
    gemeenten: tuple[str, ...],
    programmas: tuple[str, ...],
    van: date | None,
    tot: date | None,
    ivr_van: date | None = None,
    ivr_tot: date | None = None,
) -> overzicht.OverzichtData:
    """The Overzicht; its IVR, SVIP and address figures from the snapshot's shared frames (see ivr_telling,
    svip_verzoeken, _frame)."""
    telling = ivr_telling(url, peildatum, geladen_op)
    verzoeken = svip_verzoeken(url, peildatum, geladen_op)
    frame = _frame(url, peildatum, geladen_op)
    with db.engine(url).connect() as conn:
        data = overzicht.load(
            conn,
            Filters(peildatum, gemeenten, programmas),
            van,
            tot,
            ivr_van=ivr_van,
            ivr_tot=ivr_tot,
            telling=telling,
            verzoeken=verzoeken,
            adressen_frame=frame,
        )
    if toegang.onderdrukken(huidige_rol()):  # aggregate roles: cell-key perturbation (dashboard.subjects.verstoring)
        return verstoring.overzicht_data(data, frame, Filters(peildatum, gemeenten, programmas), drempel(), verzoeken)
    return data


def perioden(url: str, geladen_op: object, peildatum: date) -> overzicht.Perioden:
    """The first and last day with calls and with requests, from the snapshot's shared frames."""
    ivr_bereik = ivr.periode_van(ivr_telling(url, peildatum, geladen_op)) or (None, None)
    svip_bereik = svip.periode_van(svip_verzoeken(url, peildatum, geladen_op)) or (None, None)
    return overzicht.Perioden(*ivr_bereik, *svip_bereik)


def verstoring_melding() -> None:
    """Once per page with perturbed figures (aggregate roles): that they are, in plain Dutch, and why/how."""
    if toegang.onderdrukken(huidige_rol()):
        st.caption(verstoring.MELDING)
        with st.expander("Waarom wijken aantallen af?", icon=":material/shield_person:"):
            st.markdown(verstoring.UITLEG)


# ---------------------------------------------------------------- global filters


def sidebar() -> Filters:
    """The global filters, shared by every page and mirrored in the URL."""
    url = database_url()
    stored = peildata(url)
    if not stored:
        st.info(
            "De database bevat nog geen aanlevering. Laad er een met `dashboard load --source MAP`; zie de README.",
            icon=":material/inbox:",
        )
        st.stop()
    loaded_at = dict(stored)
    dates = [d for d, _ in stored]

    # A new session, a shared link, or browser back/forward (the URL changed from outside: urlstaat) sets the view;
    # a page reached through the menu (its URL without filters) keeps the session's filters.
    van_buiten = urlstaat.begin()
    if "_filters_from_url" not in st.session_state or (van_buiten and urlstaat.in_url(urlstaat.ZIJBALK)):
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
        st.markdown(f"Aanlevering geladen op {fmt.datum(loaded_at[peildatum])}")

    filters = Filters(peildatum, tuple(sorted(gekozen_gemeenten)), tuple(sorted(gekozen_programmas)))
    _write_url(filters)
    st.session_state["filters"] = filters
    st.session_state["geladen_op"] = loaded_at[peildatum]
    return filters


def _write_url(filters: Filters) -> None:
    wanted = filters.to_query_params()
    urlstaat.schrijf({key: wanted.get(key) for key in ("peildatum", "gemeente", "programma")})


def current_filters() -> Filters:
    if "filters" not in st.session_state:
        _through_the_router()
    return st.session_state["filters"]


def _through_the_router() -> None:
    """A page ran without app.py: a deep link opened on a fresh server.

    Until st.navigation has run once in the process, Streamlit treats pages/ as its old
    auto-discovered pages folder and runs the page file on its own. Switch that off, as
    st.navigation itself does, and run again, now through the router.
    """
    from dashboard.app import streamlit_compat

    streamlit_compat.route_through_navigation()
    st.rerun()


def filter_beschrijving(filters: Filters) -> str:
    """The filters in one line of Markdown (delivered names escaped: tekst.md)."""
    gemeenten = ", ".join(map(md, filters.gemeenten)) if filters.gemeenten else "alle"
    programmas = ", ".join(md(PROGRAMMA_LABELS.get(p, p)) for p in filters.programmas) if filters.programmas else "alle"
    return f"Peildatum {fmt.datum(filters.peildatum)} · gemeente: {gemeenten} · programma: {programmas}"


def page_header(title: str, intro: str | None = None) -> Filters:
    filters = current_filters()
    st.title(title)
    st.markdown(filter_beschrijving(filters))  # key content: body text, not the faded caption style
    if (filters.gemeenten or filters.programmas) and not adressen_in_filters(filters):
        st.info("Geen adressen in deze selectie.", icon=":material/filter_alt_off:")
    if intro:
        st.markdown(intro)
    return filters


# ---------------------------------------------------------------- address-level views (Fasematrix, Kandidaten, Kaart)


@rolcache(show_spinner=False)
def fasematrix_data(
    url: str, geladen_op: object, filters: Filters, kenmerken: tuple[str, ...]
) -> tuple[pl.DataFrame, dict[tuple, int | None]]:
    """The phase matrix and its totals; for aggregate roles with small counts suppressed (None)."""
    if toegang.onderdrukken(huidige_rol()):  # aggregate roles: cell-key perturbation (dashboard.subjects.verstoring)
        return verstoring.fasematrix(_frame(url, filters.peildatum, geladen_op), filters, kenmerken)
    matrix = adressen.fasematrix(_frame(url, filters.peildatum, geladen_op), filters, kenmerken)
    return matrix, adressen.matrix_totalen(matrix)


@rolcache(adresniveau=True, show_spinner="Adressen worden opgehaald …")
def adressen_data(url: str, geladen_op: object, filters: Filters, selectie: Selectie) -> pl.DataFrame:
    """The rows of an address list (adressen.lijstrijen): the columns adressen.adreslijst shows, groep, ncg_fase_nr
    and buren_met_melding."""
    return adressen.lijstrijen(_frame(url, filters.peildatum, geladen_op), filters, selectie)


@rolcache(adresniveau=True, show_spinner=False)
def dossier_data(url: str, geladen_op: object, peildatum: date, ncg_id: str) -> adressen.Dossier | None:
    with db.engine(url).connect() as conn:
        return adressen.dossier(conn, peildatum, ncg_id)


# ---------------------------------------------------------------- statistics (SVIP, Telefonie (IVR), Samenwerking)


_GEDEELD = 8  # snapshots (peildatum and load time) whose shared frames a process keeps


@st.cache_resource(show_spinner="Telefoniegegevens worden ingelezen …", max_entries=_GEDEELD)
def ivr_telling(url: str, peildatum: date, geladen_op: object) -> pl.DataFrame:
    """The snapshot's calls counted per day, line, menu choice, subject and hour (ivr.telling): read once per
    snapshot and load, shared by every session and role (no addresses, no small-cell suppression needed);
    a view only filters and aggregates it. A new load of the peildatum changes the key."""
    with db.engine(url).connect() as conn:
        return ivr.telling(conn, peildatum)


@st.cache_resource(show_spinner="SVIP-gegevens worden ingelezen …", max_entries=_GEDEELD)
def svip_verzoeken(url: str, peildatum: date, geladen_op: object) -> pl.DataFrame:
    """The snapshot's SVIP requests with the category of the address asked about (svip.verzoeken): read once
    per snapshot and load, shared by every session and role (no addresses; for aggregate roles `svip_data`
    perturbs every count after aggregating, by the requests' key sums)."""
    with db.engine(url).connect() as conn:
        return svip.verzoeken(conn, peildatum)


@rolcache(show_spinner=False)
def svip_data(
    url: str,
    geladen_op: object,
    peildatum: date,
    gemeenten: tuple[str, ...],
    programmas: tuple[str, ...],
    van: date,
    tot: date,
    aanvragers: tuple[str, ...],
    soorten: tuple[str, ...],
    uitkomsten: tuple[str, ...],
) -> svip.Weergave:
    """The SVIP page's figures for a selection: exact, or for aggregate roles every count perturbed by cell key
    over the requests' record keys (verstoring.svip_weergave)."""
    selectie = svip.SvipSelectie(van, tot, aanvragers, soorten, uitkomsten)
    verzoeken = svip_verzoeken(url, peildatum, geladen_op)
    data = svip.selecteer(verzoeken, Filters(peildatum, gemeenten, programmas), selectie)
    if toegang.onderdrukken(huidige_rol()):  # aggregate roles: cell-key perturbation (dashboard.subjects.verstoring)
        return verstoring.svip_weergave(verzoeken, data, drempel())
    return svip.weergave(data)


@rolcache(show_spinner=False)
def ivr_data(
    url: str,
    geladen_op: object,
    peildatum: date,
    van: date,
    tot: date,
    lijnen: tuple[str, ...],
    menukeuzes: tuple[str, ...],
    onderwerpen: tuple[str, ...],
) -> ivr.IvrData:
    selectie = ivr.IvrSelectie(van, tot, lijnen, menukeuzes, onderwerpen)
    return ivr.selecteer(ivr_telling(url, peildatum, geladen_op), selectie)


@st.cache_resource(show_spinner=False, max_entries=_GEDEELD)
def _samenwerking_gedeeld(url: str, geladen_op: object, peildatum: date) -> samenwerking.SamenwerkingData:
    """The joint actions' counts of a snapshot (two small frames): read once per snapshot and load, shared."""
    with db.engine(url).connect() as conn:
        return samenwerking.load(conn, peildatum)


@rolcache(show_spinner=False)
def samenwerking_data(url: str, geladen_op: object, peildatum: date) -> samenwerking.SamenwerkingData:
    return _samenwerking_gedeeld(url, geladen_op, peildatum)


# ---------------------------------------------------------------- the map (Kaart)


@rolcache(adresniveau=True, show_spinner="De kaart wordt opgebouwd …")
def kaart_punten(url: str, geladen_op: object, filters: Filters, selectie: Selectie, kleur_op: str) -> kaart.Punten:
    """The point layers' data for a selection, as the JSON the deck sends: built once per view, not per rerun."""
    return kaart.punten_uit_db(_frame(url, filters.peildatum, geladen_op), filters, selectie, kleur_op)


@rolcache(show_spinner="De kaart wordt opgebouwd …")
def kaart_hexagonen(url: str, geladen_op: object, filters: Filters, selectie: Selectie, resolutie: int) -> pl.DataFrame:
    """Counts per H3 cell over the shared address frame: only the aggregate is cached and returned, so this
    view stays open to roles that may not see addresses."""
    if toegang.onderdrukken(huidige_rol()):  # aggregate roles: cell-key perturbation (dashboard.subjects.verstoring)
        return verstoring.hexagonen(_frame(url, filters.peildatum, geladen_op), filters, selectie, resolutie)
    return kaart.hexagonen(_frame(url, filters.peildatum, geladen_op), filters, selectie, resolutie)


@rolcache(show_spinner=False)
def kaart_gemeenten_verstoord(url: str, geladen_op: object, filters: Filters, selectie: Selectie) -> pl.DataFrame:
    """Kaart's per-municipality table for aggregate roles, every count perturbed (verstoring.gemeente_tabel)."""
    return verstoring.gemeente_tabel(_frame(url, filters.peildatum, geladen_op), filters, selectie)


def te_veel_punten(filters: Filters, selectie: Selectie) -> int | None:
    """The selection's addresses with coordinates when there are more than the map draws as points, else None.

    The sidebar's counts bound the selection from above; only a large one is counted exactly."""
    if adressen_in_filters(filters) <= kaart.MAX_PUNTEN:
        return None
    op_kaart = int(
        kaart_per_gemeente(database_url(), st.session_state["geladen_op"], filters, selectie)["op_kaart"].sum()
    )
    return op_kaart if op_kaart > kaart.MAX_PUNTEN else None


@rolcache(show_spinner=False)
def kaart_per_gemeente(url: str, geladen_op: object, filters: Filters, selectie: Selectie) -> pl.DataFrame:
    return kaart.per_gemeente(_frame(url, filters.peildatum, geladen_op), filters, selectie)


# ---------------------------------------------------------------- over time (Trend, Signalen, Datakwaliteit)


def stand(url: str) -> tuple[tuple[date, object], ...]:
    """Every stored snapshot with its load time, newest first: the cache key of views that span snapshots
    (reloading any of them, or adding one, changes it)."""
    return tuple(peildata(url))


@rolcache(show_spinner="Gegevens worden opgehaald …")
def trend_data(url: str, stand: tuple, gemeenten: tuple[str, ...], programmas: tuple[str, ...]) -> pl.DataFrame:
    filters = Filters(stand[0][0], gemeenten, programmas)
    return trend.trend(_frames(url, stand), filters)


@rolcache(show_spinner=False)
def trend_verstoord(
    url: str, stand: tuple, gemeenten: tuple[str, ...], programmas: tuple[str, ...]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Trend's figure 1 and groups per peildatum for aggregate roles, perturbed (verstoring.trend)."""
    return verstoring.trend(_frames(url, stand), Filters(stand[0][0], gemeenten, programmas))


@rolcache(show_spinner="De stroom wordt berekend …")
def stroom_verstoord(
    url: str,
    stand: tuple,
    gemeenten: tuple[str, ...],
    programmas: tuple[str, ...],
    van: date,
    naar: date,
    soort: str,
    alleen_met_groep: bool,
) -> tuple[pl.DataFrame, dict]:
    """Trend's flows and node totals for aggregate roles, perturbed (verstoring.stroom)."""
    return verstoring.stroom(
        _frames(url, stand, [van, naar]), Filters(naar, gemeenten, programmas), van, naar, soort, alleen_met_groep
    )


@rolcache(show_spinner="De stroom wordt berekend …")
def stroom_data(
    url: str, stand: tuple, gemeenten: tuple[str, ...], programmas: tuple[str, ...], van: date, naar: date
) -> pl.DataFrame:
    filters = Filters(naar, gemeenten, programmas)
    return trend.stroom(_frames(url, stand, [van, naar]), filters, van, naar)


@rolcache(adresniveau=True, show_spinner="Signalen worden opgehaald …")
def signalen_data(url: str, stand: tuple, filters: Filters, vorige: date) -> pl.DataFrame:
    return signalen.signalen(_frames(url, stand, [filters.peildatum, vorige]), filters, vorige)


@st.cache_data(ttl=10, show_spinner=False)
def weigeringen_data(url: str) -> pl.DataFrame:
    """Refused deliveries (Datakwaliteit): a refusal changes no snapshot, so this is cached briefly, not by stand."""
    with db.engine(url).connect() as conn:
        return datakwaliteit.weigeringen(conn)


# The load log, its rejects and the link rates change only with a load (which changes `stand`): read once
# per load state and shared by the sessions (st.cache_resource); the role-keyed functions below check the
# role where the data is fetched, then take the shared frames.


@st.cache_resource(show_spinner=False, max_entries=4)
def _laadlog_gedeeld(url: str, stand: tuple) -> pl.DataFrame:
    with db.engine(url).connect() as conn:
        return datakwaliteit.laadlog(conn)


@st.cache_resource(show_spinner=False, max_entries=16)
def _afwijzingen_gedeeld(url: str, stand: tuple, load_id: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    with db.engine(url).connect() as conn:
        return datakwaliteit.afwijzingen_per_reden(conn, load_id), datakwaliteit.afwijzingen(conn, load_id)


@st.cache_resource(show_spinner=False, max_entries=4)
def _koppeling_gedeeld(url: str, stand: tuple) -> pl.DataFrame:
    with db.engine(url).connect() as conn:
        return datakwaliteit.koppeling(conn)


@rolcache(show_spinner=False)
def laadlog_data(url: str, stand: tuple) -> pl.DataFrame:
    return _laadlog_gedeeld(url, stand)


@rolcache(adresniveau=True, show_spinner=False)
def afwijzingen_data(url: str, stand: tuple, load_id: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rejects of one load: per file, column and reason, and every rejected value."""
    return _afwijzingen_gedeeld(url, stand, load_id)


@rolcache(show_spinner=False)
def koppeling_data(url: str, stand: tuple) -> pl.DataFrame:
    return _koppeling_gedeeld(url, stand)
