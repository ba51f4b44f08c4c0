"""Storing deliveries: atomic, idempotent per peildatum, with a load log; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
import sqlalchemy as sa

import dashboard.store.loader as loader
from builders import base, write_delivery
from dashboard.cli import main as cli
from dashboard.store import db
from dashboard.subjects.rapport_json import build_report


def _report(url: str, **kwargs) -> dict:
    with db.engine(url).connect() as conn:
        return build_report(conn, **kwargs)


def _counts(url: str) -> dict[str, int]:
    with db.engine(url).connect() as conn:
        return {
            t: conn.execute(sa.text(f"select count(*) from {t}")).scalar_one()  # noqa: S608 (the schema's tables)
            for t in (
                "snapshot",
                "ncg_adres",
                "img_schademelding",
                "adres",
                "svip_verzoek",
                "ivr_gesprek",
                "samenwerking_actie",
                "laadlog",
                "laadlog_afwijzing",
            )
        }


def _other_peildatum(files, peildatum="2021-05-31"):
    for row in files["ncg_adressen"] + files["img_schademeldingen"]:
        row["peildatum"] = peildatum
    for row in files["img_schademeldingen"]:
        if row["datum_melding"] > peildatum:
            row["datum_melding"] = "2021-01-04"
    return files


def test_load_stores_the_linked_snapshot(new_database, tmp_path):
    url = new_database()
    result = loader.load_delivery(write_delivery(tmp_path), db.engine(url))
    report = _report(url)
    assert report["peildatum"] == "2021-08-31"
    assert report["adressen"] == {"totaal": 3, "geen_schademelding": 0, "gesloten": 1, "beide_lopend": 2}
    assert report["groepen"] == {"A": 0, "B": 0, "C": 1, "D": 0, "E": 1, "F": 0}
    assert report["fasematrix"] == [
        {"ncg_fase": "opname", "img_fase": "advies", "groep": "C", "aantal": 1},
        {"ncg_fase": "planvorming", "img_fase": "melding", "groep": "E", "aantal": 1},
    ]
    assert report["ivr"] == [
        {"lijn": "IMG", "gesprekken": 1, "verkeerd_gekozen": 0, "warme_overdracht": 0},
        {"lijn": "NCG", "gesprekken": 1, "verkeerd_gekozen": 1, "warme_overdracht": 1},
    ]
    assert report["svip"]["totaal"] == 2
    assert report["samenwerking"] == [
        {"pilot": "koploper", "soort": "gezamenlijke_opname", "status": "gekozen", "aantal": 1}
    ]
    assert result.load_id is not None


def test_rejects_are_kept_in_the_load_log(new_database, tmp_path):
    url = new_database()
    files = base()
    files["ncg_adressen"][2]["fase"] = "9"
    files["ivr_gesprekken"][1]["lijn"] = "EZK"
    # force: a third of the rows rejected would trip the guard against a bad delivery (tested in test_vijandig)
    loader.load_delivery(write_delivery(tmp_path, files), db.engine(url), force=True)
    with db.engine(url).connect() as conn:
        log = conn.execute(sa.text("select rijen_geladen, rijen_afgewezen, bestanden from laadlog")).one()
        rejects = conn.execute(
            sa.text("select bestand, regel, kolom, waarde from laadlog_afwijzing order by bestand")
        ).all()
    assert log.rijen_afgewezen == 2
    assert log.rijen_geladen == 2 + 4 + 2 + 1 + 1
    assert {f["naam"]: f["afgewezen_rijen"] for f in json.loads(log.bestanden)}["ivr_gesprekken"] == 1
    assert [tuple(r) for r in rejects] == [
        ("ivr_gesprekken.csv", 3, "lijn", "EZK"),
        ("ncg_adressen.csv", 4, "fase", "9"),
    ]


def test_reloading_a_peildatum_is_idempotent_and_keeps_other_snapshots(new_database, tmp_path):
    url = new_database()
    eng = db.engine(url)
    loader.load_delivery(write_delivery(tmp_path / "mei", _other_peildatum(base())), eng)
    loader.load_delivery(write_delivery(tmp_path / "aug"), eng)
    first = _report(url)
    counts = _counts(url)
    loader.load_delivery(write_delivery(tmp_path / "aug"), eng)
    assert _report(url) == first
    after = _counts(url)
    assert after["laadlog"] == counts["laadlog"] + 1
    assert {k: v for k, v in after.items() if k != "laadlog"} == {k: v for k, v in counts.items() if k != "laadlog"}
    assert _report(url, peildatum=date(2021, 5, 31))["adressen"]["totaal"] == 3

    # A reload with fewer addresses replaces that snapshot only (forced: it loses two thirds of them).
    smaller = base()
    smaller["ncg_adressen"] = smaller["ncg_adressen"][:1]
    loader.load_delivery(write_delivery(tmp_path / "aug2", smaller), eng, force=True)
    assert _report(url)["adressen"]["totaal"] == 1
    assert _report(url, peildatum=date(2021, 5, 31))["adressen"]["totaal"] == 3


def test_an_unreadable_delivery_exits_nonzero_and_changes_nothing(new_database, tmp_path, capsys):
    url = new_database()
    assert cli(["load", "--source", str(write_delivery(tmp_path / "goed")), "--database", url]) == 0
    before, counts = _report(url), _counts(url)

    bad = write_delivery(tmp_path / "fout")
    (bad / "img_schademeldingen.csv").write_bytes("img_id,postcode\nI1,9919 ÄB\n".encode("utf-16"))
    assert cli(["load", "--source", str(bad), "--database", url]) == 1
    assert "database ongewijzigd" in capsys.readouterr().err
    assert _report(url) == before
    assert _counts(url) == counts


def test_a_failure_while_writing_rolls_back_everything(new_database, tmp_path, monkeypatch):
    url = new_database()
    eng = db.engine(url)
    loader.load_delivery(write_delivery(tmp_path / "eerst"), eng)
    before, counts = _report(url), _counts(url)

    real_insert = loader._insert_rows
    calls = []

    def failing_insert(conn, table, frame):
        calls.append(table.name)
        if table.name == "adres":  # after the claims were already written
            raise sa.exc.OperationalError("insert", {}, Exception("disk full"))
        real_insert(conn, table, frame)

    monkeypatch.setattr(loader, "_insert_rows", failing_insert)
    changed = base()
    changed["ncg_adressen"] = changed["ncg_adressen"][:1]
    with pytest.raises(sa.exc.OperationalError):
        loader.load_delivery(write_delivery(tmp_path / "tweede", changed), eng, force=True)
    assert calls[:2] == ["ncg_adres", "img_schademelding"]
    assert _report(url) == before
    assert _counts(url) == counts


def test_cli_writes_rejects_to_csv(new_database, tmp_path, capsys):
    url = new_database()
    files = base()
    files["img_schademeldingen"][0]["fase"] = "klaar"
    out = tmp_path / "afgewezen.csv"
    assert (
        cli(
            [
                "load",
                "--source",
                str(write_delivery(tmp_path / "d", files)),
                "--database",
                url,
                "--rejects",
                str(out),
                "--force",
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "img_schademeldingen.csv:2 fase='klaar'" in printed
    assert "1 afgewezen" in printed
    assert pl.read_csv(out).rows() == [
        (
            "img_schademeldingen.csv",
            2,
            "fase",
            "klaar",
            "onbekende fase; toegestaan: melding, opname, advies, besluit, afgehandeld",
        )
    ]


def test_cli_report_prints_the_contract_json(new_database, tmp_path, capsys):
    url = new_database()
    cli(["load", "--source", str(write_delivery(tmp_path)), "--database", url, "--quiet"])
    capsys.readouterr()
    assert cli(["report", "--database", url, "--van", "2021-07-01", "--tot", "31-08-2021"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert list(report) == ["peildatum", "adressen", "groepen", "fasematrix", "ivr", "svip", "samenwerking"]
    assert report["ivr"] == [{"lijn": "NCG", "gesprekken": 1, "verkeerd_gekozen": 1, "warme_overdracht": 1}]
    assert report["svip"]["totaal"] == 1 and report["svip"]["per_soort"]["versnelling"] == 1

    assert cli(["report", "--database", url, "--peildatum", "2020-01-01"]) == 1
    assert "geen aanlevering met peildatum 2020-01-01" in capsys.readouterr().err


def test_a_database_with_an_older_schema_is_refused_and_left_alone(new_database, tmp_path):
    url = new_database()
    eng = db.engine(url)
    loader.load_delivery(write_delivery(tmp_path / "d"), eng)
    with eng.begin() as conn:
        conn.execute(sa.text("alter table adres drop column buren_met_melding"))
    with pytest.raises(loader.DeliveryError, match="oudere indeling"):
        loader.load_delivery(write_delivery(tmp_path / "d2"), eng)
    assert db.outdated_tables(eng) == ["adres"]
    with eng.connect() as conn:
        assert conn.execute(sa.text("select count(*) from adres")).scalar_one() == 3
