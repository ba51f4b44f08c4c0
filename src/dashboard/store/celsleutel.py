"""Cell-key perturbation of counts for the aggregate roles (stuurgroep, manager).

The method of the flexible table builders of statistical offices (ABS TableBuilder; ONS and Destatis for
census tables). Every address has a fixed record key from 0 to BIG_N - 1, derived at load time from its
NCG-id and a secret of the database (`recordsleutel`), so the same address keeps its key in every
snapshot. A count is shown as `n + d`, where the perturbation `d` is read from the published table
PTABEL by the count `n` and the cell key: the sum of the record keys of the cell's addresses, modulo
BIG_N. So:

- the same cell (the same set of addresses) shows the same number in every view that reaches it,
  on every page, in every export and at every visit: averaging repeated requests learns nothing;
- two views that differ by a few addresses have unrelated cell keys, so their difference is the
  difference plus noise of up to 2 * MAX_AFWIJKING: no count of 1 to 4 follows with certainty;
- an empty cell stays 0 (it has no addresses, so nothing to protect), and no count goes below 0.

Review of the table (issue 16): a true 1 may read 0 (90/256) and a true 2 may read 0 (26/256), as ABS allows;
a published 0 then means 0, 1 or 2, which is what protects a household behind a 0. We kept this rather than
forcing 1 and 2 to 0 or 3+ (as ONS does for census tables): that would bias small counts much more and
gives no protection against the differencing attack that matters here (tests/test_celsleutel_aanval.py).
An empty cell has no addresses and no key, so it stays 0; a nonzero published count therefore says the
true count is not 0.

What it does not promise: the rows of a perturbed table need not add up to its perturbed total; an
attacker who can average many different views of the same addresses narrows the noise down (not to
certainty); and exact figures shown elsewhere (the unfiltered headline figures) are exact on purpose.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

BIG_N = 256
MAX_AFWIJKING = 2

# The published perturbation table: per count (1, 2, and 3 or more) the perturbations and their
# probabilities, as whole 256ths (the cell key is uniform on 0..255, so a row of 256ths is exact).
# Rows 1 and 2 never go below zero and keep the mean close to the count; from 3 on the noise is
# symmetric (mean 0, variance 0.8).
PTABEL: dict[int, tuple[tuple[int, int], ...]] = {
    1: ((-1, 90), (0, 90), (1, 51), (2, 25)),
    2: ((-2, 26), (-1, 64), (0, 90), (1, 51), (2, 25)),
    3: ((-2, 13), (-1, 51), (0, 128), (1, 51), (2, 13)),
}
assert all(sum(p for _, p in rij) == BIG_N for rij in PTABEL.values())


def recordsleutel(geheim: str, ncg_ids: Iterable[str]) -> list[int]:
    """The record keys of addresses: a keyed hash (BLAKE2b) of the NCG-id, uniform on 0..BIG_N-1.

    Without the database's secret nobody can compute a cell's key, so the perturbation of a cell
    cannot be undone by someone who knows which addresses it holds.
    """
    sleutel = geheim.encode()
    return [hashlib.blake2b(i.encode(), key=sleutel, digest_size=2).digest()[0] for i in ncg_ids]


def afwijking(rij: int, celsleutel: pl.Expr) -> pl.Expr:
    """The perturbation for a count in table row `rij`, looked up by cell key (a native expression)."""
    grens = 0
    uitkomst: pl.Expr | None = None
    for d, p in PTABEL[rij]:
        grens += p
        uitkomst = (pl.when(celsleutel < grens) if uitkomst is None else uitkomst.when(celsleutel < grens)).then(d)
    return uitkomst.otherwise(0)


def verstoord(aantal: pl.Expr | str, sleutelsom: pl.Expr | str) -> pl.Expr:
    """The published value of a count: aantal + d(aantal, sleutelsom mod BIG_N); 0 stays 0; never negative.

    `sleutelsom` is the sum of the record keys of the addresses counted (any integer type).
    """
    n = pl.col(aantal) if isinstance(aantal, str) else aantal
    s = pl.col(sleutelsom) if isinstance(sleutelsom, str) else sleutelsom
    ck = (s % BIG_N).cast(pl.Int64)
    d = pl.when(n == 1).then(afwijking(1, ck)).when(n == 2).then(afwijking(2, ck)).otherwise(afwijking(3, ck))
    uit = pl.when(n.is_null()).then(None).when(n <= 0).then(n).otherwise((n + d).clip(lower_bound=0)).cast(pl.Int64)
    return uit.alias(aantal) if isinstance(aantal, str) else uit


def verstoor(frame: pl.DataFrame, aantal: str = "aantal", sleutelsom: str = "sleutelsom") -> pl.DataFrame:
    """`frame` with its count column perturbed (and the key sum dropped: it never leaves the server)."""
    return frame.with_columns(verstoord(aantal, sleutelsom).alias(aantal)).drop(sleutelsom)


def geheim(conn: Connection) -> str:
    """The database's secret for the record keys: read, or made once (by the first load, under its write lock)."""
    from dashboard.store import schema

    t = schema.celsleutel_geheim
    bestaand = conn.execute(sa.select(t.c.geheim).where(t.c.id == 1)).scalar_one_or_none()
    if bestaand is not None:
        return bestaand
    nieuw = secrets.token_hex(32)
    conn.execute(t.insert(), {"id": 1, "geheim": nieuw})
    return nieuw


# Records other than addresses get their key from their own id with a prefix, so an id that happens to equal an
# NCG-id does not share its key.
ACTIE = "samenwerking_actie:"
VERZOEK = "svip_verzoek:"


def met_sleutels(tabel: pl.DataFrame, geheim_: str, kolom: str = "ncg_id", voorvoegsel: str = "") -> pl.DataFrame:
    """A table with its record keys (column `sleutel`) from its id column `kolom`, once per load: the linked
    address table (by NCG-id) or the joint actions (by action id, with the prefix ACTIE)."""
    return tabel.with_columns(
        pl.Series("sleutel", recordsleutel(geheim_, [voorvoegsel + i for i in tabel[kolom].to_list()]), dtype=pl.Int64)
    )


def tel(*extra: pl.Expr) -> list[pl.Expr]:
    """The aggregations of a cell: its count `aantal` and its key sum `sleutelsom` (then `extra`)."""
    return [pl.len().cast(pl.Int64).alias("aantal"), pl.col("sleutel").sum().cast(pl.Int64).alias("sleutelsom"), *extra]


def tel_waar(voorwaarde: pl.Expr, naam: str) -> list[pl.Expr]:
    """A sub-count of a cell: the rows meeting `voorwaarde` as `naam` and their key sum `naam`_sleutelsom."""
    return [
        voorwaarde.sum().cast(pl.Int64).alias(naam),
        pl.when(voorwaarde).then(pl.col("sleutel")).otherwise(0).sum().cast(pl.Int64).alias(f"{naam}_sleutelsom"),
    ]
