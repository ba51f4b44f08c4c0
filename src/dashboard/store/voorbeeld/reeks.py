"""The sample's monthly series: the deliveries between and around the two bundled snapshots.

The sample bundles two deliveries (`sample_data/2020-10-31/`, `sample_data/2021-08-31/`, both calibrated,
see dashboard.store.voorbeeld.generate). For a real series, monthly from 30 September 2020 to 31 August 2021, the ten
other
month ends are derived from those two, deterministically (one seed), and written as ordinary delivery folders
(Parquet, the contract's columns) that the loader loads like any other. Nothing of them is stored in the
repository; the app writes them on its first start into the data folder (`voorbeeldreeks/`).

How an address moves (per ncg_id, drawn once, so every month is one history):

- on both lists: it goes from its autumn-2020 NCG phase to its August-2021 phase, one phase at a time; the
  last step on its August `fase_sinds` when that lies between the two peildata, else on a random day between
  them; a second step on a random day before that. Its phase on a month end is the autumn phase plus the
  steps taken by then, its `fase_sinds` the day of the last of those steps (else the autumn one).
- on the August list only: it joins on a random day between the peildata (before its August phase began,
  where that is known and later than autumn), one phase earlier until its August phase began.
- on the autumn list only: it leaves on a random day between the peildata.
- 30 September 2020: an address whose autumn phase began in October was one phase earlier (or, in the first
  phase, not on the list yet).

IMG's claims, SVIP's requests, the joint actions and the calls of a month end are the August files cut at that
day, exactly as the autumn delivery was made (dashboard.store.voorbeeld.generate `_claims_toen`, `_svip_toen`):
a claim made by
then, in the phase it had then. So claims are filed and decided month by month, and every month agrees with
both bundled deliveries.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from dashboard.core.domain import NCG_FASEN
from dashboard.store.voorbeeld.generate_doelen import DEFAULT_PEILDATUM, DEFAULT_SEED, EERDERE_PEILDATUM
from dashboard.store.voorbeeld.generate_eerder import _claims_toen, _days, _in_stijl, _svip_toen
from dashboard.store.voorbeeld.generate_hulp import _dates, _day, _Run

# The series: month ends from 30 September 2020 to 31 August 2021; two of them are the bundled deliveries.
REEKS: tuple[date, ...] = (
    date(2020, 9, 30),
    date(2020, 10, 31),
    date(2020, 11, 30),
    date(2020, 12, 31),
    date(2021, 1, 31),
    date(2021, 2, 28),
    date(2021, 3, 31),
    date(2021, 4, 30),
    date(2021, 5, 31),
    date(2021, 6, 30),
    date(2021, 7, 31),
    date(2021, 8, 31),
)
GEBUNDELD = (EERDERE_PEILDATUM, DEFAULT_PEILDATUM)
AFGELEID: tuple[date, ...] = tuple(p for p in REEKS if p not in GEBUNDELD)
MAP = "voorbeeldreeks"  # the derived folders' folder in the data folder

_FASE_NR = {f: i + 1 for i, f in enumerate(NCG_FASEN)} | {str(i + 1): i + 1 for i in range(len(NCG_FASEN))}
_GEEN_DAG = np.iinfo(np.int32).max


def _fase_nr(s: pl.Series) -> np.ndarray:
    return s.str.strip_chars().str.to_lowercase().replace_strict(_FASE_NR, return_dtype=pl.Int64).to_numpy()


@dataclass
class _Plan:
    """Each address's history between the two bundled peildata, drawn once."""

    herfst: dict[str, pl.DataFrame]
    augustus: dict[str, pl.DataFrame]
    # Rows of the August list (in its order) and of the autumn leavers (in the autumn file's order).
    ncg21: pl.DataFrame
    f0: np.ndarray  # autumn phase of an August row (its August phase when it was not on the autumn list)
    f1: np.ndarray  # August phase
    s0: np.ndarray  # autumn fase_sinds as a day number (_GEEN_DAG: unknown)
    s1: np.ndarray  # August fase_sinds
    stap1: np.ndarray  # day of the first step forward (_GEEN_DAG: none)
    stap2: np.ndarray  # day of the second step forward
    binnen: np.ndarray  # day the address joined the list (0: on it in autumn already)
    september_terug: np.ndarray  # one phase earlier on 30 September 2020
    september_weg: np.ndarray  # not on the list yet on 30 September 2020
    september_sinds: np.ndarray  # fase_sinds on 30 September 2020 where it was one phase earlier
    weg: pl.DataFrame  # the autumn leavers' rows
    weg_op: np.ndarray  # day each leaver left the list
    claims: pl.DataFrame  # the August claims with their settlement day in the series


