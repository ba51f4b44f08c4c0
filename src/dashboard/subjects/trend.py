"""Snapshots over time: figure 1 and groups A-F per peildatum, and how addresses moved between two snapshots.

Plain functions: the snapshots' address frames (dashboard.store.adresframe; or a connection to read them
from) and the global filters in, polars frames out. The counting (per peildatum, and the flows matched
on ncg_id, a join of two snapshot frames) happens in native polars.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl
from sqlalchemy.engine import Connection

from dashboard.core import fmt, privacy, tijdreeks
from dashboard.core.domain import CATEGORIE_LABELS, CATEGORIEEN, GROEPEN
from dashboard.core.filters import Filters
from dashboard.store import adresframe
from dashboard.store.db import stored_peildata

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


# ---------------------------------------------------------------- figure 1 and groups per peildatum


def trend(bron: Connection | Mapping[date, pl.DataFrame], filters: Filters) -> pl.DataFrame:
    """Addresses per peildatum, category and group (null unless beide_lopend): peildatum, categorie, groep, aantal.

    `bron` maps every stored peildatum to its address frame (or is a connection to read them all from)."""
    peildata = sorted(bron) if isinstance(bron, Mapping) else sorted(stored_peildata(bron))
    delen = [
        f.filter(adresframe.filter_expr(filters))
        .group_by("categorie", "groep")
        .agg(pl.len().cast(pl.Int64).alias("aantal"))
        .select(pl.lit(p, dtype=pl.Date).alias("peildatum"), "categorie", "groep", "aantal")
        for p, f in adresframe.frames(bron, peildata).items()
    ]
    leeg = pl.DataFrame(schema={"peildatum": pl.Date, "categorie": pl.String, "groep": pl.String, "aantal": pl.Int64})
    return pl.concat([leeg, *delen]).sort("peildatum", "categorie", "groep", nulls_last=False)


def categorieen(trend: pl.DataFrame) -> pl.DataFrame:
    """Per peildatum and category (all three, empty ones as 0): peildatum, categorie, label, aantal, aandeel,
    totaal (the peildatum's NCG addresses)."""
    per = trend.group_by("peildatum", "categorie").agg(pl.col("aantal").sum())
    return tijdreeks.aandelen_per_peildatum(per, "categorie", {c: CATEGORIE_LABELS[c] for c in CATEGORIEEN})


def groepen(trend: pl.DataFrame) -> pl.DataFrame:
    """The beide_lopend addresses per peildatum and group A-F (empty groups as 0): peildatum, groep, aantal."""
    peildata = sorted(set(trend["peildatum"]))
    per = trend.filter(pl.col("groep").is_not_null()).group_by("peildatum", "groep").agg(pl.col("aantal").sum())
    grid = pl.DataFrame(
        [(p, g) for p in peildata for g in GROEPEN], schema={"peildatum": pl.Date, "groep": pl.String}, orient="row"
    )
    return grid.join(per, on=["peildatum", "groep"], how="left").with_columns(pl.col("aantal").fill_null(0))


def tabel(categorieen: pl.DataFrame, groepen: pl.DataFrame, drempel: int = 5) -> pl.DataFrame:
    """One row per peildatum, oldest first, with Dutch headers: the addresses, the categories, the share
    without a claim and the groups A-F, from the frames the charts draw (the table under them and its downloads).
    After `onderdruk` (aggregate roles) the counts are text, a hidden one '<5', and a share is left empty where it
    would give a hidden count back."""
    wide = categorieen.pivot(on="categorie", index=["peildatum", "totaal"], values="aantal").sort("peildatum")
    aandeel = categorieen.filter(pl.col("categorie") == "geen_schademelding").select("peildatum", "aandeel")
    groups = groepen.pivot(on="groep", index="peildatum", values="aantal")
    # An empty selection pivots to no category or group columns at all.
    wide = wide.with_columns(
        pl.lit(None, dtype=categorieen.schema["aantal"]).alias(c) for c in CATEGORIEEN if c not in wide.columns
    )
    groups = groups.with_columns(
        pl.lit(None, dtype=groepen.schema["aantal"]).alias(g) for g in GROEPEN if g not in groups.columns
    )
    out = (
        wide.join(aandeel, on="peildatum", how="left")
        .join(groups, on="peildatum", how="left")
        .select(
            pl.col("peildatum").alias("Peildatum"),
            pl.col("totaal").alias("NCG-adressen"),
            *(pl.col(c).alias(CATEGORIE_LABELS[c]) for c in CATEGORIEEN),
            (pl.col("aandeel") * 100).round(1).alias("Zonder schademelding (%)"),
            *(pl.col(g).alias(f"Groep {g}") for g in GROEPEN),
        )
    )
    if "onderdrukt" not in categorieen.columns:
        return out
    return privacy.als_tekst(
        out, ["NCG-adressen", *(CATEGORIE_LABELS[c] for c in CATEGORIEEN), *(f"Groep {g}" for g in GROEPEN)], drempel
    )


def stroom(bron: Connection | Mapping[date, pl.DataFrame], filters: Filters, van: date, naar: date) -> pl.DataFrame:
    """Addresses per (category, group) at `van` and at `naar`, matched on ncg_id; null on the side where
    an address was not on the list. Columns: van_categorie, van_groep, naar_categorie, naar_groep, aantal.

    The filters judge an address by its record on the later of the two peildata where it is on the list."""
    frames = adresframe.frames(bron, [van, naar])
    kolommen = ("categorie", "groep", "gemeente", "programma")

    def kant(frame: pl.DataFrame, naam: str) -> pl.DataFrame:
        return frame.select("ncg_id", *(pl.col(k).alias(f"{naam}_{k}") for k in kolommen))

    paren = kant(frames[van], "van").join(kant(frames[naar], "naar"), on="ncg_id", how="full", coalesce=True)
    gemeente = pl.coalesce("naar_gemeente", "van_gemeente")
    programma = pl.coalesce("naar_programma", "van_programma")
    voorwaarden = [pl.lit(True)]
    if filters.gemeenten:
        voorwaarden.append(gemeente.is_in(list(filters.gemeenten)))
    if filters.programmas:
        voorwaarden.append(programma.is_in(list(filters.programmas)))
    sleutel = ["van_categorie", "van_groep", "naar_categorie", "naar_groep"]
    return (
        paren.filter(pl.all_horizontal(voorwaarden))
        .group_by(sleutel)
        .agg(pl.len().cast(pl.Int64).alias("aantal"))
        .sort(sleutel, nulls_last=False)
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


def stroom_export(tabel: pl.DataFrame, van: date, naar: date, drempel: int = 5) -> pl.DataFrame:
    """The flow table with Dutch headers and labels, for display and download; after `onderdruk_stroom`
    the counts are text, a hidden one '<5'."""
    out = tabel.select(
        pl.col("van").replace_strict(KNOOP_LABELS).alias(f"Op {fmt.datum(van)}"),
        pl.col("naar").replace_strict(KNOOP_LABELS).alias(f"Op {fmt.datum(naar)}"),
        pl.col("aantal").alias("Adressen"),
    )
    return privacy.als_tekst(out, ["Adressen"], drempel) if "onderdrukt" in tabel.columns else out


# ---------------------------------------------------------------- small-cell suppression of the flows


def stroom_totalen(tabel: pl.DataFrame) -> dict[tuple[str, str], int]:
    """The addresses per node of a flow: ('van', key) and ('naar', key) -> count, as the node labels show them."""
    totalen = {}
    for kant in ("van", "naar"):
        for knoop, n in tabel.group_by(kant).agg(pl.col("aantal").sum()).iter_rows():
            totalen[(kant, knoop)] = int(n)
    return totalen
