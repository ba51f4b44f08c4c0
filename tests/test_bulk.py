"""The loader's bulk inserts store exactly what SQLAlchemy's generic insert stores, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import sqlalchemy as sa

from dashboard.store import db, schema
from dashboard.store.loader import bulk

PEILDATUM = date(2021, 8, 31)


def _calls() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "peildatum": [PEILDATUM] * 4,
            "gesprek_id": ["G-1", "G-2", "G-3", "G-4"],
            "tijdstip": [
                datetime(2021, 1, 4, 9, 5, 7),
                datetime(2021, 1, 4, 23, 59, 59, 123456),
                datetime(2021, 6, 30, 0, 0),
                datetime(2021, 2, 1, 12, 30, 1, 5),
            ],
            "datum": [date(2021, 1, 4), date(2021, 1, 4), date(2021, 6, 30), date(2021, 2, 1)],
            "uur": [9, 23, 0, 12],
            "weekdag": [0, 0, 2, 0],
            "lijn": ["IMG", "NCG", "IMG", "NCG"],
            "menukeuze": ["schade", "versterking", "geen", "overig"],
            "onderwerp": ["schade", None, "t\tb\\s", 'n\nl, "q"'],  # String(12): COPY's escapes
            "warme_overdracht": [True, None, False, True],
            "verkeerd_gekozen": [False, True, False, True],
        }
    )


def _stored(url: str) -> list[tuple]:
    """The rows as the database holds them (on SQLite with each value's storage class)."""
    cols = [c.name for c in schema.ivr_gesprek.columns]
    with db.engine(url).connect() as conn:
        if conn.dialect.name == "sqlite":
            select = ", ".join(f'"{c}", typeof("{c}")' for c in cols)
            sql = f"select {select} from ivr_gesprek order by gesprek_id"  # noqa: S608 (the test's own columns)
            return conn.exec_driver_sql(sql).fetchall()
        return conn.execute(sa.select(*schema.ivr_gesprek.columns).order_by("gesprek_id")).fetchall()


def test_bulk_insert_stores_what_the_generic_insert_stores(new_database):
    generic, fast = new_database(), new_database()
    frame = _calls()
    for url in (generic, fast):
        db.create_schema(db.engine(url))
    with db.engine(generic).begin() as conn:
        conn.execute(schema.ivr_gesprek.insert(), frame.to_dicts())
    with db.engine(fast).begin() as conn:
        assert bulk.insert_rows(conn, schema.ivr_gesprek, frame)
    assert _stored(fast) == _stored(generic)
    assert len(_stored(fast)) == 4


def test_after_load_adds_the_indexes_a_database_lacks(new_database):
    url = new_database()
    eng = db.engine(url)
    db.create_schema(eng)
    with eng.begin() as conn:
        conn.execute(sa.text("drop index ix_adres_telling"))
    bulk.after_load(eng, schema.metadata)
    assert "ix_adres_telling" in {ix["name"] for ix in sa.inspect(eng).get_indexes("adres")}
