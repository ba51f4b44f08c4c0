"""The login end to end: Chromium, `streamlit run` with [auth] configured, and a local OIDC provider.

The provider is PyPI's oidc-provider-mock, run in a thread of the test process. Its authorize
page has a text field for the subject: a subject it does not know becomes a user whose only claim
is `email` = the subject (so typing kern@ncg.nl matches the role table), and predefined users with
claims of their own (here a `dashboard_rol` claim) appear as one-click buttons. Streamlit takes
the identity from the ID token, which carries those claims for the scope "openid email profile".
"""

from __future__ import annotations

import os
import secrets
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from dashboard.devtools.serve import free_port, streamlit_app

with warnings.catch_warnings():  # the provider imports Authlib modules that warn of their deprecation
    import authlib.deprecate  # noqa: F401  (first: on import it sets its warnings to "always")

    warnings.simplefilter("ignore", DeprecationWarning)
    from oidc_provider_mock import User, run_server_in_thread
from test_browser import _screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True),
    # The provider runs in this process; its use of Authlib's older APIs is not ours to fix.
    pytest.mark.filterwarnings("ignore:authlib.jose module is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:The httpx module is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings(r"ignore:get_jwt_config\(self, grant\) is deprecated:DeprecationWarning"),
]

TIMEOUT = 90_000  # ms: the first run of a page loads the sample and warms the caches

KERN = "kern@ncg.nl"  # in the role table: kernteam
STUUR = "stuur"  # predefined at the provider with the claim dashboard_rol = stuurgroep
ZONDER = "onbekend@example.org"  # no claim, not in the table: no role


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[str]:
    """oidc-provider-mock on a free port of localhost; any client id and secret are accepted."""
    users = [
        User(sub=STUUR, claims={"email": "stuur@img.nl", "name": "Stuurgroeplid", "dashboard_rol": "stuurgroep"}),
        # The role table matches only a verified e-mail: the provider vouches for this one.
        User(sub=KERN, claims={"email": KERN, "email_verified": True}),
    ]
    with run_server_in_thread(port=0, user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def login_app(sample_url, oidc_provider, tmp_path_factory) -> Iterator[str]:
    """The app with Streamlit's native OIDC login against the provider, on the sample database.

    Secrets come from a file of their own (--secrets.files), so no secrets.toml of the working
    tree is read; the cwd stays the repository root, so .streamlit/config.toml applies.
    """
    port = free_port()
    base = f"http://localhost:{port}"  # the redirect_uri's origin: the browser must use the same
    folder = tmp_path_factory.mktemp("login")
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        f"""
[auth]
redirect_uri = "{base}/oauth2callback"
cookie_secret = "{secrets.token_hex(16)}"
client_id = "dashboard"
client_secret = "geheim"
server_metadata_url = "{oidc_provider}/.well-known/openid-configuration"

[toegang]
rol_claim = "dashboard_rol"

[toegang.rollen]
"{KERN}" = "kernteam"
""",
        encoding="utf-8",
    )
    with streamlit_app(
        sample_url,
        folder,
        app=ROOT / "app.py",
        port=port,
        host="localhost",
        env={"DASHBOARD_DATA_DIR": str(folder / "data")},
        args=("--secrets.files", str(secrets_file)),
    ) as server:
        yield server.base
    if os.environ.get("DASHBOARD_LOGIN_LOG"):
        print(server.log.read_text())


