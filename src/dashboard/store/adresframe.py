"""The address table of one snapshot as an in-memory polars frame, and address selections as polars expressions.

The loader writes table `adres` once per snapshot; the app reads each snapshot's rows once
(queries/adres_snapshot.sql; from PostgreSQL Arrow-native through ADBC) into a frame
that every session shares, and filters and counts it in polars on each rerun. The database stays
the system of record. `selectie_expr` is the polars form of queries/fragments/selectie.sql: the
same conditions with the same treatment of nulls (a condition on a null value drops the row, as
SQL's WHERE does).

Functions of the address-level subjects (adressen, kaart, overzicht, trend, signalen) take a
`Bron`: a frame of this module, or a connection to read one from (the command line and tests).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from datetime import date

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dashboard.core.filters import Filters, Selectie
from dashboard.store import db

log = logging.getLogger(__name__)

QUERY = "adres_snapshot"

# The frame's columns and types, whatever the backend or reader hands back.
SCHEMA: dict[str, pl.DataType] = {
    "ncg_id": pl.String,
    "straat": pl.String,
    "huisnummer": pl.Int64,
    "huisletter": pl.String,
    "toevoeging": pl.String,
    "postcode": pl.String,
    "woonplaats": pl.String,
    "gemeente": pl.String,
    "lat": pl.Float64,
    "lon": pl.Float64,
    "ncg_fase": pl.String,
    "ncg_fase_nr": pl.Int64,
    "fase_sinds": pl.Date,
    "programma": pl.String,
    "categorie": pl.String,
    "img_fase": pl.String,
    "groep": pl.String,
    "aantal_lopend": pl.Int64,
    "urgent": pl.Boolean,
    "aos": pl.Boolean,
    "bijzondere_situatie": pl.Boolean,
    "toestemming": pl.Boolean,
    "img_toestemming": pl.Boolean,
    "img_lopend": pl.String,
    "buren_met_melding": pl.Int64,
    "h3_6": pl.String,
    "h3_7": pl.String,
    "h3_8": pl.String,
    "h3_9": pl.String,
    "sleutel": pl.Int64,  # record key for cell-key perturbation (dashboard.store.celsleutel)
}

# The frame's row order, that of the address lists: most advanced NCG phase first, then by gemeente, postcode,
# number and id (text by code point, as SQLite compares it, on every backend). Sorted once when read, so a
# filter keeps it and a rerun never sorts the addresses.
VOLGORDE = ("ncg_fase_nr", "gemeente", "postcode", "huisnummer", "ncg_id")
VOLGORDE_AFLOPEND = (True, False, False, False, False)

# A snapshot's address frame, or a connection to read it from.
Bron = Connection | pl.DataFrame


def frame(bron: Bron, peildatum: date) -> pl.DataFrame:
    """The address frame of `peildatum`: `bron` itself when it is one, else read through the connection."""
    return bron if isinstance(bron, pl.DataFrame) else lees(bron, peildatum)


def frames(bron: Connection | Mapping[date, pl.DataFrame], peildata: list[date]) -> dict[date, pl.DataFrame]:
    """The address frames of several snapshots, from a mapping of them or read through a connection."""
    if isinstance(bron, Mapping):
        return {p: bron[p] for p in peildata}
    return {p: lees(bron, p) for p in peildata}


def lees(conn: Connection, peildatum: date) -> pl.DataFrame:
    """One snapshot's address rows through an open connection (the DBAPI driver)."""
    return normaliseer(db.fetch(conn, QUERY, peildatum=peildatum))


def lees_url(url: str, peildatum: date) -> pl.DataFrame:
    """One snapshot's address rows from the database at `url`: Arrow-native through ADBC for PostgreSQL
    (adbc-driver-postgresql) unless DASHBOARD_ADBC is '0', else through the engine.

    SQLite is read through the sqlite3 driver: ADBC's SQLite driver carries its own copy of the SQLite
    library, and two copies in one process break each other's file locks (POSIX locks are per process;
    closing one copy's descriptor drops the other's locks), which showed as 'disk I/O error' in the tests."""
    if os.environ.get("DASHBOARD_ADBC", "1") != "0":
        try:
            gelezen = _adbc(url, peildatum)
        except Exception:  # noqa: BLE001 - any driver problem: the ordinary path gives the same rows
            log.warning("ADBC read of the address table failed; reading through the engine", exc_info=True)
            gelezen = None
        if gelezen is not None:
            return normaliseer(gelezen)
    with db.engine(url).connect() as conn:
        return lees(conn, peildatum)


