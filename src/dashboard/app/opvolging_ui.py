"""The Streamlit side of the follow-up of signals: the core team's work queue, the history in the combined
dossier and the follow-up figures on Overzicht. The logic is in dashboard.subjects.opvolging.

Why over 400 lines: one page's work queue with its forms (filters, bulk assignment and status, a single
signal's change with its history, raising a signal by hand) that share the queue's selection state.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from datetime import date

import polars as pl
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import figures
from dashboard.app import doorklik, doorklik_ui, kolombreedtes, sessie, ui, urlstaat, widgets
from dashboard.core import fmt, privacy, toegang
from dashboard.core.filters import Filters
from dashboard.store import db
from dashboard.subjects import opvolging

log = logging.getLogger(__name__)

_bijgewerkt: dict[str, tuple] = {}
_bijgewerkt_slot = threading.Lock()

SOORT_KLEUREN = {
    "beide_lopend": "#E07A1F",
    "groep_b_e": "#2A9D8F",
    "aos": "#E76F51",
    "nieuw_met_melding": "#4F6D7A",
    "handmatig": "#E9C46A",
}
LEEFTIJDEN = {0: "alle leeftijden", 7: "ouder dan 7 dagen", 14: "ouder dan 14 dagen", 30: "ouder dan 30 dagen"}
EIGENAREN = {
    "iedereen": "Iedereen",
    "mij": "Aan mij toegewezen",
    "geen": "Zonder eigenaar",
    **{f"org:{k}": v for k, v in opvolging.ORGANISATIES.items()},
}


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def _md(tekst: str) -> str:
    """Text typed by a user (a reason, a name, an address searched for) as literal text in Streamlit's Markdown:
    no links, images, colours or icons."""
    return _MARKDOWN.sub(r"\\\1", str(tekst))


def bijwerken(url: str) -> None:
    """Record the signals of snapshots loaded since this process last looked (once per set of snapshots)."""
    stand = ui.stand(url)
    with _bijgewerkt_slot:
        if _bijgewerkt.get(url) == stand:
            return
    try:
        opvolging.bijwerken(db.engine(url))
    except SQLAlchemyError:
        # E.g. a database role that may not write the follow-up tables: the pages still show what is recorded.
        log.exception("recording the deliveries' signals failed")
        st.warning(
            "De signalen van de nieuwste aanlevering konden niet worden vastgelegd; de beheerder is "
            "gewaarschuwd. Wat al was vastgelegd, staat hieronder.",
            icon=":material/warning:",
        )
        return
    with _bijgewerkt_slot:
        _bijgewerkt[url] = stand


def _stand(url: str) -> tuple[int, int]:
    with db.engine(url).connect() as conn:
        return opvolging.stand(conn)


@ui.rolcache(adresniveau=True, show_spinner=False)
def _werkvoorraad(url: str, stand: tuple, wijzigingen: tuple, gemeenten: tuple, programmas: tuple) -> pl.DataFrame:
    with db.engine(url).connect() as conn:
        return opvolging.werkvoorraad(conn, Filters(stand[0][0], gemeenten, programmas))


@ui.rolcache(show_spinner=False)
def _kpi(
    url: str, stand: tuple, wijzigingen: tuple, gemeenten: tuple, programmas: tuple, vandaag: date, drempel: int | None
) -> opvolging.Kpi:
    from dashboard.subjects import verstoring

    with db.engine(url).connect() as conn:
        signalen = opvolging.kpi_signalen(conn, Filters(stand[0][0], gemeenten, programmas))
    # Aggregate roles: every count perturbed by cell key (the signals' address keys), nothing hidden.
    return verstoring.opvolging_kpi(signalen, vandaag, drempel) if drempel else opvolging.kpi_uit(signalen, vandaag)


@ui.rolcache(adresniveau=True, show_spinner=False)
def _historie(url: str, wijzigingen: tuple, ncg_id: str) -> pl.DataFrame:
    with db.engine(url).connect() as conn:
        return opvolging.historie(conn, ncg_id)


def _wie() -> tuple[str, str]:
    return st.session_state.get("gebruiker", "onbekend"), ui.huidige_rol() or "geen"


# ---------------------------------------------------------------- the work queue (Signalen)


def werklijst(filters: Filters) -> None:
    url = ui.database_url()
    bijwerken(url)
    gebruiker, rol = _wie()
    if melding := st.session_state.pop("sg_melding", None):
        soort, tekst = melding
        {"succes": st.success, "fout": st.error, "waarschuwing": st.warning}[soort](_md(tekst))
    wijzigingen = _stand(url)
    alle = _werkvoorraad(url, ui.stand(url), wijzigingen, filters.gemeenten, filters.programmas)
    vandaag = date.today()

    open_ = alle.filter(pl.col("status").is_in(list(opvolging.OPEN)))
    kpis = st.columns(5)
    kpis[0].metric(
        "Open signalen",
        fmt.getal(open_.height),
        help="Status nieuw, in behandeling, gezamenlijke opname gepland of geprioriteerd bij IMG.",
    )
    kpis[1].metric("Nog niet opgepakt", fmt.getal(open_.filter(pl.col("status") == "nieuw").height))
    kpis[2].metric("Aan mij toegewezen", fmt.getal(open_.filter(pl.col("eigenaar_naam") == gebruiker).height))
    kpis[3].metric(
        "Open, ouder dan 14 dagen",
        fmt.getal(opvolging.selecteer(open_, min_dagen=opvolging.EERSTE_ACTIE_DAGEN, vandaag=vandaag).height),
    )
    kpis[4].metric(
        "Open, oorzaak vervallen",
        fmt.getal(open_.filter(pl.col("oorzaak_vervallen").is_not_null()).height),
        help="De reden van het signaal staat niet meer in de nieuwste aanlevering.",
    )
    # Every card but the last leads to its detail: the work list below filtered to the signals it counts (the
    # list has no filter on a lapsed cause).
    open_lijst = list(opvolging.OPEN)
    for kolom, sleutel, doel in (
        (kpis[0], "open", doorklik.kpi_werklijst(open_lijst, omschrijving="open signalen")),
        (kpis[1], "nieuw", doorklik.kpi_werklijst(["nieuw"], omschrijving="nog niet opgepakt")),
        (kpis[2], "mij", doorklik.kpi_werklijst(open_lijst, eigenaar="mij", omschrijving="aan mij toegewezen")),
        (
            kpis[3],
            "oud",
            doorklik.kpi_werklijst(
                open_lijst, leeftijd=opvolging.EERSTE_ACTIE_DAGEN, omschrijving="open, ouder dan 14 dagen"
            ),
        ),
    ):
        with kolom:
            doorklik_ui.kpi_knop(doel, key=f"dk_kpi_werk_{sleutel}", label="In de lijst")

    velden = (  # the work list's filters in the URL (urlstaat)
        urlstaat.Veld("sg_status", "status", urlstaat.lijst(opvolging.STATUSSEN), list(opvolging.OPEN)),
        urlstaat.Veld("sg_eigenaar", "eigenaar", urlstaat.keuze(EIGENAREN), next(iter(EIGENAREN))),
        urlstaat.Veld("sg_werk_soorten", "werksoort", urlstaat.lijst(opvolging.SOORTEN), []),
        urlstaat.Veld("sg_leeftijd", "leeftijd", urlstaat.keuze(LEEFTIJDEN), next(iter(LEEFTIJDEN))),
    )
    urlstaat.herstel(velden)
    kolommen = st.columns([3, 2, 3, 2])
    statussen = kolommen[0].multiselect(
        "Status",
        list(opvolging.STATUSSEN),
        format_func=opvolging.STATUSSEN.get,
        key="sg_status",
        placeholder="Alle statussen",
    )
    eigenaar = kolommen[1].selectbox("Eigenaar", list(EIGENAREN), format_func=EIGENAREN.get, key="sg_eigenaar")
    soorten = kolommen[2].multiselect(
        "Soort signaal",
        list(opvolging.SOORTEN),
        format_func=opvolging.SOORTEN.get,
        key="sg_werk_soorten",
        placeholder="Alle soorten",
    )
    min_dagen = kolommen[3].selectbox(
        "Leeftijd",
        list(LEEFTIJDEN),
        format_func=LEEFTIJDEN.get,
        key="sg_leeftijd",
        help="Dagen sinds het signaal is vastgelegd.",
    )
    urlstaat.bewaar(velden)
    gekozen = opvolging.selecteer(
        alle,
        statussen=tuple(statussen),
        organisaties=(eigenaar.removeprefix("org:"),) if eigenaar.startswith("org:") else (),
        eigenaar=gebruiker if eigenaar == "mij" else None,
        zonder_eigenaar=eigenaar == "geen",
        soorten=tuple(soorten),
        min_dagen=min_dagen,
        vandaag=vandaag,
    )
    lijst = opvolging.lijst(gekozen, vandaag)
    st.caption(
        f"{fmt.getal(lijst.height)} van {fmt.getal(alle.height)} signalen. Selecteer een of meer rijen om ze toe te "
        "wijzen of hun status te wijzigen; bij één rij ziet u ook de geschiedenis."
    )
    sessie.audit_log("adressen_bekeken", "Signalen: opvolging", lijst.height)
    # A selection is a list of row positions: when the list changes (a filter, or a change by anyone) the table
    # starts afresh under a new key, rather than the same positions silently pointing at other signals.
    versie_lijst = hashlib.sha1(
        repr((statussen, eigenaar, soorten, min_dagen, filters, wijzigingen)).encode()
    ).hexdigest()
    event = st.dataframe(
        lijst,
        hide_index=True,
        key=f"sg_werk_{versie_lijst[:12]}",
        on_select="rerun",
        selection_mode="multi-row",
        column_config={
            "signaal_id": st.column_config.NumberColumn("Nr.", format="%d", width="small"),
            "ncg_id": None,
            "versie": None,
            "Gesignaleerd": st.column_config.DateColumn("Gesignaleerd", format="DD-MM-YYYY"),
            "Reden": st.column_config.TextColumn("Reden", width="large"),
            "Laatste notitie": st.column_config.TextColumn("Laatste notitie", width="medium"),
            # Adres and Reden as wide as their longest value (issue 18: they were cut off)
            **kolombreedtes.passend(lijst, ("Adres", "Reden")),
        },
    )
    rijen = [r for r in (event.selection.rows if event else []) if r < lijst.height]
    selectie = lijst[rijen] if rijen else lijst.clear()
    # The versions as this user saw them: a change made on them is refused if someone changed the signal since.
    st.session_state["sg_versies"] = dict(zip(selectie["signaal_id"].to_list(), selectie["versie"].to_list()))
    widgets.tabel_downloads(
        lijst.drop("versie"),  # with the ncg_id: the export puts it first as 'NCG-id', as in every work list
        key="sg_werk_export",
        adressen=True,
        bijschrift=widgets.bijschrift(
            "Signalen",
            "Opvolging van signalen",
            {
                "Status": ", ".join(opvolging.STATUSSEN[s] for s in statussen) or "alle",
                "Eigenaar": EIGENAREN[eigenaar],
                "Soort signaal": ", ".join(opvolging.SOORTEN[s] for s in soorten) or "alle",
                "Leeftijd": LEEFTIJDEN[min_dagen],
            },
        ),
    )
    if selectie.height:
        _bewerken(selectie, gekozen)
    _melden(filters)


def _bewerken(selectie: pl.DataFrame, gekozen: pl.DataFrame) -> None:
    gebruiker, _ = _wie()
    n = selectie.height
    with st.container(border=True, key="sg_bewerken"):
        st.subheader(f"Signaal {selectie['signaal_id'][0]}" if n == 1 else f"{fmt.getal(n)} signalen geselecteerd")
        if n == 1:
            rij = gekozen.filter(pl.col("signaal_id") == selectie["signaal_id"][0]).row(0, named=True)
            st.markdown(
                f"**{opvolging.SOORTEN.get(rij['soort'], rij['soort'])}** · {_md(selectie['Adres'][0])} · "
                f"status **{opvolging.STATUSSEN[rij['status']].lower()}**"
            )
            st.caption(_md(rij["reden"]))
        toewijzen = st.columns([2, 3])
        toewijzen[0].selectbox(
            "Mijn organisatie", list(opvolging.ORGANISATIES), format_func=opvolging.ORGANISATIES.get, key="sg_mijn_org"
        )
        toewijzen[1].button(
            f"Aan mij toewijzen ({gebruiker})",
            key="sg_aan_mij",
            icon=":material/person_add:",
            on_click=_aan_mij,
            help="Maakt u eigenaar van de geselecteerde signalen; een nieuw signaal gaat naar ‘in behandeling’.",
        )
        if n == 1:
            _formulier_een(rij)
        else:
            _formulier_meerdere(n)
        if n == 1:
            historie = _historie(ui.database_url(), _stand(ui.database_url()), rij["ncg_id"])
            eigen = historie.filter(pl.col("signaal_id") == rij["signaal_id"])
            st.markdown("**Geschiedenis**")
            _historie_tabel(eigen, key="sg_historie")
            st.button(
                "Dossier van dit adres openen",
                key="sg_dossier_open",
                icon=":material/folder_open:",
                on_click=lambda: st.session_state.update({"sg_adres": rij["ncg_id"]}),
            )


def _formulier_een(rij: dict) -> None:
    # Keys carry the signal and its version: another signal, or a new version, starts from the stored values.
    sfx = f"{rij['signaal_id']}_{rij['versie']}"
    with st.form(f"sg_formulier_{sfx}", border=False):
        kol = st.columns(3)
        statussen = list(opvolging.STATUSSEN)
        kol[0].selectbox(
            "Status",
            statussen,
            index=statussen.index(rij["status"]),
            format_func=opvolging.STATUSSEN.get,
            key=f"sg_f_status_{sfx}",
        )
        organisaties = [None, *opvolging.ORGANISATIES]
        kol[1].selectbox(
            "Eigenaar: organisatie",
            organisaties,
            index=organisaties.index(rij["eigenaar_organisatie"]) if rij["eigenaar_organisatie"] in organisaties else 0,
            format_func=lambda o: "–" if o is None else opvolging.ORGANISATIES[o],
            key=f"sg_f_org_{sfx}",
        )
        kol[2].text_input(
            "Eigenaar: naam", value=rij["eigenaar_naam"] or "", max_chars=opvolging.MAX_NAAM, key=f"sg_f_naam_{sfx}"
        )
        st.text_area(
            "Notitie",
            key=f"sg_f_notitie_{sfx}",
            max_chars=opvolging.MAX_NOTITIE,
            placeholder="Wat is er gedaan of afgesproken? Verplicht bij ‘afgerond’ en ‘geen actie nodig’.",
        )
        st.form_submit_button(
            "Opslaan",
            type="primary",
            icon=":material/save:",
            on_click=_opslaan_een,
            args=(sfx, rij["status"], rij["eigenaar_organisatie"], rij["eigenaar_naam"]),
        )


def _formulier_meerdere(n: int) -> None:
    with st.form("sg_formulier_meer", border=False):
        kol = st.columns([2, 3])
        kol[0].selectbox(
            "Nieuwe status", list(opvolging.STATUSSEN), format_func=opvolging.STATUSSEN.get, key="sg_m_status"
        )
        kol[1].text_input(
            "Notitie bij elk signaal",
            key="sg_m_notitie",
            max_chars=opvolging.MAX_NOTITIE,
            placeholder="Verplicht bij ‘afgerond’ en ‘geen actie nodig’.",
        )
        st.form_submit_button(
            f"Status van {fmt.getal(n)} signalen wijzigen",
            type="primary",
            icon=":material/done_all:",
            on_click=_opslaan_meerdere,
        )


def _uitvoeren(versies: dict[int, int], wijziging: opvolging.Wijziging) -> opvolging.Resultaat | None:
    """Apply a change to signals, each on the version the user saw; None (with a message) if nothing could be tried."""
    gebruiker, rol = _wie()
    if not toegang.mag_adressen(rol):
        st.session_state["sg_melding"] = ("fout", "U mag signalen niet wijzigen.")
        return None
    try:
        return opvolging.wijzig_meerdere(db.engine(ui.database_url()), versies, wijziging, gebruiker=gebruiker, rol=rol)
    except SQLAlchemyError:
        log.exception("saving a follow-up change failed")
        st.session_state["sg_melding"] = (
            "fout",
            "De wijziging kon niet worden opgeslagen: de database weigerde "
            "het schrijven. Neem contact op met de beheerder.",
        )
        return None


def _melding(*resultaten: opvolging.Resultaat | None) -> None:
    """The outcome of a change, shown on the next run."""
    if any(r is None for r in resultaten):
        return
    gelukt = [i for r in resultaten for i in r.gelukt]
    mislukt = {i: t for r in resultaten for i, t in r.mislukt.items()}
    redenen = " ".join(dict.fromkeys(mislukt.values()))
    if mislukt and not gelukt:
        st.session_state["sg_melding"] = ("fout", redenen)
    elif mislukt:
        st.session_state["sg_melding"] = (
            "waarschuwing",
            f"{fmt.getal(len(gelukt))} signalen opgeslagen; {fmt.getal(len(mislukt))} niet: {redenen}",
        )
    else:
        st.session_state["sg_melding"] = (
            "succes",
            "Opgeslagen." if len(gelukt) == 1 else f"{fmt.getal(len(gelukt))} signalen opgeslagen.",
        )


def _aan_mij() -> None:
    """The selected signals get this user as owner; the ones nobody had picked up also go to 'in behandeling'."""
    gebruiker, _ = _wie()
    versies = st.session_state.get("sg_versies") or {}
    url = ui.database_url()
    alle = _werkvoorraad(url, ui.stand(url), _stand(url), (), ())
    nieuw = set(alle.filter(pl.col("signaal_id").is_in(list(versies)) & (pl.col("status") == "nieuw"))["signaal_id"])
    org = st.session_state.get("sg_mijn_org") or "NCG"
    _melding(
        _uitvoeren(
            {i: v for i, v in versies.items() if i in nieuw},
            opvolging.Wijziging(status="in_behandeling", eigenaar_organisatie=org, eigenaar_naam=gebruiker),
        ),
        _uitvoeren(
            {i: v for i, v in versies.items() if i not in nieuw},
            opvolging.Wijziging(eigenaar_organisatie=org, eigenaar_naam=gebruiker),
        ),
    )


def _opslaan_een(sfx: str, status: str, organisatie: str | None, naam: str | None) -> None:
    """Save what the form changed (only that: an unchanged field is not a change)."""
    s = st.session_state
    velden = {}
    if s.get(f"sg_f_status_{sfx}") != status:
        velden["status"] = s.get(f"sg_f_status_{sfx}")
    if s.get(f"sg_f_org_{sfx}") != organisatie:
        velden["eigenaar_organisatie"] = s.get(f"sg_f_org_{sfx}")
    if (s.get(f"sg_f_naam_{sfx}") or "").strip() != (naam or ""):
        velden["eigenaar_naam"] = s.get(f"sg_f_naam_{sfx}")
    _melding(_uitvoeren(s.get("sg_versies") or {}, opvolging.Wijziging(**velden, notitie=s.get(f"sg_f_notitie_{sfx}"))))


def _opslaan_meerdere() -> None:
    s = st.session_state
    _melding(
        _uitvoeren(
            s.get("sg_versies") or {}, opvolging.Wijziging(status=s.get("sg_m_status"), notitie=s.get("sg_m_notitie"))
        )
    )
    if s.get("sg_melding", ("",))[0] == "succes":
        s["sg_m_notitie"] = ""


# ---------------------------------------------------------------- raising a signal by hand

_POSTCODE_HUISNUMMER = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*[-,]?\s*(\d{1,5})\s*$")


def _melden(filters: Filters) -> None:
    with (
        st.expander(
            "Signaal melden, bijvoorbeeld namens een casemanager of bewonersbegeleider", icon=":material/add_alert:"
        ),
        st.form("sg_melden", border=False),
    ):
        kol = st.columns([2, 3])
        kol[0].text_input(
            "Adres", key="sg_n_adres", max_chars=40, placeholder="NCG-id, of postcode en huisnummer: 9919 AB 12"
        )
        kol[1].text_input("Reden", key="sg_n_reden", value="Melding van begeleider: ", max_chars=opvolging.MAX_REDEN)
        st.form_submit_button(
            "Signaal vastleggen", icon=":material/add:", on_click=_melden_opslaan, args=(filters.peildatum,)
        )


def _melden_opslaan(peildatum: date) -> None:
    s = st.session_state
    gebruiker, rol = _wie()
    invoer = (s.get("sg_n_adres") or "").strip()
    reden = (s.get("sg_n_reden") or "").strip()
    if reden.rstrip(": ").lower() == "melding van begeleider":
        s["sg_melding"] = ("fout", "Vul bij de reden aan wat de begeleider meldt.")
        return
    m = _POSTCODE_HUISNUMMER.match(invoer)
    params = {
        "peildatum": peildatum,
        "ncg_id": "" if m else invoer,
        "zoek_postcode": (m.group(1) + m.group(2).upper()) if m else "",
        "zoek_huisnummer": int(m.group(3)) if m else -1,
    }
    url = ui.database_url()
    with db.engine(url).connect() as conn:
        gevonden = db.fetch(conn, "opvolging_adres", **params)
    if not invoer or not gevonden.height:
        s["sg_melding"] = (
            "fout",
            f"Geen adres gevonden op de lijst van NCG op {fmt.datum(peildatum)} bij "
            f"‘{invoer[:40]}’. Geef het NCG-id, of postcode en huisnummer (9919 AB 12).",
        )
        return
    if gevonden.height > 1:
        s["sg_melding"] = (
            "fout",
            "Meer dan één adres met deze postcode en dit huisnummer; geef het NCG-id: "
            + ", ".join(gevonden["ncg_id"].to_list()[:10])
            + ".",
        )
        return
    ncg_id = gevonden["ncg_id"][0]
    try:
        nr = opvolging.melden(db.engine(url), ncg_id, reden, peildatum=peildatum, gebruiker=gebruiker, rol=rol)
    except opvolging.OngeldigeWijziging as exc:
        s["sg_melding"] = ("fout", str(exc))
        return
    s["sg_melding"] = ("succes", f"Signaal {nr} vastgelegd voor {ncg_id}.")
    s["sg_n_adres"] = ""


# ---------------------------------------------------------------- the combined dossier


def _historie_tabel(frame: pl.DataFrame, *, key: str) -> None:
    if not frame.height:
        st.caption("Nog geen wijzigingen.")
        return
    st.dataframe(
        opvolging.historie_tabel(frame),
        hide_index=True,
        key=key,
        column_config={
            "Tijdstip": st.column_config.DatetimeColumn("Tijdstip", format="DD-MM-YYYY HH:mm"),
            "Notitie": st.column_config.TextColumn("Notitie", width="large"),
        },
    )


def dossier_historie(ncg_id: str) -> None:
    """The signals of an address and what was done with them, in its combined dossier."""
    url = ui.database_url()
    historie = _historie(url, _stand(url), ncg_id)
    aantal = historie["signaal_id"].n_unique() if historie.height else 0
    st.markdown(f"**Signalen en opvolging** ({fmt.getal(aantal)})")
    _historie_tabel(historie, key="dossier_opvolging")


# ---------------------------------------------------------------- the follow-up figures (Overzicht)


def kpi_sectie(filters: Filters) -> None:
    url = ui.database_url()
    bijwerken(url)
    onderdrukken = toegang.onderdrukken(ui.huidige_rol())
    drempel = ui.drempel()
    data = _kpi(
        url,
        ui.stand(url),
        _stand(url),
        filters.gemeenten,
        filters.programmas,
        date.today(),
        drempel if onderdrukken else None,
    )
    st.subheader("Opvolging van signalen")
    st.caption(
        "Elk signaal uit de aanleveringen en elk handmatig gemeld signaal, met wat het kernteam ermee deed. "
        f"Eerste actie: de eerste wijziging door een persoon (status, eigenaar of notitie); binnen twee weken telt "
        f"over signalen die ouder zijn dan {opvolging.EERSTE_ACTIE_DAGEN} dagen of al zijn opgepakt."
    )
    kol = st.columns(4)
    kol[0].metric("Signalen", privacy.tekst(data.totaal, data.totaal is None, drempel))
    kol[1].metric("Eerste actie binnen 2 weken", opvolging.tekst_aandeel(data, drempel))
    kol[2].metric("Mediane tijd tot eerste actie", opvolging.tekst_mediaan(data, drempel))
    kol[3].metric(
        "Oorzaak vervallen",
        privacy.tekst(data.vervallen, data.vervallen is None, drempel),
        help="Signalen waarvan de reden niet meer in de nieuwste aanlevering staat.",
    )
    links, rechts = st.columns([3, 2])
    with links:
        if data.per_week.height:
            widgets.grafiek(
                figures.staaf_tijd(
                    data.per_week,
                    "week",
                    reeks="soort",
                    kleuren=SOORT_KLEUREN,
                    namen=opvolging.SOORTEN,
                    eenheid="signalen",
                ),
                key="opvolging_per_week",
                bijschrift=widgets.bijschrift("Overzicht", "Signalen per week"),
            )
        else:
            st.info("Nog geen signalen vastgelegd.")
    with rechts:
        uitkomsten = data.uitkomsten.select(
            pl.col("label").alias("Status"),
            (opvolging.getal_tekst(pl.col("aantal"), drempel) if onderdrukken else pl.col("aantal")).alias("Signalen"),
        )
        st.dataframe(uitkomsten, hide_index=True, key="opvolging_uitkomsten")
        widgets.tabel_downloads(
            uitkomsten,
            key="opvolging_uitkomsten_export",
            bijschrift=widgets.bijschrift("Overzicht", "Opvolging van signalen: status"),
        )
    with st.expander("Signalen per week, per soort"):
        week = opvolging.week_tabel(data)
        st.dataframe(week, hide_index=True, key="opvolging_weken")
        widgets.tabel_downloads(
            week,
            key="opvolging_weken_export",
            bijschrift=widgets.bijschrift("Overzicht", "Signalen per week, per soort"),
        )
