"""The map's figures (Kaart): the pydeck decks of the point layers and hexagon counts of subjects/kaart.py,
the village names, the basemap's style and the legends.

The hexagon deck holds only cell ids and aggregates, never a coordinate or an address.
"""

from __future__ import annotations

import json
import urllib.parse
from typing import Any

import polars as pl
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard.core import fmt
from dashboard.core.config import Achtergrondkaart
from dashboard.core.domain import CATEGORIE_LABELS, CATEGORIEEN, GROEPEN
from dashboard.core.palet import CATEGORIE_KLEUREN, GROEP_KLEUREN, KAART_VERLOOP, TEKST, WIT
from dashboard.subjects import kaart_volgorde
from dashboard.subjects.kaart import GEEN_GROEP_KLEUR, HEX_KLEUR_OP, HEXAGONEN_LAAG, Punten, rgb

# The region the map opens on: a fixed view of the Groningen field, never derived from the data,
# so the hexagon view does not give away where its addresses are.
REGIO = {"latitude": 53.275, "longitude": 6.78, "zoom": 9.0}

# Village centres (domain.md) as place names: orientation when the basemap's tiles cannot be fetched.
# Fixed public places, not addresses, so the hexagon view may show them too.
PLAATSEN = {
    "Groningen": (53.219, 6.567),
    "Loppersum": (53.333, 6.750),
    "Appingedam": (53.322, 6.858),
    "Delfzijl": (53.330, 6.918),
    "Middelstum": (53.347, 6.642),
    "Stedum": (53.323, 6.695),
    "'t Zandt": (53.363, 6.776),
    "Garrelsweer": (53.303, 6.776),
    "Uithuizen": (53.408, 6.671),
    "Winsum": (53.330, 6.519),
    "Bedum": (53.300, 6.602),
    "Ten Boer": (53.276, 6.694),
    "Slochteren": (53.220, 6.805),
    "Siddeburen": (53.254, 6.870),
    "Overschild": (53.279, 6.787),
    "Hoogezand": (53.161, 6.761),
    "Sappemeer": (53.160, 6.791),
    "Wagenborgen": (53.259, 6.942),
    "Winschoten": (53.144, 7.034),
}
PLAATSEN_ONDER = {"Sappemeer", "Siddeburen"}  # labelled below their centre, clear of a close neighbour's label
PLAATSEN_LAAG = "plaatsen"
# The hexagon colour ramp (light to dark orange, as the phase matrix) and where the share scale tops out.
HEX_RAMP = KAART_VERLOOP
AANDEEL_MAX = 0.2
PUNTEN_TOOLTIP = {
    "html": "<i>Klik voor het dossier</i>",
    "style": {"fontSize": "13px", "backgroundColor": TEKST, "color": WIT},
}


def punten_deck(punten: Punten, achtergrond: Achtergrondkaart | None = None) -> pdk.Deck:
    """The addresses as scatterplots, one layer per colour, readable at region zoom (radius in pixels with
    bounds); each layer's JSON goes into the deck as it is."""
    lagen = [
        pdk.Layer(
            "ScatterplotLayer",
            id=deck_id,
            data=_RuweJson(stuk),
            get_position="p",
            get_fill_color=list(laag.kleur),
            get_radius=25,  # metres; pydeck would read a units string as an expression, and metres are the default
            radius_min_pixels=1.6,
            radius_max_pixels=9,
            stroked=False,
            pickable=True,
            auto_highlight=True,
            highlight_color=[31, 41, 55, 255],
        )
        for deck_id, laag, stuk in kaart_volgorde.geordend(punten.lagen)  # interleaved: each colour by its share
    ]
    return _deck(lagen, PUNTEN_TOOLTIP, achtergrond)


