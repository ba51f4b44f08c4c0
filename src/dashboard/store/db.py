"""Engines, the schema and the stored queries in `queries/`.

Each SQL file holds one statement with a header naming its parameters; list
parameters (marked `name[]`) are bound as expanding parameters. Results come
back as polars frames. A line `-- include: NAME` takes the SQL of
queries/fragments/NAME.sql (its comment lines dropped, indented as the line):
conditions several queries share are written once.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from dashboard.core import config
from dashboard.store.schema import metadata

_PARAMS_HEADER = re.compile(r"^--\s*params:\s*(.*)$", re.MULTILINE)
# List parameters are all text (codes, names): typed, so an empty list renders valid SQL on PostgreSQL.
# A bind parameter: ':name' not preceded by ':' (PostgreSQL casts use '::').
BIND_PARAM = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    params: tuple[str, ...]
    lists: tuple[str, ...]

    def statement(self) -> sa.TextClause:
        stmt = sa.text(self.sql)
        if self.lists:
            stmt = stmt.bindparams(*(sa.bindparam(n, expanding=True, type_=sa.String) for n in self.lists))
        return stmt


def parse_query(name: str, text: str) -> Query:
    header = _PARAMS_HEADER.search(text)
    declared = [p.strip() for p in header.group(1).split(",") if p.strip()] if header else []
    if declared == ["none"]:
        declared = []
    params = tuple(p.removesuffix("[]") for p in declared)
    lists = tuple(p.removesuffix("[]") for p in declared if p.endswith("[]"))
    return Query(name=name, sql=text, params=params, lists=lists)


_INCLUDE = re.compile(r"^([ \t]*)--\s*include:\s*(\w+)[ \t]*$", re.MULTILINE)


def _fragment(match: re.Match) -> str:
    text = (config.queries_dir() / "fragments" / f"{match.group(2)}.sql").read_text(encoding="utf-8")
    return "\n".join(match.group(1) + line for line in text.splitlines() if line.strip() and not line.startswith("--"))


@cache
def query(name: str) -> Query:
    path = config.queries_dir() / f"{name}.sql"
    return parse_query(name, _INCLUDE.sub(_fragment, path.read_text(encoding="utf-8")))


def all_queries() -> list[Query]:
    return [query(p.stem) for p in sorted(config.queries_dir().glob("*.sql"))]


def used_params(sql: str) -> set[str]:
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return set(BIND_PARAM.findall(code))


def fetch(conn: Connection, name: str, **params: Any) -> pl.DataFrame:
    """Run a stored query with bound parameters and return the rows as a polars frame."""
    q = query(name)
    missing = set(q.params) - params.keys()
    if missing:
        raise TypeError(f"query {name} needs parameters {sorted(missing)}")
    result = conn.execute(q.statement(), {k: params[k] for k in q.params})
    try:
        # The driver's own rows (plain tuples), not SQLAlchemy's Row objects: text queries have no result
        # types to process, and building a Row per record cost as much as reading the records.
        cursor = result.cursor
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        result.close()
    return _typed(_frame(columns, rows))


def _frame(columns: list[str], rows: list[tuple]) -> pl.DataFrame:
    """A frame from DBAPI rows, built column by column with each column's type inferred from all its values
    (a column of ints and floats is Float64, an all-NULL column is Null), as polars' row-wise constructor does."""
    if len(set(columns)) != len(columns):
        raise ValueError(f"duplicate column names in a query result: {columns}")
    if not rows:
        return pl.DataFrame(schema={c: pl.Null for c in columns})
    return pl.DataFrame([pl.Series(c, values, strict=False) for c, values in zip(columns, zip(*rows))])


_DATE_COLUMN = re.compile(r"^(peildatum|fase_sinds|datum(_\w+)?|\w+_(van|tot))$")
_DATETIME_COLUMN = re.compile(r"^(geladen_op|geweigerd_op|tijdstip)$")
# The counts the queries return: an empty selection gives no rows (or a NULL sum) and SQLite no types, so
# these are typed as counts, never text (an all-NULL column would otherwise be String, and summing it fails).
_COUNT_COLUMN = re.compile(
    r"^(aantal(_\w+)?|adressen|gesprekken|verkeerd|warme_overdrachten|beide_lopend|geen_schademelding|gesloten"
    r"|groep_[a-f]|acties|aangeboden|gekozen|uitgevoerd|afgewezen|op_kaart|regels|eerste_regel)$"
)


