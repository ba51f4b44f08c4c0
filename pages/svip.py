"""SVIP: the information requests between NCG and IMG staff: volumes, backlog, handling times, outcomes, dossiers."""

import streamlit as st

from dashboard import figures
from dashboard.app import doorklik, doorklik_ui, ui, urlstaat, widgets
from dashboard.core import fmt, palet, tijdreeks
from dashboard.core.domain import ORGANISATIES, SVIP_SOORT_LABELS, SVIP_SOORTEN, SVIP_UITKOMST_LABELS
from dashboard.subjects import kpi_tekst, svip

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
# The view in the URL (urlstaat): ?periode=2020-01-01,2020-06-30&aanvrager=NCG&soort=...&per=week
VELDEN = (
    urlstaat.Veld("svip_periode", "periode", urlstaat.periode(eerste, laatste), (eerste, laatste)),
    urlstaat.Veld("svip_aanvragers", "aanvrager", urlstaat.lijst(ORGANISATIES), []),
    urlstaat.Veld("svip_soorten", "soort", urlstaat.lijst(SVIP_SOORTEN), []),
    urlstaat.Veld("svip_uitkomsten", "uitkomst", urlstaat.lijst(SVIP_UITKOMST_LABELS), []),
    urlstaat.Veld("svip_gemeenten", "adresgemeente", urlstaat.lijst(gemeente_opties), []),
    urlstaat.Veld("svip_per", "per", urlstaat.keuze(tijdreeks.PERIODE_LABELS), "maand"),
)
urlstaat.herstel(VELDEN)

with st.container(border=True):
    kolommen = st.columns([4, 2, 2, 2, 2])
    with kolommen[0]:
        van, tot = widgets.periode("svip_periode", eerste, laatste, (eerste, laatste), snelkeuzes, label="Ontvangen")
    aanvragers = kolommen[1].multiselect(
        "Aanvrager",
        ORGANISATIES,
        key="svip_aanvragers",
        placeholder="NCG en IMG",
        help="De organisatie waarvan de medewerker het verzoek deed.",
    )
    soorten = kolommen[2].multiselect(
        "Soort verzoek", SVIP_SOORTEN, key="svip_soorten", placeholder="Alle soorten", format_func=SVIP_SOORT_LABELS.get
    )
    uitkomsten = kolommen[3].multiselect(
        "Uitkomst",
        list(SVIP_UITKOMST_LABELS),
        key="svip_uitkomsten",
        placeholder="Alle uitkomsten",
        format_func=SVIP_UITKOMST_LABELS.get,
    )
    gemeenten = kolommen[4].multiselect(
        "Gemeente",
        gemeente_opties,
        key="svip_gemeenten",
        placeholder="Zoals in de zijbalk" if filters.gemeenten else "Alle gemeenten",
        help="De gemeente van het adres waarover het verzoek gaat.",
    )
urlstaat.bewaar(VELDEN)
st.caption(
    "Gemeente en programma gelden voor het adres waarover het verzoek gaat, zoals het op de peildatum in de "
    "werkvoorraad van NCG staat; met een gemeente- of programmafilter vallen verzoeken zonder adres op de "
    "NCG-lijst weg."
)

gekozen_gemeenten = tuple(sorted(gemeenten)) or filters.gemeenten
weergave = ui.svip_data(
    url,
    geladen_op,
    filters.peildatum,
    gekozen_gemeenten,
    filters.programmas,
    van,
    tot,
    tuple(aanvragers),
    tuple(soorten),
    tuple(uitkomsten),
)
data = weergave.data
extra = {
    "Ontvangen": f"{fmt.datum(van)} t/m {fmt.datum(tot)}",
    "Gemeente van het adres": ", ".join(gekozen_gemeenten) or "alle",
    "Aanvrager": ", ".join(aanvragers) or "NCG en IMG",
    "Soort verzoek": ", ".join(SVIP_SOORT_LABELS[s] for s in soorten) or "alle",
    "Uitkomst": ", ".join(SVIP_UITKOMST_LABELS[u] for u in uitkomsten) or "alle",
}

# Every figure from `weergave`: exact, or for aggregate roles perturbed by cell key (verstoring.svip_weergave).
categorieen, groepen = weergave.categorieen, weergave.groepen
beide = categorieen.filter(categorieen["categorie"] == "beide_lopend").row(0, named=True)
totaal_doorloop = weergave.doorlooptijd

