"""The one-loket phone menu (IVR): calls per line over time, menu choices, misrouted calls, warm transfers, busy hours.

The calls of a snapshot are read once, counted per day, line, menu choice,
subject and hour (`telling`: a few ten thousand rows, held in memory and shared
by every session); a view filters and aggregates that frame in polars
(`selecteer`), alike on every backend. The misrouted calls per line (`per_lijn`)
are the one code path behind the Telefonie page, the Overzicht, the JSON report
and the PDF. A call is misrouted (verkeerd gekozen) as data-contract.md defines
it; the loader sets the flag per call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from sqlalchemy.engine import Connection

from dashboard.core import fmt, tijdreeks
from dashboard.core.domain import IVR_MENUKEUZE_LABELS, IVR_MENUKEUZES, ORGANISATIES, WEEKDAGEN
from dashboard.store.db import fetch

MENU_SINDS = date(2021, 1, 3)  # the phone menu began on 3 January 2021
EVALUATIEPERIODE = (MENU_SINDS, date(2021, 6, 30))  # the evaluation's figures: January-June 2021
WARME_OVERDRACHT_VANAF = date(2021, 7, 1)
DEFINITIE_VERKEERD = (
    "Een gesprek is verkeerd gekozen als de beller op de IMG-lijn in het menu *versterking* koos of een "
    "versterkingsvraag had, of op de NCG-lijn *schade* koos of een schadevraag had."
)

TELLING = {
    "datum": pl.Date,
    "weekdag": pl.Int64,
    "uur": pl.Int64,
    "lijn": pl.String,
    "menukeuze": pl.String,
    "onderwerp": pl.String,
    "gesprekken": pl.Int64,
    "verkeerd": pl.Int64,
    "warme_overdrachten": pl.Int64,
}
_MATEN = ("gesprekken", "verkeerd", "warme_overdrachten")
_PER_LIJN = {"lijn": pl.String, "gesprekken": pl.Int64, "verkeerd": pl.Int64, "warme_overdrachten": pl.Int64}


@dataclass(frozen=True)
class IvrSelectie:
    """The IVR page's filters: the period and, empty meaning all, lines, menu choices and subjects."""

    van: date
    tot: date
    lijnen: tuple[str, ...] = ()
    menukeuzes: tuple[str, ...] = ()
    onderwerpen: tuple[str, ...] = ()  # 'onbekend' also selects calls without a recorded subject

    def filter(self) -> pl.Expr:
        """The selection as one polars predicate over `telling`."""
        voorwaarde = pl.col("datum").is_between(self.van, self.tot)
        for kolom, waarden in (("lijn", self.lijnen), ("menukeuze", self.menukeuzes), ("onderwerp", self.onderwerpen)):
            if waarden:
                voorwaarde = voorwaarde & pl.col(kolom).is_in(list(waarden))
        return voorwaarde


@dataclass(frozen=True)
class IvrData:
    per_dag: pl.DataFrame  # datum, lijn, menukeuze, onderwerp, gesprekken, verkeerd, warme_overdrachten
    uur_weekdag: pl.DataFrame  # weekdag, uur, gesprekken


def telling(conn: Connection, peildatum: date) -> pl.DataFrame:
    """Every call of the snapshot counted per day, line, menu choice, subject and hour (TELLING's columns):
    read once per snapshot and shared; every IVR figure is filtered and aggregated from it."""
    frame = fetch(conn, "ivr_telling", peildatum=peildatum)
    if frame.is_empty():
        return pl.DataFrame(schema=TELLING)
    gesprekken = pl.col("gesprekken").cast(pl.Int64)
    return (
        frame.with_columns(pl.col("onderwerp").fill_null("onbekend"))
        .group_by("datum", "weekdag", "uur", "lijn", "menukeuze", "onderwerp")
        .agg(
            gesprekken.sum(),
            gesprekken.filter(pl.col("verkeerd_gekozen").cast(pl.Boolean)).sum().alias("verkeerd"),
            gesprekken.filter(pl.col("warme_overdracht").cast(pl.Boolean).fill_null(False))
            .sum()
            .alias("warme_overdrachten"),
        )
        .select(pl.col(k).cast(t) for k, t in TELLING.items())
        .sort("datum", "lijn", "menukeuze", "onderwerp", "uur")
    )


