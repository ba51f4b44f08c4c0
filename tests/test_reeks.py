"""The sample's monthly series (dashboard.store.voorbeeld.reeks, loaded by dashboard.app.reekslader) and Trend per
gemeente.

Twelve month ends, 30-09-2020 to 31-08-2021: the two bundled deliveries and ten derived from them. On SQLite
and PostgreSQL: the series is there, the bundled snapshots' figures are unchanged, addresses move forward
through the NCG phases and claims are filed and settled month by month, and Trend per gemeente shows for each
gemeente and peildatum what the Overzicht shows for that gemeente and peildatum.
"""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from conftest import ROOT, SAMPLE, databases_for
from dashboard.app import reekslader, sessie
from dashboard.core import fmt
from dashboard.core.domain import CATEGORIE_LABELS, CATEGORIEEN, GROEPEN, NCG_FASE_LABELS, NCG_FASEN
from dashboard.core.filters import Filters
from dashboard.store import adresframe, db
from dashboard.store.loader import delivery_folders, load_deliveries
from dashboard.store.loader.read import find_files, vingerafdruk
from dashboard.store.voorbeeld import reeks
from dashboard.subjects import overzicht, trend_gemeente, verstoring
from dashboard.subjects.rapport_json import build_report

APP = str(ROOT / "app.py")
AUGUSTUS = date(2021, 8, 31)
_urls: dict[str, str] = {}


@pytest.fixture(scope="session")
def reeks_map(tmp_path_factory):
    return tmp_path_factory.mktemp("voorbeeldreeks")


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def reeks_url(request, tmp_path_factory, reeks_map) -> str:
    """The bundled sample loaded as the app loads it on a first start, then the series by the background loader."""
    backend = request.param
    if backend not in _urls:
        url = databases_for(backend, tmp_path_factory).new()
        engine = db.engine(url)
        load_deliveries(SAMPLE, engine)
        lader = reekslader.Lader(engine, SAMPLE, reeks_map, vertraging=0).start()
        assert lader.klaar.wait(900)
        assert lader.fout is None
        assert lader.geladen == sorted(reeks.AFGELEID, reverse=True)  # newest first
        _urls[backend] = url
    return _urls[backend]


@pytest.fixture
def reeks_conn(reeks_url):
    with db.engine(reeks_url).connect() as conn:
        yield conn


def test_the_series_is_twelve_month_ends(reeks_conn):
    peildata = sorted(db.stored_peildata(reeks_conn))
    assert len(peildata) == 12
    assert peildata == list(reeks.REEKS)
    assert [(p.year, p.month) for p in peildata] == [(2020, m) for m in (9, 10, 11, 12)] + [
        (2021, m) for m in range(1, 9)
    ]
    for p in peildata:  # each a month's last day
        assert date.fromordinal(p.toordinal() + 1).day == 1


def test_the_bundled_snapshots_keep_their_calibration(reeks_conn):
    augustus = build_report(reeks_conn)
    assert augustus["peildatum"] == "2021-08-31"
    assert augustus["adressen"] == {
        "totaal": 26_800,
        "geen_schademelding": 17_700,
        "gesloten": 7_700,
        "beide_lopend": 1_400,
    }
    herfst = build_report(reeks_conn, peildatum=date(2020, 10, 31))["adressen"]
    assert herfst["totaal"] == 26_000 and herfst["geen_schademelding"] == 18_460


def test_the_bundled_files_are_not_changed_and_the_series_is_not_stored_in_the_repository():
    assert sorted(p.name for p in delivery_folders(SAMPLE)) == ["2020-10-31", "2021-08-31"]


def test_the_series_is_deterministic(tmp_path, reeks_map):
    """Written again from the bundled sample: the same bytes, so the same fingerprints (demo mode accepts them)."""
    opnieuw = reeks.schrijf(SAMPLE, tmp_path / "opnieuw", (date(2021, 3, 31), date(2020, 9, 30)))
    for folder in opnieuw:
        eerder = reeks_map / folder.name
        assert vingerafdruk(find_files(folder).values()) == vingerafdruk(find_files(eerder).values())
    assert reekslader.vingerafdrukken(reeks_map) >= {vingerafdruk(find_files(f).values()) for f in opnieuw}
    assert len(reekslader.vingerafdrukken(reeks_map)) == 10


