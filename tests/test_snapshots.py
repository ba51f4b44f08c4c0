"""Over time: the sample's two snapshots, the trend and flows between snapshots, the signals, data quality.

Most tests use a hand-built pair of deliveries (31-03-2021 and 31-08-2021) whose every flow and
signal is known, on SQLite and PostgreSQL:

    address  31-03-2021                        31-08-2021                         signals
    N1       beoordeling, no claim             planvorming x melding, beide, E    beide_lopend, groep_b_e
    N2       opname x AOS melding, beide, B    opname x AOS advies, beide, C      -
    N3       afgerond, settled claim           the same (gesloten)                -
    N4       beoordeling, no claim             not on the list                    -
    N5       not on the list (claim running)   nog te starten x besluit, beide, A nieuw_met_melding
    N6       beoordeling, no claim             beoordeling, AOS settled, gesloten aos
    N7       not on the list                   opname, no claim                   -
    N8       beoordeling x melding, beide, D   planvorming x melding, beide, E    groep_b_e
"""

from __future__ import annotations

import copy
import json
from datetime import date

import polars as pl
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from builders import base, write_delivery
from conftest import ROOT, SAMPLE, open_app
from dashboard.app import dossier, sessie
from dashboard.cli import main as cli
from dashboard.core import fmt
from dashboard.core.filters import Filters
from dashboard.devtools import chromium
from dashboard.store import db
from dashboard.store.loader import delivery_folders, load_deliveries, load_delivery
from dashboard.store.voorbeeld.generate import generate_sample
from dashboard.subjects import datakwaliteit, opvolging, signalen, trend
from dashboard.subjects.rapport_json import build_report

MAART, AUGUSTUS = date(2021, 3, 31), date(2021, 8, 31)
APP = str(ROOT / "app.py")


def _ncg(ncg_id: str, postcode: str, huisnummer: str, fase: str, gemeente: str = "Eemsdelta", **extra) -> dict:
    row = dict.fromkeys(base()["ncg_adressen"][0], "")
    row.update(
        ncg_id=ncg_id,
        peildatum=AUGUSTUS.isoformat(),
        postcode=postcode,
        huisnummer=huisnummer,
        fase=fase,
        gemeente=gemeente,
        programma="regulier",
        woonplaats="Loppersum",
        straat="Wierdeweg",
    )
    row.update(extra)
    return row


def _claim(
    img_id: str, postcode: str, huisnummer: str, soort: str, fase: str, melding: str, afgehandeld: str = "", **extra
) -> dict:
    row = dict.fromkeys(base()["img_schademeldingen"][0], "")
    row.update(
        img_id=img_id,
        peildatum=AUGUSTUS.isoformat(),
        postcode=postcode,
        huisnummer=huisnummer,
        schadesoort=soort,
        fase=fase,
        datum_melding=melding,
        datum_afgehandeld=afgehandeld,
    )
    row.update(extra)
    return row


def augustus() -> dict[str, list[dict[str, str]]]:
    """The builders' base delivery (N1-N3, claims I1-I4) with N5-N8 and claims I5-I7 added."""
    files = base()
    files["ncg_adressen"] += [
        _ncg("N5", "9999ZZ", "1", "nog_te_starten"),
        _ncg("N6", "9919AC", "4", "beoordeling"),
        _ncg("N7", "9919AC", "6", "opname"),
        _ncg(
            "N8", "9711EF", "9", "planvorming", gemeente="Groningen", bag_id="0014200000000008", woonplaats="Groningen"
        ),
    ]
    files["img_schademeldingen"] += [
        _claim("I5", "9919AC", "4", "aos", "afgehandeld", "2021-06-01", "2021-07-15"),
        _claim("I6", "9711 ef", "9", "fysieke_schade", "melding", "2021-03-01", bag_id="0014200000000008"),
        _claim("I7", "9998AA", "2", "fysieke_schade", "opname", "2021-06-10"),
    ]
    return files


