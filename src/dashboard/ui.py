"""The Streamlit glue: database access, caching, the global filters and the URL.

Everything else in the package is plain Python; this is the one module that
imports Streamlit (with opvolging_ui, the follow-up of signals' work queue). Cached functions take only plain, hashable arguments (the
database URL and the filter values), so their cache key is exactly the view.
"""

from __future__ import annotations

import contextlib
import functools
import html
from collections.abc import Callable
import logging
import os
import re
import threading
import time
from datetime import date

import polars as pl
import streamlit as st
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard import adresframe, adressen, audit, config, db, export, fmt, overzicht, rapport, toegang
from dashboard.domain import PROGRAMMA_LABELS
from dashboard.filters import Filters, Selectie, from_query_params
from dashboard.loader import DeliveryError, delivery_folders, load_delivery
from dashboard.tekst import md

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
    finally:
        staat.lock.release()


def _laden_met_voortgang(folders: list, eng: Engine) -> None:
    """Load the sample's delivery folders, oldest first, saying which one is being loaded."""
    n = len(folders)
    begin = time.monotonic()
    with st.status(f"Eerste start: de voorbeelddata wordt in de database geladen ({n} aanleveringen) …",
                   expanded=True) as status:
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


@st.cache_data(ttl=_CACHE_TTL, show_spinner=False)
def filter_opties(url: str, peildatum: date, _geladen_op: object) -> tuple[list[str], list[str]]:
    with db.engine(url).connect() as conn:
        frame = db.fetch(conn, "filter_opties", peildatum=peildatum)
    gemeenten = sorted(set(frame["gemeente"]))
    programmas = [p for p in PROGRAMMA_LABELS if p in set(frame["programma"])]
    return gemeenten, programmas


@st.cache_data(ttl=_CACHE_TTL, show_spinner=False)
def _adressen_per_filterwaarde(url: str, peildatum: date, _geladen_op: object) -> dict[tuple[str, str], int]:
    with db.engine(url).connect() as conn:
        frame = db.fetch(conn, "filter_opties", peildatum=peildatum)
    return {(r["gemeente"], r["programma"]): int(r["aantal"]) for r in frame.iter_rows(named=True)}


def adressen_in_filters(filters: Filters) -> int:
    """The addresses the global filters leave (before a page's own filters), from the sidebar's query."""
    telling = _adressen_per_filterwaarde(database_url(), filters.peildatum, st.session_state["geladen_op"])
    return sum(n for (g, p), n in telling.items()
               if (not filters.gemeenten or g in filters.gemeenten) and (not filters.programmas or p in filters.programmas))


# ---------------------------------------------------------------- the shared address frames

# Snapshots whose address frame stays in memory (each ~5 MB at scale 1, ~52 MB at scale 10). Trend reads
# every stored snapshot: with more snapshots than this, its frames are read again in turn.
_ADRESFRAMES = int(os.environ.get("DASHBOARD_ADRESFRAMES", "8"))


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
        data = overzicht.load(conn, Filters(peildatum, gemeenten, programmas), van, tot, ivr_van=ivr_van,
                              ivr_tot=ivr_tot, telling=telling, verzoeken=verzoeken, adressen_frame=frame)
    return overzicht.onderdruk(data, drempel()) if toegang.onderdrukken(huidige_rol()) else data


def perioden(url: str, geladen_op: object, peildatum: date) -> overzicht.Perioden:
    """The first and last day with calls and with requests, from the snapshot's shared frames."""
    ivr_bereik = ivr.periode_van(ivr_telling(url, peildatum, geladen_op)) or (None, None)
    svip_bereik = svip.periode_van(svip_verzoeken(url, peildatum, geladen_op)) or (None, None)
    return overzicht.Perioden(*ivr_bereik, *svip_bereik)


# ---------------------------------------------------------------- access: login, roles, demo mode


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}


