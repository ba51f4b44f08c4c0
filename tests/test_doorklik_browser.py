"""Cross-filtering and drill-through in Chromium: clicks on Overzicht's group chart, SVIP's and Telefonie's bars and
the Kaart's per-gemeente table open the filtered view, as the core team and as the steering group."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from dashboard.app.kolombreedtes import GEMEENTE_BREEDTES
from dashboard.core import fmt
from dashboard.core.filters import Filters, Selectie
from dashboard.store import adresframe, db
from dashboard.subjects import kaart, verstoring
from dashboard.subjects.rapport_json import build_report

pytestmark = pytest.mark.browser


def _screenshot(page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("DASHBOARD_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _open(browser, base: str, pad: str, rol: str):
    """A fresh session on `pad` in the demo role `rol` (Kernteam, Stuurgroep), the page's charts drawn."""
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base}/{pad}", wait_until="domcontentloaded")
    keuze = page.get_by_role("combobox", name="Rol (demo)")
    keuze.wait_for(timeout=120_000)
    for _ in range(10):  # a date range in the sidebar sometimes opens its calendar on load
        if not page.evaluate("() => document.getElementById('root').hasAttribute('inert')"):
            break
        page.keyboard.press("Escape")
        page.wait_for_timeout(500)
    keuze.click()
    keuze.fill(rol)
    page.get_by_role("option", name=re.compile(f"^{rol}")).first.click()
    page.wait_for_function(
        "(rol) => [...document.querySelectorAll('input[role=combobox]')].some("
        "e => e.getAttribute('aria-label') === 'Rol (demo)' && e.value.startsWith(rol))",
        arg=rol,
        timeout=30_000,
    )
    return page, errors


def _grafiek(page, key: str):
    chart = page.locator(f".st-key-{key} [data-testid='stPlotlyChart']").first
    chart.locator(".main-svg").first.wait_for(timeout=90_000)
    return chart


def _klik(page, element) -> None:
    for poging in range(3):  # a rerun may redraw the chart under the pointer: find the element again
        element.wait_for(state="attached", timeout=30_000)
        try:
            element.scroll_into_view_if_needed(timeout=10_000)
            break
        except Exception:  # detached while the page redrew: retried, then raised
            if poging == 2:
                raise
            page.wait_for_timeout(1_000)
    box = element.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _wacht_op_tekst(page, tekst: str | re.Pattern, timeout: int = 90_000) -> None:
    try:
        page.get_by_text(tekst, exact=False).first.wait_for(timeout=timeout)
    except Exception:
        map_ = Path(os.environ.get("DASHBOARD_SCREENSHOTS", "/tmp"))
        page.screenshot(path=str(map_ / "doorklik-mislukt.png"), full_page=True)
        raise


def _metric(page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]', has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _report(url: str, **kwargs) -> dict:
    with db.engine(url).connect() as conn:
        return build_report(conn, **kwargs)


def _op_kaart(url: str, gemeenten: tuple[str, ...] = (), **selectie) -> int:
    """The addresses the Kaart draws (with coordinates) for a selection: its caption's count."""
    with db.engine(url).connect() as conn:
        peildatum = max(db.stored_peildata(conn))
        frame = adresframe.frame(conn, peildatum)
    return int(kaart.per_gemeente(frame, Filters(peildatum, gemeenten), Selectie(**selectie))["op_kaart"].sum())


def _op_kaart_verstoord(url: str, gemeenten: tuple[str, ...] = (), **selectie) -> int:
    """For the aggregate roles: the Kaart's caption count, the perturbed total of its table per gemeente."""
    with db.engine(url).connect() as conn:
        peildatum = max(db.stored_peildata(conn))
        frame = adresframe.frame(conn, peildatum)
    tabel = verstoring.gemeente_tabel(frame, Filters(peildatum, gemeenten), Selectie(**selectie))
    return int(tabel.filter(tabel["Gemeente"] == "Totaal")["Op de kaart"].item())


@pytest.mark.parametrize("rol", ["Kernteam", "Stuurgroep"])
def test_a_group_bar_on_overzicht_opens_its_addresses_or_its_counts(browser, app_server, sample_url, rol, tmp_path):
    groep_b = _report(sample_url)["groepen"]["B"]
    page, errors = _open(browser, app_server, "overzicht", rol)
    staaf = _grafiek(page, "staaf_groepen").locator(".barlayer .trace path").nth(1)  # Groep B
    _klik(page, staaf)
    if rol == "Kernteam":
        _wacht_op_tekst(page, f"{fmt.getal(groep_b)} adressen in groep B")
        assert "/fasematrix" in page.url and "groep=B" in page.url
    else:  # the counts: the Kaart's hexagons and per-gemeente table on group B
        _wacht_op_tekst(
            page,
            f"{fmt.getal(_op_kaart_verstoord(sample_url, categorieen=('beide_lopend',), groepen=('B',)))} adressen in ",
        )
        assert "/kaart" in page.url
        assert page.locator(".st-key-kt_groepen").inner_text().count("Groep B") == 1
    _screenshot(page, f"doorklik-overzicht-groep-{rol.lower()}-{sample_url.split(':')[0]}", tmp_path)
    assert not errors, errors
    page.close()