def test_addresses_move_forward_and_claims_are_filed_and_settled_month_by_month(reeks_conn):
    frames = {p: adresframe.lees(reeks_conn, p) for p in reeks.REEKS}
    for vorige, p in zip(reeks.REEKS, reeks.REEKS[1:]):
        paar = (
            frames[vorige]
            .select("ncg_id", pl.col("ncg_fase_nr").alias("toen"))
            .join(frames[p].select("ncg_id", "ncg_fase_nr"), on="ncg_id")
        )
        terug = paar.filter(pl.col("ncg_fase_nr") < pl.col("toen")).height
        vooruit = paar.filter(pl.col("ncg_fase_nr") > pl.col("toen")).height
        assert terug == 0, (vorige, p)
        assert 50 < vooruit < 0.1 * paar.height, (vorige, p, vooruit)  # some move each month, most stay
        # fase_sinds never after the peildatum, and a phase that changed began after the previous peildatum
        assert frames[p]["fase_sinds"].drop_nulls().max() <= p
    claims = reeks_conn.execute(
        sa.text(
            "select peildatum, count(*), sum(case when fase = 'afgehandeld' then 1 else 0 end) "
            "from img_schademelding group by peildatum order by peildatum"
        )
    ).all()
    assert [date.fromisoformat(str(r[0])[:10]) for r in claims] == list(reeks.REEKS)
    for (_, n0, a0), (_, n1, a1) in zip(claims, claims[1:]):
        assert n1 > n0 and a1 > a0  # claims filed and decided every month
    # No cliff: beide lopend changes by less than a fifth from one month to the next.
    beide = [frames[p].filter(pl.col("categorie") == "beide_lopend").height for p in reeks.REEKS]
    for a, b in zip(beide, beide[1:]):
        assert abs(b - a) < 0.2 * a, beide


def _sql_per_gemeente(conn) -> pl.DataFrame:
    """The same counts straight from the stored address table (SQL), independent of the polars path."""
    rows = []
    for soort, kolom, waar in (
        ("categorie", "categorie", ""),
        ("groep", "groep", "where groep is not null"),
        ("fase", "ncg_fase", ""),
    ):
        rows += [
            (date.fromisoformat(str(p)[:10]), g, soort, k, int(n))
            for p, g, k, n in conn.execute(
                sa.text(
                    f"select peildatum, gemeente, {kolom}, count(*) from adres {waar} "  # noqa: S608 (the test's columns)
                    f"group by peildatum, gemeente, {kolom}"
                )
            )
        ]
    return pl.DataFrame(rows, schema=["peildatum", "gemeente", "soort", "sleutel", "aantal"], orient="row")


def test_per_gemeente_counts_equal_the_stored_address_table(reeks_conn):
    frames = {p: adresframe.lees(reeks_conn, p) for p in reeks.REEKS}
    alles = trend_gemeente.per_gemeente(frames, Filters(AUGUSTUS))
    assert alles.height == 12 * 5 * (1 + 3 + 6 + 6)  # the NCG addresses, 3 categories, 6 groups, 6 phases
    totalen = alles.filter(pl.col("soort") == "totaal").select("peildatum", "gemeente", "aantal")
    categorieen = (
        alles.filter(pl.col("soort") == "categorie").group_by("peildatum", "gemeente").agg(pl.col("aantal").sum())
    )
    assert (
        totalen.join(categorieen, on=["peildatum", "gemeente"])
        .filter(pl.col("aantal") != pl.col("aantal_right"))
        .is_empty()
    )
    telling = alles.filter(pl.col("soort") != "totaal")
    sleutel = ["peildatum", "gemeente", "soort", "sleutel"]
    verwacht = _sql_per_gemeente(reeks_conn)
    samen = telling.join(verwacht, on=sleutel, how="left", suffix="_sql").with_columns(
        pl.col("aantal_sql").fill_null(0)
    )
    assert samen.filter(pl.col("aantal") != pl.col("aantal_sql")).height == 0
    assert samen["aantal"].sum() == verwacht["aantal"].sum()


def _app(monkeypatch, url: str, page: str, **query) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(sessie, "_alleen_voorbeelddata", lambda url: True)  # the series was written to a test folder
    at = AppTest.from_file(APP, default_timeout=300)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(page).run()


def _spec(at: AppTest, titel: str) -> dict:
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        tekst = (spec.get("layout", {}).get("title") or {}).get("text") or ""
        if titel in tekst:
            return spec
    raise AssertionError(f"no chart titled {titel!r}")


def _per_categorie(at: AppTest, categorieen: list[str]) -> dict[str, int]:
    """The counts a bar chart shows per category (summed over its stacked series), for the chart that has them."""
    for chart in at.get("plotly_chart"):
        totaal: dict[str, int] = {}
        for t in json.loads(chart.proto.spec).get("data", []):
            if t.get("type") != "bar":
                continue
            cats, waarden = (t.get("y"), t.get("x")) if t.get("orientation") == "h" else (t.get("x"), t.get("y"))
            for c, w in zip(cats or [], waarden or []):
                totaal[str(c)] = totaal.get(str(c), 0) + int(w or 0)
        if set(categorieen) <= set(totaal):
            return totaal
    raise AssertionError(f"no bar chart of {categorieen}")


