"""WCAG 2.1 AA in a real browser: axe-core on every page for every role, titles, language, third-party
requests, reflow at 320 px and the keyboard's routes to what the mouse selects.

axe-core comes from npm (tests/axe/package.json; `npm ci` in tests/axe, which .ci/services.sh runs).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, skip_or_fail
from dashboard.core import fmt, toegang

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)]

AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TITEL = "Dashboard Schade & Versterken"

# Violations that belong to Streamlit itself, not to the app's content: (axe rule, a CSS selector the node's
# target matches) with the reason. Anything else axe finds fails the test.
STREAMLIT_UITZONDERINGEN: dict[tuple[str, str], str] = {
    # None today: every violation axe-core 4.14 found on these pages was in the app's own content and is fixed.
    # Streamlit's shortcomings that axe does not flag are listed on the Toegankelijkheid page.
}
# Hosts a page may contact besides the app: the Kaart's basemap tiles (CARTO), configured in kaart.py.
DERDEN = {"kaart": {"service.pdok.nl"}}  # the configured basemap (PDOK, README Configuration); nothing else


@pytest.fixture(scope="module")
def axe_js() -> str:
    if not AXE.exists():
        skip_or_fail("axe-core is not installed: run `npm ci` in tests/axe (make test does)")
    return AXE.read_text(encoding="utf-8")


def _klaar(page, timeout: float = 90) -> None:
    """Wait until Streamlit has finished the run: no running-indicator, no spinner, for a moment."""
    einde = time.monotonic() + timeout
    rustig = 0
    while time.monotonic() < einde and rustig < 3:
        bezig = page.locator('[data-testid="stStatusWidget"], [data-testid="stSpinner"]').count()
        rustig = 0 if bezig else rustig + 1
        page.wait_for_timeout(400)
    page.wait_for_timeout(600)


def _axe(page, axe_js: str) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page, one entry per node, minus Streamlit's own."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_js)
    uitslag = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.flatMap(v => v.nodes.map(n => ({
                regel: v.id, doel: n.target.join(' '), html: n.html.slice(0, 160),
                uitleg: (n.any[0] || n.all[0] || n.none[0] || {}).message || v.help,
                streamlit: false,
            })));
        }""",
        WCAG_21_AA,
    )
    for (regel, selector), _reden in STREAMLIT_UITZONDERINGEN.items():
        for v in uitslag:
            if v["regel"] == regel and page.locator(v["doel"]).first.evaluate(f"e => e.matches({selector!r})"):
                v["streamlit"] = True
    return [v for v in uitslag if not v["streamlit"]]


def _als_rol(page, base: str, rol: str) -> None:
    # The root, not /overzicht: a deep link to the default page makes Streamlit 1.67 show "Page not found" now and
    # then (before this work too), which leaves the page inert under its dialog.
    page.goto(base, wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=120_000)
    _klaar(page)
    if rol == "beheerder":  # the demo's default
        return
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    aantal = sum(toegang.mag_pagina(rol, k) for k in toegang.PAGINAS)
    for poging in range(3):  # a cold server can swallow the first pick while it is still busy
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name=re.compile(f"^{toegang.ROL_LABELS[rol]}:")).first.click()
        try:  # the role holds once the navigation lists exactly its pages
            page.wait_for_function(
                "n => document.querySelectorAll('[data-testid=stSidebarNav] a').length === n",
                arg=aantal,
                timeout=60_000,
            )
            break
        except PlaywrightTimeout:
            if poging == 2:
                raise
    _klaar(page)


def _screenshot(page, naam: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("DASHBOARD_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{naam}.png"), full_page=True)


