"""The Kaart page's basemap in Chromium: PDOK's BRT-Achtergrondkaart tiles under the points, Kadaster's
attribution, and no request to CARTO. This machine has no internet: the browser answers PDOK's tile requests
with a tile of one known colour, so what is tested is which tiles the page asks for and that they are drawn."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from PIL import Image

from dashboard.core import fmt
from dashboard.core.filters import Filters
from dashboard.store import db

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)]

TEGELKLEUR = (0, 160, 90)


def _tegel() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), TEGELKLEUR).save(buf, "PNG")
    return buf.getvalue()


def test_the_map_draws_pdok_tiles_under_the_points_and_never_asks_carto(browser, app_server, sample_url, tmp_path):
    from dashboard.core import config
    from dashboard.store import adresframe

    with db.engine(sample_url).connect() as conn:
        groningen = adresframe.kies(
            adresframe.lees(conn, max(db.stored_peildata(conn))), Filters(max(db.stored_peildata(conn)), ("Groningen",))
        )
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    verzoeken: list[str] = []
    page.on("request", lambda r: verzoeken.append(r.url))
    tegel = _tegel()
    page.route(
        "https://service.pdok.nl/**", lambda route: route.fulfill(status=200, content_type="image/png", body=tegel)
    )

    page.goto(f"{app_server}/kaart?gemeente=Groningen", wait_until="domcontentloaded")
    deck = page.locator('[data-testid="stDeckGlJsonChart"]')
    deck.locator("canvas").first.wait_for(timeout=90_000)
    page.get_by_text(f"{fmt.getal(groningen.drop_nulls(['lat', 'lon']).height)} adressen op de kaart").wait_for(
        timeout=60_000
    )
    deck.get_by_text(config.PDOK_BRONVERMELDING).first.wait_for(state="attached", timeout=30_000)  # MapLibre's
    page.get_by_text(f"Achtergrondkaart: {config.PDOK_BRONVERMELDING}.").wait_for(timeout=30_000)  # and the page's
    sjabloon = config.PDOK_BRT_TEGELS.split("{z}")[0]
    for _ in range(30):
        if any(u.startswith(sjabloon) for u in verzoeken):
            break
        time.sleep(1)
    time.sleep(2)  # let the tiles arrive and be drawn

    tegels = [u for u in verzoeken if u.startswith(sjabloon)]
    assert tegels, "no PDOK tile was requested"
    assert all(u.endswith(".png") and u[len(sjabloon) :].count("/") == 2 for u in tegels), tegels[:3]
    hosts = {urlparse(u).hostname for u in verzoeken if u.startswith("http")} - {urlparse(app_server).hostname}
    # The map's only outside requests are PDOK's tiles: no CARTO. (Streamlit itself fetches the app's
    # ':material/' page icon, the favicon, from fonts.gstatic.com; that is not the map's.)
    assert hosts - {"fonts.gstatic.com"} == {"service.pdok.nl"}, hosts

    beeld = Image.open(io.BytesIO(deck.screenshot())).convert("RGB")
    pixels = list(beeld.get_flattened_data())
    tegelpixels = sum(1 for p in pixels if p == TEGELKLEUR)
    assert tegelpixels > 0.4 * len(pixels), f"{tegelpixels} of {len(pixels)} pixels are the tile's colour"
    assert len(set(pixels)) > 20  # the points and the place names are drawn over the tiles

    folder = Path(os.environ.get("DASHBOARD_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "kaart-pdok-tegels.png"), full_page=False)
    context.close()
