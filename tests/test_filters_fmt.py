"""The pure pieces: filter parameters and URL form, Dutch formatting."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dashboard.core import fmt
from dashboard.core.filters import BEGIN, EIND, Filters, from_query_params, window

PEILDATA = [date(2020, 10, 31), date(2021, 8, 31)]
GEMEENTEN = ["Eemsdelta", "Groningen", "Oldambt"]
PROGRAMMAS = ["regulier", "koploper"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            Filters(date(2021, 8, 31)),
            {
                "peildatum": date(2021, 8, 31),
                "alle_gemeenten": 1,
                "gemeenten": [],
                "alle_programmas": 1,
                "programmas": [],
            },
        ),
        (
            Filters(date(2021, 8, 31), ("Groningen", "Oldambt"), ("koploper",)),
            {
                "peildatum": date(2021, 8, 31),
                "alle_gemeenten": 0,
                "gemeenten": ["Groningen", "Oldambt"],
                "alle_programmas": 0,
                "programmas": ["koploper"],
            },
        ),
    ],
)
def test_bound_parameters(filters, expected):
    assert filters.params() == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, Filters(date(2021, 8, 31))),
        ({"peildatum": ["2020-10-31"]}, Filters(date(2020, 10, 31))),
        ({"peildatum": ["2019-01-01"]}, Filters(date(2021, 8, 31))),
        ({"gemeente": ["Oldambt", "Groningen", "Atlantis"]}, Filters(date(2021, 8, 31), ("Groningen", "Oldambt"))),
        ({"programma": ["koploper", "koploper"]}, Filters(date(2021, 8, 31), (), ("koploper",))),
    ],
)
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


@pytest.mark.parametrize(
    ("value", "text"),
    [
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
    ],
)
def test_dutch_formatting(value, text):
    assert value == text


def test_native_formats_match_babel_value_by_value():
    """The polars expressions that format whole columns give the same text as the babel formatters."""
    import random

    import polars as pl

    rnd = random.Random(7)
    ints = [0, 1, -1, 999, 1000, -1000, 26800, 1234567, 10**12, None] + [
        rnd.randint(-(10**9), 10**9) for _ in range(300)
    ]
    floats = [0.0, 2.25, 2.35, -0.04, 1234.56, 0.05, 0.15, 9.7283, None] + [rnd.uniform(-1e6, 1e6) for _ in range(300)]
    fracties = [0.09728, 0.01298, 0.0005, 1.0, None] + [rnd.random() for _ in range(300)]
    dagen = [date(2021, m, d) for m in range(1, 13) for d in (1, 28)]
    frame = pl.DataFrame({"i": ints}).with_columns(pl.col("i").cast(pl.Int64))
    assert frame.select(fmt.getal_expr("i"))["i"].to_list() == [fmt.getal(v) for v in ints]
    f = pl.DataFrame({"x": floats})
    assert f.select(fmt.decimaal_expr("x"))["x"].to_list() == [fmt.decimaal(v) for v in floats]
    p = pl.DataFrame({"p": fracties})
    assert p.select(fmt.procent_expr("p"))["p"].to_list() == [fmt.procent(v) for v in fracties]
    d = pl.DataFrame({"d": dagen})
    assert d.select(fmt.datum_expr("d"))["d"].to_list() == [fmt.datum(v) for v in dagen]
    assert d.select(fmt.maand_expr("d"))["d"].to_list() == [fmt.maand(v) for v in dagen]
    assert d.select(fmt.maand_expr("d", kort=True))["d"].to_list() == [fmt.maand(v, True) for v in dagen]


def test_no_per_row_python_callbacks_in_the_runtime():
    """map_elements holds the GIL while other sessions convert frames: a busy server deadlocks (issue 14)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = [*root.joinpath("src", "dashboard").rglob("*.py"), *root.joinpath("pages").glob("*.py"), root / "app.py"]
    offenders = [
        str(f.relative_to(root))
        for f in files
        if "generate" not in f.name and any(w in f.read_text() for w in (".map_elements(", ".map_batches(", ".apply("))
    ]
    assert offenders == []
