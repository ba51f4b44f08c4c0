"""SVIP information requests: volumes over time, the open backlog, handling times, outcomes and the dossiers asked
about.

The requests of a snapshot are few (about 1,500 at scale 1): they are read once, with the gemeente,
programma, category and group of the NCG address asked about (`verzoeken`, held in memory and shared
by every session), and every view is filtered and aggregated from that frame in polars (`selecteer`):
weeks, months, the backlog and the handling-time percentiles alike on every backend. The requests per
kind (`per_soort`) and the open ones (`nog_open`) are the one code path behind the SVIP page, the
Overzicht, the JSON report and the PDF. `weergave` gathers every figure of the SVIP page; each view can also sum
the requests' key sums beside its counts (`sleutelsommen`), from which verstoring.svip_weergave publishes the
perturbed page for aggregate roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from sqlalchemy.engine import Connection

from dashboard.core import fmt, tijdreeks
from dashboard.core.domain import (
    CATEGORIE_LABELS,
    CATEGORIEEN,
    GROEP_TEKST,
    GROEPEN,
    SVIP_SOORT_LABELS,
    SVIP_SOORTEN,
    SVIP_UITKOMST_LABELS,
)
from dashboard.core.filters import BEGIN, Filters
from dashboard.store.db import fetch

MIJLPAAL = date(2020, 6, 30)  # the evaluation counted 500 requests by mid-2020
GEEN_NCG_ADRES = "Geen adres op de NCG-lijst"

VERZOEKEN = {
    "datum_ontvangen": pl.Date,
    "datum_afgerond": pl.Date,
    "aanvrager": pl.String,
    "soort": pl.String,
    "uitkomst": pl.String,
    "gemeente": pl.String,
    "programma": pl.String,
    "categorie": pl.String,
    "groep": pl.String,
    "aantal": pl.Int64,
    "sleutelsom": pl.Int64,
}


@dataclass(frozen=True)
class SvipSelectie:
    """The SVIP page's own filters: the period of receipt and, empty meaning all, organisations, kinds, outcomes."""

    van: date
    tot: date
    aanvragers: tuple[str, ...] = ()
    soorten: tuple[str, ...] = ()
    uitkomsten: tuple[str, ...] = ()  # 'geen' selects requests without an outcome yet

    def filter(self, filters: Filters) -> pl.Expr:
        """This selection but its period, plus the address filters (gemeente, programma) of `filters`, as one
        polars predicate over `verzoeken`. A request about no NCG address has no gemeente: an address filter
        leaves it out."""
        voorwaarde = pl.lit(True)
        for kolom, waarden in (
            ("aanvrager", self.aanvragers),
            ("soort", self.soorten),
            ("uitkomst", self.uitkomsten),
            ("gemeente", filters.gemeenten),
            ("programma", filters.programmas),
        ):
            if waarden:
                voorwaarde = voorwaarde & pl.col(kolom).is_in(list(waarden)).fill_null(False)
        return voorwaarde


@dataclass(frozen=True)
class SvipData:
    selectie: SvipSelectie
    per_dag: pl.DataFrame  # datum_ontvangen, soort, aanvrager, uitkomst, aantal, sleutelsom
    doorloop: (
        pl.DataFrame
    )  # datum_ontvangen, datum_afgerond, soort, aantal, sleutelsom: every request open at some time in the period
    per_categorie: pl.DataFrame  # categorie, groep, aantal, sleutelsom (the requests' record keys; never shown)
    mijlpaal: int  # received up to MIJLPAAL, within the selection except its period
    mijlpaal_sleutelsom: int = 0  # the key sum of those requests (cell-key perturbation; never shown)

    @property
    def totaal(self) -> int:
        return int(self.per_dag["aantal"].sum())

    @property
    def open(self) -> int:
        """Requests received in the period that are still open on the peildatum."""
        return nog_open(self.doorloop, self.selectie.van)


def verzoeken(conn: Connection, peildatum: date) -> pl.DataFrame:
    """Every request of the snapshot, counted per day received and closed, organisation, kind, outcome and the
    gemeente, programma, category and group of the address asked about (VERZOEKEN's columns): read once per
    snapshot and shared; every SVIP figure is filtered and aggregated from it."""
    frame = fetch(conn, "svip_verzoeken", peildatum=peildatum)
    if frame.is_empty():
        return pl.DataFrame(schema=VERZOEKEN)
    return frame.select(pl.col(k).cast(t) for k, t in VERZOEKEN.items()).rechunk()


