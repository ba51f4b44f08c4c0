"""Signals for the core team: what changed at an NCG address since an earlier snapshot.

The evaluation's standard check ("when an address is marked for strengthening, check whether a
damage claim runs, and vice versa") as four signals, computed in SQL (queries/signalen.sql) by
joining the address table at two peildata on ncg_id. This module adds each signal's reason in
Dutch and shapes the list for the page, its downloads and `dashboard signals`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from sqlalchemy.engine import Connection

from dashboard import fmt
from dashboard.adressen import adresregel
from dashboard.db import fetch
from dashboard.domain import CATEGORIE_LABELS, IMG_FASE_LABELS, NCG_FASE_LABELS, PROGRAMMA_LABELS
from dashboard.filters import Filters

# The signal kinds, in display order, with their Dutch names.
SIGNALEN: dict[str, str] = {
    "beide_lopend": "Beide lopend geworden",
    "groep_b_e": "Naar groep B of E",
    "aos": "Nieuwe AOS-melding",
    "nieuw_met_melding": "Nieuw met lopende melding",
}
SIGNAAL_UITLEG: dict[str, str] = {
    "beide_lopend": "Het adres staat op beide peildata op de lijst van NCG en heeft nu bij NCG én IMG een lopend "
    "dossier, de vorige keer niet.",
    "groep_b_e": "Het adres staat op beide peildata op de lijst en is nu in groep B of E (waar samenwerking kansrijk "
    "is), de vorige keer in een andere groep of in geen groep.",
    "aos": "Het adres staat op beide peildata op de lijst en heeft nu een melding van een acuut onveilige situatie "
    "(AOS) bij IMG, de vorige keer niet.",
    "nieuw_met_melding": "Het adres staat nu op de lijst van NCG, de vorige keer niet, en heeft een lopende "
    "schademelding bij IMG.",
}
_GROEP_KANS = {
    "B": "gezamenlijke opname mogelijk",
    "E": "schadeherstel kan mee in de versterking, IMG-dossier kan worden geprioriteerd",
}


def vorige_peildatum(peildata: list[date], peildatum: date) -> date | None:
    """The newest stored snapshot before `peildatum`, if any."""
    eerder = [p for p in peildata if p < peildatum]
    return max(eerder) if eerder else None


def signalen(conn: Connection, filters: Filters, vorige: date) -> pl.DataFrame:
    """The signals at filters.peildatum since `vorige`, one row per address and signal, with its reason.

    Columns of queries/signalen.sql, plus peildatum, vorige_peildatum and reden.
    """
    volgorde = {s: i for i, s in enumerate(SIGNALEN)}
    frame = fetch(conn, "signalen", vorige_peildatum=vorige, **filters.params()).sort(
        pl.col("signaal").replace_strict(volgorde, default=len(volgorde)), maintain_order=True
    )
    return frame.with_columns(
        pl.lit(filters.peildatum, dtype=pl.Date).alias("peildatum"),
        pl.lit(vorige, dtype=pl.Date).alias("vorige_peildatum"),
        pl.Series("reden", [reden(r, vorige) for r in frame.iter_rows(named=True)], dtype=pl.String),
    )


def reden(rij: dict[str, Any], vorige: date) -> str:
    """Why an address carries its signal, in Dutch, from one row of queries/signalen.sql."""
    soort = rij["signaal"]
    toen = fmt.datum(vorige)
    ncg = _ncg_fase(rij["ncg_fase"])
    if soort == "beide_lopend":
        was = CATEGORIE_LABELS.get(rij["vorige_categorie"], rij["vorige_categorie"]).lower()
        return (f"Nu een lopend dossier bij beide: NCG-fase {ncg}, minst gevorderde lopende IMG-melding in fase "
                f"{_img_fase(rij['img_fase'])} (groep {rij['groep']}). Op {toen}: {was}.")
    if soort == "groep_b_e":
        groep = rij["groep"]
        if rij["vorige_groep"]:
            was = f"groep {rij['vorige_groep']}"
        else:
            was = "niet beide lopend (" + CATEGORIE_LABELS.get(rij["vorige_categorie"], "").lower() + ")"
        return (f"Naar groep {groep} ({_GROEP_KANS[groep]}): NCG-fase {ncg}, IMG-fase {_img_fase(rij['img_fase'])}. "
                f"Op {toen}: {was}.")
    if soort == "aos":
        return (f"Nieuwe AOS-melding (acuut onveilige situatie) bij IMG terwijl het adres op de lijst van NCG staat. "
                f"NCG-fase: {ncg} (op {toen}: {_ncg_fase(rij['vorige_ncg_fase'])}).")
    if soort == "nieuw_met_melding":
        lopend = ", ".join(_img_fase(f) for f in (rij["img_lopend"] or "").split(", ") if f)
        aantal = rij["aantal_lopend"]
        meldingen = "een lopende schademelding" if aantal == 1 else f"{fmt.getal(aantal)} lopende schademeldingen"
        return (f"Nieuw op de lijst van NCG (niet op de lijst van {toen}), NCG-fase {ncg}, met {meldingen} "
                f"bij IMG (fase {lopend}).")
    raise ValueError(f"unknown signal {soort!r}")


def _ncg_fase(code: str | None) -> str:
    return NCG_FASE_LABELS.get(code, code or "–").split(". ", 1)[-1].lower()


def _img_fase(code: str | None) -> str:
    return IMG_FASE_LABELS.get(code, code or "–").lower()


def van_adres(signalen: pl.DataFrame, ncg_id: str) -> list[tuple[str, str]]:
    """The signals of one address as (Dutch name, reason), in the kinds' order."""
    rijen = signalen.filter(pl.col("ncg_id") == ncg_id).select("signaal", "reden").iter_rows()
    return [(SIGNALEN[s], r) for s, r in rijen]


