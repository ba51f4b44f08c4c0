"""Joint actions: the pilots' funnels, AOS nominations and pick-ups, buddy couplings and information exchanges over time.

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

from dashboard.core import privacy, tijdreeks
from dashboard.store.db import fetch
from dashboard.core.domain import PILOT_LABELS, PILOTS, SAMENWERKING_SOORT_LABELS

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

_TRECHTER = {"pilot": pl.String, "soort": pl.String, "acties": pl.Int64, "aangeboden": pl.Int64,
             "gekozen": pl.Int64, "uitgevoerd": pl.Int64, "afgewezen": pl.Int64}
_PER_DAG = {"datum": pl.Date, "soort": pl.String, "status": pl.String, "aantal": pl.Int64}


@dataclass(frozen=True)
class SamenwerkingData:
    trechter: pl.DataFrame  # pilot, soort, acties, aangeboden, gekozen, uitgevoerd, afgewezen
    per_dag: pl.DataFrame  # datum, soort, status, aantal (dated actions only)

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


def per_maand(per_dag: pl.DataFrame, soorten: Sequence[str] = IN_DE_TIJD) -> pl.DataFrame:
    """Dated actions of these kinds per month: periode, soort, aantal."""
    return tijdreeks.per_periode(per_dag.filter(pl.col("soort").is_in(soorten)), "maand", by=["soort"])


def aos_per_maand(per_dag: pl.DataFrame) -> pl.DataFrame:
    """AOS nominations per month, split by whether NCG picked them up: periode, label, aantal."""
    aos = per_dag.filter(pl.col("soort") == AOS).with_columns(
        pl.when(pl.col("status") == "uitgevoerd")
        .then(pl.lit(AOS_OPGEPAKT))
        .otherwise(pl.lit(AOS_NIET_OPGEPAKT))
        .alias("label")
    )
    return tijdreeks.per_periode(aos, "maand", by=["label"])


def trechter_tabel(trechters: pl.DataFrame) -> pl.DataFrame:
    """The pilots' funnels as a table with Dutch headers: a row per pilot and kind, a column per step."""
    return (
        trechters.pivot(on="stap_label", index=["pilot_label", "soort_label"], values="aantal",
                        maintain_order=True)
        .rename({"pilot_label": "Pilot", "soort_label": "Soort samenwerking"})
    )


def trechter_tabel_tekst(tabel: pl.DataFrame, drempel: int) -> pl.DataFrame:
    """The funnel table for aggregate roles: the steps as text, hidden counts '<5'."""
    return privacy.als_tekst(tabel, [c for c in TRECHTER_STAPPEN.values() if c in tabel.columns], drempel)


# ---------------------------------------------------------------- small-cell suppression for aggregate roles


@dataclass(frozen=True)
class Weergave:
    """The counts the Samenwerking page shows. With small-cell suppression a hidden count is None
    (null in the frames); `onderdrukt` says suppression was applied."""

    trechter: pl.DataFrame  # as SamenwerkingData.trechter
    aos_voorgedragen: int | None
    aos_opgepakt: int | None
    aos_per_maand: pl.DataFrame  # periode, label, aantal
    in_de_tijd: pl.DataFrame  # periode, soort, aantal (buddy couplings and information exchanges)
    zonder_datum: int | None  # IN_DE_TIJD actions without a date
    onderdrukt: bool = False


def weergave(data: SamenwerkingData) -> Weergave:
    """The page's counts as the core team sees them: all exact."""
    voorgedragen, opgepakt = data.aos()
    return Weergave(
        trechter=data.trechter,
        aos_voorgedragen=voorgedragen,
        aos_opgepakt=opgepakt,
        aos_per_maand=aos_per_maand(data.per_dag),
        in_de_tijd=per_maand(data.per_dag),
        zonder_datum=data.zonder_datum(IN_DE_TIJD),
    )


_VOORGEDRAGEN = ("aos", "voorgedragen")
_OPGEPAKT = ("aos", AOS_OPGEPAKT)
_NIET_OPGEPAKT = ("aos", AOS_NIET_OPGEPAKT)  # not shown, but voorgedragen minus opgepakt


def _trechter_cellen(trechter: pl.DataFrame) -> tuple[dict, list]:
    """The funnel's counts and the relations a reader can use: per row the steps nest (possible >= offered
    >= chosen >= done; offered = only offered + declined + chosen), so the differences are counts of
    addresses too; and the AOS figures are sums over the AOS rows."""
    cellen: dict = {}
    lijnen: list = []
    aos_acties, aos_uitgevoerd = [], []
    for r in trechter.iter_rows(named=True):
        def k(kolom: str, r=r) -> tuple:
            return ("trechter", r["pilot"], r["soort"], kolom)

        cellen.update({k(t): int(r[t]) for t in TELLINGEN})
        cellen[k("alleen_mogelijk")] = r["acties"] - r["aangeboden"]
        cellen[k("alleen_aangeboden")] = r["aangeboden"] - r["gekozen"] - r["afgewezen"]
        cellen[k("alleen_gekozen")] = r["gekozen"] - r["uitgevoerd"]
        lijnen += [
            [k("alleen_mogelijk"), k("aangeboden"), k("acties")],
            [k("alleen_aangeboden"), k("afgewezen"), k("gekozen"), k("aangeboden")],
            [k("alleen_gekozen"), k("uitgevoerd"), k("gekozen")],
        ]
        if r["soort"] == AOS:
            aos_acties.append(k("acties"))
            aos_uitgevoerd.append(k("uitgevoerd"))
    cellen[_VOORGEDRAGEN] = sum(cellen[c] for c in aos_acties)
    cellen[_OPGEPAKT] = sum(cellen[c] for c in aos_uitgevoerd)
    cellen[_NIET_OPGEPAKT] = cellen[_VOORGEDRAGEN] - cellen[_OPGEPAKT]
    lijnen += [[*aos_acties, _VOORGEDRAGEN], [*aos_uitgevoerd, _OPGEPAKT], [_OPGEPAKT, _NIET_OPGEPAKT, _VOORGEDRAGEN]]
    return cellen, lijnen


