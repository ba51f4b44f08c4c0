"""Who is using the app: login (Streamlit's OIDC) or demo mode, the role and what it may see, the audit log."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.app import reekslader
from dashboard.app.ui import _secrets, _voorbeeld_laden_nodig, current_filters, database_url, huidige_rol, instellingen
from dashboard.core import config, toegang
from dashboard.core.tekst import md
from dashboard.store import audit, db

# ---------------------------------------------------------------- access: login, roles, demo mode


@st.cache_resource(show_spinner=False)
def _voorbeeld_vingerafdrukken() -> frozenset[str]:
    from dashboard.store.loader import delivery_folders
    from dashboard.store.loader.read import find_files, vingerafdruk

    return frozenset(vingerafdruk(find_files(f).values()) for f in delivery_folders(config.sample_data_dir()))


@st.cache_data(ttl=60, show_spinner=False)
def _alleen_voorbeelddata(url: str) -> bool:
    with db.engine(url).connect() as conn:
        opgeslagen = db.fetch(conn, "snapshot_bronnen")["vingerafdruk"].to_list()
    return toegang.alleen_voorbeelddata(opgeslagen, _voorbeeld_vingerafdrukken() | reekslader.vingerafdrukken())


def _poort(paginas) -> None:
    """A gate (login, 'geen toegang', refusal) lists no pages.

    Until st.navigation has run once in the server process, Streamlit treats pages/ as its old
    auto-discovered pages folder and lists every file in it in the sidebar (audit, datakwaliteit,
    ...), and a gate stops before app.py reaches st.navigation. Registering the app's pages hidden
    replaces that list, ends the old mode for good, and keeps a deep link from being 'not found'.
    No page runs: the gate stops the run.
    """
    st.navigation(list(paginas), position="hidden")


def aanmelden(paginas) -> str:
    """Who is this and in which role? Stops the run with a login, 'geen toegang' or refusal page if needed.

    With [auth] configured: Streamlit's OIDC login; the role comes from a claim or the role table.
    Without it: demo mode, allowed only on the bundled synthetic sample, with a role switcher.
    `paginas` are the app's st.Page objects, registered hidden on a gate (see `_poort`).
    """
    if "auth" in _secrets():
        if not st.user.get("is_logged_in", False):
            _poort(paginas)
            st.title("Dashboard Schade & Versterken")
            st.markdown("Dit dashboard bevat persoonsgegevens. Meld u aan met uw organisatieaccount.")
            st.button("Aanmelden", on_click=st.login, icon=":material/login:", type="primary", key="aanmelden")
            st.stop()
        gebruiker = st.user.to_dict()
        rol = toegang.rol_van(gebruiker, instellingen())
        naam = str(gebruiker.get("email") or gebruiker.get("name") or gebruiker.get("sub") or "onbekend")
        if rol is None:
            _poort(paginas)
            st.title("Geen toegang")
            st.error(
                f"U bent aangemeld als {md(naam)}, maar aan dit account is geen rol toegekend. "
                "Vraag de beheerder van het dashboard om toegang.",
                icon=":material/block:",
            )
            st.button("Afmelden", on_click=st.logout, icon=":material/logout:", key="afmelden")
            st.stop()
        with st.sidebar:
            st.caption(f"Aangemeld als {md(naam)} · rol {toegang.ROL_LABELS[rol]}")
            st.button("Afmelden", on_click=st.logout, icon=":material/logout:", key="afmelden")
    else:
        if _voorbeeld_laden_nodig(config.database_url()):
            # The first start loads the sample with its progress on this page: meanwhile the sidebar lists
            # the app's pages (hidden; app.py's st.navigation shows them), not every file in pages/.
            _poort(paginas)
        url = database_url()
        if not _alleen_voorbeelddata(url):
            _poort(paginas)
            st.title("Dashboard Schade & Versterken")
            st.error(
                "**Het dashboard start niet zonder aanmelding.** Deze database bevat andere gegevens dan de "
                "meegeleverde synthetische voorbeelddata. Zonder ingestelde aanmelding ([auth] in "
                "`.streamlit/secrets.toml`) draait het dashboard alleen op de voorbeelddata; zie de README.",
                icon=":material/lock:",
            )
            st.stop()
        naam = "demo"
        with st.sidebar:
            rol = st.selectbox(
                "Rol (demo)",
                toegang.ROLLEN,
                index=toegang.ROLLEN.index("beheerder"),
                format_func=lambda r: f"{toegang.ROL_LABELS[r]}: {toegang.ROL_UITLEG[r]}",
                key="demo_rol",
                help="Alleen in de demomodus: bekijk het dashboard zoals elke rol het ziet.",
            )
        st.warning(
            "**Demomodus**: synthetische voorbeelddata, zonder aanmelding. Kies links een rol om te zien wat die "
            "rol ziet.",
            icon=":material/science:",
        )
    st.session_state["rol"] = rol
    st.session_state["gebruiker"] = naam
    return rol


@st.cache_data(ttl=5, show_spinner=False)
def _audit_data(url: str, rol: str | None, van, tot, acties: tuple[str, ...]) -> pl.DataFrame:
    if rol != "beheerder":
        raise toegang.GeenToegang("alleen de beheerder ziet het auditlog")
    with db.engine(url).connect() as conn:
        return db.fetch(conn, "audit", van=van, tot=tot, alle_acties=0 if acties else 1, acties=list(acties))


def audit_data(url: str, van, tot, acties: tuple[str, ...]) -> pl.DataFrame:
    """The audit log in a window; only for the beheerder, checked where it is read."""
    return _audit_data(url, huidige_rol(), van, tot, acties)


def audit_log(actie: str, onderdeel: str, aantal_rijen: int | None = None, **filters) -> None:
    """Append an audit row for an address-level view by this session's user, once per distinct view."""
    regel = _audit_regel(actie, onderdeel, aantal_rijen, **filters)
    sleutel = repr(sorted(regel.items()))
    gelogd = st.session_state.setdefault("_audit_gelogd", set())
    if sleutel not in gelogd:
        gelogd.add(sleutel)
        audit.schrijf_apart(db.engine(database_url()), **regel)


def _audit_regel(actie: str, onderdeel: str, aantal_rijen: int | None, **filters) -> dict:
    f = current_filters()
    return {
        "gebruiker": st.session_state.get("gebruiker", "onbekend"),
        "rol": huidige_rol() or "geen",
        "actie": actie,
        "onderdeel": onderdeel,
        "filters": {
            "peildatum": f.peildatum,
            "gemeenten": list(f.gemeenten),
            "programmas": list(f.programmas),
            **filters,
        },
        "aantal_rijen": aantal_rijen,
    }
