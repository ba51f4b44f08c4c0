"""The Streamlit side of Trend per gemeente: the series' loading progress, the chart and the table.

The counts come from dashboard.subjects.trend_gemeente (overzicht.adrescijfers per snapshot and gemeente, over the
shared address frames of ui), cached per role, view and load state like every other figure.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import figures
from dashboard.app import reekslader, ui, urlstaat, widgets
from dashboard.core import fmt
from dashboard.core.filters import Filters
from dashboard.subjects import trend_gemeente, verstoring


@ui.rolcache(show_spinner="De cijfers per gemeente worden berekend …")
def gemeente_data(
    url: str, stand: tuple, gemeenten: tuple[str, ...], programmas: tuple[str, ...], verstoord: bool
) -> pl.DataFrame:
    """trend_gemeente.per_gemeente over every stored snapshot; for the aggregate roles through the Overzicht's
    perturbed figures (verstoring.adrescijfers), so a cell reads what their Overzicht shows."""
    cijfers = verstoring.adrescijfers if verstoord else trend_gemeente.exacte_cijfers
    return trend_gemeente.per_gemeente(ui._frames(url, stand), Filters(stand[0][0], gemeenten, programmas), cijfers)


def voortgang(url: str) -> None:
    """While the sample's monthly series loads in the background: how far it is, refreshed every two seconds;
    the page reruns when a month has arrived, so its charts take it in."""
    lader = reekslader.lader(url)
    if lader is None or (lader.klaar.is_set() and not lader.fout):
        return
    if lader.fout:
        st.warning(
            "De maandreeks van de voorbeelddata kon niet worden geladen; de Trend toont de peildata die er zijn.",
            icon=":material/warning:",
        )
        return
    gezien = len(lader.geladen)

    @st.fragment(run_every=2.0)
    def balk() -> None:
        if len(lader.geladen) != gezien or lader.klaar.is_set():
            st.rerun(scope="app")
        n = lader.totaal
        if not n:
            st.caption("De maandreeks van de voorbeelddata wordt voorbereid …")
            return
        bezig = f"; nu {fmt.datum(lader.bezig)}" if lader.bezig else ""
        st.progress(
            len(lader.geladen) / n,
            text=f"Maandreeks van de voorbeelddata: {len(lader.geladen)} van {n} maanden geladen{bezig} …",
        )

    balk()


def toon(url: str, stand: tuple, filters: Filters, onderdrukken: bool) -> None:
    """The Trend page's section per gemeente: a line chart over the peildata for a chosen gemeente, and the
    table of every gemeente and peildatum, with their downloads."""
    st.subheader("Per gemeente, op elke peildatum")
    telling = gemeente_data(url, stand, filters.gemeenten, filters.programmas, onderdrukken)
    gemeenten = sorted(set(telling["gemeente"]))
    if not gemeenten:
        st.info("Geen adressen in deze selectie.", icon=":material/search_off:")
        return
    peildata = sorted(set(telling["peildatum"]))
    # Part of the page's link (urlstaat): ?trendgemeente=Oldambt&reeks=fase
    velden = (
        urlstaat.Veld("tr_gemeente", "trendgemeente", urlstaat.keuze(gemeenten), gemeenten[0]),
        urlstaat.Veld(
            "tr_gemeente_soort", "reeks", urlstaat.keuze(trend_gemeente.SOORTEN), next(iter(trend_gemeente.SOORTEN))
        ),
    )
    urlstaat.herstel(velden)
    bediening = st.columns([1, 2])
    gemeente = bediening[0].selectbox("Gemeente", gemeenten, key="tr_gemeente")
    soort = bediening[1].radio(
        "Reeks",
        list(trend_gemeente.SOORTEN),
        format_func=trend_gemeente.SOORTEN.get,
        horizontal=True,
        key="tr_gemeente_soort",
    )
    urlstaat.bewaar(velden)
    titel = f"{trend_gemeente.SOORTEN[soort]} in {gemeente}"
    extra = {"Gemeente in de grafiek": gemeente, "Peildata": f"{fmt.datum(peildata[0])} t/m {fmt.datum(peildata[-1])}"}
    widgets.grafiek(
        figures.lijnen_per_gemeente(telling, gemeente, soort, titel),
        key="tr_gemeente_grafiek",
        bijschrift=widgets.bijschrift("Trend", f"{titel} per peildatum", extra),
    )
    st.caption(
        "Elk punt is hetzelfde cijfer als de Overzicht-pagina toont voor die gemeente en peildatum (figuur 1, de "
        "groepen A-F van de adressen met beide dossiers lopend, en de NCG-fasen)."
        + (" Voor uw rol licht verstoord, zoals op de Overzicht-pagina." if onderdrukken else "")
    )
    widgets.tabel(
        trend_gemeente.tabel(telling),
        key="tr_gemeente_tabel",
        bijschrift=widgets.bijschrift(
            "Trend",
            "Samenwerkingspotentieel, groepen en NCG-fasen per gemeente en peildatum",
            {"Peildata": ", ".join(fmt.datum(p) for p in peildata)},
        ),
    )