def _zonder_verborgen(trechter: pl.DataFrame, verborgen: set) -> pl.DataFrame:
    rijen = list(zip(trechter["pilot"], trechter["soort"]))
    return trechter.with_columns(
        pl.when(pl.lit(pl.Series([("trechter", p, s, t) in verborgen for p, s in rijen], dtype=pl.Boolean)))
        .then(None).otherwise(pl.col(t)).alias(t)
        for t in TELLINGEN
    )


def onderdruk_trechter(trechter: pl.DataFrame, drempel: int) -> pl.DataFrame:
    """The funnel counts (samenwerking_trechter, extra columns kept) as aggregate roles see them: small
    counts and what the other steps of their row would reveal are null. The Overzicht's pilot table and
    the Samenwerking page hide the same cells."""
    cellen, lijnen = _trechter_cellen(trechter)
    return _zonder_verborgen(trechter, privacy.onderdruk(cellen, lijnen, drempel))


def onderdruk(w: Weergave, drempel: int) -> Weergave:
    """The Samenwerking page as aggregate roles see it: small counts hidden, with secondary suppression.

    First the funnels and the AOS figures, on their own (as on the Overzicht). Then the months, with
    those fixed: per series the months plus the undated actions add up to the series' total (AOS
    picked up or not; all buddy couplings or information exchanges, the sum of their funnel rows),
    and the undated buddy couplings and information exchanges to the count in the caption.
    """
    cellen, lijnen = _trechter_cellen(w.trechter)
    trechter_verborgen = privacy.onderdruk(cellen, lijnen, drempel)
    vast = set(cellen) - trechter_verborgen

    maand_cellen: dict = {}
    maand_lijnen: list = []

    def reeks(naam: tuple, totaal: tuple, frame: pl.DataFrame, kolom: str, waarde: str) -> tuple:
        """One series' months and its undated actions (the total minus the months), which add up to its total."""
        deel = frame.filter(pl.col(kolom) == waarde).select("periode", "aantal")
        maanden = {(*naam, p): int(n) for p, n in deel.iter_rows()}
        zonder = (*naam, "zonder_datum")
        maand_cellen.update(maanden)
        maand_cellen[zonder] = {**cellen, **maand_cellen}[totaal] - sum(maanden.values())
        maand_lijnen.append([*maanden, zonder, totaal])
        return zonder

    reeks(("aos_maand", AOS_OPGEPAKT), _OPGEPAKT, w.aos_per_maand, "label", AOS_OPGEPAKT)
    reeks(("aos_maand", AOS_NIET_OPGEPAKT), _NIET_OPGEPAKT, w.aos_per_maand, "label", AOS_NIET_OPGEPAKT)
    zonder = []
    for soort in IN_DE_TIJD:
        rijen = [k for k in cellen if k[0] == "trechter" and k[2] == soort and k[3] == "acties"]
        totaal = ("soort_totaal", soort)
        maand_cellen[totaal] = sum(cellen[k] for k in rijen)
        maand_lijnen.append([*rijen, totaal])
        zonder.append(reeks(("maand", soort), totaal, w.in_de_tijd, "soort", soort))
    maand_cellen[("zonder_datum",)] = sum(maand_cellen[k] for k in zonder)
    maand_lijnen.append([*zonder, ("zonder_datum",)])
    verborgen = privacy.onderdruk(
        {**cellen, **maand_cellen}, maand_lijnen, drempel, al_verborgen=trechter_verborgen, vast=vast
    )

    def per_maand_zonder(frame: pl.DataFrame, kolom: str, naam: str) -> pl.DataFrame:
        weg = [(naam, w_, p) in verborgen for p, w_ in frame.select("periode", kolom).iter_rows()]
        return frame.with_columns(pl.Series("onderdrukt", weg, pl.Boolean)).with_columns(
            pl.when(pl.col("onderdrukt")).then(None).otherwise(pl.col("aantal")).alias("aantal")
        )

    def zichtbaar(sleutel: tuple, n: int | None) -> int | None:
        return None if sleutel in verborgen else n

    return Weergave(
        trechter=_zonder_verborgen(w.trechter, verborgen),
        aos_voorgedragen=zichtbaar(_VOORGEDRAGEN, w.aos_voorgedragen),
        aos_opgepakt=zichtbaar(_OPGEPAKT, w.aos_opgepakt),
        aos_per_maand=per_maand_zonder(w.aos_per_maand, "label", "aos_maand"),
        in_de_tijd=per_maand_zonder(w.in_de_tijd, "soort", "maand"),
        zonder_datum=zichtbaar(("zonder_datum",), w.zonder_datum),
        onderdrukt=True,
    )
