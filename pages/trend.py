"""Trend: figure 1 and groups A-F across the stored snapshots, and how addresses moved between two of them."""

import streamlit as st

from dashboard import figures
from dashboard.app import doorklik, doorklik_ui, kolombreedtes, trend_gemeente_ui, ui, urlstaat, widgets
from dashboard.core import fmt
from dashboard.subjects import trend

filters = ui.page_header(
    "Trend",
    "Hoe het samenwerkingspotentieel zich ontwikkelt: de NCG-adressen per categorie en de adressen met beide "
    "dossiers lopend per groep A-F, op elke peildatum in de database; dezelfde cijfers en de NCG-fasen per gemeente. "
    "Daaronder de stroom van adressen tussen twee peildata. Deze pagina toont alle peildata; de filters gemeente "
    "en programma gelden wel.",
)
url = ui.database_url()
trend_gemeente_ui.voortgang(url)  # the sample's monthly series, while it loads in the background
stand = ui.stand(url)
peildata = sorted(d for d, _ in stand)
data = ui.trend_data(url, stand, filters.gemeenten, filters.programmas)
extra = {"Peildata": ", ".join(fmt.datum(p) for p in peildata)}
categorieen, groepen = trend.categorieen(data), trend.groepen(data)
drempel = ui.drempel()
onderdrukken = not ui.mag_adressen()  # aggregate roles: counts perturbed (cell-key), in charts, tables and downloads
if onderdrukken:
    categorieen, groepen = ui.trend_verstoord(url, stand, filters.gemeenten, filters.programmas)
ui.verstoring_melding()

st.subheader("Samenwerkingspotentieel per peildatum")
links, rechts = st.columns(2)
with links:
    widgets.grafiek(
        figures.staaf_trend_categorieen(categorieen, "NCG-adressen naar samenwerkingspotentieel"),
        key="tr_categorieen",
        bijschrift=widgets.bijschrift("Trend", "Samenwerkingspotentieel per peildatum", extra),
    )
with rechts:
    widgets.grafiek(
        figures.staaf_trend_groepen(groepen, "Beide lopend per groep", drempel),
        key="tr_groepen",
        bijschrift=widgets.bijschrift("Trend", "Beide lopend per groep per peildatum", extra),
    )
per_peildatum = trend.tabel(categorieen, groepen, drempel)
# A cell click: the Kaart on that peildatum (the sidebar's) and category or group (dashboard.app.doorklik).
widgets.tabel(
    per_peildatum,
    key="tr_tabel",
    kolommen=kolombreedtes.trend_tabel(),
    bijschrift=widgets.bijschrift("Trend", "Samenwerkingspotentieel en groepen per peildatum", extra),
    selection_mode="single-cell",
    on_select=doorklik_ui.bij_klik(
        "tr_tabel", lambda e: doorklik.naar_trend_cel(e, per_peildatum, not onderdrukken), tabel=True
    ),
)
st.caption(
    "Klik op een aantal voor "
    + ("de adressen" if not onderdrukken else "de aantallen per gemeente")
    + " van die peildatum en categorie of groep op de kaart."
)

trend_gemeente_ui.toon(url, stand, filters, onderdrukken)

st.subheader("Stroom van adressen tussen twee peildata")
if len(peildata) < 2:
    st.info(
        "Er is maar één peildatum geladen. Zodra er een tweede aanlevering is, ziet u hier hoe adressen "
        "tussen de categorieën en groepen zijn verschoven.",
        icon=":material/timeline:",
    )
    st.stop()

