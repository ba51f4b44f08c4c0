"""The Streamlit glue: database access, caching, the global filters and the URL.

Everything else in the package is plain Python; this is the one module that
imports Streamlit. Cached functions take only plain, hashable arguments (the
database URL and the filter values), so their cache key is exactly the view.
"""

from __future__ import annotations

import logging
from datetime import date

import polars as pl
import streamlit as st
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard import adressen, config, db, export, fmt, overzicht, rapport
from dashboard.domain import PROGRAMMA_LABELS
from dashboard.filters import Filters, Selectie, from_query_params
from dashboard.loader import DeliveryError, load_delivery

log = logging.getLogger(__name__)

_CACHE_TTL = 600  # seconds; a new load also changes the key through its load time


# ---------------------------------------------------------------- database


@st.cache_resource(show_spinner="De database wordt voorbereid; de eerste keer wordt de voorbeelddata geladen …")
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


# ---------------------------------------------------------------- address-level views (Fasematrix, Kandidaten, Kaart)


@st.cache_data(ttl=_CACHE_TTL, show_spinner=False)
def fasematrix_data(url: str, geladen_op: object, filters: Filters, kenmerken: tuple[str, ...]) -> pl.DataFrame:
    with db.engine(url).connect() as conn:
        return adressen.fasematrix(conn, filters, kenmerken)


@st.cache_data(ttl=_CACHE_TTL, show_spinner="Adressen worden opgehaald …")
def adressen_data(url: str, geladen_op: object, filters: Filters, selectie: Selectie) -> pl.DataFrame:
    with db.engine(url).connect() as conn:
        return adressen.adressen(conn, filters, selectie)


@st.cache_data(ttl=_CACHE_TTL, show_spinner=False)
def dossier_data(url: str, geladen_op: object, peildatum: date, ncg_id: str) -> adressen.Dossier | None:
    with db.engine(url).connect() as conn:
        return adressen.dossier(conn, peildatum, ncg_id)


def dossier(ncg_id: str) -> None:
    """The combined dossier of one address: NCG and IMG side by side, then SVIP requests and joint actions."""
    filters = current_filters()
    d = dossier_data(database_url(), st.session_state["geladen_op"], filters.peildatum, ncg_id)
    if d is None:
        st.warning("Dit adres staat niet in de werkvoorraad van NCG op deze peildatum.", icon=":material/search_off:")
        return
    with st.container(border=True, key="dossier"):
        st.subheader(f"Dossier {d.titel}")
        st.caption(f"NCG-id {d.adres['ncg_id']} · peildatum {fmt.datum(filters.peildatum)}")
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


def _datumkolommen(namen: tuple[str, ...]) -> dict:
    return {n: st.column_config.DateColumn(n, format="DD-MM-YYYY") for n in namen}


def adreslijst(lijst: pl.DataFrame, *, key: str) -> str | None:
    """An address list as a sortable table; returns the ncg_id of a row the user has just selected."""
    event = st.dataframe(
        lijst,
        hide_index=True,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
        column_config={"ncg_id": None, **_datumkolommen(("In fase sinds",))},
    )
    gekozen = adressen.gekozen_adres(lijst, event.selection.rows if event else None)
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
    """A plotly chart with its export control. Returns what st.plotly_chart returns (the selection)."""
    result = st.plotly_chart(fig, key=key, **kwargs)
    grafiek_export(fig, key=key, bijschrift=bijschrift)
    return result


def grafiek_export(fig, *, key: str, bijschrift: export.Bijschrift) -> None:
    """PNG, SVG, PDF and interactive HTML of a chart; each file is made only when its button is clicked."""
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


def rapport_knop(filters: Filters, van: date | None, tot: date | None) -> None:
    """One click builds the steering group's PDF report for the current filters."""
    url = database_url()

    def maak() -> bytes:
        with db.engine(url).connect() as conn:
            return rapport.rapport_pdf(conn, filters, van, tot)

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