def instellingen() -> toegang.Instellingen:
    return toegang.Instellingen.uit(_secrets().get("toegang"))


@st.cache_resource(show_spinner=False)
def _voorbeeld_vingerafdrukken() -> frozenset[str]:
    from dashboard.loader import delivery_folders
    from dashboard.loader.read import find_files

    return frozenset(toegang.vingerafdruk(find_files(f).values()) for f in delivery_folders(config.sample_data_dir()))


@st.cache_data(ttl=60, show_spinner=False)
def _alleen_voorbeelddata(url: str) -> bool:
    with db.engine(url).connect() as conn:
        opgeslagen = db.fetch(conn, "snapshot_bronnen")["vingerafdruk"].to_list()
    return toegang.alleen_voorbeelddata(opgeslagen, _voorbeeld_vingerafdrukken())


def _poort(paginas) -> None:
    """A gate (login, 'geen toegang', refusal) lists no pages.

    Until st.navigation has run once in the server process, Streamlit treats pages/ as its old
    auto-discovered pages folder and lists every file in it in the sidebar (audit, datakwaliteit,
    ...), and a gate stops before app.py reaches st.navigation. Registering the app's pages hidden
    replaces that list, ends the old mode for good, and keeps a deep link from being 'not found'.
    No page runs: the gate stops the run.
    """
    st.navigation(list(paginas), position="hidden")


def aanmelden(paginas) -> str:
    """Who is this and in which role? Stops the run with a login, 'geen toegang' or refusal page if needed.

    With [auth] configured: Streamlit's OIDC login; the role comes from a claim or the role table.
    Without it: demo mode, allowed only on the bundled synthetic sample, with a role switcher.
    `paginas` are the app's st.Page objects, registered hidden on a gate (see `_poort`).
    """
    if "auth" in _secrets():
        if not st.user.get("is_logged_in", False):
            _poort(paginas)
            st.title("Dashboard Schade & Versterken")
            st.markdown("Dit dashboard bevat persoonsgegevens. Meld u aan met uw organisatieaccount.")
            st.button("Aanmelden", on_click=st.login, icon=":material/login:", type="primary", key="aanmelden")
            st.stop()
        gebruiker = st.user.to_dict()
        rol = toegang.rol_van(gebruiker, instellingen())
        naam = str(gebruiker.get("email") or gebruiker.get("name") or gebruiker.get("sub") or "onbekend")
        if rol is None:
            _poort(paginas)
            st.title("Geen toegang")
            st.error(
                f"U bent aangemeld als {md(naam)}, maar aan dit account is geen rol toegekend. "
                "Vraag de beheerder van het dashboard om toegang.",
                icon=":material/block:",
            )
            st.button("Afmelden", on_click=st.logout, icon=":material/logout:", key="afmelden")
            st.stop()
        with st.sidebar:
            st.caption(f"Aangemeld als {md(naam)} · rol {toegang.ROL_LABELS[rol]}")
            st.button("Afmelden", on_click=st.logout, icon=":material/logout:", key="afmelden")
    else:
        if _voorbeeld_laden_nodig(config.database_url()):
            # The first start loads the sample with its progress on this page: meanwhile the sidebar lists
            # the app's pages (hidden; app.py's st.navigation shows them), not every file in pages/.
            _poort(paginas)
        url = database_url()
        if not _alleen_voorbeelddata(url):
            _poort(paginas)
            st.title("Dashboard Schade & Versterken")
            st.error(
                "**Het dashboard start niet zonder aanmelding.** Deze database bevat andere gegevens dan de "
                "meegeleverde synthetische voorbeelddata. Zonder ingestelde aanmelding ([auth] in "
                "`.streamlit/secrets.toml`) draait het dashboard alleen op de voorbeelddata; zie de README.",
                icon=":material/lock:",
            )
            st.stop()
        naam = "demo"
        with st.sidebar:
            rol = st.selectbox(
                "Rol (demo)",
                toegang.ROLLEN,
                index=toegang.ROLLEN.index("beheerder"),
                format_func=lambda r: f"{toegang.ROL_LABELS[r]}: {toegang.ROL_UITLEG[r]}",
                key="demo_rol",
                help="Alleen in de demomodus: bekijk het dashboard zoals elke rol het ziet.",
            )
        st.warning(
            "**Demomodus**: synthetische voorbeelddata, zonder aanmelding. Kies links een rol om te zien wat die rol ziet.",
            icon=":material/science:",
        )
    st.session_state["rol"] = rol
    st.session_state["gebruiker"] = naam
    return rol


