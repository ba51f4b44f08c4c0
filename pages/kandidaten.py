"""Kandidaten: the core team's work lists of addresses for cooperation, and the proactive list."""

import streamlit as st

from dashboard.app import doorklik, doorklik_ui, dossier, ui, urlstaat, widgets
from dashboard.core import fmt, kandidaten_kenmerken
from dashboard.core.domain import GROEP_TEKST, GROEPEN
from dashboard.core.filters import KENMERKEN, Selectie, maanden_terug, postcodebereik
from dashboard.core.tekst import md
from dashboard.subjects import adressen

filters = ui.page_header(
    "Kandidaten",
    "Werklijsten voor het kernteam: adressen waar samenwerking tussen NCG en IMG kansrijk is, en adressen "
    "zonder schademelding die tijdens de versterking proactief benaderd kunnen worden.",
)
url = ui.database_url()
geladen_op = st.session_state["geladen_op"]

TABS = {"Samenwerkingskandidaten": "kandidaten", "Proactief benaderen": "proactief"}
# The page's view in the URL (urlstaat): ?groep=B&postcode=9711-9718&kenmerk=urgent&duur=6&lijst=proactief
VELDEN = (
    urlstaat.Veld("kd_groepen", "groep", urlstaat.lijst(GROEPEN), ["B", "E"]),
    urlstaat.Veld(
        "kd_postcode", "postcode", urlstaat.tekst(r"\d{4}(-\d{4})?", 9, schoon=lambda t: t.replace(" ", "")), ""
    ),
    urlstaat.Veld("kd_kenmerken", "kenmerk", urlstaat.lijst(KENMERKEN), []),
    urlstaat.Veld("kd_duur", "duur", urlstaat.getal(0, 120), 0),
    urlstaat.Veld("kd_prioriteerbaar", "prioriteerbaar", urlstaat.vlag(), False),
    urlstaat.Veld("kd_tab", "lijst", urlstaat.keuze(TABS, TABS), "Samenwerkingskandidaten"),
    urlstaat.Veld("kd_lijst_pagina", "pagina", urlstaat.PAGINA, 1),
    urlstaat.Veld("kd_proactief_pagina", "proactiefpagina", urlstaat.PAGINA, 1),
    urlstaat.Veld("kd_adres", "adres", urlstaat.NCG_ID, None),
)
urlstaat.herstel(VELDEN)

with st.expander("Filters voor deze lijsten", expanded=True, icon=":material/filter_alt:"):
    rij = st.columns([2, 1, 2])
    groepen = rij[0].multiselect(
        "Groep",
        list(GROEPEN),
        key="kd_groepen",
        format_func=lambda g: f"Groep {g}",
        help="B en E zijn de groepen waar de evaluatie de meeste kansen ziet. "
        + " ".join(f"{g}: {t}" for g, t in GROEP_TEKST.items() if g in "BE"),
        placeholder="Alle groepen",
    )
    postcode_tekst = rij[1].text_input(
        "Postcode (4 cijfers of bereik)", key="kd_postcode", placeholder="bijv. 9711-9718"
    )
    duur = rij[2].number_input("NCG-fase duurt minimaal (maanden)", min_value=0, max_value=120, step=3, key="kd_duur")
    # The flags on a row of their own: in a third of the width the last pill was cut off ("Toestemming bewo…").
    kenmerken = st.pills(
        "Alleen adressen met",
        list(KENMERKEN),
        format_func=KENMERKEN.get,
        selection_mode="multi",
        key="kd_kenmerken",
        help=kandidaten_kenmerken.HELP,
    )
    prioriteerbaar = st.checkbox(
        "Alleen als de IMG-melding nog te prioriteren is (fase melding of opname)", key="kd_prioriteerbaar"
    )

try:
    bereik = postcodebereik(postcode_tekst)
except ValueError as exc:
    st.error(f"Postcode niet herkend: {md(str(exc))}", icon=":material/error:")
    bereik = None
pc4_van, pc4_tot = bereik or (None, None)
kenmerken = tuple(sorted(kenmerken or ()))
fase_sinds_voor = maanden_terug(filters.peildatum, int(duur)) if duur else None
beschrijving = {
    "Postcode": postcode_tekst.strip() or "alle",
    "Kenmerken": ", ".join(KENMERKEN[k] for k in kenmerken) or "alle adressen",
    "NCG-fase minimaal": f"{int(duur)} maanden" if duur else "geen eis",
}

urlstaat.bewaar(VELDEN)

tab_kandidaten, tab_proactief = st.tabs(list(TABS), key="kd_tab", on_change="rerun")
gekozen: str | None = None

