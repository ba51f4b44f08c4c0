"""The SVIP, Telefonie (IVR) and Samenwerking pages: their plain functions on tiny frames, their numbers on the
sample against the report and direct counts (SQLite and PostgreSQL), and the pages themselves through AppTest."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from dashboard.core import fmt, tijdreeks
from dashboard.core.filters import BEGIN, EIND, Filters
from dashboard.subjects import ivr, samenwerking, svip
from dashboard.subjects.rapport_json import build_report

APP = str(ROOT / "app.py")
PEILDATUM = date(2021, 8, 31)
EERSTE_HELFT_2021 = (date(2021, 1, 1), date(2021, 6, 30))


def _count(conn, sql: str, **params) -> int:
    return int(conn.execute(sa.text(sql), params).scalar_one())


# ---------------------------------------------------------------- plain functions


def test_weeks_start_on_monday_and_months_on_the_first_and_both_keep_the_total():
    dagen = pl.DataFrame(
        {
            "datum": [date(2021, 1, 3), date(2021, 1, 4), date(2021, 1, 10), date(2021, 1, 31), date(2021, 2, 1)],
            "lijn": ["IMG", "IMG", "NCG", "IMG", "IMG"],
            "aantal": [1, 2, 4, 8, 16],
        }
    )
    weken = tijdreeks.per_periode(dagen, "week", by=["lijn"])
    maanden = tijdreeks.per_periode(dagen, "maand")
    assert weken.rows() == [
        (date(2020, 12, 28), "IMG", 1),  # Sunday 3 January belongs to the week from Monday 28 December
        (date(2021, 1, 4), "IMG", 2),
        (date(2021, 1, 4), "NCG", 4),
        (date(2021, 1, 25), "IMG", 8),
        (date(2021, 2, 1), "IMG", 16),
    ]
    assert maanden.rows() == [(date(2021, 1, 1), 15), (date(2021, 2, 1), 16)]
    assert weken["aantal"].sum() == maanden["aantal"].sum() == dagen["aantal"].sum()
    eerste_dagen = pl.DataFrame({"periode": [date(2021, 1, 4), date(2021, 1, 1)]})
    assert eerste_dagen.select(tijdreeks.periode_label_expr("periode", "week"))["periode"].to_list() == [
        "week van 04-01-2021",
        "week van 01-01-2021",
    ]
    assert eerste_dagen.select(tijdreeks.periode_label_expr("periode", "maand"))["periode"].to_list() == [
        "januari 2021",
        "januari 2021",
    ]


def _doorloop(rows) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"datum_ontvangen": pl.Date, "datum_afgerond": pl.Date, "soort": pl.String, "aantal": pl.Int64},
        orient="row",
    )


def test_handling_time_median_and_90th_percentile_weigh_each_request_once():
    doorloop = _doorloop(
        [
            (date(2021, 1, 4), date(2021, 1, 5), "versnelling", 3),  # three requests of 1 day
            (date(2021, 1, 11), date(2021, 1, 21), "versnelling", 1),  # one of 10 days
            (date(2021, 2, 1), date(2021, 2, 3), "versnelling", 1),
            (date(2021, 1, 6), None, "versnelling", 5),  # open: no handling time yet
            (date(2020, 12, 1), date(2021, 1, 30), "overig", 1),  # received before the period
        ]
    )
    per_maand = svip.doorlooptijden(doorloop, van=date(2021, 1, 1))
    assert per_maand.select("soort", "maand", "afgerond", "mediaan_dagen", "p90_dagen").rows() == [
        # days 1, 1, 1, 10: median 1; 90th percentile at rank 0.9 * 3 = 2.7, between 1 and 10: 1 + 0.7 * 9
        ("versnelling", date(2021, 1, 1), 4, 1.0, pytest.approx(7.3)),
        ("versnelling", date(2021, 2, 1), 1, 2.0, 2.0),
    ]
    assert per_maand["label"].to_list() == ["Verzoek tot versnelling"] * 2
    alles = svip.doorlooptijden(doorloop, van=date(2021, 1, 1), by=())
    assert alles.rows() == [(5, 1.0, pytest.approx(6.8))]  # days 1, 1, 1, 2, 10: rank 3.6, 2 + 0.6 * 8


def test_backlog_counts_open_requests_at_the_end_of_each_day():
    doorloop = _doorloop(
        [
            (date(2021, 1, 1), None, "overig", 2),  # received before the period, still open
            (date(2021, 1, 2), date(2021, 1, 4), "overig", 1),  # open on 3 January, closed on the 4th
            (date(2021, 1, 4), date(2021, 1, 4), "overig", 1),  # received and closed the same day
            (date(2021, 1, 5), None, "overig", 3),
        ]
    )
    werkvoorraad = svip.werkvoorraad(doorloop, van=date(2021, 1, 3), tot=date(2021, 1, 6))
    assert werkvoorraad.rows() == [
        (date(2021, 1, 3), 0, 0, 3),
        (date(2021, 1, 4), 1, 2, 2),
        (date(2021, 1, 5), 3, 0, 5),
        (date(2021, 1, 6), 0, 0, 5),
    ]
    assert svip.werkvoorraad(doorloop.clear(), date(2021, 1, 3), date(2021, 1, 6)).is_empty()


def test_the_default_ivr_period_is_the_evaluations_within_the_data():
    assert ivr.standaard_periode(date(2021, 1, 3), date(2021, 8, 31)) == (date(2021, 1, 3), date(2021, 6, 30))
    assert ivr.standaard_periode(date(2022, 1, 1), date(2022, 3, 1)) == (date(2022, 1, 1), date(2022, 3, 1))


def test_pilot_funnels_follow_the_funnel_query():
    trechter = pl.DataFrame(
        {
            "pilot": ["urgente_combinatiedossiers", "koploper", None],
            "soort": ["gezamenlijke_opname", "gezamenlijke_opname", "buddy"],
            "acties": [20, 4, 80],
            "aangeboden": [10, 4, 80],
            "gekozen": [10, 1, 80],
            "uitgevoerd": [10, 0, 52],
            "afgewezen": [0, 3, 0],
        }
    )
    trechters = samenwerking.pilot_trechters(trechter)
    assert trechters["pilot"].unique(maintain_order=True).to_list() == ["koploper", "urgente_combinatiedossiers"]
    assert trechters.filter(pl.col("pilot") == "koploper").select("stap_label", "aantal").rows() == [
        ("Mogelijk", 4),
        ("Aangeboden", 4),
        ("Gekozen", 1),
        ("Uitgevoerd", 0),
    ]
    tabel = samenwerking.trechter_tabel(trechters)
    assert tabel.columns == ["Pilot", "Soort samenwerking", "Mogelijk", "Aangeboden", "Gekozen", "Uitgevoerd"]


# ---------------------------------------------------------------- on the sample, both backends


def test_ivr_per_line_and_its_buckets_match_direct_counts(sample_conn):
    for van, tot in (EERSTE_HELFT_2021, (date(2021, 7, 1), date(2021, 8, 31)), (BEGIN, EIND)):
        data = ivr.load(sample_conn, PEILDATUM, ivr.IvrSelectie(van, tot))
        direct = sample_conn.execute(
            sa.text(
                "select lijn, count(*), sum(case when verkeerd_gekozen then 1 else 0 end), "
                "sum(case when warme_overdracht then 1 else 0 end) from ivr_gesprek "
                "where peildatum = :p and datum between :van and :tot group by lijn order by lijn"
            ),
            {"p": PEILDATUM, "van": van, "tot": tot},
        ).all()
        per_lijn = ivr.per_lijn(data.per_dag)
        assert per_lijn.select("lijn", "gesprekken", "verkeerd", "warme_overdrachten").rows() == [
            tuple(int(v) if i else v for i, v in enumerate(r)) for r in direct
        ]
        assert ivr.kpi(ivr.telling(sample_conn, PEILDATUM), van, tot).equals(per_lijn)
        for per in ("week", "maand"):
            assert ivr.gesprekken_per_periode(data.per_dag, per)["gesprekken"].sum() == per_lijn["gesprekken"].sum()
            assert (
                ivr.warme_overdrachten(data.per_dag, per)["warme_overdrachten"].sum()
                == per_lijn["warme_overdrachten"].sum()
            )
        assert ivr.verkeerd_per_maand(data.per_dag)["verkeerd"].sum() == per_lijn["verkeerd"].sum()
        assert data.uur_weekdag["gesprekken"].sum() == per_lijn["gesprekken"].sum()


def test_ivr_filters_on_line_menu_choice_and_subject(sample_conn):
    van, tot = EERSTE_HELFT_2021
    data = ivr.load(sample_conn, PEILDATUM, ivr.IvrSelectie(van, tot, ("NCG",), ("schade", "geen"), ("onbekend",)))
    direct = _count(
        sample_conn,
        "select count(*) from ivr_gesprek where peildatum = :p and datum between :van and :tot and lijn = 'NCG' "
        "and menukeuze in ('schade', 'geen') and (onderwerp = 'onbekend' or onderwerp is null)",
        p=PEILDATUM,
        van=van,
        tot=tot,
    )
    assert data.per_dag["lijn"].unique().to_list() == ["NCG"]
    assert data.per_dag["gesprekken"].sum() == direct > 0
    raster = ivr.uur_weekdag_raster(data.uur_weekdag)
    assert raster["gesprekken"].sum() == direct
    assert raster.height == 7 * raster["uur"].n_unique()


def test_svip_counts_match_direct_counts_and_the_milestone_is_500(sample_conn):
    alles = svip.load(sample_conn, Filters(PEILDATUM), svip.SvipSelectie(BEGIN, EIND))
    assert alles.mijlpaal == build_report(sample_conn, tot=svip.MIJLPAAL)["svip"]["totaal"] == 500
    for van, tot in ((BEGIN, EIND), (date(2020, 7, 1), date(2021, 3, 31))):
        data = svip.load(sample_conn, Filters(PEILDATUM), svip.SvipSelectie(van, tot))
        direct = dict(
            sample_conn.execute(
                sa.text(
                    "select soort, count(*) from svip_verzoek "
                    "where peildatum = :p and datum_ontvangen between :van and :tot "
                    "group by soort"
                ),
                {"p": PEILDATUM, "van": van, "tot": tot},
            ).all()
        )
        assert data.totaal == sum(direct.values()) == build_report(sample_conn, van=van, tot=tot)["svip"]["totaal"]
        for naar in ("soort", "aanvrager"):
            for per in ("week", "maand"):
                assert svip.per_periode(data.per_dag, per, naar)["aantal"].sum() == data.totaal
        per_soort = svip.per_periode(data.per_dag, "maand", "soort").group_by("soort").agg(pl.col("aantal").sum())
        assert dict(per_soort.iter_rows()) == direct
        assert dict(svip.per_soort(data.per_dag).select("soort", "aantal").iter_rows()) == {
            s: direct.get(s, 0) for s in svip.SVIP_SOORTEN
        }
        assert svip.uitkomsten(data.per_dag)["aantal"].sum() == data.totaal
        assert data.mijlpaal == alles.mijlpaal  # the milestone ignores the period


def test_svip_backlog_and_handling_times_match_direct_counts(sample_conn):
    van, tot = date(2020, 7, 1), date(2021, 8, 31)
    data = svip.load(sample_conn, Filters(PEILDATUM), svip.SvipSelectie(van, tot))
    werkvoorraad = svip.werkvoorraad(data.doorloop, van, tot)
    assert werkvoorraad["datum"].to_list()[0] == van and werkvoorraad["datum"].to_list()[-1] == tot
    for dag in (van, date(2020, 12, 31), date(2021, 5, 17), tot):
        open_op_dag = _count(
            sample_conn,
            "select count(*) from svip_verzoek where peildatum = :p and datum_ontvangen <= :d "
            "and (datum_afgerond is null or datum_afgerond > :d)",
            p=PEILDATUM,
            d=dag,
        )
        assert werkvoorraad.filter(pl.col("datum") == dag)["open"].item() == open_op_dag
    assert data.open == _count(
        sample_conn,
        "select count(*) from svip_verzoek where peildatum = :p and datum_ontvangen between :van and :tot "
        "and datum_afgerond is null",
        p=PEILDATUM,
        van=van,
        tot=tot,
    )
    afgerond = _count(
        sample_conn,
        "select count(*) from svip_verzoek where peildatum = :p and datum_ontvangen between :van and :tot "
        "and datum_afgerond is not null",
        p=PEILDATUM,
        van=van,
        tot=tot,
    )
    assert svip.doorlooptijden(data.doorloop, van)["afgerond"].sum() == afgerond
    assert svip.doorlooptijden(data.doorloop, van, by=())["afgerond"].item() == afgerond


def test_svip_per_kind_and_open_requests_read_the_same_on_the_overzicht_the_svip_page_and_the_report(sample_conn):
    from dashboard.subjects import overzicht

    van, tot = date(2020, 7, 1), PEILDATUM
    pagina = svip.load(sample_conn, Filters(PEILDATUM), svip.SvipSelectie(van, tot))
    kpis = overzicht.load(sample_conn, Filters(PEILDATUM), van, tot)
    rapport = build_report(sample_conn, van=van, tot=tot)["svip"]
    open_direct = _count(
        sample_conn,
        "select count(*) from svip_verzoek where peildatum = :p and datum_ontvangen between :van and :tot "
        "and datum_afgerond is null",
        p=PEILDATUM,
        van=van,
        tot=tot,
    )
    assert kpis.svip_open == pagina.open == open_direct > 0
    per_soort = dict(kpis.svip.select("soort", "aantal").iter_rows())
    assert (
        per_soort == rapport["per_soort"] == dict(svip.per_soort(pagina.per_dag).select("soort", "aantal").iter_rows())
    )
    assert sum(per_soort.values()) == pagina.totaal == rapport["totaal"]
    assert kpis.svip["aantal"].is_sorted(descending=True)
    # The Overzicht's SVIP figures are not filtered by gemeente, the SVIP page's are.
    groningen = overzicht.load(sample_conn, Filters(PEILDATUM, ("Groningen",)), van, tot)
    assert groningen.svip_open == kpis.svip_open and groningen.svip.equals(kpis.svip)


def test_svip_follows_the_address_filters_and_links_to_the_dossiers(sample_conn):
    gefilterd = svip.load(sample_conn, Filters(PEILDATUM, gemeenten=("Groningen",)), svip.SvipSelectie(BEGIN, EIND))
    assert (
        gefilterd.totaal
        == _count(
            sample_conn,
            "select count(*) from svip_verzoek as v "
            "join adres as a on a.peildatum = v.peildatum and a.ncg_id = v.ncg_id "
            "where v.peildatum = :p and a.gemeente = 'Groningen'",
            p=PEILDATUM,
        )
        > 0
    )
    alles = svip.load(sample_conn, Filters(PEILDATUM), svip.SvipSelectie(BEGIN, EIND, soorten=("versnelling",)))
    categorieen, groepen = svip.dossiers(alles.per_categorie)
    beide = _count(
        sample_conn,
        "select count(*) from svip_verzoek as v join adres as a on a.peildatum = v.peildatum and a.ncg_id = v.ncg_id "
        "where v.peildatum = :p and a.categorie = 'beide_lopend' and v.soort = 'versnelling'",
        p=PEILDATUM,
    )
    rij = categorieen.filter(pl.col("categorie") == "beide_lopend").row(0, named=True)
    assert rij["aantal"] == groepen["aantal"].sum() == beide > 0
    assert rij["aandeel"] == pytest.approx(beide / alles.totaal)
    assert categorieen["aantal"].sum() == alles.totaal


def test_samenwerking_matches_the_report(sample_conn):
    data = samenwerking.load(sample_conn, PEILDATUM)
    rapport = build_report(sample_conn)["samenwerking"]
    aos = [r for r in rapport if r["soort"] == "aos_voordracht"]
    assert data.aos() == (sum(r["aantal"] for r in aos), sum(r["aantal"] for r in aos if r["status"] == "uitgevoerd"))
    trechters = samenwerking.pilot_trechters(data.trechter)
    mogelijk = trechters.filter(pl.col("stap") == "acties")
    assert mogelijk["aantal"].sum() == sum(r["aantal"] for r in rapport if r["pilot"])
    in_de_tijd = samenwerking.per_maand(data.per_dag)["aantal"].sum()
    assert in_de_tijd + data.zonder_datum(samenwerking.IN_DE_TIJD) == sum(
        r["aantal"] for r in rapport if r["soort"] in samenwerking.IN_DE_TIJD
    )
    assert (
        samenwerking.aos_per_maand(data.per_dag)["aantal"].sum() + data.zonder_datum([samenwerking.AOS])
        == data.aos()[0]
    )


# ---------------------------------------------------------------- the pages (AppTest)


def _app(monkeypatch, url: str, page: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120).run()
    return at.switch_page(page).run()


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _captions(at: AppTest) -> str:
    return " | ".join(c.value for c in at.caption)


def _assert_ivr_metrics(at: AppTest, url: str, van: date, tot: date) -> None:
    from dashboard.store import db

    with db.engine(url).connect() as conn:
        verwacht = build_report(conn, van=van, tot=tot)["ivr"]
    for r in verwacht:
        assert _metric(at, f"{r['lijn']}-lijn: verkeerd gekozen") == fmt.procent(
            r["verkeerd_gekozen"] / r["gesprekken"]
        )
        assert f"{fmt.getal(r['verkeerd_gekozen'])} van {fmt.getal(r['gesprekken'])} gesprekken" in _captions(at)
    assert _metric(at, "Warme overdrachten") == fmt.getal(sum(r["warme_overdracht"] for r in verwacht))


def test_ivr_page_opens_on_the_evaluations_figures(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "pages/ivr.py")
    assert not at.exception, at.exception
    # The evaluation: January-June 2021, IMG 745 of 57,352 calls, NCG 634 of 6,517.
    assert _metric(at, "IMG-lijn: verkeerd gekozen") == "1,3%"
    assert _metric(at, "NCG-lijn: verkeerd gekozen") == "9,7%"
    assert "745 van 57.352 gesprekken" in _captions(at)
    assert "634 van 6.517 gesprekken" in _captions(at)
    assert ivr.DEFINITIE_VERKEERD in _captions(at)
    assert len(at.get("plotly_chart")) == 4


def test_ivr_period_filter_and_quick_picks_change_the_figures(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "pages/ivr.py")
    zomer = (date(2021, 7, 1), date(2021, 8, 31))
    at.date_input(key="ivr_periode").set_value(zomer).run()
    assert not at.exception, at.exception
    _assert_ivr_metrics(at, sample_url, *zomer)
    assert _metric(at, "Warme overdrachten") != "0"
    assert len(at.get("plotly_chart")) == 5  # the warm transfers chart appears

    next(b for b in at.button if b.label == "Alles").click().run()
    assert at.date_input(key="ivr_periode").value == (date(2021, 1, 3), PEILDATUM)
    _assert_ivr_metrics(at, sample_url, BEGIN, EIND)

    next(b for b in at.button if b.label == "Jan-jun 2021").click().run()
    assert _metric(at, "IMG-lijn: verkeerd gekozen") == "1,3%"
    assert _metric(at, "NCG-lijn: verkeerd gekozen") == "9,7%"


def test_ivr_line_filter_keeps_one_line(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "pages/ivr.py")
    at.multiselect(key="ivr_lijnen").set_value(["NCG"]).run()
    assert not at.exception, at.exception
    assert [m.label for m in at.metric if "verkeerd gekozen" in m.label] == ["NCG-lijn: verkeerd gekozen"]
    assert _metric(at, "NCG-lijn: verkeerd gekozen") == "9,7%"


@pytest.mark.parametrize("periode", [None, (date(2021, 7, 1), date(2021, 8, 31))], ids=["standaard", "zomer"])
def test_the_misrouting_kpi_reads_the_same_on_every_page_report_and_pdf(monkeypatch, sample_url, periode):
    """One code path (ivr.per_lijn): the Telefonie page, the Overzicht, the JSON report and the PDF show the same
    misrouting per line for the same period; by default every one counts 3 January to 30 June 2021."""
    import io

    from PIL import Image
    from pypdf import PdfReader

    from dashboard.app.rapport_pdf import rapport_pdf
    from dashboard.store import db

    van, tot = periode or (ivr.MENU_SINDS, date(2021, 6, 30))
    with db.engine(sample_url).connect() as conn:
        verwacht = build_report(conn, van=van, tot=tot)["ivr"]
        png = io.BytesIO()
        Image.new("RGB", (4, 4), "white").save(png, format="PNG")
        pdf = rapport_pdf(
            conn,
            Filters(PEILDATUM),
            afbeelding=lambda fig, b: png.getvalue(),
            **({"ivr_van": van, "ivr_tot": tot} if periode else {}),
        )
    pdf_tekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert f"Periode telefonie {fmt.datum(van)} t/m {fmt.datum(tot)}" in pdf_tekst
    assert {r["lijn"] for r in verwacht} == {"IMG", "NCG"}

    ivr_pagina = _app(monkeypatch, sample_url, "pages/ivr.py")
    overzicht = _app(monkeypatch, sample_url, "pages/overzicht.py")
    if periode:
        ivr_pagina.date_input(key="ivr_periode").set_value(periode).run()
        overzicht.date_input(key="overzicht_periode_ivr").set_value(periode).run()
    for at in (ivr_pagina, overzicht):
        assert not at.exception, at.exception
    for r in verwacht:
        aandeel = fmt.procent(r["verkeerd_gekozen"] / r["gesprekken"])
        van_de = f"{fmt.getal(r['verkeerd_gekozen'])} van {fmt.getal(r['gesprekken'])} gesprekken"
        for at in (ivr_pagina, overzicht):
            assert _metric(at, f"{r['lijn']}-lijn: verkeerd gekozen") == aandeel
            assert van_de in _captions(at)
        # Warm transfers began on 1 July 2021: before that the PDF says n.v.t., as the pages do, not 0.
        warm = "n.v.t." if tot < ivr.WARME_OVERDRACHT_VANAF else fmt.getal(r["warme_overdracht"])
        assert (
            f"{r['lijn']} {fmt.getal(r['gesprekken'])} {fmt.getal(r['verkeerd_gekozen'])} {aandeel} {warm}" in pdf_tekst
        )
    assert f"{fmt.datum(van)} t/m {fmt.datum(tot)}" in _captions(overzicht)
    assert any(f"{fmt.datum(van)} t/m {fmt.datum(tot)}" in h.value for h in ivr_pagina.subheader)
    if periode is None:  # the NCG line read 10,0% on the Overzicht and 9,7% on Telefonie before they shared a path
        ncg = next(r for r in verwacht if r["lijn"] == "NCG")
        assert (ncg["verkeerd_gekozen"], ncg["gesprekken"]) == (634, 6_517)  # the evaluation's figures
        for at in (ivr_pagina, overzicht):
            assert _metric(at, "NCG-lijn: verkeerd gekozen") == "9,7%"
        assert "NCG 6.517 634 9,7%" in pdf_tekst


def test_svip_page_shows_the_milestone_and_follows_its_period(monkeypatch, sample_url):
    from dashboard.store import db

    at = _app(monkeypatch, sample_url, "pages/svip.py")
    assert not at.exception, at.exception
    assert _metric(at, f"Ontvangen t/m {fmt.datum(svip.MIJLPAAL)}") == "500"  # the evaluation's count by mid-2020
    with db.engine(sample_url).connect() as conn:
        assert _metric(at, "SVIP-verzoeken") == fmt.getal(build_report(conn)["svip"]["totaal"])
        venster = (date(2020, 7, 1), date(2021, 3, 31))
        in_venster = build_report(conn, van=venster[0], tot=venster[1])["svip"]["totaal"]
    assert len(at.get("plotly_chart")) == 6

    at.date_input(key="svip_periode").set_value(venster).run()
    assert not at.exception, at.exception
    assert _metric(at, "SVIP-verzoeken") == fmt.getal(in_venster)
    assert _metric(at, f"Ontvangen t/m {fmt.datum(svip.MIJLPAAL)}") == "500"

    next(b for b in at.button if b.label == f"T/m {fmt.datum(svip.MIJLPAAL)}").click().run()
    assert _metric(at, "SVIP-verzoeken") == "500"


def test_svip_gemeente_filter_narrows_to_the_addresses_asked_about(monkeypatch, sample_url):
    from dashboard.store import db

    at = _app(monkeypatch, sample_url, "pages/svip.py")
    at.multiselect(key="svip_gemeenten").set_value(["Groningen"]).run()
    assert not at.exception, at.exception
    with db.engine(sample_url).connect() as conn:
        verwacht = svip.load(conn, Filters(PEILDATUM, gemeenten=("Groningen",)), svip.SvipSelectie(BEGIN, EIND))
    assert _metric(at, "SVIP-verzoeken") == fmt.getal(verwacht.totaal)
    assert _metric(at, f"Ontvangen t/m {fmt.datum(svip.MIJLPAAL)}") == fmt.getal(verwacht.mijlpaal)

    # The sidebar's gemeente filter applies too; the page's filter offers only the gemeenten chosen there.
    at.multiselect(key="f_gemeenten").set_value(["Eemsdelta"]).run()
    assert not at.exception, at.exception
    assert at.multiselect(key="svip_gemeenten").options == ["Eemsdelta"]
    with db.engine(sample_url).connect() as conn:
        verwacht = svip.load(conn, Filters(PEILDATUM, gemeenten=("Eemsdelta",)), svip.SvipSelectie(BEGIN, EIND))
    assert _metric(at, "SVIP-verzoeken") == fmt.getal(verwacht.totaal)


def test_samenwerking_page_shows_the_pilots_and_aos(monkeypatch, sample_url):
    from dashboard.store import db

    at = _app(monkeypatch, sample_url, "pages/samenwerking.py")
    assert not at.exception, at.exception
    with db.engine(sample_url).connect() as conn:
        voorgedragen, opgepakt = samenwerking.load(conn, PEILDATUM).aos()
    assert (voorgedragen, opgepakt) == (57, 3)  # the evaluation's AOS pilot
    assert _metric(at, "Voorgedragen door IMG") == fmt.getal(voorgedragen)
    assert _metric(at, samenwerking.AOS_OPGEPAKT) == fmt.getal(opgepakt)
    assert len(at.get("plotly_chart")) == 5  # three pilot funnels, AOS per month, buddies and exchanges
