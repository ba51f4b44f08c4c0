"""Joint actions: the pilots' funnels, AOS nominations and pick-ups, buddy couplings and information exchanges
over time.

Plain functions: a connection in, small frames out. The funnel counts come
from samenwerking_trechter (possible = every action, offered, chosen, done);
the course over time is counted per day in SQL and per month here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl
from sqlalchemy.engine import Connection

from dashboard.core import tijdreeks
from dashboard.core.domain import PILOT_LABELS, PILOTS, SAMENWERKING_SOORT_LABELS
from dashboard.store.db import fetch

# The funnel's steps: a column of samenwerking_trechter and its Dutch name.
TRECHTER_STAPPEN: dict[str, str] = {
    "acties": "Mogelijk",
    "aangeboden": "Aangeboden",
    "gekozen": "Gekozen",
    "uitgevoerd": "Uitgevoerd",
}
AOS = "aos_voordracht"
AOS_OPGEPAKT = "Opgepakt door NCG"
AOS_NIET_OPGEPAKT = "Nog niet opgepakt"
IN_DE_TIJD = ("buddy", "informatie_uitwisseling")  # the kinds the course over time shows

TELLINGEN = ("acties", "aangeboden", "gekozen", "uitgevoerd", "afgewezen")  # the funnel query's counts
# Per count the sum of its actions' record keys (cell-key perturbation for aggregate roles; never shown).
SLEUTELSOMMEN = tuple(f"{t}_sleutelsom" for t in TELLINGEN)

_TRECHTER = {"pilot": pl.String, "soort": pl.String, **dict.fromkeys(TELLINGEN + SLEUTELSOMMEN, pl.Int64)}
_PER_DAG = {"datum": pl.Date, "soort": pl.String, "status": pl.String, "aantal": pl.Int64, "sleutelsom": pl.Int64}


@dataclass(frozen=True)
class SamenwerkingData:
    trechter: pl.DataFrame  # pilot, soort, acties, aangeboden, gekozen, uitgevoerd, afgewezen, *SLEUTELSOMMEN
    per_dag: pl.DataFrame  # datum, soort, status, aantal, sleutelsom (dated actions only)

    def aos(self) -> tuple[int, int]:
        """AOS nominations by IMG for the NCG werkvoorraad, and how many of them NCG picked up."""
        rij = self.trechter.filter(pl.col("soort") == AOS).select(pl.col("acties", "uitgevoerd").sum())
        return int(rij["acties"][0] or 0), int(rij["uitgevoerd"][0] or 0)

    def zonder_datum(self, soorten: Sequence[str]) -> int:
        """Actions of these kinds without a date, which the course over time cannot place."""
        alle = self.trechter.filter(pl.col("soort").is_in(soorten))["acties"].sum()
        gedateerd = self.per_dag.filter(pl.col("soort").is_in(soorten))["aantal"].sum()
        return int(alle - gedateerd)


def load(conn: Connection, peildatum: date) -> SamenwerkingData:
    return SamenwerkingData(
        trechter=fetch(conn, "samenwerking_trechter", peildatum=peildatum).cast(_TRECHTER),
        per_dag=fetch(conn, "samenwerking_per_dag", peildatum=peildatum).cast(_PER_DAG),
    )


def pilot_trechters(trechter: pl.DataFrame) -> pl.DataFrame:
    """The pilots' funnels, long: pilot, pilot_label, soort, soort_label, stap, stap_label, aantal.

    Pilots in the domain's order, kinds alphabetically, steps in funnel order.
    """
    stappen = list(TRECHTER_STAPPEN)
    return (
        trechter.filter(pl.col("pilot").is_in(PILOTS))
        .unpivot(index=["pilot", "soort"], on=stappen, variable_name="stap", value_name="aantal")
        .sort(
            pl.col("pilot").replace_strict({p: i for i, p in enumerate(PILOTS)}),
            "soort",
            pl.col("stap").replace_strict({s: i for i, s in enumerate(stappen)}),
        )
        .with_columns(
            pl.col("pilot").replace_strict(PILOT_LABELS).alias("pilot_label"),
            pl.col("soort").replace_strict(SAMENWERKING_SOORT_LABELS, default=pl.col("soort")).alias("soort_label"),
            pl.col("stap").replace_strict(TRECHTER_STAPPEN).alias("stap_label"),
        )
        .select("pilot", "pilot_label", "soort", "soort_label", "stap", "stap_label", "aantal")
    )


def _waarden(per_dag: pl.DataFrame) -> tuple[str, ...]:
    return ("aantal", "sleutelsom") if "sleutelsom" in per_dag.columns else ("aantal",)


def per_maand(per_dag: pl.DataFrame, soorten: Sequence[str] = IN_DE_TIJD) -> pl.DataFrame:
    """Dated actions of these kinds per month: periode, soort, aantal (and sleutelsom, if per_dag has it)."""
    return tijdreeks.per_periode(
        per_dag.filter(pl.col("soort").is_in(soorten)), "maand", by=["soort"], waarden=_waarden(per_dag)
    )


def aos_per_maand(per_dag: pl.DataFrame) -> pl.DataFrame:
    """AOS nominations per month, split by whether NCG picked them up: periode, label, aantal (and sleutelsom,
    if per_dag has it)."""
    aos = per_dag.filter(pl.col("soort") == AOS).with_columns(
        pl.when(pl.col("status") == "uitgevoerd")
        .then(pl.lit(AOS_OPGEPAKT))
        .otherwise(pl.lit(AOS_NIET_OPGEPAKT))
        .alias("label")
    )
    return tijdreeks.per_periode(aos, "maand", by=["label"], waarden=_waarden(per_dag))


def trechter_tabel(trechters: pl.DataFrame) -> pl.DataFrame:
    """The pilots' funnels as a table with Dutch headers: a row per pilot and kind, a column per step."""
    return trechters.pivot(
        on="stap_label", index=["pilot_label", "soort_label"], values="aantal", maintain_order=True
    ).rename({"pilot_label": "Pilot", "soort_label": "Soort samenwerking"})


# ---------------------------------------------------------------- what the page shows


@dataclass(frozen=True)
class Weergave:
    """The counts the Samenwerking page shows: exact (`weergave`) or, for aggregate roles, each perturbed by
    cell key (verstoring.samenwerking_weergave)."""

    trechter: pl.DataFrame  # as SamenwerkingData.trechter
    aos_voorgedragen: int
    aos_opgepakt: int
    aos_per_maand: pl.DataFrame  # periode, label, aantal
    in_de_tijd: pl.DataFrame  # periode, soort, aantal (buddy couplings and information exchanges)
    zonder_datum: int  # IN_DE_TIJD actions without a date


def weergave(data: SamenwerkingData) -> Weergave:
    """The page's counts as the core team sees them: all exact."""
    voorgedragen, opgepakt = data.aos()
    per_dag = data.per_dag.drop("sleutelsom", strict=False)
    return Weergave(
        trechter=data.trechter.drop(SLEUTELSOMMEN, strict=False),
        aos_voorgedragen=voorgedragen,
        aos_opgepakt=opgepakt,
        aos_per_maand=aos_per_maand(per_dag),
        in_de_tijd=per_maand(per_dag),
        zonder_datum=data.zonder_datum(IN_DE_TIJD),
    )
