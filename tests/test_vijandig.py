"""Hostile deliveries on SQLite and PostgreSQL: every bad row is rejected alone (file, physical line, column,
a short value, a Dutch reason), a file that cannot be read fails with one Dutch line, the guard refuses a
delivery that would empty a snapshot, concurrent loads wait for each other, and exports hold no formulas."""

from __future__ import annotations

import io
import re
import threading
import time
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa

from builders import PEILDATUM, write_delivery
from dashboard.app import export
from dashboard.cli import main as cli
from dashboard.store import db, loader
from dashboard.store.loader import RefusedDelivery

N = 40  # rows per file: one hostile row is 2.5%, well under the guard's share of rejected rows


def ncg_rij(i: int, **anders: str) -> dict[str, str]:
    rij = {
        "ncg_id": f"N{i}",
        "peildatum": PEILDATUM,
        "postcode": f"97{i % 100:02d}AB",
        "huisnummer": str(i + 1),
        "straat": "Hoofdstraat",
        "woonplaats": "Groningen",
        "gemeente": "Groningen",
        "fase": "opname",
    }
    return rij | anders


def img_rij(i: int, **anders: str) -> dict[str, str]:
    rij = {
        "img_id": f"I{i}",
        "peildatum": PEILDATUM,
        "postcode": f"97{i % 100:02d}AB",
        "huisnummer": str(i + 1),
        "schadesoort": "fysieke_schade",
        "fase": "melding",
        "datum_melding": "2021-01-04",
    }
    return rij | anders


def levering(map: Path, ncg: list[dict] | None = None, img: list[dict] | None = None) -> Path:
    return write_delivery(
        map,
        {
            "ncg_adressen": ncg or [ncg_rij(i) for i in range(N)],
            "img_schademeldingen": img or [img_rij(i) for i in range(N)],
        },
    )


def afwijzingen(url: str) -> list[tuple]:
    with db.engine(url).connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                sa.text(
                    "select bestand, regel, kolom, waarde, reden from laadlog_afwijzing order by bestand, regel, kolom"
                )
            )
        ]


def ids(url: str, tabel: str, kolom: str) -> set[str]:
    with db.engine(url).connect() as conn:
        return {r[0] for r in conn.execute(sa.text(f"select {kolom} from {tabel}"))}  # noqa: S608 - test constants


def inhoud(url: str) -> dict[str, int]:
    """Row counts of every table: 'the database is unchanged'."""
    with db.engine(url).connect() as conn:
        names = sa.inspect(conn).get_table_names()
        return {t: conn.execute(sa.text(f'select count(*) from "{t}"')).scalar_one() for t in names}  # noqa: S608


# ---------------------------------------------------------------- rows rejected alone


