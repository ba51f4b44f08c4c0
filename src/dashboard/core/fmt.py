"""Dutch number and date formatting for the UI (babel, locale nl_NL).

Babel takes tens of microseconds per value and a chart labels hundreds of days: the formatters are memoised.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

import polars as pl
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

LOCALE = "nl_NL"
# Plotly's layout.separators: decimal mark first, then the thousands separator.
PLOTLY_SEPARATORS = ",."


@functools.lru_cache(maxsize=8192)
def getal(n: float | int | None) -> str:
    """26800 -> '26.800'."""
    return "–" if n is None else format_decimal(n, format="#,##0", locale=LOCALE)


@functools.lru_cache(maxsize=8192)
def decimaal(x: float | None, decimalen: int = 1) -> str:
    return "–" if x is None else format_decimal(x, format="#,##0." + "0" * decimalen, locale=LOCALE)


@functools.lru_cache(maxsize=8192)
def procent(fractie: float | None, decimalen: int = 1) -> str:
    """0.09728 -> '9,7%'."""
    if fractie is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * decimalen if decimalen else "") + "%"
    return format_percent(fractie, format=pattern, locale=LOCALE).replace("\xa0", "")


def aandeel(deel: int, totaal: int, decimalen: int = 1) -> str:
    return procent(deel / totaal if totaal else None, decimalen)


@functools.lru_cache(maxsize=8192)
def datum(d: date | datetime | None) -> str:
    """date(2021, 8, 31) -> '31-08-2021'."""
    if d is None:
        return "–"
    if isinstance(d, datetime):
        return format_datetime(d, "dd-MM-yyyy HH:mm", locale=LOCALE)
    return format_date(d, "dd-MM-yyyy", locale=LOCALE)


@functools.lru_cache(maxsize=8192)
def datum_lang(d: date) -> str:
    """date(2021, 8, 31) -> '31 augustus 2021'."""
    return format_date(d, "d MMMM yyyy", locale=LOCALE)


@functools.lru_cache(maxsize=8192)
def maand(d: date, kort: bool = False) -> str:
    """date(2021, 1, 1) -> 'januari 2021'; kort: 'jan 2021'."""
    return format_date(d, "LLL yyyy" if kort else "LLLL yyyy", locale=LOCALE)


# ---------------------------------------------------------------- the same formats as native polars expressions
# For whole columns on a rerun path: no per-row Python callback (polars' map_elements holds the GIL against
# other sessions' frame conversions and can deadlock a busy server). Each gives the same text as its
# babel counterpart above (tests/test_filters_fmt.py checks them value by value).

_MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _duizendtallen(cijfers: pl.Expr) -> pl.Expr:
    """'1234567' -> '1.234.567' (a string of digits, grouped by three from the right)."""
    return cijfers.str.reverse().str.extract_all(r"\d{1,3}").list.join(".").str.reverse()


def _met_teken(negatief: pl.Expr, tekst: pl.Expr, waarde: pl.Expr) -> pl.Expr:
    return (
        pl.when(waarde.is_null())
        .then(pl.lit("–"))
        .otherwise(pl.concat_str([pl.when(negatief).then(pl.lit("-")).otherwise(pl.lit("")), tekst]))
    )


def _kolom(waarde: pl.Expr | str) -> pl.Expr:
    return pl.col(waarde) if isinstance(waarde, str) else waarde


def _naam(resultaat: pl.Expr, waarde: pl.Expr | str) -> pl.Expr:
    """The result under the input column's name (an expression input keeps its own output name)."""
    return resultaat.alias(waarde) if isinstance(waarde, str) else resultaat.alias(waarde.meta.output_name())


def getal_expr(waarde: pl.Expr | str) -> pl.Expr:
    """getal() for a column: 26800 -> '26.800', null -> '–'."""
    e = _kolom(waarde)
    heel = e.cast(pl.Float64).round(0).abs().cast(pl.Int64)
    return _naam(_met_teken(e < 0, _duizendtallen(heel.cast(pl.String)), e), waarde)


def decimaal_expr(waarde: pl.Expr | str, decimalen: int = 1) -> pl.Expr:
    """decimaal() for a column: 1234.56 -> '1.234,6'."""
    e = _kolom(waarde)
    schaal = 10**decimalen
    geschaald = (e.cast(pl.Float64).round(decimalen).abs() * schaal).round(0).cast(pl.Int64)
    heel = _duizendtallen((geschaald // schaal).cast(pl.String))
    tekst = (
        pl.concat_str([heel, pl.lit(","), (geschaald % schaal).cast(pl.String).str.zfill(decimalen)])
        if decimalen
        else heel
    )
    return _naam(_met_teken(e < 0, tekst, e), waarde)


def procent_expr(fractie: pl.Expr | str, decimalen: int = 1) -> pl.Expr:
    """procent() for a column: 0.09728 -> '9,7%'."""
    e = _kolom(fractie)
    tekst = (
        pl.when(e.is_null())
        .then(pl.lit("–"))
        .otherwise(pl.concat_str([decimaal_expr(e * 100, decimalen), pl.lit("%")]))
    )
    return _naam(tekst, fractie)


def datum_expr(waarde: pl.Expr | str, dtype: pl.DataType | None = None) -> pl.Expr:
    """datum() for a Date or Datetime column: '31-08-2021' or '31-08-2021 14:05'; null -> '–'."""
    e = _kolom(waarde)
    patroon = "%d-%m-%Y %H:%M" if isinstance(dtype, pl.Datetime) else "%d-%m-%Y"
    return _naam(e.dt.strftime(patroon).fill_null("–"), waarde)


def maand_expr(waarde: pl.Expr | str, kort: bool = False) -> pl.Expr:
    """maand() for a Date column: 'januari 2021' (kort: 'jan 2021')."""
    e = _kolom(waarde)
    namen = _MAANDEN_KORT if kort else _MAANDEN
    naam = e.dt.month().replace_strict(dict(enumerate(namen, start=1)), return_dtype=pl.String)
    return _naam(pl.concat_str([naam, pl.lit(" "), e.dt.year().cast(pl.String)]), waarde)


def tekst_expr(naam: str, dtype: pl.DataType) -> pl.Expr:
    """A column of any of the types above as Dutch text: integers grouped, decimals with one decimal, dates."""
    if dtype == pl.Date or isinstance(dtype, pl.Datetime):
        return datum_expr(naam, dtype)
    if dtype.is_integer():
        return getal_expr(naam)
    return decimaal_expr(naam)
