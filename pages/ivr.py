"""Telefonie (IVR): the one-loket phone menu: calls per line, menu choices, misrouted calls, warm transfers and
busy hours."""

import streamlit as st

from dashboard import figures
from dashboard.app import doorklik, doorklik_ui, ui, urlstaat, widgets
from dashboard.core import fmt, palet, tijdreeks
from dashboard.core.domain import (
    IVR_MENUKEUZE_LABELS,
    IVR_MENUKEUZES,
    IVR_ONDERWERP_LABELS,
    IVR_ONDERWERPEN,
    ORGANISATIES,
)
from dashboard.subjects import ivr, kpi_tekst

filters = ui.page_header(
    "Telefonie (IVR)",
    "Het keuzemenu achter de telefoonnummers van IMG en NCG (één loket, sinds 3 januari 2021): hoe vaak "
    "bellers verkeerd kiezen en hoe vaak zij sinds 1 juli 2021 warm worden overgedragen aan de andere organisatie.",
)
url = ui.database_url()
geladen_op = st.session_state["geladen_op"]
perioden = ui.perioden(url, geladen_op, filters.peildatum)
if perioden.ivr_van is None:
    st.info("Deze aanlevering bevat geen telefoniegegevens.", icon=":material/phone_disabled:")
    st.stop()

eerste, laatste = perioden.ivr_van, perioden.ivr_tot
snelkeuzes = {"Jan-jun 2021": ivr.standaard_periode(eerste, laatste), "Alles": (eerste, laatste)}
if eerste <= ivr.WARME_OVERDRACHT_VANAF <= laatste:
    snelkeuzes["Vanaf 1 juli"] = (ivr.WARME_OVERDRACHT_VANAF, laatste)

# The view in the URL (urlstaat): ?periode=2021-07-01,2021-12-31&lijn=IMG&keuze=...&onderwerp=...&per=maand
VELDEN = (
    urlstaat.Veld("ivr_periode", "periode", urlstaat.periode(eerste, laatste), ivr.standaard_periode(eerste, laatste)),
    urlstaat.Veld("ivr_lijnen", "lijn", urlstaat.lijst(ORGANISATIES), []),
    urlstaat.Veld("ivr_menukeuzes", "keuze", urlstaat.lijst(IVR_MENUKEUZES), []),
    urlstaat.Veld("ivr_onderwerpen", "onderwerp", urlstaat.lijst(IVR_ONDERWERPEN), []),
    urlstaat.Veld("ivr_per", "per", urlstaat.keuze(tijdreeks.PERIODE_LABELS), "week"),
)
urlstaat.herstel(VELDEN)

with st.container(border=True):
    kolommen = st.columns([4, 2, 2, 2, 2])
    with kolommen[0]:
        van, tot = widgets.periode("ivr_periode", eerste, laatste, ivr.standaard_periode(eerste, laatste), snelkeuzes)
    lijnen = kolommen[1].multiselect(
        "Lijn", ORGANISATIES, key="ivr_lijnen", placeholder="Beide lijnen", format_func=figures.LIJN_NAMEN.get
    )
    menukeuzes = kolommen[2].multiselect(
        "Menukeuze",
        IVR_MENUKEUZES,
        key="ivr_menukeuzes",
        placeholder="Alle keuzes",
        format_func=IVR_MENUKEUZE_LABELS.get,
    )
    onderwerpen = kolommen[3].multiselect(
        "Onderwerp",
        IVR_ONDERWERPEN,
        key="ivr_onderwerpen",
        placeholder="Alle onderwerpen",
        format_func=IVR_ONDERWERP_LABELS.get,
        help="De vraag zoals de medewerker die vastlegde.",
    )
    per = kolommen[4].segmented_control(
        "Tijdseenheid",
        list(tijdreeks.PERIODE_LABELS),
        required=True,
        key="ivr_per",
        format_func=str.capitalize,
    )
urlstaat.bewaar(VELDEN)
st.caption("Telefonie is niet per gemeente of programma te filteren: van een gesprek is geen adres bekend.")

