"""Fasematrix: figure 2 of the evaluation, with groups A-F and the addresses behind each cell."""

import html

import polars as pl
import streamlit as st

from dashboard import figures
from dashboard.app import dossier, ui, urlstaat, widgets
from dashboard.core import fmt, palet, privacy
from dashboard.core.domain import GROEPEN
from dashboard.core.filters import KENMERKEN, Selectie
from dashboard.subjects import adressen

filters = ui.page_header(
    "Fasematrix",
    "De adressen met een lopend dossier bij zowel NCG als IMG (*beide lopend*), naar fase bij NCG en de "
    "minst gevorderde lopende schademelding bij IMG. De groepen A-F geven aan waar samenwerking kansrijk is. "
    "Klik op een cel (of sleep over meerdere cellen), kies cellen in de lijst boven de matrix of kies een groep "
    "voor de adressen erachter.",
)
ui.verstoring_melding()  # aggregate roles: the counts are perturbed (cell-key method)
url = ui.database_url()
geladen_op = st.session_state["geladen_op"]
ALLE_CELLEN = {c for g in GROEPEN for c in adressen.cellen_van_groep(g)}
# The cells in matrix order with a label, for the keyboard's way to pick them (the multiselect below the matrix).
CEL_LABELS = adressen.cel_labels(ALLE_CELLEN)

# The view in the URL (urlstaat): ?cel=opname|melding,opname|opname or ?groep=B, &kenmerk=urgent&aandelen=ja&adres=...
VELDEN = (
    urlstaat.Veld("fm_cellen", "cel", urlstaat.lijst(sorted(ALLE_CELLEN), als=tuple), ()),
    urlstaat.Veld("fm_groep", "groep", urlstaat.keuze(GROEPEN), None),
    urlstaat.Veld("fm_kenmerken", "kenmerk", urlstaat.lijst(KENMERKEN), []),
    urlstaat.Veld("fm_aandelen", "aandelen", urlstaat.vlag(), False),
    urlstaat.Veld("fm_lijst_pagina", "pagina", urlstaat.PAGINA, 1),
    urlstaat.Veld("fm_adres", "adres", urlstaat.NCG_ID, None),
)
urlstaat.herstel(VELDEN)
if st.session_state["fm_cellen"]:
    st.session_state["fm_groep"] = None  # cells and a group exclude each other; cells win
if st.session_state.get("fm_cel_keuze") != list(st.session_state["fm_cellen"]):
    st.session_state["fm_cel_keuze"] = list(st.session_state["fm_cellen"])


def _cellen_gekozen() -> None:
    cellen = adressen.cellen_uit_selectie(st.session_state.get("fm_matrix"))
    st.session_state["fm_cellen"] = cellen
    st.session_state["fm_cel_keuze"] = list(cellen)
    if cellen:
        st.session_state["fm_groep"] = None


def _cellen_uit_lijst() -> None:
    cellen = tuple(sorted(st.session_state.get("fm_cel_keuze") or ()))
    st.session_state["fm_cellen"] = cellen
    if cellen:
        st.session_state["fm_groep"] = None


def _groep_gekozen() -> None:
    if st.session_state.get("fm_groep"):
        st.session_state["fm_cellen"] = ()
        st.session_state["fm_cel_keuze"] = []


def _wissen() -> None:
    st.session_state["fm_cellen"] = ()
    st.session_state["fm_cel_keuze"] = []
    st.session_state["fm_groep"] = None
    st.session_state["fm_adres"] = None


# Each control as wide as its content, side by side (in fixed columns the last flag pill was cut off).
bediening = st.container(horizontal=True, gap="large")
kenmerken = bediening.pills(
    "Alleen adressen met",
    list(KENMERKEN),
    format_func=KENMERKEN.get,
    selection_mode="multi",
    key="fm_kenmerken",
    help="Toestemming: de eigenaar gaf NCG of IMG toestemming om dossiergegevens te delen.",
)
kenmerken = tuple(sorted(kenmerken or ()))
groep = bediening.pills("Groep", list(GROEPEN), key="fm_groep", on_change=_groep_gekozen)
aandelen = bediening.toggle("Aandelen", key="fm_aandelen", help="Toon aandelen van het totaal in plaats van aantallen.")

matrix, totalen = ui.fasematrix_data(url, geladen_op, filters, kenmerken)
cellen = st.session_state["fm_cellen"]
extra = {"Kenmerken": ", ".join(KENMERKEN[k] for k in kenmerken) or "alle adressen"}

