"""The steering group's overview: KPIs per category and group, phases, IVR, SVIP and pilots.

Plain functions: a connection (and the snapshot's address frame) and filters in, small frames out;
the address figures are counted in polars over the address frame, the rest in SQL by stored queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from sqlalchemy.engine import Connection

from dashboard.core import fmt, privacy
from dashboard.core.domain import (
    CATEGORIE_LABELS,
    CATEGORIEEN,
    GROEP_TEKST,
    GROEPEN,
    NCG_FASE_LABELS,
    NCG_FASEN,
    PILOT_LABELS,
    PILOTS,
    SAMENWERKING_SOORT_LABELS,
)
from dashboard.core.filters import BEGIN, EIND, Filters, window
from dashboard.store import adresframe
from dashboard.store.adresframe import Bron
from dashboard.store.db import fetch
from dashboard.subjects import adressen, ivr, svip


@dataclass(frozen=True)
class Perioden:
    """First and last day with IVR calls and with SVIP requests in a snapshot (None if absent)."""

    ivr_van: date | None
    ivr_tot: date | None
    svip_van: date | None
    svip_tot: date | None


@dataclass(frozen=True)
class OverzichtData:
    categorieen: pl.DataFrame  # categorie, label, aantal, aandeel
    groepen: pl.DataFrame  # groep, aantal, aandeel, tekst
    fasen: pl.DataFrame  # ncg_fase, fase_label, categorie, categorie_label, aantal
    ivr: pl.DataFrame  # ivr.per_lijn: lijn, gesprekken, verkeerd, verkeerd_aandeel, warme_overdrachten
    svip: pl.DataFrame  # svip.per_soort: soort, label, aantal
    svip_open: int  # svip.nog_open
    pilots: pl.DataFrame  # pilot, soort, acties, aangeboden, gekozen, uitgevoerd, afgewezen
    ivr_periode: tuple[date, date] | None = None  # the period the IVR figures count (None: no calls)
    svip_periode: tuple[date, date] | None = None  # the period the SVIP figures count (None: all)
    totaal_onderdrukt: bool = False  # small-cell suppression hid the total (aggregate roles)
    alle_adressen: int | None = None  # the total, kept when categories are hidden
    svip_totaal: int = 0  # all SVIP requests of svip_periode (its own cell for aggregate roles: no sum of `svip`)

    @property
    def totaal(self) -> int | None:
        """All NCG addresses in the selection; None when suppressed."""
        if self.totaal_onderdrukt:
            return None
        if self.alle_adressen is not None:
            return self.alle_adressen
        return int(self.categorieen["aantal"].sum())


def periode_tekst(periode: tuple[date, date] | None) -> str:
    """A period in Dutch, as the page and the PDF name it: '03-01-2021 t/m 30-06-2021', 'vanaf …', 't/m …',
    or 'alle gegevens' (no period, or unbounded)."""
    van, tot = periode or (BEGIN, EIND)
    if van <= BEGIN and tot >= EIND:
        return "alle gegevens"
    if van <= BEGIN:
        return f"t/m {fmt.datum(tot)}"
    if tot >= EIND:
        return f"vanaf {fmt.datum(van)}"
    return f"{fmt.datum(van)} t/m {fmt.datum(tot)}"


def ivr_kpi_periode(
    telling: pl.DataFrame, van: date | None = None, tot: date | None = None
) -> tuple[date, date] | None:
    """The period of the Overzicht's (and the PDF's) IVR figures: `van`..`tot` when either is given, else the
    misrouting KPI's default period (ivr.standaard_periode: 3 January to 30 June 2021, within the calls)."""
    if van or tot:
        w = window(van, tot)
        return w["van"], w["tot"]
    bereik = ivr.periode_van(telling)
    return ivr.standaard_periode(*bereik) if bereik else None


@dataclass(frozen=True)
class Adrescijfers:
    """Overzicht's address figures: figure 1, groups A-F and the NCG phases (also in the JSON and PDF reports)."""

    categorieen: pl.DataFrame  # categorie, label, aantal, aandeel
    groepen: pl.DataFrame  # groep, aantal, aandeel, tekst
    fasen: pl.DataFrame  # ncg_fase, fase_label, categorie, categorie_label, aantal


def adrescijfers(bron: Bron, filters: Filters) -> Adrescijfers:
    """Figure 1, the beide_lopend addresses per group A-F and the NCG phases of the global filters' addresses,
    counted in polars over the snapshot's address frame."""
    gekozen = adresframe.frame(bron, filters.peildatum).filter(adresframe.filter_expr(filters))
    cats = dict(gekozen.group_by("categorie").len().iter_rows())
    categorieen = _with_share(
        pl.DataFrame(
            {
                "categorie": list(CATEGORIEEN),
                "label": [CATEGORIE_LABELS[c] for c in CATEGORIEEN],
                "aantal": [int(cats.get(c, 0)) for c in CATEGORIEEN],
            }
        )
    )

    # The groups as figure 2 totals them (adressen.matrix_totalen, as on the Fasematrix): its cells (beide
    # lopend, NCG phases 1-5 x running IMG phases).
    totalen = adressen.matrix_totalen(adressen.fasematrix(gekozen, filters))
    groepen = _with_share(
        pl.DataFrame(
            {
                "groep": list(GROEPEN),
                "aantal": [int(totalen.get(("groep", g), 0)) for g in GROEPEN],
                "tekst": [GROEP_TEKST[g] for g in GROEPEN],
            }
        )
    )

    fasen = _complete_fasen(gekozen.group_by("ncg_fase", "categorie").agg(pl.len().cast(pl.Int64).alias("aantal")))
    return Adrescijfers(categorieen, groepen, fasen)