def maart() -> dict[str, list[dict[str, str]]]:
    """The same addresses and claims on 31-03-2021: earlier phases, claims made by then in their phase then."""
    later = augustus()
    fase = {"N1": "beoordeling", "N2": "opname", "N3": "afgerond", "N6": "beoordeling", "N8": "beoordeling"}
    ncg = [dict(r, fase=fase[r["ncg_id"]]) for r in later["ncg_adressen"] if r["ncg_id"] in fase]
    ncg.append(_ncg("N4", "9711EF", "11", "beoordeling", gemeente="Groningen", woonplaats="Groningen"))
    ncg.append(_ncg("NX", "9919AD", "1", "9"))  # rejected: no such phase
    fase_toen = {"I2": "melding", "I3": "afgehandeld", "I4": "besluit", "I6": "melding"}
    claims = [dict(r, fase=fase_toen[r["img_id"]]) for r in later["img_schademeldingen"] if r["img_id"] in fase_toen]
    claims.append(_claim("IX", "9919AD", "1", "brand", "melding", "2021-01-04"))  # rejected: no such kind
    files = {"ncg_adressen": ncg, "img_schademeldingen": claims}
    for row in files["ncg_adressen"] + files["img_schademeldingen"]:
        row["peildatum"] = MAART.isoformat()
    for row in files["ncg_adressen"]:
        row["fase_sinds"] = "" if row["fase_sinds"] > MAART.isoformat() else row["fase_sinds"]
    files["svip_verzoeken"] = copy.deepcopy(later["svip_verzoeken"][:1])
    return files


@pytest.fixture
def two_snapshots(new_database, tmp_path) -> str:
    """A database holding the hand-built March and August deliveries (loads 1 and 2)."""
    url = new_database()
    write_delivery(tmp_path / "levering" / MAART.isoformat(), maart())
    write_delivery(tmp_path / "levering" / AUGUSTUS.isoformat(), augustus())
    load_deliveries(tmp_path / "levering", db.engine(url))
    return url


def _signals(url: str, **filters) -> set[tuple[str, str]]:
    with db.engine(url).connect() as conn:
        frame = signalen.signalen(conn, Filters(AUGUSTUS, **filters), MAART)
    return set(frame.select("signaal", "ncg_id").iter_rows())


# ---------------------------------------------------------------- the hand-built pair is what the docstring says


def test_the_two_snapshots_classify_as_designed(two_snapshots):
    with db.engine(two_snapshots).connect() as conn:
        rows = conn.execute(sa.text("select peildatum, ncg_id, categorie, groep from adres order by peildatum, ncg_id"))
        got = {(str(p), n): (c, g) for p, n, c, g in rows}
    assert got == {
        ("2021-03-31", "N1"): ("geen_schademelding", None),
        ("2021-03-31", "N2"): ("beide_lopend", "B"),
        ("2021-03-31", "N3"): ("gesloten", None),
        ("2021-03-31", "N4"): ("geen_schademelding", None),
        ("2021-03-31", "N6"): ("geen_schademelding", None),
        ("2021-03-31", "N8"): ("beide_lopend", "D"),
        ("2021-08-31", "N1"): ("beide_lopend", "E"),
        ("2021-08-31", "N2"): ("beide_lopend", "C"),
        ("2021-08-31", "N3"): ("gesloten", None),
        ("2021-08-31", "N5"): ("beide_lopend", "A"),
        ("2021-08-31", "N6"): ("gesloten", None),
        ("2021-08-31", "N7"): ("geen_schademelding", None),
        ("2021-08-31", "N8"): ("beide_lopend", "E"),
    }


# ---------------------------------------------------------------- signals


def test_each_kind_of_signal_and_nothing_else(two_snapshots):
    assert _signals(two_snapshots) == {
        ("beide_lopend", "N1"),  # geen schademelding -> beide lopend
        ("groep_b_e", "N1"),  # no group -> E
        ("groep_b_e", "N8"),  # D -> E (already beide lopend: no beide_lopend signal)
        ("aos", "N6"),  # an AOS claim made and settled while on the list
        ("nieuw_met_melding", "N5"),  # new on the list with a running claim
    }
    # Not signals: N2 (B -> C, its AOS claim was there before), N3 (unchanged), N4 (left the list),
    # N7 (new without a claim).


def test_signals_honour_the_global_filters(two_snapshots):
    assert _signals(two_snapshots, gemeenten=("Groningen",)) == {("groep_b_e", "N8")}
    assert _signals(two_snapshots, programmas=("koploper",)) == {("beide_lopend", "N1"), ("groep_b_e", "N1")}


def test_against_itself_there_are_no_signals(two_snapshots):
    with db.engine(two_snapshots).connect() as conn:
        assert signalen.signalen(conn, Filters(AUGUSTUS), AUGUSTUS).height == 0


