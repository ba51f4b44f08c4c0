"""Small helpers every part of the sample generator uses: seeded draws, ids, dates, and `_Run` (scale and Generator)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from pyproj import Transformer

_TO_RD = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


# ---------------------------------------------------------------- small helpers


def _day(d: date) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


def _hamilton(total: int, weights) -> np.ndarray:
    """Split `total` into integers proportional to `weights` (largest remainder), summing exactly."""
    w = np.asarray(weights, dtype=float)
    exact = total * w / w.sum()
    counts = np.floor(exact).astype(np.int64)
    rest = total - counts.sum()
    if rest:
        counts[np.argsort(-(exact - counts), kind="stable")[:rest]] += 1
    return counts


def _labels(codes: np.ndarray, labels) -> pl.Series:
    return pl.Series(list(labels), dtype=pl.Utf8).gather(pl.Series(np.asarray(codes, dtype=np.int64)))


def _dates(days: np.ndarray, valid: np.ndarray | None = None) -> pl.Series:
    s = pl.Series(np.asarray(days, dtype=np.int32)).cast(pl.Date).dt.strftime("%Y-%m-%d")
    if valid is not None:
        s = pl.select(pl.when(pl.Series(valid)).then(s)).to_series()
    return s


def _ids(prefix: str, n: int, width: int) -> pl.Series:
    width = max(width, len(str(n)))
    return pl.select(
        pl.concat_str(pl.lit(prefix), pl.int_range(1, n + 1, eager=False).cast(pl.Utf8).str.zfill(width))
    ).to_series()


def _bools(rng: np.random.Generator, value: np.ndarray) -> pl.Series:
    """value: 1 true, 0 false, -1 unknown; written mostly as ja/nee, sometimes as J/true/1."""
    variant = rng.choice(4, size=value.size, p=(0.90, 0.04, 0.03, 0.03))
    code = np.where(value < 0, 0, np.where(value == 0, 1 + variant, 5 + variant))
    return _labels(code, (None, "nee", "N", "false", "0", "ja", "J", "true", "1"))


def _tri(rng: np.random.Generator, n: int, p_true: float, p_false: float) -> np.ndarray:
    u = rng.random(n)
    return np.where(u < p_true, 1, np.where(u < p_true + p_false, 0, -1))


def _pick(rng: np.random.Generator, pool: np.ndarray, n: int) -> np.ndarray:
    if n > pool.size:
        raise ValueError(f"need {n} addresses from a pool of {pool.size}")
    return rng.choice(pool, size=n, replace=False) if n else pool[:0]


@dataclass
class _Run:
    rng: np.random.Generator
    scale: float
    peildatum: date

    @property
    def peil(self) -> int:
        return _day(self.peildatum)

    def n(self, x: float) -> int:
        return int(math.floor(x * self.scale + 0.5))
