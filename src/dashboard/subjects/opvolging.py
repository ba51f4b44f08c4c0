"""Follow-up of signals (opvolging): what the core team did with each signal, for everyone to see.

Every signal has one record in table `signaal`: the signals the deliveries raise (dashboard.subjects.signalen, between
two consecutive snapshots) and the ones a core-team member or beheerder raises by hand for an address. A
record carries a status, an owner (organisation and person), the latest note and the dates that matter
(recorded, first action, closed); every change appends a row to `signaal_wijziging` (the history) and one to
the audit log.

- **One signal per address and kind.** `bijwerken` turns each pair of consecutive stored snapshots into
  signals once (table `signaal_verwerking` remembers the pairs, with the loads that wrote them, so a
  reloaded snapshot is looked at again); a signal found again later stays the same record.
- **A cause that is gone is marked.** Against the latest snapshot, a signal whose cause is no longer there
  (no longer beide lopend, no longer group B or E, no AOS claim, no running claim, or off the list) gets
  `oorzaak_vervallen` set to that peildatum; if nobody had acted on it yet it is closed as *geen actie
  nodig* by the system. When the cause comes back the mark is cleared (and such an automatic close undone).
- **Loading never touches these tables**: the loader deletes and writes snapshot tables only. The app
  calls `bijwerken` (and `dashboard signals` does) after a load has been noticed.
- **Optimistic locking.** A change names the version it was made on; when someone else changed the signal
  in between, nothing is written and `Conflict` carries a Dutch message.

Reading for the pages is native polars over the stored queries (no Python loops over rows).

Why over 400 lines: recording, vanished causes, changes with optimistic locking and the reads work on the
same three tables with the same version check in one transaction; split, each part would need the others'
private SQL and locking.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from dashboard.core import fmt, privacy
from dashboard.core.domain import ADRES_KOLOMMEN
from dashboard.core.filters import Filters
from dashboard.store import audit, schema
from dashboard.store.db import fetch
from dashboard.subjects import signalen
from dashboard.subjects.adressen import adresregel

STATUSSEN: dict[str, str] = {
    "nieuw": "Nieuw",
    "in_behandeling": "In behandeling",
    "gezamenlijke_opname_gepland": "Gezamenlijke opname gepland",
    "geprioriteerd_bij_img": "Geprioriteerd bij IMG",
    "geen_actie_nodig": "Geen actie nodig",
    "afgerond": "Afgerond",
}
AFGESLOTEN = ("geen_actie_nodig", "afgerond")
OPEN = tuple(s for s in STATUSSEN if s not in AFGESLOTEN)
SOORTEN: dict[str, str] = {**signalen.SIGNALEN, "handmatig": "Handmatig gemeld"}
ORGANISATIES: dict[str, str] = {"NCG": "NCG", "IMG": "IMG", "SVIP": "SVIP", "gemeente": "Gemeente"}
ACTIES: dict[str, str] = {
    "aangemaakt": "Gesignaleerd",
    "gemeld": "Handmatig gemeld",
    "gewijzigd": "Gewijzigd",
    "oorzaak_vervallen": "Oorzaak vervallen",
    "automatisch_gesloten": "Oorzaak vervallen, automatisch gesloten",
    "oorzaak_terug": "Oorzaak weer aanwezig",
}
SYSTEEM = "systeem"
EERSTE_ACTIE_DAGEN = 14  # the KPI: a first action within two weeks
MAX_NAAM, MAX_NOTITIE, MAX_REDEN = 100, 2000, 500

_LEEG = object()  # "leave this field as it is"


class Conflict(Exception):
    """Someone else changed the signal since it was read: nothing was written."""


class OngeldigeWijziging(ValueError):
    """A change the app refuses, with a Dutch message for the user."""


# ---------------------------------------------------------------- recording the deliveries' signals


@dataclass(frozen=True)
class Bijgewerkt:
    nieuw: int = 0
    vervallen: int = 0
    gesloten: int = 0
    terug: int = 0
    paren: tuple[tuple[date, date], ...] = ()


_slot = threading.Lock()


def bijwerken(engine: Engine, gebruiker: str = SYSTEEM) -> Bijgewerkt:
    """Record the signals of every pair of consecutive snapshots not recorded yet, and mark the signals whose
    cause is gone from the latest snapshot. Idempotent; cheap (two small queries) when nothing changed."""
    with _slot:
        for poging in range(3):
            try:
                return _bijwerken(engine, gebruiker)
            except sa.exc.IntegrityError:
                # Another process recorded the same pair at the same moment: look again.
                if poging == 2:
                    raise
    raise AssertionError("unreachable")


def _bijwerken(engine: Engine, gebruiker: str) -> Bijgewerkt:
    with engine.connect() as conn:
        stand = fetch(conn, "opvolging_snapshots")
        gedaan = fetch(conn, "opvolging_verwerking")
    if stand.height < 2:
        return Bijgewerkt()
    peildata = [_datum(p) for p in stand["peildatum"].to_list()]
    loads = [int(i) for i in stand["load_id"].to_list()]
    verwerkt = {
        (_datum(p), _datum(v), int(i), int(vi))
        for p, v, i, vi in gedaan.select("peildatum", "vorige_peildatum", "load_id", "vorige_load_id").iter_rows()
    }
    paren = [
        (peildatum, vorige, load, vorige_load)
        for peildatum, vorige, load, vorige_load in zip(peildata[1:], peildata[:-1], loads[1:], loads[:-1])
        if (peildatum, vorige, load, vorige_load) not in verwerkt
    ]
    if not paren:
        return Bijgewerkt()
    nu = _nu()
    laatste = peildata[-1]
    with engine.begin() as conn:
        nieuw = 0
        for peildatum, vorige, load_id, vorige_load_id in paren:
            nieuw += _vastleggen(conn, peildatum, vorige, nu, gebruiker)
            conn.execute(
                schema.signaal_verwerking.delete().where(
                    schema.signaal_verwerking.c.peildatum == peildatum,
                    schema.signaal_verwerking.c.vorige_peildatum == vorige,
                )
            )
            conn.execute(
                schema.signaal_verwerking.insert(),
                {
                    "peildatum": peildatum,
                    "vorige_peildatum": vorige,
                    "load_id": load_id,
                    "vorige_load_id": vorige_load_id,
                    "verwerkt_op": nu,
                },
            )
        vervallen, gesloten, terug = _oorzaken(conn, laatste, nu, gebruiker)
        uitkomst = Bijgewerkt(nieuw, vervallen, gesloten, terug, tuple((p, v) for p, v, _, _ in paren))
        audit.schrijf(
            conn,
            gebruiker=gebruiker,
            rol=SYSTEEM,
            actie="signalen_bijgewerkt",
            onderdeel="Signalen uit de aanleveringen",
            filters={
                "paren": [f"{v.isoformat()}..{p.isoformat()}" for p, v in uitkomst.paren],
                "nieuw": nieuw,
                "oorzaak_vervallen": vervallen,
                "automatisch_gesloten": gesloten,
                "oorzaak_terug": terug,
            },
            aantal_rijen=nieuw + vervallen + terug,
        )
    return uitkomst


def _vastleggen(conn: Connection, peildatum: date, vorige: date, nu: datetime, gebruiker: str) -> int:
    """Insert the signals between `vorige` and `peildatum` that have no record yet; their number."""
    gevonden = signalen.signalen(conn, Filters(peildatum), vorige)
    if not gevonden.height:
        return 0
    bestaand = set(fetch(conn, "opvolging_sleutels")["sleutel"].cast(pl.String).to_list())
    nieuw = (
        gevonden.select(
            (pl.col("signaal") + ":" + pl.col("ncg_id")).alias("sleutel"),
            "ncg_id",
            pl.col("signaal").alias("soort"),
            "reden",
        )
        .unique("sleutel", keep="first", maintain_order=True)
        .filter(~pl.col("sleutel").is_in(list(bestaand)))
        .with_columns(
            pl.lit(peildatum).alias("eerste_peildatum"),
            pl.lit(peildatum).alias("laatst_gezien"),
            pl.lit(nu).alias("gesignaleerd_op"),
            pl.lit("nieuw").alias("status"),
            pl.lit(1).alias("versie"),
            pl.lit(nu).alias("gewijzigd_op"),
            pl.lit(gebruiker).alias("gewijzigd_door"),
        )
    )
    if not nieuw.height:
        return 0
    ids = (
        conn.execute(
            schema.signaal.insert().returning(schema.signaal.c.signaal_id, sort_by_parameter_order=True),
            nieuw.to_dicts(),
        )
        .scalars()
        .all()
    )
    conn.execute(
        schema.signaal_wijziging.insert(),
        [
            {
                "signaal_id": i,
                "tijdstip": nu,
                "gebruiker": gebruiker,
                "rol": SYSTEEM,
                "actie": "aangemaakt",
                "versie": 1,
                "status": "nieuw",
                "notitie": None,
            }
            for i in ids
        ],
    )
    return len(ids)


def _oorzaken(conn: Connection, laatste: date, nu: datetime, gebruiker: str) -> tuple[int, int, int]:
    """Mark signals whose cause is gone from the latest snapshot (closing those nobody acted on), unmark those whose
    cause came back, and move laatst_gezien forward for addresses still on the list."""
    rijen = fetch(conn, "opvolging_oorzaak", laatste_peildatum=laatste)
    if not rijen.height:
        return 0, 0, 0
    rijen = rijen.with_columns(pl.col("oorzaak_vervallen").cast(pl.String), pl.col("eerste_actie_op").cast(pl.String))
    s = schema.signaal
    gezien = rijen.filter((pl.col("op_lijst") == 1) & (pl.col("laatst_gezien").cast(pl.String) != laatste.isoformat()))
    if gezien.height:
        conn.execute(
            s.update().where(s.c.signaal_id == sa.bindparam("b_id")).values(laatst_gezien=laatste),
            [{"b_id": i} for i in gezien["signaal_id"].to_list()],
        )
    onbehandeld = (pl.col("status") == "nieuw") & pl.col("eerste_actie_op").is_null()
    weg = rijen.filter((pl.col("oorzaak") == 0) & pl.col("oorzaak_vervallen").is_null())
    sluiten = weg.filter(onbehandeld)
    markeren = weg.filter(~onbehandeld)
    terug = rijen.filter((pl.col("oorzaak") == 1) & pl.col("oorzaak_vervallen").is_not_null())
    heropenen = terug.filter((pl.col("status") == "geen_actie_nodig") & pl.col("eerste_actie_op").is_null())
    blijft = terug.filter(~((pl.col("status") == "geen_actie_nodig") & pl.col("eerste_actie_op").is_null()))
    toen = fmt.datum(laatste)
    for frame, waarden, actie, notitie in (
        (
            sluiten,
            {"oorzaak_vervallen": laatste, "status": "geen_actie_nodig", "afgesloten_op": nu},
            "automatisch_gesloten",
            f"De oorzaak staat niet meer in de aanlevering van {toen}; er was nog niets mee "
            "gedaan, dus het signaal is gesloten.",
        ),
        (
            markeren,
            {"oorzaak_vervallen": laatste},
            "oorzaak_vervallen",
            f"De oorzaak staat niet meer in de aanlevering van {toen}.",
        ),
        (
            heropenen,
            {"oorzaak_vervallen": None, "status": "nieuw", "afgesloten_op": None},
            "oorzaak_terug",
            f"De oorzaak staat weer in de aanlevering van {toen}; het signaal is heropend.",
        ),
        (blijft, {"oorzaak_vervallen": None}, "oorzaak_terug", f"De oorzaak staat weer in de aanlevering van {toen}."),
    ):
        if not frame.height:
            continue
        conn.execute(
            s.update()
            .where(s.c.signaal_id == sa.bindparam("b_id"), s.c.versie == sa.bindparam("b_versie"))
            .values(**waarden, versie=s.c.versie + 1, gewijzigd_op=nu, gewijzigd_door=gebruiker),
            [{"b_id": i, "b_versie": v} for i, v in frame.select("signaal_id", "versie").iter_rows()],
        )
        conn.execute(
            schema.signaal_wijziging.insert(),
            [
                {
                    "signaal_id": i,
                    "tijdstip": nu,
                    "gebruiker": gebruiker,
                    "rol": SYSTEEM,
                    "actie": actie,
                    "versie": v + 1,
                    "status": waarden.get("status", st),
                    "notitie": notitie,
                }
                for i, v, st in frame.select("signaal_id", "versie", "status").iter_rows()
            ],
        )
    return weg.height, sluiten.height, terug.height


# ---------------------------------------------------------------- changes by people


def melden(engine: Engine, ncg_id: str, reden: str, *, peildatum: date, gebruiker: str, rol: str) -> int:
    """Raise a signal by hand for an address on the NCG list at `peildatum`; its id."""
    reden = (reden or "").strip()
    if not reden:
        raise OngeldigeWijziging("Geef een reden voor het signaal, bijvoorbeeld ‘melding van begeleider’.")
    if len(reden) > MAX_REDEN:
        raise OngeldigeWijziging(f"De reden is te lang: hooguit {fmt.getal(MAX_REDEN)} tekens.")
    nu = _nu()
    with engine.begin() as conn:
        if not fetch(
            conn, "opvolging_adres", peildatum=peildatum, ncg_id=ncg_id, zoek_postcode="", zoek_huisnummer=-1
        ).height:
            raise OngeldigeWijziging("Dit adres staat niet op de lijst van NCG op deze peildatum.")
        signaal_id = conn.execute(
            schema.signaal.insert().returning(schema.signaal.c.signaal_id),
            {
                "sleutel": f"handmatig:{uuid.uuid4().hex}",
                "ncg_id": ncg_id,
                "soort": "handmatig",
                "reden": reden,
                "eerste_peildatum": peildatum,
                "laatst_gezien": peildatum,
                "gesignaleerd_op": nu,
                "status": "nieuw",
                "versie": 1,
                "gewijzigd_op": nu,
                "gewijzigd_door": gebruiker,
            },
        ).scalar_one()
        conn.execute(
            schema.signaal_wijziging.insert(),
            {
                "signaal_id": signaal_id,
                "tijdstip": nu,
                "gebruiker": gebruiker,
                "rol": rol,
                "actie": "gemeld",
                "versie": 1,
                "status": "nieuw",
                "notitie": reden,
            },
        )
        audit.schrijf(
            conn,
            gebruiker=gebruiker,
            rol=rol,
            actie="signaal_gemeld",
            onderdeel=f"Signaal {signaal_id}",
            filters={"signaal_id": signaal_id, "adres": ncg_id},
            aantal_rijen=1,
        )
    return signaal_id


@dataclass(frozen=True)
class Wijziging:
    """What a person changes on a signal; a field left at its default stays as it is."""

    status: str | None = None
    eigenaar_organisatie: Any = _LEEG
    eigenaar_naam: Any = _LEEG
    notitie: str | None = None  # a new note (appended to the history; the record keeps the latest)

    def velden(self) -> dict[str, Any]:
        uit: dict[str, Any] = {}
        if self.status is not None:
            if self.status not in STATUSSEN:
                raise OngeldigeWijziging(f"Onbekende status: {self.status!r}.")
            uit["status"] = self.status
        if self.eigenaar_organisatie is not _LEEG:
            if self.eigenaar_organisatie not in (None, *ORGANISATIES):
                raise OngeldigeWijziging(f"Onbekende organisatie: {self.eigenaar_organisatie!r}.")
            uit["eigenaar_organisatie"] = self.eigenaar_organisatie
        if self.eigenaar_naam is not _LEEG:
            naam = (self.eigenaar_naam or "").strip() or None
            if naam and len(naam) > MAX_NAAM:
                raise OngeldigeWijziging(f"De naam van de eigenaar is te lang: hooguit {MAX_NAAM} tekens.")
            uit["eigenaar_naam"] = naam
        notitie = (self.notitie or "").strip()
        if len(notitie) > MAX_NOTITIE:
            raise OngeldigeWijziging(f"De notitie is te lang: hooguit {fmt.getal(MAX_NOTITIE)} tekens.")
        if notitie:
            uit["notitie"] = notitie
        return uit


def wijzig(engine: Engine, signaal_id: int, versie: int, wijziging: Wijziging, *, gebruiker: str, rol: str) -> int:
    """Change one signal, made on version `versie`; its new version. Conflict (nothing written) when it changed
    since."""
    velden = wijziging.velden()
    if not velden:
        raise OngeldigeWijziging("Er is niets gewijzigd.")
    if velden.get("status") in AFGESLOTEN and not velden.get("notitie"):
        raise OngeldigeWijziging(
            f"Licht in een notitie toe waarom het signaal ‘{STATUSSEN[velden['status']].lower()}’ is."
        )
    nu = _nu()
    s = schema.signaal
    with engine.begin() as conn:
        huidig = fetch(conn, "opvolging_signaal", signaal_id=signaal_id)
        if not huidig.height:
            raise OngeldigeWijziging(f"Signaal {signaal_id} bestaat niet (meer).")
        rij = huidig.row(0, named=True)
        if int(rij["versie"]) != versie:
            raise Conflict(_conflict_tekst(signaal_id, rij))
        status = velden.get("status", rij["status"])
        if status == "afgerond" and not velden.get("eigenaar_organisatie", rij["eigenaar_organisatie"]):
            raise OngeldigeWijziging("Kies eerst een eigenaar (organisatie) voordat u het signaal afrondt.")
        waarden = dict(velden, versie=versie + 1, gewijzigd_op=nu, gewijzigd_door=gebruiker)
        waarden["eerste_actie_op"] = sa.func.coalesce(s.c.eerste_actie_op, nu)
        if "status" in velden:
            waarden["afgesloten_op"] = nu if status in AFGESLOTEN else None
        resultaat = conn.execute(s.update().where(s.c.signaal_id == signaal_id, s.c.versie == versie).values(**waarden))
        if resultaat.rowcount != 1:
            # Changed between our read and our write.
            raise Conflict(
                _conflict_tekst(signaal_id, fetch(conn, "opvolging_signaal", signaal_id=signaal_id).row(0, named=True))
            )
        conn.execute(
            schema.signaal_wijziging.insert(),
            {
                "signaal_id": signaal_id,
                "tijdstip": nu,
                "gebruiker": gebruiker,
                "rol": rol,
                "actie": "gewijzigd",
                "versie": versie + 1,
                "status": status,
                "eigenaar_organisatie": velden.get("eigenaar_organisatie", rij["eigenaar_organisatie"]),
                "eigenaar_naam": velden.get("eigenaar_naam", rij["eigenaar_naam"]),
                "notitie": velden.get("notitie"),
            },
        )
        audit.schrijf(
            conn,
            gebruiker=gebruiker,
            rol=rol,
            actie="signaal_gewijzigd",
            onderdeel=f"Signaal {signaal_id}",
            filters={
                "signaal_id": signaal_id,
                "adres": rij["ncg_id"],
                "versie": versie + 1,
                **{k: v for k, v in velden.items() if k != "notitie"},
                "notitie": "notitie" in velden,
            },
            aantal_rijen=1,
        )
    return versie + 1


def _conflict_tekst(signaal_id: int, rij: dict[str, Any]) -> str:
    wanneer = rij["gewijzigd_op"]
    wanneer = f"op {fmt.datum(_py_tijd(wanneer).date())} om {_py_tijd(wanneer):%H:%M}" if wanneer else "zojuist"
    return (
        f"Signaal {signaal_id} is intussen gewijzigd door {rij['gewijzigd_door']} ({wanneer}). Uw wijziging is niet "
        "opgeslagen, zodat die wijziging niet ongemerkt wordt overschreven. Bekijk de nieuwe stand en voer uw "
        "wijziging zo nodig opnieuw in."
    )


@dataclass
class Resultaat:
    """The outcome of a change of several signals: each signal in its own transaction."""

    gelukt: list[int] = field(default_factory=list)
    mislukt: dict[int, str] = field(default_factory=dict)


def wijzig_meerdere(
    engine: Engine, versies: dict[int, int], wijziging: Wijziging, *, gebruiker: str, rol: str
) -> Resultaat:
    """The same change on several signals ({signaal_id: version read}); a conflict on one leaves the others."""
    uit = Resultaat()
    for signaal_id, versie in versies.items():
        try:
            wijzig(engine, signaal_id, versie, wijziging, gebruiker=gebruiker, rol=rol)
            uit.gelukt.append(signaal_id)
        except (Conflict, OngeldigeWijziging) as exc:
            uit.mislukt[signaal_id] = str(exc)
    return uit


# ---------------------------------------------------------------- reading: the work queue and the history


def werkvoorraad(conn: Connection, filters: Filters) -> pl.DataFrame:
    """Every signal with its follow-up and address (queries/opvolging_werkvoorraad.sql, in its declared types)."""
    return fetch(conn, "opvolging_werkvoorraad", **_filterparams(filters))


def _filterparams(filters: Filters) -> dict[str, Any]:
    return {k: v for k, v in filters.params().items() if k != "peildatum"}


def stand(conn: Connection) -> tuple[int, int]:
    """A key that changes with every change of any signal."""
    rij = fetch(conn, "opvolging_stand").row(0)
    return int(rij[0]), int(rij[1])


def selecteer(
    frame: pl.DataFrame,
    *,
    statussen: tuple[str, ...] = (),
    organisaties: tuple[str, ...] = (),
    eigenaar: str | None = None,
    zonder_eigenaar: bool = False,
    soorten: tuple[str, ...] = (),
    min_dagen: int = 0,
    vandaag: date | None = None,
) -> pl.DataFrame:
    """The work queue's filters: status, owner organisation, owner person (e.g. 'mine'), unowned, kind, age."""
    voorwaarden = []
    if statussen:
        voorwaarden.append(pl.col("status").is_in(list(statussen)))
    if organisaties:
        voorwaarden.append(pl.col("eigenaar_organisatie").is_in(list(organisaties)))
    if eigenaar:
        voorwaarden.append(pl.col("eigenaar_naam") == eigenaar)
    if zonder_eigenaar:
        voorwaarden.append(pl.col("eigenaar_organisatie").is_null() & pl.col("eigenaar_naam").is_null())
    if soorten:
        voorwaarden.append(pl.col("soort").is_in(list(soorten)))
    if min_dagen:
        voorwaarden.append(_leeftijd(vandaag) >= min_dagen)
    return frame.filter(*voorwaarden) if voorwaarden else frame


