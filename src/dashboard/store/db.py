"""Engines, the schema and the stored queries in `queries/`.

Each SQL file holds one statement with a header naming its parameters (`-- params:`) and its result's
columns with their types (`-- kolommen: peildatum date, aantal int`); list parameters (marked `name[]`)
are bound as expanding parameters. A line `-- include: NAME` takes the SQL of queries/fragments/NAME.sql
(its comment lines dropped, indented as the line; a fragment may include another): conditions several
queries share are written once.

The header is checked against the SQL both ways when a query is read (a parameter declared but not used,
or used but not declared, is an error), and `fetch` checks the parameters it is given the same way (a
misspelt or missing one is an error) and returns the columns the header declares, in the declared types
on every backend (SQLite hands back dates as text, flags as 0/1 and an empty result untyped).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from dashboard.core import config
from dashboard.store.schema import metadata

_PARAMS_HEADER = re.compile(r"^--\s*params:\s*(.*)$", re.MULTILINE)
# The columns may go on over the next comment lines that start with at least two spaces.
_KOLOMMEN_HEADER = re.compile(r"^--\s*kolommen:\s*(.*(?:\n--\s{2,}\S.*)*)$", re.MULTILINE)
# List parameters are all text (codes, names): typed, so an empty list renders valid SQL on PostgreSQL.
# A bind parameter: ':name' not preceded by ':' (PostgreSQL casts use '::').
BIND_PARAM = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")

# The column types a query may declare, and the polars type each becomes.
TYPEN: dict[str, pl.DataType] = {
    "text": pl.String(),
    "int": pl.Int64(),
    "float": pl.Float64(),
    "bool": pl.Boolean(),
    "date": pl.Date(),
    "datetime": pl.Datetime("us"),
}


class QueryError(ValueError):
    """A stored query whose header does not match its SQL, or a call that does not match its header."""


@dataclass(frozen=True)
class Query:
    name: str
    sql: str  # the text with its fragments included, comments and all
    params: tuple[str, ...]
    lists: tuple[str, ...]
    kolommen: tuple[tuple[str, str], ...] = ()  # (column, type) as the header declares them

    @cached_property
    def code(self) -> str:
        """The statement without its comments: what is sent to the database."""
        return strip_comments(self.sql)

    def statement(self) -> sa.TextClause:
        stmt = sa.text(self.code)
        if self.lists:
            stmt = stmt.bindparams(*(sa.bindparam(n, expanding=True, type_=sa.String) for n in self.lists))
        return stmt

    def schema(self) -> dict[str, pl.DataType]:
        return {k: TYPEN[t] for k, t in self.kolommen}


def parse_query(name: str, text: str) -> Query:
    """A query from its text (fragments already included); QueryError when its header does not match its SQL."""
    header = _PARAMS_HEADER.search(text)
    declared = [p.strip() for p in header.group(1).split(",") if p.strip()] if header else []
    if declared == ["none"]:
        declared = []
    params = tuple(p.removesuffix("[]") for p in declared)
    lists = tuple(p.removesuffix("[]") for p in declared if p.endswith("[]"))
    gebruikt = used_params(text)
    if len(set(params)) != len(params) or set(params) != gebruikt:
        raise QueryError(
            f"query {name}: the header declares parameters {sorted(set(params) - gebruikt)} it does not use "
            f"and uses {sorted(gebruikt - set(params))} it does not declare"
            + (" (one declared twice)" if len(set(params)) != len(params) else "")
        )
    return Query(name=name, sql=text, params=params, lists=lists, kolommen=_kolommen(name, text))


def _kolommen(name: str, text: str) -> tuple[tuple[str, str], ...]:
    header = _KOLOMMEN_HEADER.search(text)
    if not header:
        return ()
    out = []
    for item in re.sub(r"\n--\s*", " ", header.group(1)).split(","):
        parts = item.split()
        if len(parts) != 2 or parts[1] not in TYPEN:
            raise QueryError(
                f"query {name}: kolommen wants 'name type' pairs with a type of {sorted(TYPEN)}, not {item.strip()!r}"
            )
        out.append((parts[0], parts[1]))
    if len({k for k, _ in out}) != len(out):
        raise QueryError(f"query {name}: a column is declared twice")
    return tuple(out)


_INCLUDE = re.compile(r"^([ \t]*)--\s*include:\s*(\w+)[ \t]*$", re.MULTILINE)


def _fragment(match: re.Match) -> str:
    text = (config.queries_dir() / "fragments" / f"{match.group(2)}.sql").read_text(encoding="utf-8")
    text = _INCLUDE.sub(_fragment, text)  # a fragment may include another
    return "\n".join(
        match.group(1) + line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("--")
    )


def include_fragments(text: str) -> str:
    """The text with every `-- include: NAME` line replaced by the fragment's SQL."""
    return _INCLUDE.sub(_fragment, text)


