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

Split into: generate_doelen (the calibration targets), generate_hulp (seeded draws, ids, dates), generate_adressen
(address synthesis), generate_eerder (the earlier snapshot); this module keeps the five file generators (NCG,
IMG claims, IVR, SVIP, joint actions) and the entry points. About 600 lines because the five generators share
one run's state and draw in one fixed order (the seed's numbers depend on it); kept as the file generate.py
was, so its history follows.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from dashboard.core.domain import (
    IMG_FASEN,
    NCG_FASEN,
    PROGRAMMAS,
    SCHADESOORTEN,
    SVIP_SOORTEN,
    SVIP_UITKOMSTEN,
)
from dashboard.store.voorbeeld.generate_adressen import _addresses
from dashboard.store.voorbeeld.generate_doelen import (
    AFGEHANDELD,
    AOS,
    BEIDE,
    CATEGORIE_CODES,
    DEFAULT_PEILDATUM,
    DEFAULT_SEED,
    EERDERE_PEILDATUM,
    FEESTDAGEN,
    FYSIEK,
    GEEN,
    GESLOTEN,
    IMG_FASE_BEIDE,
    IMG_FASE_VRIJ,
    IMMATERIEEL,
    IVR_H1,
    IVR_H1_EIND,
    IVR_START,
    LOPEND_DAGEN,
    N_BEIDE_LOPEND,
    N_CLAIMS,
    N_GESLOTEN,
    N_SVIP_TOT_MIDDEN,
    NCG_FASE_PER_CATEGORIE,
    PROGRAMMA_AANTAL,
    SAMENWERKING_START,
    START_MELDING,
    SVIP_MIDDEN,
    SVIP_SOORT_AANDEEL,
    SVIP_START,
    SVIP_UITKOMST_AANDEEL,
    WAARDEDALING,
    WARME_OVERDRACHT_START,
)
from dashboard.store.voorbeeld.generate_eerder import _earlier
from dashboard.store.voorbeeld.generate_hulp import (
    _TO_RD,
    _bools,
    _dates,
    _day,
    _hamilton,
    _ids,
    _labels,
    _pick,
    _Run,
    _tri,
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
    rows = adr.filter(pl.col("is_ncg")).sort("postcode", "huisnummer", "huisletter", "toevoeging", nulls_last=False)
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
    fase_labels = (
        list(NCG_FASEN)
        + [str(i) for i in range(1, 7)]
        + [f.capitalize() for f in NCG_FASEN]
        + [f.upper() for f in NCG_FASEN]
    )
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
    return _Ncg(
        adres, categorie, fase, img_doel, adres[kop_opname], adres[kop_info], adres[bouw_info], adres[urgent], frame
    )


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
    afgehandeld = np.where(
        te_laat, melding + np.floor(rng.random(n) * (peil - melding + 1)).astype(np.int64), afgehandeld
    )

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


def _typed_address(
    rng: np.random.Generator, base: pl.DataFrame, alleen_bag: np.ndarray, adr: pl.DataFrame
) -> pl.DataFrame:
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
        pl.concat_str(
            "postcode",
            pl.col("huisnummer").cast(pl.Utf8),
            pl.col("huisletter").fill_null(""),
            pl.col("toevoeging").fill_null(""),
            separator="|",
        ).alias("_sleutel"),
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
        pl.when(pl.col("pc_vorm") == 1)
        .then(spaced)
        .when(pl.col("pc_vorm") == 2)
        .then(pc.str.to_lowercase())
        .when(pl.col("pc_vorm") == 3)
        .then(spaced.str.to_lowercase())
        .otherwise(pc)
    )
    nr = pl.col("huisnummer").cast(pl.Utf8)
    letter, toev = pl.col("huisletter"), pl.col("toevoeging")
    letter_txt = pl.when(pl.col("letter_klein")).then(letter.str.to_lowercase()).otherwise(letter)
    toev_txt = pl.when(pl.col("toev_klein")).then(toev.str.to_lowercase()).otherwise(toev)
    # '12 2' would read as a different number to a person; a space only before a word or after a letter.
    sep = (
        pl.when((pl.col("sep") == 2) & (letter.is_not_null() | (toev == "BIS")))
        .then(pl.lit(" "))
        .when(pl.col("sep") == 1)
        .then(pl.lit("/"))
        .otherwise(pl.lit("-"))
    )
    letter_deel = (
        pl.when(letter.is_not_null())
        .then(pl.concat_str(pl.when(pl.col("letter_spatie")).then(pl.lit(" ")).otherwise(pl.lit("")), letter_txt))
        .otherwise(pl.lit(""))
    )
    toev_deel = pl.when(toev.is_not_null()).then(pl.concat_str(sep, toev_txt)).otherwise(pl.lit(""))
    vorm = pl.col("nr_vorm")
    ab = pl.col("alleen_bag")
    huisnummer = (
        pl.when(ab & heeft_extra)
        .then(nr)
        .when(ab)
        .then(pl.concat_str(nr, pl.lit(" hs")))
        .when(vorm == 0)
        .then(nr)
        .when(vorm == 1)
        .then(pl.concat_str(nr, letter_deel, toev_deel))
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
        u < 0.92,
        rng.integers(8 * 3600, 17 * 3600, n),
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
        mis & na_juli,
        np.where(rng.random(n) < 0.75, 1, 0),
        np.where(rng.random(n) < 0.65, 0, -1),
    )
    return pl.DataFrame(
        {
            "gesprek_id": _ids("IVR-", n, 7),
            "tijdstip": pl.Series(tijd * 1_000_000, dtype=pl.Int64)
            .cast(pl.Datetime("us"))
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
    soort = np.concatenate(
        [
            rng.permutation(np.repeat(np.arange(5), _hamilton(n1, SVIP_SOORT_AANDEEL))),
            rng.choice(5, n2, p=SVIP_SOORT_AANDEEL),
        ]
    )
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


def _samenwerking(
    run: _Run, adr: pl.DataFrame, ncg: _Ncg, claim_adres: np.ndarray, claim_soort: np.ndarray
) -> pl.DataFrame:
    rng = run.rng
    parts: list[tuple[np.ndarray, str, str | None, list[tuple[str, int]], date, date]] = []

    def add(adressen, soort, pilot, statussen, van, tot):
        parts.append((np.asarray(adressen), soort, pilot, statussen, van, tot))

    n_gekozen = min(run.n(1), ncg.koploper_opname.size)
    add(
        ncg.koploper_opname,
        "gezamenlijke_opname",
        "koploper",
        [("gekozen", n_gekozen), ("afgewezen", ncg.koploper_opname.size - n_gekozen)],
        date(2020, 2, 1),
        date(2020, 12, 15),
    )
    add(
        ncg.koploper_info,
        "informatie_uitwisseling",
        "koploper",
        [("uitgevoerd", ncg.koploper_info.size)],
        date(2020, 2, 1),
        date(2020, 12, 15),
    )
    add(
        ncg.bouwimpuls_info,
        "informatie_uitwisseling",
        "bouwimpuls",
        [("uitgevoerd", ncg.bouwimpuls_info.size)],
        date(2020, 6, 1),
        date(2021, 4, 30),
    )
    n_opname = ncg.urgent.size // 2
    add(
        ncg.urgent,
        "gezamenlijke_opname",
        "urgente_combinatiedossiers",
        [("uitgevoerd", n_opname), ("mogelijk", ncg.urgent.size - n_opname)],
        date(2021, 1, 15),
        date(2021, 8, 20),
    )
    add(
        ncg.urgent[: min(run.n(3), n_opname)],
        "gezamenlijke_uitvoering",
        "urgente_combinatiedossiers",
        [("mogelijk", min(run.n(3), n_opname))],
        date(2021, 3, 1),
        date(2021, 8, 20),
    )

    # AOS nominations: addresses IMG found acutely unsafe, mostly not yet on the NCG list.
    is_ncg = adr["is_ncg"].to_numpy()
    aos = np.unique(claim_adres[claim_soort == AOS])
    n_aos = run.n(57)
    n_buiten = min(int(round(0.85 * n_aos)), int((~is_ncg[aos]).sum()))
    voordracht = np.concatenate(
        [_pick(rng, aos[~is_ncg[aos]], n_buiten), _pick(rng, aos[is_ncg[aos]], n_aos - n_buiten)]
    )
    n_opgepakt = run.n(3)
    add(
        voordracht,
        "aos_voordracht",
        None,
        [("uitgevoerd", n_opgepakt), ("aangeboden", n_aos - n_opgepakt)],
        date(2020, 7, 1),
        run.peildatum,
    )

    # Buddies and information exchange outside the pilots, at NCG addresses with a claim.
    pilot = np.concatenate([ncg.koploper_opname, ncg.koploper_info, ncg.bouwimpuls_info, ncg.urgent])
    beide = np.setdiff1d(ncg.adres[ncg.categorie == BEIDE], pilot)
    gesloten = np.setdiff1d(ncg.adres[ncg.categorie == GESLOTEN], pilot)
    n_buddy, n_info = run.n(80), run.n(200)
    kies = np.concatenate(
        [
            _pick(rng, beide, int(round(0.7 * (n_buddy + n_info)))),
            _pick(rng, gesloten, n_buddy + n_info - int(round(0.7 * (n_buddy + n_info)))),
        ]
    )
    kies = rng.permutation(kies)
    n_buddy_klaar = int(round(0.65 * n_buddy))
    add(
        kies[:n_buddy],
        "buddy",
        None,
        [("uitgevoerd", n_buddy_klaar), ("gekozen", n_buddy - n_buddy_klaar)],
        date(2020, 1, 1),
        run.peildatum,
    )
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


# ---------------------------------------------------------------- entry point


def _write(out: Path, files: dict[str, pl.DataFrame]) -> dict[str, int]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in files.items():
        frame.write_parquet(out / f"{name}.parquet", compression="zstd", compression_level=9)
    return {name: frame.height for name, frame in files.items()}


def generate(
    out: Path, scale: float = 1.0, seed: int = DEFAULT_SEED, peildatum: date = DEFAULT_PEILDATUM
) -> dict[str, int]:
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
