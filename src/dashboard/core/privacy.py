"""Small-cell suppression for the aggregate roles (stuurgroep, manager).

A count from 1 to `drempel - 1` can point at a household: it is shown as "<5".
Where a published total would let a reader work a hidden count back out (the
total minus the other cells of its line), the smallest other non-zero count of
that line is hidden too (secondary suppression), repeated until no line has a
single hidden cell. Totals are counts as well and follow the same rule.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import polars as pl

from dashboard.core import fmt


def label(drempel: int) -> str:
    return f"<{drempel}"


def onderdruk(
    cellen: Mapping[Hashable, int],
    lijnen: Iterable[Sequence[Hashable]] = (),
    drempel: int = 5,
    *,
    al_verborgen: Iterable[Hashable] = (),
    vast: Iterable[Hashable] = (),
) -> set[Hashable]:
    """The keys of the cells to hide: small counts, plus what their published line totals would reveal.

    `lijnen` are groups of cells whose sum is published (a row, a column, a group, the whole table).
    A cell that is a sum of others but not shown itself belongs in the lines too: a reader can
    work it out, so it counts as known until it is hidden (hiding it costs nothing).

    For a view that shares cells with another view on the same page, already suppressed on its
    own: `al_verborgen` are the cells hidden there (they stay hidden here), `vast` the cells shown
    there (never chosen for secondary suppression here, as hiding them would not hide them).
    """
    vast = set(vast)
    verborgen = {k for k, n in cellen.items() if 0 < n < drempel} | set(al_verborgen)
    lijnen = [list(lijn) for lijn in lijnen]
    veranderd = True
    while veranderd:
        veranderd = False
        for lijn in lijnen:
            if sum(1 for k in lijn if k in verborgen) != 1:
                continue
            kandidaten = [k for k in lijn if k not in verborgen and k not in vast and cellen[k] > 0]
            if kandidaten:
                verborgen.add(min(kandidaten, key=lambda k: (cellen[k], str(k))))
                veranderd = True
    return verborgen


def tekst(n: int | None, verborgen: bool, drempel: int = 5) -> str:
    return label(drempel) if verborgen else fmt.getal(n)


def als_tekst(frame: pl.DataFrame, kolommen: Sequence[str], drempel: int = 5) -> pl.DataFrame:
    """Count columns as Dutch text for a table and its downloads: a hidden count (null) reads '<5'."""
    return frame.with_columns(
        pl.when(pl.col(k).is_null()).then(pl.lit(label(drempel))).otherwise(fmt.getal_expr(k)).alias(k)
        for k in kolommen
    )


def markeer(frame: pl.DataFrame, verborgen: set, sleutel: str | Sequence[str], kolom: str = "aantal") -> pl.DataFrame:
    """Add a boolean `onderdrukt` column (rows whose key is in `verborgen`) and null their counts."""
    sleutels = [sleutel] if isinstance(sleutel, str) else list(sleutel)
    if len(sleutels) == 1:
        hidden = pl.col(sleutels[0]).is_in(list(verborgen))
    else:
        hidden = (
            pl.concat_list([pl.col(c).cast(pl.String) for c in sleutels])
            .list.join("\x1f")
            .is_in(["\x1f".join(map(str, k)) for k in verborgen])
        )
    return frame.with_columns(hidden.alias("onderdrukt")).with_columns(
        pl.when(pl.col("onderdrukt")).then(None).otherwise(pl.col(kolom)).alias(kolom)
    )
