"""The benchmark's reference: Overzicht's and Fasematrix's counts computed the naive way, and the app's way.

Naive is what a dashboard without the load-time address table would do on every view: read the
snapshot's NCG addresses and IMG claims into pandas and classify and count in Python. The app's
way is the functions the Overzicht, the Fasematrix, the JSON report and the PDF take their counts from
(overzicht.adrescijfers, adressen.fasematrix) over the snapshot's address frame. Both return the same
plain dict, so the benchmark can check they agree before it compares their times.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dashboard.core.domain import FYSIEKE_SCHADESOORTEN, IMG_FASEN, IMG_LOPEND, NCG_LOPEND, groep
from dashboard.core.filters import Filters
from dashboard.store import adresframe
from dashboard.subjects import adressen, overzicht

Counts = dict[str, dict[str, int]]


def naive(conn: Connection, peildatum: date, gemeenten: tuple[str, ...] = ()) -> Counts:
    """Figure 1, groups A-F, NCG phases per category and the phase matrix from the raw tables."""
    ncg = pd.read_sql(sa.text("select * from ncg_adres where peildatum = :p"), conn, params={"p": peildatum})
    img = pd.read_sql(sa.text("select * from img_schademelding where peildatum = :p"), conn, params={"p": peildatum})
    if gemeenten:
        ncg = ncg[ncg["gemeente"].isin(gemeenten)]

    claims = img[img["ncg_id"].notna() & img["schadesoort"].isin(FYSIEKE_SCHADESOORTEN)].copy()
    claims["lopend"] = claims["fase"].isin(IMG_LOPEND)
    claims["fase_nr"] = claims["fase"].map({f: i for i, f in enumerate(IMG_FASEN)})
    per_adres = claims.groupby("ncg_id").agg(meldingen=("img_id", "size"), lopend=("lopend", "sum"))
    minst_ver = claims[claims["lopend"]].groupby("ncg_id")["fase_nr"].min().rename("img_fase_nr")

    a = ncg[["ncg_id", "fase"]].merge(per_adres, left_on="ncg_id", right_index=True, how="left")
    a = a.merge(minst_ver, left_on="ncg_id", right_index=True, how="left")
    a["meldingen"] = a["meldingen"].fillna(0)
    a["lopend"] = a["lopend"].fillna(0)
    beide = a["fase"].isin(NCG_LOPEND) & (a["lopend"] > 0)
    a["categorie"] = "gesloten"
    a.loc[beide, "categorie"] = "beide_lopend"
    a.loc[a["meldingen"] == 0, "categorie"] = "geen_schademelding"
    a["img_fase"] = a["img_fase_nr"].map(dict(enumerate(IMG_FASEN)))
    a["groep"] = [
        groep(n, i) if c == "beide_lopend" else None for n, i, c in zip(a["fase"], a["img_fase"], a["categorie"])
    ]

    matrix = a[a["categorie"] == "beide_lopend"]
    return {
        "categorieen": _counts(a.groupby("categorie").size()),
        "groepen": _counts(matrix.groupby("groep").size()),
        "fasen": _counts(a.groupby(["fase", "categorie"]).size()),
        "matrix": _counts(matrix.groupby(["fase", "img_fase"]).size()),
    }


def via_queries(
    conn: Connection, peildatum: date, gemeenten: tuple[str, ...] = (), frame: pl.DataFrame | None = None
) -> Counts:
    """The same counts by the app's own functions over the snapshot's address frame (`frame`, the app's shared
    one; read here when not given): what the Overzicht, the Fasematrix and both reports show."""
    frame = adresframe.frame(conn if frame is None else frame, peildatum)
    filters = Filters(peildatum, gemeenten)
    cijfers = overzicht.adrescijfers(frame, filters)
    matrix = adressen.fasematrix(frame, filters)
    return {
        "categorieen": {c: n for c, n in cijfers.categorieen.select("categorie", "aantal").iter_rows() if n},
        "groepen": {g: n for g, n in cijfers.groepen.select("groep", "aantal").iter_rows() if n},
        "fasen": {
            f"{f}|{c}": n for f, c, n in cijfers.fasen.select("ncg_fase", "categorie", "aantal").iter_rows() if n
        },
        "matrix": {c: n for c, n in matrix.select("cel", "aantal").iter_rows() if n},
    }


def _counts(series: pd.Series) -> dict[str, int]:
    return {("|".join(k) if isinstance(k, tuple) else str(k)): int(v) for k, v in series.items() if v}
