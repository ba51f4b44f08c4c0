"""Loading a delivery: read, check, link, classify, and store it as one snapshot in one transaction.

A file that cannot be read fails the whole delivery before the database is
touched. Rows that break a rule are left out and reported; everything else
loads. Loading a peildatum that is already stored replaces that snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from dashboard.core import fmt
from dashboard.store import audit, celsleutel, schema
from dashboard.store.db import outdated_tables
from dashboard.store.loader import bulk, link, rules
from dashboard.store.loader.read import DeliveryError, RawFile, find_files, is_delivery, read_file, vingerafdruk

__all__ = [
    "DeliveryError",
    "RefusedDelivery",
    "LoadResult",
    "load_delivery",
    "check_delivery",
    "delivery_folders",
    "load_deliveries",
]

_INSERT_BATCH = 20_000

# The guard against an emptied snapshot (see `bewaking`): a delivery is refused, unless forced, when a file
# rejects more than this share of its rows, when a required file has no valid row, or when it holds fewer than
# this share of the NCG addresses or IMG claims of the snapshot it replaces (or else the latest before it).
MAX_AFGEWEZEN = 0.2
MIN_BEHOUD = 0.5
# How long a load waits for another load's write lock on an SQLite file before it gives up.
SQLITE_WACHTTIJD_S = 300


class RefusedDelivery(DeliveryError):
    """The guard refused the delivery (recorded in schema.laadweigering); `--force` loads it anyway."""


@dataclass
class FileResult:
    naam: str
    bestand: str
    formaat: str
    gelezen: int
    geladen: int
    afgewezen_rijen: int


@dataclass
class LoadResult:
    peildatum: date
    bron: str
    bestanden: list[FileResult]
    rejects: pl.DataFrame
    load_id: int | None = None
    tables: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)
    vingerafdruk: str | None = None  # of the delivery's files; tells the bundled sample from real data

    @property
    def rijen_geladen(self) -> int:
        return sum(f.geladen for f in self.bestanden)

    @property
    def rijen_afgewezen(self) -> int:
        return sum(f.afgewezen_rijen for f in self.bestanden)

    def write_rejects(self, path: Path) -> None:
        """Every reject as CSV; a value a spreadsheet would take for a formula gets a leading quote."""
        from dashboard.core.tekst import neutraliseer

        neutraliseer(self.rejects).write_csv(path)


def check_delivery(source: Path) -> LoadResult:
    """Read, check, link and classify a delivery without touching any database."""
    paths = find_files(source)
    raw: dict[str, RawFile] = {naam: read_file(naam, pad) for naam, pad in paths.items()}
    for r in raw.values():
        rules.ensure_columns(r)  # a missing required column fails the delivery up front
    peildatum = rules.file_peildatum(raw["ncg_adressen"])

    checked = {
        "ncg_adressen": rules.check_ncg(raw["ncg_adressen"], peildatum),
        "img_schademeldingen": rules.check_img(raw["img_schademeldingen"], peildatum),
    }
    optional = {
        "svip_verzoeken": rules.check_svip,
        "ivr_gesprekken": rules.check_ivr,
        "samenwerking": rules.check_samenwerking,
    }
    for naam, check in optional.items():
        if naam in raw:
            checked[naam] = check(raw[naam])

    ncg = checked["ncg_adressen"].valid
    claims = link.link_claims(checked["img_schademeldingen"].valid, ncg)
    tables = {
        "ncg_adres": ncg,
        "img_schademelding": claims,
        "adres": link.classify(ncg, claims),
    }
    if "svip_verzoeken" in checked:
        tables["svip_verzoek"] = link.link_by_address(checked["svip_verzoeken"].valid, ncg)
    if "ivr_gesprekken" in checked:
        tables["ivr_gesprek"] = checked["ivr_gesprekken"].valid
    if "samenwerking" in checked:
        tables["samenwerking_actie"] = link.link_by_address(checked["samenwerking"].valid, ncg)

    bestanden = [
        FileResult(
            naam=naam,
            bestand=raw[naam].bestand,
            formaat=raw[naam].formaat,
            gelezen=c.rows_read,
            geladen=c.valid.height,
            afgewezen_rijen=c.rejects["regel"].n_unique(),
        )
        for naam, c in checked.items()
    ]
    rejects = pl.concat([c.rejects for c in checked.values()])
    return LoadResult(
        peildatum, str(source), bestanden, rejects, tables=tables, vingerafdruk=vingerafdruk(paths.values())
    )


def bewaking(conn: sa.Connection, result: LoadResult) -> list[str]:
    """Why this delivery must not replace what is stored (Dutch, one reason each); empty when it may."""
    redenen = []
    for f in result.bestanden:
        if f.gelezen and f.afgewezen_rijen / f.gelezen > MAX_AFGEWEZEN:
            redenen.append(
                f"{f.bestand}: {fmt.getal(f.afgewezen_rijen)} van {fmt.getal(f.gelezen)} rijen afgewezen "
                f"(meer dan {fmt.procent(MAX_AFGEWEZEN, 0)})"
            )
    per_naam = {f.naam: f for f in result.bestanden}
    for naam in ("ncg_adressen", "img_schademeldingen"):
        if per_naam[naam].geladen == 0:
            redenen.append(f"{per_naam[naam].bestand}: geen enkele geldige rij")
    vorige = conn.execute(
        sa.select(sa.func.max(schema.snapshot.c.peildatum)).where(schema.snapshot.c.peildatum <= result.peildatum)
    ).scalar_one_or_none()
    if vorige is not None:
        for tabel, naam, wat in (
            (schema.ncg_adres, "ncg_adressen", "NCG-adressen"),
            (schema.img_schademelding, "img_schademeldingen", "schademeldingen"),
        ):
            oud = conn.execute(
                sa.select(sa.func.count()).select_from(tabel).where(tabel.c.peildatum == vorige)
            ).scalar_one()
            nieuw = per_naam[naam].geladen
            if oud and nieuw < MIN_BEHOUD * oud:
                redenen.append(
                    f"{per_naam[naam].bestand}: {fmt.getal(nieuw)} {wat} tegen {fmt.getal(oud)} in de opgeslagen "
                    f"stand van {fmt.datum(vorige)} (minder dan {fmt.procent(MIN_BEHOUD, 0)})"
                )
    return redenen


def _weiger(engine: Engine, result: LoadResult, redenen: list[str], gebruiker: str | None) -> None:
    """Record the refusal for the beheerder (Datakwaliteit) and the audit log, then raise it."""
    with engine.begin() as conn:
        _schrijfslot(conn, None)
        schema.metadata.create_all(conn)
        conn.execute(
            schema.laadweigering.insert(),
            {
                "peildatum": result.peildatum,
                "geweigerd_op": datetime.now().replace(microsecond=0),
                "bron": result.bron,
                "reden": "\n".join(redenen),
                "rijen_gelezen": sum(f.gelezen for f in result.bestanden),
                "rijen_afgewezen": result.rijen_afgewezen,
            },
        )
        audit.schrijf(
            conn,
            gebruiker=gebruiker or audit.systeemgebruiker(),
            rol="beheerder",
            actie="laden_geweigerd",
            onderdeel=result.bron,
            filters={"peildatum": result.peildatum},
            aantal_rijen=0,
        )
    raise RefusedDelivery(
        f"aanlevering van peildatum {fmt.datum(result.peildatum)} geweigerd: "
        + "; ".join(redenen)
        + ". Klopt dit, laad dan met --force."
    )


def _schrijfslot(conn: sa.Connection, melding: Callable[[str], None] | None) -> None:
    """Take the database's write lock first. SQLite: when another load holds it, say so and wait for it (at
    most SQLITE_WACHTTIJD_S), then give up with a Dutch message. PostgreSQL: loads queue on an advisory lock."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("select pg_advisory_xact_lock(20210831)")
        return
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("pragma busy_timeout = 0")
    try:
        conn.exec_driver_sql("begin immediate")
        conn.exec_driver_sql("pragma busy_timeout = 5000")  # the driver's default, for whoever uses it next
        return
    except sa.exc.OperationalError:
        pass
    if melding:
        melding(
            f"de database wordt al door een andere lading beschreven; wachten tot die klaar is "
            f"(hoogstens {SQLITE_WACHTTIJD_S} s)"
        )
    conn.exec_driver_sql(f"pragma busy_timeout = {SQLITE_WACHTTIJD_S * 1000}")
    try:
        conn.exec_driver_sql("begin immediate")
    except sa.exc.OperationalError:
        raise DeliveryError(
            f"de database is na {SQLITE_WACHTTIJD_S} s nog steeds bezet door een andere lading; "
            "probeer het later opnieuw"
        ) from None