def _leeftijd(vandaag: date | None) -> pl.Expr:
    """Days since the signal was recorded."""
    return (pl.lit(vandaag or date.today()) - pl.col("gesignaleerd_op").dt.date()).dt.total_days()


def lijst(frame: pl.DataFrame, vandaag: date | None = None) -> pl.DataFrame:
    """The work queue as the page shows it: Dutch headers; signaal_id, ncg_id and versie first (hidden on screen)."""
    eigenaar = pl.concat_str(
        [
            pl.col("eigenaar_organisatie").replace_strict(ORGANISATIES, default=pl.col("eigenaar_organisatie")),
            pl.col("eigenaar_naam"),
        ],
        separator=": ",
        ignore_nulls=True,
    )
    return frame.select(
        "signaal_id",
        "ncg_id",
        "versie",
        pl.col("soort").replace_strict(SOORTEN, default=pl.col("soort")).alias("Signaal"),
        adresregel(frame).alias("Adres"),
        pl.col("status").replace_strict(STATUSSEN, default=pl.col("status")).alias("Status"),
        eigenaar.alias("Eigenaar"),
        _leeftijd(vandaag).alias("Dagen"),
        pl.col("gesignaleerd_op").dt.date().alias("Gesignaleerd"),
        pl.when(pl.col("oorzaak_vervallen").is_not_null())
        .then(pl.lit("vervallen per ") + pl.col("oorzaak_vervallen").dt.strftime("%d-%m-%Y"))
        .otherwise(pl.lit(""))
        .alias("Oorzaak"),
        pl.col("notitie").fill_null("").alias("Laatste notitie"),
        pl.col("reden").alias("Reden"),
        pl.col("gemeente").alias("Gemeente"),
    )