# Default: from the snapshot before the sidebar's peildatum to that one (or the first two, from the oldest).
standaard_naar = filters.peildatum if filters.peildatum != peildata[0] else peildata[1]
standaard_van = peildata[peildata.index(standaard_naar) - 1]
# The view in the URL (urlstaat): ?van=2020-10-31&naar=2021-08-31&stroom=groep&alleengroep=nee
VELDEN = (
    urlstaat.Veld("tr_van", "van", urlstaat.keuze(peildata[:-1]), standaard_van),
    urlstaat.Veld("tr_naar", "naar", urlstaat.keuze(peildata[1:]), standaard_naar),
    urlstaat.Veld("tr_soort", "stroom", urlstaat.keuze(trend.STROOM_SOORTEN), next(iter(trend.STROOM_SOORTEN))),
    urlstaat.Veld(
        "tr_alleen_groep",
        "alleengroep",
        urlstaat.vlag(),
        True,
        actief=lambda: st.session_state.get("tr_soort") == "groep",
    ),
)
urlstaat.herstel(VELDEN)
if st.session_state.get("tr_van") not in peildata[:-1]:
    st.session_state["tr_van"] = standaard_van

bediening = st.columns([1, 1, 2])
van = bediening[0].selectbox("Van peildatum", peildata[:-1], format_func=fmt.datum, key="tr_van")
latere = [p for p in peildata if p > van]
if st.session_state.get("tr_naar") not in latere:
    st.session_state["tr_naar"] = standaard_naar if standaard_naar in latere else latere[-1]
naar = bediening[1].selectbox("Naar peildatum", latere, format_func=fmt.datum, key="tr_naar")
soort = bediening[2].radio(
    "Stroom tussen",
    list(trend.STROOM_SOORTEN),
    format_func=trend.STROOM_SOORTEN.get,
    horizontal=True,
    key="tr_soort",
)
alleen_met_groep = False
if soort == "groep":
    alleen_met_groep = st.checkbox(
        "Alleen adressen die op een van beide peildata in een groep zaten",
        key="tr_alleen_groep",
        help="Adressen die op beide peildata geen groep hebben (niet beide lopend) zijn verreweg de grootste stroom "
        "en maken de verschuivingen tussen de groepen onleesbaar.",
    )

urlstaat.bewaar(VELDEN)

if onderdrukken:  # aggregate roles: every flow and node total perturbed (cell-key method)
    stroom, totalen = ui.stroom_verstoord(
        url, stand, filters.gemeenten, filters.programmas, van, naar, soort, alleen_met_groep
    )
else:
    stroom = trend.stroom_tabel(
        ui.stroom_data(url, stand, filters.gemeenten, filters.programmas, van, naar), soort, alleen_met_groep
    )
    totalen = trend.stroom_totalen(stroom)
titel = f"{trend.STROOM_SOORTEN[soort]} van {fmt.datum(van)} naar {fmt.datum(naar)}"
extra_stroom = {
    "Van peildatum": fmt.datum(van),
    "Naar peildatum": fmt.datum(naar),
    **({"Adressen": "alleen met een groep op een van beide peildata"} if alleen_met_groep else {}),
}
if not stroom.height:
    st.info("Geen adressen in deze selectie.", icon=":material/search_off:")
    st.stop()
widgets.grafiek(
    figures.sankey_stroom(
        stroom,
        trend.KNOOP_LABELS,
        trend.knopen(soort),
        fmt.datum(van),
        fmt.datum(naar),
        totalen=totalen,
        drempel=drempel,
    ),
    key="tr_sankey",
    bijschrift=widgets.bijschrift("Trend", f"Stroom {titel}", extra_stroom),
)
st.caption(
    "Adressen worden op hun NCG-id gevolgd. *Nog niet op de lijst*: het adres stond op de eerste peildatum niet "
    "in de werkvoorraad van NCG. *Niet meer op de lijst*: het adres stond er op de tweede peildatum niet meer in. "
    "Een adres telt mee als het op de laatste peildatum waarop het op de lijst stond binnen de filters valt."
    + (
        " Stromen en totalen zijn licht afgerond, elk op zich; de stromen van een knoop tellen daarom niet precies "
        "op tot het getal bij de knoop."
        if onderdrukken
        else ""
    )
)
widgets.tabel(
    trend.stroom_export(stroom, van, naar, drempel),
    key="tr_stroom_tabel",
    bijschrift=widgets.bijschrift("Trend", f"Stroom {titel}", extra_stroom),
)
