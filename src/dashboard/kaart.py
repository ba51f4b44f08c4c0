"""The map (Kaart): addresses as points, or counted per H3 hexagon, and the counts per municipality.

Plain functions: frames in, slim point lists, hexagon frames and pydeck decks out. The
hexagon view is the one for users who may not see addresses, so everything it puts in a
deck is an aggregate: hexagon ids and counts, never a coordinate or an address.
"""

from __future__ import annotations

import json
import math
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize
from sqlalchemy.engine import Connection

from dashboard import fmt, privacy
from dashboard.adressen import LIJST_VOLGORDE, adresregel
from dashboard.config import Achtergrondkaart
from dashboard.db import fetch
from dashboard.domain import CATEGORIE_LABELS, CATEGORIEEN, GROEPEN, IMG_FASE_LABELS, NCG_FASE_LABELS
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


def _mengen(fractie: float) -> list[int]:
    """The colour at `fractie` (0-1) along HEX_RAMP."""
    a, b = rgb(HEX_RAMP[0], 0), rgb(HEX_RAMP[1], 0)
    f = min(max(fractie, 0.0), 1.0)
    return [round(x + (y - x) * f) for x, y in zip(a[:3], b[:3])] + [200]


# ---------------------------------------------------------------- points


@dataclass(frozen=True)
class Punten:
    """The point layer's data as the browser gets it: a JSON array of slim points, and how many there are;
    with the counts per municipality of the same selection (as `per_gemeente`).

    A string caches and pickles as one block (st.cache_data) and goes into the deck as it is, so a rerun
    neither rebuilds nor re-serialises tens of thousands of dicts.
    """

    aantal: int
    json: str
    per_gemeente: pl.DataFrame


def punten_uit_db(conn: Connection, filters: Filters, selectie: Selectie, kleur_op: str = "categorie") -> Punten:
    """The selection's points and counts per municipality, from one read of only the columns they need
    (queries/kaart_punten.sql)."""
    # Typed explicitly: an empty result has no values to infer the numeric columns from.
    rijen = fetch(conn, "kaart_punten", **filters.params(), **selectie.params()).cast(
        {"lat": pl.Float64, "lon": pl.Float64, "huisnummer": pl.Int64, "ncg_fase_nr": pl.Int64}
    )
    slank = punten_frame(rijen, kleur_op)
    return Punten(aantal=slank.height, json=slank.write_json(), per_gemeente=tel_per_gemeente(rijen))


def punten(frame: pl.DataFrame, kleur_op: str = "categorie") -> list[dict[str, Any]]:
    """The addresses with coordinates as slim dicts for the point layer, in drawing order (see punten_frame)."""
    return punten_frame(frame, kleur_op).to_dicts()


def punten_frame(frame: pl.DataFrame, kleur_op: str = "categorie") -> pl.DataFrame:
    """The addresses with coordinates as the point layer's rows, in drawing order.

    Each carries only what the layer uses: position, colour, the tooltip's Dutch texts and the
    ncg_id that a click opens. Addresses that matter most (beide lopend, a group) come last, so
    they are drawn on top of the many others; within a colour, most advanced NCG phase first, then
    by gemeente, postcode, number and id (the order of the address lists).
    """
    if kleur_op not in KLEUR_OP:
        raise ValueError(f"unknown kleur_op {kleur_op!r}")
    if kleur_op == "categorie":
        volgorde = {c: i for i, c in enumerate(CATEGORIEEN)}
        kleuren = {c: rgb(k) for c, k in CATEGORIE_KLEUREN.items()}
        sleutel = pl.col("categorie")
    else:
        volgorde = {g: i + 1 for i, g in enumerate(GROEPEN)}
        kleuren = {g: rgb(k) for g, k in GROEP_KLEUREN.items()}
        sleutel = pl.col("groep").fill_null("")
    geen = rgb(GEEN_GROEP_KLEUR, 170)
    met = frame.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null())
    if "ncg_fase_nr" in met.columns:  # straight from the database, unordered: the address lists' order
        met = met.sort(LIJST_VOLGORDE, descending=[True, False, False, False, False], maintain_order=True)
    return met.select(
        pl.col("lon").round(5),
        pl.col("lat").round(5),
        sleutel.replace_strict(
            kleuren, default=pl.lit(geen, dtype=pl.List(pl.Int64)), return_dtype=pl.List(pl.Int64)
        ).alias("kleur"),
        sleutel.replace_strict(volgorde, default=0, return_dtype=pl.Int32).alias("_volgorde"),
        pl.concat_str(
            adresregel(met), pl.lit(", "), pl.col("postcode").str.slice(0, 4), pl.lit(" "),
            pl.col("postcode").str.slice(4), pl.lit(" "), pl.col("woonplaats").fill_null(""),
        )
        .str.strip_chars(" ,")
        .alias("adres"),
        pl.col("gemeente"),
        pl.col("ncg_fase").replace_strict(NCG_FASE_LABELS, default=pl.col("ncg_fase"), return_dtype=pl.String),
        pl.col("img_lopend")
        .str.split(", ")
        .list.eval(pl.element().replace_strict(IMG_FASE_LABELS, default=pl.element()))
        .list.join(", ")
        .fill_null("–")
        .replace("", "–")
        .alias("img_fasen"),
        pl.col("groep").fill_null("–"),
        pl.col("categorie").replace_strict(CATEGORIE_LABELS, default=pl.col("categorie"), return_dtype=pl.String),
        pl.col("ncg_id"),
    ).sort("_volgorde", maintain_order=True).drop("_volgorde")


