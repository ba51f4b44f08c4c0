"""Address synthesis for the sample: villages with postcodes, streets, house numbers and coordinates (RD and WGS84)."""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from dashboard.store.voorbeeld.generate_doelen import (
    GEMEENTECODE,
    LETTER_PAIRS,
    N_NCG,
    N_OTHER_ADDRESSES,
    NCG_PER_GEMEENTE,
    OTHER_SHARE_PER_GEMEENTE,
    STREET_STEMS,
    STREET_SUFFIXES,
    VILLAGES,
)
from dashboard.store.voorbeeld.generate_hulp import _hamilton, _labels, _Run

# ---------------------------------------------------------------- addresses


def _addresses(run: _Run) -> pl.DataFrame:
    """Every address in the area, NCG or not: unique normalised address and unique bag_id."""
    rng = run.rng
    n_ncg = run.n(N_NCG)
    gemeenten = list(OTHER_SHARE_PER_GEMEENTE)
    ncg_gem = {g: run.n(NCG_PER_GEMEENTE[g]) for g in NCG_PER_GEMEENTE}
    ncg_gem["Eemsdelta"] = n_ncg - sum(ncg_gem.values())
    other_gem = dict(zip(gemeenten, _hamilton(run.n(N_OTHER_ADDRESSES), list(OTHER_SHARE_PER_GEMEENTE.values()))))

    parts = []
    for gemeente in gemeenten:
        villages = [v for v in VILLAGES if v[1] == gemeente]
        shares = [v[4] for v in villages]
        for v, n_ncg_v, n_other_v in zip(
            villages, _hamilton(ncg_gem[gemeente], shares), _hamilton(other_gem[gemeente], shares)
        ):
            parts.append(_village(rng, v, int(n_ncg_v), int(n_other_v)))
    adr = pl.concat(parts)
    n = adr.height

    letter = np.where(rng.random(n) < 0.04, rng.choice(4, n, p=(0.6, 0.25, 0.1, 0.05)), -1)
    toev = np.where(rng.random(n) < 0.03, rng.choice(5, n, p=(0.35, 0.3, 0.15, 0.08, 0.12)), -1)
    # Real BAG nummeraanduiding ids: gemeentecode, object type 20, a 10-digit serial.
    serial = (10_000_000 + np.cumsum(rng.integers(1, 40, n)))[rng.permutation(n)]
    adr = adr.with_columns(
        _labels(letter + 1, (None, "A", "B", "C", "D")).alias("huisletter"),
        _labels(toev + 1, (None, "1", "2", "3", "4", "BIS")).alias("toevoeging"),
        pl.concat_str(
            pl.col("gemeente").replace_strict(GEMEENTECODE, return_dtype=pl.Utf8),
            pl.lit("20"),
            pl.Series(serial).cast(pl.Utf8).str.zfill(10),
        ).alias("bag_id"),
    )
    return adr.with_row_index("adres")


def _village(rng: np.random.Generator, village, n_ncg: int, n_other: int) -> pl.DataFrame:
    woonplaats, gemeente, lat0, lon0, _, numbers = village
    n = n_ncg + n_other
    m = len(numbers)
    # Postcodes hold ~20 addresses; at large scale they grow so the letter pairs suffice.
    mean = max(20.0, 1.25 * n / (m * len(LETTER_PAIRS)))
    lo, hi = max(4, int(mean * 0.4)), int(mean * 1.6) + 1
    sizes = rng.integers(lo, hi, size=n // lo + 2)
    ends = np.cumsum(sizes)
    p = int(np.searchsorted(ends, n)) + 1
    sizes = sizes[:p].copy()
    sizes[-1] -= ends[p - 1] - n
    if p > m * len(LETTER_PAIRS):
        raise ValueError(f"{woonplaats}: too many postcodes")
    k = np.arange(p)
    pc_number = np.asarray(numbers)[k % m]
    pc_letters = np.asarray(LETTER_PAIRS)[k // m]
    postcode = np.char.add(pc_number.astype(str), pc_letters)

    n_streets = max(6, p // 3)
    stems = rng.choice(len(STREET_STEMS), n_streets)
    suffixes = rng.choice(len(STREET_SUFFIXES), n_streets)
    prefix = np.where(rng.random(n_streets) < 0.1, "Oude ", np.where(rng.random(n_streets) < 0.1, "Nieuwe ", ""))
    streets = np.char.add(prefix, np.char.add(np.asarray(STREET_STEMS)[stems], np.asarray(STREET_SUFFIXES)[suffixes]))
    pc_street = rng.integers(0, n_streets, p)

    base = rng.integers(1, 150, p)
    step = np.where(rng.random(p) < 0.7, 2, 1)
    pc_of = np.repeat(k, sizes)
    j = np.arange(n) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    huisnummer = base[pc_of] + step[pc_of] * j

    # Each postcode is a cluster within ~1 km of the village centre.
    cx, cy = rng.uniform(-0.85, 0.85, p), rng.uniform(-0.85, 0.85, p)
    dx = np.clip(cx[pc_of] + rng.normal(0, 0.05, n), -1, 1)
    dy = np.clip(cy[pc_of] + rng.normal(0, 0.05, n), -1, 1)
    lat = lat0 + dy / 111.2
    lon = lon0 + dx / (111.32 * math.cos(math.radians(lat0)))

    return pl.DataFrame(
        {
            "woonplaats": pl.repeat(woonplaats, n, dtype=pl.Utf8, eager=True),
            "gemeente": pl.repeat(gemeente, n, dtype=pl.Utf8, eager=True),
            "postcode": pl.Series(postcode[pc_of], dtype=pl.Utf8),
            "huisnummer": pl.Series(huisnummer, dtype=pl.Int32),
            "straat": pl.Series(streets[pc_street][pc_of], dtype=pl.Utf8),
            "lat": lat,
            "lon": lon,
            "is_ncg": rng.permutation(n) < n_ncg,
        }
    )
