"""The pure pieces: filter parameters and URL form, Dutch formatting."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dashboard import fmt
from dashboard.filters import BEGIN, EIND, Filters, from_query_params, window

PEILDATA = [date(2020, 10, 31), date(2021, 8, 31)]
GEMEENTEN = ["Eemsdelta", "Groningen", "Oldambt"]
PROGRAMMAS = ["regulier", "koploper"]


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(date(2021, 8, 31)),
     {"peildatum": date(2021, 8, 31), "alle_gemeenten": 1, "gemeenten": [], "alle_programmas": 1, "programmas": []}),
    (Filters(date(2021, 8, 31), ("Groningen", "Oldambt"), ("koploper",)),
     {"peildatum": date(2021, 8, 31), "alle_gemeenten": 0, "gemeenten": ["Groningen", "Oldambt"],
      "alle_programmas": 0, "programmas": ["koploper"]}),
])
def test_bound_parameters(filters, expected):
    assert filters.params() == expected


@pytest.mark.parametrize(("query", "expected"), [
    ({}, Filters(date(2021, 8, 31))),
    ({"peildatum": ["2020-10-31"]}, Filters(date(2020, 10, 31))),
    ({"peildatum": ["2019-01-01"]}, Filters(date(2021, 8, 31))),
    ({"gemeente": ["Oldambt", "Groningen", "Atlantis"]}, Filters(date(2021, 8, 31), ("Groningen", "Oldambt"))),
    ({"programma": ["koploper", "koploper"]}, Filters(date(2021, 8, 31), (), ("koploper",))),
])
def test_from_query_params(query, expected):
    assert from_query_params(query, PEILDATA, GEMEENTEN, PROGRAMMAS) == expected


def test_url_round_trip():
    filters = Filters(date(2020, 10, 31), ("Eemsdelta", "Groningen"), ("regulier",))
    url = {k: v if isinstance(v, list) else [v] for k, v in filters.to_query_params().items()}
    assert from_query_params(url, PEILDATA, GEMEENTEN, PROGRAMMAS) == filters
    assert Filters(date(2021, 8, 31)).to_query_params() == {"peildatum": "2021-08-31"}


def test_window_defaults_to_everything():
    assert window(None, None) == {"van": BEGIN, "tot": EIND}
    assert window(date(2021, 1, 1), None) == {"van": date(2021, 1, 1), "tot": EIND}


@pytest.mark.parametrize(("value", "text"), [
    (fmt.getal(26800), "26.800"),
    (fmt.getal(57352), "57.352"),
    (fmt.getal(0), "0"),
    (fmt.procent(634 / 6517), "9,7%"),
    (fmt.procent(745 / 57352), "1,3%"),
    (fmt.procent(17700 / 26800, 0), "66%"),
    (fmt.aandeel(1, 0), "–"),
    (fmt.decimaal(12.346, 2), "12,35"),
    (fmt.datum(date(2021, 8, 31)), "31-08-2021"),
    (fmt.datum(datetime(2021, 7, 1, 9, 5)), "01-07-2021 09:05"),
    (fmt.datum_lang(date(2021, 8, 31)), "31 augustus 2021"),
])
def test_dutch_formatting(value, text):
    assert value == text