def load_delivery(
    source: Path,
    engine: Engine,
    gebruiker: str | None = None,
    *,
    force: bool = False,
    melding: Callable[[str], None] | None = None,
) -> LoadResult:
    """Check a delivery and store it as the snapshot of its peildatum, atomically, with an audit row.

    Unless `force`, a delivery the guard (`bewaking`) objects to is refused: recorded, and RefusedDelivery
    raised. `melding` receives progress worth telling a waiting user (another load holds the lock)."""
    result = check_delivery(source)
    outdated = outdated_tables(engine)
    if outdated:
        raise DeliveryError(
            f"de database heeft een oudere indeling dan deze versie (tabellen {', '.join(outdated)}); "
            "laad de aanleveringen in een nieuwe, lege database"
        )
    try:
        _store(engine, result, gebruiker, force, melding)
    except sa.exc.OperationalError as exc:
        if "locked" in str(exc.orig) or "busy" in str(exc.orig):
            raise DeliveryError("de database is bezet door een andere lading; probeer het later opnieuw") from None
        raise
    bulk.after_load(engine, schema.metadata)
    return result


def _store(
    engine: Engine, result: LoadResult, gebruiker: str | None, force: bool, melding: Callable[[str], None] | None
) -> None:
    try:
        _write(engine, result, gebruiker, force, melding)
    except _Geweigerd as exc:
        _weiger(engine, result, exc.redenen, gebruiker)


