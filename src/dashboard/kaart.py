"""The map (Kaart): addresses as points, or counted per H3 hexagon, and the counts per municipality.

Plain functions: frames in, slim point lists, hexagon frames and pydeck decks out. The
hexagon view is the one for users who may not see addresses, so everything it puts in a
deck is an aggregate: hexagon ids and counts, never a coordinate or an address.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard import adresframe, fmt
from dashboard.adresframe import Bron
from dashboard.config import Achtergrondkaart
from dashboard.domain import CATEGORIE_LABELS, CATEGORIEEN, GROEPEN
from dashboard.palet import CATEGORIE_KLEUREN, GROEP_KLEUREN, KAART_GEEN_GROEP, KAART_VERLOOP, TEKST, WIT
from dashboard.filters import Filters, Selectie

PUNTEN_LAAG = "adressen"
HEXAGONEN_LAAG = "hexagonen"

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

KLEUR_OP = {"categorie": "Samenwerkingspotentieel", "groep": "Groep A-F"}
HEX_KLEUR_OP = {"aantal": "Aantal adressen", "aandeel": "Aandeel beide lopend"}
# More points than this and the map shows hexagons instead: a browser draws ~25,000 points smoothly, and a
# million (scale 30) neither loads nor reads; a gemeente or a filter brings the addresses back.
MAX_PUNTEN = 50_000

RESOLUTIES = {6: "grof (ca. 36 km²)", 7: "ca. 5 km²", 8: "ca. 0,7 km²", 9: "fijn (ca. 0,1 km²)"}

GEEN_GROEP_KLEUR = KAART_GEEN_GROEP  # addresses without a group: not beide lopend
# The hexagon colour ramp (light to dark orange, as the phase matrix) and where the share scale tops out.
HEX_RAMP = KAART_VERLOOP
AANDEEL_MAX = 0.2
_ALPHA = 215


def rgb(kleur: str, alpha: int = _ALPHA) -> list[int]:
    """A hex colour -> [red, green, blue, alpha]."""
    kleur = kleur.lstrip("#")
    return [int(kleur[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


# ---------------------------------------------------------------- points


@dataclass(frozen=True)
class PuntenLaag:
    """The points of one colour: one scatterplot layer. The browser gets only positions (`json`, a JSON
    array of {"p": [lon, lat]}, coordinates to 4 decimals: about 10 m); the layer's colour is a constant of
    the layer, and a click gives the point's index in the layer, which `ncg_ids` turns into its address
    on the server."""

    id: str
    sleutel: str  # the category or group (empty: no group)
    kleur: tuple[int, ...]
    json: str
    ncg_ids: tuple[str, ...]


@dataclass(frozen=True)
class Punten:
    """The point layers' data as the browser gets it, in drawing order, how many points there are, and the
    counts per municipality of the same selection (as `per_gemeente`).

    Strings cache and pickle as one block (st.cache_data) and go into the deck as they are, so a rerun
    neither rebuilds nor re-serialises tens of thousands of dicts.
    """

    aantal: int
    lagen: tuple[PuntenLaag, ...]
    per_gemeente: pl.DataFrame

    def ncg_id(self, laag_id: str, index: int) -> str | None:
        for laag in self.lagen:
            if laag.id == laag_id:
                return laag.ncg_ids[index] if 0 <= index < len(laag.ncg_ids) else None
        return None


def punten_uit_db(bron: Bron, filters: Filters, selectie: Selectie, kleur_op: str = "categorie") -> Punten:
    """The selection's points and counts per municipality, from the snapshot's address frame."""
    rijen = adresframe.kies(adresframe.frame(bron, filters.peildatum), filters, selectie)
    return punten_lagen(rijen, kleur_op)


def punten_lagen(rijen: pl.DataFrame, kleur_op: str = "categorie") -> Punten:
    """A selection's address rows as point layers, one per colour, in drawing order (see punten_frame)."""
    slank = punten_frame(rijen, kleur_op)
    kleuren = _kleuren(kleur_op)
    lagen = []
    for sleutel in _sleutels(kleur_op):
        deel = slank.filter(pl.col("sleutel") == sleutel)
        if not deel.height:
            continue
        lagen.append(PuntenLaag(
            id=f"{PUNTEN_LAAG}_{sleutel or 'geen'}",
            sleutel=sleutel,
            kleur=tuple(kleuren.get(sleutel, rgb(GEEN_GROEP_KLEUR, 170))),
            json=deel.select(pl.concat_list(pl.col("lon").round(4), pl.col("lat").round(4)).alias("p")).write_json(),
            ncg_ids=tuple(deel["ncg_id"].to_list()),
        ))
    return Punten(aantal=slank.height, lagen=tuple(lagen), per_gemeente=tel_per_gemeente(rijen))


