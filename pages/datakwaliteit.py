"""Datakwaliteit: for the beheerder, every load with its files and rejected rows, and how well claims link."""

import streamlit as st

from dashboard import figures
from dashboard.app import ui, urlstaat, widgets
from dashboard.core import fmt
from dashboard.core.tekst import md
from dashboard.subjects import datakwaliteit

filters = ui.page_header(
    "Datakwaliteit",
    "Voor de beheerder: elke geladen aanlevering met de bestanden, de geladen en afgewezen rijen en de redenen, "
    "en hoe goed de schademeldingen van IMG aan een adres van NCG te koppelen zijn. De filters gemeente en "
    "programma gelden hier niet.",
)
url = ui.database_url()
stand = ui.stand(url)
log = ui.laadlog_data(url, stand)

weigeringen = ui.weigeringen_data(url)
if weigeringen.height:
    redenen = "; ".join(md(r) for r in weigeringen["Reden"][0].split("\n"))  # delivered file names: as text
    st.subheader("Geweigerde aanleveringen")
    st.warning(
        f"{fmt.getal(weigeringen.height)} aanlevering(en) geweigerd, de laatste op {weigeringen['Geweigerd op'][0]}: "
        f"{redenen}. De opgeslagen standen zijn niet gewijzigd; klopt de aanlevering toch, "
        "laad haar dan met `dashboard load --force`.",
        icon=":material/block:",
    )
    widgets.tabel(
        weigeringen, key="dk_weigeringen", bijschrift=widgets.bijschrift("Datakwaliteit", "Geweigerde aanleveringen")
    )

st.subheader("Ladingen")
st.caption(
    "Elke keer dat een aanlevering is geladen, de nieuwste eerst. Wordt een peildatum opnieuw geladen, dan vervangt "
    "die lading de vorige (*In gebruik: nee, vervangen*)."
)
widgets.tabel(
    datakwaliteit.laadlog_tabel(log), key="dk_laadlog", bijschrift=widgets.bijschrift("Datakwaliteit", "Ladingen")
)

ladingen = {r["load_id"]: r for r in log.iter_rows(named=True)}
VELDEN = (urlstaat.Veld("dk_lading", "lading", urlstaat.keuze(ladingen), next(iter(ladingen))),)  # ?lading=3
urlstaat.herstel(VELDEN)
load_id = st.selectbox(
    "Lading",
    list(ladingen),
    format_func=lambda i: datakwaliteit.lading_naam(ladingen[i]),
    key="dk_lading",
)
lading = ladingen[load_id]
urlstaat.bewaar(VELDEN)
st.markdown(f"Bron: {md(lading['bron'])}")  # body text: a caption's grey fades below 4.5:1
widgets.tabel(
    datakwaliteit.bestanden(log, load_id),
    key="dk_bestanden",
    bijschrift=widgets.bijschrift(
        "Datakwaliteit", "Bestanden van een lading", {"Lading": datakwaliteit.lading_naam(lading)}
    ),
)

per_reden, afgewezen = ui.afwijzingen_data(url, stand, load_id)
extra = {"Lading": datakwaliteit.lading_naam(lading)}
if afgewezen.height:
    st.markdown(
        f"**Afgewezen: {fmt.getal(lading['rijen_afgewezen'])} rijen** ({fmt.getal(afgewezen.height)} afgewezen "
        "waarden; een rij kan op meer dan één regel uit het datacontract afketsen)"
    )
    widgets.tabel(
        per_reden, key="dk_per_reden", bijschrift=widgets.bijschrift("Datakwaliteit", "Afwijzingen per reden", extra)
    )
    st.markdown("**Alle afgewezen waarden** van deze lading, met bestand, regel, kolom, waarde en reden:")
    widgets.tabel_downloads(
        afgewezen,
        key="dk_afwijzingen",
        adressen=True,  # rejected values can be addresses
        bijschrift=widgets.bijschrift("Datakwaliteit", "Afgewezen rijen", extra),
    )
else:
    st.success("In deze lading is geen enkele rij afgewezen.", icon=":material/task_alt:")

st.subheader("Koppeling van schademeldingen aan NCG-adressen")
st.caption(
    "Bij het laden wordt elke schademelding aan een adres op de lijst van NCG gekoppeld: op BAG-id als beide die "
    "hebben, anders op het genormaliseerde adres. *Niet gekoppeld* zijn meldingen op adressen die niet in de "
    "werkvoorraad van NCG staan, of zo anders geschreven dat ze niet te herkennen zijn."
)
koppeling = ui.koppeling_data(url, stand)
widgets.grafiek(
    figures.staaf_koppeling(koppeling),
    key="dk_koppeling",
    bijschrift=widgets.bijschrift("Datakwaliteit", "Koppeling van schademeldingen"),
)
widgets.tabel(
    datakwaliteit.koppeling_tabel(koppeling),
    key="dk_koppeling_tabel",
    bijschrift=widgets.bijschrift("Datakwaliteit", "Koppeling van schademeldingen per peildatum"),
)
