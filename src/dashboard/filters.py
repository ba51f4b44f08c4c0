"""The global filters, their bound parameters and their shareable-URL form.

A filter is a value that goes into SQL as a bound parameter; an empty
selection means "all" and is passed as a flag, so every query has one fixed
text whatever is chosen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

# The widest window; used when a period is not restricted.
BEGIN = date(1900, 1, 1)
EIND = date(9999, 12, 31)


@dataclass(frozen=True)
class Filters:
    peildatum: date
    gemeenten: tuple[str, ...] = field(default=())
    programmas: tuple[str, ...] = field(default=())

    def params(self) -> dict[str, Any]:
        """Bound parameters for the queries over the address table."""
        return {
            "peildatum": self.peildatum,
            "alle_gemeenten": 0 if self.gemeenten else 1,
            "gemeenten": list(self.gemeenten),
            "alle_programmas": 0 if self.programmas else 1,
            "programmas": list(self.programmas),
        }

    def to_query_params(self) -> dict[str, str | list[str]]:
        """The filters as URL query parameters (Streamlit's st.query_params)."""
        out: dict[str, str | list[str]] = {"peildatum": self.peildatum.isoformat()}
        if self.gemeenten:
            out["gemeente"] = list(self.gemeenten)
        if self.programmas:
            out["programma"] = list(self.programmas)
        return out

    def with_(self, **changes: Any) -> Filters:
        return replace(self, **changes)


def window(van: date | None, tot: date | None) -> dict[str, date]:
    return {"van": van or BEGIN, "tot": tot or EIND}


def from_query_params(
    query: Mapping[str, list[str]],
    peildata: list[date],
    gemeenten: list[str],
    programmas: list[str],
) -> Filters:
    """Read filters from a URL, keeping only values that exist; unknown values are dropped.

    `query` maps each key to all its values (Streamlit: st.query_params.get_all).
    """
    if not peildata:
        raise ValueError("no snapshot stored")
    wanted = _first(query.get("peildatum", []))
    peildatum = next((p for p in peildata if p.isoformat() == wanted), max(peildata))
    return Filters(
        peildatum=peildatum,
        gemeenten=tuple(sorted(v for v in set(query.get("gemeente", [])) if v in gemeenten)),
        programmas=tuple(sorted(v for v in set(query.get("programma", [])) if v in programmas)),
    )


def _first(values: list[str]) -> str | None:
    return values[0] if values else None
