"""Data quality for the beheerder: every load with its files and rejects, and how well claims link.

Plain functions: a connection in, polars frames out. The load log and its rejects are written by
the loader (schema.laadlog, schema.laadlog_afwijzing); counting happens in SQL.
"""

from __future__ import annotations

import json

import polars as pl
from sqlalchemy.engine import Connection

from dashboard.core import fmt, tijdreeks
from dashboard.core.domain import BESTANDEN
from dashboard.store.db import fetch

# How a claim was linked to an NCG address at load time (img_schademelding.koppeling; null: not linked).
KOPPELINGEN: dict[str, str] = {
    "bag_id": "Op BAG-id",
    "adres": "Op adres",
    "geen": "Niet gekoppeld",
}


def laadlog(conn: Connection) -> pl.DataFrame:
    """Every load, newest first: load_id, peildatum, geladen_op, bron, bestanden (JSON), rijen_geladen,
    rijen_afgewezen, actueel (the load its snapshot holds now)."""
    return fetch(conn, "laadlog")


def laadlog_tabel(laadlog: pl.DataFrame) -> pl.DataFrame:
    """The load log with Dutch headers, for display and download."""
    return laadlog.select(
        pl.col("load_id").alias("Lading"),
        pl.col("peildatum").alias("Peildatum"),
        fmt.datum_expr("geladen_op", laadlog.schema["geladen_op"]).alias("Geladen op"),
        pl.col("bron").alias("Bron"),
        pl.col("rijen_geladen").alias("Rijen geladen"),
        pl.col("rijen_afgewezen").alias("Rijen afgewezen"),
        pl.when(pl.col("actueel")).then(pl.lit("ja")).otherwise(pl.lit("nee, vervangen")).alias("In gebruik"),
    )


def weigeringen(conn: Connection) -> pl.DataFrame:
    """Deliveries the loader refused (loader.bewaking), newest first, with Dutch headers; the reasons one per line."""
    return fetch(conn, "laadweigeringen").select(
        fmt.datum_expr(pl.col("geweigerd_op"), pl.Datetime()).alias("Geweigerd op"),
        pl.col("peildatum").alias("Peildatum"),
        pl.col("bron").alias("Bron"),
        pl.col("reden").alias("Reden"),
        pl.col("rijen_gelezen").alias("Rijen gelezen"),
        pl.col("rijen_afgewezen").alias("Rijen afgewezen"),
    )


def lading_naam(rij: dict) -> str:
    """'Lading 3 · peildatum 31-08-2021 · geladen 25-11-2025 16:02' for a row of `laadlog`."""
    return f"Lading {rij['load_id']} · peildatum {fmt.datum(rij['peildatum'])} · geladen {fmt.datum(rij['geladen_op'])}"


def bestanden(laadlog: pl.DataFrame, load_id: int) -> pl.DataFrame:
    """Per file of one load: its name, format and rows read, loaded and rejected (from the load log's JSON),
    in the contract's file order."""
    rij = laadlog.filter(pl.col("load_id") == load_id)
    files = json.loads(rij["bestanden"][0]) if rij.height else []
    volgorde = {naam: i for i, naam in enumerate(BESTANDEN)}
    files.sort(key=lambda f: volgorde.get(f.get("naam"), len(volgorde)))
    return pl.DataFrame(
        {
            "Bestand": [f["bestand"] for f in files],
            "Formaat": [f["formaat"].upper() for f in files],
            "Rijen gelezen": [f["gelezen"] for f in files],
            "Rijen geladen": [f["geladen"] for f in files],
            "Rijen afgewezen": [f["afgewezen_rijen"] for f in files],
        },
        schema={
            "Bestand": pl.String,
            "Formaat": pl.String,
            "Rijen gelezen": pl.Int64,
            "Rijen geladen": pl.Int64,
            "Rijen afgewezen": pl.Int64,
        },
    )


def afwijzingen_per_reden(conn: Connection, load_id: int) -> pl.DataFrame:
    """The rejected values of one load per file, column and reason, with Dutch headers."""
    return fetch(conn, "afwijzingen_per_reden", load_id=load_id).select(
        pl.col("bestand").alias("Bestand"),
        pl.col("kolom").alias("Kolom"),
        pl.col("reden").alias("Reden"),
        pl.col("aantal").cast(pl.Int64).alias("Afgewezen waarden"),
        pl.col("regels").cast(pl.Int64).alias("Rijen"),
        pl.col("eerste_regel").cast(pl.Int64).alias("Eerste regel"),
    )


def afwijzingen(conn: Connection, load_id: int) -> pl.DataFrame:
    """Every rejected value of one load (file, line, column, value, reason), with Dutch headers, for download."""
    return fetch(conn, "afwijzingen", load_id=load_id).select(
        pl.col("bestand").alias("Bestand"),
        pl.col("regel").cast(pl.Int64).alias("Regel"),
        pl.col("kolom").alias("Kolom"),
        pl.col("waarde").cast(pl.String).alias("Waarde"),
        pl.col("reden").alias("Reden"),
    )


def koppeling(conn: Connection) -> pl.DataFrame:
    """Claims per peildatum and link (all three, empty as 0): peildatum, koppeling, label, aantal, aandeel."""
    per = fetch(conn, "koppeling_per_peildatum").with_columns(pl.col("koppeling").fill_null("geen"))
    return tijdreeks.aandelen_per_peildatum(per, "koppeling", KOPPELINGEN).drop("totaal")


def koppeling_tabel(koppeling: pl.DataFrame) -> pl.DataFrame:
    """One row per peildatum, oldest first: claims in total, per link and the share linked to an NCG address."""
    wide = koppeling.pivot(on="koppeling", index="peildatum", values="aantal").sort("peildatum")
    totaal = sum(pl.col(k) for k in KOPPELINGEN)
    return wide.select(
        pl.col("peildatum").alias("Peildatum"),
        totaal.alias("Schademeldingen"),
        *(pl.col(k).alias(v) for k, v in KOPPELINGEN.items()),
        ((pl.col("bag_id") + pl.col("adres")) / totaal * 100).round(1).alias("Gekoppeld (%)"),
    )