def selecteer(telling: pl.DataFrame, selectie: IvrSelectie) -> IvrData:
    """The page's frames for a selection, filtered and aggregated from `telling` in polars."""
    gekozen = telling.filter(selectie.filter())
    return IvrData(
        per_dag=gekozen.group_by("datum", "lijn", "menukeuze", "onderwerp")
        .agg(pl.col(*_MATEN).sum())
        .sort("datum", "lijn", "menukeuze", "onderwerp"),
        uur_weekdag=gekozen.group_by("weekdag", "uur").agg(pl.col("gesprekken").sum()).sort("weekdag", "uur"),
    )


def load(conn: Connection, peildatum: date, selectie: IvrSelectie) -> IvrData:
    """`selecteer` on a snapshot's calls read now (outside the app, which shares `telling` between sessions)."""
    return selecteer(telling(conn, peildatum), selectie)


def periode_van(telling: pl.DataFrame) -> tuple[date, date] | None:
    """The first and last day with calls, or None without calls."""
    if telling.is_empty():
        return None
    return telling["datum"].min(), telling["datum"].max()


def standaard_periode(eerste: date, laatste: date) -> tuple[date, date]:
    """The evaluation's period (from the menu's start, 3 January 2021, to 30 June 2021), within the days that
    have calls; all of them if it does not overlap. The default period of the misrouting KPI everywhere."""
    van, tot = max(EVALUATIEPERIODE[0], eerste), min(EVALUATIEPERIODE[1], laatste)
    return (van, tot) if van <= tot else (eerste, laatste)


def _met_aandeel(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.when(pl.col("gesprekken") > 0).then(pl.col("verkeerd") / pl.col("gesprekken")).alias("verkeerd_aandeel")
    )


def per_lijn(per_dag: pl.DataFrame) -> pl.DataFrame:
    """Per line with calls, IMG before NCG: lijn, gesprekken, verkeerd, verkeerd_aandeel, warme_overdrachten.

    The one code path of the misrouting KPI: the Telefonie page, the Overzicht, the JSON report and the PDF
    all take it from here (over `selecteer(...).per_dag`)."""
    volgorde = {lijn: i for i, lijn in enumerate(ORGANISATIES)}
    totalen = per_dag.group_by("lijn").agg(pl.col(*_MATEN).sum()).cast(_PER_LIJN)
    return _met_aandeel(totalen.sort(pl.col("lijn").replace_strict(volgorde, default=len(volgorde)), "lijn"))


def kpi(telling: pl.DataFrame, van: date, tot: date) -> pl.DataFrame:
    """Misrouted calls and warm transfers per line in a period, every line and menu choice: `per_lijn`."""
    return per_lijn(selecteer(telling, IvrSelectie(van, tot)).per_dag)


def gesprekken_per_periode(per_dag: pl.DataFrame, per: str) -> pl.DataFrame:
    """Calls per week or month and line: periode, lijn, gesprekken."""
    return tijdreeks.per_periode(per_dag, per, by=["lijn"], waarden=["gesprekken"])


def verkeerd_per_maand(per_dag: pl.DataFrame) -> pl.DataFrame:
    """Misrouted calls per month and line: periode, lijn, gesprekken, verkeerd, verkeerd_aandeel."""
    return _met_aandeel(tijdreeks.per_periode(per_dag, "maand", by=["lijn"], waarden=["gesprekken", "verkeerd"]))


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
    """Every weekday × every hour from the first to the last hour with calls, zero where none: weekdag, dag, uur,
    gesprekken."""
    if uur_weekdag.is_empty():
        return pl.DataFrame(schema={"weekdag": pl.Int64, "dag": pl.String, "uur": pl.Int64, "gesprekken": pl.Int64})
    uren = pl.DataFrame({"uur": pl.int_range(uur_weekdag["uur"].min(), uur_weekdag["uur"].max() + 1, eager=True)})
    raster = pl.DataFrame({"weekdag": pl.int_range(0, 7, eager=True)}).join(uren, how="cross").cast(pl.Int64)
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
