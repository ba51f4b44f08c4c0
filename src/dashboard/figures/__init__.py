"""Plotly figures from plain frames; no Streamlit here. `from dashboard import figures; figures.staaf_tijd(...)`.

Every figure uses an explicit, print-friendly template and Dutch separators, so the same object renders in
the app and in exported images. A figure draws what a subject computed: frames in, a go.Figure out.

One module per chart family, all re-exported here:

- basis       the template, Dutch separators, `_Figuur` (plotly's figure API on plain JSON) and shared helpers
- adressen    figure 1, groups A-F, NCG phases, the phase matrix (figure 2)
- statistiek  SVIP, telefonie (IVR) and the samenwerking pilots
- tijd        per peildatum (Trend), the flows between two snapshots, link rates (Datakwaliteit)
- tabel       any chart as a table of Dutch text (its text alternative)
- kaartlagen  the map's pydeck decks (not re-exported: `from dashboard.figures import kaartlagen`)

A new chart goes into the module of its family (or a new one) and is added to the imports below.
"""

from dashboard.figures.adressen import donut_categorieen, fasematrix, staaf_fasen, staaf_groepen
from dashboard.figures.basis import FONT, TEMPLATE, VALIDEREN
from dashboard.figures.statistiek import (
    LIJN_NAMEN,
    heatmap_uur_weekdag,
    lijn_verkeerd_aandeel,
    lijn_werkvoorraad,
    staaf_doorlooptijd,
    staaf_groepen_verzoeken,
    staaf_menukeuzes,
    staaf_tijd,
    staaf_uitkomsten,
    trechter_pilot,
)
from dashboard.figures.tabel import tabel
from dashboard.figures.tijd import (
    SANKEY_DOMEIN,
    VERBORGEN,
    lijnen_per_gemeente,
    sankey_stroom,
    staaf_koppeling,
    staaf_trend_categorieen,
    staaf_trend_groepen,
)

__all__ = [
    "FONT",
    "LIJN_NAMEN",
    "TEMPLATE",
    "VALIDEREN",
    "VERBORGEN",
    "donut_categorieen",
    "fasematrix",
    "heatmap_uur_weekdag",
    "lijn_verkeerd_aandeel",
    "lijn_werkvoorraad",
    "lijnen_per_gemeente",
    "SANKEY_DOMEIN",
    "sankey_stroom",
    "staaf_doorlooptijd",
    "staaf_fasen",
    "staaf_groepen",
    "staaf_groepen_verzoeken",
    "staaf_koppeling",
    "staaf_menukeuzes",
    "staaf_tijd",
    "staaf_trend_categorieen",
    "staaf_trend_groepen",
    "staaf_uitkomsten",
    "tabel",
    "trechter_pilot",
]
