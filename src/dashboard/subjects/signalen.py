"""Signals for the core team: what changed at an NCG address since an earlier snapshot.

The evaluation's standard check ("when an address is marked for strengthening, check whether a
damage claim runs, and vice versa") as four signals, computed in native polars by joining the
address frames of two snapshots (dashboard.store.adresframe) on ncg_id, each with its reason in Dutch
as a polars expression. This module also shapes the list for the page, its downloads and
`dashboard signals`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl
from sqlalchemy.engine import Connection

from dashboard.core import fmt
from dashboard.core.domain import ADRES_KOLOMMEN, CATEGORIE_LABELS, IMG_FASE_LABELS, NCG_FASE_LABELS, PROGRAMMA_LABELS
from dashboard.core.filters import Filters
from dashboard.store import adresframe
from dashboard.subjects.adressen import adresregel

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


# The columns of a signal row: the address now, and its codes then.
KOLOMMEN = (
    "signaal",
    *ADRES_KOLOMMEN,
    "programma",
    "ncg_fase",
    "ncg_fase_nr",
    "fase_sinds",
    "categorie",
    "groep",
    "img_fase",
    "img_lopend",
    "aantal_lopend",
    "aos",
    "urgent",
    "bijzondere_situatie",
    "toestemming",
    "img_toestemming",
    "vorige_ncg_fase",
    "vorige_categorie",
    "vorige_groep",
    "vorige_img_fase",
)


def signalen(bron: Connection | Mapping[date, pl.DataFrame], filters: Filters, vorige: date) -> pl.DataFrame:
    """The signals at filters.peildatum since `vorige`, one row per address and signal, with its reason,
    in the kinds' order, then by gemeente, postcode, number and id.

    `bron` maps both peildata to their address frames (or is a connection to read them from).
    Columns: KOLOMMEN, plus peildatum, vorige_peildatum and reden.
    """
    frames = adresframe.frames(bron, [filters.peildatum, vorige])
    nu = frames[filters.peildatum].filter(
        adresframe.filter_expr(filters)
        # Only addresses that can carry a signal (each signal below needs one of these now).
        & (
            (pl.col("categorie") == "beide_lopend")
            | pl.col("groep").is_in(["B", "E"])
            | pl.col("aos")
            | (pl.col("aantal_lopend") > 0)
        )
    )
    toen = frames[vorige].select(
        "ncg_id",
        pl.col("ncg_fase").alias("vorige_ncg_fase"),
        pl.col("categorie").alias("vorige_categorie"),
        pl.col("groep").alias("vorige_groep"),
        pl.col("img_fase").alias("vorige_img_fase"),
        pl.col("aos").fill_null(False).alias("vorige_met_aos"),
    )
    paren = nu.join(toen, on="ncg_id", how="left").with_columns(pl.col("vorige_met_aos").fill_null(False))
    was_er = pl.col("vorige_categorie").is_not_null()
    voorwaarden = {
        "beide_lopend": was_er
        & (pl.col("categorie") == "beide_lopend")
        & (pl.col("vorige_categorie") != "beide_lopend"),
        "groep_b_e": was_er
        & pl.col("groep").is_in(["B", "E"])
        & (pl.col("vorige_groep").is_null() | (pl.col("vorige_groep") != pl.col("groep"))),
        "aos": was_er & pl.col("aos") & ~pl.col("vorige_met_aos"),
        "nieuw_met_melding": ~was_er & (pl.col("aantal_lopend") > 0),
    }
    leeg = dict(paren.schema.items())
    delen = [
        paren.filter(voorwaarde).with_columns(pl.lit(soort).alias("signaal"))
        for soort, voorwaarde in voorwaarden.items()
    ]
    alle = pl.concat(delen) if delen else pl.DataFrame(schema={**leeg, "signaal": pl.String})
    volgorde = {s: i for i, s in enumerate(SIGNALEN)}
    return (
        alle.sort(
            pl.col("signaal").replace_strict(volgorde, default=len(volgorde), return_dtype=pl.Int32),
            "gemeente",
            "postcode",
            "huisnummer",
            "ncg_id",
            maintain_order=True,
        )
        .select(KOLOMMEN)
        .with_columns(
            pl.lit(filters.peildatum, dtype=pl.Date).alias("peildatum"),
            pl.lit(vorige, dtype=pl.Date).alias("vorige_peildatum"),
            reden_expr(vorige).alias("reden"),
        )
    )


def _ncg_fase(kolom: str) -> pl.Expr:
    """The NCG phase in lower case without its number ('planvorming'); '–' when absent."""
    kort = {c: label.split(". ", 1)[-1].lower() for c, label in NCG_FASE_LABELS.items()}
    c = pl.col(kolom)
    return c.replace_strict(kort, default=c.fill_null("–").str.to_lowercase(), return_dtype=pl.String)


def _img_fase(waarde: pl.Expr) -> pl.Expr:
    """An IMG phase in lower case ('melding'); '–' when absent."""
    laag = {c: label.lower() for c, label in IMG_FASE_LABELS.items()}
    return waarde.replace_strict(laag, default=waarde.fill_null("–").str.to_lowercase(), return_dtype=pl.String)


def _categorie(kolom: str, leeg: str) -> pl.Expr:
    laag = {c: label.lower() for c, label in CATEGORIE_LABELS.items()}
    c = pl.col(kolom)
    return c.replace_strict(laag, default=c.fill_null(leeg).str.to_lowercase(), return_dtype=pl.String)


def reden_expr(vorige: date) -> pl.Expr:
    """Why an address carries its signal, in Dutch, for every row of `signalen` at once (native polars)."""
    toen = fmt.datum(vorige)
    ncg = _ncg_fase("ncg_fase")
    img = _img_fase(pl.col("img_fase"))
    groep = pl.col("groep").fill_null("–")
    soort = pl.col("signaal")
    kans = pl.col("groep").replace_strict(_GROEP_KANS, default="", return_dtype=pl.String)
    was_groep = (
        pl.when(pl.col("vorige_groep").is_not_null())
        .then(pl.concat_str(pl.lit("groep "), pl.col("vorige_groep")))
        .otherwise(pl.concat_str(pl.lit("niet beide lopend ("), _categorie("vorige_categorie", ""), pl.lit(")")))
    )
    lopend = (
        pl.col("img_lopend")
        .fill_null("")
        .str.split(", ")
        .list.eval(_img_fase(pl.element().filter(pl.element() != "")))
        .list.join(", ")
    )
    aantal = pl.col("aantal_lopend")
    meldingen = (
        pl.when(aantal == 1)
        .then(pl.lit("een lopende schademelding"))
        .otherwise(pl.concat_str(fmt.getal_expr(aantal), pl.lit(" lopende schademeldingen")))
    )
    return (
        pl.when(soort == "beide_lopend")
        .then(
            pl.concat_str(
                pl.lit("Nu een lopend dossier bij beide: NCG-fase "),
                ncg,
                pl.lit(", minst gevorderde lopende IMG-melding in fase "),
                img,
                pl.lit(" (groep "),
                groep,
                pl.lit(f"). Op {toen}: "),
                _categorie("vorige_categorie", "–"),
                pl.lit("."),
            )
        )
        .when(soort == "groep_b_e")
        .then(
            pl.concat_str(
                pl.lit("Naar groep "),
                groep,
                pl.lit(" ("),
                kans,
                pl.lit("): NCG-fase "),
                ncg,
                pl.lit(", IMG-fase "),
                img,
                pl.lit(f". Op {toen}: "),
                was_groep,
                pl.lit("."),
            )
        )
        .when(soort == "aos")
        .then(
            pl.concat_str(
                pl.lit(
                    "Nieuwe AOS-melding (acuut onveilige situatie) bij IMG terwijl het adres op de lijst van NCG "
                    "staat. NCG-fase: "
                ),
                ncg,
                pl.lit(f" (op {toen}: "),
                _ncg_fase("vorige_ncg_fase"),
                pl.lit(")."),
            )
        )
        .when(soort == "nieuw_met_melding")
        .then(
            pl.concat_str(
                pl.lit(f"Nieuw op de lijst van NCG (niet op de lijst van {toen}), NCG-fase "),
                ncg,
                pl.lit(", met "),
                meldingen,
                pl.lit(" bij IMG (fase "),
                lopend,
                pl.lit(")."),
            )
        )
        .otherwise(pl.lit(None, dtype=pl.String))
    )


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
    "peildatum",
    "vorige_peildatum",
    "signaal",
    "reden",
    *ADRES_KOLOMMEN,
    "programma",
    "ncg_fase",
    "categorie",
    "groep",
    "img_fase",
    "vorige_ncg_fase",
    "vorige_categorie",
    "vorige_groep",
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