class _Geweigerd(Exception):
    def __init__(self, redenen: list[str]):
        self.redenen = redenen


def _write(
    engine: Engine, result: LoadResult, gebruiker: str | None, force: bool, melding: Callable[[str], None] | None
) -> None:
    with engine.begin() as conn:
        _schrijfslot(conn, melding)
        schema.metadata.create_all(conn)  # under the lock: two first loads into an empty database both succeed
        redenen = [] if force else bewaking(conn, result)
        if redenen:
            raise _Geweigerd(redenen)  # leaves the transaction, untouched
        if "adres" in result.tables:  # each address's record key for cell-key perturbation, fixed per NCG-id
            result.tables["adres"] = celsleutel.met_sleutels(result.tables["adres"], celsleutel.geheim(conn))
        for naam, kolom, voorvoegsel in (
            ("samenwerking_actie", "actie_id", celsleutel.ACTIE),
            ("svip_verzoek", "verzoek_id", celsleutel.VERZOEK),
        ):
            if naam in result.tables:  # each joint action's and request's record key, fixed per id
                result.tables[naam] = celsleutel.met_sleutels(
                    result.tables[naam], celsleutel.geheim(conn), kolom=kolom, voorvoegsel=voorvoegsel
                )
        for table in schema.SNAPSHOT_TABELLEN:
            conn.execute(table.delete().where(table.c.peildatum == result.peildatum))
        conn.execute(schema.snapshot.delete().where(schema.snapshot.c.peildatum == result.peildatum))
        for name in ("ncg_adres", "img_schademelding", "adres", "svip_verzoek", "ivr_gesprek", "samenwerking_actie"):
            if name in result.tables:
                _insert(conn, schema.metadata.tables[name], result.tables[name], result.peildatum)
        geladen_op = datetime.now().replace(microsecond=0)
        load_id = conn.execute(
            schema.laadlog.insert().returning(schema.laadlog.c.load_id),
            {
                "peildatum": result.peildatum,
                "geladen_op": geladen_op,
                "bron": result.bron,
                "bestanden": json.dumps([f.__dict__ for f in result.bestanden]),
                "rijen_geladen": result.rijen_geladen,
                "rijen_afgewezen": result.rijen_afgewezen,
                "vingerafdruk": result.vingerafdruk,
            },
        ).scalar_one()
        if result.rejects.height:
            _insert_rows(conn, schema.laadlog_afwijzing, result.rejects.with_columns(pl.lit(load_id).alias("load_id")))
        conn.execute(
            schema.snapshot.insert(),
            {"peildatum": result.peildatum, "load_id": load_id, "geladen_op": geladen_op},
        )
        audit.schrijf(
            conn,
            gebruiker=gebruiker or audit.systeemgebruiker(),
            rol="beheerder",
            actie="laden",
            onderdeel=result.bron,
            filters={"peildatum": result.peildatum, "load_id": load_id},
            aantal_rijen=result.rijen_geladen,
        )
    result.load_id = load_id


def _insert(conn: sa.Connection, table: sa.Table, frame: pl.DataFrame, peildatum: date) -> None:
    columns = [c.name for c in table.columns if c.name != "peildatum"]
    frame = frame.select(pl.lit(peildatum).alias("peildatum"), *[pl.col(c) for c in columns])
    _insert_rows(conn, table, frame)


def _insert_rows(conn: sa.Connection, table: sa.Table, frame: pl.DataFrame) -> None:
    if bulk.insert_rows(conn, table, frame):  # COPY on PostgreSQL, plain tuples on SQLite
        return
    for offset in range(0, frame.height, _INSERT_BATCH):
        conn.execute(table.insert(), frame.slice(offset, _INSERT_BATCH).to_dicts())


def delivery_folders(source: Path) -> list[Path]:
    """The deliveries in `source`, oldest first: `source` itself when it is a delivery, else its subfolders
    that are, in name order (the sample names them by peildatum, `2020-10-31/`, so that is date order)."""
    source = Path(source)
    if is_delivery(source):
        return [source]
    folders = sorted(p for p in source.iterdir() if p.is_dir() and is_delivery(p)) if source.is_dir() else []
    if not folders:
        find_files(source)  # raises the DeliveryError that says what is missing
    return folders


def load_deliveries(source: Path, engine: Engine) -> list[LoadResult]:
    """Load every delivery in `source` (see delivery_folders), oldest first, each in its own transaction."""
    return [load_delivery(folder, engine) for folder in delivery_folders(source)]