@st.cache_data(ttl=5, show_spinner=False)
def _audit_data(url: str, rol: str | None, van, tot, acties: tuple[str, ...]) -> pl.DataFrame:
    if rol != "beheerder":
        raise toegang.GeenToegang("alleen de beheerder ziet het auditlog")
    with db.engine(url).connect() as conn:
        return db.fetch(conn, "audit", van=van, tot=tot, alle_acties=0 if acties else 1, acties=list(acties))


def audit_data(url: str, van, tot, acties: tuple[str, ...]) -> pl.DataFrame:
    """The audit log in a window; only for the beheerder, checked where it is read."""
    return _audit_data(url, huidige_rol(), van, tot, acties)


def drempel() -> int:
    """Counts below this are shown as '<drempel>' to aggregate roles ([toegang] drempel, default 5)."""
    return instellingen().drempel


def mag_adressen() -> bool:
    return toegang.mag_adressen(huidige_rol())


def audit_log(actie: str, onderdeel: str, aantal_rijen: int | None = None, **filters) -> None:
    """Append an audit row for an address-level view by this session's user, once per distinct view."""
    regel = _audit_regel(actie, onderdeel, aantal_rijen, **filters)
    sleutel = repr(sorted(regel.items()))
    gelogd = st.session_state.setdefault("_audit_gelogd", set())
    if sleutel not in gelogd:
        gelogd.add(sleutel)
        audit.schrijf_apart(db.engine(database_url()), **regel)


def _audit_regel(actie: str, onderdeel: str, aantal_rijen: int | None, **filters) -> dict:
    f = current_filters()
    return {
        "gebruiker": st.session_state.get("gebruiker", "onbekend"),
        "rol": huidige_rol() or "geen",
        "actie": actie,
        "onderdeel": onderdeel,
        "filters": {"peildatum": f.peildatum, "gemeenten": list(f.gemeenten), "programmas": list(f.programmas), **filters},
        "aantal_rijen": aantal_rijen,
    }


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
        st.markdown(f"Aanlevering geladen op {fmt.datum(loaded_at[peildatum])}")

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
    if "filters" not in st.session_state:
        _through_the_router()
    return st.session_state["filters"]


