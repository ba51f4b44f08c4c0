"""Table exports as a Dutch spreadsheet user gets them: CSV and xlsx read back by parsing (polars, fastexcel) and
by LibreOffice Calc in the nl-NL locale, checking the header is on line 1 and numbers, shares and dates arrive as
numbers, percentages and dates, with the NCG-id in every work list."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from conftest import skip_or_fail
from dashboard.app import export
from dashboard.core.filters import Filters, Selectie
from dashboard.store import db
from dashboard.subjects import adressen, trend

pytestmark = pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)


def _peildatum(conn) -> date:
    return max(db.stored_peildata(conn))


def _werklijst(conn) -> pl.DataFrame:
    """The Kandidaten page's list of candidates in Groningen, as the page passes it to the download."""
    filters = Filters(_peildatum(conn), ("Groningen",))
    return adressen.adreslijst(
        adressen.lijstrijen(conn, filters, Selectie(categorieen=("beide_lopend",), groepen=("B", "E")))
    )


def _groepen(conn) -> pl.DataFrame:
    """Fasematrix's groups A-F with their share as a fraction (the column 'Aandeel')."""
    matrix = adressen.fasematrix(conn, Filters(_peildatum(conn)))
    return adressen.groepstotalen(matrix).select(
        pl.col("groep").alias("Groep"), pl.col("aantal").alias("Adressen"), pl.col("aandeel").alias("Aandeel")
    )


def _trendtabel(conn) -> pl.DataFrame:
    """Trend's table: a date column, counts in the tens of thousands and a '(%)' column (8.8 for 8,8%)."""
    t = trend.trend(conn, Filters(_peildatum(conn)))
    return trend.tabel(trend.categorieen(t), trend.groepen(t))


BIJSCHRIFT = export.Bijschrift(
    "Kandidaten", "Samenwerkingskandidaten", date(2021, 8, 31), (("Gemeente", "Groningen"), ("Groep", "B, E"))
)


# ---------------------------------------------------------------- parsed back without a spreadsheet


def test_a_work_list_csv_has_its_header_first_the_ncg_id_and_dutch_dates(sample_conn):
    lijst = _werklijst(sample_conn)
    assert lijst.height > 0 and "ncg_id" in lijst.columns
    data = export.tabel_csv(lijst, BIJSCHRIFT)
    tekst = data.decode("utf-8-sig")
    regels = tekst.splitlines()
    assert regels[0].split(";")[0] == "NCG-id"  # the header is the first line: no caption above it
    assert not any(r.startswith("#") for r in regels)
    assert len(regels) == lijst.height + 1  # and nothing below the data

    terug = pl.read_csv(io.BytesIO(data), separator=";", decimal_comma=True, infer_schema=False)
    assert terug.columns == ["NCG-id", *(c for c in lijst.columns if c != "ncg_id")]
    assert terug["NCG-id"].to_list() == lijst["ncg_id"].to_list()
    assert terug["Adres"].to_list() == lijst["Adres"].to_list()
    assert terug["In fase sinds"].to_list() == [d.strftime("%d-%m-%Y") for d in lijst["In fase sinds"]]

    toelichting = export.toelichting_csv(BIJSCHRIFT).decode("utf-8-sig").splitlines()
    assert toelichting[0] == "Kenmerk;Waarde"
    assert "Peildatum;31-08-2021" in toelichting and "Gemeente;Groningen" in toelichting and "Groep;B, E" in toelichting
    assert (
        BIJSCHRIFT.bestandsnaam("csv", "toelichting") == "kandidaten_samenwerkingskandidaten_2021-08-31_toelichting.csv"
    )


