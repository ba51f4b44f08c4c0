"""Kaart: the addresses of the selection on a map, or counted per hexagon, with the counts per municipality."""

import polars as pl
import streamlit as st

from dashboard.app import doorklik, doorklik_ui, dossier, kolombreedtes, legenda, sessie, ui, urlstaat, widgets
from dashboard.core import config, fmt
from dashboard.core.domain import CATEGORIE_LABELS, CATEGORIEEN, GROEP_TEKST, GROEPEN
from dashboard.core.filters import KENMERKEN, Selectie
from dashboard.figures import kaartlagen
from dashboard.subjects import adressen, kaart

# Roles that may not see addresses get the hexagons only: the view built for them.
mag_adressen = ui.mag_adressen()
filters = ui.page_header(
    "Kaart",
    "Waar liggen de adressen met samenloop? Elk NCG-adres uit de selectie als punt, gekleurd naar "
    "samenwerkingspotentieel of groep, of geteld per hexagon. Klik op een adres voor het gecombineerde dossier."
    if mag_adressen
    else "Waar liggen de adressen met samenloop? De NCG-adressen uit de selectie geteld per hexagon, gekleurd naar "
    "aantal of naar het aandeel waar beide dossiers lopen.",
)
ui.verstoring_melding()  # aggregate roles: the counts are perturbed (cell-key method)
url = ui.database_url()
geladen_op = st.session_state["geladen_op"]

WEERGAVEN = {"punten": "Adressen", "hexagonen": "Hexagonen"}

if not mag_adressen:
    WEERGAVEN = {"hexagonen": WEERGAVEN["hexagonen"]}
# The view in the URL (urlstaat): ?weergave=hexagonen&resolutie=8&hexkleur=aandeel&groep=B&kenmerk=urgent ...
VELDEN = (
    urlstaat.Veld("kt_weergave", "weergave", urlstaat.keuze(WEERGAVEN), next(iter(WEERGAVEN))),
    urlstaat.Veld(
        "kt_resolutie",
        "resolutie",
        urlstaat.keuze(kaart.RESOLUTIES),
        7,
        actief=lambda: st.session_state.get("kt_weergave") == "hexagonen",
    ),
    urlstaat.Veld(
        "kt_hex_kleur",
        "hexkleur",
        urlstaat.keuze(kaart.HEX_KLEUR_OP),
        "aantal",
        actief=lambda: st.session_state.get("kt_weergave") == "hexagonen",
    ),
    urlstaat.Veld(
        "kt_kleur",
        "kleur",
        urlstaat.keuze(kaart.KLEUR_OP),
        "categorie",
        actief=lambda: st.session_state.get("kt_weergave") == "punten",
    ),
    urlstaat.Veld("kt_categorieen", "categorie", urlstaat.lijst(CATEGORIEEN), []),
    urlstaat.Veld("kt_groepen", "groep", urlstaat.lijst(GROEPEN), []),
    urlstaat.Veld("kt_kenmerken", "kenmerk", urlstaat.lijst(KENMERKEN), []),
    urlstaat.Veld(
        "kt_als_lijst", "lijst", urlstaat.vlag(), False, actief=lambda: st.session_state.get("kt_weergave") == "punten"
    ),
    urlstaat.Veld(
        "kt_lijst_pagina",
        "pagina",
        urlstaat.PAGINA,
        1,
        actief=lambda: st.session_state.get("kt_weergave") == "punten" and st.session_state.get("kt_als_lijst"),
    ),
    urlstaat.Veld("kt_adres", "adres", urlstaat.NCG_ID, None),
)
urlstaat.herstel(VELDEN)

