"""Smoke tests in a real browser: Debian's chromium, driven by Playwright, against the running app."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from conftest import ROOT
from dashboard.core import fmt
from dashboard.store import db
from dashboard.subjects.rapport_json import build_report

pytestmark = pytest.mark.browser


def _screenshot(page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("DASHBOARD_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_overzicht_in_chromium(browser, app_server, sample_url, tmp_path):
    with db.engine(sample_url).connect() as conn:
        report = build_report(conn)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(app_server, wait_until="domcontentloaded")

    page.get_by_role("heading", name="Overzicht").wait_for(timeout=90_000)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.wait_for(timeout=60_000)
    chart.locator(".main-svg").first.wait_for(timeout=30_000)  # plotly drew it
    metric = page.locator('[data-testid="stMetric"]', has_text="NCG-adressen")
    assert fmt.getal(report["adressen"]["totaal"]) in metric.inner_text()
    assert "Samenwerkingspotentieel" in page.content()
    _screenshot(page, f"overzicht-{sample_url.split(':')[0]}", tmp_path)
    assert not errors, errors
    page.close()


def test_a_link_with_filters_opens_filtered(browser, app_server, sample_url):
    with db.engine(sample_url).connect() as conn:
        expected = build_report(conn, gemeenten=("Groningen",))["adressen"]["totaal"]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_server}/overzicht?gemeente=Groningen", wait_until="domcontentloaded")
    metric = page.locator('[data-testid="stMetric"]', has_text="NCG-adressen")
    metric.wait_for(timeout=90_000)
    page.wait_for_function(
        "([sel, want]) => [...document.querySelectorAll(sel)].some(e => e.innerText.includes(want))",
        arg=['[data-testid="stMetric"]', fmt.getal(expected)],
        timeout=30_000,
    )
    assert "gemeente=Groningen" in page.url
    page.close()


def test_clicking_a_matrix_cell_lists_its_addresses_and_both_exports_open(browser, app_server, sample_url, tmp_path):
    import polars as pl

    from dashboard.core.filters import Filters
    from dashboard.subjects import adressen

    with db.engine(sample_url).connect() as conn:
        matrix = adressen.fasematrix(conn, Filters(max(db.stored_peildata(conn))))
    cell = matrix.row(5, named=True)  # NCG opname x IMG opname: group B
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app_server}/fasematrix", wait_until="domcontentloaded")
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".main-svg").first.wait_for(timeout=90_000)
    point = chart.locator(".scatterlayer .trace").first.locator("path.point").nth(5)
    point.wait_for(state="attached", timeout=30_000)
    box = point.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text(f"{fmt.getal(cell['aantal'])} adressen in 1 cel").wait_for(timeout=30_000)
    assert "cel=opname" in page.url

    # The list's own buttons (by their keys): the group table's come first and may be there before the list's.
    lijst_csv, lijst_xlsx = page.locator(".st-key-fm_export_csv button"), page.locator(".st-key-fm_export_xlsx button")
    lijst_csv.wait_for(timeout=30_000)
    with page.expect_download(timeout=30_000) as csv_download:
        lijst_csv.click()
    assert Path(csv_download.value.path()).read_text(encoding="utf-8-sig").startswith("NCG-id;")  # header first
    csv = pl.read_csv(csv_download.value.path(), separator=";", decimal_comma=True, infer_schema=False)
    assert csv.height == cell["aantal"]
    assert csv["NCG-id"].str.starts_with("NCG-").all()
    assert set(csv["NCG-fase"]) == {"2. Opname"} and set(csv["Groep"]) == {"B"}
    with page.expect_download(timeout=30_000) as xlsx_download:
        lijst_xlsx.click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    xlsx = pl.read_excel(xlsx_download.value.path(), sheet_name="Gegevens")
    assert xlsx["Adres"].to_list() == csv["Adres"].to_list()
    _screenshot(page, f"fasematrix-{sample_url.split(':')[0]}", tmp_path)
    context.close()


def _url_paths() -> list[str]:
    router = (ROOT / "app.py").read_text(encoding="utf-8")
    return re.findall(r'url_path="([^"]+)"', router)


def _open_menu(page, popover, menu) -> None:
    """Open an export menu; a click that lands while the page is still rerunning is lost, so try again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(6):
        if menu.is_visible():
            return
        popover.locator("button").first.click(force=True)
        try:
            menu.wait_for(timeout=10_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    menu.wait_for(timeout=10_000)


SIGNATURES = {
    ".png": b"\x89PNG",
    ".svg": b"<svg",
    ".pdf": b"%PDF-",
    ".html": b"<!doctype html>",
    ".csv": "\ufeff".encode(),
    ".xlsx": b"PK",
}


@pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)  # downloads do not depend on the backend
@pytest.mark.parametrize("url_path", [p for p in _url_paths() if p != "toegankelijkheid"])  # a page of text only
def test_a_manager_downloads_every_format_from_each_page(browser, app_server, sample_url, url_path, tmp_path):
    """The first chart of each page in PNG, SVG, PDF and HTML, and its first table as CSV and Excel."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app_server}/{url_path}", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=90_000)
    page.locator('[data-testid="stDownloadButton"] button:visible, [data-testid="stPopover"]').first.wait_for(
        timeout=90_000
    )
    time.sleep(1)  # let the rest of the page arrive
    got: list[str] = []

    def download(button) -> None:
        with page.expect_download(timeout=60_000) as info:
            button.click()
        path, name = info.value.path(), info.value.suggested_filename
        suffix = Path(name).suffix
        assert Path(path).read_bytes().startswith(SIGNATURES[suffix]), name
        assert "2021-08-31" in name
        got.append(suffix)

    popovers = page.locator('[data-testid="stPopover"]')
    menu = page.locator('[data-testid="stPopoverBody"]')
    if popovers.count():
        page.keyboard.press("Escape")  # nothing else open: a stray menu or tooltip makes the page inert
        for label in ("PNG", "SVG", "PDF", "HTML (interactief)"):
            _open_menu(page, popovers.first, menu)  # it stays open between downloads; open it when it is not
            download(menu.locator('[data-testid="stDownloadButton"] button', has_text=label).first)
        # Close the menu: while it is open the rest of the page is inert.
        page.keyboard.press("Escape")
        if menu.is_visible():
            page.mouse.click(5, 5)
        menu.wait_for(state="hidden", timeout=30_000)
    tables = page.locator('[data-testid="stDownloadButton"] button:visible')
    for label in ("CSV", "Excel"):
        candidates = tables.filter(has_text=re.compile(rf"{label}$"))
        if candidates.count():
            download(candidates.first)
    assert got, f"nothing to download on {url_path}"
    if url_path == "overzicht":
        assert {".png", ".svg", ".pdf", ".html", ".csv", ".xlsx"} <= set(got)
        with page.expect_download(timeout=120_000) as info:
            page.locator('[data-testid="stDownloadButton"] button', has_text="Rapport stuurgroep").first.click()
        from pypdf import PdfReader

        report = PdfReader(info.value.path())
        assert len(report.pages) >= 4
        assert "Rapportage voor de stuurgroep" in report.pages[0].extract_text()
    context.close()


def test_ivr_and_svip_pages_show_the_evaluations_figures(browser, app_server, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for url_path, metrics, text in (
        (
            "ivr",
            {"IMG-lijn: verkeerd gekozen": "1,3%", "NCG-lijn: verkeerd gekozen": "9,7%"},
            "745 van 57.352 gesprekken",
        ),
        ("svip", {"Ontvangen t/m 30-06-2020": "500"}, "peilmoment van de evaluatie"),
    ):
        page.goto(f"{app_server}/{url_path}", wait_until="domcontentloaded")
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=90_000)
        for label, value in metrics.items():
            assert value in page.locator('[data-testid="stMetric"]', has_text=label).inner_text()
        assert text in page.content()
        _screenshot(page, url_path, tmp_path)
    assert not errors, errors
    page.close()


def _op_de_kaart(box: dict, lat: float, lon: float) -> tuple[float, float]:
    """The page position of (lat, lon) on a deck in its initial view (Web Mercator, deck.gl's 512-pixel world)."""
    import math

    from dashboard.figures.kaartlagen import REGIO

    def wereld(la: float, lo: float) -> tuple[float, float]:
        schaal = 512 * 2 ** REGIO["zoom"]
        y = math.log(math.tan(math.radians(la)) + 1 / math.cos(math.radians(la)))
        return (lo + 180) / 360 * schaal, (1 - y / math.pi) / 2 * schaal

    (x, y), (x0, y0) = wereld(lat, lon), wereld(REGIO["latitude"], REGIO["longitude"])
    return box["x"] + box["width"] / 2 + x - x0, box["y"] + box["height"] / 2 + y - y0


def test_clicking_a_point_on_the_map_opens_its_dossier(browser, app_server, sample_url, tmp_path):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from dashboard.core.filters import Filters
    from dashboard.figures import kaartlagen
    from dashboard.store import adresframe

    with db.engine(sample_url).connect() as conn:
        groningen = adresframe.kies(
            adresframe.lees(conn, max(db.stored_peildata(conn))), Filters(max(db.stored_peildata(conn)), ("Groningen",))
        )
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # One municipality: software WebGL here picks ~5,000 points fast enough for a click to count as one;
    # with all 26,000 the pointerdown handler outlasts deck.gl's tap window (a GPU browser has no such limit).
    page.goto(f"{app_server}/kaart?gemeente=Groningen", wait_until="domcontentloaded")
    deck = page.locator('[data-testid="stDeckGlJsonChart"]')
    deck.locator("canvas").first.wait_for(timeout=90_000)
    page.get_by_text(f"{fmt.getal(groningen.drop_nulls(['lat', 'lon']).height)} adressen op de kaart").wait_for(
        timeout=60_000
    )
    # Offline the basemap's tiles fail; the points are drawn regardless. Hovering the city's centre
    # shows a point's Dutch tooltip, which proves the layer is drawn and pickable there (a point carries only
    # its position: the address comes from the server on a click).
    x, y = _op_de_kaart(deck.bounding_box(), *kaartlagen.PLAATSEN["Groningen"])
    tooltip = page.locator(".deck-tooltip", has_text="Klik voor het dossier")
    for _ in range(20):
        page.mouse.move(x, y + 1)
        page.mouse.move(x, y)
        if tooltip.is_visible():
            break
        time.sleep(1)
    assert tooltip.is_visible()
    _screenshot(page, f"kaart-{sample_url.split(':')[0]}", tmp_path)

    # Software WebGL can still be slow enough on a pointerdown for deck.gl to miss a click now and then;
    # a missed click changes nothing, so click again. (A click that did count keeps the dossier open.)
    dossier = page.get_by_role("heading", name="Dossier").first
    for _ in range(3):
        page.mouse.click(x, y)
        try:
            dossier.wait_for(timeout=15_000)
            break
        except PlaywrightTimeout:
            continue
    dossier.wait_for(timeout=15_000)
    gekozen = re.search(r"[?&]adres=([^&]+)", page.url)
    assert gekozen and gekozen.group(1) in set(groningen["ncg_id"])
    _screenshot(page, f"kaart-dossier-{sample_url.split(':')[0]}", tmp_path)
    assert not errors, errors
    page.close()
