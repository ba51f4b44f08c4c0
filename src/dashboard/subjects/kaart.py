"""The map's data (Kaart): addresses as point layers, or counted per H3 hexagon, and the counts per municipality.

Plain functions: frames in, slim point lists and hexagon frames out; figures/kaartlagen.py makes the pydeck
decks of them. The hexagon view is the one for users who may not see addresses, so everything it hands on
is an aggregate: hexagon ids and counts, never a coordinate or an address.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from dashboard.core import fmt
from dashboard.core.domain import CATEGORIEEN, GROEPEN
from dashboard.core.filters import Filters, Selectie
from dashboard.core.palet import CATEGORIE_KLEUREN, GROEP_KLEUREN, KAART_GEEN_GROEP
from dashboard.store import adresframe
from dashboard.store.adresframe import Bron
from dashboard.subjects import kaart_volgorde

PUNTEN_LAAG = "adressen"
HEXAGONEN_LAAG = "hexagonen"

KLEUR_OP = {"categorie": "Samenwerkingspotentieel", "groep": "Groep A-F"}
HEX_KLEUR_OP = {"aantal": "Aantal adressen", "aandeel": "Aandeel beide lopend"}
# More points than this and the map shows hexagons instead: a browser draws ~25,000 points smoothly, and a
# million (scale 30) neither loads nor reads; a gemeente or a filter brings the addresses back.
MAX_PUNTEN = 50_000

RESOLUTIES = {6: "grof (ca. 36 km²)", 7: "ca. 5 km²", 8: "ca. 0,7 km²", 9: "fijn (ca. 0,1 km²)"}

GEEN_GROEP_KLEUR = KAART_GEEN_GROEP  # addresses without a group: not beide lopend
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
    delen: tuple[str, ...] = ()  # the parts drawn interleaved with the other colours (kaart_volgorde)


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
        laag_id, index = kaart_volgorde.index_in_laag(laag_id, index)
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
        lagen.append(
            PuntenLaag(
                id=f"{PUNTEN_LAAG}_{sleutel or 'geen'}",
                sleutel=sleutel,
                kleur=tuple(kleuren.get(sleutel, rgb(GEEN_GROEP_KLEUR, 170))),
                json=(
                    posities := deel.select(pl.concat_list(pl.col("lon").round(4), pl.col("lat").round(4)).alias("p"))
                ).write_json(),
                ncg_ids=tuple(deel["ncg_id"].to_list()),
                delen=kaart_volgorde.delen(posities),
            )
        )
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
        .agg(
            pl.len().cast(pl.Int64).alias("aantal"),
            (pl.col("categorie") == "beide_lopend").sum().cast(pl.Int64).alias("beide_lopend"),
        )
        .sort("hex")
        .with_columns((pl.col("beide_lopend") / pl.col("aantal")).alias("aandeel"))
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
    return tabel.with_columns(fmt.getal_expr(n) for n, t in tabel.schema.items() if t.is_integer())


# ---------------------------------------------------------------- small-cell suppression for aggregate roles