def _sleutels(kleur_op: str) -> tuple[str, ...]:
    """The colour keys in drawing order: what matters most (beide lopend, a group) last, on top."""
    if kleur_op not in KLEUR_OP:
        raise ValueError(f"unknown kleur_op {kleur_op!r}")
    return tuple(CATEGORIEEN) if kleur_op == "categorie" else ("", *GROEPEN)


def _kleuren(kleur_op: str) -> dict[str, list[int]]:
    if kleur_op == "categorie":
        return {c: rgb(k) for c, k in CATEGORIE_KLEUREN.items()}
    return {g: rgb(k) for g, k in GROEP_KLEUREN.items()}


def punten_frame(frame: pl.DataFrame, kleur_op: str = "categorie") -> pl.DataFrame:
    """The addresses with coordinates: lon, lat, sleutel (the colour's category or group, empty for no group),
    ncg_id, in the address lists' order (most advanced NCG phase first, then by gemeente, postcode, number
    and id: the address frame's own order, adresframe.VOLGORDE, which a filter keeps). `punten_lagen` splits
    them into a layer per colour in drawing order.
    """
    _sleutels(kleur_op)  # refuses an unknown kleur_op
    sleutel = pl.col("categorie") if kleur_op == "categorie" else pl.col("groep").fill_null("")
    return frame.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null()).select(
        "lon", "lat", sleutel.alias("sleutel"), "ncg_id"
    )


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
            id=laag.id,
            data=_RuweJson(laag.json),
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
        for laag in punten.lagen
    ]
    return _deck(lagen, PUNTEN_TOOLTIP, achtergrond)


# ---------------------------------------------------------------- hexagons


def hexagonen(bron: Bron, filters: Filters, selectie: Selectie, resolutie: int) -> pl.DataFrame:
    """The selection's addresses with coordinates counted per H3 cell of `resolutie`, from the cells the loader
    stored (adres.h3_6 .. h3_9); only the counts leave this function.

    Columns: hex (the H3 cell id), aantal, beide_lopend (of them), aandeel (beide_lopend / aantal).
    """
    if resolutie not in RESOLUTIES:
        raise ValueError(f"resolutie must be one of {sorted(RESOLUTIES)}, not {resolutie}")
    frame = adresframe.frame(bron, filters.peildatum)
    return (
        frame.filter(pl.col("h3_6").is_not_null() & adresframe.selectie_expr(filters, selectie))
        .group_by(pl.col(f"h3_{resolutie}").alias("hex"))
        .agg(pl.len().cast(pl.Int64).alias("aantal"),
             (pl.col("categorie") == "beide_lopend").sum().cast(pl.Int64).alias("beide_lopend"))
        .sort("hex")
        .with_columns((pl.col("beide_lopend") / pl.col("aantal")).alias("aandeel"))
    )


def hexagon_rijen(hexagonen: pl.DataFrame, kleur_op: str = "aantal") -> list[dict[str, Any]]:
    """The hexagon layer's data: the cell id, its counts and share (raw and as Dutch text), its colour.

    Counts hidden by small-cell suppression are null: '<5', drawn in the lightest colour. Built with native
    polars expressions (no per-row Python)."""
    if kleur_op not in HEX_KLEUR_OP:
        raise ValueError(f"unknown kleur_op {kleur_op!r}")
    max_aantal = int(hexagonen["aantal"].max() or 0) if hexagonen.height else 0
    if kleur_op == "aandeel":
        fractie = pl.when(pl.col("aantal").is_null() | pl.col("aandeel").is_null()).then(0.0).otherwise(
            pl.col("aandeel") / AANDEEL_MAX)
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
        pl.when(pl.col("aantal").is_null()).then(pl.lit("<5")).otherwise(fmt.getal_expr("aantal")).alias("aantal_tekst"),
        pl.when(pl.col("beide_lopend").is_null()).then(pl.lit("<5")).otherwise(fmt.getal_expr("beide_lopend"))
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