_BOOLEAN_COLUMNS = {c.name for t in metadata.tables.values() for c in t.columns if isinstance(c.type, sa.Boolean)}


def _typed(frame: pl.DataFrame) -> pl.DataFrame:
    """SQLite hands dates back as text, booleans as 0/1 and all-empty columns untyped: give them the
    types PostgreSQL gives them."""
    casts = []
    for name, dtype in frame.schema.items():
        if dtype == pl.Null and _COUNT_COLUMN.match(name):
            casts.append(pl.col(name).cast(pl.Int64))
            continue
        col = pl.col(name).cast(pl.String) if dtype == pl.Null else pl.col(name)
        # A column named like a flag is a flag: queries name their counts aantal_* (and a 0/1 check guards).
        if name in _BOOLEAN_COLUMNS and (dtype == pl.Null or (dtype.is_integer() and frame[name].is_in([0, 1]).all())):
            casts.append(pl.col(name).cast(pl.Boolean))
        elif dtype in (pl.String, pl.Null) and _DATE_COLUMN.match(name):
            casts.append(col.str.to_date("%Y-%m-%d", strict=False))
        elif dtype in (pl.String, pl.Null) and _DATETIME_COLUMN.match(name):
            casts.append(col.str.to_datetime(strict=False))
        elif dtype == pl.Null:
            casts.append(col)
    return frame.with_columns(casts) if casts else frame


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def engine(url: str) -> Engine:
    """One engine (and connection pool) per URL for the process; SQLite files get their folder created."""
    with _engines_lock:
        if url not in _engines:
            if url.startswith("sqlite:///"):
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            eng = sa.create_engine(url, pool_pre_ping=True)
            if eng.dialect.name == "sqlite":
                sa.event.listen(eng, "connect", _sqlite_pragmas)
            _engines[url] = eng
        return _engines[url]


def dispose_engines() -> None:
    with _engines_lock:
        for eng in _engines.values():
            eng.dispose()
        _engines.clear()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("pragma foreign_keys = on")
    cur.execute("pragma journal_mode = wal")
    cur.close()


def create_schema(eng: Engine) -> None:
    metadata.create_all(eng)


def outdated_tables(eng: Engine) -> list[str]:
    """Tables that exist but lack columns of the current schema (written by an older version)."""
    inspector = sa.inspect(eng)
    present = set(inspector.get_table_names())
    return [
        table.name
        for table in metadata.sorted_tables
        if table.name in present
        and {c.name for c in table.columns} - {c["name"] for c in inspector.get_columns(table.name)}
    ]


def create_database(admin_url: str, name: str) -> str:
    """A new, empty PostgreSQL database `name`, made through a role that may CREATE DATABASE; its URL."""
    _as_admin(admin_url, "create database {}", name)
    return sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, name: str) -> None:
    """Drop PostgreSQL database `name` (if it exists), closing its connections."""
    dispose_engines()
    _as_admin(admin_url, "drop database if exists {} with (force)", name)


def _as_admin(admin_url: str, statement: str, name: str) -> None:
    # A database name is an identifier, which cannot be a bound parameter: the dialect quotes it.
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(statement.format(conn.dialect.identifier_preparer.quote_identifier(name)))
    finally:
        admin.dispose()


def drop_schema(eng: Engine) -> None:
    """Drop the tables of the schema, except the follow-up of signals (written by people, not by a load), which
    is dropped only when one of its own tables is outdated."""
    from dashboard.store.schema import OPVOLGING_TABELLEN

    opvolging = {t.name for t in OPVOLGING_TABELLEN}
    houden = opvolging if not opvolging & set(outdated_tables(eng)) else set()
    metadata.drop_all(eng, tables=[t for t in metadata.sorted_tables if t.name not in houden])


def stored_peildata(conn: Connection) -> list:
    return list(fetch(conn, "peildata")["peildatum"])
