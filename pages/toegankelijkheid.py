"""Toegankelijkheid: the accessibility statement (toegankelijkheidsverklaring), as Dutch government sites carry."""

import streamlit as st

from dashboard.core import palet

st.title("Toegankelijkheid")
st.markdown(
    "NCG en IMG willen dat iedereen dit dashboard kan gebruiken, ook wie slecht ziet, kleuren anders ziet, "
    "alleen een toetsenbord gebruikt of een schermlezer. Overheidsorganisaties moeten voldoen aan "
    "**WCAG 2.1 niveau AA** (EN 301 549, Besluit digitale toegankelijkheid overheid). Deze verklaring zegt wat "
    "het dashboard daarvan haalt en wat nog niet."
)

st.header("Status: voldoet gedeeltelijk")
st.markdown(
    "De inhoud van het dashboard zelf (teksten, kleuren, grafieken, tabellen en selecties) voldoet aan de "
    "toetsen hieronder. Het onderliggende platform, Streamlit, voldoet op een paar punten nog niet; die staan "
    "onder *Wat nog niet voldoet*."
)

st.header("Wat voldoet")
st.markdown(
    f"""
- **Contrast.** Tekst heeft een contrast van ten minste 4,5:1 met de achtergrond, grafische elementen
  (staven, lijnen, kaartpunten, kaders) ten minste 3:1. De accentkleur van knoppen en keuzes is
  {palet.THEMA}: witte tekst daarop heeft een contrast van {palet.contrast(palet.THEMA, palet.WIT):.1f}:1.
  Peildatum, filters en laadmoment staan in gewone tekst, niet in lichtgrijs.
- **Kleur is nooit het enige kenmerk.** De kleuren van de categorieën en groepen A-F blijven van elkaar te
  onderscheiden bij de meest voorkomende vormen van kleurenblindheid (protanopie, deuteranopie en
  tritanopie; getoetst met een simulatie). Daarnaast draagt elke staaf, cel en legenda een naam of letter.
- **Elke grafiek ook als tabel.** Onder elke grafiek staat de schakelaar *Toon als tabel* met de gegevens
  van de grafiek als tekst, zoals de grafiek ze toont (ook *<5* waar kleine aantallen verborgen zijn).
- **Alles met het toetsenbord.** Elke selectie die met de muis in een grafiek kan, kan ook met het
  toetsenbord: de cellen en groepen van de fasematrix met de keuzelijsten boven de matrix, de adressen op de
  kaart via de lijst *Toon de adressen als lijst*, en elke lijst opent het dossier van een adres.
- **Taal en titels.** De pagina is als Nederlands gemarkeerd en elke pagina heeft een eigen titel in het
  tabblad van de browser.
- **Vergroten en smal scherm.** De pagina's zijn te gebruiken tot een breedte van 320 pixels (of 400%
  vergroting) zonder dat tekst overlapt.
- **Geen externe verzoeken bij het laden.** Het pictogram van het dashboard komt van de eigen server.
  Alleen de kaart haalt achtergrondtegels op bij CARTO; zonder die tegels tekent de kaart de adressen en
  plaatsnamen gewoon.
"""
)

st.header("Wat nog niet voldoet")
st.markdown(
    """
Deze punten liggen in Streamlit, het platform waarop het dashboard draait, en niet in de inhoud van het
dashboard. Ze zijn gemeld of worden gevolgd bij de makers van Streamlit.

- **Engelse teksten van het platform.** Een paar vaste teksten van Streamlit zijn Engels, zoals *Choose an
  option* in lege keuzelijsten, de knoppen van de tabellen (*Search*, *Download as CSV*, *Fullscreen*) en de
  meldingen van het platform. Ze zijn niet te vertalen zonder Streamlit aan te passen (WCAG 3.1.2).
- **Tabellen (st.dataframe)** tekenen hun cellen op een canvas. Schermlezers lezen ze via een verborgen
  tabel die Streamlit meelevert; sorteren en rijen kiezen gaan met het toetsenbord, maar niet elke
  schermlezer meldt de gekozen rij.
- **Grafieken** (plotly) zijn voor een schermlezer een afbeelding; de gegevens staan in *Toon als tabel*.
  Aanwijzen (hover) toont extra uitleg die met het toetsenbord niet te bereiken is; dezelfde uitleg staat
  in de tabel of in de tekst bij de grafiek.
- **De kaart** (deck.gl) is niet met het toetsenbord te bedienen; de lijst en de tabel per gemeente geven
  dezelfde gegevens.
- **Knoppenrijen** (keuzeknoppen zoals *Groep A-F* en *Week/Maand*) lopen op een smal scherm niet door naar
  een volgende regel, maar schuiven opzij binnen hun eigen rij.
- **Een directe link naar /overzicht** toont soms de melding *Page not found* van Streamlit, terwijl de
  pagina gewoon laadt; gebruik het adres van het dashboard zelf.
"""
)

st.header("Hoe is dit getoetst")
st.markdown(
    "Elke pagina wordt bij elke wijziging automatisch getoetst met **axe-core** (regels WCAG 2.0 en 2.1, niveau A "
    "en AA) in Chromium, voor elke rol, en bekeken op 320 en 1440 pixels breed. De kleuren worden getoetst op "
    "contrast en met een simulatie van kleurenblindheid (Machado, Oliveira en Fernandes, 2009). Handmatige "
    "toetsing met een schermlezer heeft nog niet plaatsgevonden."
)

st.header("Contact")
st.markdown(
    "Loopt u tegen een toegankelijkheidsprobleem aan, of heeft u de gegevens in een andere vorm nodig? Neem "
    "contact op met de beheerder van het dashboard."
)
