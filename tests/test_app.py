"""The app through Streamlit's AppTest: every page renders, filters change the numbers, the URL holds the view."""

from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from dashboard.core import fmt
from dashboard.store import db
from dashboard.subjects.rapport_json import build_report

APP = str(ROOT / "app.py")
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))
TIMEOUT = 120


def _app(monkeypatch, url: str, **query) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _report(url: str, **kwargs) -> dict:
    with db.engine(url).connect() as conn:
        return build_report(conn, **kwargs)


def test_every_page_is_registered_in_the_router():
    router = (ROOT / "app.py").read_text(encoding="utf-8")
    registered = set(re.findall(r'st\.Page\(\s*"([^"]+)"', router))
    assert registered == set(PAGES)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(monkeypatch, sample_url, page):
    at = _app(monkeypatch, sample_url)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.error
    assert at.title, "page without a title"
    # Peildatum and filters in body text (WCAG contrast), not in the faded caption style; the accessibility
    # statement shows no data.
    assert any(m.value.startswith("Peildatum ") for m in at.markdown) != (page == "pages/toegankelijkheid.py")


def test_overzicht_shows_the_report_figures(monkeypatch, sample_url):
    report = _report(sample_url)
    at = _app(monkeypatch, sample_url)
    assert not at.exception
    assert _metric(at, "NCG-adressen") == fmt.getal(report["adressen"]["totaal"])
    assert _metric(at, "Beide lopend dossier") == fmt.getal(report["adressen"]["beide_lopend"])
    assert _metric(at, "Geen schademelding") == fmt.getal(report["adressen"]["geen_schademelding"])
    assert len(at.get("plotly_chart")) >= 3
    assert _metric(at, "SVIP-informatieverzoeken") == fmt.getal(report["svip"]["totaal"])


def test_a_filter_changes_the_numbers_and_the_url(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url)
    total = _metric(at, "NCG-adressen")
    at.multiselect(key="f_gemeenten").set_value(["Groningen"]).run()
    assert not at.exception
    expected = _report(sample_url, gemeenten=("Groningen",))["adressen"]
    assert _metric(at, "NCG-adressen") == fmt.getal(expected["totaal"]) != total
    assert _metric(at, "Beide lopend dossier") == fmt.getal(expected["beide_lopend"])
    gemeente = at.query_params["gemeente"]
    assert (gemeente if isinstance(gemeente, list) else [gemeente]) == ["Groningen"]


def test_a_shared_link_opens_the_same_view(monkeypatch, sample_url):
    expected = _report(sample_url, gemeenten=("Groningen",), programmas=("regulier",))["adressen"]
    at = _app(monkeypatch, sample_url, gemeente="Groningen", programma="regulier")
    assert not at.exception
    assert at.multiselect(key="f_gemeenten").value == ["Groningen"]
    assert at.multiselect(key="f_programmas").value == ["regulier"]
    assert _metric(at, "NCG-adressen") == fmt.getal(expected["totaal"])


def test_unknown_values_in_a_link_are_ignored(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, gemeente="Atlantis", peildatum="1999-01-01")
    assert not at.exception
    assert at.multiselect(key="f_gemeenten").value == []
    assert _metric(at, "NCG-adressen") == fmt.getal(_report(sample_url)["adressen"]["totaal"])


def test_an_unreachable_database_gives_a_dutch_message(monkeypatch):
    at = _app(monkeypatch, "postgresql+psycopg://niemand:geheim@127.0.0.1:9/nergens?connect_timeout=2")
    assert not at.exception
    assert "De database is niet bereikbaar" in at.error[0].value
    assert not at.metric