def test_every_hostile_row_is_rejected_alone_with_its_physical_line(new_database, tmp_path):
    """One CSV delivery with every row-level attack; the same rejects, and the same stored rows, on each backend."""
    ncg = [ncg_rij(i) for i in range(N)]
    ncg[1]["straat"] = 'Dijk\n"straat"\nmet twee regeleinden'  # quoted newlines: line numbers after it shift by 2
    ncg[2]["gemeente"] = "Gron\x00ingen"  # NUL byte: PostgreSQL refuses it in text
    ncg[3]["ncg_id"] = "X" * 65  # over the id column's width
    ncg[4]["ncg_id"] = "Y" * 64  # exactly the width: loads
    ncg[5]["straat"] = '=HYPERLINK("http://x";"klik")'  # stored as given; exports neutralise it
    ncg[6]["gemeente"] = "![px](http://host/x.png)"  # stored as given; the app shows it as text
    ncg[7]["straat"] = "lang " * 500  # a long value: stored (text)
    ncg[8]["fase"] = "fase " * 100  # a long bad value: its excerpt is cut
    img = [img_rij(i) for i in range(N)]
    map = levering(tmp_path / "d", ncg, img)
    # One record with more fields than the header, one with broken quoting.
    pad = map / "img_schademeldingen.csv"
    regels = pad.read_text(encoding="utf-8").split("\n")
    regels[3] += ",extra;veld,nog een"  # record of img row 2, on line 4
    regels[5] = regels[5].replace("I4,", '"I4"x,')  # line 6
    pad.write_text("\n".join(regels), encoding="utf-8")

    url = new_database()
    result = loader.load_delivery(map, db.engine(url))
    lang = "fase " * 100
    verwacht = [
        # ncg row i is on line i + 2, plus 2 from row 1's quoted newlines once past it
        ("img_schademeldingen.csv", 4, "rij", "extra;veld,nog een", "rij heeft 9 velden, de kopregel 7"),
        ("img_schademeldingen.csv", 6, "huisnummer", None, "verplicht veld is leeg"),
        ("img_schademeldingen.csv", 6, "img_id", None, "verplicht veld is leeg"),
        ("img_schademeldingen.csv", 6, "rij", None, "aanhalingstekens in deze rij kloppen niet"),
        ("img_schademeldingen.csv", 6, "datum_melding", None, "verplicht veld is leeg"),
        ("img_schademeldingen.csv", 6, "fase", None, "verplicht veld is leeg"),
        ("img_schademeldingen.csv", 6, "peildatum", None, "verplicht veld is leeg"),
        ("img_schademeldingen.csv", 6, "postcode", None, "verplicht veld is leeg"),
        ("img_schademeldingen.csv", 6, "schadesoort", None, "verplicht veld is leeg"),
        ("ncg_adressen.csv", 6, "gemeente", "Gron\\0ingen", "bevat een NUL-teken (\\0)"),
        ("ncg_adressen.csv", 7, "ncg_id", "X" * 65, "langer dan 64 tekens"),
        (
            "ncg_adressen.csv",
            12,
            "fase",
            lang[:99] + "…",
            "onbekende fase; toegestaan: 1-6 of nog_te_starten, opname, beoordeling, planvorming, uitvoering, afgerond",
        ),
    ]
    got = afwijzingen(url)
    # The reject of an over-long id shows at most 100 characters; this one is 65.
    assert sorted(got, key=str) == sorted(verwacht, key=str)
    assert {f.bestand: (f.gelezen, f.geladen, f.afgewezen_rijen) for f in result.bestanden} == {
        "ncg_adressen.csv": (N, N - 3, 3),
        "img_schademeldingen.csv": (N, N - 2, 2),
    }
    stored = ids(url, "ncg_adres", "ncg_id")
    assert "Y" * 64 in stored and "X" * 65 not in stored and "N2" not in stored and "N1" in stored
    with db.engine(url).connect() as conn:
        straat, gemeente = conn.execute(
            sa.text(
                "select a.straat, b.gemeente from ncg_adres a, ncg_adres b where a.ncg_id = 'N5' and b.ncg_id = 'N6'"
            )
        ).one()
        lang_opgeslagen = conn.execute(sa.text("select straat from ncg_adres where ncg_id = 'N7'")).scalar_one()
        dijk = conn.execute(sa.text("select straat from ncg_adres where ncg_id = 'N1'")).scalar_one()
    assert straat == '=HYPERLINK("http://x";"klik")' and gemeente == "![px](http://host/x.png)"
    assert lang_opgeslagen == ("lang " * 500).strip() and dijk == 'Dijk\n"straat"\nmet twee regeleinden'
    assert ids(url, "img_schademelding", "img_id") == {f"I{i}" for i in range(N)} - {"I2", "I4"}


def test_parquet_numbers_are_converted_exactly_or_rejected(new_database, tmp_path):
    map = tmp_path / "p"
    map.mkdir()
    ncg = pl.DataFrame([ncg_rij(i) for i in range(N)]).with_columns(
        pl.Series("huisnummer", [163.0, 163.5, *[float(i + 1) for i in range(2, N)]]),
        pl.Series("bag_id", [1420000000001.0, None, *[None] * (N - 2)], dtype=pl.Float64),
        pl.Series("postcode", ["9711AB", "9711AC", *[f"97{i:02d}AB" for i in range(2, N)]]),
        pl.Series("extra_lijst", [[1, 2]] * N),  # a nested column outside the contract is ignored
    )
    ncg.write_parquet(map / "ncg_adressen.parquet")
    img = pl.DataFrame([img_rij(i) for i in range(N)]).with_columns(
        pl.Series("huisnummer", [163.0, 7.25, *[i + 1 for i in range(2, N)]], dtype=pl.Float64),
        pl.Series("postcode", ["9711AB", "9711AC", *[f"97{i:02d}AB" for i in range(2, N)]]),
    )
    img.write_parquet(map / "img_schademeldingen.parquet")

    url = new_database()
    loader.load_delivery(map, db.engine(url))
    assert afwijzingen(url) == [
        ("img_schademeldingen.parquet", 2, "huisnummer", "7.25", "geen geheel getal"),
        ("ncg_adressen.parquet", 2, "huisnummer", "163.5", "geen geheel getal"),
    ]
    with db.engine(url).connect() as conn:
        adres = conn.execute(
            sa.text("select huisnummer, huisletter, toevoeging, bag_id from ncg_adres where ncg_id = 'N0'")
        ).one()
        koppeling = conn.execute(sa.text("select ncg_id, koppeling from img_schademelding where img_id = 'I0'")).one()
    assert tuple(adres) == (163, None, None, "0001420000000001")
    assert tuple(koppeling) == ("N0", "adres")  # 163.0 is the same address as 163: it links