def test_csv_numbers_have_a_decimal_comma_and_read_back_as_numbers(sample_conn):
    groepen, tabel = _groepen(sample_conn), _trendtabel(sample_conn)
    for frame in (groepen, tabel):
        data = export.tabel_csv(frame, BIJSCHRIFT)
        regels = data.decode("utf-8-sig").splitlines()
        assert regels[0].split(";") == frame.columns
        terug = pl.read_csv(io.BytesIO(data), separator=";", decimal_comma=True)
        for naam, dtype in frame.schema.items():
            if dtype.is_numeric():
                assert terug.schema[naam].is_numeric(), (naam, terug.schema[naam])
                assert terug[naam].to_list() == pytest.approx(frame[naam].to_list()), naam
    aandeel = groepen["Aandeel"].drop_nulls()
    assert aandeel.len() and (aandeel < 1).all()
    regels = export.tabel_csv(groepen, BIJSCHRIFT).decode("utf-8-sig").splitlines()[1:]
    velden = [r.split(";")[2] for r in regels]
    assert any("," in v for v in velden) and not any("." in v for v in velden)  # 0,0771, never 0.0771
    assert tabel["Zonder schademelding (%)"].dtype.is_float()
    kolom = tabel.columns.index("Zonder schademelding (%)")
    velden = [r.split(";")[kolom] for r in export.tabel_csv(tabel, BIJSCHRIFT).decode("utf-8-sig").splitlines()[1:]]
    assert all("," in v and "." not in v for v in velden), velden  # e.g. 66,0