def historie(conn: Connection, ncg_id: str) -> pl.DataFrame:
    """The history of the signals of one address, newest first."""
    return fetch(conn, "opvolging_historie", ncg_id=ncg_id)


def historie_tabel(frame: pl.DataFrame) -> pl.DataFrame:
    eigenaar = pl.concat_str(
        [
            pl.col("eigenaar_organisatie").replace_strict(ORGANISATIES, default=pl.col("eigenaar_organisatie")),
            pl.col("eigenaar_naam"),
        ],
        separator=": ",
        ignore_nulls=True,
    )
    return frame.select(
        pl.col("tijdstip").alias("Tijdstip"),
        pl.col("signaal_id").alias("Signaal"),
        pl.col("soort").replace_strict(SOORTEN, default=pl.col("soort")).alias("Soort"),
        pl.col("actie").replace_strict(ACTIES, default=pl.col("actie")).alias("Wijziging"),
        pl.col("status").replace_strict(STATUSSEN, default=pl.col("status")).alias("Status"),
        eigenaar.alias("Eigenaar"),
        pl.col("notitie").fill_null("").alias("Notitie"),
        pl.col("gebruiker").alias("Door"),
    )


# The columns of `dashboard signals --open` / `--all`: one row per signal, codes as stored, dates YYYY-MM-DD.
EXPORT_KOLOMMEN = (
    "eigenaar_organisatie",
    "eigenaar_naam",
    "signaal_id",
    "soort",
    "status",
    "dagen_open",
    "gesignaleerd_op",
    "eerste_peildatum",
    "oorzaak_vervallen",
    *ADRES_KOLOMMEN,
    "reden",
    "notitie",
    "gewijzigd_op",
    "gewijzigd_door",
)