def selecteer(verzoeken: pl.DataFrame, filters: Filters, selectie: SvipSelectie) -> SvipData:
    """The page's frames for a selection, filtered and aggregated from `verzoeken` in polars."""
    gekozen = verzoeken.filter(selectie.filter(filters))
    ontvangen = gekozen.filter(pl.col("datum_ontvangen").is_between(selectie.van, selectie.tot))
    # Open at some moment in the period: received by its end and not closed before its start.
    doorloop = gekozen.filter(
        (pl.col("datum_ontvangen") <= selectie.tot)
        & (pl.col("datum_afgerond").is_null() | (pl.col("datum_afgerond") >= selectie.van))
    )
    tot_mijlpaal = gekozen.filter(pl.col("datum_ontvangen").is_between(BEGIN, MIJLPAAL))
    return SvipData(
        selectie=selectie,
        per_dag=_som(ontvangen, "datum_ontvangen", "soort", "aanvrager", "uitkomst"),
        doorloop=_som(doorloop, "datum_ontvangen", "datum_afgerond", "soort"),
        per_categorie=ontvangen.group_by("categorie", "groep")
        .agg(pl.col("aantal", "sleutelsom").sum())
        .sort("categorie", "groep", nulls_last=True),
        mijlpaal=int(tot_mijlpaal["aantal"].sum()),
        mijlpaal_sleutelsom=int(tot_mijlpaal["sleutelsom"].sum()),
    )


def _som(frame: pl.DataFrame, *by: str) -> pl.DataFrame:
    """Counts and key sums per `by` (the key sums only feed cell-key perturbation; never shown)."""
    return frame.group_by(*by).agg(pl.col("aantal", "sleutelsom").sum()).sort(*by, nulls_last=True)


def _kolommen(sleutelsommen: bool) -> list[str]:
    return ["aantal", "sleutelsom"] if sleutelsommen else ["aantal"]


def load(conn: Connection, filters: Filters, selectie: SvipSelectie) -> SvipData:
    """`selecteer` on a snapshot's requests read now (outside the app, which shares `verzoeken` between sessions)."""
    return selecteer(verzoeken(conn, filters.peildatum), filters, selectie)


def periode_van(verzoeken: pl.DataFrame) -> tuple[date, date] | None:
    """The first and last day a request was received, or None without requests."""
    if verzoeken.is_empty():
        return None
    return verzoeken["datum_ontvangen"].min(), verzoeken["datum_ontvangen"].max()


def nog_open(doorloop: pl.DataFrame, van: date) -> int:
    """Requests received from `van` on (within the period of `doorloop`) that are still open on the peildatum."""
    open_ = doorloop.filter(pl.col("datum_afgerond").is_null() & (pl.col("datum_ontvangen") >= van))
    return int(open_["aantal"].sum())


def per_soort(per_dag: pl.DataFrame, sleutelsommen: bool = False) -> pl.DataFrame:
    """Requests per kind, every kind listed, the most asked first: soort, label, aantal (and sleutelsom)."""
    alle = pl.DataFrame({"soort": list(SVIP_SOORTEN), "label": [SVIP_SOORT_LABELS[s] for s in SVIP_SOORTEN]})
    kolommen = _kolommen(sleutelsommen)
    telling = per_dag.group_by("soort").agg(pl.col(kolommen).sum())
    return (
        alle.join(telling, on="soort", how="left", maintain_order="left")
        .with_columns(pl.col(kolommen).fill_null(0).cast(pl.Int64))
        .sort("aantal", descending=True, maintain_order=True)
    )


def per_periode(per_dag: pl.DataFrame, per: str, naar: str, sleutelsommen: bool = False) -> pl.DataFrame:
    """Requests per week or month, split by 'soort' or 'aanvrager': periode, <naar>, aantal (and sleutelsom)."""
    return tijdreeks.per_periode(per_dag, per, datum="datum_ontvangen", by=[naar], waarden=_kolommen(sleutelsommen))


def uitkomsten(per_dag: pl.DataFrame, sleutelsommen: bool = False) -> pl.DataFrame:
    """Requests per outcome, every outcome listed: uitkomst, label, aantal, aandeel (and sleutelsom)."""
    alle = pl.DataFrame({"uitkomst": list(SVIP_UITKOMST_LABELS), "label": list(SVIP_UITKOMST_LABELS.values())})
    kolommen = _kolommen(sleutelsommen)
    telling = per_dag.group_by("uitkomst").agg(pl.col(kolommen).sum())
    totaal = int(per_dag["aantal"].sum())
    return (
        alle.join(telling, on="uitkomst", how="left", maintain_order="left")
        .with_columns(pl.col(kolommen).fill_null(0).cast(pl.Int64))
        .with_columns((pl.col("aantal") / totaal if totaal else pl.lit(None, pl.Float64)).alias("aandeel"))
    )