def _through_the_router() -> None:
    """A page ran without app.py: a deep link opened on a fresh server.

    Until st.navigation has run once in the process, Streamlit treats pages/ as its old
    auto-discovered pages folder and runs the page file on its own. Switch that off, as
    st.navigation itself does, and run again, now through the router.
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
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
    matrix = adressen.fasematrix(_frame(url, filters.peildatum, geladen_op), filters, kenmerken)
    if toegang.onderdrukken(huidige_rol()):
        return adressen.onderdruk_matrix(matrix, drempel())
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


def dossier(ncg_id: str) -> None:
    """The combined dossier of one address: NCG and IMG side by side, then SVIP requests and joint actions."""
    filters = current_filters()
    d = dossier_data(database_url(), st.session_state["geladen_op"], filters.peildatum, ncg_id)
    audit_log("dossier_bekeken", ncg_id, 1 if d else 0, adres=ncg_id)
    if d is None:
        st.warning("Dit adres staat niet in de werkvoorraad van NCG op deze peildatum.", icon=":material/search_off:")
        return
    with st.container(border=True, key="dossier"):
        st.subheader(f"Dossier {md(d.titel)}")
        st.caption(f"NCG-id {md(d.adres['ncg_id'])} · peildatum {fmt.datum(filters.peildatum)}")
        ncg, img = st.columns([2, 3])
        with ncg:
            st.markdown("**NCG: versterking**")
            st.dataframe(
                pl.DataFrame(adressen.ncg_kenmerken(d), schema=["Kenmerk", "Waarde"], orient="row"),
                hide_index=True,
                key="dossier_ncg",
            )
        with img:
            st.markdown(f"**IMG: schademeldingen** ({fmt.getal(d.meldingen.height)})")
            if d.meldingen.height:
                st.dataframe(adressen.meldingen_tabel(d), hide_index=True, key="dossier_meldingen",
                             column_config=_datumkolommen(("Gemeld op", "Afgehandeld op")))
            else:
                st.info("Geen schademeldingen op dit adres.")
        svip, samen = st.columns(2)
        with svip:
            st.markdown(f"**SVIP-informatieverzoeken** ({fmt.getal(d.svip.height)})")
            if d.svip.height:
                st.dataframe(adressen.svip_tabel(d), hide_index=True, key="dossier_svip",
                             column_config=_datumkolommen(("Ontvangen", "Afgerond")))
            else:
                st.caption("Geen verzoeken over dit adres.")
        with samen:
            st.markdown(f"**Samenwerking NCG en IMG** ({fmt.getal(d.samenwerking.height)})")
            if d.samenwerking.height:
                st.dataframe(adressen.samenwerking_tabel(d), hide_index=True, key="dossier_samenwerking",
                             column_config=_datumkolommen(("Datum",)))
            else:
                st.caption("Geen gezamenlijke acties op dit adres.")
        from dashboard import opvolging_ui  # the follow-up of this address's signals

        opvolging_ui.dossier_historie(ncg_id)


def _datumkolommen(namen: tuple[str, ...]) -> dict:
    return {n: st.column_config.DateColumn(n, format="DD-MM-YYYY") for n in namen}


# Rows of an address list per page: the browser gets one page, never the whole list (tens of MB at scale 10);
# the downloads still hold every row.
LIJST_PAGINA = 250


def adreslijst(lijst: pl.DataFrame, *, key: str, onderdeel: str | None = None, kolommen: dict | None = None,
               opmaak: Callable[[pl.DataFrame], pl.DataFrame] | None = None) -> str | None:
    """An address list as a table, a page of LIJST_PAGINA rows at a time in the list's own order, with the
    total shown ('Pagina 1 van 36'); returns the ncg_id of a row the user has just selected.

    `kolommen` adds st.column_config entries (e.g. a wide text column). With `opmaak`, `lijst` holds the
    raw rows and only the page shown is made readable (e.g. adressen.adreslijst), not the whole list.

    Showing it is written to the audit log (once per distinct view).
    """
    audit_log("adressen_bekeken", onderdeel or key, lijst.height)
    paginas = max(1, -(-lijst.height // LIJST_PAGINA))
    pagina = 1
    if paginas > 1:
        sleutel = f"{key}_pagina"
        if not 1 <= st.session_state.get(sleutel, 1) <= paginas:
            st.session_state[sleutel] = 1  # a narrower selection has fewer pages
        pagina = int(st.number_input(f"Pagina (van {fmt.getal(paginas)})", min_value=1, max_value=paginas, step=1,
                                     key=sleutel, width=180))
    begin = (pagina - 1) * LIJST_PAGINA
    deel = lijst.slice(begin, LIJST_PAGINA)
    # Each page its own table (and row selection): a row chosen on one page never stands for another's.
    tabel_key = key if pagina == 1 else f"{key}_p{pagina}"
    event = st.dataframe(
        opmaak(deel) if opmaak else deel,
        hide_index=True,
        key=tabel_key,
        on_select="rerun",
        selection_mode="single-row",
        column_config={"ncg_id": None, **_datumkolommen(("In fase sinds",)), **(kolommen or {})},
    )
    if paginas > 1:
        st.caption(f"Pagina {fmt.getal(pagina)} van {fmt.getal(paginas)}: rij {fmt.getal(begin + 1)} tot en met "
                   f"{fmt.getal(begin + deel.height)} van {fmt.getal(lijst.height)}. Een download bevat alle rijen.")
    gekozen = adressen.gekozen_adres(deel, event.selection.rows if event else None)
    vorige = st.session_state.get(f"{key}_vorige")
    st.session_state[f"{key}_vorige"] = gekozen
    return gekozen if gekozen != vorige else None


def open_dossier(state_key: str) -> None:
    """Show the dossier whose ncg_id is in st.session_state[state_key], with a button to close it; kept in the URL."""
    ncg_id = st.session_state.get(state_key)
    if not ncg_id:
        if "adres" in st.query_params:
            del st.query_params["adres"]
        return
    st.query_params["adres"] = ncg_id
    dossier(ncg_id)
    st.button("Dossier sluiten", key=f"{state_key}_sluiten", icon=":material/close:",
              on_click=lambda: st.session_state.update({state_key: None}))


# ---------------------------------------------------------------- charts and tables with their downloads


def bijschrift(pagina: str, titel: str, extra: dict[str, str] | None = None) -> export.Bijschrift:
    """The caption of an exported file: the page, the chart or table, the peildatum and every active filter."""
    filters = current_filters()
    regels = [
        ("Gemeente", ", ".join(filters.gemeenten) or "alle"),
        ("Programma", ", ".join(PROGRAMMA_LABELS.get(p, p) for p in filters.programmas) or "alle"),
        *(extra or {}).items(),
    ]
    return export.Bijschrift(pagina=pagina, titel=titel, peildatum=filters.peildatum, filters=tuple(regels))


def grafiek(fig, *, key: str, bijschrift: export.Bijschrift, **kwargs):
    """A plotly chart with its export control and its text alternative, a table of the data it shows (WCAG 1.1.1).
    Returns what st.plotly_chart returns (the selection).

    Drawn with the figure's own template (theme=None): Streamlit's chart theme greys the text to 3.7:1.
    """
    from dashboard import figures

    result = st.plotly_chart(fig, key=key, **{"theme": None, **kwargs})
    with st.container(horizontal=True, vertical_alignment="center"):
        als_tabel = st.toggle("Toon als tabel", key=f"{key}__als_tabel", help="De gegevens van deze grafiek als tabel.")
        grafiek_export(fig, key=key, bijschrift=bijschrift)
    if als_tabel:  # a plain HTML table: screen readers read it as a table, unlike the canvas of st.dataframe
        st.container(key=f"{key}__tabel").table(_markdown_letterlijk(figures.tabel(fig)), hide_index=True)
    return result


def _markdown_letterlijk(frame: pl.DataFrame) -> pl.DataFrame:
    """A text table st.table shows as it is: st.table renders Markdown in cells ('2. Opname' became a list item),
    so every ASCII punctuation mark is escaped with a backslash (CommonMark allows that for each of them)."""
    teken = r"([!-/:-@\[-`{-~])"
    return frame.with_columns(pl.col(pl.String).str.replace_all(teken, r"\$1")).rename(
        {k: re.sub(teken, r"\\\1", k) for k in frame.columns})


def grafiek_export(fig, *, key: str, bijschrift: export.Bijschrift) -> None:
    """PNG, SVG, PDF and interactive HTML of a chart; each file is made only when its button is clicked."""
    if not toegang.mag_exporteren(huidige_rol()):
        return
    zonder_chromium = export.chromium_pad() is None
    with st.popover("Exporteren", icon=":material/download:"):
        st.caption(f"{bijschrift.titel} · peildatum {fmt.datum(bijschrift.peildatum)}")
        for formaat in (*export.BEELD_FORMATEN, "html"):
            st.download_button(
                "HTML (interactief)" if formaat == "html" else formaat.upper(),
                data=lambda f=formaat: export.grafiek_bestand(fig, bijschrift, f),
                file_name=bijschrift.bestandsnaam(formaat),
                mime=export.MIME[formaat],
                key=f"{key}_{formaat}",
                on_click="ignore",
                disabled=zonder_chromium and formaat in export.BEELD_FORMATEN,
                width="stretch",
            )
        if zonder_chromium:
            st.caption(
                "PNG, SVG en PDF zijn niet beschikbaar: op de server ontbreekt Chromium, waarmee de "
                "afbeeldingen worden gemaakt. HTML werkt wel."
            )


def rapport_knop(filters: Filters, van: date | None, tot: date | None, ivr_van: date | None = None,
                 ivr_tot: date | None = None) -> None:
    """One click builds the steering group's PDF report for the current filters."""
    if not toegang.mag_exporteren(huidige_rol()):
        return
    url = database_url()

    grens = drempel() if toegang.onderdrukken(huidige_rol()) else None

    def maak() -> bytes:
        frame = _frame(url, filters.peildatum)
        with db.engine(url).connect() as conn:
            return rapport.rapport_pdf(conn, filters, van, tot, drempel=grens, ivr_van=ivr_van, ivr_tot=ivr_tot,
                                       adressen_frame=frame)

    zonder_chromium = export.chromium_pad() is None
    st.download_button(
        "Rapport stuurgroep (PDF)",
        data=maak,
        file_name=f"rapport-stuurgroep_{filters.peildatum.isoformat()}.pdf",
        mime=export.MIME["pdf"],
        icon=":material/picture_as_pdf:",
        key="rapport_stuurgroep",
        on_click="ignore",
        disabled=zonder_chromium,
        help="Kerncijfers, figuur 1, de fasematrix, de pilots, telefonie en SVIP voor de huidige filters.",
    )
    if zonder_chromium:
        st.caption("Het rapport is niet beschikbaar: op de server ontbreekt Chromium om de grafieken te tekenen.")