def hexagon_rijen(hexagonen: pl.DataFrame, kleur_op: str = "aantal") -> list[dict[str, Any]]:
    """The hexagon layer's data: the cell id, its counts and share (raw and as Dutch text), its colour.

    Counts hidden by small-cell suppression are null: '<5', drawn in the lightest colour. Built with native
    polars expressions (no per-row Python)."""
    if kleur_op not in HEX_KLEUR_OP:
        raise ValueError(f"unknown kleur_op {kleur_op!r}")
    max_aantal = int(hexagonen["aantal"].max() or 0) if hexagonen.height else 0
    if kleur_op == "aandeel":
        fractie = (
            pl.when(pl.col("aantal").is_null() | pl.col("aandeel").is_null())
            .then(0.0)
            .otherwise(pl.col("aandeel") / AANDEEL_MAX)
        )
    elif max_aantal:
        # Square root: a few dense town centres should not wash out the countryside.
        fractie = pl.when(pl.col("aantal").is_null()).then(0.0).otherwise((pl.col("aantal") / max_aantal).sqrt())
    else:
        fractie = pl.lit(0.0)
    f = fractie.cast(pl.Float64).clip(0.0, 1.0)
    a, b = rgb(HEX_RAMP[0], 0), rgb(HEX_RAMP[1], 0)
    kanalen = [(pl.lit(x) + pl.lit(y - x) * f).round(0).cast(pl.Int64) for x, y in zip(a[:3], b[:3])]
    return hexagonen.select(
        "hex",
        "aantal",
        "beide_lopend",
        pl.col("aandeel").round(4),
        pl.when(pl.col("aantal").is_null())
        .then(pl.lit("<5"))
        .otherwise(fmt.getal_expr("aantal"))
        .alias("aantal_tekst"),
        pl.when(pl.col("beide_lopend").is_null())
        .then(pl.lit("<5"))
        .otherwise(fmt.getal_expr("beide_lopend"))
        .alias("beide_lopend_tekst"),
        fmt.procent_expr("aandeel").alias("aandeel_tekst"),
        pl.concat_list([*kanalen, pl.lit(200, dtype=pl.Int64)]).alias("kleur"),
    ).to_dicts()


HEXAGONEN_TOOLTIP = {
    "html": "<b>{aantal_tekst} adressen</b><br/>waarvan beide lopend: {beide_lopend_tekst} ({aandeel_tekst})",
    "style": {"fontSize": "13px", "backgroundColor": TEKST, "color": WIT},
}


def hexagonen_deck(
    hexagonen: pl.DataFrame, kleur_op: str = "aantal", achtergrond: Achtergrondkaart | None = None
) -> pdk.Deck:
    """The hexagon counts as an H3 layer: only cell ids and aggregates go into the deck."""
    laag = pdk.Layer(
        "H3HexagonLayer",
        id=HEXAGONEN_LAAG,
        data=hexagon_rijen(hexagonen, kleur_op),
        get_hexagon="hex",
        get_fill_color="kleur",
        get_line_color=[255, 255, 255, 160],
        line_width_min_pixels=0.5,
        stroked=True,
        filled=True,
        extruded=False,
        pickable=True,
        auto_highlight=True,
        highlight_color=[31, 41, 55, 110],
    )
    return _deck([laag], HEXAGONEN_TOOLTIP, achtergrond)


def hex_legenda(hexagonen: pl.DataFrame, kleur_op: str) -> tuple[str, str, str, str]:
    """(from colour, to colour, low label, high label) for the colour bar under the hexagon map."""
    if kleur_op == "aandeel":
        return HEX_RAMP[0], HEX_RAMP[1], fmt.procent(0, 0), f"{fmt.procent(AANDEEL_MAX, 0)} of meer"
    hoogste = int(hexagonen["aantal"].max() or 0) if hexagonen.height else 0
    return HEX_RAMP[0], HEX_RAMP[1], "1 adres", "1 adres" if hoogste <= 1 else f"{fmt.getal(hoogste)} adressen"


