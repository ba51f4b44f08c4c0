"""A view in the URL, in Chromium against `streamlit run`: a changed control is in the address bar, the same URL in
a fresh browser context opens the same view, and the browser's back and forward buttons step through the views."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _klaar(page) -> None:
    """Wait until the script run the last action started has finished (Streamlit's status widget is gone)."""
    page.wait_for_timeout(500)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000)
    page.wait_for_timeout(500)


def _kpi(page, label: str) -> str:
    kaart = page.locator('[data-testid="stMetric"]', has_text=label).first
    kaart.wait_for(timeout=90_000)
    return kaart.locator('[data-testid="stMetricValue"]').inner_text()


def _gekozen(page, tekst: str) -> bool:
    """Whether the pill or segment labelled `tekst` is shown as chosen (aria-pressed or aria-checked)."""
    return page.evaluate(
        """t => [...document.querySelectorAll('[aria-pressed="true"], [aria-checked="true"]')]
                .some(e => e.innerText.trim() === t)""",
        tekst,
    )


def _screenshot(page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("DASHBOARD_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


def test_a_view_is_its_url_and_back_and_forward_step_through_views(browser, app_server, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_server}/kandidaten", wait_until="domcontentloaded")
    alle = _kpi(page, "Kandidaten")
    _klaar(page)
    assert "kenmerk" not in page.url

    page.get_by_role("button", name="Urgent (IMG)").first.click()
    _klaar(page)
    urgent = _kpi(page, "Kandidaten")
    assert urgent != alle and "kenmerk=urgent" in page.url
    page.get_by_role("button", name="AOS-melding").first.click()
    _klaar(page)
    beide = _kpi(page, "Kandidaten")
    assert beide != urgent and "kenmerk=urgent%2Caos" in page.url
    link = page.url
    _screenshot(page, "urlstaat-kandidaten", tmp_path)

    # The link in a new browser (no session, no history): the same view.
    vers = browser.new_context(viewport={"width": 1400, "height": 1000})
    tweede = vers.new_page()
    tweede.goto(link, wait_until="domcontentloaded")
    assert _kpi(tweede, "Kandidaten") == beide
    _klaar(tweede)
    assert tweede.url == link
    assert _gekozen(tweede, "Urgent (IMG)") and _gekozen(tweede, "AOS-melding")
    vers.close()

    # Back: one step per change, the controls following; forward: the same steps again.
    page.go_back()
    _klaar(page)
    assert _kpi(page, "Kandidaten") == urgent and page.url.endswith("kenmerk=urgent")
    assert _gekozen(page, "Urgent (IMG)") and not _gekozen(page, "AOS-melding")
    page.go_back()
    _klaar(page)
    assert _kpi(page, "Kandidaten") == alle and "kenmerk" not in page.url
    page.go_forward()
    _klaar(page)
    assert _kpi(page, "Kandidaten") == urgent
    page.go_forward()
    _klaar(page)
    assert _kpi(page, "Kandidaten") == beide and page.url == link

    # A click in the page menu is one step too: back returns to this very view (urlstaat.geschiedenis).
    page.get_by_role("link", name="Trend").click()
    page.get_by_role("heading", name="Trend").wait_for(timeout=90_000)
    _klaar(page)
    assert "/trend?" in page.url and "kenmerk" not in page.url
    page.go_back()
    _klaar(page)
    assert _kpi(page, "Kandidaten") == beide and page.url == link
    assert _gekozen(page, "Urgent (IMG)") and _gekozen(page, "AOS-melding")

    # A change after going back starts a new branch, as in any web application.
    page.go_back()
    _klaar(page)
    page.get_by_role("button", name="Bijzondere situatie").first.click()
    _klaar(page)
    assert "kenmerk=bijzonder%2Curgent" in page.url
    assert not errors, errors
    context.close()


def test_a_period_and_week_or_month_survive_a_reload_in_a_fresh_browser(browser, app_server, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{app_server}/ivr", wait_until="domcontentloaded")
    standaard = _kpi(page, "Gesprekken")
    _klaar(page)
    page.get_by_role("button", name="Vanaf 1 juli", exact=True).click()  # a quick pick sets the period
    _klaar(page)
    page.get_by_text("Maand", exact=True).first.click()
    _klaar(page)
    gesprekken = _kpi(page, "Gesprekken")
    assert gesprekken != standaard
    assert "periode=2021-07-01%2C" in page.url and "per=maand" in page.url
    link = page.url
    context.close()

    vers = browser.new_context(viewport={"width": 1400, "height": 1000})
    tweede = vers.new_page()
    tweede.goto(link, wait_until="domcontentloaded")
    assert _kpi(tweede, "Gesprekken") == gesprekken
    _klaar(tweede)
    assert _gekozen(tweede, "Maand") and not _gekozen(tweede, "Week")
    _screenshot(tweede, "urlstaat-ivr", tmp_path)
    vers.close()