def tabel_downloads(frame, *, key: str, bijschrift: export.Bijschrift, adressen: bool = False,
                    opmaak: Callable[[pl.DataFrame], pl.DataFrame] | None = None) -> None:
    """CSV and Excel downloads of a table, built only when clicked. The CSV holds only the table (header on
    the first line, for Dutch spreadsheets); its caption is a download of its own. The workbook holds both.
    With `opmaak`, `frame` holds raw rows that are made readable only then.

    A list of addresses (`adressen`) is offered only to roles that may see addresses, and each download
    is written to the audit log.
    """
    rol = huidige_rol()
    if not toegang.mag_exporteren(rol) or (adressen and not toegang.mag_adressen(rol)):
        return

    # The download runs outside this script run: take what the audit row needs now.
    regel = _audit_regel("lijst_export", f"{bijschrift.pagina}: {bijschrift.titel}", frame.height)
    engine = db.engine(database_url())

    def gelogd(maak):
        def data():
            if adressen:
                audit.schrijf_apart(engine, **regel)
            return maak(opmaak(frame) if opmaak else frame, bijschrift)

        return data

    # Side by side, each as wide as its label: fixed column ratios cut the labels off in narrow columns.
    knoppen = st.container(horizontal=True)
    knoppen.download_button(
        "CSV",
        data=gelogd(export.tabel_csv),
        file_name=bijschrift.bestandsnaam("csv"),
        mime="text/csv",
        icon=":material/download:",
        key=f"{key}_csv",
        on_click="ignore",
    )
    knoppen.download_button(
        "Toelichting",
        data=lambda: export.toelichting_csv(bijschrift),
        file_name=bijschrift.bestandsnaam("csv", "toelichting"),
        mime="text/csv",
        icon=":material/info:",
        key=f"{key}_csv_toelichting",
        on_click="ignore",
        help="Peildatum, filters en bron van de CSV in een eigen bestand; de CSV zelf bevat alleen de tabel, "
        "met de kolomnamen op de eerste regel. In Excel staat de toelichting op het blad Toelichting.",
    )
    knoppen.download_button(
        "Excel",
        data=gelogd(export.tabel_xlsx),
        file_name=bijschrift.bestandsnaam("xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key=f"{key}_xlsx",
        on_click="ignore",
    )


# ---------------------------------------------------------------- statistics (SVIP, Telefonie (IVR), Samenwerking)

from dashboard import ivr, samenwerking, svip  # noqa: E402  (kept with the section that uses them)

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
    per snapshot and load, shared by every session and role (no addresses; the SVIP page hides small counts
    for aggregate roles after aggregating)."""
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
) -> svip.SvipData:
    selectie = svip.SvipSelectie(van, tot, aanvragers, soorten, uitkomsten)
    return svip.selecteer(svip_verzoeken(url, peildatum, geladen_op), Filters(peildatum, gemeenten, programmas),
                          selectie)


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


def periode(
    key: str,
    eerste: date,
    laatste: date,
    standaard: tuple[date, date],
    snelkeuzes: dict[str, tuple[date, date]] | None = None,
    label: str = "Periode",
) -> tuple[date, date]:
    """A date-range picker within [eerste, laatste] that starts at `standaard`, with quick-pick buttons.

    Returns a complete (van, tot): while only the first day is picked, up to `laatste`.
    """
    gekozen = st.session_state.get(key)
    if gekozen is not None and not all(eerste <= d <= laatste for d in gekozen):
        del st.session_state[key]  # chosen on another snapshot whose days no longer fit
    st.session_state.setdefault(key, standaard)
    waarde = st.date_input(label, min_value=eerste, max_value=laatste, format="DD-MM-YYYY", key=key)
    if snelkeuzes:
        with st.container(horizontal=True, gap="medium"):
            for i, (naam, bereik) in enumerate(snelkeuzes.items()):
                st.button(naam, key=f"{key}_snel_{i}", type="tertiary", on_click=st.session_state.update,
                          args=({key: bereik},))
    if isinstance(waarde, tuple) and len(waarde) == 2:
        return waarde
    return (waarde[0] if waarde else eerste), laatste


def tabel(frame: pl.DataFrame, *, key: str, bijschrift: export.Bijschrift, **kwargs) -> None:
    """A table shown with Dutch numbers and dates, with its downloads (which keep the raw values).
    `kwargs` go to st.dataframe (on_select, selection_mode: a click that filters, dashboard.doorklik)."""
    tonen = frame.with_columns(
        fmt.tekst_expr(n, t) for n, t in frame.schema.items() if t.is_numeric() or t == pl.Date
    )
    uitlijning = {n: st.column_config.TextColumn(n, alignment="right")
                  for n, t in frame.schema.items() if t.is_numeric()}
    st.dataframe(tonen, hide_index=True, key=key, column_config=uitlijning, **kwargs)
    tabel_downloads(frame, key=f"{key}_export", bijschrift=bijschrift)


# ---------------------------------------------------------------- the map (Kaart)

from dashboard import kaart  # noqa: E402  (kept with the section that uses it)


@rolcache(adresniveau=True, show_spinner="De kaart wordt opgebouwd …")
def kaart_punten(url: str, geladen_op: object, filters: Filters, selectie: Selectie, kleur_op: str) -> kaart.Punten:
    """The point layers' data for a selection, as the JSON the deck sends: built once per view, not per rerun."""
    return kaart.punten_uit_db(_frame(url, filters.peildatum, geladen_op), filters, selectie, kleur_op)


@rolcache(show_spinner="De kaart wordt opgebouwd …")
def kaart_hexagonen(url: str, geladen_op: object, filters: Filters, selectie: Selectie, resolutie: int) -> pl.DataFrame:
    """Counts per H3 cell over the shared address frame: only the aggregate is cached and returned, so this
    view stays open to roles that may not see addresses."""
    hexen = kaart.hexagonen(_frame(url, filters.peildatum, geladen_op), filters, selectie, resolutie)
    return kaart.onderdruk_hexagonen(hexen, drempel()) if toegang.onderdrukken(huidige_rol()) else hexen


def legenda_kleuren(items: list[tuple[str, str]]) -> None:
    """A legend line: a coloured dot before each label, for (label, colour) pairs."""
    st.markdown(
        " ".join(
            f"<span style='white-space:nowrap;margin-right:1em'><span style='display:inline-block;width:.8em;"
            f"height:.8em;border-radius:50%;background:{kleur};margin-right:.35em'></span>{html.escape(label)}</span>"
            for label, kleur in items
        ),
        unsafe_allow_html=True,
    )


def legenda_verloop(van: str, tot: str, laag: str, hoog: str) -> None:
    """A legend for a colour scale: the low label, a gradient from `van` to `tot`, the high label."""
    st.markdown(
        f"<div style='display:flex;align-items:center;gap:.6em;font-size:.9em'>{html.escape(laag)}"
        f"<span style='display:inline-block;width:12em;height:.8em;background:linear-gradient(to right,{van},{tot})'>"
        f"</span>{html.escape(hoog)}</div>",
        unsafe_allow_html=True,
    )


def achtergrond_bijschrift(achtergrond) -> None:
    """Under the map: the basemap's attribution, or why there is none (an invalid tile URL)."""
    if achtergrond.bronvermelding:
        st.caption(f"Achtergrondkaart: {achtergrond.bronvermelding}.")
    if achtergrond.ongeldig:
        st.caption(
            "De ingestelde achtergrondkaart is geen tegel-URL met {z}, {x} en {y}; de kaart wordt zonder "
            "achtergrond getekend."
        )


def te_veel_punten(filters: Filters, selectie: Selectie) -> int | None:
    """The selection's addresses with coordinates when there are more than the map draws as points, else None.

    The sidebar's counts bound the selection from above; only a large one is counted exactly."""
    if adressen_in_filters(filters) <= kaart.MAX_PUNTEN:
        return None
    op_kaart = int(kaart_per_gemeente(database_url(), st.session_state["geladen_op"], filters, selectie)["op_kaart"].sum())
    return op_kaart if op_kaart > kaart.MAX_PUNTEN else None


@rolcache(show_spinner=False)
def kaart_per_gemeente(url: str, geladen_op: object, filters: Filters, selectie: Selectie) -> pl.DataFrame:
    return kaart.per_gemeente(_frame(url, filters.peildatum, geladen_op), filters, selectie)


# ---------------------------------------------------------------- over time (Trend, Signalen, Datakwaliteit)

from dashboard import datakwaliteit, signalen, trend  # noqa: E402  (kept with the section that uses them)


def stand(url: str) -> tuple[tuple[date, object], ...]:
    """Every stored snapshot with its load time, newest first: the cache key of views that span snapshots
    (reloading any of them, or adding one, changes it)."""
    return tuple(peildata(url))


@rolcache(show_spinner="Gegevens worden opgehaald …")
def trend_data(url: str, stand: tuple, gemeenten: tuple[str, ...], programmas: tuple[str, ...]) -> pl.DataFrame:
    filters = Filters(stand[0][0], gemeenten, programmas)
    return trend.trend(_frames(url, stand), filters)


@rolcache(show_spinner="De stroom wordt berekend …")
def stroom_data(url: str, stand: tuple, gemeenten: tuple[str, ...], programmas: tuple[str, ...], van: date,
                naar: date) -> pl.DataFrame:
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
