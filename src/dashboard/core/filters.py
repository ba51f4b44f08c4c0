"""The global filters, their bound parameters and their shareable-URL form.

A filter is a value that goes into SQL as a bound parameter; an empty
selection means "all" and is passed as a flag, so every query has one fixed
text whatever is chosen.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
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


# The flags an address selection can require, with their Dutch names.
KENMERKEN: dict[str, str] = {
    "bijzonder": "Bijzondere situatie",
    "urgent": "Urgent (IMG)",
    "aos": "AOS-melding",
    "toestemming": "Toestemming bewoner",
}


@dataclass(frozen=True)
class Selectie:
    """Which NCG addresses a page lists, counts or maps, on top of the global filters.

    Empty tuples mean "all"; a flag in `kenmerken` keeps only addresses that have it.
    `cellen` are phase-matrix cells written as 'ncg_fase|img_fase'.
    """

    categorieen: tuple[str, ...] = ()
    groepen: tuple[str, ...] = ()
    cellen: tuple[str, ...] = ()
    kenmerken: tuple[str, ...] = ()
    prioriteerbaar: bool = False  # least advanced running claim still in melding or opname
    pc4_van: str | None = None
    pc4_tot: str | None = None
    fase_sinds_voor: date | None = None  # NCG phase started on or before this day

    def params(self) -> dict[str, Any]:
        unknown = set(self.kenmerken) - KENMERKEN.keys()
        if unknown:
            raise ValueError(f"unknown kenmerken {sorted(unknown)}")
        return {
            "alle_categorieen": 0 if self.categorieen else 1,
            "categorieen": list(self.categorieen),
            "alle_groepen": 0 if self.groepen else 1,
            "groepen": list(self.groepen),
            "alle_cellen": 0 if self.cellen else 1,
            "cellen": list(self.cellen),
            **{f"alleen_{k}": int(k in self.kenmerken) for k in KENMERKEN},
            "alleen_prioriteerbaar": int(self.prioriteerbaar),
            "pc4_van": self.pc4_van or "0000",
            "pc4_tot": self.pc4_tot or "9999",
            "alle_duur": 0 if self.fase_sinds_voor else 1,
            "fase_sinds_voor": self.fase_sinds_voor or EIND,
        }


def postcodebereik(text: str) -> tuple[str, str] | None:
    """'9711' -> ('9711', '9711'); '9711-9718' -> ('9711', '9718'); '' -> None. ValueError otherwise."""
    text = text.strip().replace(" ", "")
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", text)
    if not m:
        raise ValueError("Geef vier cijfers (9711) of een bereik (9711-9718).")
    van, tot = m.group(1), m.group(2) or m.group(1)
    if van > tot:
        van, tot = tot, van
    return van, tot


def maanden_terug(d: date, maanden: int) -> date:
    """The same day `maanden` months earlier, clipped to the end of a shorter month."""
    jaar, maand = divmod(d.year * 12 + d.month - 1 - maanden, 12)
    return date(jaar, maand + 1, min(d.day, calendar.monthrange(jaar, maand + 1)[1]))


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
