"""Overzicht: the steering group's KPIs at a glance."""

import streamlit as st

from dashboard import figures
from dashboard.app import doorklik, doorklik_ui, ui, urlstaat, widgets
from dashboard.core import fmt, privacy
from dashboard.subjects import ivr, kpi_tekst, overzicht

filters = ui.page_header(
    "Overzicht",
    "Samenloop van versterking (NCG) en schadeafhandeling (IMG) op de adressen in de werkvoorraad van NCG.",
)
url = ui.database_url()
geladen_op = st.session_state["geladen_op"]
perioden = ui.perioden(url, geladen_op, filters.peildatum)

# Telephony and SVIP each count their own period: the phone KPI opens on the evaluation's period (from the
# menu's start, 3 January 2021, to 30 June 2021) as the Telefonie page does, SVIP on every request.
van = tot = ivr_van = ivr_tot = None
# Both periods in the URL (urlstaat): ?telefonie=2021-01-03,2021-12-31&svip=2020-01-01,2020-06-30
VELDEN = tuple(
    [
        urlstaat.Veld(
            "overzicht_periode_ivr",
            "telefonie",
            urlstaat.periode(perioden.ivr_van, perioden.ivr_tot),
            ivr.standaard_periode(perioden.ivr_van, perioden.ivr_tot),
        )
    ]
    if perioden.ivr_van
    else []
) + tuple(
    [
        urlstaat.Veld(
            "overzicht_periode",
            "svip",
            urlstaat.periode(perioden.svip_van, perioden.svip_tot),
            (perioden.svip_van, perioden.svip_tot),
        )
    ]
    if perioden.svip_van
    else []
)
urlstaat.herstel(VELDEN)
if perioden.ivr_van:
    ivr_van, ivr_tot = ivr.standaard_periode(perioden.ivr_van, perioden.ivr_tot)
    gekozen = st.sidebar.date_input(
        "Periode telefonie",
        min_value=perioden.ivr_van,
        max_value=perioden.ivr_tot,
        format="DD-MM-YYYY",
        key="overzicht_periode_ivr",
    )
    if isinstance(gekozen, tuple) and len(gekozen) == 2:
        ivr_van, ivr_tot = gekozen
if perioden.svip_van:
    van, tot = perioden.svip_van, perioden.svip_tot
    gekozen = st.sidebar.date_input(
        "Periode SVIP",
        min_value=van,
        max_value=tot,
        format="DD-MM-YYYY",
        key="overzicht_periode",
    )
    if isinstance(gekozen, tuple) and len(gekozen) == 2:
        van, tot = gekozen

urlstaat.bewaar(VELDEN)

data = ui.overzicht_data(
    url, geladen_op, filters.peildatum, filters.gemeenten, filters.programmas, van, tot, ivr_van, ivr_tot
)
widgets.rapport_knop(filters, van, tot, ivr_van, ivr_tot)
cats = {r["categorie"]: r for r in data.categorieen.iter_rows(named=True)}

kpis = st.columns(4)
drempel = ui.drempel()
mag_adressen = ui.mag_adressen()
kpis[0].metric(
    "NCG-adressen",
    privacy.tekst(data.totaal, data.totaal_onderdrukt, drempel),
    help=kpi_tekst.periode_help(
        "Adressen in de werkvoorraad van NCG op de peildatum.", f"peildatum {fmt.datum(filters.peildatum)}"
    ),
)
kpis[0].caption("werkvoorraad NCG")
with kpis[0]:  # every KPI card leads to the view that explains it (dashboard.app.doorklik)
    doorklik_ui.kpi_knop(
        doorklik.naar_categorie(None, mag_adressen),
        key="dk_kpi_ncg",
        label="Adressen" if mag_adressen else "Per gemeente",
    )
for col, key in zip(kpis[1:], ("geen_schademelding", "gesloten", "beide_lopend")):
    row = cats[key]
    col.metric(
        row["label"],
        privacy.tekst(row["aantal"], row.get("onderdrukt", False), drempel),
        help=kpi_tekst.periode_help(None, f"peildatum {fmt.datum(filters.peildatum)}"),
    )
    col.caption(f"{fmt.procent(row['aandeel'], 0)} van de NCG-adressen")
    with col:
        doorklik_ui.kpi_knop(
            doorklik.naar_categorie(key, mag_adressen),
            key=f"dk_kpi_{key}",
            label="Adressen" if mag_adressen else "Per gemeente",
        )
ui.verstoring_melding()  # aggregate roles: the address figures are perturbed (cell-key method)

left, right = st.columns([1, 1])
with left:
    st.subheader("Samenwerkingspotentieel")
    widgets.grafiek(
        figures.donut_categorieen(data.categorieen, totaal=data.totaal),
        key="donut_categorieen",
        bijschrift=widgets.bijschrift("Overzicht", "Samenwerkingspotentieel"),
    )
    # A pie's slices are not selectable in st.plotly_chart (Chromium: a click selects nothing): the KPI cards'
    # buttons above open each category.
    st.caption(
        "Per NCG-adres; schademeldingen (fysieke schade en AOS) ontdubbeld per adres. De knoppen onder de "
        "kerncijfers openen "
        + ("de adressen" if mag_adressen else "de aantallen per gemeente")
        + " van elke categorie."
    )