def plan(herfst: dict[str, pl.DataFrame], augustus: dict[str, pl.DataFrame], seed: int = DEFAULT_SEED) -> _Plan:
    """Draw every address's history from the two bundled deliveries' files (name -> frame)."""
    rng = np.random.default_rng((seed, 12))
    t0, t1 = _day(EERDERE_PEILDATUM), _day(DEFAULT_PEILDATUM)
    ncg21, ncg20 = augustus["ncg_adressen"], herfst["ncg_adressen"]
    n = ncg21.height
    toen = ncg21.select("ncg_id").join(
        ncg20.select("ncg_id", pl.col("fase").alias("fase0"), pl.col("fase_sinds").alias("sinds0")),
        on="ncg_id",
        how="left",
        maintain_order="left",
    )
    op_lijst = toen["fase0"].is_not_null().to_numpy()
    f1 = _fase_nr(ncg21["fase"])
    f0 = np.where(op_lijst, _fase_nr(toen["fase0"].fill_null("1")), f1)
    s1 = _days(ncg21["fase_sinds"])
    s0 = _days(toen["sinds0"])

    # Steps forward between the peildata: the last on the August fase_sinds where it lies between them.
    stappen = np.where(op_lijst, np.clip(f1 - f0, 0, 2), 0)
    u1, u2 = rng.random(n), rng.random(n)
    s1_tussen = (s1 > t0) & (s1 <= t1)
    laatste = np.where(s1_tussen, s1, t0 + 1 + np.floor(u1 * (t1 - t0)).astype(np.int64))
    eerdere = t0 + 1 + np.floor(u2 * np.maximum(0, laatste - t0 - 1)).astype(np.int64)
    stap1 = np.where(stappen == 2, eerdere, np.where(stappen == 1, laatste, _GEEN_DAG))
    stap2 = np.where(stappen == 2, laatste, _GEEN_DAG)

    # Newcomers join before their August phase began (where that is after autumn), else any day in between.
    u3 = rng.random(n)
    tot = np.where(s1_tussen, s1, t1)
    binnen = np.where(op_lijst, 0, t0 + 1 + np.floor(u3 * np.maximum(1, tot - t0)).astype(np.int64))

    # 30 September 2020: an October start of the autumn phase was a step from the phase before.
    sept = _day(REEKS[0])
    oktober = op_lijst & (s0 > sept) & (s0 <= t0)
    september_weg = oktober & (f0 == 1)
    september_terug = oktober & (f0 > 1)
    september_sinds = sept - rng.integers(30, 700, n)

    weg = ncg20.join(ncg21.select("ncg_id"), on="ncg_id", how="anti", maintain_order="left")
    weg_op = t0 + 1 + np.floor(rng.random(weg.height) * (t1 - t0)).astype(np.int64)
    return _Plan(
        herfst,
        augustus,
        ncg21,
        f0,
        f1,
        s0,
        s1,
        stap1,
        stap2,
        binnen,
        september_terug,
        september_weg,
        september_sinds,
        weg,
        weg_op,
        _afhandeling(rng, augustus["img_schademeldingen"]),
    )


def _afhandeling(rng: np.random.Generator, claims: pl.DataFrame) -> pl.DataFrame:
    """The August claims with the day each claim settled between the two peildata spread evenly over them.

    The calibrated August file settles many claims in its last weeks (a generated claim that would have
    settled after the peildatum settles on a random day before it), which cut month by month would keep
    them running until August and drop beide lopend by half in one month. In the series they settle in
    the same order, evenly between autumn and August (never before their melding): the autumn and August
    deliveries are exactly as bundled, the months between decline steadily."""
    t0, t1 = _day(EERDERE_PEILDATUM), _day(DEFAULT_PEILDATUM)
    d = _days(claims["datum_afgehandeld"])
    m = _days(claims["datum_melding"])
    tussen = np.flatnonzero((d > t0) & (d <= t1))
    k = tussen.size
    if not k:
        return claims
    volgorde = np.lexsort((rng.random(k), d[tussen]))
    rang = np.empty(k, dtype=np.int64)
    rang[volgorde] = np.arange(k)
    nieuw = d.copy()
    nieuw[tussen] = np.maximum(m[tussen], t0 + 1 + np.floor((rang + 0.5) / k * (t1 - t0)).astype(np.int64))
    return claims.with_columns(_dates(np.where(d < _GEEN_DAG, nieuw, 0), d < _GEEN_DAG).alias("datum_afgehandeld"))


