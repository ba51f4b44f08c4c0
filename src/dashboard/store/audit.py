"""The audit log: who saw or exported which addresses, and who loaded which delivery.

Append-only: this module only inserts. Reading goes through queries/audit.sql.
"""

from __future__ import annotations

import getpass
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Connection, Engine

from dashboard.store import schema

ACTIES: dict[str, str] = {
    "adressen_bekeken": "Adressenlijst bekeken",
    "dossier_bekeken": "Dossier bekeken",
    "kaart_bekeken": "Adressen op de kaart bekeken",
    "lijst_export": "Lijst geëxporteerd",
    "laden": "Aanlevering geladen",
    "laden_geweigerd": "Aanlevering geweigerd",
    "signaal_gemeld": "Signaal gemeld",
    "signaal_gewijzigd": "Signaal gewijzigd",
    "signalen_bijgewerkt": "Signalen uit aanleveringen vastgelegd",
}


def _json(value: Any) -> str:
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, default=lambda v: v.isoformat() if isinstance(v, date) else str(v)
    )


def schrijf(
    conn: Connection,
    *,
    gebruiker: str,
    rol: str,
    actie: str,
    onderdeel: str,
    filters: dict[str, Any] | None = None,
    aantal_rijen: int | None = None,
) -> None:
    if actie not in ACTIES:
        raise ValueError(f"unknown audit action {actie!r}")
    conn.execute(
        schema.audit.insert(),
        {
            "tijdstip": datetime.now().replace(microsecond=0),
            "gebruiker": gebruiker,
            "rol": rol,
            "actie": actie,
            "onderdeel": onderdeel,
            "filters": _json(filters or {}),
            "aantal_rijen": aantal_rijen,
        },
    )


def schrijf_apart(engine: Engine, **kwargs: Any) -> None:
    """One audit row in its own transaction (the app's audited views)."""
    with engine.begin() as conn:
        schrijf(conn, **kwargs)


def systeemgebruiker() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "onbekend"
