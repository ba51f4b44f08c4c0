"""Snapshots over time: figure 1 and groups A-F per peildatum, and how addresses moved between two snapshots.

Plain functions: a connection and the global filters in, polars frames out. The counting (per
peildatum, and the flows matched on ncg_id) happens in SQL; this module only shapes the results.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from sqlalchemy.engine import Connection

from dashboard import fmt
from dashboard.db import fetch
from dashboard.domain import CATEGORIE_LABELS, CATEGORIEEN, GROEPEN
from dashboard.filters import Filters

# What the flow is drawn between.
STROOM_SOORTEN: dict[str, str] = {"categorie": "Samenwerkingspotentieel", "groep": "Groepen A-F"}

# Node keys besides the categories and groups A-F.
NIEUW = "nieuw"  # on the later list only: not yet on the list at the first peildatum
WEG = "weg"  # on the earlier list only: no longer on the list at the second peildatum
GEEN_GROEP = "geen_groep"  # on the list, but not beide_lopend
KNOOP_LABELS: dict[str, str] = {
    **CATEGORIE_LABELS,
    **{g: f"Groep {g}" for g in GROEPEN},
    GEEN_GROEP: "Geen groep (niet beide lopend)",
    NIEUW: "Nog niet op de lijst",
    WEG: "Niet meer op de lijst",
}


def _filter_params(filters: Filters) -> dict:
    params = filters.params()
    del params["peildatum"]  # these views span snapshots
    return params


# ---------------------------------------------------------------- figure 1 and groups per peildatum


def trend(conn: Connection, filters: Filters) -> pl.DataFrame:
    """Addresses per peildatum, category and group (null unless beide_lopend): peildatum, categorie, groep, aantal."""
    return fetch(conn, "trend", **_filter_params(filters)).with_columns(pl.col("aantal").cast(pl.Int64))


def categorieen(trend: pl.DataFrame) -> pl.DataFrame:
    """Per peildatum and category (all three, empty ones as 0): peildatum, categorie, label, aantal, aandeel."""
    peildata = sorted(set(trend["peildatum"]))
    per = trend.group_by("peildatum", "categorie").agg(pl.col("aantal").sum())
    grid = pl.DataFrame(
        [(p, c) for p in peildata for c in CATEGORIEEN], schema={"peildatum": pl.Date, "categorie": pl.String},
        orient="row",
    )
    out = grid.join(per, on=["peildatum", "categorie"], how="left").with_columns(pl.col("aantal").fill_null(0))
    totaal = pl.col("aantal").sum().over("peildatum")
    return out.select(
        "peildatum",
        "categorie",
        pl.col("categorie").replace_strict(CATEGORIE_LABELS).alias("label"),
        "aantal",
        pl.when(totaal > 0).then(pl.col("aantal") / totaal).otherwise(0.0).alias("aandeel"),
    )


def groepen(trend: pl.DataFrame) -> pl.DataFrame:
    """The beide_lopend addresses per peildatum and group A-F (empty groups as 0): peildatum, groep, aantal."""
    peildata = sorted(set(trend["peildatum"]))
    per = trend.filter(pl.col("groep").is_not_null()).group_by("peildatum", "groep").agg(pl.col("aantal").sum())
    grid = pl.DataFrame(
        [(p, g) for p in peildata for g in GROEPEN], schema={"peildatum": pl.Date, "groep": pl.String}, orient="row"
    )
    return grid.join(per, on=["peildatum", "groep"], how="left").with_columns(pl.col("aantal").fill_null(0))


def per_peildatum(trend: pl.DataFrame) -> pl.DataFrame:
    """One row per peildatum, oldest first, with Dutch headers: the addresses, the categories, the share
    without a claim and the groups A-F. For the table under the charts and its downloads."""
    cats = categorieen(trend)
    wide = cats.pivot(on="categorie", index="peildatum", values="aantal").sort("peildatum")
    groups = groepen(trend).pivot(on="groep", index="peildatum", values="aantal")
    totaal = sum(pl.col(c) for c in CATEGORIEEN)
    return wide.join(groups, on="peildatum", how="left").select(
        pl.col("peildatum").alias("Peildatum"),
        totaal.alias("NCG-adressen"),
        *(pl.col(c).alias(CATEGORIE_LABELS[c]) for c in CATEGORIEEN),
        (pl.col("geen_schademelding") / totaal * 100).round(1).alias("Zonder schademelding (%)"),
        *(pl.col(g).fill_null(0).alias(f"Groep {g}") for g in GROEPEN),
    )


# ---------------------------------------------------------------- flows between two snapshots


def stroom(conn: Connection, filters: Filters, van: date, naar: date) -> pl.DataFrame:
    """Addresses per (category, group) at `van` and at `naar`, matched on ncg_id; null on the side where
    an address was not on the list. Columns: van_categorie, van_groep, naar_categorie, naar_groep, aantal."""
    return fetch(conn, "stroom", van_peildatum=van, naar_peildatum=naar, **_filter_params(filters)).with_columns(
        pl.col("aantal").cast(pl.Int64)
    )


def _knoop(soort: str, kant: str) -> pl.Expr:
    """The node key of one side of a flow: its category or group, or the list node when absent there."""
    categorie = pl.col(f"{kant}_categorie")
    afwezig = NIEUW if kant == "van" else WEG
    waarde = categorie if soort == "categorie" else pl.col(f"{kant}_groep").fill_null(pl.lit(GEEN_GROEP))
    return pl.when(categorie.is_null()).then(pl.lit(afwezig)).otherwise(waarde)


def stroom_tabel(stroom: pl.DataFrame, soort: str, alleen_met_groep: bool = False) -> pl.DataFrame:
    """The flows between node keys, in display order: van, naar, aantal (only non-empty flows).

    `soort` is 'categorie' or 'groep'. With `alleen_met_groep` (groups only) an address counts only if
    it has a group on at least one of the two peildata; the many addresses without one either time
    would otherwise dwarf the flows that matter.
    """
    if soort not in STROOM_SOORTEN:
        raise ValueError(f"unknown soort {soort!r}")
    flows = stroom.select(_knoop(soort, "van").alias("van"), _knoop(soort, "naar").alias("naar"), "aantal")
    if soort == "groep" and alleen_met_groep:
        zonder = (GEEN_GROEP, NIEUW, WEG)
        flows = flows.filter(~(pl.col("van").is_in(zonder) & pl.col("naar").is_in(zonder)))
    volgorde = {k: i for i, k in enumerate(knopen(soort))}
    return (
        flows.group_by("van", "naar")
        .agg(pl.col("aantal").sum())
        .filter(pl.col("aantal") > 0)
        .sort(pl.col("van").replace_strict(volgorde), pl.col("naar").replace_strict(volgorde))
    )


def knopen(soort: str) -> tuple[str, ...]:
    """The node keys of a flow in display order (top to bottom)."""
    midden = CATEGORIEEN if soort == "categorie" else (*GROEPEN, GEEN_GROEP)
    return (*midden, NIEUW, WEG)


def stroom_export(tabel: pl.DataFrame, van: date, naar: date) -> pl.DataFrame:
    """The flow table with Dutch headers and labels, for display and download."""
    return tabel.select(
        pl.col("van").replace_strict(KNOOP_LABELS).alias(f"Op {fmt.datum(van)}"),
        pl.col("naar").replace_strict(KNOOP_LABELS).alias(f"Op {fmt.datum(naar)}"),
        pl.col("aantal").alias("Adressen"),
    )
