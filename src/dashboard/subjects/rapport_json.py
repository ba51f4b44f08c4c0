"""The machine-readable report of data-contract.md: the address figures by the pages' own functions over
the snapshot's address frame, the rest from the stored queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from sqlalchemy.engine import Connection

from dashboard.core.domain import NCG_LOPEND, SVIP_SOORTEN
from dashboard.core.filters import Filters, window
from dashboard.store import adresframe
from dashboard.store.db import fetch, stored_peildata
from dashboard.subjects import ivr, overzicht, svip
from dashboard.subjects.adressen import fasematrix


class NoSnapshot(LookupError):
    pass


def resolve_peildatum(conn: Connection, peildatum: date | None) -> date:
    stored = stored_peildata(conn)
    if not stored:
        raise NoSnapshot("de database bevat nog geen aanlevering")
    if peildatum is None:
        return max(stored)
    if peildatum not in stored:
        raise NoSnapshot(
            f"geen aanlevering met peildatum {peildatum.isoformat()}; wel: " + ", ".join(p.isoformat() for p in stored)
        )
    return peildatum


def build_report(
    conn: Connection,
    peildatum: date | None = None,
    van: date | None = None,
    tot: date | None = None,
    gemeenten: tuple[str, ...] = (),
    programmas: tuple[str, ...] = (),
) -> dict[str, Any]:
    pd = resolve_peildatum(conn, peildatum)
    filters = Filters(pd, tuple(gemeenten), tuple(programmas))
    periode = window(van, tot)

    # The address figures through the same functions as the pages, over the snapshot's address frame.
    frame = adresframe.lees(conn, pd)
    cijfers = overzicht.adrescijfers(frame, filters)
    adressen = {
        "totaal": int(cijfers.categorieen["aantal"].sum()),
        **{c: int(n) for c, n in cijfers.categorieen.select("categorie", "aantal").iter_rows()},
    }
    groepen = {g: int(n) for g, n in cijfers.groepen.select("groep", "aantal").iter_rows()}
    # The non-empty cells, in the order of the former query: NCG phase, then IMG phase code.
    matrix = (
        fasematrix(frame, filters)
        .filter(pl.col("aantal") > 0)
        .sort(
            pl.col("ncg_fase").replace_strict({f: i for i, f in enumerate(NCG_LOPEND)}, return_dtype=pl.Int32),
            "img_fase",
        )
    )

    # The same functions as the pages': misrouted calls per line and requests per kind in the window.
    per_lijn = ivr.kpi(ivr.telling(conn, pd), periode["van"], periode["tot"])
    verzoeken = svip.selecteer(svip.verzoeken(conn, pd), Filters(pd), svip.SvipSelectie(periode["van"], periode["tot"]))
    per_soort = dict(svip.per_soort(verzoeken.per_dag).select("soort", "aantal").iter_rows())
    samenwerking = fetch(conn, "samenwerking_telling", peildatum=pd)

    return {
        "peildatum": pd.isoformat(),
        "adressen": adressen,
        "groepen": groepen,
        "fasematrix": [
            {"ncg_fase": r["ncg_fase"], "img_fase": r["img_fase"], "groep": r["groep"], "aantal": int(r["aantal"])}
            for r in matrix.iter_rows(named=True)
        ],
        # The contract's keys for ivr.per_lijn's columns.
        "ivr": per_lijn.select(
            "lijn", "gesprekken", verkeerd_gekozen="verkeerd", warme_overdracht="warme_overdrachten"
        ).to_dicts(),
        "svip": {
            "totaal": int(sum(per_soort.values())),
            "per_soort": {s: int(per_soort[s]) for s in SVIP_SOORTEN},
        },
        "samenwerking": sorted(
            (
                {"pilot": r["pilot"], "soort": r["soort"], "status": r["status"], "aantal": int(r["aantal"])}
                for r in samenwerking.iter_rows(named=True)
            ),
            key=lambda r: (r["pilot"] or "", r["soort"], r["status"]),
        ),
    }