def export_tabel(frame: pl.DataFrame, vandaag: date | None = None) -> pl.DataFrame:
    """The signals for the CLI's CSV, per owner (unowned last), oldest first within an owner."""
    return (
        frame.with_columns(
            _leeftijd(vandaag).alias("dagen_open"),
            pl.col("gesignaleerd_op").dt.strftime("%Y-%m-%d %H:%M:%S"),
            pl.col("gewijzigd_op").dt.strftime("%Y-%m-%d %H:%M:%S"),
        )
        .sort(["eigenaar_organisatie", "eigenaar_naam", "gesignaleerd_op", "signaal_id"], nulls_last=True)
        .select(EXPORT_KOLOMMEN)
    )


# The follow-up columns `dashboard signals --since` adds after the signal's own (signalen.CSV_KOLOMMEN).
OPVOLGING_KOLOMMEN = ("signaal_id", "status", "eigenaar_organisatie", "eigenaar_naam", "oorzaak_vervallen")


def met_opvolging(tabel: pl.DataFrame, werkvoorraad: pl.DataFrame) -> pl.DataFrame:
    """The rows of signalen.csv_tabel with each signal's follow-up record (same address and kind) joined on."""
    opvolging = werkvoorraad.select(pl.col("soort").alias("signaal"), "ncg_id", *OPVOLGING_KOLOMMEN).with_columns(
        pl.col("signaal_id").cast(pl.Int64), pl.col("oorzaak_vervallen").cast(pl.Date)
    )
    return tabel.join(opvolging, on=["signaal", "ncg_id"], how="left", maintain_order="left")