def test_first_start_fills_the_embedded_database_from_the_sample(monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "eerste-start"))
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception
    assert (tmp_path / "eerste-start" / "dossiers.sqlite").is_file()
    with db.engine(f"sqlite:///{tmp_path / 'eerste-start' / 'dossiers.sqlite'}").connect() as conn:
        totaal = build_report(conn)["adressen"]["totaal"]
    assert _metric(at, "NCG-adressen") == fmt.getal(totaal)

    # The page said what it was doing: which delivery of how many, by peildatum, and how many rows each gave.
    folders = sorted(p.name for p in (ROOT / "sample_data").iterdir() if p.is_dir())
    assert len(at.status) == 1
    assert at.status[0].label.startswith(f"Voorbeelddata geladen: {len(folders)} aanleveringen in ")
    regels = [m.value for m in at.status[0].markdown]
    assert len(regels) == len(folders)
    for i, (regel, naam) in enumerate(zip(regels, folders), start=1):
        peildatum = fmt.datum(date.fromisoformat(naam))
        assert regel.startswith(f"Aanlevering {i} van {len(folders)} ({peildatum}) geladen: "), regel
    with db.engine(f"sqlite:///{tmp_path / 'eerste-start' / 'dossiers.sqlite'}").connect() as conn:
        assert set(folders) <= {d.isoformat() for d in db.stored_peildata(conn)}

    at.run()  # the next run neither loads again nor shows the progress
    assert not at.exception and not at.status
    assert _metric(at, "NCG-adressen") == fmt.getal(totaal)

    # Meanwhile the monthly series loads in the background, newest first: twelve month ends, on Trend too.
    from dashboard.app import reekslader
    from dashboard.core import config
    from dashboard.store.voorbeeld import reeks

    lader = reekslader.lader(config.embedded_database_url())
    assert lader is not None and lader.klaar.wait(900) and lader.fout is None
    assert lader.geladen == sorted(reeks.AFGELEID, reverse=True)
    with db.engine(f"sqlite:///{tmp_path / 'eerste-start' / 'dossiers.sqlite'}").connect() as conn:
        assert sorted(db.stored_peildata(conn)) == list(reeks.REEKS)
    at.switch_page("pages/trend.py").run()
    assert not at.exception
    assert [d.value for d in at.dataframe][0]["Peildatum"].tolist() == [fmt.datum(p) for p in reeks.REEKS]


def test_overzicht_opens_on_the_evaluations_ivr_period_and_each_period_filter_applies(monkeypatch, sample_url):
    from datetime import date

    at = _app(monkeypatch, sample_url)
    assert not at.exception
    # The phone KPI opens on the evaluation's period, from the menu's start, as the Telefonie page does.
    assert at.date_input(key="overzicht_periode_ivr").value == (date(2021, 1, 3), date(2021, 6, 30))
    assert _metric(at, "IMG-lijn: verkeerd gekozen") == "1,3%"
    assert _metric(at, "NCG-lijn: verkeerd gekozen") == "9,7%"
    assert any("634 van 6.517 gesprekken" in c.value and "03-01-2021 t/m 30-06-2021" in c.value for c in at.caption)

    zomer = (date(2021, 7, 1), date(2021, 8, 31))
    at.date_input(key="overzicht_periode_ivr").set_value(zomer).run()
    assert not at.exception
    expected = {r["lijn"]: r for r in _report(sample_url, van=zomer[0], tot=zomer[1])["ivr"]}
    for lijn, row in expected.items():
        assert _metric(at, f"{lijn}-lijn: verkeerd gekozen") == fmt.procent(row["verkeerd_gekozen"] / row["gesprekken"])
        caption = f"{fmt.getal(row['verkeerd_gekozen'])} van {fmt.getal(row['gesprekken'])} gesprekken"
        assert any(caption in c.value for c in at.caption)
    assert _metric(at, "SVIP-informatieverzoeken") == fmt.getal(_report(sample_url)["svip"]["totaal"])

    at.date_input(key="overzicht_periode").set_value((date(2021, 1, 1), date(2021, 6, 30))).run()
    assert not at.exception
    svip = _report(sample_url, van=date(2021, 1, 1), tot=date(2021, 6, 30))["svip"]["totaal"]
    assert _metric(at, "SVIP-informatieverzoeken") == fmt.getal(svip)
    assert _metric(at, "NCG-lijn: verkeerd gekozen") == fmt.procent(
        expected["NCG"]["verkeerd_gekozen"] / expected["NCG"]["gesprekken"]
    )  # the phone period stays


def test_overzicht_pilot_table_matches_the_report(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url)
    table = at.dataframe[0].value
    report = _report(sample_url)["samenwerking"]
    koploper = table[(table["Pilot"] == "Koploper") & (table["Soort samenwerking"] == "Gezamenlijke opname")].iloc[0]
    opname = [r for r in report if r["pilot"] == "koploper" and r["soort"] == "gezamenlijke_opname"]
    assert koploper["Mogelijk"] == sum(r["aantal"] for r in opname)
    assert koploper["Gekozen"] == sum(r["aantal"] for r in opname if r["status"] in ("gekozen", "uitgevoerd"))
    assert table["Mogelijk"].sum() == sum(r["aantal"] for r in report)
    assert table["Pilot"].iloc[-1] == "Buiten pilots"
