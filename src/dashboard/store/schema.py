"""The relational store: one snapshot per peildatum, the linked address table and the load log.

Every snapshot table carries `peildatum` first in its key, so replacing a
snapshot is one delete per table, and every page query filters on it.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()


def _adres_kolommen() -> list[Column]:
    return [
        Column("postcode", String(6)),
        Column("huisnummer", Integer),
        Column("huisletter", String(1)),
        Column("toevoeging", String(4)),
    ]


snapshot = Table(
    "snapshot",
    metadata,
    Column("peildatum", Date, primary_key=True),
    Column("load_id", Integer, nullable=False),
    Column("geladen_op", DateTime, nullable=False),
)

ncg_adres = Table(
    "ncg_adres",
    metadata,
    Column("peildatum", Date, primary_key=True),
    Column("ncg_id", String(64), primary_key=True),
    Column("bag_id", String(16)),
    *_adres_kolommen(),
    Column("straat", Text),
    Column("woonplaats", Text),
    Column("gemeente", Text, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("fase", String(20), nullable=False),
    Column("fase_sinds", Date),
    Column("programma", String(20), nullable=False),
    Column("risicoprofiel", Text),
    Column("bijzondere_situatie", Boolean),
    Column("toestemming", Boolean),
)

img_schademelding = Table(
    "img_schademelding",
    metadata,
    Column("peildatum", Date, primary_key=True),
    Column("img_id", String(64), primary_key=True),
    Column("bag_id", String(16)),
    *_adres_kolommen(),
    Column("schadesoort", String(20), nullable=False),
    Column("fase", String(20), nullable=False),
    Column("datum_melding", Date, nullable=False),
    Column("datum_afgehandeld", Date),
    Column("urgent", Boolean),
    Column("toestemming", Boolean),
    # The address link, decided once at load time.
    Column("ncg_id", String(64)),
    Column("koppeling", String(10)),  # 'bag_id', 'adres' or null (not on the NCG list)
    Index("ix_img_ncg", "peildatum", "ncg_id"),
    Index("ix_img_koppeling", "peildatum", "koppeling"),  # covers the link rate per snapshot (Datakwaliteit)
)

svip_verzoek = Table(
    "svip_verzoek",
    metadata,
    Column("peildatum", Date, primary_key=True),
    Column("verzoek_id", String(64), primary_key=True),
    Column("datum_ontvangen", Date, nullable=False),
    Column("datum_afgerond", Date),
    Column("aanvrager", String(3), nullable=False),
    Column("soort", String(20), nullable=False),
    Column("uitkomst", String(20)),
    *_adres_kolommen(),
    Column("ncg_id", String(64)),
    # The request's record key for cell-key perturbation (dashboard.store.celsleutel), from its id and the secret.
    Column("sleutel", Integer),
    Index("ix_svip_datum", "peildatum", "datum_ontvangen"),
    Index("ix_svip_ncg", "peildatum", "ncg_id"),
)

ivr_gesprek = Table(
    "ivr_gesprek",
    metadata,
    Column("peildatum", Date, primary_key=True),
    Column("gesprek_id", String(64), primary_key=True),
    Column("tijdstip", DateTime, nullable=False),
    # Derived at load time so that day, hour and weekday buckets are the same on every backend.
    Column("datum", Date, nullable=False),
    Column("uur", Integer, nullable=False),
    Column("weekdag", Integer, nullable=False),  # 0 = maandag
    Column("lijn", String(3), nullable=False),
    Column("menukeuze", String(12), nullable=False),
    Column("onderwerp", String(12)),
    Column("warme_overdracht", Boolean),
    Column("verkeerd_gekozen", Boolean, nullable=False),
    # Covers every IVR count (per day, per line, hour x weekday): the counts read the index, not the rows.
    Index(
        "ix_ivr_telling",
        "peildatum",
        "datum",
        "lijn",
        "menukeuze",
        "onderwerp",
        "verkeerd_gekozen",
        "warme_overdracht",
        "uur",
        "weekdag",
    ),
)

samenwerking_actie = Table(
    "samenwerking_actie",
    metadata,
    Column("peildatum", Date, primary_key=True),
    Column("actie_id", String(64), primary_key=True),
    *_adres_kolommen(),
    Column("soort", String(30), nullable=False),
    Column("pilot", String(30)),
    Column("status", String(12), nullable=False),
    Column("datum", Date),
    Column("ncg_id", String(64)),
    # The action's record key for cell-key perturbation (dashboard.store.celsleutel): 0..255, from the action's id and
    # the database's secret, so an action counted in two views adds the same key to both.
    Column("sleutel", Integer),
    Index("ix_samenwerking_ncg", "peildatum", "ncg_id"),
)

# One row per NCG address per snapshot: everything pages filter and count on.
adres = Table(
    "adres",
    metadata,
    Column("peildatum", Date, primary_key=True),
    Column("ncg_id", String(64), primary_key=True),
    *_adres_kolommen(),
    Column("straat", Text),
    Column("woonplaats", Text),
    Column("gemeente", Text, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("ncg_fase", String(20), nullable=False),
    Column("ncg_fase_nr", Integer, nullable=False),
    Column("fase_sinds", Date),
    Column("programma", String(20), nullable=False),
    Column("risicoprofiel", Text),
    Column("bijzondere_situatie", Boolean, nullable=False),
    Column("toestemming", Boolean, nullable=False),
    Column("categorie", String(20), nullable=False),
    Column("img_fase", String(20)),  # least advanced running physical-damage claim
    Column("groep", String(1)),
    Column("aantal_meldingen", Integer, nullable=False),  # physical damage and AOS, all time
    Column("aantal_lopend", Integer, nullable=False),
    Column("urgent", Boolean, nullable=False),  # a running claim is marked urgent
    Column("aos", Boolean, nullable=False),  # an AOS claim at this address
    Column("img_toestemming", Boolean, nullable=False),
    Column("img_lopend", Text),  # the running claims' phases in process order, e.g. 'melding, advies'
    Column("buren_met_melding", Integer, nullable=False),  # other addresses in the postcode with a claim
    # The H3 cell of the address at each resolution the map offers (null without coordinates), for the
    # hexagon map to count in the database.
    *(Column(f"h3_{r}", String(16)) for r in (6, 7, 8, 9)),
    # The address's record key for cell-key perturbation (dashboard.store.celsleutel): 0..255, from the NCG-id and the
    # database's secret (celsleutel_geheim), so the same in every snapshot.
    Column("sleutel", Integer),
    # Covering indexes (every column a query reads is in the index, so it never visits the wide rows):
    # figure 1, groups, phases, the phase matrix and the trend; the global filters' options; and the
    # pairing of an address across two snapshots (Trend's stroom).
    Index(
        "ix_adres_telling",
        "peildatum",
        "categorie",
        "gemeente",
        "programma",
        "groep",
        "ncg_fase_nr",
        "ncg_fase",
        "img_fase",
        "bijzondere_situatie",
        "urgent",
        "aos",
        "toestemming",
        "img_toestemming",
    ),
    Index("ix_adres_filters", "peildatum", "gemeente", "programma"),
    Index("ix_adres_stroom", "peildatum", "ncg_id", "categorie", "groep", "gemeente", "programma"),
)

# The secret the record keys are derived from: one row, made by the first load, never shown.
celsleutel_geheim = Table(
    "celsleutel_geheim",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("geheim", String(64), nullable=False),
)

laadlog = Table(
    "laadlog",
    metadata,
    Column("load_id", Integer, primary_key=True, autoincrement=True),
    Column("peildatum", Date, nullable=False),
    Column("geladen_op", DateTime, nullable=False),
    Column("bron", Text, nullable=False),
    Column("bestanden", Text, nullable=False),  # JSON: per file its name, format, rows read/loaded/rejected
    Column("rijen_geladen", Integer, nullable=False),
    Column("rijen_afgewezen", Integer, nullable=False),
    Column("vingerafdruk", String(64)),  # SHA-256 of the delivery's files
)

laadlog_afwijzing = Table(
    "laadlog_afwijzing",
    metadata,
    Column("load_id", Integer, ForeignKey("laadlog.load_id"), nullable=False, index=True),
    Column("bestand", Text, nullable=False),
    Column("regel", Integer, nullable=False),
    Column("kolom", Text, nullable=False),
    Column("waarde", Text),
    Column("reden", Text, nullable=False),
)

# Deliveries the loader refused (see loader.bewaking): the beheerder sees them on Datakwaliteit.
laadweigering = Table(
    "laadweigering",
    metadata,
    Column("weigering_id", Integer, primary_key=True, autoincrement=True),
    Column("peildatum", Date, nullable=False),
    Column("geweigerd_op", DateTime, nullable=False),
    Column("bron", Text, nullable=False),
    Column("reden", Text, nullable=False),  # Dutch, one line per reason
    Column("rijen_gelezen", Integer, nullable=False),
    Column("rijen_afgewezen", Integer, nullable=False),
)

SNAPSHOT_TABELLEN = (adres, samenwerking_actie, ivr_gesprek, svip_verzoek, img_schademelding, ncg_adres)

# Append-only: the app inserts, never updates or deletes (grant the app's role INSERT, not UPDATE/DELETE).
audit = Table(
    "audit",
    metadata,
    Column("audit_id", Integer, primary_key=True, autoincrement=True),
    Column("tijdstip", DateTime, nullable=False),
    Column("gebruiker", Text, nullable=False),
    Column("rol", String(20), nullable=False),
    Column("actie", String(40), nullable=False),  # adressen_bekeken, dossier_bekeken, lijst_export, laden
    Column("onderdeel", Text, nullable=False),  # which page, list or delivery
    Column("filters", Text),  # JSON of the active filters
    Column("aantal_rijen", Integer),
    Index("ix_audit_tijdstip", "tijdstip"),
)

# ---------------------------------------------------------------- follow-up of signals (opvolging)
# Written by the app (never by loading a delivery): one row per signal, its append-only history, and which
# pairs of snapshots the app has already turned into signals. See dashboard.subjects.opvolging.

signaal = Table(
    "signaal",
    metadata,
    Column("signaal_id", Integer, primary_key=True, autoincrement=True),
    # 'soort:ncg_id' for a signal from the deliveries (one per address and kind); a unique token for a manual one.
    Column("sleutel", String(120), nullable=False, unique=True),
    Column("ncg_id", String(64), nullable=False),
    Column("soort", String(20), nullable=False),  # beide_lopend, groep_b_e, aos, nieuw_met_melding, handmatig
    Column("reden", Text, nullable=False),  # Dutch: why (from the delivery), or the reason given by hand
    Column("eerste_peildatum", Date, nullable=False),  # the snapshot where the signal first appeared (or was raised)
    Column("laatst_gezien", Date, nullable=False),  # the latest snapshot with the address on the NCG list
    Column("gesignaleerd_op", DateTime, nullable=False),  # when the signal was recorded
    Column("status", String(30), nullable=False),
    Column("eigenaar_organisatie", String(20)),
    Column("eigenaar_naam", Text),
    Column("notitie", Text),  # the latest note (every note is kept in signaal_wijziging)
    Column("eerste_actie_op", DateTime),  # the first change by a person
    Column("afgesloten_op", DateTime),
    Column("oorzaak_vervallen", Date),  # the snapshot where the cause was gone (null: still there, or manual)
    Column("versie", Integer, nullable=False),  # optimistic locking: every change increments it
    Column("gewijzigd_op", DateTime, nullable=False),
    Column("gewijzigd_door", Text, nullable=False),
    Index("ix_signaal_ncg", "ncg_id"),
    Index("ix_signaal_status", "status", "gesignaleerd_op"),
)

# Append-only: one row per change of a signal (created, edited, cause gone or back), with the state after it.
signaal_wijziging = Table(
    "signaal_wijziging",
    metadata,
    Column("wijziging_id", Integer, primary_key=True, autoincrement=True),
    Column("signaal_id", Integer, ForeignKey("signaal.signaal_id"), nullable=False, index=True),
    Column("tijdstip", DateTime, nullable=False),
    Column("gebruiker", Text, nullable=False),
    Column("rol", String(20), nullable=False),
    Column("actie", String(30), nullable=False),
    Column("versie", Integer, nullable=False),
    Column("status", String(30), nullable=False),
    Column("eigenaar_organisatie", String(20)),
    Column("eigenaar_naam", Text),
    Column("notitie", Text),
)

# The pairs of consecutive snapshots (each by the load that wrote it: a reload is looked at again) already turned
# into signals.
signaal_verwerking = Table(
    "signaal_verwerking",
    metadata,
    Column("peildatum", Date, primary_key=True),
    Column("vorige_peildatum", Date, primary_key=True),
    Column("load_id", Integer, nullable=False),
    Column("vorige_load_id", Integer, nullable=False),
    Column("verwerkt_op", DateTime, nullable=False),
)

OPVOLGING_TABELLEN = (signaal_verwerking, signaal_wijziging, signaal)
