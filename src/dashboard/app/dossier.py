"""Address-level views: the combined dossier of one address, and address lists a page at a time that open it."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import streamlit as st

from dashboard.app import dossier_dialoog, urlstaat
from dashboard.app.sessie import audit_log
from dashboard.app.ui import current_filters, database_url, dossier_data
from dashboard.core import fmt
from dashboard.core.tekst import md
from dashboard.subjects import adressen


def dossier(ncg_id: str) -> None:
    """The combined dossier of one address: NCG and IMG side by side, then SVIP requests and joint actions."""
    filters = current_filters()
    d = dossier_data(database_url(), st.session_state["geladen_op"], filters.peildatum, ncg_id)
    audit_log("dossier_bekeken", ncg_id, 1 if d else 0, adres=ncg_id)
    if d is None:
        st.warning("Dit adres staat niet in de werkvoorraad van NCG op deze peildatum.", icon=":material/search_off:")
        return
    with st.container(border=True, key="dossier"):
        st.subheader(f"Dossier {md(d.titel)}")
        st.caption(f"NCG-id {md(d.adres['ncg_id'])} · peildatum {fmt.datum(filters.peildatum)}")
        ncg, img = st.columns(dossier_dialoog.PANELEN)
        with ncg:
            st.markdown("**NCG: versterking**")
            dossier_dialoog.ncg_tabel(adressen.ncg_kenmerken(d))
        with img:
            st.markdown(f"**IMG: schademeldingen** ({fmt.getal(d.meldingen.height)})")
            if d.meldingen.height:
                st.dataframe(
                    adressen.meldingen_tabel(d),
                    hide_index=True,
                    key="dossier_meldingen",
                    placeholder=dossier_dialoog.NOG_OPEN,
                    column_config=dossier_dialoog.meldingen_kolommen(),
                )
            else:
                st.info("Geen schademeldingen op dit adres.")
        svip, samen = st.columns(2)
        with svip:
            st.markdown(f"**SVIP-informatieverzoeken** ({fmt.getal(d.svip.height)})")
            if d.svip.height:
                st.dataframe(
                    adressen.svip_tabel(d),
                    hide_index=True,
                    key="dossier_svip",
                    placeholder=dossier_dialoog.NOG_OPEN,
                    column_config=_datumkolommen(("Ontvangen", "Afgerond")),
                )
            else:
                st.caption("Geen verzoeken over dit adres.")
        with samen:
            st.markdown(f"**Samenwerking NCG en IMG** ({fmt.getal(d.samenwerking.height)})")
            if d.samenwerking.height:
                st.dataframe(
                    adressen.samenwerking_tabel(d),
                    hide_index=True,
                    key="dossier_samenwerking",
                    column_config=_datumkolommen(("Datum",)),
                )
            else:
                st.caption("Geen gezamenlijke acties op dit adres.")
        from dashboard.app import opvolging_ui  # the follow-up of this address's signals

        opvolging_ui.dossier_historie(ncg_id)


def _datumkolommen(namen: tuple[str, ...]) -> dict:
    return {n: st.column_config.DateColumn(n, format="DD-MM-YYYY") for n in namen}


# Rows of an address list per page: the browser gets one page, never the whole list (tens of MB at scale 10);
# the downloads still hold every row.
LIJST_PAGINA = 250


def adreslijst(
    lijst: pl.DataFrame,
    *,
    key: str,
    onderdeel: str | None = None,
    kolommen: dict | None = None,
    opmaak: Callable[[pl.DataFrame], pl.DataFrame] | None = None,
) -> str | None:
    """An address list as a table, a page of LIJST_PAGINA rows at a time in the list's own order, with the
    total shown ('Pagina 1 van 36'); returns the ncg_id of a row the user has just selected.

    `kolommen` adds st.column_config entries (e.g. a wide text column). With `opmaak`, `lijst` holds the
    raw rows and only the page shown is made readable (e.g. adressen.adreslijst), not the whole list.

    Showing it is written to the audit log (once per distinct view).
    """
    audit_log("adressen_bekeken", onderdeel or key, lijst.height)
    if lijst.is_empty():  # not Streamlit's English "empty" table
        st.info("Geen adressen die aan deze filters voldoen.", icon=":material/filter_alt_off:")
        return None
    paginas = max(1, -(-lijst.height // LIJST_PAGINA))
    pagina = 1
    if paginas > 1:
        sleutel = f"{key}_pagina"
        if not 1 <= st.session_state.get(sleutel, 1) <= paginas:
            st.session_state[sleutel] = 1  # a narrower selection has fewer pages
        pagina = int(
            st.number_input(
                f"Pagina (van {fmt.getal(paginas)})", min_value=1, max_value=paginas, step=1, key=sleutel, width=180
            )
        )
    begin = (pagina - 1) * LIJST_PAGINA
    deel = lijst.slice(begin, LIJST_PAGINA)
    # Each page its own table (and row selection): a row chosen on one page never stands for another's.
    tabel_key = key if pagina == 1 else f"{key}_p{pagina}"
    tonen = opmaak(deel) if opmaak else deel
    from dashboard.app import kolombreedtes  # every text column as wide as its longest value (issue 18)

    event = st.dataframe(
        tonen,
        hide_index=True,
        key=tabel_key,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            **(kolommen or {}),
            **kolombreedtes.passend(tonen),
            "ncg_id": None,
            **_datumkolommen(("In fase sinds",)),
        },
    )
    if paginas > 1:
        st.caption(
            f"Pagina {fmt.getal(pagina)} van {fmt.getal(paginas)}: rij {fmt.getal(begin + 1)} tot en met "
            f"{fmt.getal(begin + deel.height)} van {fmt.getal(lijst.height)}. Een download bevat alle rijen."
        )
    gekozen = adressen.gekozen_adres(deel, event.selection.rows if event else None)
    vorige = st.session_state.get(f"{key}_vorige")
    st.session_state[f"{key}_vorige"] = gekozen
    return gekozen if gekozen != vorige else None


def open_dossier(state_key: str) -> None:
    """Show the dossier whose ncg_id is in st.session_state[state_key], with a button to close it; kept in the URL."""
    ncg_id = st.session_state.get(state_key)
    urlstaat.schrijf({"adres": ncg_id or None})
    if not ncg_id:
        return
    # In a dialog over the page, where the user clicked, not below a long list (issue 18: it opened 2.000 px down).
    # Closing it (the button, Esc or the cross) clears the open dossier, so it does not reopen on the next click.
    dossier_dialoog.toon(ncg_id, state_key, dossier)
