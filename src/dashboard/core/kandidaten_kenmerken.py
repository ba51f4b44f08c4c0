"""Which address flags can apply to which Kandidaten list (issue 18: the proactive list lists addresses without a
claim, so the claim's flags can never hold there)."""

from __future__ import annotations

from collections.abc import Iterable

from dashboard.core.filters import KENMERKEN

# Flags of an IMG claim: only an address with a claim can have them.
ALLEEN_MET_MELDING: frozenset[str] = frozenset({"urgent", "aos"})

HELP = (
    "Houdt alleen adressen met alle gekozen kenmerken over. "
    + " en ".join(KENMERKEN[k] for k in sorted(ALLEEN_MET_MELDING, reverse=True))
    + " horen bij een schademelding: op de lijst Proactief benaderen (adressen zonder melding) tellen zij niet mee."
)


def genegeerd_tekst(kenmerken: Iterable[str]) -> str:
    """The note on the proactive list when claim flags are chosen: they do not filter it."""
    namen = [KENMERKEN[k] for k in kenmerken if k in ALLEEN_MET_MELDING]
    wat = " en ".join(f"*{n}*" for n in namen)
    hoort, geldt = ("hoort", "geldt") if len(namen) == 1 else ("horen", "gelden")
    return (
        f"{wat} {hoort} bij een schademelding en {geldt} niet voor adressen zonder melding; "
        "deze lijst is daarop niet gefilterd."
    )
