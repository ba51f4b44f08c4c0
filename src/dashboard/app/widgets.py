"""Charts and tables with their downloads (PNG/SVG/PDF/HTML, CSV/Excel, the PDF report), and the period picker."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import polars as pl
import streamlit as st

from dashboard.app import export, rapport_pdf
from dashboard.app.sessie import _audit_regel
from dashboard.app.ui import _frame, current_filters, database_url, drempel, huidige_rol
from dashboard.core import fmt, toegang
from dashboard.core.domain import PROGRAMMA_LABELS
from dashboard.core.filters import Filters
from dashboard.store import audit, db

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
        {k: re.sub(teken, r"\\\1", k) for k in frame.columns}
    )


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


def rapport_knop(
    filters: Filters, van: date | None, tot: date | None, ivr_van: date | None = None, ivr_tot: date | None = None
) -> None:
    """One click builds the steering group's PDF report for the current filters."""
    if not toegang.mag_exporteren(huidige_rol()):
        return
    url = database_url()

    grens = drempel() if toegang.onderdrukken(huidige_rol()) else None

    def maak() -> bytes:
        frame = _frame(url, filters.peildatum)
        with db.engine(url).connect() as conn:
            return rapport_pdf.rapport_pdf(
                conn, filters, van, tot, drempel=grens, ivr_van=ivr_van, ivr_tot=ivr_tot, adressen_frame=frame
            )

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


def tabel_downloads(
    frame,
    *,
    key: str,
    bijschrift: export.Bijschrift,
    adressen: bool = False,
    opmaak: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> None:
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


# Streamlit applies a typed date when the field loses focus, not per keystroke (issue 18): say so.
PERIODE_HELP = (
    "Kies de eerste en de laatste dag in de kalender, of typ ze (dd-mm-jjjj). Een getypte periode wordt toegepast "
    "zodra u het veld verlaat (Tab, of klik ernaast); een keuze in de kalender of een snelkeuze direct."
)


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
    waarde = st.date_input(label, min_value=eerste, max_value=laatste, format="DD-MM-YYYY", key=key, help=PERIODE_HELP)
    if snelkeuzes:
        with st.container(horizontal=True, gap="medium"):
            for i, (naam, bereik) in enumerate(snelkeuzes.items()):
                st.button(
                    naam,
                    key=f"{key}_snel_{i}",
                    type="tertiary",
                    on_click=st.session_state.update,
                    args=({key: bereik},),
                )
    if isinstance(waarde, tuple) and len(waarde) == 2:
        return waarde
    return (waarde[0] if waarde else eerste), laatste


def tabel(
    frame: pl.DataFrame, *, key: str, bijschrift: export.Bijschrift, kolommen: dict | None = None, **kwargs
) -> None:
    """A table shown with Dutch numbers and dates, with its downloads (which keep the raw values).

    `kolommen` overrides columns' st.column_config (e.g. kolombreedtes: a shorter header and a width on screen);
    `kwargs` go to st.dataframe (on_select, selection_mode: a click that filters, app.doorklik)."""
    tonen = frame.with_columns(fmt.tekst_expr(n, t) for n, t in frame.schema.items() if t.is_numeric() or t == pl.Date)
    uitlijning = {
        n: st.column_config.TextColumn(n, alignment="right") for n, t in frame.schema.items() if t.is_numeric()
    } | (kolommen or {})
    st.dataframe(tonen, hide_index=True, key=key, column_config=uitlijning, **kwargs)
    tabel_downloads(frame, key=f"{key}_export", bijschrift=bijschrift)