def _numfmt_per_kolom(xlsx: bytes, blad: int = 1) -> dict[int, str]:
    """The number format code of each column's first data cell (row 2) in an xlsx sheet."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        styles = ET.fromstring(z.read("xl/styles.xml"))
        sheet = ET.fromstring(z.read(f"xl/worksheets/sheet{blad}.xml"))
    codes = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iterfind("m:numFmts/m:numFmt", ns)}
    codes.update({0: "General", 3: "#,##0", 10: "0.00%", 14: "mm-dd-yy"})
    xfs = [int(x.get("numFmtId", 0)) for x in styles.iterfind("m:cellXfs/m:xf", ns)]
    rij = sheet.find("m:sheetData/m:row[@r='2']", ns)
    uit = {}
    for i, cel in enumerate(rij.iterfind("m:c", ns)):
        uit[i] = codes.get(xfs[int(cel.get("s", 0))], "?")
    return uit


def test_xlsx_keeps_numbers_with_percent_and_thousands_formats_and_the_ncg_id(sample_conn):
    lijst, groepen, tabel = _werklijst(sample_conn), _groepen(sample_conn), _trendtabel(sample_conn)

    xlsx = export.tabel_xlsx(lijst, BIJSCHRIFT)
    gegevens = pl.read_excel(io.BytesIO(xlsx), sheet_name="Gegevens")
    assert gegevens.columns[0] == "NCG-id"
    assert gegevens["NCG-id"].to_list() == lijst["ncg_id"].to_list()
    assert gegevens.schema["In fase sinds"] in (pl.Date, pl.Datetime("ms"), pl.Datetime("us"))
    toelichting = dict(pl.read_excel(io.BytesIO(xlsx), sheet_name="Toelichting").iter_rows())
    assert toelichting["Peildatum"] == "31-08-2021" and toelichting["Gemeente"] == "Groningen"

    xlsx = export.tabel_xlsx(groepen, BIJSCHRIFT)
    terug = pl.read_excel(io.BytesIO(xlsx), sheet_name="Gegevens")
    assert terug.schema["Aandeel"].is_float() and terug.schema["Adressen"].is_numeric()
    assert terug["Aandeel"].to_list() == pytest.approx(groepen["Aandeel"].to_list())
    formaten = _numfmt_per_kolom(xlsx)
    assert formaten[groepen.columns.index("Aandeel")] == "0.0%"
    assert formaten[groepen.columns.index("Adressen")] == "#,##0"

    xlsx = export.tabel_xlsx(tabel, BIJSCHRIFT)
    terug = pl.read_excel(io.BytesIO(xlsx), sheet_name="Gegevens")
    # '(%)' columns hold the percentage number (66.0); in the workbook they become the fraction shown as 66,0%.
    assert terug["Zonder schademelding (%)"].to_list() == pytest.approx(
        [v / 100 for v in tabel["Zonder schademelding (%)"]]
    )
    assert terug["NCG-adressen"].to_list() == tabel["NCG-adressen"].to_list()
    formaten = _numfmt_per_kolom(xlsx)
    assert formaten[tabel.columns.index("Zonder schademelding (%)")] == "0.0%"
    assert formaten[tabel.columns.index("NCG-adressen")] == "#,##0"
    assert formaten[tabel.columns.index("Peildatum")] == "dd-mm-yyyy"


# ---------------------------------------------------------------- read by LibreOffice Calc in the nl-NL locale

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}
CSV_NL = "CSV:59,34,76,1,,1043"  # separator ';', quote '"', UTF-8, from line 1, language 1043 (nl-NL)


@pytest.fixture(scope="module")
def soffice(tmp_path_factory):
    pad = shutil.which("soffice") or shutil.which("libreoffice")
    if not pad:
        skip_or_fail("LibreOffice is not installed (apt-get install libreoffice-calc-nogui): exports not read by Calc")
    profiel = tmp_path_factory.mktemp("lo_profiel")
    uit = tmp_path_factory.mktemp("lo_uit")

    def lees(naam: str, data: bytes, *, csv: bool) -> dict[str, list[list[tuple[str | None, str | None, str]]]]:
        """The file as LibreOffice Calc (nl-NL) reads it: per sheet, per row, (value type, value, shown text)."""
        bron = uit / naam
        bron.write_bytes(data)
        opdracht = [pad, f"-env:UserInstallation={profiel.as_uri()}", "--headless", "--norestore"]
        if csv:
            opdracht.append(f"--infilter={CSV_NL}")
        opdracht += ["--convert-to", "fods", "--outdir", str(uit), str(bron)]
        env = {**os.environ, "LANG": "nl_NL.UTF-8", "LC_ALL": "nl_NL.UTF-8"}
        subprocess.run(opdracht, check=True, capture_output=True, timeout=180, env=env)
        doel = bron.with_suffix(".fods")
        assert doel.exists(), f"LibreOffice did not convert {naam}"
        return _fods_bladen(doel)

    return lees


def _fods_bladen(pad: Path) -> dict[str, list[list[tuple[str | None, str | None, str]]]]:
    t, o = _NS["table"], _NS["office"]
    bladen = {}
    for blad in ET.parse(pad).getroot().iter(f"{{{t}}}table"):
        rijen = []
        for rij in blad.iter(f"{{{t}}}table-row"):
            cellen = []
            for cel in rij.iter(f"{{{t}}}table-cell"):
                herhaald = int(cel.get(f"{{{t}}}number-columns-repeated", 1))
                soort = cel.get(f"{{{o}}}value-type")
                waarde = cel.get(f"{{{o}}}value") or cel.get(f"{{{o}}}date-value")
                tekst = " ".join("".join(cel.itertext()).split())
                cellen += [(soort, waarde, tekst)] * min(herhaald, 50)
            while cellen and cellen[-1][0] is None:
                cellen.pop()
            if cellen:
                rijen.append(cellen)
        bladen[blad.get(f"{{{t}}}name")] = rijen
    return bladen


def _kolom(rijen, i):
    return [r[i] for r in rijen[1:]]


def test_libreoffice_nl_reads_the_csv_header_on_line_one_and_numbers_as_numbers(soffice, sample_conn):
    lijst, groepen, tabel = _werklijst(sample_conn), _groepen(sample_conn), _trendtabel(sample_conn)

    rijen = next(iter(soffice("lijst.csv", export.tabel_csv(lijst, BIJSCHRIFT), csv=True).values()))
    kop = [c[2] for c in rijen[0]]
    assert kop[0] == "NCG-id" and kop[1:] == [c for c in lijst.columns if c != "ncg_id"]
    assert len(rijen) == lijst.height + 1
    assert [c[2] for c in _kolom(rijen, 0)] == lijst["ncg_id"].to_list()
    sinds = _kolom(rijen, kop.index("In fase sinds"))
    assert {c[0] for c in sinds} == {"date"}
    assert [c[1] for c in sinds] == [d.isoformat() for d in lijst["In fase sinds"]]

    rijen = next(iter(soffice("groepen.csv", export.tabel_csv(groepen, BIJSCHRIFT), csv=True).values()))
    assert [c[2] for c in rijen[0]] == groepen.columns
    aandeel = _kolom(rijen, groepen.columns.index("Aandeel"))
    assert {c[0] for c in aandeel} == {"float"}, aandeel  # with a decimal point these arrived as text
    assert [float(c[1]) for c in aandeel] == pytest.approx(groepen["Aandeel"].to_list())

    rijen = next(iter(soffice("trend.csv", export.tabel_csv(tabel, BIJSCHRIFT), csv=True).values()))
    assert [c[2] for c in rijen[0]] == tabel.columns
    for naam, dtype in tabel.schema.items():
        cellen = _kolom(rijen, tabel.columns.index(naam))
        if dtype.is_numeric():
            assert {c[0] for c in cellen} == {"float"}, (naam, cellen)
            assert [float(c[1]) for c in cellen] == pytest.approx(tabel[naam].to_list()), naam
        elif dtype == pl.Date:
            assert {c[0] for c in cellen} == {"date"}, (naam, cellen)


def test_libreoffice_nl_shows_xlsx_shares_as_percentages_and_counts_with_a_thousands_dot(soffice, sample_conn):
    groepen, tabel, lijst = _groepen(sample_conn), _trendtabel(sample_conn), _werklijst(sample_conn)

    bladen = soffice("groepen.xlsx", export.tabel_xlsx(groepen, BIJSCHRIFT), csv=False)
    assert list(bladen) == ["Gegevens", "Toelichting"]
    rijen = bladen["Gegevens"]
    assert [c[2] for c in rijen[0]] == groepen.columns
    aandeel = _kolom(rijen, groepen.columns.index("Aandeel"))
    assert {c[0] for c in aandeel} == {"percentage"}
    for cel, waarde in zip(aandeel, groepen["Aandeel"]):
        assert cel[2] == f"{waarde * 100:.1f}%".replace(".", ","), cel  # 0.0771 shows as 7,7%
    toelichting = {r[0][2]: r[1][2] for r in bladen["Toelichting"][1:]}
    assert toelichting["Peildatum"] == "31-08-2021" and toelichting["Groep"] == "B, E"

    rijen = soffice("trend.xlsx", export.tabel_xlsx(tabel, BIJSCHRIFT), csv=False)["Gegevens"]
    assert [c[2] for c in rijen[0]] == tabel.columns
    totaal = _kolom(rijen, tabel.columns.index("NCG-adressen"))
    assert {c[0] for c in totaal} == {"float"}
    assert [c[2] for c in totaal] == [f"{n:,}".replace(",", ".") for n in tabel["NCG-adressen"]]  # 26.800
    assert any(n >= 1000 for n in tabel["NCG-adressen"])
    procent = _kolom(rijen, tabel.columns.index("Zonder schademelding (%)"))
    assert {c[0] for c in procent} == {"percentage"}
    assert [c[2] for c in procent] == [f"{v:.1f}%".replace(".", ",") for v in tabel["Zonder schademelding (%)"]]
    peildatum = _kolom(rijen, tabel.columns.index("Peildatum"))
    assert [c[2] for c in peildatum] == [d.strftime("%d-%m-%Y") for d in tabel["Peildatum"]]

    rijen = soffice("lijst.xlsx", export.tabel_xlsx(lijst, BIJSCHRIFT), csv=False)["Gegevens"]
    assert rijen[0][0][2] == "NCG-id"
    assert [c[2] for c in _kolom(rijen, 0)] == lijst["ncg_id"].to_list()
