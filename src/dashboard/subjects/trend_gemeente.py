"""Trend per gemeente: figure 1, groups A-F and the NCG phases per gemeente on every stored snapshot.

One code path per figure: each (peildatum, gemeente) is counted by `overzicht.adrescijfers`, the function
that gives the Overzicht (and the JSON and PDF reports) these figures for one snapshot, over that snapshot's
shared address frame with the gemeente as the filter. So a cell here reads exactly what the Overzicht shows
for that gemeente and peildatum (exact, or perturbed as the aggregate roles see the Overzicht). Plain
functions: frames and filter values in, polars frames out; the chart is figures.lijnen_per_gemeente.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import polars as pl

from dashboard.core import palet
from dashboard.core.domain import CATEGORIE_LABELS, CATEGORIEEN, GROEPEN, NCG_FASE_LABELS, NCG_FASEN
from dashboard.core.filters import Filters
from dashboard.subjects import overzicht

# What a series shows: the kind of count and its keys in display order.
SOORTEN: dict[str, str] = {
    "categorie": "Samenwerkingspotentieel",
    "groep": "Groepen A-F (beide lopend)",
    "fase": "NCG-fasen",
}
SLEUTELS: dict[str, tuple[str, ...]] = {"categorie": CATEGORIEEN, "groep": GROEPEN, "fase": NCG_FASEN}
LABELS: dict[str, dict[str, str]] = {
    "categorie": dict(CATEGORIE_LABELS),
    "groep": {g: f"Groep {g}" for g in GROEPEN},
    "fase": dict(NCG_FASE_LABELS),
}
KLEUREN: dict[str, dict[str, str]] = {
    "categorie": dict(palet.CATEGORIE_KLEUREN),
    "groep": dict(palet.GROEP_KLEUREN),
    "fase": dict(zip(NCG_FASEN, palet.REEKS_KLEUREN)),
}
SCHEMA = {"peildatum": pl.Date, "gemeente": pl.String, "soort": pl.String, "sleutel": pl.String, "aantal": pl.Int64}


def gemeenten(frames: Mapping[date, pl.DataFrame], filters: Filters) -> list[str]:
    """The gemeenten of the stored snapshots (any of them), or the sidebar's selection of them."""
    alle = sorted(set().union(*(set(f["gemeente"].drop_nulls().unique()) for f in frames.values()))) if frames else []
    return [g for g in alle if not filters.gemeenten or g in filters.gemeenten]


def exacte_cijfers(frame: pl.DataFrame, filters: Filters) -> tuple[overzicht.Adrescijfers, int]:
    """The exact figures of one snapshot and selection and its NCG addresses (kernteam, beheerder)."""
    cijfers = overzicht.adrescijfers(frame, filters)
    return cijfers, int(cijfers.categorieen["aantal"].sum())


def per_gemeente(
    frames: Mapping[date, pl.DataFrame],
    filters: Filters,
    cijfers: Callable[[pl.DataFrame, Filters], tuple[overzicht.Adrescijfers, int]] = exacte_cijfers,
) -> pl.DataFrame:
    """Per peildatum and gemeente, the NCG addresses (soort 'totaal'), the counts of figure 1 ('categorie'),
    groups A-F ('groep') and the NCG phases ('fase'), every key present (0 when empty): peildatum, gemeente,
    soort, sleutel, aantal.

    `frames` maps each stored peildatum to its address frame; the programma filter applies, the gemeente
    filter chooses the gemeenten. Each cell is what `cijfers` gives for that snapshot and gemeente: the
    Overzicht's own function, exact (`exacte_cijfers`) or as the aggregate roles see it
    (`verstoring.adrescijfers`, cell-key perturbation), so a cell reads what the Overzicht shows."""
    delen = []
    for p in sorted(frames):
        for g in gemeenten(frames, filters):
            c, totaal = cijfers(frames[p], Filters(p, (g,), filters.programmas))
            fasen = c.fasen.group_by("ncg_fase").agg(pl.col("aantal").sum())
            for soort, frame, kolom in (
                ("categorie", c.categorieen, "categorie"),
                ("groep", c.groepen, "groep"),
                ("fase", fasen, "ncg_fase"),
                ("totaal", pl.DataFrame({"t": [""], "aantal": [totaal]}), "t"),
            ):
                delen.append(
                    frame.select(
                        pl.lit(p, pl.Date).alias("peildatum"),
                        pl.lit(g).alias("gemeente"),
                        pl.lit(soort).alias("soort"),
                        pl.col(kolom).alias("sleutel"),
                        pl.col("aantal").cast(pl.Int64),
                    )
                )
    uit = pl.concat([pl.DataFrame(schema=SCHEMA), *delen])
    volgorde = {k: i for s in (*SLEUTELS.values(), ("",)) for i, k in enumerate(s)}
    return uit.sort("gemeente", "peildatum", "soort", pl.col("sleutel").replace_strict(volgorde, return_dtype=pl.Int64))


# ---------------------------------------------------------------- the table and the chart


def tabel(telling: pl.DataFrame) -> pl.DataFrame:
    """One row per gemeente and peildatum (gemeente, then oldest first), Dutch headers: the NCG addresses,
    the categories, the share without a claim, groups A-F and the NCG phases."""
    sleutel = pl.concat_str(pl.col("soort"), pl.lit(":"), pl.col("sleutel"))
    breed = (
        telling.with_columns(sleutel.alias("kolom"))
        .pivot(on="kolom", index=["gemeente", "peildatum"], values="aantal")
        .sort("gemeente", "peildatum")
    )
    kolommen = ["totaal:", *(f"{s}:{k}" for s, ks in SLEUTELS.items() for k in ks)]
    breed = breed.with_columns(pl.lit(None, pl.Int64).alias(k) for k in kolommen if k not in breed.columns)
    totaal = pl.col("totaal:")
    return breed.select(
        pl.col("gemeente").alias("Gemeente"),
        pl.col("peildatum").alias("Peildatum"),
        totaal.alias("NCG-adressen"),
        *(pl.col(f"categorie:{c}").alias(CATEGORIE_LABELS[c]) for c in CATEGORIEEN),
        pl.when(totaal > 0)
        .then((pl.col("categorie:geen_schademelding") / totaal * 100).round(1))
        .alias("Zonder schademelding (%)"),
        *(pl.col(f"groep:{g}").alias(f"Groep {g}") for g in GROEPEN),
        *(pl.col(f"fase:{f}").alias(NCG_FASE_LABELS[f]) for f in NCG_FASEN),
    )