def _hoogste_staaf(page, key: str, naam: str | None = None) -> tuple[float, float, int]:
    """The tallest bar of a chart (of trace `naam`, else of any trace): where to click it and its count.

    Found through the bars' own data (plotly binds each bar's calcdata to its g.point), so bars of zero
    height that plotly leaves out do not shift the count."""
    _grafiek(page, key).scroll_into_view_if_needed()
    x, y, waarde = page.evaluate(
        """([key, naam]) => {
            const gd = document.querySelector(`.st-key-${key} .js-plotly-plot`);
            let best = null;
            gd.querySelectorAll('.barlayer .trace').forEach(t => {
                const spoor = t.__data__[0].trace;
                if (naam && spoor.name !== naam) return;
                t.querySelectorAll('g.point').forEach(p => {
                    const y = spoor.y[p.__data__.i];
                    const r = p.getBoundingClientRect();
                    if (r.height > 4 && (!best || y > best[2])) best = [r.x + r.width / 2, r.y + r.height / 2, y];
                });
            });
            return best;
        }""",
        [key, naam],
    )
    return x, y, waarde


@pytest.mark.parametrize("rol", ["Kernteam", "Stuurgroep"])
def test_a_bar_on_svip_filters_svip_on_that_kind_and_month(browser, app_server, sample_url, rol, tmp_path):
    page, errors = _open(browser, app_server, "svip", rol)
    x, y, aantal = _hoogste_staaf(page, "svip_per_soort")
    assert _metric(page, "SVIP-verzoeken") != fmt.getal(aantal)
    page.mouse.click(x, y)
    page.wait_for_function(
        "(want) => [...document.querySelectorAll('[data-testid=stMetric]')].some("
        "m => m.innerText.includes('SVIP-verzoeken')"
        " && m.querySelector('[data-testid=stMetricValue]').innerText.trim() === want)",
        arg=fmt.getal(aantal),
        timeout=90_000,
    )
    assert "Alle soorten" not in page.locator(".st-key-svip_soorten").inner_text()  # one kind chosen
    _screenshot(page, f"doorklik-svip-{rol.lower()}-{sample_url.split(':')[0]}", tmp_path)
    assert not errors, errors
    page.close()


@pytest.mark.parametrize("rol", ["Kernteam", "Stuurgroep"])
def test_a_bar_on_telefonie_filters_on_that_line_and_week(browser, app_server, sample_url, rol, tmp_path):
    page, errors = _open(browser, app_server, "ivr", rol)
    x, y, aantal = _hoogste_staaf(page, "ivr_gesprekken", "NCG-lijn")
    page.mouse.click(x, y)
    _wacht_op_tekst(page, "Doorgeklikt: NCG-lijn", timeout=30_000)
    page.wait_for_function(
        "(want) => [...document.querySelectorAll('[data-testid=stMetric]')].some("
        "m => m.innerText.startsWith('Gesprekken')"
        " && m.querySelector('[data-testid=stMetricValue]').innerText.trim() === want)",
        arg=fmt.getal(aantal),
        timeout=90_000,
    )
    assert page.locator(".st-key-ivr_lijnen").inner_text().count("NCG-lijn") == 1
    _screenshot(page, f"doorklik-ivr-{rol.lower()}-{sample_url.split(':')[0]}", tmp_path)
    assert not errors, errors
    page.close()


@pytest.mark.parametrize("rol", ["Kernteam", "Stuurgroep"])
def test_a_cell_of_the_per_gemeente_table_opens_that_gemeente(browser, app_server, sample_url, rol, tmp_path):
    with db.engine(sample_url).connect() as conn:
        peildatum = max(db.stored_peildata(conn))
        frame = adresframe.frame(conn, peildatum)
    tabel = kaart.gemeente_tabel(kaart.per_gemeente(frame, Filters(peildatum), Selectie()))
    rij = tabel["Gemeente"].to_list().index("Groningen")
    beide = _report(sample_url, gemeenten=("Groningen",))["adressen"]["beide_lopend"]
    page, errors = _open(browser, app_server, "kaart", rol)
    # The page has finished drawing (the map's caption) before the click: a click mid-run can be lost.
    _wacht_op_tekst(page, "adressen op de kaart" if rol == "Kernteam" else " hexagonen")
    grid = page.locator(".st-key-kt_gemeente_categorie [data-testid='stDataFrameResizable']").first
    grid.wait_for(timeout=90_000)
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(1_000)
    box = grid.bounding_box()
    # The middle of the Beide lopend column (widths: kolombreedtes.GEMEENTE_BREEDTES); rows 35 px under a 35 px header.
    b = GEMEENTE_BREEDTES
    cel = (
        box["x"] + b["Gemeente"] + b["Geen melding"] + b["Gesloten"] + b["Beide lopend"] // 2,
        box["y"] + 35 * (rij + 1) + 17,
    )
    for poging in range(3):  # the canvas grid sometimes takes its first click as focus only
        page.mouse.move(*cel)
        page.wait_for_timeout(300)
        page.mouse.click(*cel)
        try:
            page.get_by_text("gemeente: Groningen").first.wait_for(timeout=20_000)
            break
        except Exception:
            if poging == 2:
                raise
    _wacht_op_tekst(page, "gemeente: Groningen")
    if rol == "Kernteam":  # the addresses, as a list
        _wacht_op_tekst(page, f" van {fmt.getal(beide)}.")
    else:  # the aggregate roles read the perturbed total (cell-key method) the per-gemeente table publishes
        op_kaart = _op_kaart_verstoord(sample_url, ("Groningen",), categorieen=("beide_lopend",))
        _wacht_op_tekst(page, f"{fmt.getal(op_kaart)} adressen in ")
    assert "gemeente=Groningen" in page.url
    assert "Beide lopend" in page.locator(".st-key-kt_categorieen").inner_text()
    _screenshot(page, f"doorklik-kaart-gemeente-{rol.lower()}-{sample_url.split(':')[0]}", tmp_path)
    assert not errors, errors
    page.close()
