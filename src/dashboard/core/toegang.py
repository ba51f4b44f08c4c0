"""Who may see what: roles, the pages and data each role gets, and where a role comes from.

Plain functions, no Streamlit: the UI asks these questions, and the data layer
enforces the answers (address-level data is refused where it is fetched).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

ROLLEN: tuple[str, ...] = ("stuurgroep", "kernteam", "manager", "beheerder")
ROL_LABELS: dict[str, str] = {
    "stuurgroep": "Stuurgroep",
    "kernteam": "Kernteam",
    "manager": "Manager",
    "beheerder": "Beheerder",
}
ROL_UITLEG: dict[str, str] = {
    "stuurgroep": "ziet geaggregeerde cijfers, geen adressen",
    "kernteam": "ziet adressen, werklijsten en dossiers",
    "manager": "ziet geaggregeerde cijfers en maakt exports",
    "beheerder": "laadt gegevens en ziet het laad- en auditlogboek",
}

# Address-level data: lists, drill-downs, dossiers, the point map and list exports.
ADRESNIVEAU = frozenset({"kernteam", "beheerder"})
# Who may download charts, tables and the report.
EXPORTEREN = frozenset({"kernteam", "manager", "beheerder"})
# Pages per role; a page not listed for a role is not registered for it at all.
PAGINAS: dict[str, frozenset[str]] = {
    "overzicht": frozenset(ROLLEN),
    "fasematrix": frozenset(ROLLEN),
    "kandidaten": ADRESNIVEAU,
    "kaart": frozenset(ROLLEN),
    "svip": frozenset(ROLLEN),
    "ivr": frozenset(ROLLEN),
    "samenwerking": frozenset(ROLLEN),
    "trend": frozenset(ROLLEN),
    "signalen": ADRESNIVEAU,
    "datakwaliteit": frozenset({"beheerder"}),
    "audit": frozenset({"beheerder"}),
    "toegankelijkheid": frozenset(ROLLEN),
}

STANDAARD_DREMPEL = 5


class GeenToegang(PermissionError):
    """The role may not see this data."""


def mag_adressen(rol: str | None) -> bool:
    return rol in ADRESNIVEAU


def mag_exporteren(rol: str | None) -> bool:
    return rol in EXPORTEREN


def onderdrukken(rol: str | None) -> bool:
    """Aggregate roles get small counts suppressed."""
    return not mag_adressen(rol)


def vereis_adressen(rol: str | None) -> None:
    if not mag_adressen(rol):
        raise GeenToegang(f"rol {rol!r} mag geen gegevens op adresniveau zien")


def mag_pagina(rol: str | None, pagina: str) -> bool:
    return rol in PAGINAS.get(pagina, frozenset())


@dataclass(frozen=True)
class Instellingen:
    """The [toegang] section of the configuration (secrets.toml)."""

    rol_claim: str = "dashboard_rol"
    rollen: Mapping[str, str] | None = None  # e-mail (lower case) -> role
    drempel: int = STANDAARD_DREMPEL
    # The role table matches an e-mail only when the provider vouches for it (claim email_verified = true).
    # False for a provider that never sends that claim (and whose e-mail addresses it controls itself);
    # an e-mail the provider marks as unverified is never matched.
    email_verified_vereist: bool = True

    @classmethod
    def uit(cls, sectie: Mapping[str, Any] | None) -> Instellingen:
        sectie = dict(sectie or {})
        rollen = {str(k).lower(): str(v).lower() for k, v in dict(sectie.get("rollen") or {}).items()}
        return cls(
            rol_claim=str(sectie.get("rol_claim", cls.rol_claim)),
            rollen=rollen,
            drempel=int(sectie.get("drempel", STANDAARD_DREMPEL)),
            email_verified_vereist=_ja(sectie.get("email_verified_vereist", True)),
        )


def _ja(waarde: Any) -> bool:
    """A configuration or claim value as a boolean: true/false, or the strings "true"/"false" some providers send."""
    if isinstance(waarde, str):
        return waarde.strip().lower() in ("true", "1", "ja", "yes")
    return bool(waarde)


def rol_van(gebruiker: Mapping[str, Any], instellingen: Instellingen) -> str | None:
    """The role of a logged-in identity: from its role claim, else from the role table by a verified e-mail
    (see Instellingen.email_verified_vereist); else None.

    A claim may be a string or a list (the first known role counts); unknown values give no role.
    """
    claim = gebruiker.get(instellingen.rol_claim)
    waarden = claim if isinstance(claim, list | tuple) else [claim]
    for waarde in waarden:
        if isinstance(waarde, str) and waarde.lower() in ROLLEN:
            return waarde.lower()
    email = gebruiker.get("email")
    geverifieerd = gebruiker.get("email_verified")
    vertrouwd = _ja(geverifieerd) if geverifieerd is not None else not instellingen.email_verified_vereist
    if isinstance(email, str) and vertrouwd:
        rol = (instellingen.rollen or {}).get(email.lower())
        if rol in ROLLEN:
            return rol
    return None


# ---------------------------------------------------------------- demo mode: only on the bundled sample


def alleen_voorbeelddata(opgeslagen: Iterable[str | None], voorbeeld: Iterable[str]) -> bool:
    """Whether every stored snapshot was loaded from a bundled sample delivery (and there is one)."""
    opgeslagen = list(opgeslagen)
    return bool(opgeslagen) and set(opgeslagen) <= set(voorbeeld)