with right:
    st.subheader("Beide lopend, per groep")
    widgets.grafiek(
        figures.staaf_groepen(data.groepen, drempel=drempel),
        key="staaf_groepen",
        bijschrift=widgets.bijschrift("Overzicht", "Beide lopend per groep"),
        selection_mode="points",
        on_select=doorklik_ui.bij_klik(
            "staaf_groepen",
            lambda e: (doorklik.naar_groep(g, mag_adressen) if (g := doorklik.groep_uit_selectie(e)) else None),
        ),
    )
    st.caption(
        "Groepen A-F uit de evaluatie; wijs een staaf aan voor de toelichting, klik erop voor "
        + ("de adressen." if mag_adressen else "de aantallen per gemeente.")
    )

st.subheader("Fase bij NCG")
fasen_figuur = figures.staaf_fasen(data.fasen)
fasen_namen = doorklik.reeks_namen(fasen_figuur)
widgets.grafiek(
    fasen_figuur,
    key="staaf_fasen",
    bijschrift=widgets.bijschrift("Overzicht", "Fase bij NCG"),
    selection_mode="points",
    on_select=doorklik_ui.bij_klik(
        "staaf_fasen",
        lambda e: (doorklik.naar_fase(*f, mag_adressen) if (f := doorklik.fase_uit_selectie(e, fasen_namen)) else None),
    ),
)
st.caption(
    "Klik op het deel *beide lopend* van een fase voor die rij van de Fasematrix, op een ander deel voor "
    "die categorie op de kaart."
)

st.subheader("Eén loket en SVIP")
st.caption("Telefonie en SVIP zijn niet per gemeente of programma te filteren.")
cols = st.columns(4)
for col, row in zip(cols, data.ivr.iter_rows(named=True)):
    col.metric(
        f"{row['lijn']}-lijn: verkeerd gekozen",
        fmt.procent(row["verkeerd_aandeel"]),
        help=kpi_tekst.periode_help(ivr.DEFINITIE_VERKEERD, overzicht.periode_tekst(data.ivr_periode)),
    )
    warm = (
        kpi_tekst.warme_overdrachten(row["warme_overdrachten"], data.ivr_periode[1])
        if data.ivr_periode
        else fmt.getal(row["warme_overdrachten"])
    )
    col.caption(
        f"{fmt.getal(row['verkeerd'])} van {fmt.getal(row['gesprekken'])} gesprekken · "
        f"warme overdrachten: {warm} · {overzicht.periode_tekst(data.ivr_periode)}"
    )
    if ivr_van:
        with col:
            doorklik_ui.kpi_knop(
                doorklik.kpi_ivr_lijn(row["lijn"], ivr_van, ivr_tot),
                key=f"dk_kpi_ivr_{row['lijn']}",
                label="Per maand op Telefonie",
            )
svip_totaal = data.svip_totaal
cols[2].metric(
    "SVIP-informatieverzoeken",
    fmt.getal(svip_totaal),
    help=kpi_tekst.periode_help("Ontvangen informatieverzoeken.", overzicht.periode_tekst(data.svip_periode)),
)
cols[2].caption(
    f"waarvan {fmt.getal(data.svip_open)} nog open · ontvangen {overzicht.periode_tekst(data.svip_periode)}"
)
if van:
    with cols[2]:
        doorklik_ui.kpi_knop(doorklik.kpi_svip(van, tot), key="dk_kpi_svip", label="Naar soort en maand op SVIP")
top = data.svip.filter(data.svip["aantal"] > 0).head(3)
cols[3].markdown(
    "**Meest gevraagd**\n\n"
    + "\n".join(
        f"{i}. {r['label']} ({fmt.getal(r['aantal'])})" for i, r in enumerate(top.iter_rows(named=True), start=1)
    )
    if top.height
    else "Geen verzoeken in deze periode."
)

st.subheader("Pilots en samenwerking")
if data.pilots.height:
    pilots = overzicht.pilot_tabel(data.pilots)  # aggregate roles: perturbed, nothing hidden (verstoring.trechter)
    st.dataframe(pilots, hide_index=True, key="tabel_pilots")
    widgets.tabel_downloads(
        pilots, key="tabel_pilots_export", bijschrift=widgets.bijschrift("Overzicht", "Pilots en samenwerking")
    )
    st.caption("Per soort samenwerking: alle acties (mogelijk) en hoe ver ze kwamen.")
else:
    st.info("Deze aanlevering bevat geen samenwerkingsacties.")

from dashboard.app import opvolging_ui  # noqa: E402  (the follow-up of signals, below the rest)

opvolging_ui.kpi_sectie(filters)