def load(
    conn: Connection,
    filters: Filters,
    van: date | None = None,
    tot: date | None = None,
    *,
    ivr_van: date | None = None,
    ivr_tot: date | None = None,
    telling: pl.DataFrame | None = None,
    verzoeken: pl.DataFrame | None = None,
    adressen_frame: pl.DataFrame | None = None,
) -> OverzichtData:
    """The overview. SVIP counts the requests received in `van`..`tot` (default all); IVR the calls in
    `ivr_van`..`ivr_tot`, by default `van`..`tot` when given, else ivr.standaard_periode (see `ivr_kpi_periode`).
    `telling`, `verzoeken` and `adressen_frame` are the snapshot's shared IVR, SVIP and address frames; read
    here when not given."""
    cijfers = adrescijfers(conn if adressen_frame is None else adressen_frame, filters)
    categorieen, groepen, fasen = cijfers.categorieen, cijfers.groepen, cijfers.fasen

    if telling is None:
        telling = ivr.telling(conn, filters.peildatum)
    if verzoeken is None:
        verzoeken = svip.verzoeken(conn, filters.peildatum)
    ivr_vt = ivr_kpi_periode(telling, ivr_van or van, ivr_tot or tot)
    per_lijn = ivr.kpi(telling, *(ivr_vt or (BEGIN, EIND)))
    svip_vt = window(van, tot)
    # Telephony and SVIP are not filtered by gemeente or programma on the Overzicht.
    svip_data = svip.selecteer(verzoeken, Filters(filters.peildatum), svip.SvipSelectie(svip_vt["van"], svip_vt["tot"]))

    pilots = (
        fetch(conn, "samenwerking_trechter", peildatum=filters.peildatum)
        .cast({"pilot": pl.String, "soort": pl.String})
        .with_columns(
            pl.col("pilot")
            .replace_strict(PILOT_LABELS, default="Buiten pilots", return_dtype=pl.String)
            .alias("pilot_label"),
            pl.col("soort")
            .replace_strict(SAMENWERKING_SOORT_LABELS, default=pl.col("soort"), return_dtype=pl.String)
            .alias("soort_label"),
        )
        .with_columns(pl.col("pilot").replace_strict(_PILOT_ORDER, default=len(PILOTS)).alias("_volgorde"))
        .sort("_volgorde", "soort")
        .drop("_volgorde")
    )
    return OverzichtData(
        categorieen,
        groepen,
        fasen,
        per_lijn,
        svip.per_soort(svip_data.per_dag),
        svip_data.open,
        pilots,
        ivr_periode=ivr_vt,
        svip_periode=(svip_vt["van"], svip_vt["tot"]) if van or tot else None,
        svip_totaal=svip_data.totaal,
    )


_PILOT_ORDER = {p: i for i, p in enumerate(PILOTS)}
_PILOT_KOLOMMEN = {
    "acties": "Mogelijk",
    "aangeboden": "Aangeboden",
    "gekozen": "Gekozen",
    "uitgevoerd": "Uitgevoerd",
    "afgewezen": "Afgewezen",
}


def pilot_tabel(pilots: pl.DataFrame, drempel: int | None = None) -> pl.DataFrame:
    """The pilots with Dutch headers, for the table and its downloads. With `drempel` (aggregate roles,
    after `onderdruk`) the counts are text and a hidden one reads '<5'."""
    tabel = pilots.select(
        pl.col("pilot_label").alias("Pilot"),
        pl.col("soort_label").alias("Soort samenwerking"),
        *(pl.col(k).alias(v) for k, v in _PILOT_KOLOMMEN.items()),
    )
    return privacy.als_tekst(tabel, list(_PILOT_KOLOMMEN.values()), drempel) if drempel else tabel


def _with_share(frame: pl.DataFrame) -> pl.DataFrame:
    total = frame["aantal"].sum()
    return frame.with_columns((pl.col("aantal") / total if total else pl.lit(None, pl.Float64)).alias("aandeel"))


def _complete_fasen(frame: pl.DataFrame) -> pl.DataFrame:
    """Every (phase, category) pair, zero where absent, so charts keep their axes."""
    grid = pl.DataFrame(
        [(f, c) for f in NCG_FASEN for c in CATEGORIEEN], schema=["ncg_fase", "categorie"], orient="row"
    )
    return grid.join(
        frame.select("ncg_fase", "categorie", "aantal"), on=["ncg_fase", "categorie"], how="left"
    ).with_columns(
        pl.col("aantal").fill_null(0).cast(pl.Int64),
        pl.col("ncg_fase").replace_strict(NCG_FASE_LABELS).alias("fase_label"),
        pl.col("categorie").replace_strict(CATEGORIE_LABELS).alias("categorie_label"),
    )