def per_eigenaar(frame: pl.DataFrame) -> pl.DataFrame:
    """Open signals per owner (organisation and person; null when nobody has it)."""
    return (
        frame.filter(pl.col("status").is_in(list(OPEN)))
        .group_by("eigenaar_organisatie", "eigenaar_naam")
        .agg(pl.len().alias("aantal"), pl.col("gesignaleerd_op").min().alias("oudste"))
        .sort(["eigenaar_organisatie", "eigenaar_naam"], nulls_last=True)
    )


# ---------------------------------------------------------------- the follow-up KPIs (steering group, managers)


@dataclass(frozen=True)
class Kpi:
    """The follow-up figures: exact, or for aggregate roles perturbed by cell key (verstoring.opvolging_kpi; then
    `onderdrukt` is set and a median resting on fewer signals than the threshold is None)."""

    per_week: pl.DataFrame  # periode (Monday), soort, aantal
    uitkomsten: pl.DataFrame  # status, label, aantal (every status)
    totaal: int | None
    vervallen: int | None  # signals whose cause is gone
    met_actie: int  # signals with a first action
    noemer_actie: int  # signals older than two weeks or already acted on
    binnen_termijn: float | None  # share with a first action within two weeks
    mediaan_dagen: float | None  # median days to the first action
    onderdrukt: bool = False