@pytest.mark.parametrize("rol", toegang.ROLLEN)
def test_every_page_meets_wcag_21_aa_in_axe(browser, app_server, axe_js, rol, tmp_path):
    """Every page the role gets, reached through the navigation (so the role holds): zero axe violations in
    the app's content, lang="nl", a title of its own, and no host but the app's contacted unless listed."""
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    app = urlparse(app_server).netloc
    hosts: list[str] = []
    page.on("request", lambda r: hosts.append(urlparse(r.url).netloc) if r.url.startswith("http") else None)
    _als_rol(page, app_server, rol)
    assert set(hosts) <= {app}, f"a page load contacted {sorted(set(hosts) - {app})}"  # the favicon is the app's own
    links = page.locator('[data-testid="stSidebarNav"] a')
    # The default page (Overzicht) links to the root.
    namen = [urlparse(links.nth(i).get_attribute("href")).path.strip("/") or "overzicht" for i in range(links.count())]
    labels = [links.nth(i).inner_text().splitlines()[-1].strip() for i in range(links.count())]
    verwacht = [k for k in toegang.PAGINAS if toegang.mag_pagina(rol, k)]
    assert sorted(namen) == sorted(verwacht)
    gevonden, titels = {}, set()
    for i, (naam, label) in enumerate(zip(namen, labels)):
        hosts.clear()
        page.locator('[data-testid="stSidebarNav"] a').nth(i).click()
        # The browser's title is the page's own: what a tab, a bookmark and a screen reader announce.
        page.wait_for_function("t => document.title === t", arg=f"{label} · {TITEL}", timeout=60_000)
        page.locator("h1").first.wait_for(timeout=120_000)
        _klaar(page)
        titels.add(page.title())
        assert page.evaluate("document.documentElement.lang") == "nl", naam
        assert set(hosts) - {app} <= DERDEN.get(naam, set()), (naam, sorted(set(hosts)))
        fouten = _axe(page, axe_js)
        if fouten:
            gevonden[naam] = fouten
        _screenshot(page, f"{rol}-{naam}-1440", tmp_path)
    assert len(titels) == len(namen)
    assert not gevonden, "\n".join(
        f"{p}: {v['regel']} {v['doel']} | {v['uitleg']} | {v['html']}" for p, fouten in gevonden.items() for v in fouten
    )
    page.close()


def test_every_page_reflows_at_320_px(browser, app_server, axe_js, tmp_path):
    """WCAG 1.4.10: at 320 CSS pixels no page scrolls sideways (the matrix and wide tables scroll within
    themselves), and axe still finds nothing."""
    page = browser.new_page(viewport={"width": 320, "height": 900})
    _als_rol(page, app_server, "beheerder")
    breed, gevonden = {}, {}
    for naam in [k for k in toegang.PAGINAS if toegang.mag_pagina("beheerder", k)]:
        page.goto(f"{app_server}/{'' if naam == 'overzicht' else naam}", wait_until="domcontentloaded")
        page.locator("h1").first.wait_for(timeout=120_000)
        _klaar(page)
        breedte = page.evaluate(
            "(() => { const m = document.querySelector('[data-testid=stMain]');"
            " return [m.scrollWidth, m.clientWidth]; })()"
        )
        if breedte[0] > breedte[1] + 1:
            breed[naam] = breedte
        fouten = _axe(page, axe_js)
        if fouten:
            gevonden[naam] = [f"{v['regel']} {v['doel']} | {v['uitleg']}" for v in fouten]
        _screenshot(page, f"{naam}-320", tmp_path)
    assert not breed, f"pages wider than 320 px (scrollWidth, clientWidth): {breed}"
    assert not gevonden, gevonden
    page.close()


def test_the_keyboard_reaches_every_selection(browser, app_server, sample_url):
    """A matrix cell, a chart's table and the map's addresses, by keyboard alone."""
    from dashboard.core.filters import Filters
    from dashboard.store import db
    from dashboard.subjects import adressen

    with db.engine(sample_url).connect() as conn:
        matrix = adressen.fasematrix(conn, Filters(max(db.stored_peildata(conn))))
    cel = matrix.filter(matrix["cel"] == adressen.cel("opname", "opname")).row(0, named=True)
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(f"{app_server}/fasematrix", wait_until="domcontentloaded")
    # The chart's text alternative: focus the toggle and press space; an HTML table with the matrix's numbers.
    schakelaar = page.locator(".st-key-fm_matrix__als_tabel input")
    schakelaar.wait_for(state="attached", timeout=120_000)
    _klaar(page)
    schakelaar.focus()
    page.keyboard.press("Space")
    tabel = page.locator(".st-key-fm_matrix__tabel table")
    tabel.wait_for(timeout=60_000)
    assert "2. Opname" in tabel.inner_text() and fmt.getal(cel["aantal"]) in tabel.inner_text()

    # A cell by keyboard: the same addresses as clicking it.
    keuze = page.locator(".st-key-fm_cel_keuze input")
    keuze.focus()
    page.keyboard.type("NCG 2. Opname × IMG Opname")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_text(f"{fmt.getal(cel['aantal'])} adressen in 1 cel").wait_for(timeout=60_000)
    assert "cel=opname" in page.url

    # The map's addresses as a list, for the dossier behind a point.
    page.goto(f"{app_server}/kaart?gemeente=Groningen", wait_until="domcontentloaded")
    lijst = page.locator(".st-key-kt_als_lijst input")
    lijst.wait_for(timeout=120_000)
    _klaar(page)
    lijst.focus()
    page.keyboard.press("Space")
    page.locator(".st-key-kt_lijst").wait_for(timeout=60_000)
    page.close()