PUNTEN_TOOLTIP = {
    "html": "<b>{adres}</b><br/>Gemeente: {gemeente}<br/>{categorie}<br/>NCG-fase: {ncg_fase}<br/>"
    "Lopende IMG-meldingen: {img_fasen}<br/>Groep: {groep}<br/><i>Klik voor het dossier</i>",
    "style": {"fontSize": "13px", "backgroundColor": TEKST, "color": WIT},
}


def punten_deck(punten: Punten | list[dict[str, Any]], achtergrond: Achtergrondkaart | None = None) -> pdk.Deck:
    """A scatterplot of the addresses, readable at region zoom (radius in pixels with bounds).

    `punten` is a Punten (its JSON goes into the deck as it is) or the slim dicts of `punten`.
    """
    laag = pdk.Layer(
        "ScatterplotLayer",
        id=PUNTEN_LAAG,
        data=_RuweJson(punten.json) if isinstance(punten, Punten) else punten,
        get_position="[lon, lat]",
        get_fill_color="kleur",
        get_radius=25,  # metres; pydeck would read a units string as an expression, and metres are the default
        radius_min_pixels=1.6,
        radius_max_pixels=9,
        stroked=False,
        pickable=True,
        auto_highlight=True,
        highlight_color=[31, 41, 55, 255],
    )
    return _deck([laag], PUNTEN_TOOLTIP, achtergrond)


# ---------------------------------------------------------------- hexagons


def hexagonen(conn: Connection, filters: Filters, selectie: Selectie, resolutie: int) -> pl.DataFrame:
    """The selection's addresses with coordinates counted per H3 cell of `resolutie`, in the database from the
    cells the loader stored (queries/kaart_hexagonen.sql): no coordinate leaves the database.

    Columns: hex (the H3 cell id), aantal, beide_lopend (of them), aandeel (beide_lopend / aantal).
    """
    if resolutie not in RESOLUTIES:
        raise ValueError(f"resolutie must be one of {sorted(RESOLUTIES)}, not {resolutie}")
    frame = fetch(conn, "kaart_hexagonen", resolutie=resolutie, **filters.params(), **selectie.params())
    return frame.select(
        pl.col("hex").cast(pl.String), pl.col("aantal").cast(pl.Int64), pl.col("beide_lopend").cast(pl.Int64)
    ).with_columns((pl.col("beide_lopend") / pl.col("aantal")).alias("aandeel"))


def _hex_fractie(rij: Mapping[str, Any], kleur_op: str, max_aantal: int) -> float:
    if rij["aantal"] is None or (kleur_op == "aandeel" and rij["aandeel"] is None):
        return 0.0
    if kleur_op == "aandeel":
        return rij["aandeel"] / AANDEEL_MAX
    # Square root: a few dense town centres should not wash out the countryside.
    return math.sqrt(rij["aantal"] / max_aantal) if max_aantal else 0.0


