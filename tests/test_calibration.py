"""The bundled sample, loaded and reported, reproduces the evaluation's figures (domain.md), on both backends."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from dashboard.subjects.rapport_json import build_report


@pytest.fixture
def report(sample_conn):
    return build_report(sample_conn)


def _scalar(conn, sql: str, **params):
    return conn.execute(sa.text(sql), params).scalar_one()


def test_figure_1(report):
    assert report["peildatum"] == "2021-08-31"
    assert report["adressen"] == {
        "totaal": 26_800,
        "geen_schademelding": 17_700,
        "gesloten": 7_700,
        "beide_lopend": 1_400,
    }


def test_figure_2_groups_add_up_and_every_group_occurs(report):
    assert sum(report["groepen"].values()) == 1_400
    assert sum(c["aantal"] for c in report["fasematrix"]) == 1_400
    assert all(n > 0 for n in report["groepen"].values()), report["groepen"]
    assert max(report["groepen"], key=report["groepen"].get) == "E"  # planvorming is NCG's largest phase
    assert {c["ncg_fase"] for c in report["fasematrix"]} <= {
        "nog_te_starten",
        "opname",
        "beoordeling",
        "planvorming",
        "uitvoering",
    }
    assert {c["img_fase"] for c in report["fasematrix"]} <= {"melding", "opname", "advies", "besluit"}


def test_ncg_phases_are_shaped_like_the_public_figures(sample_conn):
    rows = sample_conn.execute(
        sa.text(
            "select ncg_fase_nr, count(*) from adres where peildatum = :p group by ncg_fase_nr order by ncg_fase_nr"
        ),
        {"p": date(2021, 8, 31)},
    ).all()
    shares = [n / 26_800 for _, n in rows]
    public = [0.11, 0.12, 0.24, 0.38, 0.06, 0.09]
    assert [nr for nr, _ in rows] == [1, 2, 3, 4, 5, 6]
    assert all(abs(s - p) <= 0.02 for s, p in zip(shares, public)), shares


def test_municipalities(sample_conn):
    per = dict(
        sample_conn.execute(
            sa.text("select gemeente, count(*) from adres where peildatum = :p group by gemeente"),
            {"p": date(2021, 8, 31)},
        ).all()
    )
    assert set(per) == {"Eemsdelta", "Groningen", "Midden-Groningen", "Het Hogeland", "Oldambt"}
    assert max(per, key=per.get) == "Eemsdelta"
    assert per["Groningen"] == pytest.approx(5_000, rel=0.05)
    assert per["Midden-Groningen"] == pytest.approx(3_500, rel=0.05)
    assert per["Het Hogeland"] == pytest.approx(2_350, rel=0.05)
    assert per["Oldambt"] < 1_000


def test_claims_mostly_outside_the_ncg_list_and_several_per_address(sample_conn):
    p = {"p": date(2021, 8, 31)}
    total = _scalar(sample_conn, "select count(*) from img_schademelding where peildatum = :p", **p)
    linked = _scalar(
        sample_conn, "select count(*) from img_schademelding where peildatum = :p and ncg_id is not null", **p
    )
    by_bag = _scalar(
        sample_conn, "select count(*) from img_schademelding where peildatum = :p and koppeling = 'bag_id'", **p
    )
    addresses = _scalar(
        sample_conn,
        "select count(*) from (select distinct postcode, huisnummer, huisletter, toevoeging "
        "from img_schademelding where peildatum = :p) as a",
        **p,
    )
    assert total == pytest.approx(150_000, rel=0.03)
    assert linked < total / 2
    assert by_bag > 0
    assert total / addresses > 1.3


def test_every_ncg_address_with_coordinates_is_in_groningen(sample_conn):
    lat_min, lat_max, lon_min, lon_max = sample_conn.execute(
        sa.text("select min(lat), max(lat), min(lon), max(lon) from adres where peildatum = :p"),
        {"p": date(2021, 8, 31)},
    ).one()
    assert lat_min > 53.0 and lat_max < 53.5
    assert lon_min > 6.4 and lon_max < 7.1


def test_ivr_first_half_of_2021(sample_conn):
    report = build_report(sample_conn, van=date(2021, 1, 1), tot=date(2021, 6, 30))
    assert report["ivr"] == [
        {"lijn": "IMG", "gesprekken": 57_352, "verkeerd_gekozen": 745, "warme_overdracht": 0},
        {"lijn": "NCG", "gesprekken": 6_517, "verkeerd_gekozen": 634, "warme_overdracht": 0},
    ]


def test_warm_transfers_only_from_july_2021(sample_conn):
    report = build_report(sample_conn, van=date(2021, 7, 1), tot=date(2021, 8, 31))
    assert all(r["warme_overdracht"] > 0 for r in report["ivr"])
    first = _scalar(sample_conn, "select min(datum) from ivr_gesprek where peildatum = :p", p=date(2021, 8, 31))
    assert str(first) == "2021-01-03"


def test_svip_500_requests_by_mid_2020_with_the_seeds_top_three(sample_conn):
    svip = build_report(sample_conn, tot=date(2020, 6, 30))["svip"]
    assert svip["totaal"] == 500
    ranked = sorted(svip["per_soort"], key=svip["per_soort"].get, reverse=True)
    assert ranked[:3] == ["statusuitwisseling", "samenwerking", "versnelling"]
    first = _scalar(
        sample_conn, "select min(datum_ontvangen) from svip_verzoek where peildatum = :p", p=date(2021, 8, 31)
    )
    assert str(first)[:7] in ("2019-09", "2019-10", "2019-11")


def _joint(report, pilot=None, soort=None, status=None) -> int:
    return sum(
        r["aantal"]
        for r in report["samenwerking"]
        if (pilot is None or r["pilot"] == pilot)
        and (soort is None or r["soort"] == soort)
        and (status is None or r["status"] in status)
    )


def test_pilots(report):
    # Koploper: 60 addresses, joint inspection possible at 4, chosen at 1.
    assert _joint(report, "koploper") == 60
    assert _joint(report, "koploper", "gezamenlijke_opname") == 4
    assert _joint(report, "koploper", "gezamenlijke_opname", {"gekozen", "uitgevoerd"}) == 1
    # Bouwimpuls: information exchanged on 150 addresses.
    assert _joint(report, "bouwimpuls", "informatie_uitwisseling") == 150
    # Urgente combinatiedossiers: 20 suitable, 10 joint inspections, joint execution explored at 3.
    assert _joint(report, "urgente_combinatiedossiers", "gezamenlijke_opname") == 20
    assert _joint(report, "urgente_combinatiedossiers", "gezamenlijke_opname", {"uitgevoerd"}) == 10
    assert _joint(report, "urgente_combinatiedossiers", "gezamenlijke_uitvoering") == 3
    # AOS: 57 nominated, 3 picked up.
    assert _joint(report, None, "aos_voordracht") == 57
    assert _joint(report, None, "aos_voordracht", {"uitgevoerd"}) == 3


def test_the_sample_loads_without_rejects(sample_conn):
    assert _scalar(sample_conn, "select count(*) from laadlog_afwijzing") == 0
