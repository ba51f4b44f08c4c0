"""Issue 18's layout defects, measured in Chromium: where the dossier opens, what a table or a row of pills cuts off."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.core.domain import GROEP_TEKST

pytestmark = pytest.mark.browser

# [scrollWidth, clientWidth] of the n-th table (st.dataframe) under `sel`: wider than shown means cut off.
_SCROLLER = """([sel, n]) => { const t = document.querySelectorAll(sel + ' [data-testid=stDataFrame]')[n];
    const s = t && t.querySelector('.dvn-scroller'); return s ? [s.scrollWidth, s.clientWidth] : null; }"""


def _screenshot(page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("DASHBOARD_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def test_a_dossier_opens_in_view_where_the_row_was_clicked(browser, app_server, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_server}/kandidaten", wait_until="domcontentloaded")
    lijst = page.locator(".st-key-kd_lijst")
    lijst.locator("canvas").first.wait_for(timeout=90_000)
    lijst.scroll_into_view_if_needed()
    box = lijst.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + 35 * 3 + 17)  # the third row's selection box
    dialoog = page.locator('[role="dialog"]')
    dialoog.get_by_text("IMG: schademeldingen").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    kader = dialoog.bounding_box()
    # In view: its top within the window, not ~2.000 px down the page.
    assert 0 <= kader["y"] < 200
    # IMG's claims: every column, Toestemming too, without scrolling.
    # (the dialog's first st.dataframe: NCG's record is an st.table)
    dialoog.locator('[data-testid="stDataFrame"]').first.locator("canvas").first.wait_for(timeout=30_000)
    breed, zichtbaar = page.evaluate(_SCROLLER, ['[role="dialog"]', 0])
    assert breed <= zichtbaar + 1, (breed, zichtbaar)
    # NCG's record: every label and value whole, the group's long text wrapped within its cell, the table
    # within its panel.
    ncg = page.evaluate("""() => { const t = document.querySelector('[role="dialog"] [data-testid=stTable]');
        const paneel = t.closest('[data-testid=stColumn]').getBoundingClientRect().right;
        return {rijen: [...t.querySelectorAll('tbody tr')].map(r => [...r.querySelectorAll('td,th')].map(c => [
            c.innerText, c.scrollWidth <= c.clientWidth, c.getBoundingClientRect().right <= paneel + 1]))}; }""")
    cellen = [c for rij in ncg["rijen"] for c in rij]
    assert cellen and all(heel and binnen for _, heel, binnen in cellen), cellen
    teksten = {rij[0][0]: rij[-1][0] for rij in ncg["rijen"]}
    assert "Andere adressen met schademelding in postcode" in teksten, teksten
    groep = teksten["Groep"]
    assert groep[0] in GROEP_TEKST and groep == f"{groep[0]}: {GROEP_TEKST[groep[0]]}", groep
    _screenshot(page, "dossier-dialoog", tmp_path)
    # Closing it clears the address from the link.
    dialoog.get_by_role("button", name="Dossier sluiten").click()
    dialoog.wait_for(state="detached", timeout=30_000)
    assert "adres=" not in page.url
    page.close()


def test_the_flag_pills_and_the_trend_table_fit_their_place(browser, app_server, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_server}/kandidaten", wait_until="domcontentloaded")
    pills = page.locator(".st-key-kd_kenmerken")
    pills.get_by_role("button", name="Toestemming bewoner").wait_for(timeout=90_000)
    rechts = page.evaluate("""() => { const e = document.querySelector('.st-key-kd_kenmerken');
        const grens = e.closest('[data-testid=stExpanderDetails]').getBoundingClientRect().right;
        return [...e.querySelectorAll('button')].map(b => [b.innerText, b.getBoundingClientRect().right <= grens,
                                                            b.scrollWidth <= b.clientWidth]); }""")
    assert rechts and all(binnen and heel for _, binnen, heel in rechts), rechts

    page.goto(f"{app_server}/fasematrix", wait_until="domcontentloaded")
    page.locator(".st-key-fm_kenmerken").get_by_role("button", name="Toestemming bewoner").wait_for(timeout=90_000)
    page.wait_for_timeout(1000)
    rechts = page.evaluate("""() => { const e = document.querySelector('.st-key-fm_kenmerken');
        const grens = e.parentElement.getBoundingClientRect().right;
        return [...e.querySelectorAll('button')].map(b => [b.innerText, b.getBoundingClientRect().right <= grens + 1,
                                                            b.scrollWidth <= b.clientWidth]); }""")
    assert rechts and all(binnen and heel for _, binnen, heel in rechts), rechts

    page.goto(f"{app_server}/trend", wait_until="domcontentloaded")
    # The page's first table: categories and groups per peildatum (the charts' tables are behind toggles).
    page.locator('[data-testid="stDataFrame"]').first.locator("canvas").first.wait_for(timeout=90_000)
    page.wait_for_timeout(1000)
    breed, zichtbaar = page.evaluate(_SCROLLER, ["body", 0])
    assert breed <= zichtbaar + 1, (breed, zichtbaar)
    _screenshot(page, "trend-tabel", tmp_path)
    page.close()


def test_the_kaarts_tables_per_gemeente_show_every_header_whole(browser, app_server, tmp_path):
    from dashboard.app.kolombreedtes import GEMEENTE_BREEDTES
    from dashboard.subjects import kaart

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_server}/kaart", wait_until="domcontentloaded")
    for key in ("kt_gemeente_categorie", "kt_gemeente_groep"):
        page.locator(f".st-key-{key}").locator("canvas").first.wait_for(timeout=90_000)
    page.wait_for_timeout(1000)
    # The headers are drawn on a canvas: each header's text, measured in the table's own font (Streamlit's
    # headerFontStyle: the theme's normal weight at fontSizes.sm, 14 px), plus the cell's
    # padding (8 px each side) within its column's width; the widest values (Midden-Groningen, 26.800) too.
    teksten = [*kaart.CATEGORIE_KOPPEN, *kaart.GROEP_KOPPEN, "Midden-Groningen", "26.800"]
    breedtes = page.evaluate(
        """(teksten) => { const el = document.querySelector('.st-key-kt_gemeente_categorie [data-testid=stDataFrame]');
        const c = document.createElement('canvas').getContext('2d');
        c.font = '400 14px ' + getComputedStyle(el).fontFamily;
        return Object.fromEntries(teksten.map(t => [t, c.measureText(t).width])); }""",
        teksten,
    )
    kolom = {
        **GEMEENTE_BREEDTES,
        "Midden-Groningen": GEMEENTE_BREEDTES["Gemeente"],
        "26.800": GEMEENTE_BREEDTES["Adressen"],
    }
    te_smal = {t: (round(breedtes[t]), kolom[t]) for t in teksten if breedtes[t] + 16 > kolom[t]}
    assert not te_smal, te_smal
    for key in ("kt_gemeente_categorie", "kt_gemeente_groep"):  # and every column within the half page, no scrolling
        breed, zichtbaar = page.evaluate(_SCROLLER, [f".st-key-{key}", 0])
        assert breed <= zichtbaar + 1, (key, breed, zichtbaar)
    page.locator(".st-key-kt_gemeente_categorie").scroll_into_view_if_needed()
    _screenshot(page, "kaart-per-gemeente", tmp_path)
    page.close()


@pytest.mark.parametrize("pagina", ["kandidaten", "signalen", "fasematrix?groep=B"])
def test_every_work_list_downloads_with_the_ncg_id_first(browser, app_server, pagina):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1200})
    page = context.new_page()
    page.goto(f"{app_server}/{pagina}", wait_until="domcontentloaded")
    # The address list's CSV: on the Fasematrix the group table's comes first.
    knop = page.locator(
        ".st-key-fm_export_csv button"
        if "fasematrix" in pagina
        else ".st-key-sg_werk_export_csv button"
        if pagina == "signalen"
        else ".st-key-kd_export_csv button"
    )
    knop.wait_for(timeout=90_000)
    with page.expect_download(timeout=90_000) as download:
        knop.click()
    regels = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    kop = regels[0].split(";")
    assert kop[0] == "NCG-id", kop
    assert len(regels) > 1 and regels[1].split(";")[0].startswith("NCG-")
    context.close()