@pytest.fixture
def page(browser, login_app):
    """A fresh browser context per test: no identity cookie from another test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT)
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    yield pg
    context.close()


def _log_in(
    page, base: str, provider: str, *, typed: str | None = None, button: str | None = None, shot: Path | None = None
) -> None:
    """From the app's login page through the provider's authorize page and back."""
    page.goto(base, wait_until="domcontentloaded")
    aanmelden = page.get_by_role("button", name="Aanmelden")
    aanmelden.wait_for()
    assert "persoonsgegevens" in page.content()
    # No page names before login, also not on a fresh server, where Streamlit would list pages/ itself.
    assert not page.locator('[data-testid="stSidebarNav"]').count(), page.locator(
        '[data-testid="stSidebarNav"]'
    ).all_inner_texts()
    if shot is not None:
        _screenshot(page, "login-aanmelden", shot)
    aanmelden.click()
    page.wait_for_url(f"{provider}/oauth2/authorize**")
    page.get_by_role("heading", name="Authorize Client").wait_for()
    if typed is not None:
        page.get_by_placeholder("sub").fill(typed)
        page.get_by_role("button", name="Authorize", exact=True).click()
    else:
        page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url(f"{base}/**")


def _navigation(page) -> list[str]:
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.wait_for()
    return [t.strip().splitlines()[-1].strip() for t in nav.locator("a").all_inner_texts()]  # without the icon's name


def test_a_kernteam_member_logs_in_sees_the_address_pages_and_logs_out(page, login_app, oidc_provider, tmp_path):
    _log_in(page, login_app, oidc_provider, typed=KERN, shot=tmp_path)

    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(f"Aangemeld als {KERN} · rol Kernteam").wait_for()
    page.get_by_role("heading", name="Overzicht").wait_for()
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
    navigatie = _navigation(page)
    assert "Kandidaten" in navigatie and "Signalen" in navigatie, navigatie
    assert "Auditlog" not in navigatie and "Datakwaliteit" not in navigatie, navigatie
    assert not page.get_by_text("Demomodus").count()
    assert not page.get_by_text("Rol (demo)").count()
    _screenshot(page, "login-kernteam", tmp_path)

    # An address-level page opens for the role.
    sidebar.locator('[data-testid="stSidebarNav"] a', has_text="Kandidaten").click()
    page.get_by_role("heading", name="Kandidaten").wait_for()
    page.wait_for_url("**/kandidaten**")

    # Afmelden: Streamlit clears the cookie and sends the browser to the provider's end_session
    # page (the mock asks to confirm), which returns to the app's callback and then its home.
    sidebar.get_by_role("button", name="Afmelden").click()
    page.wait_for_url(f"{oidc_provider}/oauth2/end_session**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{login_app}/**")
    page.get_by_role("button", name="Aanmelden").wait_for()
    assert not page.get_by_text("Aangemeld als").count()
    assert not page.locator('[data-testid="stSidebarNav"]').count()

    # Logged out means logged out: a reload does not bring the identity back.
    page.reload(wait_until="domcontentloaded")
    page.get_by_role("button", name="Aanmelden").wait_for()
    assert not page.errors, page.errors


def test_an_identity_without_a_role_gets_only_the_no_access_page(page, login_app, oidc_provider, tmp_path):
    _log_in(page, login_app, oidc_provider, typed=ZONDER)

    page.get_by_role("heading", name="Geen toegang").wait_for()
    assert f"U bent aangemeld als {ZONDER}" in page.locator('[data-testid="stAlert"]').inner_text()
    page.get_by_role("button", name="Afmelden").wait_for()
    time.sleep(2)  # let any late delta arrive before asserting what is absent
    assert not page.locator('[data-testid="stPlotlyChart"]').count()
    assert not page.locator('[data-testid="stMetric"]').count()
    assert not page.locator('[data-testid="stSidebarNav"]').count()
    assert not page.locator('[data-testid="stSidebar"]').get_by_text("Aangemeld als").count()  # for users with a role
    _screenshot(page, "login-geen-toegang", tmp_path)

    # A deep link does not get past the gate either.
    page.goto(f"{login_app}/kandidaten", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Geen toegang").wait_for()
    assert not page.locator('[data-testid="stDataFrame"]').count()
    assert not page.errors, page.errors


def test_a_steering_group_member_gets_the_role_from_the_claim_and_no_address_pages(
    page, login_app, oidc_provider, tmp_path
):
    _log_in(page, login_app, oidc_provider, button=STUUR)

    page.locator('[data-testid="stSidebar"]').get_by_text("Aangemeld als stuur@img.nl · rol Stuurgroep").wait_for()
    page.get_by_role("heading", name="Overzicht").wait_for()
    navigatie = _navigation(page)
    assert "Overzicht" in navigatie and "Kaart" in navigatie, navigatie
    assert "Kandidaten" not in navigatie and "Signalen" not in navigatie, navigatie
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
    _screenshot(page, "login-stuurgroep", tmp_path)

    # Nor by deep link: a page not registered for the role falls back to the default page.
    page.goto(f"{login_app}/kandidaten", wait_until="domcontentloaded")
    page.locator('[data-testid="stSidebar"]').get_by_text("rol Stuurgroep").wait_for()
    page.get_by_role("heading", name="Overzicht").wait_for()
    page.wait_for_url(lambda url: "/kandidaten" not in url)
    assert not page.get_by_role("heading", name="Kandidaten").count()
    assert not page.errors, page.errors