def _adbc(url: str, peildatum: date) -> pl.DataFrame | None:
    """The snapshot read through ADBC's PostgreSQL driver, or None for another backend or without the driver."""
    u = sa.make_url(url)
    if u.get_backend_name() != "postgresql":
        return None
    try:
        import adbc_driver_postgresql.dbapi as adbc
    except ImportError:
        return None
    uri = u.set(drivername="postgresql").render_as_string(hide_password=False)
    sql = re.sub(db.BIND_PARAM, "$1", db.query(QUERY).code)
    with adbc.connect(uri) as conn, conn.cursor() as cur:
        cur.execute(sql, (peildatum,))
        return pl.from_arrow(cur.fetch_arrow_table())


def normaliseer(gelezen: pl.DataFrame) -> pl.DataFrame:
    """The frame in SCHEMA's columns and types, in VOLGORDE: SQLite's ISO date text and 0/1 flags,
    PostgreSQL's int32 and an empty result's untyped columns all become the same."""
    casts = []
    for naam, doel in SCHEMA.items():
        bron = gelezen.schema[naam]
        col = pl.col(naam)
        if bron == doel:
            casts.append(col)
        elif doel == pl.Date and bron in (pl.String, pl.Null):
            casts.append(col.cast(pl.String).str.to_date("%Y-%m-%d", strict=False))
        else:
            casts.append(col.cast(doel))
    return gelezen.select(casts).sort(VOLGORDE, descending=list(VOLGORDE_AFLOPEND), maintain_order=True)


def leeg() -> pl.DataFrame:
    """An address frame without rows."""
    return pl.DataFrame(schema=SCHEMA)


# ---------------------------------------------------------------- selections


def selectie_expr(filters: Filters | None = None, selectie: Selectie | None = None) -> pl.Expr:
    """The rows of a selection (filters.Selectie on top of the global filters' gemeente and programma),
    exactly as queries/fragments/selectie.sql selects them; the peildatum is the frame's."""
    s = selectie or Selectie()
    s.params()  # refuses unknown kenmerken, as the SQL form does
    voorwaarden: list[pl.Expr] = []
    if filters is not None and filters.gemeenten:
        voorwaarden.append(pl.col("gemeente").is_in(list(filters.gemeenten)))
    if filters is not None and filters.programmas:
        voorwaarden.append(pl.col("programma").is_in(list(filters.programmas)))
    if s.categorieen:
        voorwaarden.append(pl.col("categorie").is_in(list(s.categorieen)))
    if s.groepen:
        voorwaarden.append(pl.col("groep").is_in(list(s.groepen)))
    if s.cellen:
        cel = pl.concat_str(pl.col("ncg_fase"), pl.lit("|"), pl.col("img_fase"))  # null when img_fase is
        voorwaarden.append(cel.is_in(list(s.cellen)))
    voorwaarden.append(kenmerken_expr(s.kenmerken))
    if s.prioriteerbaar:
        voorwaarden.append(pl.col("img_fase").is_in(["melding", "opname"]))
    # Always, as in SQL: an address without a postcode is in no selection.
    voorwaarden.append(
        pl.col("postcode").str.slice(0, 4).is_between(pl.lit(s.pc4_van or "0000"), pl.lit(s.pc4_tot or "9999"))
    )
    if s.fase_sinds_voor is not None:
        voorwaarden.append(pl.col("fase_sinds") <= s.fase_sinds_voor)
    return pl.all_horizontal(voorwaarden)


def kenmerken_expr(kenmerken: tuple[str, ...]) -> pl.Expr:
    """The flags an address must have (filters.KENMERKEN), as selectie.sql tests them."""
    vlaggen = {"bijzonder": "bijzondere_situatie", "urgent": "urgent", "aos": "aos"}
    voorwaarden = [pl.lit(True), *(pl.col(kolom) for kenmerk, kolom in vlaggen.items() if kenmerk in kenmerken)]
    if "toestemming" in kenmerken:
        voorwaarden.append(pl.col("toestemming") | pl.col("img_toestemming"))
    return pl.all_horizontal(voorwaarden)


def filter_expr(filters: Filters) -> pl.Expr:
    """Only the global filters' gemeente and programma (the figures that count every address of the snapshot:
    figure 1, the phases, the phase matrix), as the queries with only those conditions select them."""
    voorwaarden = [pl.lit(True)]
    if filters.gemeenten:
        voorwaarden.append(pl.col("gemeente").is_in(list(filters.gemeenten)))
    if filters.programmas:
        voorwaarden.append(pl.col("programma").is_in(list(filters.programmas)))
    return pl.all_horizontal(voorwaarden)


def kies(adressen: pl.DataFrame, filters: Filters | None, selectie: Selectie | None = None) -> pl.DataFrame:
    """The rows of a selection."""
    return adressen.filter(selectie_expr(filters, selectie))