def test_every_signal_has_a_dutch_reason(two_snapshots):
    with db.engine(two_snapshots).connect() as conn:
        frame = signalen.signalen(conn, Filters(AUGUSTUS), MAART)
    reden = {(s, n): r for s, n, r in frame.select("signaal", "ncg_id", "reden").iter_rows()}
    assert reden[("beide_lopend", "N1")].startswith("Nu een lopend dossier bij beide")
    assert "Op 31-03-2021: geen schademelding" in reden[("beide_lopend", "N1")]
    assert (
        reden[("groep_b_e", "N8")].startswith("Naar groep E") and "Op 31-03-2021: groep D" in reden[("groep_b_e", "N8")]
    )
    assert "niet beide lopend (geen schademelding)" in reden[("groep_b_e", "N1")]
    assert reden[("aos", "N6")].startswith("Nieuwe AOS-melding")
    assert "niet op de lijst van 31-03-2021" in reden[("nieuw_met_melding", "N5")]
    assert "fase besluit" in reden[("nieuw_met_melding", "N5")]
    shown = signalen.lijst(signalen.van_soorten(frame, ("aos", "nieuw_met_melding")))
    assert shown.columns[:4] == ["ncg_id", "Signaal", "Adres", "Reden"]
    assert shown["Signaal"].to_list() == ["Nieuwe AOS-melding", "Nieuw met lopende melding"]  # in the kinds' order


def test_the_previous_snapshot_and_the_since_rule():
    stored = [date(2021, 8, 31), date(2021, 5, 31), date(2020, 10, 31)]
    assert signalen.vorige_peildatum(stored, date(2021, 8, 31)) == date(2021, 5, 31)
    assert signalen.vorige_peildatum(stored, date(2020, 10, 31)) is None
    assert signalen.sinds(stored, date(2021, 8, 30)) == (date(2021, 5, 31), date(2021, 8, 31))
    assert signalen.sinds(stored, date(2021, 5, 31)) == (date(2021, 5, 31), date(2021, 8, 31))
    assert signalen.sinds(stored, date(2021, 9, 7)) == (date(2021, 8, 31), date(2021, 8, 31))
    with pytest.raises(LookupError, match="geen peildatum op of vóór 2020-01-01"):
        signalen.sinds(stored, date(2020, 1, 1))


def test_cli_signals_writes_csv_to_a_file_and_to_stdout(two_snapshots, tmp_path, capsys):
    out = tmp_path / "signalen.csv"
    assert cli(["signals", "--since", "2021-04-30", "--database", two_snapshots, "--out", str(out)]) == 0
    assert "5 signalen tussen peildatum 2021-03-31 en 2021-08-31" in capsys.readouterr().err
    csv = pl.read_csv(out, infer_schema=False)
    assert csv.columns[:5] == ["peildatum", "vorige_peildatum", "signaal", "reden", "ncg_id"]
    assert set(csv.select("signaal", "ncg_id").iter_rows()) == _signals(two_snapshots)
    assert set(csv["peildatum"]) == {"2021-08-31"} and set(csv["vorige_peildatum"]) == {"2021-03-31"}

    assert cli(["signals", "--since", "31-03-2021", "--database", two_snapshots]) == 0
    printed = capsys.readouterr().out
    assert pl.read_csv(printed.encode(), infer_schema=False).equals(csv)


def test_cli_signals_without_a_newer_snapshot_writes_only_the_header(two_snapshots, capsys):
    assert cli(["signals", "--since", "2021-09-07", "--database", two_snapshots]) == 0
    captured = capsys.readouterr()
    # The signal's columns, then (added with the follow-up of signals) its follow-up record's.
    assert captured.out.splitlines() == [",".join((*signalen.CSV_KOLOMMEN, *opvolging.OPVOLGING_KOLOMMEN))]
    assert "0 signalen tussen peildatum 2021-08-31 en 2021-08-31" in captured.err