data = ui.ivr_data(url, geladen_op, filters.peildatum, van, tot, tuple(lijnen), tuple(menukeuzes), tuple(onderwerpen))
extra = {
    "Periode": f"{fmt.datum(van)} t/m {fmt.datum(tot)}",
    "Lijn": ", ".join(lijnen) or "beide",
    "Menukeuze": ", ".join(IVR_MENUKEUZE_LABELS[m] for m in menukeuzes) or "alle",
    "Onderwerp": ", ".join(IVR_ONDERWERP_LABELS[o] for o in onderwerpen) or "alle",
}
if data.per_dag.is_empty():
    st.info("Geen gesprekken in deze selectie.", icon=":material/filter_alt_off:")
    st.stop()

periode_tekst = f"{fmt.datum(van)} t/m {fmt.datum(tot)}"
st.subheader(f"Verkeerd gekozen, {periode_tekst}")
kpis = st.columns(4)
per_lijn = ivr.per_lijn(data.per_dag)
for col, rij in zip(kpis, per_lijn.iter_rows(named=True)):
    col.metric(
        f"{rij['lijn']}-lijn: verkeerd gekozen",
        fmt.procent(rij["verkeerd_aandeel"]),
        help=kpi_tekst.periode_help(ivr.DEFINITIE_VERKEERD, periode_tekst),
    )
    col.caption(f"{fmt.getal(rij['verkeerd'])} van {fmt.getal(rij['gesprekken'])} gesprekken")
    # Each KPI card leads to its detail: the line alone, month by month (the chart below, by its heading's anchor).
    if lijnen != [rij["lijn"]]:
        with col:
            doorklik_ui.kpi_knop(
                doorklik.Doel(
                    "ivr", {"ivr_lijnen": [rij["lijn"]]}, omschrijving=f"alleen de {figures.LIJN_NAMEN[rij['lijn']]}"
                ),
                key=f"dk_ivr_{rij['lijn']}",
                label=f"Alleen de {figures.LIJN_NAMEN[rij['lijn']]}",
            )
    col.markdown("[Per maand ↓](#verkeerd-gekozen-per-maand)")
kpis[2].metric(
    "Gesprekken", fmt.getal(int(per_lijn["gesprekken"].sum())), help=kpi_tekst.periode_help(None, periode_tekst)
)
kpis[2].caption("via het keuzemenu, beide lijnen samen" if not lijnen else "via het keuzemenu")
kpis[2].markdown("[Per lijn en menukeuze ↓](#gesprekken-en-menukeuze)")
kpis[3].metric(
    "Warme overdrachten",
    kpi_tekst.warme_overdrachten(int(per_lijn["warme_overdrachten"].sum()), tot),
    help=kpi_tekst.periode_help(None, periode_tekst),
)
kpis[3].caption(kpi_tekst.warme_overdrachten_uitleg(tot))
if eerste <= ivr.WARME_OVERDRACHT_VANAF <= laatste and van < ivr.WARME_OVERDRACHT_VANAF:
    with kpis[3]:
        doorklik_ui.kpi_knop(
            doorklik.Doel(
                "ivr",
                {"ivr_periode": (ivr.WARME_OVERDRACHT_VANAF, laatste)},
                omschrijving="warme overdrachten sinds 1 juli 2021",
            ),
            key="dk_ivr_warm",
            label="Vanaf 1 juli 2021",
        )
kpis[3].markdown("[Per lijn ↓](#warme-overdracht)")
st.caption(ivr.DEFINITIE_VERKEERD)