def per_soort(signalen: pl.DataFrame) -> dict[str, int]:
    """Signals per kind, every kind present (0 when none)."""
    counts = dict(signalen.group_by("signaal").len().iter_rows())
    return {s: int(counts.get(s, 0)) for s in SIGNALEN}


def van_soorten(signalen: pl.DataFrame, soorten: tuple[str, ...]) -> pl.DataFrame:
    """Only the signals of the given kinds; no kinds means all."""
    return signalen.filter(pl.col("signaal").is_in(list(soorten))) if soorten else signalen


def lijst(signalen: pl.DataFrame) -> pl.DataFrame:
    """The signals as the page shows and downloads them: Dutch headers, `ncg_id` first (hidden on screen)."""
    return signalen.select(
        "ncg_id",
        pl.col("signaal").replace_strict(SIGNALEN).alias("Signaal"),
        adresregel(signalen).alias("Adres"),
        pl.col("reden").alias("Reden"),
        pl.col("postcode").alias("Postcode"),
        pl.col("woonplaats").alias("Woonplaats"),
        pl.col("gemeente").alias("Gemeente"),
        pl.col("ncg_fase").replace_strict(NCG_FASE_LABELS, default=pl.col("ncg_fase")).alias("NCG-fase"),
        pl.col("groep").fill_null("").alias("Groep"),
        pl.col("programma").replace_strict(PROGRAMMA_LABELS, default=pl.col("programma")).alias("Programma"),
    )


# The columns of `dashboard signals`: codes as in the data contract, dates as YYYY-MM-DD.
CSV_KOLOMMEN = (
    "peildatum", "vorige_peildatum", "signaal", "reden", "ncg_id", "straat", "huisnummer", "huisletter",
    "toevoeging", "postcode", "woonplaats", "gemeente", "programma", "ncg_fase", "categorie", "groep", "img_fase",
    "vorige_ncg_fase", "vorige_categorie", "vorige_groep",
)


def csv_tabel(signalen: pl.DataFrame) -> pl.DataFrame:
    return signalen.select(CSV_KOLOMMEN)


def sinds(peildata: list[date], datum: date) -> tuple[date, date]:
    """The two snapshots `dashboard signals --since datum` compares: (the newest on or before `datum`, the latest).

    Both are the latest snapshot when none came after `datum`: then there are no signals, so a weekly run
    with the day of the previous run reports each delivery's signals exactly once. LookupError when no
    snapshot is on or before `datum`.
    """
    if not peildata:
        raise LookupError("de database bevat nog geen aanlevering")
    basis = [p for p in peildata if p <= datum]
    if not basis:
        raise LookupError(f"geen peildatum op of vóór {datum.isoformat()}; de eerste is {min(peildata).isoformat()}")
    return max(basis), max(peildata)