def tabel_downloads(frame, *, key: str, bijschrift: export.Bijschrift) -> None:
    """CSV and Excel downloads of a table, built only when clicked, with the caption written into the file."""
    cols = st.columns([1, 1, 4])
    cols[0].download_button(
        "CSV",
        data=lambda: export.tabel_csv(frame, bijschrift),
        file_name=bijschrift.bestandsnaam("csv"),
        mime="text/csv",
        icon=":material/download:",
        key=f"{key}_csv",
        on_click="ignore",
    )
    cols[1].download_button(
        "Excel",
        data=lambda: export.tabel_xlsx(frame, bijschrift),
        file_name=bijschrift.bestandsnaam("xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key=f"{key}_xlsx",
        on_click="ignore",
    )


# ---------------------------------------------------------------- statistics (SVIP, Telefonie (IVR), Samenwerking)

from dashboard import ivr, samenwerking, svip  # noqa: E402  (kept with the section that uses them)


@st.cache_data(ttl=_CACHE_TTL, show_spinner="Gegevens worden opgehaald …")
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
    with db.engine(url).connect() as conn:
        return svip.load(conn, Filters(peildatum, gemeenten, programmas), selectie)


@st.cache_data(ttl=_CACHE_TTL, show_spinner="Gegevens worden opgehaald …")
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
    with db.engine(url).connect() as conn:
        return ivr.load(conn, peildatum, ivr.IvrSelectie(van, tot, lijnen, menukeuzes, onderwerpen))


@st.cache_data(ttl=_CACHE_TTL, show_spinner=False)
def samenwerking_data(url: str, geladen_op: object, peildatum: date) -> samenwerking.SamenwerkingData:
    with db.engine(url).connect() as conn:
        return samenwerking.load(conn, peildatum)


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


def tabel(frame: pl.DataFrame, *, key: str, bijschrift: export.Bijschrift) -> None:
    """A table shown with Dutch numbers and dates, with its downloads (which keep the raw values)."""
    tonen = frame.with_columns(
        pl.col(n).map_elements(_nl_waarde(t), return_dtype=pl.String)
        for n, t in frame.schema.items()
        if t.is_numeric() or t == pl.Date
    )
    uitlijning = {n: st.column_config.TextColumn(n, alignment="right")
                  for n, t in frame.schema.items() if t.is_numeric()}
    st.dataframe(tonen, hide_index=True, key=key, column_config=uitlijning)
    tabel_downloads(frame, key=f"{key}_export", bijschrift=bijschrift)


def _nl_waarde(dtype: pl.DataType):
    if dtype == pl.Date:
        return fmt.datum
    return fmt.getal if dtype.is_integer() else fmt.decimaal


# ---------------------------------------------------------------- the map (Kaart)

from dashboard import kaart  # noqa: E402  (kept with the section that uses it)


@st.cache_data(ttl=_CACHE_TTL, show_spinner="De kaart wordt opgebouwd …")
def kaart_punten(url: str, geladen_op: object, filters: Filters, selectie: Selectie, kleur_op: str) -> list[dict]:
    """The point layer's slim rows (kaart.punten) for a selection: built once per view, not per rerun."""
    return kaart.punten(adressen_data(url, geladen_op, filters, selectie), kleur_op)


@st.cache_data(ttl=_CACHE_TTL, show_spinner="De kaart wordt opgebouwd …")
def kaart_hexagonen(url: str, geladen_op: object, filters: Filters, selectie: Selectie, resolutie: int) -> pl.DataFrame:
    return kaart.hexagonen(adressen_data(url, geladen_op, filters, selectie), resolutie)


@st.cache_data(ttl=_CACHE_TTL, show_spinner=False)
def kaart_per_gemeente(url: str, geladen_op: object, filters: Filters, selectie: Selectie) -> pl.DataFrame:
    with db.engine(url).connect() as conn:
        return kaart.per_gemeente(conn, filters, selectie)