def kpi(conn: Connection, filters: Filters, vandaag: date | None = None) -> Kpi:
    """The follow-up figures over every recorded signal of the addresses the global filters leave."""
    return kpi_uit(kpi_signalen(conn, filters), vandaag)


def kpi_signalen(conn: Connection, filters: Filters) -> pl.DataFrame:
    """A row per signal of the addresses the global filters leave: kind, status, dates, whether its cause is gone,
    and its address's record key (`sleutel`, for the aggregate roles' perturbation; never shown)."""
    frame = fetch(conn, "opvolging_kpi", **_filterparams(filters))
    if not frame.height:
        frame = pl.DataFrame(
            schema={
                "soort": pl.String,
                "status": pl.String,
                "gesignaleerd_op": pl.Datetime("us"),
                "eerste_actie_op": pl.Datetime("us"),
                "afgesloten_op": pl.Datetime("us"),
                "aantal_vervallen": pl.Int64,
                "sleutel": pl.Int64,
            }
        )
    return frame.with_columns(pl.col("sleutel").cast(pl.Int64))


def kpi_uit(frame: pl.DataFrame, vandaag: date | None = None) -> Kpi:
    vandaag = vandaag or date.today()
    per_week = (
        frame.group_by(pl.col("gesignaleerd_op").dt.date().dt.truncate("1w").alias("periode"), "soort")
        .agg(pl.len().cast(pl.Int64).alias("aantal"))
        .sort("periode", pl.col("soort").replace_strict({s: i for i, s in enumerate(SOORTEN)}, default=len(SOORTEN)))
    )
    tellingen = dict(frame.group_by("status").len().iter_rows())
    uitkomsten = pl.DataFrame(
        {
            "status": list(STATUSSEN),
            "label": list(STATUSSEN.values()),
            "aantal": [int(tellingen.get(s, 0)) for s in STATUSSEN],
        },
        schema={"status": pl.String, "label": pl.String, "aantal": pl.Int64},
    )
    dagen = (pl.col("eerste_actie_op") - pl.col("gesignaleerd_op")).dt.total_seconds() / 86400
    grens = datetime.combine(vandaag - timedelta(days=EERSTE_ACTIE_DAGEN), datetime.max.time())
    cijfers = frame.select(
        pl.col("eerste_actie_op").is_not_null().sum().alias("met_actie"),
        (pl.col("eerste_actie_op").is_not_null() | (pl.col("gesignaleerd_op") <= grens)).sum().alias("noemer"),
        (dagen <= EERSTE_ACTIE_DAGEN).sum().alias("binnen"),
        dagen.median().alias("mediaan"),
        pl.col("aantal_vervallen").sum().alias("vervallen"),
    ).row(0, named=True)
    noemer = int(cijfers["noemer"] or 0)
    return Kpi(
        per_week=per_week,
        uitkomsten=uitkomsten,
        totaal=frame.height,
        vervallen=int(cijfers["vervallen"] or 0),
        met_actie=int(cijfers["met_actie"] or 0),
        noemer_actie=noemer,
        binnen_termijn=(int(cijfers["binnen"] or 0) / noemer) if noemer else None,
        mediaan_dagen=cijfers["mediaan"],
    )


