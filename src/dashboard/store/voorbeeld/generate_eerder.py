"""The sample's earlier snapshot (autumn 2020), derived from the later delivery: what was on the list and running
then."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from dashboard.core.domain import (
    IMG_FASEN,
    NCG_FASEN,
)
from dashboard.store.voorbeeld.generate_doelen import AFGEHANDELD, AOS, FYSIEK, N_GEEN_2020, N_NCG_2020
from dashboard.store.voorbeeld.generate_hulp import _TO_RD, _bools, _dates, _day, _labels, _pick, _Run, _tri

if TYPE_CHECKING:  # generate imports this module
    from dashboard.store.voorbeeld.generate import _Levering

# ---------------------------------------------------------------- the earlier snapshot (autumn 2020)


def _days(s: pl.Series) -> np.ndarray:
    """ISO date strings as day numbers; null as the largest int32, after every peildatum."""
    return s.str.to_date("%Y-%m-%d").cast(pl.Int32).fill_null(np.iinfo(np.int32).max).to_numpy()


def _in_stijl(origineel: pl.Series, code: np.ndarray, codes: tuple[str, ...], nummers: bool) -> pl.Series:
    """Phase codes written the way the later file wrote this row's code: as a number, Capitalised, UPPER or lower."""
    tekst = _labels(code, codes)
    frame = pl.DataFrame({"o": origineel, "t": tekst})
    o, t = pl.col("o"), pl.col("t")
    nummer = pl.Series([str(i) for i in range(1, len(codes) + 1)]).gather(pl.Series(code))
    expr = (
        pl.when(o.str.contains(r"^\d+$"))
        .then(pl.lit(nummer) if nummers else t)
        .when(o == o.str.to_uppercase())
        .then(t.str.to_uppercase())
        .when(o.str.slice(0, 1) == o.str.slice(0, 1).str.to_uppercase())
        .then(pl.concat_str(t.str.slice(0, 1).str.to_uppercase(), t.str.slice(1)))
        .otherwise(t)
    )
    return frame.select(expr.alias(origineel.name)).to_series()


def _earlier(run: _Run, later: _Levering) -> dict[str, pl.DataFrame]:
    """The delivery of an earlier peildatum, consistent with the later one.

    The same addresses earlier in their NCG phases; the claims made by then, in the phase they had
    then; SVIP requests and joint actions dated by then. The counts are calibrated: `N_NCG_2020`
    addresses of which `N_GEEN_2020` without a physical-damage claim (the autumn-2020 inventory of
    the letter of 21 January: a little over 26,000 addresses, about 71% without a claim). To get
    there the later list's newcomers are addresses in their first phases that began after this
    peildatum and had no claim yet, and some addresses with a claim were on this list and left it
    before the later peildatum (they are not on the later list; their claims stay in IMG's file).
    """
    rng = run.rng
    cut = run.peil
    start_fase = _day(date(2018, 1, 15))
    ncg, adr, f21 = later.ncg, later.adr, later.files
    ncg21 = f21["ncg_adressen"]
    claims21 = f21["img_schademeldingen"]
    n21 = ncg21.height
    is_ncg = adr["is_ncg"].to_numpy()

    # Which universe addresses had a physical-damage or AOS claim by this peildatum.
    melding = _days(claims21["datum_melding"])
    fysiek = np.isin(later.claim_soort, (FYSIEK, AOS))
    had_claim = np.zeros(adr.height, dtype=bool)
    had_claim[later.claim_adres[fysiek & (melding <= cut)]] = True
    claim_toen = had_claim[ncg.adres]

    n_tot, n_met = run.n(N_NCG_2020), run.n(N_NCG_2020) - run.n(N_GEEN_2020)
    n_vertrokken = max(0, n_met - int(claim_toen.sum()))  # left the list between the two peildata
    n_met_nieuw = max(0, int(claim_toen.sum()) - n_met)  # newcomers that had a claim already
    n_nieuw = n21 - n_tot + n_vertrokken
    if n_nieuw < n_met_nieuw:
        raise ValueError("the earlier list cannot be calibrated at this scale")

    # Newcomers: the earliest phases first, among addresses whose phase began after this peildatum.
    sinds = _days(ncg21["fase_sinds"])
    zonder_datum = ncg21["fase_sinds"].is_null().to_numpy()
    laat = ~zonder_datum & (sinds > cut)
    volgorde = np.lexsort((rng.random(n21), ncg.fase, ~laat))
    met = volgorde[claim_toen[volgorde]][:n_met_nieuw]
    zonder = volgorde[~claim_toen[volgorde]][: n_nieuw - n_met_nieuw]
    nieuw = np.zeros(n21, dtype=bool)
    nieuw[met] = True
    nieuw[zonder] = True

    # The phase then: unchanged if it began by this peildatum, else an earlier one (or the first, date unknown).
    terug = np.where(laat, 1 + (rng.random(n21) < 0.15), np.where(zonder_datum & (rng.random(n21) < 0.25), 1, 0))
    fase = np.maximum(1, ncg.fase - terug)
    nieuwe_sinds = cut - rng.integers(0, 700, n21)
    sinds_toen = np.where(laat & (ncg.fase > 1), np.maximum(start_fase, nieuwe_sinds), sinds)
    sinds_bekend = ~zonder_datum & ~(laat & (ncg.fase == 1))
    blijft = pl.Series(~nieuw)
    lijst = ncg21.with_columns(
        pl.lit(run.peildatum.isoformat()).alias("peildatum"),
        _in_stijl(ncg21["fase"], fase - 1, NCG_FASEN, nummers=True),
        _dates(np.minimum(sinds_toen, cut), sinds_bekend).alias("fase_sinds"),
    ).filter(blijft)

    # Addresses that were on the list then and left it: not on the later list, with a claim by then.
    vertrokken = _pick(rng, np.flatnonzero(~is_ncg & had_claim), n_vertrokken)
    lijst = pl.concat([lijst, _vertrokken_adressen(run, adr, vertrokken, n21)], how="vertical_relaxed")

    return {
        "ncg_adressen": lijst,
        "img_schademeldingen": _claims_toen(run, claims21, melding),
        "svip_verzoeken": _svip_toen(run, f21["svip_verzoeken"]),
        # The phone menu started on 3 January 2021: no calls yet, so no file.
        "samenwerking": f21["samenwerking"].filter(pl.col("datum").str.to_date("%Y-%m-%d") <= run.peildatum),
    }