def werkvoorraad(doorloop: pl.DataFrame, van: date, tot: date, sleutelsommen: bool = False) -> pl.DataFrame:
    """The open backlog at the end of each day from `van` to `tot`: datum, ontvangen, afgerond, open (and with
    `sleutelsommen` the key sum of each: ontvangen_sleutelsom, afgerond_sleutelsom, open_sleutelsom).

    `doorloop` must hold every request open at some time in the period (as `selecteer` makes it),
    so the requests received before `van` and still open count from the first day.
    """
    namen = ("ontvangen", "afgerond", "open")
    schema = {"datum": pl.Date, **dict.fromkeys(namen, pl.Int64)}
    if sleutelsommen:
        schema |= {f"{n}_sleutelsom": pl.Int64 for n in namen}
    if doorloop.is_empty() or van > tot:
        return pl.DataFrame(schema=schema)
    begin = min(doorloop["datum_ontvangen"].min(), van)
    dagen = pl.DataFrame({"datum": pl.date_range(begin, tot, "1d", eager=True)})

    def som(naam: str) -> list[pl.Expr]:
        uit = [pl.col("aantal").sum().alias(naam)]
        return uit + ([pl.col("sleutelsom").sum().alias(f"{naam}_sleutelsom")] if sleutelsommen else [])

    ontvangen = doorloop.group_by(datum="datum_ontvangen").agg(som("ontvangen"))
    afgerond = (
        doorloop.filter(pl.col("datum_afgerond").is_not_null()).group_by(datum="datum_afgerond").agg(som("afgerond"))
    )
    achtervoegsels = ["", "_sleutelsom"] if sleutelsommen else [""]
    return (
        dagen.join(ontvangen, on="datum", how="left")
        .join(afgerond, on="datum", how="left")
        .with_columns(pl.col(f"{n}{a}" for n in namen[:2] for a in achtervoegsels).fill_null(0))
        .with_columns(
            (pl.col(f"ontvangen{a}").cum_sum() - pl.col(f"afgerond{a}").cum_sum()).alias(f"open{a}")
            for a in achtervoegsels
        )
        .filter(pl.col("datum") >= van)
        .select(list(schema))
        .cast(schema)
    )


def doorlooptijden(doorloop: pl.DataFrame, van: date, by: tuple[str, ...] = ("soort", "maand")) -> pl.DataFrame:
    """Days from received to closed of the requests received from `van` on and closed: median and 90th percentile.

    `by` may name 'soort' and 'maand' (month of receipt); out: *by, afgerond, mediaan_dagen, p90_dagen.
    """
    afgerond = doorloop.filter(
        pl.col("datum_afgerond").is_not_null() & (pl.col("datum_ontvangen") >= van)
    ).with_columns(
        maand=pl.col("datum_ontvangen").dt.truncate("1mo"),
        dagen=(pl.col("datum_afgerond") - pl.col("datum_ontvangen")).dt.total_days(),
    )
    # One row per request, so every request weighs once in the percentiles.
    per_verzoek = afgerond.select(*by, pl.col("dagen").repeat_by("aantal")).explode("dagen")
    maten = [
        pl.len().cast(pl.Int64).alias("afgerond"),
        pl.col("dagen").median().alias("mediaan_dagen"),
        pl.col("dagen").quantile(0.9, interpolation="linear").alias("p90_dagen"),
    ]
    if not by:
        return per_verzoek.select(maten)
    uit = per_verzoek.group_by(*by).agg(maten).sort(*by)
    if "soort" in by:
        uit = uit.with_columns(
            pl.col("soort").replace_strict(SVIP_SOORT_LABELS, default=pl.col("soort")).alias("label")
        )
    return uit