with tab_kandidaten:
    selectie = Selectie(
        categorieen=("beide_lopend",),
        groepen=tuple(sorted(groepen)),
        kenmerken=kenmerken,
        prioriteerbaar=prioriteerbaar,
        pc4_van=pc4_van,
        pc4_tot=pc4_tot,
        fase_sinds_voor=fase_sinds_voor,
    )
    gevonden = ui.adressen_data(url, geladen_op, filters, selectie)
    per_groep = dict(gevonden.group_by("groep").len().iter_rows())
    # Only the groups the filter keeps: a group filtered out is not a group with 0 candidates.
    getoond = [g for g in GROEPEN if not groepen or g in groepen]
    cols = st.columns(len(GROEPEN) + 1)
    cols[0].metric("Kandidaten", fmt.getal(gevonden.height))
    with cols[0]:  # every KPI card leads to its detail (dashboard.app.doorklik): the same addresses on the Kaart
        doorklik_ui.kpi_knop(doorklik.kpi_kandidaten(groepen, kenmerken), key="dk_kpi_kandidaten", label="Op de kaart")
    for col, g in zip(cols[1:], getoond):
        col.metric(f"Groep {g}", fmt.getal(per_groep.get(g, 0)))
        with col:  # the group in the Fasematrix: its addresses per NCG and IMG phase
            doorklik_ui.kpi_knop(
                doorklik.kpi_kandidaten_groep(g, kenmerken), key=f"dk_kpi_groep_{g}", label="Fasematrix"
            )
    if len(getoond) < len(GROEPEN):
        st.caption(
            "Niet getoond (buiten het groepsfilter): " + ", ".join(f"groep {g}" for g in GROEPEN if g not in getoond)
        )
    st.caption(
        "Adressen met een lopend dossier bij beide organisaties. Klik op een rij voor het gecombineerde dossier."
    )
    # Only the page shown is made readable; a download makes the whole list readable when clicked.
    gekozen = (
        dossier.adreslijst(
            gevonden, key="kd_lijst", onderdeel="Kandidaten: samenwerkingskandidaten", opmaak=adressen.adreslijst
        )
        or gekozen
    )
    widgets.tabel_downloads(
        gevonden,
        opmaak=adressen.adreslijst,
        key="kd_export",
        adressen=True,
        bijschrift=widgets.bijschrift(
            "Kandidaten",
            "Samenwerkingskandidaten",
            {
                "Groep": ", ".join(sorted(groepen)) or "alle",
                **beschrijving,
                "IMG nog te prioriteren": "ja" if prioriteerbaar else "geen eis",
            },
        ),
    )

with tab_proactief:
    # Urgent (IMG) and AOS-melding are flags of a claim: an address without one never has them, so they do not
    # narrow this list (they would empty it); say so instead.
    claimkenmerken = [k for k in kenmerken if k in kandidaten_kenmerken.ALLEEN_MET_MELDING]
    if claimkenmerken:
        st.info(
            kandidaten_kenmerken.genegeerd_tekst(claimkenmerken),
            icon=":material/info:",
        )
    proactief = ui.adressen_data(
        url,
        geladen_op,
        filters,
        Selectie(
            categorieen=("geen_schademelding",),
            kenmerken=tuple(k for k in kenmerken if k not in kandidaten_kenmerken.ALLEEN_MET_MELDING),
            pc4_van=pc4_van,
            pc4_tot=pc4_tot,
            fase_sinds_voor=fase_sinds_voor,
        ),
    ).sort(["buren_met_melding", "ncg_fase_nr"], descending=True, maintain_order=True)

    def lijst_p(rijen):
        return adressen.adreslijst(rijen, extra={"buren_met_melding": "Adressen met melding in postcode"}).drop(
            "Lopende IMG-meldingen", "Groep"
        )

    st.metric("NCG-adressen zonder schademelding", fmt.getal(proactief.height))
    doorklik_ui.kpi_knop(
        doorklik.naar_categorie("geen_schademelding", True), key="dk_kpi_proactief", label="Op de kaart"
    )
    st.caption(
        "Gerangschikt naar het aantal andere adressen in dezelfde postcode (6 posities) met een schademelding: "
        "daar is de kans groot dat ook dit adres schade heeft. Klik op een rij voor het dossier."
    )
    gekozen = (
        dossier.adreslijst(proactief, key="kd_proactief", onderdeel="Kandidaten: proactief benaderen", opmaak=lijst_p)
        or gekozen
    )
    widgets.tabel_downloads(
        proactief,
        opmaak=lijst_p,
        key="kd_proactief_export",
        adressen=True,
        bijschrift=widgets.bijschrift("Kandidaten", "Proactief benaderen", beschrijving),
    )

urlstaat.bewaar(VELDEN)  # a list's page that no longer exists went back to 1
# A row just selected opens its dossier; the open dossier is part of the shareable link.
if gekozen:
    st.session_state["kd_adres"] = gekozen
dossier.open_dossier("kd_adres")
