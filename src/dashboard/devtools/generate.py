"""A synthetic, calibrated delivery (aanlevering) for development, demos and tests.

`generate(out)` writes the five contract files as Parquet into `out/`. At scale 1
and the default peildatum the figures of the evaluation (August 2021) come out
exactly: 26,800 NCG addresses of which 17,700 without a physical-damage claim,
7,700 closed and 1,400 with both dossiers running; the IVR and SVIP counts of
the first half of 2021 and mid-2020; the pilots' joint actions. Claim addresses
are typed the way residents type them, always within the contract, so the
loader's normalisation and linking are what makes the figures come out.

Everything is drawn from one seeded numpy Generator in a fixed order, and the
work is vectorised, so scale 30 (~800k addresses, ~4.5M claims) runs in minutes.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
from pyproj import Transformer

from dashboard.core.domain import (
    IMG_FASEN,
    NCG_FASEN,
    PROGRAMMAS,
    SCHADESOORTEN,
    SVIP_SOORTEN,
    SVIP_UITKOMSTEN,
)

DEFAULT_SEED = 20210831
DEFAULT_PEILDATUM = date(2021, 8, 31)
# The sample's earlier snapshot: the autumn-2020 inventory of the letter of 21 January ("ruim 26.000
# adressen", "op circa 71 procent geen schademelding").
EERDERE_PEILDATUM = date(2020, 10, 31)
N_NCG_2020 = 26_000
N_GEEN_2020 = 18_460  # 71.0%

# Volumes at scale 1.
N_NCG = 26_800
N_BEIDE_LOPEND = 1_400
N_GESLOTEN = 7_700
N_CLAIMS = 150_000
N_OTHER_ADDRESSES = 70_000
NCG_PER_GEMEENTE = {"Groningen": 5_000, "Midden-Groningen": 3_500, "Het Hogeland": 2_350, "Oldambt": 300}
OTHER_SHARE_PER_GEMEENTE = {
    "Eemsdelta": 0.42, "Groningen": 0.28, "Midden-Groningen": 0.17, "Het Hogeland": 0.11, "Oldambt": 0.02,
}
GEMEENTECODE = {"Eemsdelta": "1979", "Groningen": "0014", "Midden-Groningen": "1952",
                "Het Hogeland": "1966", "Oldambt": "1895"}

# (woonplaats, gemeente, lat, lon, share within the gemeente, 4-digit postcodes)
VILLAGES: tuple[tuple[str, str, float, float, float, tuple[int, ...]], ...] = (
    ("Loppersum", "Eemsdelta", 53.333, 6.750, 0.16, (9919,)),
    ("Appingedam", "Eemsdelta", 53.322, 6.858, 0.22, (9901, 9902, 9903)),
    ("Delfzijl", "Eemsdelta", 53.330, 6.918, 0.30, (9930, 9931, 9932, 9933, 9934, 9935, 9937, 9938)),
    ("Middelstum", "Eemsdelta", 53.347, 6.642, 0.08, (9991,)),
    ("Stedum", "Eemsdelta", 53.323, 6.695, 0.06, (9921,)),
    ("'t Zandt", "Eemsdelta", 53.363, 6.776, 0.05, (9914,)),
    ("Garrelsweer", "Eemsdelta", 53.303, 6.776, 0.04, (9923,)),
    ("Wagenborgen", "Eemsdelta", 53.259, 6.942, 0.09, (9936,)),
    ("Uithuizen", "Het Hogeland", 53.408, 6.671, 0.45, (9981,)),
    ("Winsum", "Het Hogeland", 53.330, 6.519, 0.25, (9951,)),
    ("Bedum", "Het Hogeland", 53.300, 6.602, 0.30, (9781,)),
    ("Groningen", "Groningen", 53.219, 6.567, 0.75,
     tuple(range(9711, 9719)) + tuple(range(9721, 9729)) + tuple(range(9731, 9739)) + tuple(range(9741, 9748))),
    ("Ten Boer", "Groningen", 53.276, 6.694, 0.25, (9791,)),
    ("Slochteren", "Midden-Groningen", 53.220, 6.805, 0.20, (9621,)),
    ("Siddeburen", "Midden-Groningen", 53.254, 6.870, 0.20, (9628,)),
    ("Overschild", "Midden-Groningen", 53.279, 6.787, 0.08, (9625,)),
    ("Hoogezand", "Midden-Groningen", 53.161, 6.761, 0.32, (9601, 9602, 9603, 9606, 9607, 9608)),
    ("Sappemeer", "Midden-Groningen", 53.160, 6.791, 0.20, (9611, 9612, 9613)),
    ("Winschoten", "Oldambt", 53.144, 7.034, 1.00, (9671, 9672, 9673, 9674, 9675)),
)

# Postcode letter pairs; SA, SD and SS are not issued in the Netherlands.
LETTER_PAIRS = tuple(
    a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if a + b not in ("SA", "SD", "SS")
)
STREET_STEMS = (
    "Kerk", "Molen", "School", "Dorps", "Heeren", "Wierde", "Tuin", "Zuider", "Noorder", "Ooster", "Wester",
    "Hoofd", "Stations", "Beuken", "Eiken", "Linden", "Berken", "Wilgen", "Esdoorn", "Meidoorn", "Kastanje",
    "Populieren", "Iepen", "Zwaluw", "Kievit", "Merel", "Lijster", "Reiger", "Spreeuwen", "Vinken", "Leeuwerik",
    "Boeren", "Akker", "Weide", "Maren", "Zijl", "Sluis", "Haven", "Vaart", "Borg", "Klooster", "Pastorie",
    "Rozen", "Tulpen", "Narcissen", "Krokus", "Lelie", "Jasmijn", "Brink", "Wad", "Eems", "Fivel", "Damster",
    "Hunze", "Reitdiep", "Wierum", "Hoeve", "Slingeborg", "Mieden", "Hamrik", "Oosterhorn", "Steen", "Bloemen",
)
STREET_SUFFIXES = ("straat", "weg", "laan", "pad", "plein", "singel", "dijk", "kade", "hof", "wijk", "dreef", "streek")

# NCG phase counts per figure-1 category (phases 1..6): overall 11/12/24/38/6/9 %.
NCG_FASE_PER_CATEGORIE = {
    "beide_lopend": (140, 196, 336, 630, 98, 0),
    "gesloten": (770, 924, 1_848, 2_772, 385, 1_001),
    "geen_schademelding": (2_038, 2_096, 4_248, 6_782, 1_125, 1_411),
}
GEEN, GESLOTEN, BEIDE = 0, 1, 2
CATEGORIE_CODES = ("geen_schademelding", "gesloten", "beide_lopend")

# Programme sizes at scale 1 (koploper and the pilots' forced addresses included).
PROGRAMMA_AANTAL = {"koploper": 60, "bouwimpuls": 1_000, "vbs": 450, "batch_1588": 1_588,
                    "batch_3538": 3_538, "typologie": 1_200}

FYSIEK, AOS, WAARDEDALING, IMMATERIEEL = range(4)
AFGEHANDELD = 4
# Phase shares of a claim nothing constrains (melding, opname, advies, besluit, afgehandeld).
IMG_FASE_VRIJ = (0.08, 0.08, 0.07, 0.05, 0.72)
# Least advanced running IMG phase of a beide_lopend address.
IMG_FASE_BEIDE = (0.30, 0.25, 0.25, 0.20)
# Days since melding of a running claim, per phase (low, high).
LOPEND_DAGEN = ((0, 150), (20, 300), (45, 450), (75, 600))

START_MELDING = date(2018, 3, 31)
IVR_START = date(2021, 1, 3)
IVR_H1_EIND = date(2021, 6, 30)
WARME_OVERDRACHT_START = date(2021, 7, 1)
IVR_H1 = {"IMG": (57_352, 745), "NCG": (6_517, 634)}  # calls, misrouted
FEESTDAGEN = (date(2021, 4, 2), date(2021, 4, 5), date(2021, 4, 27), date(2021, 5, 5), date(2021, 5, 13),
              date(2021, 5, 24))
SVIP_START = date(2019, 10, 1)
SVIP_MIDDEN = date(2020, 6, 30)
N_SVIP_TOT_MIDDEN = 500
SVIP_SOORT_AANDEEL = (0.42, 0.26, 0.18, 0.08, 0.06)
# Outcome shares per kind, in SVIP_UITKOMSTEN order (beantwoord, geprioriteerd, gekoppeld, afgewezen).
SVIP_UITKOMST_AANDEEL = (
    (0.92, 0.00, 0.00, 0.08),
    (0.15, 0.00, 0.75, 0.10),
    (0.25, 0.55, 0.00, 0.20),
    (0.70, 0.00, 0.00, 0.30),
    (0.90, 0.00, 0.00, 0.10),
)
SAMENWERKING_START = date(2019, 10, 1)

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
        for v, n_ncg_v, n_other_v in zip(villages, _hamilton(ncg_gem[gemeente], shares),
                                         _hamilton(other_gem[gemeente], shares)):
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


# ---------------------------------------------------------------- NCG


@dataclass
class _Ncg:
    adres: np.ndarray  # universe index per NCG row
    categorie: np.ndarray
    fase: np.ndarray  # 1..6
    img_doel: np.ndarray  # least advanced running IMG phase of a beide_lopend address, else -1
    koploper_opname: np.ndarray  # universe indices of the koploper addresses with a joint-inspection option
    koploper_info: np.ndarray
    bouwimpuls_info: np.ndarray
    urgent: np.ndarray
    frame: pl.DataFrame


def _ncg(run: _Run, adr: pl.DataFrame) -> _Ncg:
    rng = run.rng
    rows = (
        adr.filter(pl.col("is_ncg"))
        .sort("postcode", "huisnummer", "huisletter", "toevoeging", nulls_last=False)
    )
    n = rows.height
    adres = rows["adres"].to_numpy()

    counts = [run.n(N_GESLOTEN), run.n(N_BEIDE_LOPEND)]
    categorie = rng.permutation(np.repeat([GEEN, GESLOTEN, BEIDE], [n - sum(counts), *counts]))
    fase = np.zeros(n, dtype=np.int64)
    for code, naam in enumerate(CATEGORIE_CODES):
        idx = np.flatnonzero(categorie == code)
        fase[idx] = rng.permutation(np.repeat(np.arange(1, 7), _hamilton(idx.size, NCG_FASE_PER_CATEGORIE[naam])))
    img_doel = np.where(categorie == BEIDE, rng.choice(4, n, p=IMG_FASE_BEIDE), -1)

    # Pilot addresses first, then programmes; a pilot's addresses carry its programme.
    taken = np.zeros(n, dtype=bool)

    def take(mask: np.ndarray, k: int) -> np.ndarray:
        chosen = _pick(rng, np.flatnonzero(mask & ~taken), k)
        taken[chosen] = True
        return chosen

    beide = categorie == BEIDE
    urgent = take(beide & np.isin(fase, (2, 3, 4)), run.n(20))
    kop_opname = take(beide & (fase == 2) & (img_doel <= 1), run.n(4))
    kop_info = take(np.ones(n, dtype=bool), run.n(60) - kop_opname.size)
    bouw_info = take(categorie != GEEN, run.n(150))

    prog = {p: i for i, p in enumerate(PROGRAMMAS)}
    programma = np.full(n, prog["regulier"])
    programma[np.concatenate([kop_opname, kop_info])] = prog["koploper"]
    programma[bouw_info] = prog["bouwimpuls"]
    n_vbs = urgent.size * 3 // 5
    programma[urgent[:n_vbs]] = prog["vbs"]
    programma[urgent[n_vbs:]] = prog["batch_3538"]
    for naam in ("bouwimpuls", "vbs", "batch_1588", "batch_3538", "typologie"):
        already = int((programma == prog[naam]).sum())
        programma[take(np.ones(n, dtype=bool), max(0, run.n(PROGRAMMA_AANTAL[naam]) - already))] = prog[naam]

    p50_kans = np.where(np.isin(programma, (prog["vbs"], prog["batch_3538"])), 0.7, 0.08)
    u = rng.random(n)
    risico = np.where(u < p50_kans, 1, np.where(u < p50_kans + 0.08, 2, 0))
    risico[urgent] = 1

    # Phase codes as NCG writes them, with some numeric and capitalised ones.
    vorm = rng.choice(4, n, p=(0.88, 0.06, 0.03, 0.03))
    fase_labels = list(NCG_FASEN) + [str(i) for i in range(1, 7)] + [f.capitalize() for f in NCG_FASEN] + [
        f.upper() for f in NCG_FASEN]
    fase_code = vorm * 6 + fase - 1
    start = _day(date(2018, 1, 15))
    fase_sinds = start + np.floor(rng.random(n) ** 0.8 * (run.peil - 1 - start)).astype(np.int64)
    programma_code = np.where((programma == prog["regulier"]) & (rng.random(n) < 0.15), len(PROGRAMMAS), programma)

    has_bag = rng.random(n) < 0.85
    has_xy = rng.random(n) < 0.99
    rd_x, rd_y = _TO_RD.transform(rows["lon"].to_numpy(), rows["lat"].to_numpy())
    peil = run.peildatum.isoformat()
    frame = pl.DataFrame(
        {
            "ncg_id": _ids("NCG-", n, 6),
            "peildatum": pl.repeat(peil, n, dtype=pl.Utf8, eager=True),
            "bag_id": rows["bag_id"],
            "postcode": rows["postcode"],
            "huisnummer": rows["huisnummer"].cast(pl.Utf8),
            "huisletter": rows["huisletter"],
            "toevoeging": rows["toevoeging"],
            "straat": rows["straat"],
            "woonplaats": rows["woonplaats"],
            "gemeente": rows["gemeente"],
            "rd_x": np.round(rd_x, 2),
            "rd_y": np.round(rd_y, 2),
            "fase": _labels(fase_code, fase_labels),
            "fase_sinds": _dates(fase_sinds, rng.random(n) < 0.97),
            "programma": _labels(programma_code, (*PROGRAMMAS, None)),
            "risicoprofiel": _labels(risico, (None, "p50", "verhoogd")),
            "bijzondere_situatie": _bools(rng, _tri(rng, n, 0.03, 0.85)),
            "toestemming": _bools(rng, _tri(rng, n, 0.45, 0.15)),
        }
    ).with_columns(
        pl.when(pl.Series(has_bag)).then(pl.col("bag_id")).alias("bag_id"),
        pl.when(pl.Series(has_xy)).then(pl.col("rd_x")).alias("rd_x"),
        pl.when(pl.Series(has_xy)).then(pl.col("rd_y")).alias("rd_y"),
    )
    return _Ncg(adres, categorie, fase, img_doel, adres[kop_opname], adres[kop_info],
                adres[bouw_info], adres[urgent], frame)


# ---------------------------------------------------------------- IMG


def _claims(run: _Run, adr: pl.DataFrame, ncg: _Ncg) -> tuple[pl.DataFrame, np.ndarray, np.ndarray]:
    """The claims file, plus each claim's universe address and schadesoort in the file's row order."""
    rng = run.rng
    n_ncg = ncg.adres.size

    # Physical claims at NCG addresses with a claim; their phases make the category come out.
    has = np.flatnonzero(ncg.categorie != GEEN)
    k = 1 + rng.poisson(0.8, has.size)
    a = np.repeat(has, k)
    first = (np.arange(a.size) - np.repeat(np.cumsum(k) - k, k)) == 0
    cat, doel = ncg.categorie[a], ncg.img_doel[a]
    fase_a = np.full(a.size, AFGEHANDELD)
    beide = cat == BEIDE
    fase_a[beide & first] = doel[beide & first]
    # Further claims at a beide_lopend address are settled or no less advanced than the first.
    verder = doel + np.floor(rng.random(a.size) * (4 - doel)).astype(np.int64)
    later = beide & ~first
    fase_a[later] = np.where(rng.random(a.size) < 0.55, AFGEHANDELD, verder)[later]
    # A finished NCG dossier makes the address gesloten whatever the claims do.
    vrij = (cat == GESLOTEN) & (ncg.fase[a] == 6)
    fase_a[vrij] = rng.choice(5, a.size, p=IMG_FASE_VRIJ)[vrij]
    soort_a = np.where(rng.random(a.size) < 0.03, AOS, FYSIEK)

    # Other kinds of claim at NCG addresses, also at some without a physical claim.
    b = np.flatnonzero(rng.random(n_ncg) < np.where(ncg.categorie == GEEN, 0.04, 0.06))
    soort_b = np.where(rng.random(b.size) < 0.6, WAARDEDALING, IMMATERIEEL)
    fase_b = rng.choice(5, b.size, p=IMG_FASE_VRIJ)

    # Claims at addresses not on the NCG list; the total comes out at exactly N_CLAIMS.
    other = adr.filter(~pl.col("is_ncg"))["adres"].to_numpy()
    n_rest = run.n(N_CLAIMS) - a.size - b.size
    if n_rest < other.size:
        raise ValueError("scale too small for the claim volume")
    weight = rng.gamma(0.7, 1.0, other.size)
    extra = rng.choice(other.size, size=n_rest - other.size, p=weight / weight.sum())
    per_other = 1 + np.bincount(extra, minlength=other.size)
    c = np.repeat(other, per_other)
    soort_c = rng.choice(4, c.size, p=(0.895, 0.02, 0.05, 0.035))
    fase_c = rng.choice(5, c.size, p=IMG_FASE_VRIJ)

    adres = np.concatenate([ncg.adres[a], ncg.adres[b], c])
    soort = np.concatenate([soort_a, soort_b, soort_c])
    fase = np.concatenate([fase_a, fase_b, fase_c])
    n = adres.size

    start, peil = _day(START_MELDING), run.peil
    lopend = fase < AFGEHANDELD
    lo = np.array([d[0] for d in LOPEND_DAGEN] + [0])[fase]
    hi = np.array([d[1] for d in LOPEND_DAGEN] + [0])[fase]
    melding_lopend = peil - rng.integers(lo, hi + 1)
    melding_klaar = start + np.floor(rng.random(n) ** 0.85 * (peil - 7 - start)).astype(np.int64)
    melding = np.maximum(start, np.where(lopend, melding_lopend, melding_klaar))
    afgehandeld = melding + 10 + np.round(rng.gamma(2.0, 75.0, n)).astype(np.int64)
    te_laat = afgehandeld > peil
    afgehandeld = np.where(te_laat, melding + np.floor(rng.random(n) * (peil - melding + 1)).astype(np.int64),
                           afgehandeld)

    urgent = np.where(soort == AOS, 1, _tri(rng, n, 0.03, 0.85))
    toestemming = _tri(rng, n, 0.55, 0.10)
    fase_labels = list(IMG_FASEN) + [f.capitalize() for f in IMG_FASEN]
    fase_code = fase + 5 * (rng.random(n) < 0.01)

    # Which claims carry a bag_id: the true one of their address, never a conflicting one.
    ncg_bag = np.zeros(adr.height, dtype=bool)
    ncg_bag[ncg.adres] = ncg.frame["bag_id"].is_not_null().to_numpy()
    is_ncg = adr["is_ncg"].to_numpy()
    p_bag = np.where(ncg_bag[adres], 0.6, np.where(is_ncg[adres], 0.4, 0.5))
    bag = rng.random(n) < p_bag
    # A few of those are typed so differently that only the bag_id links them.
    alleen_bag = bag & ncg_bag[adres] & (rng.random(n) < 0.04)

    # Claims get their id in order of melding, as a register does.
    order = np.lexsort((rng.random(n), melding))
    base = adr.select(pl.all().gather(pl.Series(adres[order])))
    typed = _typed_address(rng, base, alleen_bag[order], adr)
    lopend_o = lopend[order]
    peil_s = run.peildatum.isoformat()
    frame = pl.DataFrame(
        {
            "img_id": _ids("IMG-", n, 7),
            "peildatum": pl.repeat(peil_s, n, dtype=pl.Utf8, eager=True),
            "postcode": typed["postcode"],
            "huisnummer": typed["huisnummer"],
            "huisletter": typed["huisletter"],
            "toevoeging": typed["toevoeging"],
            "bag_id": pl.select(pl.when(pl.Series(bag[order])).then(base["bag_id"])).to_series(),
            "schadesoort": _labels(soort[order], SCHADESOORTEN),
            "fase": _labels(fase_code[order], fase_labels),
            "datum_melding": _dates(melding[order]),
            "datum_afgehandeld": _dates(afgehandeld[order], ~lopend_o),
            "urgent": _bools(rng, urgent[order]),
            "toestemming": _bools(rng, toestemming[order]),
        }
    )
    return frame, adres[order], soort[order]


def _typed_address(rng: np.random.Generator, base: pl.DataFrame, alleen_bag: np.ndarray,
                   adr: pl.DataFrame) -> pl.DataFrame:
    """Postcode and house number as residents type them; all normalise back to the address.

    `alleen_bag` rows drop their huisletter/toevoeging or gain a toevoeging HS, so their
    normalised address differs and only the bag_id links them; where the changed
    address exists in the area the row is typed normally instead.
    """
    n = base.height
    r = pl.DataFrame(
        {
            "pc_vorm": rng.choice(4, n, p=(0.70, 0.14, 0.09, 0.07)),
            # 0 separate columns, 1 all in huisnummer, 2 letter in huisnummer and toevoeging column,
            # 3 letter both in huisnummer and in its column (the same letter, so no conflict)
            "nr_vorm": rng.choice(4, n, p=(0.45, 0.45, 0.07, 0.03)),
            "letter_klein": rng.random(n) < 0.5,
            "letter_spatie": rng.random(n) < 0.3,
            "sep": rng.choice(3, n, p=(0.5, 0.3, 0.2)),
            "toev_klein": rng.random(n) < 0.5,
            "alleen_bag": alleen_bag,
        }
    )
    df = pl.concat([base.select("postcode", "huisnummer", "huisletter", "toevoeging"), r], how="horizontal")

    bekend = adr.select(
        pl.concat_str("postcode", pl.col("huisnummer").cast(pl.Utf8), pl.col("huisletter").fill_null(""),
                      pl.col("toevoeging").fill_null(""), separator="|").alias("_sleutel"),
        pl.lit(True).alias("_bestaat"),
    )
    heeft_extra = pl.col("huisletter").is_not_null() | pl.col("toevoeging").is_not_null()
    df = (
        df.with_columns(
            pl.when(heeft_extra)
            .then(pl.concat_str("postcode", pl.col("huisnummer").cast(pl.Utf8), pl.lit("|"), separator="|"))
            .alias("_sleutel")
        )
        .join(bekend, on="_sleutel", how="left", maintain_order="left")
        .with_columns((pl.col("alleen_bag") & pl.col("_bestaat").is_null()).alias("alleen_bag"))
    )

    pc = pl.col("postcode")
    spaced = pl.concat_str(pc.str.slice(0, 4), pl.lit(" "), pc.str.slice(4, 2))
    postcode = (
        pl.when(pl.col("pc_vorm") == 1).then(spaced)
        .when(pl.col("pc_vorm") == 2).then(pc.str.to_lowercase())
        .when(pl.col("pc_vorm") == 3).then(spaced.str.to_lowercase())
        .otherwise(pc)
    )
    nr = pl.col("huisnummer").cast(pl.Utf8)
    letter, toev = pl.col("huisletter"), pl.col("toevoeging")
    letter_txt = pl.when(pl.col("letter_klein")).then(letter.str.to_lowercase()).otherwise(letter)
    toev_txt = pl.when(pl.col("toev_klein")).then(toev.str.to_lowercase()).otherwise(toev)
    # '12 2' would read as a different number to a person; a space only before a word or after a letter.
    sep = (
        pl.when((pl.col("sep") == 2) & (letter.is_not_null() | (toev == "BIS"))).then(pl.lit(" "))
        .when(pl.col("sep") == 1).then(pl.lit("/"))
        .otherwise(pl.lit("-"))
    )
    letter_deel = pl.when(letter.is_not_null()).then(
        pl.concat_str(pl.when(pl.col("letter_spatie")).then(pl.lit(" ")).otherwise(pl.lit("")), letter_txt)
    ).otherwise(pl.lit(""))
    toev_deel = pl.when(toev.is_not_null()).then(pl.concat_str(sep, toev_txt)).otherwise(pl.lit(""))
    vorm = pl.col("nr_vorm")
    ab = pl.col("alleen_bag")
    huisnummer = (
        pl.when(ab & heeft_extra).then(nr)
        .when(ab).then(pl.concat_str(nr, pl.lit(" hs")))
        .when(vorm == 0).then(nr)
        .when(vorm == 1).then(pl.concat_str(nr, letter_deel, toev_deel))
        .otherwise(pl.concat_str(nr, letter_deel))
    )
    huisletter = pl.when(ab).then(None).when(vorm == 0).then(letter_txt).when(vorm == 3).then(letter)
    toevoeging = pl.when(ab | (vorm == 1)).then(None).otherwise(toev_txt)
    return df.select(
        postcode.alias("postcode"),
        huisnummer.alias("huisnummer"),
        huisletter.alias("huisletter"),
        toevoeging.alias("toevoeging"),
    )


# ---------------------------------------------------------------- IVR


def _ivr_weight(days: np.ndarray) -> np.ndarray:
    """Relative call volume per day: busy Mondays, little at weekends and on holidays."""
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    weight = np.array([1.2, 1.05, 1.0, 1.0, 0.85, 0.05, 0.02])[weekday]
    weight[np.isin(days, [_day(d) for d in FEESTDAGEN])] = 0.05
    return weight


def _ivr(run: _Run) -> pl.DataFrame:
    rng = run.rng
    days = np.arange(_day(IVR_START), run.peil + 1)
    weight = _ivr_weight(days)
    h1 = days <= _day(IVR_H1_EIND)
    h1_weight = _ivr_weight(np.arange(_day(IVR_START), _day(IVR_H1_EIND) + 1)).sum()
    h1_complete = run.peil >= _day(IVR_H1_EIND)

    lijn_parts, dag_parts, mis_parts = [], [], []
    for lijn, (n_h1, mis_h1) in enumerate(IVR_H1.values()):
        n_h1, mis_h1 = run.n(n_h1), run.n(mis_h1)
        per_gewicht = n_h1 / h1_weight
        w1, w2 = weight[h1], weight[~h1]
        if h1_complete:
            n1, m1 = n_h1, mis_h1
        else:
            n1 = int(round(per_gewicht * w1.sum()))
            m1 = int(round(mis_h1 * n1 / max(n_h1, 1)))
        n2 = int(round(per_gewicht * w2.sum()))
        dag1 = np.repeat(days[h1], rng.multinomial(n1, w1 / w1.sum())) if n1 else days[:0]
        dag2 = np.repeat(days[~h1], rng.multinomial(n2, w2 / w2.sum())) if n2 else days[:0]
        mis1 = np.zeros(n1, dtype=bool)
        mis1[rng.choice(n1, size=m1, replace=False)] = True
        mis2 = rng.random(n2) < mis_h1 / max(n_h1, 1)
        lijn_parts.append(np.full(n1 + n2, lijn))
        dag_parts.append(np.concatenate([dag1, dag2]))
        mis_parts.append(np.concatenate([mis1, mis2]))
    return _ivr_frame(rng, np.concatenate(lijn_parts), np.concatenate(dag_parts), np.concatenate(mis_parts))


def _ivr_frame(rng: np.random.Generator, lijn: np.ndarray, dag: np.ndarray, mis: np.ndarray) -> pl.DataFrame:
    n = lijn.size
    u = rng.random(n)
    seconde = np.where(
        u < 0.92, rng.integers(8 * 3600, 17 * 3600, n),
        np.where(u < 0.98, rng.integers(17 * 3600, 20 * 3600, n), rng.integers(7 * 3600, 8 * 3600, n)),
    )
    tijd = dag * 86_400 + seconde
    order = np.lexsort((rng.random(n), tijd))
    lijn, dag, mis, tijd = lijn[order], dag[order], mis[order], tijd[order]

    # Menu choice and recorded question; codes in IVR_MENUKEUZES / IVR_ONDERWERPEN order,
    # with 'eigen' meaning the line's own subject (IMG: schade, NCG: versterking).
    img = lijn == 0
    eigen, ander = np.where(img, 0, 1), np.where(img, 1, 0)
    overig_geen = rng.choice((2, 3), n, p=(0.5, 0.5))
    keuze = np.where(rng.random(n) < 0.76, eigen, overig_geen)
    v = rng.random(n)
    onderwerp = np.where(v < 0.75, eigen, np.where(v < 0.87, 2, np.where(v < 0.92, 3, -1)))
    # Misrouted: chose the other subject, or chose something else but asked about the other subject.
    koos_ander = rng.random(n) < 0.55
    keuze = np.where(mis & koos_ander, ander, keuze)
    onderwerp = np.where(mis & koos_ander, np.where(rng.random(n) < 0.8, ander, -1), onderwerp)
    onderwerp = np.where(mis & ~koos_ander, ander, onderwerp)

    na_juli = dag >= _day(WARME_OVERDRACHT_START)
    warm = np.where(
        mis & na_juli, np.where(rng.random(n) < 0.75, 1, 0),
        np.where(rng.random(n) < 0.65, 0, -1),
    )
    return pl.DataFrame(
        {
            "gesprek_id": _ids("IVR-", n, 7),
            "tijdstip": pl.Series(tijd * 1_000_000, dtype=pl.Int64).cast(pl.Datetime("us"))
            .dt.strftime("%Y-%m-%dT%H:%M:%S"),
            "lijn": _labels(lijn, ("IMG", "NCG")),
            "menukeuze": _labels(keuze, ("schade", "versterking", "overig", "geen")),
            "onderwerp": _labels(onderwerp + 1, (None, "schade", "versterking", "overig", "onbekend")),
            "warme_overdracht": _labels(warm + 1, (None, "nee", "ja")),
        }
    )


# ---------------------------------------------------------------- SVIP


def _svip(run: _Run, adr: pl.DataFrame, ncg: _Ncg) -> pl.DataFrame:
    rng = run.rng
    start, midden, peil = _day(SVIP_START), _day(SVIP_MIDDEN), run.peil
    werkdagen = np.arange(start, max(start, peil + 1))
    werkdagen = werkdagen[(werkdagen + 3) % 7 < 5]
    d1, d2 = werkdagen[werkdagen <= midden], werkdagen[werkdagen > midden]
    alle_d1 = np.arange(start, midden + 1)
    per_werkdag = run.n(N_SVIP_TOT_MIDDEN) / np.sum((alle_d1 + 3) % 7 < 5)
    n1 = run.n(N_SVIP_TOT_MIDDEN) if peil >= midden else int(round(per_werkdag * d1.size))
    # The desk got busier after mid-2020.
    n2 = int(round(per_werkdag * d2.size * 1.25))
    ontvangen = np.sort(np.concatenate([rng.choice(d1, n1) if n1 else d1, rng.choice(d2, n2) if n2 else d2]))
    n = n1 + n2
    soort = np.concatenate([
        rng.permutation(np.repeat(np.arange(5), _hamilton(n1, SVIP_SOORT_AANDEEL))),
        rng.choice(5, n2, p=SVIP_SOORT_AANDEEL),
    ])
    afgerond = ontvangen + 1 + np.round(rng.gamma(1.6, 7.0, n)).astype(np.int64)
    gesloten = afgerond <= peil
    cum = np.cumsum(np.array(SVIP_UITKOMST_AANDEEL), axis=1)
    uitkomst = (rng.random(n)[:, None] > cum[soort]).sum(axis=1).clip(0, 3)
    uitkomst = np.where(gesloten, uitkomst + 1, 0)

    # The address asked about: mostly an NCG address where both organisations are or were busy.
    pools = [ncg.adres[ncg.categorie == c] for c in (BEIDE, GESLOTEN, GEEN)]
    welke = rng.choice(3, n, p=(0.55, 0.35, 0.10))
    adres = np.zeros(n, dtype=np.int64)
    for i, pool in enumerate(pools):
        idx = np.flatnonzero(welke == i)
        adres[idx] = rng.choice(pool, idx.size)
    met_adres = rng.random(n) < 0.88
    base = adr.select(pl.all().gather(pl.Series(adres)))
    mask = pl.Series(met_adres)
    return pl.DataFrame(
        {
            "verzoek_id": _ids("SVIP-", n, 5),
            "datum_ontvangen": _dates(ontvangen),
            "datum_afgerond": _dates(afgerond, gesloten),
            "aanvrager": _labels(rng.random(n) < 0.45, ("IMG", "NCG")),
            "soort": _labels(soort, SVIP_SOORTEN),
            "uitkomst": _labels(uitkomst, (None, *SVIP_UITKOMSTEN)),
        }
    ).with_columns(
        pl.when(mask).then(base["postcode"]).alias("postcode"),
        pl.when(mask).then(base["huisnummer"].cast(pl.Utf8)).alias("huisnummer"),
        pl.when(mask).then(base["huisletter"]).alias("huisletter"),
        pl.when(mask).then(base["toevoeging"]).alias("toevoeging"),
    )


# ---------------------------------------------------------------- joint actions


def _samenwerking(run: _Run, adr: pl.DataFrame, ncg: _Ncg, claim_adres: np.ndarray,
                  claim_soort: np.ndarray) -> pl.DataFrame:
    rng = run.rng
    parts: list[tuple[np.ndarray, str, str | None, list[tuple[str, int]], date, date]] = []

    def add(adressen, soort, pilot, statussen, van, tot):
        parts.append((np.asarray(adressen), soort, pilot, statussen, van, tot))

    n_gekozen = min(run.n(1), ncg.koploper_opname.size)
    add(ncg.koploper_opname, "gezamenlijke_opname", "koploper",
        [("gekozen", n_gekozen), ("afgewezen", ncg.koploper_opname.size - n_gekozen)],
        date(2020, 2, 1), date(2020, 12, 15))
    add(ncg.koploper_info, "informatie_uitwisseling", "koploper", [("uitgevoerd", ncg.koploper_info.size)],
        date(2020, 2, 1), date(2020, 12, 15))
    add(ncg.bouwimpuls_info, "informatie_uitwisseling", "bouwimpuls",
        [("uitgevoerd", ncg.bouwimpuls_info.size)], date(2020, 6, 1), date(2021, 4, 30))
    n_opname = ncg.urgent.size // 2
    add(ncg.urgent, "gezamenlijke_opname", "urgente_combinatiedossiers",
        [("uitgevoerd", n_opname), ("mogelijk", ncg.urgent.size - n_opname)], date(2021, 1, 15), date(2021, 8, 20))
    add(ncg.urgent[: min(run.n(3), n_opname)], "gezamenlijke_uitvoering", "urgente_combinatiedossiers",
        [("mogelijk", min(run.n(3), n_opname))], date(2021, 3, 1), date(2021, 8, 20))

    # AOS nominations: addresses IMG found acutely unsafe, mostly not yet on the NCG list.
    is_ncg = adr["is_ncg"].to_numpy()
    aos = np.unique(claim_adres[claim_soort == AOS])
    n_aos = run.n(57)
    n_buiten = min(int(round(0.85 * n_aos)), int((~is_ncg[aos]).sum()))
    voordracht = np.concatenate([_pick(rng, aos[~is_ncg[aos]], n_buiten), _pick(rng, aos[is_ncg[aos]], n_aos - n_buiten)])
    n_opgepakt = run.n(3)
    add(voordracht, "aos_voordracht", None, [("uitgevoerd", n_opgepakt), ("aangeboden", n_aos - n_opgepakt)],
        date(2020, 7, 1), run.peildatum)

    # Buddies and information exchange outside the pilots, at NCG addresses with a claim.
    pilot = np.concatenate([ncg.koploper_opname, ncg.koploper_info, ncg.bouwimpuls_info, ncg.urgent])
    beide = np.setdiff1d(ncg.adres[ncg.categorie == BEIDE], pilot)
    gesloten = np.setdiff1d(ncg.adres[ncg.categorie == GESLOTEN], pilot)
    n_buddy, n_info = run.n(80), run.n(200)
    kies = np.concatenate([
        _pick(rng, beide, int(round(0.7 * (n_buddy + n_info)))),
        _pick(rng, gesloten, n_buddy + n_info - int(round(0.7 * (n_buddy + n_info)))),
    ])
    kies = rng.permutation(kies)
    n_buddy_klaar = int(round(0.65 * n_buddy))
    add(kies[:n_buddy], "buddy", None, [("uitgevoerd", n_buddy_klaar), ("gekozen", n_buddy - n_buddy_klaar)],
        date(2020, 1, 1), run.peildatum)
    add(kies[n_buddy:], "informatie_uitwisseling", None, [("uitgevoerd", n_info)], date(2020, 1, 1), run.peildatum)

    adres_l, soort_l, pilot_l, status_l, datum_l = [], [], [], [], []
    for adressen, soort, pilot_naam, statussen, van, tot in parts:
        k = adressen.size
        lo = min(max(_day(van), _day(SAMENWERKING_START)), run.peil)
        hi = max(lo, min(_day(tot), run.peil))
        adres_l.append(adressen)
        soort_l += [soort] * k
        pilot_l += [pilot_naam] * k
        status_l += [s for s, m in statussen for _ in range(m)]
        datum_l.append(rng.integers(lo, hi + 1, k))
    adres = np.concatenate(adres_l).astype(np.int64)
    datum = np.concatenate(datum_l)
    order = np.lexsort((rng.random(adres.size), datum))
    base = adr.select(pl.all().gather(pl.Series(adres[order])))
    return pl.DataFrame(
        {
            "actie_id": _ids("SW-", adres.size, 5),
            "postcode": base["postcode"],
            "huisnummer": base["huisnummer"].cast(pl.Utf8),
            "huisletter": base["huisletter"],
            "toevoeging": base["toevoeging"],
            "soort": pl.Series(soort_l, dtype=pl.Utf8).gather(pl.Series(order)),
            "pilot": pl.Series(pilot_l, dtype=pl.Utf8).gather(pl.Series(order)),
            "status": pl.Series(status_l, dtype=pl.Utf8).gather(pl.Series(order)),
            "datum": _dates(datum[order]),
        }
    )


# ---------------------------------------------------------------- the earlier snapshot (autumn 2020)


@dataclass
class _Levering:
    """A generated delivery's files and what the earlier snapshot is derived from."""

    files: dict[str, pl.DataFrame]
    adr: pl.DataFrame
    ncg: _Ncg
    claim_adres: np.ndarray  # universe address per claim, in the claims file's row order
    claim_soort: np.ndarray