with st.expander("Filters en weergave", expanded=True, icon=":material/tune:"):
    rij = st.columns([2, 2, 2])
    weergave = rij[0].segmented_control(
        "Weergave",
        list(WEERGAVEN),
        format_func=WEERGAVEN.get,
        required=True,
        key="kt_weergave",
        help="Hexagonen tonen alleen aantallen per gebied: geen adressen en geen coördinaten.",
    )
    if weergave != "punten" or not mag_adressen:
        weergave = "hexagonen"
        resolutie = rij[1].select_slider(
            "Grootte van de hexagonen",
            options=list(kaart.RESOLUTIES),
            format_func=kaart.RESOLUTIES.get,
            key="kt_resolutie",
            help="H3-resolutie 6 tot 9: hoe fijner, hoe kleiner het gebied per hexagon.",
        )
        hex_kleur = rij[2].segmented_control(
            "Kleur naar",
            list(kaart.HEX_KLEUR_OP),
            format_func=kaart.HEX_KLEUR_OP.get,
            required=True,
            key="kt_hex_kleur",
        )
    else:
        kleur_op = rij[1].segmented_control(
            "Kleur naar",
            list(kaart.KLEUR_OP),
            format_func=kaart.KLEUR_OP.get,
            required=True,
            key="kt_kleur",
        )
    rij = st.columns([1, 1])
    categorieen = rij[0].multiselect(
        "Samenwerkingspotentieel",
        list(CATEGORIEEN),
        format_func=CATEGORIE_LABELS.get,
        key="kt_categorieen",
        placeholder="Alle categorieën",
    )
    groepen = rij[1].multiselect(
        "Groep",
        list(GROEPEN),
        format_func=lambda g: f"Groep {g}",
        key="kt_groepen",
        placeholder="Alle groepen",
        help="Alleen adressen waar beide dossiers lopen hebben een groep. "
        + " ".join(f"{g}: {t}" for g, t in GROEP_TEKST.items()),
    )
    kenmerken = st.pills(  # a row of its own: in a third of the width the last pill was cut off
        "Alleen adressen met", list(KENMERKEN), format_func=KENMERKEN.get, selection_mode="multi", key="kt_kenmerken"
    )

urlstaat.bewaar(VELDEN)

selectie = Selectie(
    categorieen=tuple(c for c in CATEGORIEEN if c in categorieen),
    groepen=tuple(sorted(groepen)),
    kenmerken=tuple(sorted(kenmerken or ())),
)
# Too many addresses for points (a large delivery without a gemeente filter): the hexagons, with a word why.
te_veel = ui.te_veel_punten(filters, selectie) if weergave == "punten" else None
if te_veel:
    weergave, resolutie, hex_kleur = "hexagonen", 7, "aantal"
# The point map reads the selection's addresses anyway and counts them per gemeente from the same rows;
# the hexagon view (the aggregate roles' view) gets the counts from the database.
punten = ui.kaart_punten(url, geladen_op, filters, selectie, kleur_op) if weergave == "punten" else None
per_gemeente = punten.per_gemeente if punten else ui.kaart_per_gemeente(url, geladen_op, filters, selectie)
# Aggregate roles: every count per municipality perturbed (cell-key method), on screen and in the download.
tabel = (
    kaart.gemeente_tabel(per_gemeente)
    if mag_adressen
    else ui.kaart_gemeenten_verstoord(url, geladen_op, filters, selectie)
)
tekst = kaart.als_tekst(tabel)
if mag_adressen:
    totaal, op_kaart = int(per_gemeente["aantal"].sum()), int(per_gemeente["op_kaart"].sum())
else:  # the total row's perturbed counts: no exact count of the selection reaches these roles
    totaal, op_kaart = tabel.filter(pl.col("Gemeente") == "Totaal").select("Adressen", "Op de kaart").row(0)
extra = {
    "Samenwerkingspotentieel": ", ".join(CATEGORIE_LABELS[c] for c in selectie.categorieen) or "alle",
    "Groep": ", ".join(selectie.groepen) or "alle",
    "Kenmerken": ", ".join(KENMERKEN[k] for k in selectie.kenmerken) or "alle adressen",
}


# The basemap: PDOK's BRT-Achtergrondkaart unless configured otherwise (README, Configuration).
achtergrond = config.achtergrondkaart()