def week_tabel(data: Kpi, drempel: int | None = None) -> pl.DataFrame:
    """Signals per week (rows, 'Week van' its Monday) by kind (columns) with a week total. With `drempel` (after
    `onderdruk`) the counts are Dutch text and a hidden one (or a total over a hidden one) reads '<5'."""
    weken = data.per_week.select("periode").unique()
    soorten = [s for s in SOORTEN if s in set(data.per_week["soort"].to_list())]
    kolommen = [SOORTEN[s] for s in soorten]
    if not soorten:
        return pl.DataFrame(schema={"Week van": pl.String, "Totaal": pl.String if drempel else pl.Int64})
    per_week = (
        data.per_week
        if "onderdrukt" in data.per_week.columns
        else data.per_week.with_columns(pl.lit(False).alias("onderdrukt"))
    )
    vol = (
        weken.join(pl.DataFrame({"soort": soorten}), how="cross")
        .join(per_week.select("periode", "soort", "aantal", "onderdrukt"), on=["periode", "soort"], how="left")
        .with_columns(pl.col("onderdrukt").fill_null(False))
        .with_columns(pl.when(pl.col("onderdrukt")).then(None).otherwise(pl.col("aantal").fill_null(0)).alias("aantal"))
    )
    totalen = vol.group_by("periode").agg(
        pl.when(pl.col("onderdrukt").any()).then(None).otherwise(pl.col("aantal").sum()).alias("Totaal")
    )
    breed = (
        vol.with_columns(pl.col("soort").replace_strict(SOORTEN))
        .pivot(on="soort", index="periode", values="aantal", aggregate_function="first")
        .join(totalen, on="periode")
        .sort("periode")
        .select(pl.col("periode").dt.strftime("%d-%m-%Y").alias("Week van"), *kolommen, pl.col("Totaal").cast(pl.Int64))
    )
    if drempel:
        return breed.with_columns(getal_tekst(pl.col(k), drempel).alias(k) for k in [*kolommen, "Totaal"])
    return breed