def dossiers(per_categorie: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The requests by the category of the address asked about, and the beide_lopend ones by group A-F.

    Out: (categorie, label, aantal, aandeel) with a row for requests without an NCG address, and
    (groep, aantal, aandeel, tekst), both shares of all requests.
    """
    totaal = int(per_categorie["aantal"].sum())

    def aandeel(n: int) -> float | None:
        return n / totaal if totaal else None

    per_cat = dict(per_categorie.group_by("categorie").agg(pl.col("aantal").sum()).iter_rows())
    sleutels = [*CATEGORIEEN, None]
    categorieen = pl.DataFrame(
        {
            "categorie": sleutels,
            "label": [CATEGORIE_LABELS[c] for c in CATEGORIEEN] + [GEEN_NCG_ADRES],
            "aantal": [int(per_cat.get(c, 0)) for c in sleutels],
            "aandeel": [aandeel(int(per_cat.get(c, 0))) for c in sleutels],
        },
        schema_overrides={"categorie": pl.String, "aantal": pl.Int64, "aandeel": pl.Float64},
    )
    per_groep = dict(per_categorie.filter(pl.col("groep").is_not_null()).select("groep", "aantal").iter_rows())
    groepen = pl.DataFrame(
        {
            "groep": list(GROEPEN),
            "aantal": [int(per_groep.get(g, 0)) for g in GROEPEN],
            "aandeel": [aandeel(int(per_groep.get(g, 0))) for g in GROEPEN],
            "tekst": [GROEP_TEKST[g] for g in GROEPEN],
        },
        schema_overrides={"aantal": pl.Int64, "aandeel": pl.Float64},
    )
    return categorieen, groepen


@dataclass(frozen=True)
class Weergave:
    """Every figure the SVIP page shows for a selection: exact (`weergave`) or, for aggregate roles, perturbed
    by cell key (verstoring.svip_weergave). `data` keeps the selection's frames (with key sums; never shown)."""

    data: SvipData
    totaal: int
    open: int
    mijlpaal: int
    per_periode: dict[tuple[str, str], pl.DataFrame]  # (per, 'soort' or 'aanvrager') -> periode, <naar>, aantal
    uitkomsten: pl.DataFrame  # uitkomst, label, aantal, aandeel
    werkvoorraad: pl.DataFrame  # datum, ontvangen, afgerond, open
    categorieen: pl.DataFrame  # dossiers: categorie, label, aantal, aandeel
    groepen: pl.DataFrame  # dossiers: groep, aantal, aandeel, tekst
    doorlooptijd: dict  # over all requests of the selection: afgerond, mediaan_dagen, p90_dagen
    doorlooptijd_soort: pl.DataFrame  # doorlooptijden by soort
    doorlooptijd_maand: pl.DataFrame  # doorlooptijden by soort and month


def weergave(data: SvipData) -> Weergave:
    """The SVIP page's figures for a selection, exact (kernteam, beheerder)."""
    van, tot = data.selectie.van, data.selectie.tot
    categorieen, groepen = dossiers(data.per_categorie)
    return Weergave(
        data=data,
        totaal=data.totaal,
        open=data.open,
        mijlpaal=data.mijlpaal,
        per_periode={
            (p, n): per_periode(data.per_dag, p, n) for p in tijdreeks.PERIODES for n in ("soort", "aanvrager")
        },
        uitkomsten=uitkomsten(data.per_dag),
        werkvoorraad=werkvoorraad(data.doorloop, van, tot),
        categorieen=categorieen,
        groepen=groepen,
        doorlooptijd=doorlooptijden(data.doorloop, van, by=()).row(0, named=True),
        doorlooptijd_soort=doorlooptijden(data.doorloop, van, by=("soort",)),
        doorlooptijd_maand=doorlooptijden(data.doorloop, van),
    )


def doorlooptijd_tabel(doorlooptijden: pl.DataFrame) -> pl.DataFrame:
    """Handling times per kind and month as a table with Dutch headers."""
    return doorlooptijden.sort("soort", "maand").select(
        pl.col("label").alias("Soort verzoek"),
        fmt.maand_expr("maand").alias("Maand van ontvangst"),
        pl.col("afgerond").alias("Afgerond"),
        pl.col("mediaan_dagen").round(1).alias("Mediaan (dagen)"),
        pl.col("p90_dagen").round(1).alias("90e percentiel (dagen)"),
    )


def dossiers_tabel(categorieen: pl.DataFrame) -> pl.DataFrame:
    """The requests by the category of the address asked about, as a table with Dutch headers."""
    return categorieen.select(
        pl.col("label").alias("Adres waarover het verzoek gaat"),
        pl.col("aantal").alias("Verzoeken"),
        (pl.col("aandeel") * 100).round(1).alias("Aandeel (%)"),
    )
