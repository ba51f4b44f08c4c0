"""The one-loket phone menu (IVR): calls per line over time, menu choices, misrouted calls, warm transfers, busy hours.

Plain functions: a connection and a selection in, small frames out. SQL counts
per day; weeks and months are made here, alike on every backend. A call is
misrouted (verkeerd gekozen) as data-contract.md defines it; the loader sets
the flag per call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy.engine import Connection

from dashboard import fmt, tijdreeks
from dashboard.db import fetch
from dashboard.domain import IVR_MENUKEUZE_LABELS, IVR_MENUKEUZES, WEEKDAGEN

EVALUATIEPERIODE = (date(2021, 1, 1), date(2021, 6, 30))  # the evaluation's figures: January-June 2021
WARME_OVERDRACHT_VANAF = date(2021, 7, 1)
DEFINITIE_VERKEERD = (
    "Een gesprek is verkeerd gekozen als de beller op de IMG-lijn in het menu *versterking* koos of een "
    "versterkingsvraag had, of op de NCG-lijn *schade* koos of een schadevraag had."
)

_PER_DAG = {"datum": pl.Date, "lijn": pl.String, "menukeuze": pl.String, "onderwerp": pl.String,
            "gesprekken": pl.Int64, "verkeerd": pl.Int64, "warme_overdrachten": pl.Int64}
_UUR_WEEKDAG = {"weekdag": pl.Int64, "uur": pl.Int64, "gesprekken": pl.Int64}


@dataclass(frozen=True)
class IvrSelectie:
    """The IVR page's filters: the period and, empty meaning all, lines, menu choices and subjects."""

    van: date
    tot: date
    lijnen: tuple[str, ...] = ()
    menukeuzes: tuple[str, ...] = ()
    onderwerpen: tuple[str, ...] = ()  # 'onbekend' also selects calls without a recorded subject

    def params(self, peildatum: date) -> dict[str, Any]:
        return {
            "peildatum": peildatum,
            "van": self.van,
            "tot": self.tot,
            "alle_lijnen": 0 if self.lijnen else 1,
            "lijnen": list(self.lijnen),
            "alle_menukeuzes": 0 if self.menukeuzes else 1,
            "menukeuzes": list(self.menukeuzes),
            "alle_onderwerpen": 0 if self.onderwerpen else 1,
            "onderwerpen": list(self.onderwerpen),
        }


@dataclass(frozen=True)
class IvrData:
    per_dag: pl.DataFrame  # datum, lijn, menukeuze, onderwerp, gesprekken, verkeerd, warme_overdrachten
    uur_weekdag: pl.DataFrame  # weekdag, uur, gesprekken


def load(conn: Connection, peildatum: date, selectie: IvrSelectie) -> IvrData:
    params = selectie.params(peildatum)
    return IvrData(
        per_dag=fetch(conn, "ivr_per_dag", **params).cast(_PER_DAG),
        uur_weekdag=fetch(conn, "ivr_uur_weekdag", **params).cast(_UUR_WEEKDAG),
    )


def standaard_periode(eerste: date, laatste: date) -> tuple[date, date]:
    """The evaluation's period, within the days that have calls; all of them if it does not overlap."""
    van, tot = max(EVALUATIEPERIODE[0], eerste), min(EVALUATIEPERIODE[1], laatste)
    return (van, tot) if van <= tot else (eerste, laatste)


def _met_aandeel(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.when(pl.col("gesprekken") > 0)
        .then(pl.col("verkeerd") / pl.col("gesprekken"))
        .alias("verkeerd_aandeel")
    )


def per_lijn(per_dag: pl.DataFrame) -> pl.DataFrame:
    """Per line with calls (IMG before NCG): lijn, gesprekken, verkeerd, verkeerd_aandeel, warme_overdrachten."""
    totalen = per_dag.group_by("lijn").agg(pl.col("gesprekken", "verkeerd", "warme_overdrachten").sum())
    return _met_aandeel(totalen.sort("lijn"))


def gesprekken_per_periode(per_dag: pl.DataFrame, per: str) -> pl.DataFrame:
    """Calls per week or month and line: periode, lijn, gesprekken."""
    return tijdreeks.per_periode(per_dag, per, by=["lijn"], waarden=["gesprekken"])


def verkeerd_per_maand(per_dag: pl.DataFrame) -> pl.DataFrame:
    """Misrouted calls per month and line: periode, lijn, gesprekken, verkeerd, verkeerd_aandeel."""
    return _met_aandeel(
        tijdreeks.per_periode(per_dag, "maand", by=["lijn"], waarden=["gesprekken", "verkeerd"])
    )


def warme_overdrachten(per_dag: pl.DataFrame, per: str) -> pl.DataFrame:
    """Warm transfers per week or month and line since they began: periode, lijn, warme_overdrachten."""
    sinds = per_dag.filter(pl.col("datum") >= WARME_OVERDRACHT_VANAF)
    return tijdreeks.per_periode(sinds, per, by=["lijn"], waarden=["warme_overdrachten"])


def menukeuzes(per_dag: pl.DataFrame) -> pl.DataFrame:
    """Calls per line and menu choice, with the share within the line: lijn, menukeuze, label, gesprekken, aandeel."""
    volgorde = {m: i for i, m in enumerate(IVR_MENUKEUZES)}
    return (
        per_dag.group_by("lijn", "menukeuze")
        .agg(pl.col("gesprekken").sum())
        .sort("lijn", pl.col("menukeuze").replace_strict(volgorde, default=len(volgorde)))
        .with_columns(
            pl.col("menukeuze").replace_strict(IVR_MENUKEUZE_LABELS, default=pl.col("menukeuze")).alias("label"),
            (pl.col("gesprekken") / pl.col("gesprekken").sum().over("lijn")).alias("aandeel"),
        )
    )


def uur_weekdag_raster(uur_weekdag: pl.DataFrame) -> pl.DataFrame:
    """Every weekday × every hour from the first to the last hour with calls, zero where none: weekdag, dag, uur, gesprekken."""
    if uur_weekdag.is_empty():
        return pl.DataFrame(schema={"weekdag": pl.Int64, "dag": pl.String, "uur": pl.Int64, "gesprekken": pl.Int64})
    uren = range(int(uur_weekdag["uur"].min()), int(uur_weekdag["uur"].max()) + 1)
    raster = pl.DataFrame(
        [(d, u) for d in range(7) for u in uren], schema={"weekdag": pl.Int64, "uur": pl.Int64}, orient="row"
    )
    return (
        raster.join(uur_weekdag, on=["weekdag", "uur"], how="left")
        .with_columns(
            pl.col("gesprekken").fill_null(0),
            pl.col("weekdag").replace_strict(dict(enumerate(WEEKDAGEN)), return_dtype=pl.String).alias("dag"),
        )
        .select("weekdag", "dag", "uur", "gesprekken")
    )



def verkeerd_tabel(per_maand: pl.DataFrame) -> pl.DataFrame:
    """The misrouted calls per month and line as a table with Dutch headers."""
    return per_maand.select(
        fmt.maand_expr("periode").alias("Maand"),
        pl.col("lijn").alias("Lijn"),
        pl.col("gesprekken").alias("Gesprekken"),
        pl.col("verkeerd").alias("Verkeerd gekozen"),
        (pl.col("verkeerd_aandeel") * 100).round(1).alias("Verkeerd gekozen (%)"),
    )