kpis = st.columns(4)
periode_help = kpi_tekst.periode_help(None, f"ontvangen {fmt.datum(van)} t/m {fmt.datum(tot)}")
kpis[0].metric("SVIP-verzoeken", fmt.getal(weergave.totaal), help=periode_help)
kpis[0].caption(f"ontvangen {fmt.datum(van)} t/m {fmt.datum(tot)}; {fmt.getal(weergave.open)} nog open")
# Each KPI card leads to its detail: a chart further down (its heading's anchor) or the page filtered.
kpis[0].markdown(
    "[Per soort en aanvrager ↓](#verzoeken-per-maand)"
    if st.session_state.get("svip_per", "maand") == "maand"
    else "[Per soort en aanvrager ↓](#verzoeken-per-week)"
)
kpis[1].metric(
    f"Ontvangen t/m {fmt.datum(svip.MIJLPAAL)}",
    fmt.getal(weergave.mijlpaal),
    help="Het peilmoment van de evaluatie (medio 2020), binnen de overige filters.",
)
kpis[1].caption("peilmoment van de evaluatie, medio 2020")
if eerste <= svip.MIJLPAAL <= laatste:
    with kpis[1]:
        doorklik_ui.kpi_knop(
            doorklik.Doel(
                "svip",
                {"svip_periode": (eerste, svip.MIJLPAAL)},
                omschrijving=f"SVIP tot en met {fmt.datum(svip.MIJLPAAL)}",
            ),
            key="dk_svip_mijlpaal",
            label=f"Toon t/m {fmt.datum(svip.MIJLPAAL)}",
        )
kpis[2].metric("Over een adres met beide lopend", fmt.procent(beide["aandeel"]), help=periode_help)
kpis[2].caption(f"{fmt.getal(beide['aantal'])} van {fmt.getal(weergave.totaal)} verzoeken")
kpis[2].markdown("[Naar adres en groep ↓](#gekoppeld-aan-de-dossiers)")
kpis[3].metric(
    "Doorlooptijd (mediaan)",
    f"{fmt.decimaal(totaal_doorloop['mediaan_dagen'], 0)} dagen"
    if totaal_doorloop["mediaan_dagen"] is not None
    else "–",
    help=periode_help,
)
kpis[3].caption(
    f"90% binnen {fmt.decimaal(totaal_doorloop['p90_dagen'], 0)} dagen"
    if totaal_doorloop["p90_dagen"] is not None
    else ("nog geen afgeronde verzoeken" if not totaal_doorloop["afgerond"] else "te weinig afgeronde verzoeken")
)
kpis[3].markdown("[Per soort en maand ↓](#doorlooptijd-per-soort-en-maand)")
ui.verstoring_melding()  # aggregate roles: every count on this page is perturbed (cell key)

if not weergave.totaal:
    st.info("Geen verzoeken in deze selectie.", icon=":material/filter_alt_off:")
    st.stop()

kop = st.columns([4, 1], vertical_alignment="bottom")
per = kop[1].segmented_control(
    "Tijdseenheid",
    list(tijdreeks.PERIODE_LABELS),
    required=True,
    key="svip_per",
    format_func=str.capitalize,
    label_visibility="collapsed",
)
per_naam = tijdreeks.PERIODE_LABELS[per].lower()
kop[0].subheader(f"Verzoeken {per_naam}")
links, rechts = st.columns(2)
with links:
    st.markdown("**Naar soort verzoek**")
    per_soort = figures.staaf_tijd(
        weergave.per_periode[(per, "soort")],
        per,
        reeks="soort",
        kleuren=palet.SVIP_SOORT_KLEUREN,
        namen=SVIP_SOORT_LABELS,
        eenheid="verzoeken",
    )
    soort_namen = doorklik.reeks_namen(per_soort)
    # A click on a bar filters the page on that kind and period (dashboard.app.doorklik).
    widgets.grafiek(
        per_soort,
        key="svip_per_soort",
        bijschrift=widgets.bijschrift("SVIP", f"Verzoeken {per_naam} naar soort", extra),
        selection_mode="points",
        on_select=doorklik_ui.bij_klik(
            "svip_per_soort",
            lambda e: doorklik.svip_staaf(e, soort_namen, reeks="soort", per=per, eerste=van, laatste=tot),
        ),
    )