def _build(run: _Run) -> _Levering:
    adr = _addresses(run)
    ncg = _ncg(run, adr)
    claims, claim_adres, claim_soort = _claims(run, adr, ncg)
    files = {
        "ncg_adressen": ncg.frame,
        "img_schademeldingen": claims,
        "svip_verzoeken": _svip(run, adr, ncg),
        "ivr_gesprekken": _ivr(run),
        "samenwerking": _samenwerking(run, adr, ncg, claim_adres, claim_soort),
    }
    return _Levering(files, adr, ncg, claim_adres, claim_soort)


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
        pl.when(o.str.contains(r"^\d+$")).then(pl.lit(nummer) if nummers else t)
        .when(o == o.str.to_uppercase()).then(t.str.to_uppercase())
        .when(o.str.slice(0, 1) == o.str.slice(0, 1).str.to_uppercase()).then(
            pl.concat_str(t.str.slice(0, 1).str.to_uppercase(), t.str.slice(1)))
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
            "ncg_id": pl.select(pl.concat_str(pl.lit("NCG-"), pl.int_range(eerste_id + 1, eerste_id + n + 1, eager=False)
                                              .cast(pl.Utf8).str.zfill(6))).to_series(),
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
    fase_later = c["fase"].str.to_lowercase().replace_strict({f: i for i, f in enumerate(IMG_FASEN)},
                                                             return_dtype=pl.Int64).to_numpy()
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


