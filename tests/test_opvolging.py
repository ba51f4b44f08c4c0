"""The follow-up of signals (dashboard.subjects.opvolging), on SQLite and PostgreSQL.

The hand-built deliveries of test_snapshots (31-03-2021 and 31-08-2021: five signals at N1, N5, N6 and
N8) and a third, 30-11-2021, in which N1 moved on to uitvoering (group F: its group B/E signal's cause is
gone, it is still beide lopend) and N8's only claim was settled (no longer beide lopend, no group).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import polars as pl
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from builders import write_delivery
from conftest import ROOT
from dashboard.cli import main as cli
from dashboard.core.filters import Filters
from dashboard.store import db, schema
from dashboard.store.loader import load_delivery
from dashboard.subjects import opvolging, signalen
from test_snapshots import AUGUSTUS, MAART, augustus, maart

NOVEMBER = date(2021, 11, 30)
APP = str(ROOT / "app.py")


def november() -> dict[str, list[dict[str, str]]]:
    files = augustus()
    for row in files["ncg_adressen"] + files["img_schademeldingen"]:
        row["peildatum"] = NOVEMBER.isoformat()
    for row in files["ncg_adressen"]:
        if row["ncg_id"] == "N1":
            row.update(fase="uitvoering", fase_sinds="2021-10-01")
    for row in files["img_schademeldingen"]:
        if row["img_id"] == "I6":
            row.update(fase="afgehandeld", datum_afgehandeld="2021-10-15")
    return files


@pytest.fixture
def deliveries(tmp_path):
    folders = {}
    for peildatum, files in ((MAART, maart()), (AUGUSTUS, augustus()), (NOVEMBER, november())):
        folders[peildatum] = write_delivery(tmp_path / "levering" / peildatum.isoformat(), files)
    return folders


@pytest.fixture
def two(new_database, deliveries):
    """March and August loaded: (url, engine, folders)."""
    url = new_database()
    eng = db.engine(url)
    load_delivery(deliveries[MAART], eng)
    load_delivery(deliveries[AUGUSTUS], eng)
    return url, eng, deliveries


def _records(eng) -> dict[tuple[str, str], dict]:
    with eng.connect() as conn:
        frame = opvolging.werkvoorraad(conn, Filters(AUGUSTUS))
    return {(r["soort"], r["ncg_id"]): r for r in frame.iter_rows(named=True)}


def _expected_signals(eng, peildatum: date, vorige: date) -> set[tuple[str, str]]:
    with eng.connect() as conn:
        return set(signalen.signalen(conn, Filters(peildatum), vorige).select("signaal", "ncg_id").iter_rows())


def _audit(eng, *acties: str) -> list[dict]:
    with eng.connect() as conn:
        rows = conn.execute(
            sa.select(schema.audit).where(schema.audit.c.actie.in_(acties)).order_by(schema.audit.c.audit_id)
        )
        return [dict(r._mapping) for r in rows]


def _count(eng, table: sa.Table) -> int:
    with eng.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


KERNTEAM = {"gebruiker": "an.jansen", "rol": "kernteam"}


# ---------------------------------------------------------------- recording and persistence


def test_each_signal_is_recorded_once_and_its_follow_up_survives_reloads_and_the_next_delivery(two):
    url, eng, folders = two
    expected = _expected_signals(eng, AUGUSTUS, MAART)
    assert len(expected) == 5
    uit = opvolging.bijwerken(eng)
    assert uit.nieuw == 5 and uit.paren == ((AUGUSTUS, MAART),)
    records = _records(eng)
    assert set(records) == expected
    assert {r["status"] for r in records.values()} == {"nieuw"}
    assert opvolging.bijwerken(eng) == opvolging.Bijgewerkt()  # nothing new: nothing done

    # The core team takes N1's group B/E signal up and closes its beide-lopend signal.
    groep = records[("groep_b_e", "N1")]
    beide = records[("beide_lopend", "N1")]
    opvolging.wijzig(
        eng,
        groep["signaal_id"],
        groep["versie"],
        opvolging.Wijziging(
            status="gezamenlijke_opname_gepland",
            eigenaar_organisatie="NCG",
            eigenaar_naam="An Jansen",
            notitie="Opname 12-10 met IMG",
        ),
        **KERNTEAM,
    )
    opvolging.wijzig(
        eng,
        beide["signaal_id"],
        beide["versie"],
        opvolging.Wijziging(
            status="afgerond",
            eigenaar_organisatie="IMG",
            eigenaar_naam="Piet",
            notitie="IMG-dossier geprioriteerd en afgehandeld",
        ),
        **KERNTEAM,
    )
    voor = _records(eng)

    # Reloading August (a corrected delivery) leaves every follow-up record as it was, and so does looking again.
    signaal_rijen = _count(eng, schema.signaal)
    load_delivery(folders[AUGUSTUS], eng)
    assert _count(eng, schema.signaal) == signaal_rijen
    assert _records(eng) == voor  # the loader did not touch the table
    uit = opvolging.bijwerken(eng)
    assert uit.paren == ((AUGUSTUS, MAART),) and uit.nieuw == 0  # the reloaded pair looked at again
    na = _records(eng)
    assert {k: (r["status"], r["eigenaar_naam"], r["notitie"], r["versie"]) for k, r in na.items()} == {
        k: (r["status"], r["eigenaar_naam"], r["notitie"], r["versie"]) for k, r in voor.items()
    }

    # November: the same signals, none new; N1's group B/E and N8's group B/E causes are gone.
    load_delivery(folders[NOVEMBER], eng)
    assert _records(eng) == na  # loading never touches the follow-up
    nieuw_in_november = _expected_signals(eng, NOVEMBER, AUGUSTUS)
    uit = opvolging.bijwerken(eng)
    assert uit.paren == ((NOVEMBER, AUGUSTUS),)
    assert uit.nieuw == len(nieuw_in_november - expected) == 0
    assert (uit.vervallen, uit.gesloten, uit.terug) == (2, 1, 0)
    records = _records(eng)
    assert len(records) == 5
    # Acted on: marked, still open with its owner and note.
    n1 = records[("groep_b_e", "N1")]
    assert n1["oorzaak_vervallen"] == NOVEMBER
    assert (n1["status"], n1["eigenaar_naam"], n1["notitie"]) == (
        "gezamenlijke_opname_gepland",
        "An Jansen",
        "Opname 12-10 met IMG",
    )
    # Nobody acted: marked and closed by the system.
    n8 = records[("groep_b_e", "N8")]
    assert n8["oorzaak_vervallen"] == NOVEMBER and n8["status"] == "geen_actie_nodig"
    assert n8["gewijzigd_door"] == opvolging.SYSTEEM and n8["eerste_actie_op"] is None
    # Still there: not marked.
    assert records[("beide_lopend", "N1")]["oorzaak_vervallen"] is None
    assert records[("aos", "N6")]["oorzaak_vervallen"] is None
    assert records[("beide_lopend", "N1")]["laatst_gezien"] == NOVEMBER
    # The page shows the mark.
    shown = opvolging.lijst(pl.DataFrame([n1, n8]))
    assert shown["Oorzaak"].to_list() == ["vervallen per 30-11-2021"] * 2
    assert shown["Status"].to_list() == ["Gezamenlijke opname gepland", "Geen actie nodig"]
    with eng.connect() as conn:
        historie = opvolging.historie(conn, "N8")
    assert historie["actie"].to_list() == ["automatisch_gesloten", "aangemaakt"]
    assert "30-11-2021" in historie["notitie"][0]


def test_a_cause_that_comes_back_clears_the_mark_and_reopens_what_the_system_closed(two):
    url, eng, folders = two
    opvolging.bijwerken(eng)
    load_delivery(folders[NOVEMBER], eng)
    opvolging.bijwerken(eng)
    assert _records(eng)[("groep_b_e", "N8")]["status"] == "geen_actie_nodig"
    # A corrected November delivery: N8's claim is running after all.
    write_delivery(
        folders[NOVEMBER],
        {
            k: [dict(r, peildatum=NOVEMBER.isoformat()) for r in v]
            if k in ("ncg_adressen", "img_schademeldingen")
            else v
            for k, v in augustus().items()
        },
    )
    load_delivery(folders[NOVEMBER], eng)
    uit = opvolging.bijwerken(eng)
    assert uit.terug == 2  # N1's and N8's group B/E causes are back
    records = _records(eng)
    assert records[("groep_b_e", "N8")]["status"] == "nieuw"
    assert records[("groep_b_e", "N8")]["oorzaak_vervallen"] is None
    assert records[("groep_b_e", "N1")]["oorzaak_vervallen"] is None


def test_a_rebuilt_embedded_schema_keeps_the_follow_up(two):
    url, eng, _ = two
    opvolging.bijwerken(eng)
    rijen = _count(eng, schema.signaal)
    db.drop_schema(eng)  # what the app does to an embedded database with an outdated schema
    assert set(sa.inspect(eng).get_table_names()) == {t.name for t in schema.OPVOLGING_TABELLEN}
    db.create_schema(eng)
    assert _count(eng, schema.signaal) == rijen


# ---------------------------------------------------------------- changes by people


def test_two_sessions_editing_one_signal_do_not_overwrite_each_other(two):
    url, eng, _ = two
    opvolging.bijwerken(eng)
    rij = _records(eng)[("aos", "N6")]
    versie = rij["versie"]  # both sessions read this version
    nieuw = opvolging.wijzig(
        eng,
        rij["signaal_id"],
        versie,
        opvolging.Wijziging(status="in_behandeling", eigenaar_organisatie="IMG", eigenaar_naam="Els"),
        gebruiker="els",
        rol="kernteam",
    )
    assert nieuw == versie + 1
    with pytest.raises(opvolging.Conflict) as conflict:
        opvolging.wijzig(
            eng,
            rij["signaal_id"],
            versie,
            opvolging.Wijziging(status="geen_actie_nodig", notitie="Geen samenloop"),
            **KERNTEAM,
        )
    tekst = str(conflict.value)
    assert f"Signaal {rij['signaal_id']} is intussen gewijzigd door els" in tekst
    assert "Uw wijziging is niet opgeslagen" in tekst
    stored = _records(eng)[("aos", "N6")]
    assert (stored["status"], stored["eigenaar_naam"], stored["versie"]) == ("in_behandeling", "Els", versie + 1)

    # Several at once: the stale one is refused, the others are saved.
    records = _records(eng)
    versies = {r["signaal_id"]: r["versie"] for r in records.values() if r["ncg_id"] in ("N5", "N8")}
    versies[rij["signaal_id"]] = versie  # stale
    uit = opvolging.wijzig_meerdere(eng, versies, opvolging.Wijziging(status="in_behandeling"), **KERNTEAM)
    assert sorted(uit.gelukt) == sorted(i for i in versies if i != rij["signaal_id"])
    assert list(uit.mislukt) == [rij["signaal_id"]] and "intussen gewijzigd" in uit.mislukt[rij["signaal_id"]]


def test_closing_needs_a_note_and_afgerond_an_owner(two):
    url, eng, _ = two
    opvolging.bijwerken(eng)
    rij = _records(eng)[("nieuw_met_melding", "N5")]
    with pytest.raises(opvolging.OngeldigeWijziging, match="notitie"):
        opvolging.wijzig(eng, rij["signaal_id"], rij["versie"], opvolging.Wijziging(status="afgerond"), **KERNTEAM)
    with pytest.raises(opvolging.OngeldigeWijziging, match="eigenaar"):
        opvolging.wijzig(
            eng, rij["signaal_id"], rij["versie"], opvolging.Wijziging(status="afgerond", notitie="klaar"), **KERNTEAM
        )
    with pytest.raises(opvolging.OngeldigeWijziging, match="Onbekende status"):
        opvolging.wijzig(eng, rij["signaal_id"], rij["versie"], opvolging.Wijziging(status="weg"), **KERNTEAM)
    assert _records(eng)[("nieuw_met_melding", "N5")]["versie"] == rij["versie"]  # nothing written


def test_every_change_leaves_an_audit_row_and_a_history_row(two):
    url, eng, _ = two
    opvolging.bijwerken(eng)
    sync = _audit(eng, "signalen_bijgewerkt")
    assert len(sync) == 1 and sync[0]["aantal_rijen"] == 5 and json.loads(sync[0]["filters"])["nieuw"] == 5
    assert _count(eng, schema.signaal_wijziging) == 5

    rij = _records(eng)[("aos", "N6")]
    v = opvolging.wijzig(
        eng,
        rij["signaal_id"],
        rij["versie"],
        opvolging.Wijziging(eigenaar_organisatie="NCG", eigenaar_naam="an.jansen"),
        **KERNTEAM,
    )
    v = opvolging.wijzig(eng, rij["signaal_id"], v, opvolging.Wijziging(notitie="Bewoner gebeld"), **KERNTEAM)
    opvolging.wijzig(eng, rij["signaal_id"], v, opvolging.Wijziging(status="afgerond", notitie="Klaar"), **KERNTEAM)
    nr = opvolging.melden(
        eng, "N3", "Melding van begeleider: bewoner vraagt om één aanspreekpunt", peildatum=AUGUSTUS, **KERNTEAM
    )
    with pytest.raises(opvolging.OngeldigeWijziging, match="niet op de lijst"):
        opvolging.melden(eng, "N404", "Melding van begeleider", peildatum=AUGUSTUS, **KERNTEAM)

    rows = _audit(eng, "signaal_gewijzigd", "signaal_gemeld")
    assert [(r["actie"], r["gebruiker"], r["rol"]) for r in rows] == [
        ("signaal_gewijzigd", "an.jansen", "kernteam")
    ] * 3 + [("signaal_gemeld", "an.jansen", "kernteam")]
    assert [json.loads(r["filters"])["signaal_id"] for r in rows] == [rij["signaal_id"]] * 3 + [nr]
    assert "Bewoner gebeld" not in json.dumps([r["filters"] for r in rows])  # notes stay in the history only
    with eng.connect() as conn:
        historie = opvolging.historie(conn, "N6")
        handmatig = opvolging.historie(conn, "N3")
    assert historie["actie"].to_list() == ["gewijzigd", "gewijzigd", "gewijzigd", "aangemaakt"]
    assert historie["status"].to_list() == ["afgerond", "nieuw", "nieuw", "nieuw"]
    assert historie["notitie"].to_list()[:3] == ["Klaar", "Bewoner gebeld", None]
    assert handmatig["actie"].to_list() == ["gemeld"] and handmatig["soort"].to_list() == ["handmatig"]
    record = _records(eng)[("aos", "N6")]
    assert record["eerste_actie_op"] is not None and record["afgesloten_op"] is not None


# ---------------------------------------------------------------- the KPIs and who sees them


def test_the_kpis_count_first_actions_and_outcomes():
    nu = datetime(2026, 11, 30, 9, 0)
    frame = pl.DataFrame(
        {
            "soort": ["aos", "aos", "groep_b_e", "beide_lopend", "handmatig"],
            "status": ["afgerond", "in_behandeling", "nieuw", "nieuw", "geen_actie_nodig"],
            "gesignaleerd_op": [
                nu - timedelta(days=30),
                nu - timedelta(days=30),
                nu - timedelta(days=20),
                nu - timedelta(days=3),
                nu - timedelta(days=10),
            ],
            "eerste_actie_op": [nu - timedelta(days=28), nu - timedelta(days=10), None, None, nu - timedelta(days=9)],
            "afgesloten_op": [nu - timedelta(days=1), None, None, None, nu - timedelta(days=9)],
            "aantal_vervallen": [0, 1, 0, 0, 0],
        }
    )
    k = opvolging.kpi_uit(frame, nu.date())
    # Old enough or acted on: 4 (not the 3-day-old one); within 14 days: 2 (2 days, 1 day); 20 days: too late.
    assert (k.noemer_actie, k.met_actie) == (4, 3)
    assert k.binnen_termijn == pytest.approx(2 / 4)
    assert k.mediaan_dagen == pytest.approx(2.0)  # 2, 20 and 1 days
    assert dict(k.uitkomsten.select("status", "aantal").iter_rows()) == {
        "nieuw": 2,
        "in_behandeling": 1,
        "gezamenlijke_opname_gepland": 0,
        "geprioriteerd_bij_img": 0,
        "geen_actie_nodig": 1,
        "afgerond": 1,
    }
    assert k.totaal == 5 and k.vervallen == 1
    assert int(k.per_week["aantal"].sum()) == 5


def test_aggregate_roles_see_perturbed_counts(two):
    from dashboard.store import celsleutel
    from dashboard.subjects import verstoring

    url, eng, _ = two
    opvolging.bijwerken(eng)
    rij = _records(eng)[("aos", "N6")]
    opvolging.wijzig(
        eng,
        rij["signaal_id"],
        rij["versie"],
        opvolging.Wijziging(status="in_behandeling", eigenaar_organisatie="NCG"),
        **KERNTEAM,
    )
    with eng.connect() as conn:
        signalen_ = opvolging.kpi_signalen(conn, Filters(AUGUSTUS))
    open_ = opvolging.kpi_uit(signalen_)
    beschermd = verstoring.opvolging_kpi(signalen_, None, 5)
    assert "sleutel" in signalen_.columns and signalen_["sleutel"].is_between(0, 255).all()
    # 5 signals: 1-2 of each kind, 4 new and 1 in behandeling.
    assert sorted(open_.per_week["aantal"].to_list()) == [1, 1, 1, 2]
    assert beschermd.per_week.select("periode", "soort").equals(open_.per_week.select("periode", "soort"))
    paren = list(zip(beschermd.per_week["aantal"], open_.per_week["aantal"]))
    paren += list(zip(beschermd.uitkomsten["aantal"], open_.uitkomsten["aantal"]))
    paren += [
        (beschermd.totaal, open_.totaal),
        (beschermd.vervallen, open_.vervallen),
        (beschermd.met_actie, open_.met_actie),
        (beschermd.noemer_actie, open_.noemer_actie),
    ]
    for gepubliceerd, n in paren:  # nothing hidden; within the table's bounds; 0 stays 0
        assert gepubliceerd is not None and abs(gepubliceerd - n) <= celsleutel.MAX_AFWIJKING, (gepubliceerd, n)
        assert gepubliceerd >= 0 and (n != 0 or gepubliceerd == 0)
    assert beschermd.mediaan_dagen is None  # rests on 1 signal
    assert opvolging.tekst_mediaan(beschermd, 5) in ("n<5", "–")
    nog = verstoring.opvolging_kpi(signalen_, None, 5)  # the same view twice: the same numbers
    assert nog.per_week.equals(beschermd.per_week) and nog.uitkomsten.equals(beschermd.uitkomsten)
    tabel = opvolging.week_tabel(beschermd)
    assert "<5" not in {str(v) for r in tabel.rows() for v in r}


def _as(monkeypatch, url: str, rol: str, pagina: str) -> AppTest:
    from dashboard.app import sessie

    monkeypatch.setattr(sessie, "_alleen_voorbeelddata", lambda url: True)  # demo mode on a hand-built database
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["demo_rol"] = rol
    at.run()
    at.switch_page(f"pages/{pagina}.py").run()
    assert not at.exception, at.exception
    return at


def test_the_steering_group_sees_the_follow_up_kpis_perturbed_on_overzicht(monkeypatch, two):
    from dashboard.subjects import verstoring

    url, eng, _ = two
    at = _as(monkeypatch, url, "stuurgroep", "overzicht")  # the page records the signals itself

    def verwacht():
        with eng.connect() as conn:
            return verstoring.opvolging_kpi(opvolging.kpi_signalen(conn, Filters(AUGUSTUS)), None, 5)

    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Signalen"] == str(verwacht().totaal)
    assert metrics["Eerste actie binnen 2 weken"] == "–"  # nothing acted on yet, nothing old enough
    uitkomsten = next(d.value for d in at.dataframe if "Status" in d.value.columns and "Signalen" in d.value.columns)
    assert [int(n) for n in uitkomsten["Signalen"]] == verwacht().uitkomsten["aantal"].to_list()

    rij = _records(eng)[("aos", "N6")]
    opvolging.wijzig(eng, rij["signaal_id"], rij["versie"], opvolging.Wijziging(status="in_behandeling"), **KERNTEAM)
    at = _as(monkeypatch, url, "stuurgroep", "overzicht")
    data = verwacht()
    uitkomsten = next(d.value for d in at.dataframe if "Status" in d.value.columns and "Signalen" in d.value.columns)
    assert [int(n) for n in uitkomsten["Signalen"]] == data.uitkomsten["aantal"].to_list()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mediane tijd tot eerste actie"] in ("n<5", "–")  # a median of one signal is not shown
    week = next(d.value for d in at.dataframe if "Week van" in d.value.columns)
    assert "<5" not in {str(v) for v in week.drop(columns="Week van").to_numpy().ravel()}
    assert sorted(int(v) for v in week.drop(columns=["Week van", "Totaal"]).to_numpy().ravel() if v == v) == sorted(
        [
            *data.per_week["aantal"].to_list(),
            *[0] * (week.drop(columns=["Week van", "Totaal"]).size - data.per_week.height),
        ]
    )

    # The core team sees the exact figures and the work queue; the steering group has no Signalen page.
    at = _as(monkeypatch, url, "kernteam", "overzicht")
    uitkomsten = next(d.value for d in at.dataframe if "Status" in d.value.columns and "Signalen" in d.value.columns)
    assert uitkomsten["Signalen"].tolist() == [4, 1, 0, 0, 0, 0]
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # no Signalen page for this role
        _as(monkeypatch, url, "stuurgroep", "signalen")


def test_the_work_queue_filters_by_status_owner_and_age(monkeypatch, two):
    url, eng, _ = two
    opvolging.bijwerken(eng)
    rij = _records(eng)[("aos", "N6")]
    opvolging.wijzig(
        eng,
        rij["signaal_id"],
        rij["versie"],
        opvolging.Wijziging(status="in_behandeling", eigenaar_organisatie="IMG", eigenaar_naam="demo"),
        **KERNTEAM,
    )
    at = _as(monkeypatch, url, "kernteam", "signalen")
    assert not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert (
        metrics["Open signalen"] == "5" and metrics["Nog niet opgepakt"] == "4" and metrics["Aan mij toegewezen"] == "1"
    )
    assert at.dataframe[0].value.shape[0] == 5
    at.selectbox(key="sg_eigenaar").set_value("mij").run()
    assert at.dataframe[0].value["Adres"].tolist() == [_records(eng)[("aos", "N6")]["straat"] + " 4"]
    at.selectbox(key="sg_eigenaar").set_value("iedereen").run()
    at.multiselect(key="sg_status").set_value(["in_behandeling"]).run()
    assert at.dataframe[0].value["Status"].tolist() == ["In behandeling"]
    at.multiselect(key="sg_status").set_value([]).run()
    at.selectbox(key="sg_leeftijd").set_value(14).run()
    assert at.dataframe[0].value.shape[0] == 0  # everything was recorded today


# ---------------------------------------------------------------- the command line


def test_cli_signals_adds_the_follow_up_and_exports_open_signals_per_owner(two, tmp_path, capsys):
    url, eng, _ = two
    opvolging.bijwerken(eng)
    records = _records(eng)
    rij = records[("groep_b_e", "N8")]
    opvolging.wijzig(
        eng,
        rij["signaal_id"],
        rij["versie"],
        opvolging.Wijziging(status="geprioriteerd_bij_img", eigenaar_organisatie="IMG", eigenaar_naam="Piet"),
        **KERNTEAM,
    )
    out = tmp_path / "s.csv"
    assert cli(["signals", "--since", "2021-04-30", "--database", url, "--out", str(out)]) == 0
    csv = pl.read_csv(out, infer_schema=False)
    assert csv.columns == [*signalen.CSV_KOLOMMEN, *opvolging.OPVOLGING_KOLOMMEN]  # the old columns first, unchanged
    status = {(r["signaal"], r["ncg_id"]): (r["status"], r["eigenaar_naam"]) for r in csv.iter_rows(named=True)}
    assert status[("groep_b_e", "N8")] == ("geprioriteerd_bij_img", "Piet")
    assert sum(1 for s, _ in status.values() if s == "nieuw") == 4
    capsys.readouterr()

    assert cli(["signals", "--open", "--database", url, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    export = pl.read_csv(out, infer_schema=False)
    assert export.columns == list(opvolging.EXPORT_KOLOMMEN)
    assert export.height == 5
    assert export["eigenaar_naam"].to_list()[0] == "Piet"  # per owner, the unowned last
    assert "     1  IMG: Piet" in err and "     4  zonder eigenaar" in err and "5 open signalen" in err

    opvolging.wijzig(
        eng,
        rij["signaal_id"],
        rij["versie"] + 1,
        opvolging.Wijziging(status="afgerond", notitie="Opgelost"),
        **KERNTEAM,
    )
    assert cli(["signals", "--open", "--database", url]) == 0
    assert "4 open signalen" in capsys.readouterr().err
    assert cli(["signals", "--all", "--database", url]) == 0
    captured = capsys.readouterr()
    assert "5 signalen" in captured.err and "afgerond" in captured.out


def test_raising_a_signal_by_hand_on_the_page(monkeypatch, two):
    url, eng, _ = two
    at = _as(monkeypatch, url, "kernteam", "signalen")

    def melden(adres: str, reden: str) -> None:
        # A form's values count when it is submitted: fill it in and submit in one run.
        at.text_input(key="sg_n_adres").input(adres)
        at.text_input(key="sg_n_reden").input(reden)
        next(b for b in at.button if b.label == "Signaal vastleggen").click().run()
        assert not at.exception, at.exception

    melden("9919 ac 6", "Melding van begeleider:")  # N7, by postcode and house number; the template alone
    assert any("Vul bij de reden aan" in e.value for e in at.error)

    melden("9919 ac 6", "Melding van begeleider: bewoner wil één gezamenlijke opname")
    assert any(s.value.startswith("Signaal ") and "vastgelegd voor N7" in s.value for s in at.success)
    handmatig = [r for k, r in _records(eng).items() if k[0] == "handmatig"]
    assert [(r["ncg_id"], r["status"], r["reden"]) for r in handmatig] == [
        ("N7", "nieuw", "Melding van begeleider: bewoner wil één gezamenlijke opname")
    ]
    assert "Handmatig gemeld" in at.dataframe[0].value["Signaal"].tolist()

    melden("<script>NCG-404</script>", "Melding van begeleider: iets")
    assert any("Geen adres gevonden" in e.value for e in at.error)
    assert len([k for k in _records(eng) if k[0] == "handmatig"]) == 1