with rechts:
    st.markdown("**Naar aanvragende organisatie**")
    per_aanvrager = figures.staaf_tijd(
        weergave.per_periode[(per, "aanvrager")],
        per,
        reeks="aanvrager",
        kleuren=palet.ORGANISATIE_KLEUREN,
        eenheid="verzoeken",
    )
    aanvrager_namen = doorklik.reeks_namen(per_aanvrager)
    widgets.grafiek(
        per_aanvrager,
        key="svip_per_aanvrager",
        bijschrift=widgets.bijschrift("SVIP", f"Verzoeken {per_naam} naar aanvrager", extra),
        selection_mode="points",
        on_select=doorklik_ui.bij_klik(
            "svip_per_aanvrager",
            lambda e: doorklik.svip_staaf(e, aanvrager_namen, reeks="aanvrager", per=per, eerste=van, laatste=tot),
        ),
    )
st.caption("Klik op een staaf om de pagina op die soort of aanvrager en die periode te filteren.")

links, rechts = st.columns(2)
with links:
    st.subheader("Openstaande verzoeken")
    widgets.grafiek(
        figures.lijn_werkvoorraad(weergave.werkvoorraad),
        key="svip_werkvoorraad",
        bijschrift=widgets.bijschrift("SVIP", "Openstaande verzoeken", extra),
    )
    st.caption("Aan het eind van elke dag; telt ook verzoeken die vóór de periode binnenkwamen en toen nog open waren.")
with rechts:
    st.subheader("Uitkomst")
    widgets.grafiek(
        figures.staaf_uitkomsten(weergave.uitkomsten),
        key="svip_uitkomsten_grafiek",
        bijschrift=widgets.bijschrift("SVIP", "Uitkomst", extra),
        selection_mode="points",
        on_select=doorklik_ui.bij_klik("svip_uitkomsten_grafiek", doorklik.svip_uitkomst),
    )

st.subheader(f"Doorlooptijd per soort, ontvangen {fmt.datum(van)} t/m {fmt.datum(tot)}")
doorlooptijden = weergave.doorlooptijd_maand
if doorlooptijden.is_empty():
    st.info("Nog geen afgeronde verzoeken in deze selectie.")
else:
    widgets.grafiek(
        figures.staaf_doorlooptijd(weergave.doorlooptijd_soort, list(palet.SVIP_SOORT_KLEUREN)),
        key="svip_doorlooptijd",
        bijschrift=widgets.bijschrift("SVIP", "Doorlooptijd per soort", extra),
    )
    st.caption(
        "Dagen van ontvangst tot afronding van de afgeronde verzoeken die in de gekozen periode (Ontvangen, "
        "bovenaan) binnenkwamen: de helft was binnen de mediaan klaar, 90% binnen het 90e percentiel. "
        "Per maand in de tabel hieronder."
    )
    with st.expander("Tabel doorlooptijden"):
        widgets.tabel(
            svip.doorlooptijd_tabel(doorlooptijden),
            key="svip_doorlooptijd_tabel",
            bijschrift=widgets.bijschrift("SVIP", "Doorlooptijd per soort en maand", extra),
        )

st.subheader("Gekoppeld aan de dossiers")
st.caption(
    "Het samenwerkingspotentieel van het adres waarover het verzoek gaat, op de peildatum (niet op de dag "
    "van het verzoek)."
)
widgets.tabel(
    svip.dossiers_tabel(categorieen),
    key="svip_dossiers",
    bijschrift=widgets.bijschrift("SVIP", "Verzoeken naar adres", extra),
)
st.markdown("**Verzoeken over adressen met beide lopend, per groep**")
widgets.grafiek(
    figures.staaf_groepen_verzoeken(groepen, drempel=ui.drempel()),
    key="svip_groepen",
    bijschrift=widgets.bijschrift("SVIP", "Verzoeken per groep A-F", extra),
    selection_mode="points",
    on_select=doorklik_ui.bij_klik(
        "svip_groepen",
        lambda e: (doorklik.naar_groep(g, ui.mag_adressen()) if (g := doorklik.groep_uit_selectie(e)) else None),
    ),
)
st.caption(
    "Groepen A-F uit de evaluatie; wijs een staaf aan voor de toelichting, klik erop voor "
    + ("de adressen van die groep." if ui.mag_adressen() else "de aantallen van die groep per gemeente.")
)
