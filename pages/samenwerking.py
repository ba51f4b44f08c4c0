"""Samenwerking: the pilots' funnels, AOS nominations and pick-ups, buddy couplings and information exchanges."""

import streamlit as st

from dashboard import figures
from dashboard.app import ui, widgets
from dashboard.core import fmt, palet
from dashboard.core.domain import PILOT_LABELS, PILOTS, SAMENWERKING_SOORT_LABELS
from dashboard.subjects import samenwerking, verstoring

filters = ui.page_header(
    "Samenwerking",
    "De pilots waarin NCG en IMG samen optrekken, de AOS-adressen die IMG voordraagt voor de werkvoorraad "
    "van NCG, en hoe vaak medewerkers elkaar als buddy vinden en informatie uitwisselen.",
)
url = ui.database_url()
geladen_op = st.session_state["geladen_op"]
data = ui.samenwerking_data(url, geladen_op, filters.peildatum)
if data.trechter.is_empty():
    st.info("Deze aanlevering bevat geen samenwerkingsacties.", icon=":material/inbox:")
    st.stop()
st.caption(
    "Samenwerkingsacties zijn niet per gemeente of programma gefilterd: de meeste AOS-voordrachten gaan over "
    "adressen die nog niet in de werkvoorraad van NCG staan."
)
drempel = ui.drempel()
# Aggregate roles: every count perturbed by cell key, in charts, tables and downloads.
weergave = samenwerking.weergave(data) if ui.mag_adressen() else verstoring.samenwerking_weergave(data)
ui.verstoring_melding()

st.subheader("Pilots")
trechters = samenwerking.pilot_trechters(weergave.trechter)
kolommen = st.columns(len(PILOTS))
for col, pilot in zip(kolommen, PILOTS):
    deel = trechters.filter(trechters["pilot"] == pilot)
    with col:
        st.markdown(f"**{PILOT_LABELS[pilot]}**")
        if deel.is_empty():
            st.caption("Geen acties in deze aanlevering.")
            continue
        widgets.grafiek(
            figures.trechter_pilot(deel, drempel=drempel),
            key=f"samenwerking_trechter_{pilot}",
            bijschrift=widgets.bijschrift("Samenwerking", f"Pilot {PILOT_LABELS[pilot]}"),
        )
st.caption(
    "Per soort samenwerking: mogelijk (alle adressen waar het kon), aangeboden aan de bewoner, "
    "gekozen door de bewoner, uitgevoerd. Afgewezen aanbiedingen tellen mee als aangeboden."
)
with st.expander("Tabel pilots"):
    tabel = samenwerking.trechter_tabel(trechters)
    widgets.tabel(tabel, key="samenwerking_trechter_tabel", bijschrift=widgets.bijschrift("Samenwerking", "Pilots"))

st.subheader("AOS-adressen voor de werkvoorraad van NCG")
AOS_ANKER = "aos-voordrachten-per-maand"
voorgedragen, opgepakt = weergave.aos_voorgedragen, weergave.aos_opgepakt
links, rechts = st.columns([1, 3])
with links:
    # Each card leads to its detail: the chart beside it (below it on a narrow screen), by its heading's anchor;
    # the chart's table view gives the numbers per month.
    st.metric("Voorgedragen door IMG", fmt.getal(voorgedragen))
    st.caption("adressen met een acuut onveilige situatie")
    st.markdown(f"[Per maand](#{AOS_ANKER})")
    st.metric(samenwerking.AOS_OPGEPAKT, fmt.getal(opgepakt))
    st.caption(f"{fmt.aandeel(opgepakt, voorgedragen)} van de voordrachten")
    st.markdown(f"[Per maand](#{AOS_ANKER})")
with rechts:
    st.subheader("AOS-voordrachten per maand", anchor=AOS_ANKER)
    widgets.grafiek(
        figures.staaf_tijd(
            weergave.aos_per_maand,
            "maand",
            reeks="label",
            kleuren={
                samenwerking.AOS_OPGEPAKT: palet.AOS_KLEUREN[0],
                samenwerking.AOS_NIET_OPGEPAKT: palet.AOS_KLEUREN[1],
            },
            eenheid="voordrachten",
        ),
        key="samenwerking_aos",
        bijschrift=widgets.bijschrift("Samenwerking", "AOS-voordrachten per maand"),
    )

st.subheader("Buddy-koppelingen en informatie-uitwisseling per maand")
widgets.grafiek(
    figures.staaf_tijd(
        weergave.in_de_tijd,
        "maand",
        reeks="soort",
        kleuren={s: palet.SAMENWERKING_KLEUREN[s] for s in samenwerking.IN_DE_TIJD},
        namen=SAMENWERKING_SOORT_LABELS,
        eenheid="acties",
    ),
    key="samenwerking_in_de_tijd",
    bijschrift=widgets.bijschrift("Samenwerking", "Buddy-koppelingen en informatie-uitwisseling per maand"),
)
zonder = weergave.zonder_datum
st.caption(
    "Alle buddy-koppelingen en informatie-uitwisselingen, ook binnen de pilots, naar de maand van de actie."
    + (f" {fmt.getal(zonder)} acties zonder datum staan er niet in." if zonder else "")
)