# ---------------------------------------------------------------- selection


def adres_uit_selectie(event: Mapping[str, Any] | None, punten: Punten | None) -> str | None:
    """The ncg_id of the point clicked on the map, from what st.pydeck_chart returns, if any.

    Shape: {"selection": {"indices": {layer_id: [i]}, "objects": {layer_id: [{...the point...}]}}}. The
    point carries only its position: its index in its layer gives the address, from the server's `punten`.
    Only the point layers count: a hexagon never leads to an address.
    """
    if not event or punten is None:
        return None
    selectie = event.get("selection") or {}
    for laag_id, indices in (selectie.get("indices") or {}).items():
        for index in indices or []:
            if isinstance(index, int) and (ncg_id := punten.ncg_id(laag_id, index)):
                return ncg_id
    return None


# ---------------------------------------------------------------- per municipality


def per_gemeente(bron: Bron, filters: Filters, selectie: Selectie) -> pl.DataFrame:
    """Per municipality the selection's addresses by figure-1 category and by group A-F (see tel_per_gemeente)."""
    return tel_per_gemeente(adresframe.kies(adresframe.frame(bron, filters.peildatum), filters, selectie))


def tel_per_gemeente(frame: pl.DataFrame) -> pl.DataFrame:
    """What `per_gemeente` counts in SQL, counted from the selection's address rows (gemeente, categorie, groep,
    lat, lon) that the point map has read anyway."""
    return (
        frame.group_by("gemeente")
        .agg(
            pl.len().alias("aantal"),
            *((pl.col("categorie") == c).sum().alias(c) for c in CATEGORIEEN),
            *((pl.col("groep") == g).sum().alias(f"groep_{g.lower()}") for g in GROEPEN),
            (pl.col("lat").is_not_null() & pl.col("lon").is_not_null()).sum().alias("op_kaart"),
        )
        .with_columns(pl.exclude("gemeente").cast(pl.Int64))
        .sort("gemeente")
    )


# Short Dutch headers: the table stands in a narrow column beside the map.
GEMEENTE_KOLOMMEN = {
    "gemeente": "Gemeente",
    "aantal": "Adressen",
    "geen_schademelding": "Geen melding",
    "gesloten": "Gesloten",
    "beide_lopend": "Beide lopend",
    **{f"groep_{g.lower()}": g for g in GROEPEN},
    "op_kaart": "Op de kaart",
}
CATEGORIE_KOPPEN = ("Gemeente", "Geen melding", "Gesloten", "Beide lopend", "Adressen")
GROEP_KOPPEN = ("Gemeente", *GROEPEN)


def gemeente_tabel(per_gemeente: pl.DataFrame) -> pl.DataFrame:
    """The per-municipality counts with Dutch headers and a total row (raw numbers, for download)."""
    kolommen = list(GEMEENTE_KOLOMMEN)
    rijen = per_gemeente.select(kolommen)
    totaal = pl.DataFrame(
        {"gemeente": ["Totaal"], **{k: [int(rijen[k].sum())] for k in kolommen[1:]}},
        schema=rijen.schema,
    )
    return pl.concat([rijen, totaal]).rename(GEMEENTE_KOLOMMEN)


def als_tekst(tabel: pl.DataFrame) -> pl.DataFrame:
    """Numbers as Dutch text (26.800) for display."""
    return tabel.with_columns(
        fmt.getal_expr(n) for n, t in tabel.schema.items() if t.is_integer()
    )


# ---------------------------------------------------------------- small-cell suppression for aggregate roles
