"""Overzicht: the steering group's KPIs at a glance."""

import streamlit as st

from dashboard import figures, fmt, ivr, overzicht, privacy, ui

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
if perioden.ivr_van:
    ivr_van, ivr_tot = ivr.standaard_periode(perioden.ivr_van, perioden.ivr_tot)
    gekozen = st.sidebar.date_input(
        "Periode telefonie",
        value=(ivr_van, ivr_tot),
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
        value=(van, tot),
        min_value=van,
        max_value=tot,
        format="DD-MM-YYYY",
        key="overzicht_periode",
    )
    if isinstance(gekozen, tuple) and len(gekozen) == 2:
        van, tot = gekozen

data = ui.overzicht_data(url, geladen_op, filters.peildatum, filters.gemeenten, filters.programmas, van, tot,
                         ivr_van, ivr_tot)
ui.rapport_knop(filters, van, tot, ivr_van, ivr_tot)
cats = {r["categorie"]: r for r in data.categorieen.iter_rows(named=True)}

kpis = st.columns(4)
drempel = ui.drempel()
kpis[0].metric(
    "NCG-adressen",
    privacy.tekst(data.totaal, data.totaal_onderdrukt, drempel),
    help="Adressen in de werkvoorraad van NCG op de peildatum.",
)
kpis[0].caption("werkvoorraad NCG")
for col, key in zip(kpis[1:], ("geen_schademelding", "gesloten", "beide_lopend")):
    row = cats[key]
    col.metric(row["label"], privacy.tekst(row["aantal"], row.get("onderdrukt", False), drempel))
    col.caption(f"{fmt.procent(row['aandeel'], 0)} van de NCG-adressen")
ui.verstoring_melding()  # aggregate roles: the address figures are perturbed (cell-key method)

left, right = st.columns([1, 1])
with left:
    st.subheader("Samenwerkingspotentieel")
    ui.grafiek(figures.donut_categorieen(data.categorieen, totaal=data.totaal), key="donut_categorieen",
               bijschrift=ui.bijschrift("Overzicht", "Samenwerkingspotentieel"))
    st.caption("Per NCG-adres; schademeldingen (fysieke schade en AOS) ontdubbeld per adres.")
with right:
    st.subheader("Beide lopend, per groep")
    ui.grafiek(figures.staaf_groepen(data.groepen, drempel=drempel), key="staaf_groepen",
               bijschrift=ui.bijschrift("Overzicht", "Beide lopend per groep"))
    st.caption("Groepen A-F uit de evaluatie; wijs een staaf aan voor de toelichting.")

st.subheader("Fase bij NCG")
ui.grafiek(figures.staaf_fasen(data.fasen), key="staaf_fasen", bijschrift=ui.bijschrift("Overzicht", "Fase bij NCG"))

st.subheader("Eén loket en SVIP")
st.caption("Telefonie en SVIP zijn niet per gemeente of programma te filteren.")
cols = st.columns(4)
for col, row in zip(cols, data.ivr.iter_rows(named=True)):
    col.metric(f"{row['lijn']}-lijn: verkeerd gekozen", fmt.procent(row["verkeerd_aandeel"]), help=ivr.DEFINITIE_VERKEERD)
    col.caption(
        f"{fmt.getal(row['verkeerd'])} van {fmt.getal(row['gesprekken'])} gesprekken · "
        f"{fmt.getal(row['warme_overdrachten'])} warme overdrachten · {overzicht.periode_tekst(data.ivr_periode)}"
    )
svip_totaal = int(data.svip["aantal"].sum())
cols[2].metric("SVIP-informatieverzoeken", fmt.getal(svip_totaal))
cols[2].caption(f"waarvan {fmt.getal(data.svip_open)} nog open · ontvangen {overzicht.periode_tekst(data.svip_periode)}")
top = data.svip.filter(data.svip["aantal"] > 0).head(3)
cols[3].markdown("**Meest gevraagd**\n\n" + "\n".join(
    f"{i}. {r['label']} ({fmt.getal(r['aantal'])})" for i, r in enumerate(top.iter_rows(named=True), start=1)
) if top.height else "Geen verzoeken in deze periode.")

st.subheader("Pilots en samenwerking")
if data.pilots.height:
    pilots = overzicht.pilot_tabel(data.pilots)  # aggregate roles: perturbed, nothing hidden (verstoring.trechter)
    st.dataframe(pilots, hide_index=True, key="tabel_pilots")
    ui.tabel_downloads(pilots, key="tabel_pilots_export", bijschrift=ui.bijschrift("Overzicht", "Pilots en samenwerking"))
    st.caption("Per soort samenwerking: alle acties (mogelijk) en hoe ver ze kwamen.")
else:
    st.info("Deze aanlevering bevat geen samenwerkingsacties.")

from dashboard import opvolging_ui  # noqa: E402  (the follow-up of signals, below the rest)

opvolging_ui.kpi_sectie(filters)
