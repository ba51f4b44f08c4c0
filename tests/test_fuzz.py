"""Property-based fuzzing of the loader (Hypothesis): rows inside the contract always load, rows outside it
always reject with a reason on their own physical line, and no delivery makes the loader raise anything but
its Dutch DeliveryError. Bounded (a few dozen small deliveries per property) so the file runs in seconds."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import PEILDATUM
from dashboard.store import db, loader
from dashboard.store.loader import DeliveryError, RefusedDelivery

KOLOMMEN = [
    "ncg_id",
    "peildatum",
    "postcode",
    "huisnummer",
    "huisletter",
    "toevoeging",
    "bag_id",
    "straat",
    "woonplaats",
    "gemeente",
    "lat",
    "lon",
    "fase",
    "fase_sinds",
    "programma",
    "risicoprofiel",
    "bijzondere_situatie",
    "toestemming",
]
IMG = {
    "img_id": "I1",
    "peildatum": PEILDATUM,
    "postcode": "9711AA",
    "huisnummer": "1",
    "schadesoort": "aos",
    "fase": "melding",
    "datum_melding": "2021-01-04",
}

# Any text but NUL and surrogates: quotes, both delimiters, line breaks of every kind, markdown, formulas, emoji.
vrije_tekst = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
vijandig = st.sampled_from(
    [
        '"',
        '""',
        '"a"b',
        ";",
        ",",
        "\n",
        "\r\n",
        "\r",
        "=1+1",
        "![x](http://h/x.png)",
        "\ufeff",
        " ",
        "\t",
        "ç",
        "🏠",
        "\\",
        "'",
        "NULL",
        "\x85",
    ]
)
tekst = st.one_of(vrije_tekst, st.lists(vijandig, max_size=5).map("".join))


@st.composite
def geldige_rij(draw, k: int) -> dict[str, str]:
    """A row inside the contract; k makes its id and address unique within the delivery."""
    nummer = draw(st.sampled_from(["", "a", " B", "-2", "/x1"]))
    rij = {
        "ncg_id": f"N{k}" + draw(st.text("abcXYZ-_.09", max_size=10)),
        "peildatum": draw(st.sampled_from([PEILDATUM, "31-08-2021"])),
        "postcode": draw(st.sampled_from(["9711 aa", "9711AA", " 9711aa "])),
        "huisnummer": f"{k + 1}{nummer}",
        "huisletter": "",
        "toevoeging": "",
        "bag_id": "",
        "straat": draw(tekst),
        "woonplaats": draw(tekst),
        "gemeente": "G" + draw(tekst),
        "lat": "",
        "lon": "",
        "fase": draw(st.sampled_from(["1", "6", "opname", " Planvorming ", "AFGEROND"])),
        "fase_sinds": draw(st.sampled_from(["", "2020-01-31", "01-02-2021"])),
        "programma": draw(st.sampled_from(["", "koploper", "Regulier"])),
        "risicoprofiel": draw(tekst),
        "bijzondere_situatie": draw(st.sampled_from(["", "ja", "N", "true", "0"])),
        "toestemming": draw(st.sampled_from(["", "yes", "nee"])),
    }
    if draw(st.booleans()):
        rij["lat"], rij["lon"] = "53.2", "6.5"
    return rij


# One way to break the contract each; the row is then rejected (whatever else it carries).
BREUKEN = {
    "postcode": ["12345", "0711AA", "9711A"],
    "huisnummer": ["abc", "0", "100000", "-5"],
    "fase": ["zeven", "7", "0"],
    "gemeente": ["", "   ", "Gron\x00ingen"],
    "peildatum": ["2021-13-45", "gisteren"],
    "bag_id": ["123", "00142000000000011"],
    "programma": ["onbekend"],
    "lat": ["91"],
    "fase_sinds": ["2022-01-01", "morgen"],
    "ncg_id": ["", "x" * 65],
    "straat": ["met\x00nul"],
    "toestemming": ["misschien"],
}


@st.composite
def ongeldige_rij(draw, k: int) -> dict[str, str]:
    rij = draw(geldige_rij(k))
    kolom = draw(st.sampled_from(sorted(BREUKEN)))
    waarde = draw(st.sampled_from(BREUKEN[kolom]))
    rij[kolom] = f"N{k}" + waarde if kolom == "ncg_id" and waarde else waarde
    if kolom == "lat":
        rij["lon"] = "6.5"
    return rij


@st.composite
def levering(draw):
    """Rows inside and outside the contract, at least one inside (the delivery's peildatum comes from them)."""
    n = draw(st.integers(1, 10))
    soorten = draw(st.lists(st.booleans(), min_size=n, max_size=n).filter(any))
    rijen = [draw(geldige_rij(k)) if goed else draw(ongeldige_rij(k)) for k, goed in enumerate(soorten)]
    formaat = draw(st.sampled_from(["csv,", "csv;", "parquet"]))
    return rijen, soorten, formaat


def schrijf(map: Path, rijen: list[dict[str, str]], formaat: str) -> list[int]:
    """Write the delivery; the line (CSV, after quoted line breaks) or row number (Parquet) of each row."""
    shutil.rmtree(map, ignore_errors=True)
    map.mkdir(parents=True)
    frame = pl.DataFrame(rijen, schema=dict.fromkeys(KOLOMMEN, pl.String))
    pl.DataFrame([IMG]).write_csv(map / "img_schademeldingen.csv")
    if formaat == "parquet":
        frame.write_parquet(map / "ncg_adressen.parquet")
        return [i + 1 for i in range(len(rijen))]
    (map / "ncg_adressen.csv").write_text(frame.write_csv(separator=formaat[-1]), encoding="utf-8")
    regels, regel = [], 2
    for rij in rijen:
        regels.append(regel)
        regel += 1 + sum(len(re.findall(r"\r\n|\r|\n", v)) for v in rij.values())
    return regels


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(levering())
def test_valid_rows_always_load_and_invalid_rows_always_reject_on_their_line(data):
    rijen, soorten, formaat = data
    with tempfile.TemporaryDirectory() as tmp:
        regels = schrijf(Path(tmp) / "d", rijen, formaat)
        result = loader.check_delivery(Path(tmp) / "d")
    bestand = result.rejects.filter(pl.col("bestand").str.starts_with("ncg_adressen"))
    afgewezen = set(bestand["regel"].to_list())
    assert afgewezen == {r for r, goed in zip(regels, soorten) if not goed}
    assert bestand["reden"].str.len_chars().min() is None or bestand["reden"].str.len_chars().min() > 0
    assert (bestand["waarde"].str.len_chars().max() or 0) <= 100
    geladen = result.tables["ncg_adres"]["ncg_id"].to_list()
    assert sorted(geladen) == sorted(r["ncg_id"].strip() for r, goed in zip(rijen, soorten) if goed)
    assert result.tables["ncg_adres"].height == sum(soorten)


willekeurige_rij = st.fixed_dictionaries(dict.fromkeys(KOLOMMEN, tekst))


@FUZZ
@given(st.lists(willekeurige_rij, min_size=1, max_size=8), st.sampled_from(["csv,", "csv;", "parquet"]))
def test_any_text_in_any_column_never_makes_the_loader_raise(rijen, formaat):
    with tempfile.TemporaryDirectory() as tmp:
        regels = schrijf(Path(tmp) / "d", rijen, formaat)
        try:
            result = loader.check_delivery(Path(tmp) / "d")
        except DeliveryError as exc:
            assert "\n" not in str(exc) and len(str(exc)) < 300
            return
    bestand = result.rejects.filter(pl.col("bestand").str.starts_with("ncg_adressen"))
    # Every row either loads or is rejected on its own line, with a reason.
    assert result.tables["ncg_adres"].height + bestand["regel"].n_unique() == len(rijen)
    assert set(bestand["regel"].to_list()) <= set(regels)
    assert bestand["reden"].null_count() == 0 and bestand["kolom"].null_count() == 0


@pytest.fixture(scope="module")
def twee_databases(tmp_path_factory):
    """An SQLite file and a PostgreSQL database (when configured), reused by every example."""
    from conftest import databases_for

    urls = {"sqlite": databases_for("sqlite", tmp_path_factory).new()}
    try:
        urls["postgres"] = databases_for("postgres", tmp_path_factory).new()
    except pytest.skip.Exception:
        if __import__("os").environ.get("DASHBOARD_STRICT_TESTS"):
            raise
    return urls


def _opgeslagen(url: str) -> list[tuple]:
    with db.engine(url).connect() as conn:
        rows = conn.execute(
            sa.text(
                "select ncg_id, postcode, huisnummer, huisletter, toevoeging, straat, woonplaats, gemeente, fase "
                "from ncg_adres"
            )
        ).all()
        rejects = conn.execute(
            sa.text(
                "select bestand, regel, kolom, waarde, reden from laadlog_afwijzing "
                "where load_id = (select max(load_id) from laadlog)"
            )
        ).all()
    return sorted(tuple(r) for r in rows), sorted(tuple(r) for r in rejects)  # Python's order, not a collation


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(levering())
def test_a_load_stores_the_same_rows_and_rejects_on_sqlite_and_postgresql(twee_databases, data):
    rijen, soorten, formaat = data
    with tempfile.TemporaryDirectory() as tmp:
        schrijf(Path(tmp) / "d", rijen, formaat)
        uitkomsten = {}
        for backend, url in twee_databases.items():
            try:
                loader.load_delivery(Path(tmp) / "d", db.engine(url))
            except RefusedDelivery:  # too many rejects: refused alike everywhere, then loaded on purpose
                loader.load_delivery(Path(tmp) / "d", db.engine(url), force=True)
            uitkomsten[backend] = _opgeslagen(url)
    rows, rejects = uitkomsten["sqlite"]
    assert len(rows) == sum(soorten)
    for backend, uitkomst in uitkomsten.items():
        assert uitkomst == (rows, rejects), backend