links, rechts = st.columns([1, 1])
with links:
    if te_veel:
        st.info(
            f"De selectie telt {fmt.getal(te_veel)} adressen met coördinaten; de kaart toont losse adressen tot "
            f"{fmt.getal(kaart.MAX_PUNTEN)}. Hieronder de hexagonen; kies een gemeente of verfijn de filters "
            "om de adressen te zien.",
            icon=":material/hexagon:",
        )
    if weergave == "hexagonen":
        # Users who may not see addresses get this view: no address and no coordinate reaches the browser.
        st.session_state["kt_adres"] = None
        hexen = ui.kaart_hexagonen(url, geladen_op, filters, selectie, resolutie)
        st.pydeck_chart(kaartlagen.hexagonen_deck(hexen, hex_kleur, achtergrond), key="kt_hexagonen", height=620)
        legenda.legenda_verloop(*kaartlagen.hex_legenda(hexen, hex_kleur))
        st.caption(
            f"{fmt.getal(op_kaart)} adressen in {fmt.getal(hexen.height)} hexagonen. "
            "Wijs een hexagon aan voor het aantal adressen en het aandeel met beide dossiers lopend."
        )
    else:
        sessie.audit_log(
            "adressen_bekeken",
            "kaart",
            punten.aantal,
            categorieen=list(selectie.categorieen),
            groepen=list(selectie.groepen),
            kenmerken=list(selectie.kenmerken),
        )
        event = st.pydeck_chart(
            kaartlagen.punten_deck(punten, achtergrond),
            on_select="rerun",
            selection_mode="single-object",
            key="kt_punten",
            height=620,
        )
        # Only a click that changed the selection opens a dossier: a closed dossier stays closed.
        gekozen = kaart.adres_uit_selectie(event, punten)
        if gekozen and gekozen != st.session_state.get("kt_punten_vorige"):
            st.session_state["kt_adres"] = gekozen
        st.session_state["kt_punten_vorige"] = gekozen
        legenda.legenda_kleuren(kaartlagen.punten_legenda(kleur_op))
        st.caption(
            f"{fmt.getal(punten.aantal)} adressen op de kaart. Klik op een adres voor het gecombineerde dossier."
        )
        # The keyboard's route to a point's dossier (WCAG 2.1.1): the same addresses as a list.
        if st.toggle(
            "Toon de adressen als lijst",
            key="kt_als_lijst",
            help="De adressen van de kaart als lijst; kies een rij voor het gecombineerde dossier.",
        ):
            nieuw = dossier.adreslijst(
                ui.adressen_data(url, geladen_op, filters, selectie),
                key="kt_lijst",
                onderdeel="Kaart: lijst",
                opmaak=adressen.adreslijst,
            )
            if nieuw:
                st.session_state["kt_adres"] = nieuw
    legenda.achtergrond_bijschrift(achtergrond)
    if totaal > op_kaart:
        zonder = totaal - op_kaart
        aantal_zonder = fmt.getal(zonder)
        st.caption(f"{aantal_zonder} adressen van de selectie hebben geen coördinaten en staan niet op de kaart.")

with rechts:
    st.subheader("Per gemeente")
    uitlijning = kolombreedtes.gemeente_tabellen()  # every header whole (issue 18: "Geen melding" was cut)
    st.caption(
        "Klik op een getal voor "
        + ("de adressen" if mag_adressen else "de kaart")
        + " van die gemeente en categorie of groep."
    )

    # A cell click: this page on that gemeente (the sidebar's filter) and category or group (dashboard.app.doorklik).
    def _cel(key: str):
        return doorklik_ui.bij_klik(
            key, lambda e: doorklik.naar_gemeente_cel(e, tekst, mag_adressen, selectie.kenmerken), tabel=True
        )

    st.markdown("**Samenwerkingspotentieel**")
    st.dataframe(
        tekst.select(kaart.CATEGORIE_KOPPEN),
        hide_index=True,
        key="kt_gemeente_categorie",
        column_config=uitlijning,
        on_select=_cel("kt_gemeente_categorie"),
        selection_mode="single-cell",
    )
    st.markdown("**Groepen A-F** (adressen waar beide dossiers lopen)")
    st.dataframe(
        tekst.select(kaart.GROEP_KOPPEN),
        hide_index=True,
        key="kt_gemeente_groep",
        column_config=uitlijning,
        on_select=_cel("kt_gemeente_groep"),
        selection_mode="single-cell",
    )
    widgets.tabel_downloads(
        tabel, key="kt_gemeente_export", bijschrift=widgets.bijschrift("Kaart", "Adressen per gemeente", extra)
    )

urlstaat.bewaar(VELDEN)
dossier.open_dossier("kt_adres")
