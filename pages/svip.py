"""SVIP: the information requests between NCG and IMG staff: volumes, backlog, handling times, outcomes, dossiers."""

import streamlit as st

from dashboard import figures, fmt, palet, svip, tijdreeks, ui, verstoring
from dashboard.domain import ORGANISATIES, SVIP_SOORT_LABELS, SVIP_SOORTEN, SVIP_UITKOMST_LABELS

filters = ui.page_header(
    "SVIP",
    "Het Schade Versterken Informatiepunt: medewerkers van NCG en IMG vragen elkaar binnen de AVG om "
    "dossierinformatie, samenwerking of versnelling. Hoeveel verzoeken, hoe snel afgerond, met welke uitkomst, "
    "en over welke adressen.",
)
url = ui.database_url()
geladen_op = st.session_state["geladen_op"]
perioden = ui.perioden(url, geladen_op, filters.peildatum)
if perioden.svip_van is None:
    st.info("Deze aanlevering bevat geen SVIP-verzoeken.", icon=":material/inbox:")
    st.stop()

eerste, laatste = perioden.svip_van, perioden.svip_tot
snelkeuzes = {"Alles": (eerste, laatste)}
if eerste <= svip.MIJLPAAL <= laatste:
    snelkeuzes[f"T/m {fmt.datum(svip.MIJLPAAL)}"] = (eerste, svip.MIJLPAAL)
# The page's gemeente filter narrows the sidebar's: it offers only the gemeenten chosen there.
alle_gemeenten, _ = ui.filter_opties(url, filters.peildatum, geladen_op)
gemeente_opties = list(filters.gemeenten) or alle_gemeenten
if "svip_gemeenten" in st.session_state:
    st.session_state["svip_gemeenten"] = [g for g in st.session_state["svip_gemeenten"] if g in gemeente_opties]

with st.container(border=True):
    kolommen = st.columns([4, 2, 2, 2, 2])
    with kolommen[0]:
        van, tot = ui.periode("svip_periode", eerste, laatste, (eerste, laatste), snelkeuzes, label="Ontvangen")
    aanvragers = kolommen[1].multiselect(
        "Aanvrager", ORGANISATIES, key="svip_aanvragers", placeholder="NCG en IMG",
        help="De organisatie waarvan de medewerker het verzoek deed.",
    )
    soorten = kolommen[2].multiselect(
        "Soort verzoek", SVIP_SOORTEN, key="svip_soorten", placeholder="Alle soorten", format_func=SVIP_SOORT_LABELS.get
    )
    uitkomsten = kolommen[3].multiselect(
        "Uitkomst", list(SVIP_UITKOMST_LABELS), key="svip_uitkomsten", placeholder="Alle uitkomsten",
        format_func=SVIP_UITKOMST_LABELS.get,
    )
    gemeenten = kolommen[4].multiselect(
        "Gemeente", gemeente_opties, key="svip_gemeenten",
        placeholder="Zoals in de zijbalk" if filters.gemeenten else "Alle gemeenten",
        help="De gemeente van het adres waarover het verzoek gaat.",
    )
st.caption(
    "Gemeente en programma gelden voor het adres waarover het verzoek gaat, zoals het op de peildatum in de "
    "werkvoorraad van NCG staat; met een gemeente- of programmafilter vallen verzoeken zonder adres op de "
    "NCG-lijst weg."
)

gekozen_gemeenten = tuple(sorted(gemeenten)) or filters.gemeenten
data = ui.svip_data(
    url, geladen_op, filters.peildatum, gekozen_gemeenten, filters.programmas, van, tot,
    tuple(aanvragers), tuple(soorten), tuple(uitkomsten),
)
extra = {
    "Ontvangen": f"{fmt.datum(van)} t/m {fmt.datum(tot)}",
    "Gemeente van het adres": ", ".join(gekozen_gemeenten) or "alle",
    "Aanvrager": ", ".join(aanvragers) or "NCG en IMG",
    "Soort verzoek": ", ".join(SVIP_SOORT_LABELS[s] for s in soorten) or "alle",
    "Uitkomst": ", ".join(SVIP_UITKOMST_LABELS[u] for u in uitkomsten) or "alle",
}

if ui.mag_adressen():
    categorieen, groepen = svip.dossiers(data.per_categorie)
else:  # aggregate roles: the requests per address category and group perturbed by cell key
    categorieen, groepen = verstoring.svip_dossiers(data.per_categorie)
beide = categorieen.filter(categorieen["categorie"] == "beide_lopend").row(0, named=True)
totaal_doorloop = svip.doorlooptijden(data.doorloop, van, by=()).row(0, named=True)

kpis = st.columns(4)
kpis[0].metric("SVIP-verzoeken", fmt.getal(data.totaal))
kpis[0].caption(f"ontvangen {fmt.datum(van)} t/m {fmt.datum(tot)}; {fmt.getal(data.open)} nog open")
kpis[1].metric(f"Ontvangen t/m {fmt.datum(svip.MIJLPAAL)}", fmt.getal(data.mijlpaal),
               help="Het peilmoment van de evaluatie (medio 2020), binnen de overige filters.")
