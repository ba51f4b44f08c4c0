"""Exports: charts as PNG/SVG/PDF/HTML, the steering group's PDF report, and what happens without Chromium."""

from __future__ import annotations

import io
import re
from datetime import date

import polars as pl
import pytest
from PIL import Image
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from conftest import ROOT, skip_or_fail
from dashboard import figures
from dashboard.app import export
from dashboard.app.rapport_pdf import rapport_pdf
from dashboard.cli import main as cli
from dashboard.core import fmt
from dashboard.core.filters import Filters
from dashboard.store import db
from dashboard.subjects import adressen
from dashboard.subjects.rapport_json import build_report

BIJSCHRIFT = export.Bijschrift("Fasematrix", "Fasematrix beide lopend", date(2021, 8, 31), (("Gemeente", "Groningen"),))


@pytest.fixture
def chromium():
    if export.chromium_pad() is None:
        skip_or_fail("Debian's chromium is not installed: images cannot be rendered")


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("BROWSER_PATH", raising=False)


def _matrix_figure(conn):
    matrix = adressen.fasematrix(conn, Filters(max(db.stored_peildata(conn)), ("Groningen",)))
    return figures.fasematrix(matrix, totalen=adressen.matrix_totalen(matrix))


def _pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)
def test_each_chart_format_has_its_signature_size_and_caption(chromium, sample_conn):
    fig = _matrix_figure(sample_conn)
    png = export.grafiek_bestand(fig, BIJSCHRIFT, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert Image.open(io.BytesIO(png)).size == (export.BREEDTE * export.PNG_SCHAAL, export.HOOGTE * export.PNG_SCHAAL)

    svg = export.grafiek_bestand(fig, BIJSCHRIFT, "svg").decode("utf-8")
    assert svg.startswith("<svg")
    assert re.search(rf'width="{export.BREEDTE}"', svg) and re.search(rf'height="{export.HOOGTE}"', svg)
    assert "Fasematrix beide lopend" in svg and "Peildatum: 31-08-2021" in svg and "Gemeente: Groningen" in svg

    pdf = export.grafiek_bestand(fig, BIJSCHRIFT, "pdf")
    assert pdf.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1

    html = export.grafiek_bestand(fig, BIJSCHRIFT, "html").decode("utf-8")
    assert html.startswith("<!doctype html>")
    assert "Peildatum: 31-08-2021" in html and "plotly" in html.lower()
    assert BIJSCHRIFT.bestandsnaam("png") == "fasematrix_fasematrix-beide-lopend_2021-08-31.png"


def test_the_export_template_is_print_friendly():
    fig = figures.staaf_groepen(pl.DataFrame({"groep": ["B"], "aantal": [3], "aandeel": [1.0], "tekst": ["x"]}))
    beeld = export.beeld_figuur(fig, BIJSCHRIFT)
    assert beeld.layout.paper_bgcolor == "white" and beeld.layout.plot_bgcolor == "white"
    assert beeld.layout.template.layout.paper_bgcolor == "white"  # plotly_white, not Streamlit's placeholders
    assert beeld.layout.title.text == "<b>Fasematrix beide lopend</b>"


def test_without_chromium_images_are_refused_and_html_still_works(no_chromium):
    fig = figures.staaf_groepen(pl.DataFrame({"groep": ["B"], "aantal": [3], "aandeel": [1.0], "tekst": ["x"]}))
    assert export.chromium_pad() is None
    with pytest.raises(RuntimeError, match="geen Chromium"):
        export.grafiek_bestand(fig, BIJSCHRIFT, "png")
    assert export.grafiek_bestand(fig, BIJSCHRIFT, "html").startswith(b"<!doctype html>")


@pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)
def test_without_chromium_the_page_disables_images_with_a_message(no_chromium, monkeypatch, sample_url):
    monkeypatch.setenv("DATABASE_URL", sample_url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    knoppen = list(at.get("download_button"))
    png = [b for b in knoppen if b.proto.label == "PNG"]
    html = [b for b in knoppen if b.proto.label.startswith("HTML")]
    assert png and all(b.proto.disabled for b in png)
    assert html and not any(b.proto.disabled for b in html)
    rapport = [b for b in knoppen if b.proto.label == "Rapport stuurgroep (PDF)"]
    assert rapport and rapport[0].proto.disabled
    assert any("ontbreekt Chromium" in c.value for c in at.caption)


def test_the_steering_group_report_has_its_pages_and_figures(chromium, sample_conn):
    peildatum = max(db.stored_peildata(sample_conn))
    van, tot = date(2021, 1, 1), date(2021, 6, 30)
    report = build_report(sample_conn, peildatum, van, tot)
    pdf = rapport_pdf(sample_conn, Filters(peildatum), van, tot)
    assert pdf.startswith(b"%PDF-")
    pages = _pdf_text(pdf)
    assert len(pages) == 5
    for number, text in enumerate(pages, start=1):
        assert f"Pagina {number} van {len(pages)}" in text
    alles = "\n".join(pages)
    assert "Rapportage voor de stuurgroep" in pages[0] and "31 augustus 2021" in pages[0]
    assert fmt.getal(report["adressen"]["totaal"]) in pages[0]
    assert fmt.getal(report["adressen"]["beide_lopend"]) in pages[0]
    ivr = {r["lijn"]: r for r in report["ivr"]}
    assert fmt.getal(ivr["IMG"]["gesprekken"]) in alles and fmt.getal(ivr["NCG"]["verkeerd_gekozen"]) in alles
    assert "Pilots en samenwerking" in alles and "Koploper" in alles
    assert len(PdfReader(io.BytesIO(pdf)).pages[1].images) == 2  # figure 1 and the groups
    # The follow-up of signals, on a page of its own.
    assert "Opvolging van signalen" in pages[4] and "Eerste actie binnen 2 weken" in pages[4]
    assert "Status van de signalen" in pages[4] and "Afgerond" in pages[4]


def test_the_report_from_the_command_line(chromium, sample_url, tmp_path, capsys):
    out = tmp_path / "rapport.pdf"
    assert cli(["export-report", "--database", sample_url, "--out", str(out), "--gemeente", "Groningen"]) == 0
    pages = _pdf_text(out.read_bytes())
    assert "Gemeente alle" not in pages[0].replace(":", "") and "Groningen" in pages[0]
    with db.engine(sample_url).connect() as conn:
        totaal = build_report(conn, gemeenten=("Groningen",))["adressen"]["totaal"]
    assert fmt.getal(totaal) in pages[0]


def test_the_command_line_report_without_chromium_fails_clearly(no_chromium, tmp_path, capsys):
    out = tmp_path / "rapport.pdf"
    assert cli(["export-report", "--database", f"sqlite:///{tmp_path}/leeg.sqlite", "--out", str(out)]) == 1
    assert "geen Chromium" in capsys.readouterr().err
    assert not out.exists()


def test_the_report_for_aggregate_roles_prints_the_pages_perturbed_counts(chromium, sample_conn):
    """The manager's report prints the groups as the pages show them to aggregate roles (cell-key perturbed,
    the same numbers as verstoring gives the Overzicht and Fasematrix); unfiltered, the headline is exact."""
    from dashboard.store import adresframe
    from dashboard.subjects import verstoring

    peildatum = max(db.stored_peildata(sample_conn))
    frame = adresframe.lees(sample_conn, peildatum)
    for filters in (Filters(peildatum, ("Oldambt",)), Filters(peildatum)):
        exact = build_report(sample_conn, gemeenten=filters.gemeenten)["groepen"]
        gepubliceerd = dict(verstoring.adrescijfers(frame, filters)[0].groepen.select("groep", "aantal").iter_rows())
        pagina = _pdf_text(rapport_pdf(sample_conn, filters, drempel=5, adressen_frame=frame))[0]
        regels = {
            line.split(" ")[1]: line
            for line in pagina.splitlines()
            if line.startswith("Groep ") and len(line.split(" ")) > 2
        }
        for groep, n in exact.items():
            assert regels[groep].startswith(f"Groep {groep} {fmt.getal(gepubliceerd[groep])} "), regels[groep]
            assert abs(gepubliceerd[groep] - n) <= 2
            if not filters.gemeenten:
                assert gepubliceerd[groep] == n  # headline figures stay exact
        assert "<5" not in pagina
        assert "licht afgerond" in pagina  # the report says so once, as the pages do