def _vertrokken_adressen(run: _Run, adr: pl.DataFrame, adressen: np.ndarray, eerste_id: int) -> pl.DataFrame:
    """NCG records for addresses that were on the earlier list only; their ids follow the later list's."""
    rng = run.rng
    n = adressen.size
    rows = adr.select(pl.all().gather(pl.Series(adressen, dtype=pl.Int64))).sort("postcode", "huisnummer")
    fase = rng.choice(6, n, p=(0.25, 0.30, 0.30, 0.15, 0.0, 0.0))
    start = _day(date(2018, 1, 15))
    sinds = np.maximum(start, run.peil - rng.integers(0, 900, n))
    rd_x, rd_y = _TO_RD.transform(rows["lon"].to_numpy(), rows["lat"].to_numpy())
    has_bag = rng.random(n) < 0.85
    has_xy = rng.random(n) < 0.99
    return pl.DataFrame(
        {
            "ncg_id": pl.select(
                pl.concat_str(
                    pl.lit("NCG-"),
                    pl.int_range(eerste_id + 1, eerste_id + n + 1, eager=False).cast(pl.Utf8).str.zfill(6),
                )
            ).to_series(),
            "peildatum": pl.repeat(run.peildatum.isoformat(), n, dtype=pl.Utf8, eager=True),
            "bag_id": pl.select(pl.when(pl.Series(has_bag)).then(rows["bag_id"])).to_series(),
            "postcode": rows["postcode"],
            "huisnummer": rows["huisnummer"].cast(pl.Utf8),
            "huisletter": rows["huisletter"],
            "toevoeging": rows["toevoeging"],
            "straat": rows["straat"],
            "woonplaats": rows["woonplaats"],
            "gemeente": rows["gemeente"],
            "rd_x": pl.select(pl.when(pl.Series(has_xy)).then(pl.Series(np.round(rd_x, 2)))).to_series(),
            "rd_y": pl.select(pl.when(pl.Series(has_xy)).then(pl.Series(np.round(rd_y, 2)))).to_series(),
            "fase": _labels(fase, NCG_FASEN),
            "fase_sinds": _dates(sinds, rng.random(n) < 0.97),
            "programma": _labels(rng.random(n) < 0.15, ("regulier", None)),
            "risicoprofiel": _labels(rng.random(n) < 0.08, (None, "verhoogd")),
            "bijzondere_situatie": _bools(rng, _tri(rng, n, 0.03, 0.85)),
            "toestemming": _bools(rng, _tri(rng, n, 0.45, 0.15)),
        }
    )


def _claims_toen(run: _Run, claims: pl.DataFrame, melding: np.ndarray) -> pl.DataFrame:
    """The claims made by the earlier peildatum, each in the phase it had then.

    A claim settled after that day was running; a claim still running later was no further along.
    The phase follows the time elapsed between melding and settlement (or the later peildatum).
    """
    cut = run.peil
    toen = melding <= cut
    c = claims.filter(pl.Series(toen))
    m = melding[toen]
    afgehandeld = _days(c["datum_afgehandeld"])
    fase_later = (
        c["fase"]
        .str.to_lowercase()
        .replace_strict({f: i for i, f in enumerate(IMG_FASEN)}, return_dtype=pl.Int64)
        .to_numpy()
    )
    later_peil = _days(c["peildatum"])
    klaar_later = fase_later == AFGEHANDELD
    eind = np.where(klaar_later, afgehandeld, later_peil)
    verstreken = (cut - m) / np.maximum(1, eind - m)
    fase = np.where(
        klaar_later,
        np.where(afgehandeld <= cut, AFGEHANDELD, np.minimum(3, np.floor(4 * verstreken))),
        np.minimum(fase_later, np.floor((fase_later + 1) * verstreken)),
    ).astype(np.int64)
    klaar = fase == AFGEHANDELD
    return c.with_columns(
        pl.lit(run.peildatum.isoformat()).alias("peildatum"),
        _in_stijl(c["fase"], fase, IMG_FASEN, nummers=False),
        pl.when(pl.Series(klaar)).then(pl.col("datum_afgehandeld")).alias("datum_afgehandeld"),
    )


def _svip_toen(run: _Run, svip: pl.DataFrame) -> pl.DataFrame:
    """The requests received by the earlier peildatum; those finished later were still open then."""
    dag = pl.col("datum_ontvangen").str.to_date("%Y-%m-%d")
    open_toen = pl.col("datum_afgerond").str.to_date("%Y-%m-%d") > run.peildatum
    return svip.filter(dag <= run.peildatum).with_columns(
        pl.when(open_toen).then(None).otherwise(pl.col("datum_afgerond")).alias("datum_afgerond"),
        pl.when(open_toen).then(None).otherwise(pl.col("uitkomst")).alias("uitkomst"),
    )