# ---------------------------------------------------------------- files that cannot be read: one Dutch line


def _file_level_cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    cases: dict[str, tuple[Path, str]] = {}

    map = levering(tmp_path / "quote")
    pad = map / "ncg_adressen.csv"
    tekst = pad.read_text(encoding="utf-8")
    pad.write_text(
        tekst.replace("N3,", '"N3,', 1)
        + "".join(f"N{i},{PEILDATUM},9999ZZ,{i},Geheimstraat {i},X,Y,opname\n" for i in range(100, 3000)),
        encoding="utf-8",
    )
    cases["quote"] = (map, "aanhalingsteken niet gesloten in het record dat op regel 5 begint")

    map = levering(tmp_path / "dubbel")
    pad = map / "ncg_adressen.csv"
    pad.write_text(
        pad.read_text(encoding="utf-8")
        .replace("ncg_id,", "ncg_id,Postcode ,", 1)
        .replace(f",{PEILDATUM},", f",9711AA,{PEILDATUM},"),
        encoding="utf-8",
    )
    cases["dubbel"] = (map, "kolom 'postcode' staat er twee keer in")

    map = tmp_path / "genest"
    map.mkdir()
    pl.DataFrame([ncg_rij(i) for i in range(N)]).with_columns(pl.Series("gemeente", [["Groningen"]] * N)).write_parquet(
        map / "ncg_adressen.parquet"
    )
    pl.DataFrame([img_rij(i) for i in range(N)]).write_parquet(map / "img_schademeldingen.parquet")
    cases["genest"] = (map, "kolom 'gemeente' heeft type List")

    map = levering(tmp_path / "kolom")
    pad = map / "img_schademeldingen.csv"
    pad.write_text(pad.read_text(encoding="utf-8").replace("schadesoort", "soort_schade", 1), encoding="utf-8")
    cases["kolom"] = (map, "verplichte kolom ontbreekt: schadesoort")

    map = levering(tmp_path / "onleesbaar")
    (map / "img_schademeldingen.csv").unlink()
    (map / "img_schademeldingen.csv").mkdir()  # exists, cannot be read as a file (the tests run as root: no chmod)
    cases["onleesbaar"] = (map, "img_schademeldingen.csv: bestand niet te lezen")

    map = levering(tmp_path / "latin1")
    pad = map / "ncg_adressen.csv"
    pad.write_bytes(pad.read_bytes().replace(b"Hoofdstraat", "Hoofdstraße".encode("latin-1"), 1))
    cases["latin1"] = (map, "geen geldige UTF-8")

    map = tmp_path / "kapot"
    map.mkdir()
    (map / "ncg_adressen.parquet").write_bytes(b"PAR1" + b"geen parquet" * 10)
    pl.DataFrame([img_rij(i) for i in range(N)]).write_parquet(map / "img_schademeldingen.parquet")
    cases["kapot"] = (map, "niet te lezen als Parquet")
    return cases


def test_a_file_that_cannot_be_read_fails_with_one_short_dutch_line(new_database, tmp_path, capsys):
    url = new_database()
    assert cli(["load", "--source", str(levering(tmp_path / "goed")), "--database", url, "--quiet"]) == 0
    voor = inhoud(url)
    for naam, (map, verwacht) in _file_level_cases(tmp_path).items():
        capsys.readouterr()
        assert cli(["load", "--source", str(map), "--database", url]) == 1, naam
        out = capsys.readouterr()
        assert out.out == ""
        regels = out.err.strip().split("\n")
        assert len(regels) == 1, (naam, out.err[:500])
        assert regels[0].startswith("fout: aanlevering niet geladen, database ongewijzigd: ")
        assert verwacht in regels[0], (naam, regels[0])
        assert len(regels[0]) < 300, (naam, len(regels[0]))
        assert "Traceback" not in out.err and "Geheimstraat" not in out.err
        assert inhoud(url) == voor, naam