def punten_legenda(kleur_op: str) -> list[tuple[str, str]]:
    """(label, colour) per colour of the point map."""
    if kleur_op == "categorie":
        return [(CATEGORIE_LABELS[c], CATEGORIE_KLEUREN[c]) for c in CATEGORIEEN]
    return [(f"Groep {g}", GROEP_KLEUREN[g]) for g in GROEPEN] + [("Geen groep (niet beide lopend)", GEEN_GROEP_KLEUR)]


# ---------------------------------------------------------------- the deck


class _RuweJson:
    """JSON text that a _CompacteDeck writes into its spec as it is, instead of encoding it again."""

    def __init__(self, tekst: str) -> None:
        self.tekst = tekst


class _CompacteDeck(pdk.Deck):
    """A deck that serialises without pydeck's indentation (a third of the bytes for 30,000 points), and
    takes layer data that is JSON already (_RuweJson) as it is."""

    def to_json(self) -> str:
        ruw: dict[str, str] = {}

        def serialiseer(o: Any) -> Any:
            if isinstance(o, _RuweJson):
                # A placeholder that no value of the deck can contain (json.dumps escapes control characters).
                plek = f"\x00ruwe-json-{len(ruw)}\x00"
                ruw[json.dumps(plek)] = o.tekst
                return plek
            return default_serialize(o)

        tekst = json.dumps(self, sort_keys=True, default=serialiseer, separators=(",", ":"))
        for plek, waarde in ruw.items():
            tekst = tekst.replace(plek, waarde, 1)
        return tekst


def plaatsen_laag() -> pdk.Layer:
    """The village names, drawn above the data; not pickable, so a click always reaches a point."""
    return pdk.Layer(
        "TextLayer",
        id=PLAATSEN_LAAG,
        data=[
            {"naam": n, "lon": lon, "lat": lat, "dy": 14 if n in PLAATSEN_ONDER else -14}
            for n, (lat, lon) in PLAATSEN.items()
        ],
        get_position="[lon, lat]",
        get_text="naam",
        get_size=13,
        get_color=[31, 41, 55, 230],
        get_pixel_offset="[0, dy]",
        font_family=pdk.types.String("Arial, sans-serif"),  # a plain string would be read as an expression
        font_weight=600,
        background=True,
        get_background_color=[255, 255, 255, 190],
        background_padding=[3, 1],
        pickable=False,
    )


def kaartstijl(achtergrond: Achtergrondkaart) -> str:
    """A MapLibre style with one raster source, the basemap's tiles, as a data: URL (the deck's mapStyle).

    Streamlit draws a deck with a mapStyle on a MapLibre map under the layers; MapLibre fetches the tiles
    as the view moves and shows the attribution in the corner. No other server is contacted.
    """
    bron = {"type": "raster", "tiles": [achtergrond.tegels], "tileSize": 256, "maxzoom": 19}
    if achtergrond.bronvermelding:
        bron["attribution"] = achtergrond.bronvermelding
    stijl = {
        "version": 8,
        "sources": {"achtergrond": bron},
        "layers": [{"id": "achtergrond", "type": "raster", "source": "achtergrond"}],
    }
    return "data:application/json;charset=utf-8," + urllib.parse.quote(json.dumps(stijl, separators=(",", ":")))


def _deck(lagen: list[pdk.Layer], tooltip: dict, achtergrond: Achtergrondkaart | None) -> pdk.Deck:
    # With tiles: a MapLibre map under the layers (see kaartstijl). Without: pydeck's default map style with
    # no provider, which Streamlit reads as "no basemap" (a map_style of None or "" would make it fetch
    # CARTO's). Offline, or without tiles, deck.gl still draws the layers, place names included.
    stijl = {"map_style": kaartstijl(achtergrond)} if achtergrond and achtergrond.tegels else {}
    return _CompacteDeck(
        layers=[*lagen, plaatsen_laag()],
        initial_view_state=pdk.ViewState(**REGIO, pitch=0, bearing=0),
        map_provider=None,
        tooltip=tooltip,
        **stijl,
    )