# ---------------------------------------------------------------- entry point


def _write(out: Path, files: dict[str, pl.DataFrame]) -> dict[str, int]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in files.items():
        frame.write_parquet(out / f"{name}.parquet", compression="zstd", compression_level=9)
    return {name: frame.height for name, frame in files.items()}


def generate(out: Path, scale: float = 1.0, seed: int = DEFAULT_SEED,
             peildatum: date = DEFAULT_PEILDATUM) -> dict[str, int]:
    """Write a delivery folder with the five contract files as Parquet; return rows per file."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    return _write(out, _build(_Run(np.random.default_rng(seed), scale, peildatum)).files)


def generate_sample(out: Path, scale: float = 1.0, seed: int = DEFAULT_SEED) -> dict[date, dict[str, int]]:
    """Write the sample: one delivery folder per peildatum, `out/2020-10-31/` and `out/2021-08-31/`.

    The 2021 delivery is exactly what `generate(out)` writes; the autumn-2020 one is derived from
    it with a generator of its own, so adding it changed nothing in the 2021 files.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    later = _build(_Run(np.random.default_rng(seed), scale, DEFAULT_PEILDATUM))
    earlier = _earlier(_Run(np.random.default_rng((seed, EERDERE_PEILDATUM.year)), scale, EERDERE_PEILDATUM), later)
    return {
        EERDERE_PEILDATUM: _write(Path(out) / EERDERE_PEILDATUM.isoformat(), earlier),
        DEFAULT_PEILDATUM: _write(Path(out) / DEFAULT_PEILDATUM.isoformat(), later.files),
    }


if __name__ == "__main__":  # pragma: no cover
    import sys

    t0 = time.perf_counter()
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("sample_data")
    print(generate_sample(target, float(sys.argv[2]) if len(sys.argv) > 2 else 1.0), f"{time.perf_counter() - t0:.1f}s")