@pytest.mark.parametrize("gemeente,peildatum", [("Oldambt", date(2021, 2, 28)), ("Groningen", date(2020, 9, 30))])
def test_trend_per_gemeente_shows_what_the_overzicht_shows_for_that_gemeente_and_peildatum(
    monkeypatch, reeks_url, gemeente, peildatum
):
    trend_page = _app(monkeypatch, reeks_url, "pages/trend.py", gemeente=gemeente)
    assert not trend_page.exception
    tabel = next(d.value for d in trend_page.dataframe if "Gemeente" in d.value.columns)
    assert sorted(set(tabel["Gemeente"])) == [gemeente]
    assert len(tabel) == 12
    rij = tabel[tabel["Peildatum"] == fmt.datum(peildatum)].iloc[0]

    overzicht = _app(monkeypatch, reeks_url, "pages/overzicht.py", gemeente=gemeente, peildatum=peildatum.isoformat())
    assert not overzicht.exception
    for c in CATEGORIEEN:
        metric = next(m.value for m in overzicht.metric if m.label == CATEGORIE_LABELS[c])
        assert rij[CATEGORIE_LABELS[c]] == metric, c
    per_groep = _per_categorie(overzicht, [f"Groep {g}" for g in GROEPEN])
    for g in GROEPEN:
        assert rij[f"Groep {g}"] == fmt.getal(per_groep[f"Groep {g}"]), g
    per_fase = _per_categorie(overzicht, [NCG_FASE_LABELS[f] for f in NCG_FASEN])
    for f in NCG_FASEN:
        assert rij[NCG_FASE_LABELS[f]] == fmt.getal(per_fase[NCG_FASE_LABELS[f]]), f


def test_trend_per_gemeente_chart_table_and_exports(monkeypatch, reeks_url):
    at = _app(monkeypatch, reeks_url, "pages/trend.py")
    assert not at.exception
    tabel = next(d.value for d in at.dataframe if "Gemeente" in d.value.columns)
    assert len(tabel) == 12 * 5
    at.selectbox(key="tr_gemeente").set_value("Het Hogeland").run()
    at.radio(key="tr_gemeente_soort").set_value("fase").run()
    assert not at.exception
    lijnen = _spec(at, "NCG-fasen in Het Hogeland")["data"]
    assert [s["name"] for s in lijnen] == [NCG_FASE_LABELS[f] for f in NCG_FASEN]
    assert all(len(s["x"]) == 12 for s in lijnen)
    knoppen = {b.proto.label for b in at.get("download_button") if "tr_gemeente_tabel_export" in b.proto.id}
    assert knoppen == {"CSV", "Toelichting", "Excel"}


def _getal(tekst: str) -> int:
    return int(str(tekst).replace(".", ""))


def test_aggregate_roles_see_per_gemeente_what_their_overzicht_shows(monkeypatch, reeks_url, reeks_conn):
    """Cell-key perturbation (issue 16): the stuurgroep's Trend per gemeente reads, for every peildatum, the
    perturbed figures of its Overzicht for that gemeente (verstoring.adrescijfers), not the exact ones; a
    difference of two snapshots is then noise like any other difference of views."""
    at = _app(monkeypatch, reeks_url, "pages/trend.py", gemeente="Oldambt")
    at.selectbox(key="demo_rol").set_value("stuurgroep").run()
    assert not at.exception
    tabel = next(d.value for d in at.dataframe if "Gemeente" in d.value.columns)
    assert set(tabel["Gemeente"]) == {"Oldambt"} and len(tabel) == 12
    verschillen = 0
    for _, rij in tabel.iterrows():
        peildatum = date(*reversed([int(x) for x in str(rij["Peildatum"]).split("-")]))
        frame = adresframe.lees(reeks_conn, peildatum)
        filters = Filters(peildatum, ("Oldambt",))
        verstoord, totaal = verstoring.adrescijfers(frame, filters)
        exact = overzicht.adrescijfers(frame, filters)
        assert _getal(rij["NCG-adressen"]) == totaal
        for g, n, echt in zip(verstoord.groepen["groep"], verstoord.groepen["aantal"], exact.groepen["aantal"]):
            assert _getal(rij[f"Groep {g}"]) == n
            assert abs(n - echt) <= 2
            verschillen += n != echt
        for c, n in zip(verstoord.categorieen["categorie"], verstoord.categorieen["aantal"]):
            assert _getal(rij[CATEGORIE_LABELS[c]]) == n
    assert verschillen  # perturbed, not exact: over 12 snapshots x 6 groups some count moved