def test_cli_signals_before_the_first_snapshot_is_an_error(two_snapshots, capsys):
    assert cli(["signals", "--since", "2021-01-01", "--database", two_snapshots]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "geen peildatum op of vóór 2021-01-01" in captured.err


# ---------------------------------------------------------------- trend and flows


def test_trend_counts_every_snapshot(two_snapshots):
    with db.engine(two_snapshots).connect() as conn:
        data = trend.trend(conn, Filters(AUGUSTUS))
        groningen = trend.trend(conn, Filters(AUGUSTUS, gemeenten=("Groningen",)))
    tabel = trend.tabel(trend.categorieen(data), trend.groepen(data))  # as the Trend page builds it
    assert tabel["Peildatum"].to_list() == [MAART, AUGUSTUS]
    assert tabel["NCG-adressen"].to_list() == [6, 7]
    assert tabel["Geen schademelding"].to_list() == [3, 1]
    assert tabel["Gesloten bij (een van) beide(n)"].to_list() == [1, 2]
    assert tabel["Beide lopend dossier"].to_list() == [2, 4]
    assert tabel["Zonder schademelding (%)"].to_list() == [50.0, 14.3]
    assert {g: tabel[f"Groep {g}"].to_list() for g in "ABCDEF"} == {
        "A": [0, 1],
        "B": [1, 0],
        "C": [0, 1],
        "D": [1, 0],
        "E": [0, 2],
        "F": [0, 0],
    }
    assert trend.tabel(trend.categorieen(groningen), trend.groepen(groningen))["NCG-adressen"].to_list() == [
        3,
        2,
    ]  # N3, N4, N8; then N3, N8


def _flows(url: str, soort: str, alleen_met_groep: bool = False, **filters) -> dict[tuple[str, str], int]:
    with db.engine(url).connect() as conn:
        stroom = trend.stroom(conn, Filters(AUGUSTUS, **filters), MAART, AUGUSTUS)
    return {(v, n): a for v, n, a in trend.stroom_tabel(stroom, soort, alleen_met_groep).iter_rows()}


def test_flows_between_categories(two_snapshots):
    assert _flows(two_snapshots, "categorie") == {
        ("geen_schademelding", "beide_lopend"): 1,  # N1
        ("geen_schademelding", "gesloten"): 1,  # N6
        ("geen_schademelding", "weg"): 1,  # N4
        ("gesloten", "gesloten"): 1,  # N3
        ("beide_lopend", "beide_lopend"): 2,  # N2, N8
        ("nieuw", "geen_schademelding"): 1,  # N7
        ("nieuw", "beide_lopend"): 1,  # N5
    }


def test_flows_between_groups(two_snapshots):
    assert _flows(two_snapshots, "groep") == {
        ("B", "C"): 1,
        ("D", "E"): 1,
        ("geen_groep", "E"): 1,
        ("geen_groep", "geen_groep"): 2,
        ("geen_groep", "weg"): 1,
        ("nieuw", "A"): 1,
        ("nieuw", "geen_groep"): 1,
    }
    assert _flows(two_snapshots, "groep", alleen_met_groep=True) == {
        ("B", "C"): 1,
        ("D", "E"): 1,
        ("geen_groep", "E"): 1,
        ("nieuw", "A"): 1,
    }


def test_flows_honour_the_filters_on_the_latest_record(two_snapshots):
    # N4 left the list: judged by its March record (Groningen); N3 and N8 by their August one.
    assert _flows(two_snapshots, "categorie", gemeenten=("Groningen",)) == {
        ("geen_schademelding", "weg"): 1,
        ("gesloten", "gesloten"): 1,
        ("beide_lopend", "beide_lopend"): 1,
    }


def test_the_flow_figure_has_a_node_per_side_and_the_flows_as_links(two_snapshots):
    from dashboard import figures

    with db.engine(two_snapshots).connect() as conn:
        tabel = trend.stroom_tabel(trend.stroom(conn, Filters(AUGUSTUS), MAART, AUGUSTUS), "categorie")
    fig = figures.sankey_stroom(tabel, trend.KNOOP_LABELS, trend.knopen("categorie"), "31-03-2021", "31-08-2021")
    sankey = fig.data[0]
    labels = list(sankey.node.label)
    assert labels[:3] == ["Geen schademelding: 3", "Gesloten bij (een van) beide(n): 1", "Beide lopend dossier: 2"]
    assert "Nog niet op de lijst: 2" in labels and "Niet meer op de lijst: 1" in labels
    assert sum(sankey.link.value) == 8  # every address on either list once
    export = trend.stroom_export(tabel, MAART, AUGUSTUS)
    assert export.columns == ["Op 31-03-2021", "Op 31-08-2021", "Adressen"]


# ---------------------------------------------------------------- data quality


def test_the_load_log_lists_files_and_rejects_per_reason(two_snapshots, tmp_path):
    load_delivery(write_delivery(tmp_path / "opnieuw", augustus()), db.engine(two_snapshots))  # replaces load 2
    with db.engine(two_snapshots).connect() as conn:
        log = datakwaliteit.laadlog(conn)
        per_reden = datakwaliteit.afwijzingen_per_reden(conn, 1)
        alle = datakwaliteit.afwijzingen(conn, 1)
        geen = datakwaliteit.afwijzingen(conn, 2)
    assert log["load_id"].to_list() == [3, 2, 1]
    assert log["actueel"].to_list() == [True, False, True]
    assert log["peildatum"].to_list() == [AUGUSTUS, AUGUSTUS, MAART]
    assert log.filter(pl.col("load_id") == 1)["rijen_afgewezen"].item() == 2
    tabel = datakwaliteit.laadlog_tabel(log)
    assert tabel["In gebruik"].to_list() == ["ja", "nee, vervangen", "ja"]

    bestanden = datakwaliteit.bestanden(log, 1)
    assert bestanden.rows() == [
        ("ncg_adressen.csv", "CSV", 7, 6, 1),
        ("img_schademeldingen.csv", "CSV", 5, 4, 1),
        ("svip_verzoeken.csv", "CSV", 1, 1, 0),
    ]
    assert per_reden.select("Bestand", "Kolom", "Afgewezen waarden", "Rijen", "Eerste regel").rows() == [
        ("img_schademeldingen.csv", "schadesoort", 1, 1, 6),
        ("ncg_adressen.csv", "fase", 1, 1, 8),
    ]
    assert all(per_reden["Reden"].str.len_chars() > 5)
    assert alle.select("Bestand", "Regel", "Kolom", "Waarde").rows() == [
        ("img_schademeldingen.csv", 6, "schadesoort", "brand"),
        ("ncg_adressen.csv", 8, "fase", "9"),
    ]
    assert geen.height == 0 and geen.columns == ["Bestand", "Regel", "Kolom", "Waarde", "Reden"]


def test_link_rate_per_snapshot(two_snapshots):
    with db.engine(two_snapshots).connect() as conn:
        koppeling = datakwaliteit.koppeling(conn)
    per = {(p, k): a for p, k, a in koppeling.select("peildatum", "koppeling", "aantal").iter_rows()}
    # March: I6 by BAG id; I2, I3 by address; I4 not (N5 not on the list yet).
    assert [per[(MAART, k)] for k in ("bag_id", "adres", "geen")] == [1, 2, 1]
    # August: I6 by BAG id; I1-I5 by address; I7 not (not an NCG address).
    assert [per[(AUGUSTUS, k)] for k in ("bag_id", "adres", "geen")] == [1, 5, 1]
    tabel = datakwaliteit.koppeling_tabel(koppeling)
    assert tabel["Schademeldingen"].to_list() == [4, 7]
    assert tabel["Gekoppeld (%)"].to_list() == [75.0, 85.7]


# ---------------------------------------------------------------- loading several deliveries


def test_a_folder_of_deliveries_loads_oldest_first(tmp_path, new_database):
    write_delivery(tmp_path / "2021-08-31", augustus())
    write_delivery(tmp_path / "2021-03-31", maart())
    (tmp_path / "notities").mkdir()
    assert [p.name for p in delivery_folders(tmp_path)] == ["2021-03-31", "2021-08-31"]
    assert delivery_folders(tmp_path / "2021-03-31") == [tmp_path / "2021-03-31"]
    url = new_database()
    results = load_deliveries(tmp_path, db.engine(url))
    assert [r.peildatum for r in results] == [MAART, AUGUSTUS]
    assert [r.load_id for r in results] == [1, 2]


def test_load_still_takes_exactly_one_delivery_folder(tmp_path, new_database, capsys):
    write_delivery(tmp_path / "2021-03-31", maart())
    assert cli(["load", "--source", str(tmp_path), "--database", new_database()]) == 1
    assert "verplicht bestand ontbreekt" in capsys.readouterr().err


# ---------------------------------------------------------------- the sample's snapshots


def test_the_sample_holds_autumn_2020_and_august_2021(sample_conn):
    assert db.stored_peildata(sample_conn) == [date(2021, 8, 31), date(2020, 10, 31)]
    assert build_report(sample_conn)["peildatum"] == "2021-08-31"  # the latest stays the default
    herfst = build_report(sample_conn, peildatum=date(2020, 10, 31))["adressen"]
    assert herfst["totaal"] == 26_000  # "ruim 26.000 adressen"
    assert herfst["geen_schademelding"] == 18_460  # "op circa 71 procent geen schademelding"
    assert herfst["gesloten"] > herfst["beide_lopend"]  # "vaak al afgehandeld"


def test_the_sample_snapshots_are_one_history(sample_conn):
    """The same addresses earlier in their phases; claims only accumulate; some addresses came and went."""
    rows = sample_conn.execute(
        sa.text(
            "select v.ncg_fase_nr, n.ncg_fase_nr, v.categorie, n.categorie, v.aantal_meldingen, n.aantal_meldingen "
            "from adres v join adres n on n.ncg_id = v.ncg_id "
            "where v.peildatum = :v and n.peildatum = :n"
        ),
        {"v": date(2020, 10, 31), "n": date(2021, 8, 31)},
    ).all()
    assert len(rows) > 25_000
    assert all(fv <= fn for fv, fn, *_ in rows)  # phases never go back
    assert all(mv <= mn for *_, mv, mn in rows)  # claims never disappear
    assert not any(cv != "geen_schademelding" and cn == "geen_schademelding" for _, _, cv, cn, _, _ in rows)
    assert sum(fv < fn for fv, fn, *_ in rows) > 3_000
    flows = _flows_sample(sample_conn)
    assert flows[("nieuw", "beide_lopend")] > 0 and sum(n for (v, _), n in flows.items() if v == "nieuw") > 500
    assert sum(n for (_, w), n in flows.items() if w == "weg") > 0


def _flows_sample(conn) -> dict[tuple[str, str], int]:
    stroom = trend.stroom(conn, Filters(date(2021, 8, 31)), date(2020, 10, 31), date(2021, 8, 31))
    return {(v, n): a for v, n, a in trend.stroom_tabel(stroom, "categorie").iter_rows()}


def test_the_sample_signals_are_exactly_those_of_the_address_table(sample_conn):
    """The signals of the sample, recomputed in polars from the two snapshots' address rows."""
    frame = signalen.signalen(sample_conn, Filters(AUGUSTUS), date(2020, 10, 31))
    assert signalen.per_soort(frame) == {"beide_lopend": 889, "groep_b_e": 545, "aos": 161, "nieuw_met_melding": 43}

    def adres(peildatum: date) -> pl.DataFrame:
        rows = sample_conn.execute(
            sa.text("select ncg_id, categorie, groep, aos, aantal_lopend from adres where peildatum = :p"),
            {"p": peildatum},
        )
        return pl.DataFrame(
            [tuple(r) for r in rows], schema=["ncg_id", "categorie", "groep", "aos", "aantal_lopend"], orient="row"
        ).with_columns(pl.col("aos").cast(pl.Boolean))

    nu = adres(AUGUSTUS).join(adres(date(2020, 10, 31)), on="ncg_id", how="left", suffix="_toen")
    was_er = pl.col("categorie_toen").is_not_null()
    verwacht = {
        "beide_lopend": was_er & (pl.col("categorie") == "beide_lopend") & (pl.col("categorie_toen") != "beide_lopend"),
        "groep_b_e": was_er & pl.col("groep").is_in(["B", "E"]) & pl.col("groep").ne_missing(pl.col("groep_toen")),
        "aos": was_er & pl.col("aos") & ~pl.col("aos_toen"),
        "nieuw_met_melding": ~was_er & (pl.col("aantal_lopend") > 0),
    }
    for soort, conditie in verwacht.items():
        assert set(nu.filter(conditie)["ncg_id"]) == set(frame.filter(pl.col("signaal") == soort)["ncg_id"]), soort


def test_generate_writes_one_delivery_folder_per_peildatum_and_the_2021_one_unchanged(tmp_path, capsys):
    assert cli(["generate", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2020-10-31", "2021-08-31"]
    for folder in tmp_path.iterdir():
        for path in folder.iterdir():
            assert path.read_bytes() == (SAMPLE / folder.name / path.name).read_bytes(), path
    assert not (tmp_path / "2020-10-31" / "ivr_gesprekken.parquet").exists()  # the phone menu began in 2021
    assert sum(p.stat().st_size for p in SAMPLE.rglob("*.parquet")) < 15 * 1024 * 1024
    herfst = pl.read_parquet(tmp_path / "2020-10-31" / "ncg_adressen.parquet")
    assert (herfst["peildatum"] == "2020-10-31").all()
    assert herfst["fase_sinds"].drop_nulls().max() <= "2020-10-31"
    claims = pl.read_parquet(tmp_path / "2020-10-31" / "img_schademeldingen.parquet")
    assert claims["datum_melding"].max() <= "2020-10-31"
    assert claims["datum_afgehandeld"].drop_nulls().max() <= "2020-10-31"


def test_the_earlier_snapshot_scales(tmp_path):
    counts = generate_sample(tmp_path, scale=0.1)
    assert counts[date(2020, 10, 31)]["ncg_adressen"] == 2_600
    assert counts[date(2021, 8, 31)]["ncg_adressen"] == 2_680


# ---------------------------------------------------------------- the pages


def _as_demo(monkeypatch) -> None:
    """Without a login the app runs only on the bundled sample; let it run on a hand-built database too."""

    monkeypatch.setattr(sessie, "_alleen_voorbeelddata", lambda url: True)


def _figure(at: AppTest, index: int) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def _sankey(at: AppTest) -> dict:
    """The Trend page's flow (after the charts per peildatum and per gemeente)."""
    return next(
        f
        for f in (_figure(at, i) for i in range(len(at.get("plotly_chart"))))
        if f["data"] and f["data"][0]["type"] == "sankey"
    )


def test_the_trend_page_shows_both_snapshots_and_the_flow(monkeypatch, sample_url):
    at = open_app(monkeypatch, sample_url, "pages/trend.py")
    assert not at.exception and not at.error
    assert [t.value for t in at.title] == ["Trend"]
    tabel = at.dataframe[0].value
    assert tabel["Peildatum"].tolist() == ["31-10-2020", "31-08-2021"]
    assert tabel["NCG-adressen"].tolist() == ["26.000", "26.800"]
    assert tabel["Zonder schademelding (%)"].tolist() == ["71,0", "66,0"]
    sankey = _sankey(at)["data"][0]
    assert sankey["type"] == "sankey"
    assert sum(sankey["link"]["value"]) == 26_800 + 447  # every address on either list, once
    assert any(label.startswith("Nog niet op de lijst") for label in sankey["node"]["label"])
    assert any(label.startswith("Niet meer op de lijst") for label in sankey["node"]["label"])

    at.radio(key="tr_soort").set_value("groep").run()
    assert not at.exception
    with db.engine(sample_url).connect() as conn:
        stroom = trend.stroom(conn, Filters(AUGUSTUS), date(2020, 10, 31), AUGUSTUS)
    met_groep = int(trend.stroom_tabel(stroom, "groep", alleen_met_groep=True)["aantal"].sum())
    assert sum(_sankey(at)["data"][0]["link"]["value"]) == met_groep
    at.checkbox(key="tr_alleen_groep").uncheck().run()
    assert sum(_sankey(at)["data"][0]["link"]["value"]) == 26_800 + 447


def test_the_trend_page_follows_the_gemeente_filter(monkeypatch, sample_url):
    at = open_app(monkeypatch, sample_url, "pages/trend.py", gemeente="Oldambt")
    assert not at.exception
    with db.engine(sample_url).connect() as conn:
        oldambt = trend.trend(conn, Filters(AUGUSTUS, gemeenten=("Oldambt",)))
        expected = trend.tabel(trend.categorieen(oldambt), trend.groepen(oldambt))
    assert at.dataframe[0].value["NCG-adressen"].tolist() == [fmt.getal(n) for n in expected["NCG-adressen"]]


def _wijzigingen(at: AppTest) -> AppTest:
    """The Signalen page opens on its work queue: switch to the comparison of two snapshots."""
    return at.button_group(key="sg_weergave").set_value("wijzigingen").run()


def test_the_signalen_page_lists_filters_and_opens_dossiers(monkeypatch, sample_url):
    with db.engine(sample_url).connect() as conn:
        frame = signalen.signalen(conn, Filters(AUGUSTUS), date(2020, 10, 31))
    per_soort = signalen.per_soort(frame)
    at = _wijzigingen(open_app(monkeypatch, sample_url, "pages/signalen.py"))
    assert not at.exception and not at.error
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {signalen.SIGNALEN[s]: fmt.getal(n) for s, n in per_soort.items()}
    # One page of the list at a time, in the list's order; the caption gives the whole count.
    assert at.dataframe[0].value.shape[0] == min(frame.height, dossier.LIJST_PAGINA) > 0
    assert at.dataframe[0].value["Reden"].tolist() == frame["reden"].head(dossier.LIJST_PAGINA).to_list()
    if frame.height > dossier.LIJST_PAGINA:
        assert any(
            c.value.startswith(f"Pagina 1 van {fmt.getal(-(-frame.height // dossier.LIJST_PAGINA))}: ")
            for c in at.caption
        )
    at.button_group(key="sg_soorten").set_value(["nieuw_met_melding"]).run()
    assert not at.exception
    assert set(at.dataframe[0].value["Signaal"]) == {"Nieuw met lopende melding"}
    assert at.dataframe[0].value.shape[0] == per_soort["nieuw_met_melding"]

    nieuw = frame.filter(pl.col("signaal") == "nieuw_met_melding").row(0, named=True)
    at = _wijzigingen(open_app(monkeypatch, sample_url, "pages/signalen.py", adres=nieuw["ncg_id"]))
    assert not at.exception
    assert any(s.value.startswith("Dossier") and nieuw["postcode"] in s.value for s in at.subheader)
    assert any(nieuw["reden"] in i.value for i in at.info)  # the address's signals above its dossier


def test_the_signalen_page_on_the_oldest_peildatum_says_there_is_nothing_to_compare(monkeypatch, sample_url):
    at = _wijzigingen(open_app(monkeypatch, sample_url, "pages/signalen.py", peildatum="2020-10-31"))
    assert not at.exception
    assert any("geen peildatum vóór 31-10-2020" in i.value for i in at.info)


def test_the_datakwaliteit_page_on_the_sample(monkeypatch, sample_url):
    at = open_app(monkeypatch, sample_url, "pages/datakwaliteit.py")
    assert not at.exception and not at.error
    assert at.dataframe[0].value["Peildatum"].tolist() == ["31-08-2021", "31-10-2020"]
    assert any("geen enkele rij afgewezen" in s.value for s in at.success)
    koppeling = next(d.value for d in at.dataframe if "Gekoppeld (%)" in d.value.columns)
    with db.engine(sample_url).connect() as conn:
        expected = datakwaliteit.koppeling_tabel(datakwaliteit.koppeling(conn))
    assert koppeling["Schademeldingen"].tolist() == [fmt.getal(n) for n in expected["Schademeldingen"]]


def test_the_datakwaliteit_page_shows_the_rejects_of_a_chosen_load(monkeypatch, two_snapshots):
    _as_demo(monkeypatch)
    at = open_app(monkeypatch, two_snapshots, "pages/datakwaliteit.py")
    assert not at.exception and not at.error
    assert at.dataframe[0].value["Lading"].tolist() == ["2", "1"]
    assert any("geen enkele rij afgewezen" in s.value for s in at.success)  # load 2, the newest, is clean
    at.selectbox(key="dk_lading").set_value(1).run()
    assert not at.exception
    per_reden = next(d.value for d in at.dataframe if "Reden" in d.value.columns)
    assert sorted(per_reden["Kolom"]) == ["fase", "schadesoort"]
    assert any("Afgewezen: 2 rijen" in m.value for m in at.markdown)
    koppeling = next(d.value for d in at.dataframe if "Gekoppeld (%)" in d.value.columns)
    assert koppeling["Schademeldingen"].tolist() == ["4", "7"]


def test_the_trend_page_with_one_snapshot_says_so(monkeypatch, new_database, tmp_path):
    _as_demo(monkeypatch)
    url = new_database()
    load_delivery(write_delivery(tmp_path, augustus()), db.engine(url))
    at = open_app(monkeypatch, url, "pages/trend.py")
    assert not at.exception
    assert any("maar één peildatum" in i.value for i in at.info)


# ---------------------------------------------------------------- in Chromium


def _in_chromium(chromium_path: str, werk) -> None:
    """Run werk(browser) in a Chromium of its own, on a thread of its own.

    Playwright's sync API runs one event loop per thread, and test_browser.py's session-wide browser
    holds this thread's; an assertion inside `werk` fails the test as usual.
    """
    import threading

    from playwright.sync_api import sync_playwright

    fout: list[BaseException] = []

    def run() -> None:
        try:
            with sync_playwright() as p:
                browser = chromium.launch(p, chromium_path)
                try:
                    werk(browser)
                finally:
                    browser.close()
        except BaseException as exc:  # noqa: BLE001  (re-raised in the test's thread)
            fout.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=600)
    assert not thread.is_alive(), "Chromium did not finish in 10 minutes"
    if fout:
        raise fout[0]


@pytest.mark.browser
@pytest.mark.parametrize("url_path", ["trend", "signalen", "datakwaliteit"])
def test_the_pages_in_chromium(chromium_path, app_server, url_path):
    def werk(browser) -> None:
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{app_server}/{url_path}", wait_until="domcontentloaded")
        page.get_by_role("heading", name=url_path.capitalize()).wait_for(timeout=120_000)
        if url_path == "signalen":
            page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=60_000)
        else:
            page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=60_000)
        if url_path == "trend":
            page.locator(".sankey").first.wait_for(state="attached", timeout=60_000)
            sankey = page.locator('[data-testid="stPlotlyChart"]').filter(has=page.locator(".sankey"))
            assert "Nog niet op de lijst" in sankey.first.inner_text()
        assert not errors, errors

    _in_chromium(chromium_path, werk)


@pytest.mark.browser
def test_clicking_a_signal_opens_its_reasons_and_dossier_in_chromium(chromium_path, app_server, sample_url):
    with db.engine(sample_url).connect() as conn:
        eerste = signalen.signalen(conn, Filters(AUGUSTUS), date(2020, 10, 31)).row(0, named=True)

    def werk(browser) -> None:
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.goto(f"{app_server}/signalen", wait_until="domcontentloaded")
        # The page opens on its work queue: switch to the comparison of two snapshots.
        page.get_by_text("Wijzigingen tussen twee aanleveringen").click(timeout=120_000)
        page.locator('[data-testid="stMetric"]', has_text="Beide lopend geworden").wait_for(timeout=60_000)
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.wait_for(timeout=120_000)
        page.wait_for_timeout(1000)
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first row's selection box
        page.get_by_text("Dossier ").first.wait_for(timeout=60_000)
        page.wait_for_function("() => location.search.includes('adres=')", timeout=30_000)
        assert f"adres={eerste['ncg_id']}" in page.url
        melding = page.locator('[data-testid="stAlert"]', has_text="Beide lopend geworden")
        assert eerste["reden"] in melding.inner_text()

    _in_chromium(chromium_path, werk)
