"""Bulk inserts for the loader (COPY on PostgreSQL, plain-tuple executemany on SQLite), and the upkeep after.

SQLAlchemy's executemany of dicts spends most of a load passing each value through its type
processors (a scale-1 delivery took 20-30 s). These paths hand the driver the values the generic
path would store (on SQLite: dates as 'YYYY-MM-DD', timestamps as SQLAlchemy's
'YYYY-MM-DD HH:MM:SS.ffffff', booleans as 0/1), so the stored rows are the same, in a fraction of
the time. Other databases keep the generic path.

After a load, indexes the schema gained since the database was made are added, and the planner's
statistics refreshed: a freshly loaded snapshot otherwise gets plans made for an empty table.
"""

from __future__ import annotations

import polars as pl
import sqlalchemy as sa

_SQLITE_BATCH = 50_000
_VACUUMED = ("adres", "ncg_adres", "img_schademelding", "svip_verzoek", "ivr_gesprek", "samenwerking_actie")


def insert_rows(conn: sa.Connection, table: sa.Table, frame: pl.DataFrame) -> bool:
    """Insert `frame` (columns named after `table`'s) in bulk; False when this database has no bulk path."""
    if frame.is_empty():
        return True
    dialect = conn.dialect
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy(conn, table, frame)
        return True
    if dialect.name == "sqlite":
        _sqlite(conn, table, frame)
        return True
    return False


def _copy(conn: sa.Connection, table: sa.Table, frame: pl.DataFrame) -> None:
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    driver = conn.connection.driver_connection  # the psycopg connection, inside the load's transaction
    with driver.cursor() as cur, cur.copy(f'copy "{table.name}" ({columns}) from stdin') as copy:
        for row in frame.iter_rows():
            copy.write_row(row)


def _sqlite(conn: sa.Connection, table: sa.Table, frame: pl.DataFrame) -> None:
    stored = frame.with_columns(
        _as_sqlite_stores(table.c[name].type, name, dtype) for name, dtype in frame.schema.items()
    )
    placeholders = ", ".join("?" for _ in stored.columns)
    columns = ", ".join(f'"{c}"' for c in stored.columns)
    statement = f'insert into "{table.name}" ({columns}) values ({placeholders})'  # noqa: S608 (schema names, bound values)
    for offset in range(0, stored.height, _SQLITE_BATCH):
        conn.exec_driver_sql(statement, stored.slice(offset, _SQLITE_BATCH).rows())


def _as_sqlite_stores(sql_type: sa.types.TypeEngine, name: str, dtype: pl.DataType) -> pl.Expr:
    """The column as SQLAlchemy's SQLite type processors would bind it."""
    col = pl.col(name)
    if isinstance(sql_type, sa.DateTime) and isinstance(dtype, pl.Datetime):
        return col.dt.strftime("%Y-%m-%d %H:%M:%S.%6f")
    if isinstance(sql_type, sa.Date) and dtype == pl.Date:
        return col.dt.strftime("%Y-%m-%d")
    if isinstance(sql_type, sa.Boolean) and dtype == pl.Boolean:
        return col.cast(pl.Int64)
    return col


def after_load(engine: sa.Engine, metadata: sa.MetaData) -> None:
    """Create the schema's indexes a database made by an earlier version lacks; refresh planner statistics.

    PostgreSQL: VACUUM (ANALYZE) of the snapshot tables, outside the load's transaction, which also
    sets the visibility map that index-only scans need (a role that does not own a table gets a
    warning, not an error). SQLite: ANALYZE with a bounded sample.
    """
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            for index in table.indexes:
                index.create(conn, checkfirst=True)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("vacuum (analyze) " + ", ".join(f'"{t}"' for t in _VACUUMED))
    elif engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.exec_driver_sql("pragma analysis_limit = 1000")
            conn.exec_driver_sql("analyze")
