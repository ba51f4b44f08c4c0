"""Dutch number and date formatting for the UI (babel, locale nl_NL).

Babel takes tens of microseconds per value and a chart labels hundreds of days: the formatters are memoised.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

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