@cache
def query(name: str) -> Query:
    path = config.queries_dir() / f"{name}.sql"
    return parse_query(name, include_fragments(path.read_text(encoding="utf-8")))


def strip_comments(sql: str) -> str:
    """The SQL without its comments (`-- ...` to the end of the line, `/* ... */`), leaving string literals
    ('it''s -- not a comment') and quoted identifiers whole."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":
            j = i + 1
            while j < n:
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:  # a doubled quote stands for one
                        j += 2
                        continue
                    break
                j += 1
            out.append(sql[i : j + 1])
            i = j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j  # keep the line break
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            out.append(" ")
            i = n if j < 0 else j + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def used_params(sql: str) -> set[str]:
    """The bound parameters the SQL uses outside its comments (a `--` inside a string literal is no comment)."""
    return set(BIND_PARAM.findall(strip_comments(sql)))


def fetch(conn: Connection, name: str, **params: Any) -> pl.DataFrame:
    """Run a stored query with bound parameters and return the rows as a polars frame in the declared types.

    The parameters must be exactly those the query declares: a missing or unknown one is a TypeError."""
    q = query(name)
    missing = set(q.params) - params.keys()
    if missing:
        raise TypeError(f"query {name} needs parameters {sorted(missing)}")
    unknown = params.keys() - set(q.params)
    if unknown:
        raise TypeError(f"query {name} takes no parameters {sorted(unknown)} (it takes {sorted(q.params)})")
    if not q.kolommen:
        raise QueryError(f"query {name} declares no result columns (a header line '-- kolommen: name type, ...')")
    result = conn.execute(q.statement(), params)
    try:
        # The driver's own rows (plain tuples), not SQLAlchemy's Row objects: text queries have no result
        # types to process, and building a Row per record cost as much as reading the records.
        cursor = result.cursor
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        result.close()
    return typed(q, _frame(columns, rows))


def _frame(columns: list[str], rows: list[tuple]) -> pl.DataFrame:
    """A frame from DBAPI rows, built column by column with each column's type inferred from all its values
    (a column of ints and floats is Float64, an all-NULL column is Null), as polars' row-wise constructor does."""
    if len(set(columns)) != len(columns):
        raise ValueError(f"duplicate column names in a query result: {columns}")
    if not rows:
        return pl.DataFrame(schema=dict.fromkeys(columns, pl.Null))
    return pl.DataFrame([pl.Series(c, values, strict=False) for c, values in zip(columns, zip(*rows))])


def typed(q: Query, frame: pl.DataFrame) -> pl.DataFrame:
    """The result in the columns and types the query declares, alike on every backend: SQLite's ISO date and
    time text, 0/1 flags and an empty result's untyped columns become dates, times, booleans and typed columns.
    A result whose columns differ from the declaration is a QueryError."""
    if list(frame.columns) != [k for k, _ in q.kolommen]:
        raise QueryError(f"query {q.name} returned columns {frame.columns}, declared {[k for k, _ in q.kolommen]}")
    casts = []
    for naam, soort in q.kolommen:
        doel, bron, col = TYPEN[soort], frame.schema[naam], pl.col(naam)
        if bron == doel:
            continue
        if soort == "date" and bron in (pl.String, pl.Null):
            casts.append(col.cast(pl.String).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False))
        elif soort == "date" and isinstance(bron, pl.Datetime):
            casts.append(col.dt.date())
        elif soort == "datetime" and bron in (pl.String, pl.Null):
            casts.append(col.cast(pl.String).str.to_datetime(strict=False, time_unit="us"))
        else:
            casts.append(col.cast(doel))
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