# ---------------------------------------------------------------- the guard against an emptied snapshot


def test_a_delivery_that_would_empty_a_snapshot_is_refused_unless_forced(new_database, tmp_path, capsys):
    url = new_database()
    eng = db.engine(url)
    loader.load_delivery(levering(tmp_path / "goed"), eng)
    voor = {k: v for k, v in inhoud(url).items() if k not in ("laadweigering", "audit")}

    # A header-only IMG file: every claim of the stored snapshot would go.
    leeg = levering(tmp_path / "leeg")
    pad = leeg / "img_schademeldingen.csv"
    pad.write_text(pad.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    with pytest.raises(RefusedDelivery) as exc:
        loader.load_delivery(leeg, eng)
    assert "img_schademeldingen.csv: geen enkele geldige rij" in str(exc.value)
    assert f"img_schademeldingen.csv: 0 schademeldingen tegen {N} in de opgeslagen stand van 31-08-2021" in str(
        exc.value
    )

    # Every IMG row with another peildatum: all rejected.
    anders = levering(tmp_path / "anders", img=[img_rij(i, peildatum="2021-07-31") for i in range(N)])
    assert cli(["load", "--source", str(anders), "--database", url]) == 1
    err = capsys.readouterr().err
    assert "geweigerd" in err and f"img_schademeldingen.csv: {N} van {N} rijen afgewezen (meer dan 20%)" in err
    assert "--force" in err and "Traceback" not in err
    assert {k: v for k, v in inhoud(url).items() if k not in ("laadweigering", "audit")} == voor

    with eng.connect() as conn:
        weigeringen = conn.execute(sa.text("select peildatum, reden from laadweigering order by weigering_id")).all()
        acties = conn.execute(sa.text("select actie from audit order by audit_id")).scalars().all()
    assert len(weigeringen) == 2 and "geen enkele geldige rij" in weigeringen[0][1]
    assert acties == ["laden", "laden_geweigerd", "laden_geweigerd"]

    # Forced, it loads: the beheerder decided the delivery is right.
    assert cli(["load", "--source", str(leeg), "--database", url, "--force", "--quiet"]) == 0
    assert ids(url, "img_schademelding", "img_id") == set()


def test_a_fresh_database_refuses_a_delivery_with_mostly_rejected_rows(new_database, tmp_path):
    url = new_database()
    ncg = [ncg_rij(i, fase="onbekend") if i % 3 == 0 else ncg_rij(i) for i in range(N)]
    with pytest.raises(RefusedDelivery, match=r"ncg_adressen.csv: 14 van 40 rijen afgewezen"):
        loader.load_delivery(levering(tmp_path / "d", ncg), db.engine(url))
    assert ids(url, "ncg_adres", "ncg_id") == set()


# ---------------------------------------------------------------- two loads at once


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_second_load_into_one_sqlite_file_waits_or_gives_up_in_dutch(new_database, tmp_path, capsys, monkeypatch):
    url = new_database()
    map = levering(tmp_path / "d")
    loader.load_delivery(map, db.engine(url))
    pad = sa.make_url(url).database

    def bezet(seconden: float) -> threading.Thread:
        """Another writer (as a concurrent load is) holding SQLite's write lock for a while."""
        klaar = threading.Event()

        def houd():
            import sqlite3

            con = sqlite3.connect(pad, isolation_level=None)
            con.execute("begin immediate")
            klaar.set()
            time.sleep(seconden)
            con.execute("rollback")
            con.close()

        t = threading.Thread(target=houd)
        t.start()
        klaar.wait()
        return t

    monkeypatch.setattr(loader, "SQLITE_WACHTTIJD_S", 1)
    t = bezet(4)
    assert cli(["load", "--source", str(map), "--database", url, "--quiet"]) == 1
    t.join()
    err = capsys.readouterr().err
    assert "let op: de database wordt al door een andere lading beschreven; wachten" in err
    assert "fout: aanlevering niet geladen, database ongewijzigd: de database is na 1 s nog steeds bezet" in err
    assert "Traceback" not in err and "database is locked" not in err

    monkeypatch.setattr(loader, "SQLITE_WACHTTIJD_S", 30)
    t = bezet(1.5)
    begon = time.monotonic()
    assert cli(["load", "--source", str(map), "--database", url, "--quiet"]) == 0
    t.join()
    assert time.monotonic() - begon >= 1.0  # it waited for the other writer, then loaded
    assert "wachten tot die klaar is" in capsys.readouterr().err


def test_two_loads_at_once_both_finish(new_database, tmp_path):
    """Real concurrent loads (threads) of two peildata into one database: both stored, no error."""
    url = new_database()
    eerste = levering(tmp_path / "a")
    tweede = levering(
        tmp_path / "b",
        [ncg_rij(i, peildatum="2021-09-30") for i in range(N)],
        [img_rij(i, peildatum="2021-09-30") for i in range(N)],
    )
    fouten: list[BaseException] = []

    def laad(map):
        try:
            loader.load_delivery(map, db.engine(url))
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            fouten.append(exc)

    threads = [threading.Thread(target=laad, args=(m,)) for m in (eerste, tweede)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert fouten == []
    with db.engine(url).connect() as conn:
        assert sorted(db.stored_peildata(conn)) == [date(2021, 8, 31), date(2021, 9, 30)]


# ---------------------------------------------------------------- exports: no formulas


GEVAARLIJK = [
    "=1+1",
    "+31 50 123",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "\rCR",
    '=HYPERLINK("http://x";"k")',
    "http://host/x.png",
    "gewoon",
]


def test_exports_hold_no_formula_and_numbers_stay_numbers():
    frame = pl.DataFrame({"straat": GEVAARLIJK, "aantal": list(range(-4, 5)), "aandeel": [-0.5] * 9})
    bijschrift = export.Bijschrift("Kandidaten", "Proactieve lijst", date(2021, 8, 31), (("Gemeente", "=cmd;x"),))

    csv = export.tabel_csv(frame, bijschrift).decode("utf-8-sig")
    assert csv.startswith("straat;aantal;aandeel")  # the header on the first line
    teruggelezen = pl.read_csv(io.StringIO(csv), separator=";", decimal_comma=True)
    assert teruggelezen["straat"].to_list() == [
        "'=1+1",
        "'+31 50 123",
        "'-2+3",
        "'@SUM(A1)",
        "'\tTab",
        "'\rCR",
        '\'=HYPERLINK("http://x";"k")',
        "http://host/x.png",
        "gewoon",
    ]
    assert teruggelezen["aantal"].to_list() == list(range(-4, 5))  # numbers: no quote, still numbers
    assert teruggelezen["aandeel"].to_list() == [-0.5] * 9
    toelichting_csv = pl.read_csv(io.StringIO(export.toelichting_csv(bijschrift).decode("utf-8-sig")), separator=";")
    assert "'=cmd;x" in toelichting_csv["Waarde"].to_list()  # the caption's download is neutralised too

    xlsx = export.tabel_xlsx(frame, bijschrift)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        bladen = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert bladen and not any(re.search(r"<f[ >]", blad) for blad in bladen)  # no formula element at all
        assert not any("hyperlink" in blad for blad in bladen)
    gegevens = pl.read_excel(io.BytesIO(xlsx), sheet_name="Gegevens", engine="calamine")
    # Text as given (a spreadsheet never evaluates a text cell), the carriage return aside, which XML may normalise.
    assert [g for g in gegevens["straat"].to_list() if "CR" not in g] == [g for g in GEVAARLIJK if "CR" not in g]
    assert gegevens["aantal"].dtype.is_integer() and gegevens["aantal"].to_list() == list(range(-4, 5))
    toelichting = pl.read_excel(io.BytesIO(xlsx), sheet_name="Toelichting", engine="calamine")
    assert "=cmd;x" in toelichting["Waarde"].to_list()


def test_the_rejects_file_holds_no_formula(tmp_path):
    ncg = [ncg_rij(i) for i in range(N)]
    ncg[0]["fase"] = "=1+1"
    ncg[1]["fase"] = "@SUM(A1)"
    result = loader.check_delivery(levering(tmp_path / "d", ncg))
    result.write_rejects(tmp_path / "afgewezen.csv")
    waarden = pl.read_csv(tmp_path / "afgewezen.csv")["waarde"].to_list()
    assert waarden == ["'=1+1", "'@SUM(A1)"]
    assert result.rejects["waarde"].to_list() == ["=1+1", "@SUM(A1)"]  # the load log keeps the value as delivered
