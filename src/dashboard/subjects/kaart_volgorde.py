"""The point map's drawing order, so every category reads by its share (issue 18).

Drawn one colour after the other, the last colour (beide lopend, 5% of the addresses) covered the others where
points overlap: at the region's zoom whole villages looked orange. Each colour's points are split into RONDES
strided parts (every RONDES-th point in the list's order, so each part is spread over the whole map) and the parts
are drawn round by round, the colours' order turning each round. Where points overlap, the one on top is then about
as likely to be of a colour as that colour's share of the points. The legend and the click (a part's index gives
the point's index in its colour) stay per colour.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

RONDES = 8
SCHEIDING = "~"


def delen(deel: pl.DataFrame) -> tuple[str, ...]:
    """The JSON of the RONDES strided parts of one colour's points (rows with column p)."""
    return tuple(deel.gather_every(RONDES, offset=j).select("p").write_json() for j in range(RONDES) if j < deel.height)


def volgorde(aantal_lagen: int) -> list[tuple[int, int]]:
    """(colour layer, part) in drawing order: round by round, the colours' order shifted by one each round."""
    return [((j + i) % aantal_lagen, j) for j in range(RONDES) for i in range(aantal_lagen)]


def deel_id(laag_id: str, deel: int) -> str:
    return f"{laag_id}{SCHEIDING}{deel}"


def index_in_laag(deck_id: str, index: int) -> tuple[str, int]:
    """A clicked part's (deck layer id, index) as its colour layer's (id, index)."""
    laag_id, _, deel = deck_id.rpartition(SCHEIDING)
    if not laag_id or not deel.isdigit():
        return deck_id, index
    return laag_id, int(deel) + RONDES * index


def geordend(lagen: Sequence) -> list[tuple[str, object, str]]:
    """(deck layer id, colour layer, JSON) of every part, in drawing order; a layer without parts draws whole."""
    uit = []
    for i, j in volgorde(len(lagen)):
        laag = lagen[i]
        stukken = getattr(laag, "delen", ()) or ((laag.json,) if j == 0 else ())
        if j < len(stukken):
            uit.append((deel_id(laag.id, j) if getattr(laag, "delen", ()) else laag.id, laag, stukken[j]))
    return uit