kpis[1].caption("peilmoment van de evaluatie, medio 2020")
kpis[2].metric("Over een adres met beide lopend", fmt.procent(beide["aandeel"]))
kpis[2].caption(f"{fmt.getal(beide['aantal'])} van {fmt.getal(data.totaal)} verzoeken")
kpis[3].metric("Doorlooptijd (mediaan)", f"{fmt.decimaal(totaal_doorloop['mediaan_dagen'], 0)} dagen"
               if totaal_doorloop["afgerond"] else "–")
kpis[3].caption(f"90% binnen {fmt.decimaal(totaal_doorloop['p90_dagen'], 0)} dagen"
                if totaal_doorloop["afgerond"] else "nog geen afgeronde verzoeken")
ui.verstoring_melding()  # aggregate roles: the requests by the address asked about are perturbed (cell key)

if not data.totaal:
    st.info("Geen verzoeken in deze selectie.", icon=":material/filter_alt_off:")
    st.stop()

kop = st.columns([4, 1], vertical_alignment="bottom")
per = kop[1].segmented_control(
    "Tijdseenheid", list(tijdreeks.PERIODE_LABELS), default="maand", required=True, key="svip_per",
    format_func=str.capitalize, label_visibility="collapsed",
)
per_naam = tijdreeks.PERIODE_LABELS[per].lower()
kop[0].subheader(f"Verzoeken {per_naam}")
links, rechts = st.columns(2)
with links:
    st.markdown("**Naar soort verzoek**")
    ui.grafiek(
        figures.staaf_tijd(svip.per_periode(data.per_dag, per, "soort"), per, reeks="soort",
                           kleuren=figures.SVIP_SOORT_KLEUREN, namen=SVIP_SOORT_LABELS, eenheid="verzoeken"),
        key="svip_per_soort",
        bijschrift=ui.bijschrift("SVIP", f"Verzoeken {per_naam} naar soort", extra),
    )
with rechts:
    st.markdown("**Naar aanvragende organisatie**")
    ui.grafiek(
        figures.staaf_tijd(svip.per_periode(data.per_dag, per, "aanvrager"), per, reeks="aanvrager",
                           kleuren=palet.ORGANISATIE_KLEUREN, eenheid="verzoeken"),
        key="svip_per_aanvrager",
        bijschrift=ui.bijschrift("SVIP", f"Verzoeken {per_naam} naar aanvrager", extra),
    )

links, rechts = st.columns(2)
with links:
    st.subheader("Openstaande verzoeken")
    ui.grafiek(
        figures.lijn_werkvoorraad(svip.werkvoorraad(data.doorloop, van, tot)),
        key="svip_werkvoorraad",
        bijschrift=ui.bijschrift("SVIP", "Openstaande verzoeken", extra),
    )
    st.caption("Aan het eind van elke dag; telt ook verzoeken die vóór de periode binnenkwamen en toen nog open waren.")
with rechts:
    st.subheader("Uitkomst")
    ui.grafiek(
        figures.staaf_uitkomsten(svip.uitkomsten(data.per_dag)),
        key="svip_uitkomsten_grafiek",
        bijschrift=ui.bijschrift("SVIP", "Uitkomst", extra),
    )

st.subheader("Doorlooptijd per soort en maand")
doorlooptijden = svip.doorlooptijden(data.doorloop, van)
if doorlooptijden.is_empty():
    st.info("Nog geen afgeronde verzoeken in deze selectie.")
else:
    ui.grafiek(
        figures.lijnen_doorlooptijd(doorlooptijden),
        key="svip_doorlooptijd",
        bijschrift=ui.bijschrift("SVIP", "Doorlooptijd per soort en maand", extra),
    )
    st.caption("Dagen van ontvangst tot afronding van de afgeronde verzoeken, naar de maand van ontvangst.")
    with st.expander("Tabel doorlooptijden"):
        ui.tabel(svip.doorlooptijd_tabel(doorlooptijden), key="svip_doorlooptijd_tabel",
                 bijschrift=ui.bijschrift("SVIP", "Doorlooptijd per soort en maand", extra))

st.subheader("Gekoppeld aan de dossiers")
st.caption("Het samenwerkingspotentieel van het adres waarover het verzoek gaat, op de peildatum (niet op de dag "
           "van het verzoek).")
ui.tabel(svip.dossiers_tabel(categorieen), key="svip_dossiers",
         bijschrift=ui.bijschrift("SVIP", "Verzoeken naar adres", extra))
st.markdown("**Verzoeken over adressen met beide lopend, per groep**")
ui.grafiek(
    figures.staaf_groepen_verzoeken(groepen, drempel=ui.drempel()),
    key="svip_groepen",
    bijschrift=ui.bijschrift("SVIP", "Verzoeken per groep A-F", extra),
)
st.caption("Groepen A-F uit de evaluatie; wijs een staaf aan voor de toelichting.")