# Reflow (WCAG 1.4.10): on a narrow screen the matrix keeps a readable width and scrolls sideways, as does the
# group table, instead of running its numbers together; the rest of the page reflows to 320 px.
st.html(
    "<style>.st-key-fm_matrix{overflow-x:auto}.st-key-fm_matrix>div{min-width:540px}"
    ".fm-groepen{overflow-x:auto;max-width:100%}</style>"
)
links, rechts = st.columns([3, 2])
with links:
    # The keyboard's route to the cells: the same selection as clicking the matrix (WCAG 2.1.1).
    st.multiselect(
        "Cellen",
        list(CEL_LABELS),
        format_func=CEL_LABELS.get,
        key="fm_cel_keuze",
        on_change=_cellen_uit_lijst,
        placeholder="Kies cellen, of klik in de matrix",
        help="Kies een of meer cellen van de matrix met het toetsenbord; hetzelfde als klikken in de matrix.",
    )
    widgets.grafiek(
        figures.fasematrix(matrix, aandelen=aandelen, gekozen=cellen, totalen=totalen, drempel=ui.drempel()),
        key="fm_matrix",
        bijschrift=widgets.bijschrift("Fasematrix", "Fasematrix beide lopend", extra),
        on_select=_cellen_gekozen,
        selection_mode=("points", "box"),
    )
with rechts:
    groepen = adressen.groepstotalen(matrix, totalen)
    rijen = "".join(
        "<tr><td><span style='display:inline-block;width:.8em;height:.8em;"
        f"background:{palet.GROEP_KLEUREN[r['groep']]};"
        f"margin-right:.4em'></span><b>{r['groep']}</b></td><td style='text-align:right'>"
        f"{privacy.tekst(r['aantal'], r['onderdrukt'], ui.drempel())}</td>"
        f"<td style='text-align:right'>{fmt.procent(r['aandeel'], 0)}</td><td>{html.escape(r['tekst'])}</td></tr>"
        for r in groepen.iter_rows(named=True)
    )
    st.markdown(
        "<div class='fm-groepen' tabindex='0' role='region' aria-label='Groepen A-F'><table style='font-size:.85em'>"
        "<tr><th>Groep</th><th>Adressen</th><th>Aandeel</th><th>Samenwerking</th></tr>"
        f"{rijen}<tr><td><b>Totaal</b></td><td style='text-align:right'><b>"
        f"{privacy.tekst(totalen[('totaal',)], totalen[('totaal',)] is None, ui.drempel())}</b>"
        "</td><td></td><td></td></tr></table></div>",
        unsafe_allow_html=True,
    )
    widgets.tabel_downloads(
        groepen.select(
            pl.col("groep").alias("Groep"),
            # A number unless a count is hidden ('<5'): then the column is text.
            (
                pl.when(pl.col("onderdrukt"))
                .then(pl.lit(f"<{ui.drempel()}"))
                .otherwise(pl.col("aantal").cast(pl.String))
                if groepen["onderdrukt"].any()
                else pl.col("aantal")
            ).alias("Adressen"),
            pl.col("aandeel").round(4).alias("Aandeel"),
            pl.col("tekst").alias("Samenwerking"),
        ),
        key="fm_groepen_export",
        bijschrift=widgets.bijschrift("Fasematrix", "Groepen A-F", extra),
    )

# The selection, flags and counts-or-shares are part of the shareable link.
urlstaat.bewaar(VELDEN)

if not ui.mag_adressen():
    st.caption("De adressen achter de cellen zijn alleen zichtbaar voor het kernteam en de beheerder.")
    st.stop()

if not cellen and not groep:
    st.session_state["fm_adres"] = None
    dossier.open_dossier("fm_adres")
    st.info("Klik op een cel van de matrix of kies een groep om de adressen te zien.", icon=":material/touch_app:")
    st.stop()

selectie = Selectie(
    categorieen=("beide_lopend",), cellen=cellen, groepen=(groep,) if groep else (), kenmerken=kenmerken
)
gevonden = ui.adressen_data(url, geladen_op, filters, selectie)
lijst = adressen.adreslijst(gevonden)
wat = f"groep {groep}" if groep else ("1 cel" if len(cellen) == 1 else f"{len(cellen)} cellen")
kop = st.columns([4, 1])
kop[0].subheader(f"{fmt.getal(lijst.height)} adressen in {wat}")
kop[1].button("Selectie wissen", on_click=_wissen, icon=":material/close:", key="fm_wissen")
st.caption("Klik op een rij voor het gecombineerde dossier; klik op een kolomkop om te sorteren.")
nieuw = dossier.adreslijst(lijst, key="fm_lijst", onderdeel=f"Fasematrix: {wat}")
widgets.tabel_downloads(
    lijst,
    key="fm_export",
    bijschrift=widgets.bijschrift("Fasematrix", f"Adressen {wat}", extra),
    adressen=True,
)
urlstaat.bewaar(VELDEN)
if nieuw:
    st.session_state["fm_adres"] = nieuw
dossier.open_dossier("fm_adres")