st.subheader("Gesprekken en menukeuze")
links, rechts = st.columns(2)
with links:
    st.markdown("**Gesprekken per lijn**")
    gesprekken = ivr.gesprekken_per_periode(data.per_dag, per)
    fig = figures.staaf_tijd(
        gesprekken,
        per,
        reeks="lijn",
        kleuren=palet.ORGANISATIE_KLEUREN,
        namen=figures.LIJN_NAMEN,
        waarde="gesprekken",
        eenheid="gesprekken",
    )
    onvolledig = kpi_tekst.onvolledige_perioden(gesprekken["periode"].unique(), per, van, tot)
    kpi_tekst.markeer_onvolledig(fig, onvolledig, per)
    gesprekken_namen = doorklik.reeks_namen(fig)
    # A click on a bar filters the page on that line and period, or line and menu choice (dashboard.app.doorklik).
    widgets.grafiek(
        fig,
        key="ivr_gesprekken",
        bijschrift=widgets.bijschrift("Telefonie (IVR)", f"Gesprekken {tijdreeks.PERIODE_LABELS[per].lower()}", extra),
        selection_mode="points",
        on_select=doorklik_ui.bij_klik(
            "ivr_gesprekken", lambda e: doorklik.ivr_staaf(e, gesprekken_namen, per=per, eerste=van, laatste=tot)
        ),
    )
    st.caption("Klik op een staaf om de pagina op die lijn en periode te filteren.")
with rechts:
    st.markdown("**Menukeuze per lijn**")
    menu = figures.staaf_menukeuzes(ivr.menukeuzes(data.per_dag))
    menu_namen = doorklik.reeks_namen(menu)
    widgets.grafiek(
        menu,
        key="ivr_menukeuzes_grafiek",
        bijschrift=widgets.bijschrift("Telefonie (IVR)", "Menukeuze per lijn", extra),
        selection_mode="points",
        on_select=doorklik_ui.bij_klik("ivr_menukeuzes_grafiek", lambda e: doorklik.ivr_menukeuze(e, menu_namen)),
    )
    st.caption(
        "Aandeel van de gesprekken van elke lijn; wijs een balk aan voor het aantal, klik erop om de "
        "pagina op die lijn en menukeuze te filteren."
    )

st.subheader("Verkeerd gekozen per maand")
per_maand = ivr.verkeerd_per_maand(data.per_dag)
widgets.grafiek(
    figures.lijn_verkeerd_aandeel(per_maand),
    key="ivr_verkeerd",
    bijschrift=widgets.bijschrift("Telefonie (IVR)", "Verkeerd gekozen per maand", extra),
)
with st.expander("Tabel verkeerd gekozen per maand"):
    widgets.tabel(
        ivr.verkeerd_tabel(per_maand),
        key="ivr_verkeerd_tabel",
        bijschrift=widgets.bijschrift("Telefonie (IVR)", "Verkeerd gekozen per maand", extra),
    )

links, rechts = st.columns(2)
with links:
    st.subheader("Warme overdracht")
    overdrachten = ivr.warme_overdrachten(data.per_dag, per)
    if overdrachten.is_empty():
        st.info(
            "Warme overdracht bestaat sinds 1 juli 2021; kies een periode daarna om ze te zien.",
            icon=":material/call_split:",
        )
    else:
        warm = figures.staaf_tijd(
            overdrachten,
            per,
            reeks="lijn",
            kleuren=palet.ORGANISATIE_KLEUREN,
            namen=figures.LIJN_NAMEN,
            waarde="warme_overdrachten",
            eenheid="overdrachten",
        )
        warm_namen = doorklik.reeks_namen(warm)
        widgets.grafiek(
            warm,
            key="ivr_warm",
            bijschrift=widgets.bijschrift("Telefonie (IVR)", "Warme overdrachten", extra),
            selection_mode="points",
            on_select=doorklik_ui.bij_klik(
                "ivr_warm", lambda e: doorklik.ivr_staaf(e, warm_namen, per=per, eerste=van, laatste=tot)
            ),
        )
        st.caption("Bellers die de verkeerde organisatie troffen en zijn doorverbonden, naar de lijn die zij belden.")
with rechts:
    st.subheader("Drukte per uur en weekdag")
    widgets.grafiek(
        figures.heatmap_uur_weekdag(ivr.uur_weekdag_raster(data.uur_weekdag)),
        key="ivr_heatmap",
        bijschrift=widgets.bijschrift("Telefonie (IVR)", "Gesprekken per uur en weekdag", extra),
    )