def getal_tekst(n: pl.Expr, drempel: int) -> pl.Expr:
    """A whole count as Dutch text (26.800) in a native expression; null (hidden) reads '<drempel'."""

    def drie(e: pl.Expr) -> pl.Expr:
        return e.cast(pl.String).str.zfill(3)

    return (
        pl.when(n.is_null())
        .then(pl.lit(privacy.label(drempel)))
        .when(n >= 1_000_000)
        .then(
            pl.concat_str(
                (n // 1_000_000).cast(pl.String), pl.lit("."), drie((n // 1000) % 1000), pl.lit("."), drie(n % 1000)
            )
        )
        .when(n >= 1000)
        .then(pl.concat_str((n // 1000).cast(pl.String), pl.lit("."), drie(n % 1000)))
        .otherwise(n.cast(pl.String))
    )


def tekst_aandeel(data: Kpi, drempel: int) -> str:
    if data.binnen_termijn is None:
        return "–" if not data.onderdrukt or data.noemer_actie == 0 else f"n<{drempel}"
    return fmt.procent(data.binnen_termijn, 0)


def tekst_mediaan(data: Kpi, drempel: int) -> str:
    if data.mediaan_dagen is None:
        return "–" if not data.onderdrukt or data.met_actie == 0 else f"n<{drempel}"
    return f"{fmt.decimaal(data.mediaan_dagen, 1)} dagen"


# ---------------------------------------------------------------- helpers


def _nu() -> datetime:
    return datetime.now().replace(microsecond=0)


def _datum(waarde: Any) -> date:
    return (
        waarde
        if isinstance(waarde, date) and not isinstance(waarde, datetime)
        else date.fromisoformat(str(waarde)[:10])
    )


def _py_tijd(waarde: Any) -> datetime:
    return waarde if isinstance(waarde, datetime) else datetime.fromisoformat(str(waarde)[:19])
