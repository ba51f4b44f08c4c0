"""The cell-key perturbation: deterministic, within its published bounds, distributed as its table says."""

from __future__ import annotations

import polars as pl

from dashboard.store import celsleutel


def test_every_cell_key_gives_a_perturbation_within_the_bounds_and_as_often_as_the_table_says():
    sleutels = pl.DataFrame({"s": range(celsleutel.BIG_N)})
    for n in (1, 2, 3, 4, 5, 17, 1400):
        uit = sleutels.with_columns(pl.lit(n).alias("n")).select(celsleutel.verstoord("n", "s").alias("v"))["v"]
        d = (uit - n).to_list()
        assert min(uit) >= 0
        assert all(abs(x) <= celsleutel.MAX_AFWIJKING for x in d)
        rij = celsleutel.PTABEL[min(n, 3)]
        assert {x: d.count(x) for x in set(d)} == {a: p for a, p in rij if p}


def test_zero_and_null_stay_as_they_are_and_the_same_cell_gives_the_same_number():
    f = pl.DataFrame({"n": [0, None, 7, 7, 7], "s": [0, 5, 300, 300, 44]})
    v = f.select(celsleutel.verstoord("n", "s"))["n"].to_list()
    assert v[:2] == [0, None]
    assert v[2] == v[3]  # same count and key sum: same published value


def test_record_keys_are_fixed_per_address_and_spread_over_the_range():
    ids = [f"NCG-{i:06d}" for i in range(20000)]
    a = celsleutel.recordsleutel("geheim", ids)
    assert a == celsleutel.recordsleutel("geheim", ids)
    assert a != celsleutel.recordsleutel("ander geheim", ids)
    assert min(a) == 0 and max(a) == celsleutel.BIG_N - 1
    per_waarde = pl.Series(a).value_counts()["count"]
    assert per_waarde.min() > 20000 / 256 * 0.6


def test_the_loader_gives_every_address_one_key_in_every_snapshot_from_the_databases_secret(sample_url):
    import sqlalchemy as sa

    from dashboard.store import adresframe, db, schema

    with db.engine(sample_url).connect() as conn:
        peildata = sorted(db.stored_peildata(conn))
        frames = [adresframe.lees(conn, p) for p in peildata]
        geheim = conn.execute(sa.select(schema.celsleutel_geheim.c.geheim)).scalars().all()
    assert len(geheim) == 1 and len(geheim[0]) == 64  # one secret per database, made by the first load
    beide = frames[0].join(frames[1], on="ncg_id", suffix="_later")
    assert beide.height > 20000
    assert (beide["sleutel"] == beide["sleutel_later"]).all()  # fixed per address across snapshots
    for f in frames:
        assert f["sleutel"].null_count() == 0 and f["sleutel"].is_between(0, celsleutel.BIG_N - 1).all()
        assert f["sleutel"].to_list() == celsleutel.recordsleutel(geheim[0], f["ncg_id"].to_list())
