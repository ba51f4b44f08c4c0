"""Signalen: the core team's work queue of signals and their follow-up (dashboard.app.opvolging_ui), and the addresses
where, between two snapshots, cooperation has become possible or urgent."""

import streamlit as st

from dashboard.app import doorklik, doorklik_ui, dossier, opvolging_ui, ui, urlstaat, widgets
from dashboard.core import fmt
from dashboard.subjects import signalen

filters = ui.page_header(
    "Signalen",
    "De signaleringsfunctie uit de evaluatie: adressen waar sinds de vorige aanlevering iets is veranderd dat om "
    "afstemming tussen NCG en IMG vraagt, en wat het kernteam ermee doet. Een adres kan meer dan één signaal hebben.",
)
url = ui.database_url()
stand = ui.stand(url)
eerder = [d for d, _ in stand if d < filters.peildatum]  # newest first

WEERGAVEN = {"opvolging": "Opvolging (werkvoorraad)", "wijzigingen": "Wijzigingen tussen twee aanleveringen"}
# The view in the URL (urlstaat): ?weergave=wijzigingen&sinds=2020-10-31&soort=aos; the work list's filters
# (opvolging_ui.werklijst): ?status=nieuw&eigenaar=geen&werksoort=aos&leeftijd=14
VELDEN = (
    urlstaat.Veld("sg_weergave", "weergave", urlstaat.keuze(WEERGAVEN), "opvolging"),
    urlstaat.Veld(
        "sg_vorige",
        "sinds",
        urlstaat.keuze(eerder),
        eerder[0] if eerder else None,
        actief=lambda: st.session_state.get("sg_weergave") == "wijzigingen",
    ),
    urlstaat.Veld(
        "sg_soorten",
        "soort",
        urlstaat.lijst(signalen.SIGNALEN),
        [],
        actief=lambda: st.session_state.get("sg_weergave") == "wijzigingen",
    ),
    urlstaat.Veld(
        "sg_lijst_pagina",
        "pagina",
        urlstaat.PAGINA,
        1,
        actief=lambda: st.session_state.get("sg_weergave") == "wijzigingen",
    ),
    urlstaat.Veld("sg_adres", "adres", urlstaat.NCG_ID, None),
)
urlstaat.herstel(VELDEN)
weergave = (
    st.segmented_control("Weergave", list(WEERGAVEN), format_func=WEERGAVEN.get, key="sg_weergave") or "opvolging"
)
urlstaat.bewaar(VELDEN)
if weergave == "opvolging":
    opvolging_ui.werklijst(filters)
    dossier.open_dossier("sg_adres")
    st.stop()

if not eerder:
    st.info(
        f"Er is geen peildatum vóór {fmt.datum(filters.peildatum)} om mee te vergelijken. Kies in de zijbalk een "
        "latere peildatum, of laad een eerdere aanlevering.",
        icon=":material/compare_arrows:",
    )
    st.stop()

if st.session_state.get("sg_vorige") not in eerder:
    st.session_state["sg_vorige"] = signalen.vorige_peildatum(eerder, filters.peildatum)
bediening = st.columns([1, 4])
vorige = bediening[0].selectbox(
    "Sinds peildatum",
    eerder,
    format_func=fmt.datum,
    key="sg_vorige",
    help="Standaard de vorige aanlevering; kies een eerdere om over een langere periode te kijken.",
)
soorten = bediening[1].pills(
    "Alleen signalen van soort",
    list(signalen.SIGNALEN),
    format_func=signalen.SIGNALEN.get,
    selection_mode="multi",
    key="sg_soorten",
    help=" ".join(f"{signalen.SIGNALEN[s]}: {t}" for s, t in signalen.SIGNAAL_UITLEG.items()),
)
soorten = tuple(s for s in signalen.SIGNALEN if s in (soorten or ()))

alle = ui.signalen_data(url, stand, filters, vorige)
aantallen = signalen.per_soort(alle)
for kolom, (soort, naam) in zip(st.columns(len(signalen.SIGNALEN)), signalen.SIGNALEN.items()):
    kolom.metric(naam, fmt.getal(aantallen[soort]), help=signalen.SIGNAAL_UITLEG[soort])
    with kolom:  # each card leads to its detail: the list below on that kind
        doorklik_ui.kpi_knop(doorklik.kpi_signaalsoort(soort, naam), key=f"dk_kpi_signaal_{soort}", label="In de lijst")

lijst = signalen.lijst(signalen.van_soorten(alle, soorten))
st.caption(
    f"{fmt.getal(lijst.height)} signalen tussen {fmt.datum(vorige)} en {fmt.datum(filters.peildatum)}. "
    "Klik op een rij voor het gecombineerde dossier; klik op een kolomkop om te sorteren."
)
gekozen = dossier.adreslijst(
    lijst,
    key="sg_lijst",
    onderdeel=f"Signalen sinds {fmt.datum(vorige)}",
    kolommen={"Reden": st.column_config.TextColumn("Reden", width="large")},
)
widgets.tabel_downloads(
    lijst,
    key="sg_export",
    adressen=True,
    bijschrift=widgets.bijschrift(
        "Signalen",
        f"Signalen sinds {fmt.datum(vorige)}",
        {
            "Vergeleken met peildatum": fmt.datum(vorige),
            "Soort signaal": ", ".join(signalen.SIGNALEN[s] for s in soorten) or "alle",
        },
    ),
)

urlstaat.bewaar(VELDEN)
# A row just selected opens its dossier; the open dossier is part of the shareable link.
if gekozen:
    st.session_state["sg_adres"] = gekozen
if redenen := signalen.van_adres(alle, st.session_state.get("sg_adres") or ""):
    st.info("\n".join(f"- **{naam}**: {reden}" for naam, reden in redenen), icon=":material/notifications_active:")
dossier.open_dossier("sg_adres")