def _ncg(p: _Plan, peildatum: date) -> pl.DataFrame:
    """The NCG list on a month end of the series (not a bundled one)."""
    dag = _day(peildatum)
    run_peil = peildatum.isoformat()
    if peildatum < EERDERE_PEILDATUM:
        fase = np.where(p.september_terug, p.f0 - 1, p.f0)
        sinds = np.where(p.september_terug, np.maximum(_day(date(2018, 1, 15)), p.september_sinds), p.s0)
        houden = (p.binnen == 0) & ~p.september_weg
        # The leavers by the same rule: an October start was a step from the phase before (date unknown).
        weg_sinds = _days(p.weg["fase_sinds"])
        weg_fase = _fase_nr(p.weg["fase"])
        oktober = (weg_sinds > dag) & (weg_sinds < _GEEN_DAG)
        weg = p.weg.with_columns(
            _in_stijl(p.weg["fase"], np.maximum(1, weg_fase - oktober) - 1, NCG_FASEN, nummers=True),
            pl.when(pl.Series(oktober)).then(None).otherwise(pl.col("fase_sinds")).alias("fase_sinds"),
        ).filter(pl.Series(~(oktober & (weg_fase == 1))))
    else:
        genomen = (p.stap1 <= dag).astype(np.int64) + (p.stap2 <= dag).astype(np.int64)
        nieuw = p.binnen > 0
        # A newcomer: its August phase once that began, the phase before until then.
        nieuw_fase = np.where(p.s1 <= dag, p.f1, np.maximum(1, p.f1 - 1))
        nieuw_sinds = np.where(p.s1 <= dag, p.s1, p.binnen)
        laatste_stap = np.where(p.stap2 <= dag, p.stap2, np.where(p.stap1 <= dag, p.stap1, _GEEN_DAG))
        fase = np.where(nieuw, nieuw_fase, p.f0 + genomen)
        sinds = np.where(nieuw, nieuw_sinds, np.where(laatste_stap < _GEEN_DAG, laatste_stap, p.s0))
        houden = ~nieuw | (p.binnen <= dag)
        weg = p.weg.filter(pl.Series(p.weg_op > dag))
    bekend = (sinds < _GEEN_DAG) & (sinds <= dag)
    lijst = p.ncg21.with_columns(
        pl.lit(run_peil).alias("peildatum"),
        _in_stijl(p.ncg21["fase"], fase - 1, NCG_FASEN, nummers=True),
        _dates(np.where(bekend, sinds, 0), bekend).alias("fase_sinds"),
    ).filter(pl.Series(houden))
    weg = weg.with_columns(pl.lit(run_peil).alias("peildatum"))
    return pl.concat([lijst, weg.select(lijst.columns)], how="vertical_relaxed")


def levering(p: _Plan, peildatum: date) -> dict[str, pl.DataFrame]:
    """The delivery files of a derived month end: name -> frame, the contract's columns."""
    if peildatum not in AFGELEID:
        raise ValueError(f"{peildatum} is not a derived month of the sample's series")
    run = _Run(np.random.default_rng(0), 1.0, peildatum)  # the cuts below draw nothing
    aug = p.augustus
    claims = p.claims
    files = {
        "ncg_adressen": _ncg(p, peildatum),
        "img_schademeldingen": _claims_toen(run, claims, _days(claims["datum_melding"])),
        "svip_verzoeken": _svip_toen(run, aug["svip_verzoeken"]),
        "samenwerking": aug["samenwerking"].filter(pl.col("datum").str.to_date("%Y-%m-%d") <= peildatum),
    }
    if "ivr_gesprekken" in aug:
        gesprekken = aug["ivr_gesprekken"].filter(pl.col("tijdstip").str.slice(0, 10) <= peildatum.isoformat())
        if gesprekken.height:
            files["ivr_gesprekken"] = gesprekken
    return files


def _schrijf_map(folder: Path, files: dict[str, pl.DataFrame]) -> None:
    """Parquet with fast compression: these folders are written on a first start, not shipped."""
    tijdelijk = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tijdelijk, ignore_errors=True)
    tijdelijk.mkdir(parents=True)
    for naam, frame in files.items():
        frame.write_parquet(tijdelijk / f"{naam}.parquet", compression="lz4")
    shutil.rmtree(folder, ignore_errors=True)
    tijdelijk.rename(folder)  # a folder is there whole or not at all


def _lees(folder: Path) -> dict[str, pl.DataFrame]:
    return {f.stem: pl.read_parquet(f) for f in sorted(Path(folder).glob("*.parquet"))}


def schrijf(bron: Path, doel: Path, peildata: tuple[date, ...] = AFGELEID, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the derived months' delivery folders (`doel/<peildatum>/`) from the bundled sample in `bron`;
    the folders in `peildata` order. A folder already written for this sample is kept as it is."""
    doel = Path(doel)
    merk = doel / ".bron"
    bron_merk = herkomst(bron, seed)
    if not merk.is_file() or merk.read_text() != bron_merk:
        for oud in doel.glob("*/*.parquet"):
            oud.unlink()
    p = None
    folders = []
    for peildatum in peildata:
        folder = doel / peildatum.isoformat()
        if not (folder / "ncg_adressen.parquet").is_file():
            if p is None:
                p = plan(
                    _lees(Path(bron) / EERDERE_PEILDATUM.isoformat()),
                    _lees(Path(bron) / DEFAULT_PEILDATUM.isoformat()),
                    seed,
                )
            _schrijf_map(folder, levering(p, peildatum))
        folders.append(folder)
    doel.mkdir(parents=True, exist_ok=True)
    merk.write_text(bron_merk)
    return folders


def herkomst(bron: Path, seed: int = DEFAULT_SEED) -> str:
    """What the derived folders were made from: the bundled files' bytes, the seed and this module's code."""
    h = hashlib.sha256(str(seed).encode())
    for f in sorted(Path(bron).glob("*/*.parquet")):
        h.update(f"{f.parent.name}/{f.name}".encode())
        h.update(f.read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()
