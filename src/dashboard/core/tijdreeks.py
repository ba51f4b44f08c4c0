"""Counts over time: SQL counts per day, this module makes weeks and months.

Bucketing happens here, in polars, rather than in SQL, because SQLite and
PostgreSQL have no common way to truncate a date; so both backends give the
same buckets. Weeks start on Monday; a period is named by its first day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from dashboard.core import fmt

PERIODES: dict[str, str] = {"week": "1w", "maand": "1mo"}
PERIODE_LABELS: dict[str, str] = {"week": "Per week", "maand": "Per maand"}


def per_periode(
    frame: pl.DataFrame,
    per: str,
    *,
    datum: str = "datum",
    by: Sequence[str] = (),
    waarden: Sequence[str] = ("aantal",),
) -> pl.DataFrame:
    """Sum `waarden` per period and `by`; the period's first day is in column 'periode'."""
    return (
        frame.with_columns(pl.col(datum).dt.truncate(PERIODES[per]).alias("periode"))
        .group_by("periode", *by)
        .agg(pl.col(w).sum() for w in waarden)
        .sort("periode", *by)
    )


def periode_label_expr(kolom: str, per: str) -> pl.Expr:
    """The Dutch name of each period in a column of first days, as a native polars expression:
    'week van 04-01-2021' or 'januari 2021'."""
    if per == "week":
        return pl.concat_str([pl.lit("week van "), fmt.datum_expr(kolom)]).alias(kolom)
    return fmt.maand_expr(kolom)


def aandelen_per_peildatum(per: pl.DataFrame, kolom: str, labels: Mapping[str, str]) -> pl.DataFrame:
    """Counts per peildatum and code (`per`: peildatum, `kolom`, aantal) completed to every peildatum of `per` x
    every code of `labels` (empty as 0), with each code's share of its peildatum: peildatum, `kolom`, label,
    aantal, aandeel (0.0 for a peildatum without any), totaal (the peildatum's sum)."""
    peildata = sorted(set(per["peildatum"]))
    grid = pl.DataFrame(
        [(p, k) for p in peildata for k in labels], schema={"peildatum": pl.Date, kolom: pl.String}, orient="row"
    )
    out = grid.join(per, on=["peildatum", kolom], how="left").with_columns(pl.col("aantal").fill_null(0))
    totaal = pl.col("aantal").sum().over("peildatum")
    return out.select(
        "peildatum",
        kolom,
        pl.col(kolom).replace_strict(dict(labels)).alias("label"),
        "aantal",
        pl.when(totaal > 0).then(pl.col("aantal") / totaal).otherwise(0.0).alias("aandeel"),
        totaal.alias("totaal"),
    )