def hexagon_rijen(hexagonen: pl.DataFrame, kleur_op: str = "aantal") -> list[dict[str, Any]]:
    """The hexagon layer's data: the cell id, its counts and share (raw and as Dutch text), its colour."""
    if kleur_op not in HEX_KLEUR_OP:
        raise ValueError(f"unknown kleur_op {kleur_op!r}")
    max_aantal = int(hexagonen["aantal"].max() or 0) if hexagonen.height else 0
    return [
        {
            "hex": r["hex"],
            "aantal": r["aantal"],
            "beide_lopend": r["beide_lopend"],
            "aandeel": None if r["aandeel"] is None else round(r["aandeel"], 4),
            # Counts hidden by small-cell suppression are null: '<5', drawn in the lightest colour.
            "aantal_tekst": "<5" if r["aantal"] is None else fmt.getal(r["aantal"]),
            "beide_lopend_tekst": "<5" if r["beide_lopend"] is None else fmt.getal(r["beide_lopend"]),
            "aandeel_tekst": fmt.procent(r["aandeel"]),
            "kleur": _mengen(_hex_fractie(r, kleur_op, max_aantal)),
        }
        for r in hexagonen.iter_rows(named=True)
    ]


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


def adres_uit_selectie(event: Mapping[str, Any] | None, laag: str = PUNTEN_LAAG) -> str | None:
    """The ncg_id of the point clicked on the map, from what st.pydeck_chart returns, if any.

    Shape: {"selection": {"indices": {layer_id: [i]}, "objects": {layer_id: [{...the point...}]}}}.
    Only the point layer counts: a hexagon never leads to an address.
    """
    if not event:
        return None
    selectie = event.get("selection") or {}
    for obj in (selectie.get("objects") or {}).get(laag) or []:
        ncg_id = obj.get("ncg_id") if isinstance(obj, Mapping) else None
        if isinstance(ncg_id, str) and ncg_id:
            return ncg_id
    return None


# ---------------------------------------------------------------- per municipality


def per_gemeente(conn: Connection, filters: Filters, selectie: Selectie) -> pl.DataFrame:
    """Per municipality the selection's addresses by figure-1 category and by group A-F (queries/kaart_per_gemeente.sql).

    The counts are Int64 even when the selection is empty (no rows to infer them from)."""
    frame = fetch(conn, "kaart_per_gemeente", **filters.params(), **selectie.params())
    return frame.cast({k: pl.Int64 for k in frame.columns if k != "gemeente"})


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


def onderdruk_hexagonen(hexagonen: pl.DataFrame, drempel: int) -> pl.DataFrame:
    """Hexagons as aggregate roles see them: small counts (and what the map's total would reveal) hidden.

    A hidden count becomes null (drawn in the lightest colour, '<5' in the tooltip); a small
    beide_lopend count is hidden with its share, as share x count would give it back.
    """
    cellen = {r["hex"]: r["aantal"] for r in hexagonen.iter_rows(named=True)}
    verborgen = privacy.onderdruk({**cellen, "totaal": sum(cellen.values())}, [[*cellen, "totaal"]], drempel)
    klein_beide = (pl.col("beide_lopend") > 0) & (pl.col("beide_lopend") < drempel)
    return privacy.markeer(hexagonen, verborgen - {"totaal"}, "hex").with_columns(
        (pl.col("onderdrukt") | klein_beide).alias("beide_onderdrukt")
    ).with_columns(
        pl.when(pl.col("beide_onderdrukt")).then(None).otherwise(pl.col("beide_lopend")).alias("beide_lopend"),
        pl.when(pl.col("beide_onderdrukt")).then(None).otherwise(pl.col("aandeel")).alias("aandeel"),
    )


def onderdruk_gemeenten(tabel: pl.DataFrame, drempel: int) -> pl.DataFrame:
    """The per-municipality table (gemeente_tabel, with its total row) as text, small counts '<5'.

    Published relations: per municipality the categories add up to Adressen and the groups to Beide
    lopend; per column the municipalities add up to the total row.
    """
    label = privacy.label(drempel)
    gemeenten = tabel["Gemeente"].to_list()
    kolommen = [c for c in tabel.columns if c != "Gemeente"]
    cellen = {(g, k): int(v) for g, row in zip(gemeenten, tabel.select(kolommen).iter_rows()) for k, v in zip(kolommen, row)}
    lijnen = []
    for g in gemeenten:
        lijnen.append([(g, k) for k in ("Geen melding", "Gesloten", "Beide lopend", "Adressen")])
        lijnen.append([(g, k) for k in (*GROEPEN, "Beide lopend")])
    for k in kolommen:
        lijnen.append([(g, k) for g in gemeenten])  # the municipalities and the total row
    verborgen = privacy.onderdruk(cellen, lijnen, drempel)
    return pl.DataFrame(
        {
            "Gemeente": gemeenten,
            **{k: [label if (g, k) in verborgen else fmt.getal(cellen[(g, k)]) for g in gemeenten] for k in kolommen},
        }
    )
