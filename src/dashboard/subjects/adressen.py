"""Address-level views: the phase matrix (figure 2), address lists and the combined dossier.

Plain functions: a snapshot's address frame (dashboard.store.adresframe; or a connection to read it
from), the global filters and a selection in, polars frames out. Selecting and counting happen in
native polars over the frame; the dossier is read from the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy.engine import Connection

from dashboard.core import fmt
from dashboard.core.domain import (
    ADRES_KOLOMMEN,
    CATEGORIE_LABELS,
    GROEP_TEKST,
    GROEPEN,
    IMG_FASE_LABELS,
    IMG_LOPEND,
    NCG_FASE_LABELS,
    NCG_LOPEND,
    PILOT_LABELS,
    PROGRAMMA_LABELS,
    SAMENWERKING_SOORT_LABELS,
    SCHADESOORT_LABELS,
    SVIP_SOORT_LABELS,
    groep,
)
from dashboard.core.filters import Filters, Selectie
from dashboard.store import adresframe
from dashboard.store.adresframe import Bron
from dashboard.store.db import fetch

CEL_SCHEIDING = "|"


def cel(ncg_fase: str, img_fase: str) -> str:
    return f"{ncg_fase}{CEL_SCHEIDING}{img_fase}"


def cel_labels(cellen) -> dict[str, str]:
    """The matrix cells among `cellen` in matrix order, each with a Dutch label ('NCG 2. Opname × IMG Melding')."""
    return {
        cel(n, i): f"NCG {NCG_FASE_LABELS[n]} × IMG {IMG_FASE_LABELS[i]}"
        for n in NCG_LOPEND
        for i in IMG_LOPEND
        if cel(n, i) in cellen
    }


def cellen_van_groep(g: str) -> tuple[str, ...]:
    return tuple(cel(n, i) for n in NCG_LOPEND for i in IMG_LOPEND if groep(n, i) == g)


# ---------------------------------------------------------------- the phase matrix


def fasematrix(bron: Bron, filters: Filters, kenmerken: tuple[str, ...] = ()) -> pl.DataFrame:
    """Every cell of figure 2 (NCG phases 1-5 x running IMG phases), empty cells as 0.

    Columns: ncg_fase, img_fase, cel, groep, aantal, aandeel (of all addresses in the matrix).
    """
    Selectie(kenmerken=kenmerken).params()  # refuses unknown kenmerken
    counted = (
        adresframe.frame(bron, filters.peildatum)
        .filter(
            adresframe.filter_expr(filters)
            & (pl.col("categorie") == "beide_lopend")
            & adresframe.kenmerken_expr(kenmerken)
        )
        .group_by("ncg_fase", "img_fase")
        .agg(pl.len().cast(pl.Int64).alias("aantal"))
    )
    grid = pl.DataFrame(
        [(n, i, cel(n, i), groep(n, i)) for n in NCG_LOPEND for i in IMG_LOPEND],
        schema=["ncg_fase", "img_fase", "cel", "groep"],
        orient="row",
    )
    out = grid.join(counted, on=["ncg_fase", "img_fase"], how="left").with_columns(
        pl.col("aantal").fill_null(0).cast(pl.Int64)
    )
    total = int(out["aantal"].sum())
    return out.with_columns((pl.col("aantal") / total if total else pl.lit(0.0)).alias("aandeel"))


def groepstotalen(matrix: pl.DataFrame, totalen: dict[tuple, int | None] | None = None) -> pl.DataFrame:
    """Per group A-F: addresses, share of the matrix and the evaluation's cooperation text.

    With `totalen` from onderdruk_matrix, hidden group totals stay None (onderdrukt).
    """
    totalen = totalen or matrix_totalen(matrix)
    total = totalen.get(("totaal",))
    aantallen = [totalen.get(("groep", g), 0) for g in GROEPEN]
    return pl.DataFrame(
        {
            "groep": list(GROEPEN),
            "aantal": aantallen,
            "aandeel": [n / total if total and n is not None else None for n in aantallen],
            "tekst": [GROEP_TEKST[g] for g in GROEPEN],
            "onderdrukt": [n is None for n in aantallen],
        },
        schema_overrides={"aantal": pl.Int64, "aandeel": pl.Float64},
    )


def cellen_uit_selectie(selectie: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The matrix cells in a plotly selection event (what st.plotly_chart returns), sorted.

    Only points carrying a cell code as customdata count: the clickable layer of the matrix.
    """
    if not selectie:
        return ()
    points = (selectie.get("selection") or {}).get("points") or []
    found = set()
    for point in points:
        data = point.get("customdata")
        if isinstance(data, list | tuple):
            data = data[0] if data else None
        if isinstance(data, str) and CEL_SCHEIDING in data:
            found.add(data)
    return tuple(sorted(found))


# ---------------------------------------------------------------- address lists


# The columns an address list uses: what `adreslijst` shows, plus groep, ncg_fase_nr and buren_met_melding.
LIJST_KOLOMMEN = (
    *ADRES_KOLOMMEN,
    "ncg_fase",
    "ncg_fase_nr",
    "fase_sinds",
    "programma",
    "img_lopend",
    "groep",
    "urgent",
    "aos",
    "bijzondere_situatie",
    "toestemming",
    "img_toestemming",
    "buren_met_melding",
)


def lijstrijen(bron: Bron, filters: Filters, selectie: Selectie) -> pl.DataFrame:
    """The NCG addresses of a selection, one row each in the frame's order (adresframe.VOLGORDE: most
    advanced NCG phase first, then by gemeente, postcode, number and id), with only the columns of an address list
    (LIJST_KOLOMMEN)."""
    frame = adresframe.frame(bron, filters.peildatum)
    return frame.filter(adresframe.selectie_expr(filters, selectie)).select(LIJST_KOLOMMEN)


def adresregel(frame: pl.DataFrame) -> pl.Expr:
    """'Hoofdstraat 12a-2' from street, number, letter and addition."""
    nummer = pl.concat_str(
        pl.col("huisnummer").cast(pl.String),
        pl.col("huisletter").fill_null(""),
        pl.when(pl.col("toevoeging").is_not_null()).then(pl.lit("-") + pl.col("toevoeging")).otherwise(pl.lit("")),
    )
    return pl.concat_str(pl.col("straat").fill_null(""), pl.lit(" "), nummer).str.strip_chars()


def _labels(column: str, labels: Mapping[str, str]) -> pl.Expr:
    return pl.col(column).replace_strict(dict(labels), default=pl.col(column), return_dtype=pl.String)


def _img_fasen_tekst() -> pl.Expr:
    return (
        pl.col("img_lopend")
        .str.split(", ")
        .list.eval(pl.element().replace_strict(IMG_FASE_LABELS, default=pl.element()))
        .list.join(", ")
    )


def _kenmerken_tekst() -> pl.Expr:
    flags = {
        "urgent": "urgent",
        "aos": "AOS",
        "bijzondere_situatie": "bijzondere situatie",
    }
    parts = [pl.when(pl.col(c)).then(pl.lit(t)) for c, t in flags.items()]
    parts.append(pl.when(pl.col("toestemming") | pl.col("img_toestemming")).then(pl.lit("toestemming")))
    return pl.concat_list(parts).list.drop_nulls().list.join(", ")


def adreslijst(frame: pl.DataFrame, extra: Mapping[str, str] | None = None) -> pl.DataFrame:
    """Dutch, readable columns for an address list; `ncg_id` stays first (hidden on screen) to open dossiers.

    `extra` maps further source columns to their Dutch header, appended at the end.
    """
    extra = dict(extra or {})
    return frame.select(
        "ncg_id",
        adresregel(frame).alias("Adres"),
        pl.col("postcode").alias("Postcode"),
        pl.col("woonplaats").alias("Woonplaats"),
        pl.col("gemeente").alias("Gemeente"),
        _labels("ncg_fase", NCG_FASE_LABELS).alias("NCG-fase"),
        pl.col("fase_sinds").alias("In fase sinds"),
        _img_fasen_tekst().fill_null("").alias("Lopende IMG-meldingen"),
        pl.col("groep").fill_null("").alias("Groep"),
        _labels("programma", PROGRAMMA_LABELS).alias("Programma"),
        _kenmerken_tekst().alias("Kenmerken"),
        *(pl.col(k).alias(v) for k, v in extra.items()),
    )


def gekozen_adres(lijst: pl.DataFrame, rijen: list[int] | None) -> str | None:
    """The ncg_id of the selected row of a shown list (st.dataframe's selection.rows), if any."""
    if not rijen or not lijst.height:
        return None
    index = rijen[0]
    return lijst["ncg_id"][index] if 0 <= index < lijst.height else None


# ---------------------------------------------------------------- the combined dossier


@dataclass(frozen=True)
class Dossier:
    """Both organisations' records of one NCG address in one snapshot."""

    adres: dict[str, Any]
    meldingen: pl.DataFrame
    svip: pl.DataFrame
    samenwerking: pl.DataFrame

    @property
    def titel(self) -> str:
        a = self.adres
        nummer = f"{a['huisnummer']}{a['huisletter'] or ''}" + (f"-{a['toevoeging']}" if a["toevoeging"] else "")
        return f"{a['straat'] or ''} {nummer}, {a['postcode']} {a['woonplaats'] or ''}".strip()


def dossier(conn: Connection, peildatum, ncg_id: str) -> Dossier | None:
    rows = fetch(conn, "dossier_adres", peildatum=peildatum, ncg_id=ncg_id)
    if not rows.height:
        return None
    return Dossier(
        adres=rows.row(0, named=True),
        meldingen=fetch(conn, "dossier_meldingen", peildatum=peildatum, ncg_id=ncg_id),
        svip=fetch(conn, "dossier_svip", peildatum=peildatum, ncg_id=ncg_id),
        samenwerking=fetch(conn, "dossier_samenwerking", peildatum=peildatum, ncg_id=ncg_id),
    )


def ncg_kenmerken(d: Dossier) -> list[tuple[str, str]]:
    """The NCG record as (label, value) pairs for display."""
    a = d.adres
    return [
        ("Gemeente", a["gemeente"]),
        ("BAG-id", a["bag_id"] or "–"),
        ("Fase", NCG_FASE_LABELS.get(a["ncg_fase"], a["ncg_fase"])),
        ("In fase sinds", fmt.datum(a["fase_sinds"])),
        ("Programma", PROGRAMMA_LABELS.get(a["programma"], a["programma"])),
        ("Risicoprofiel", a["risicoprofiel"] or "–"),
        ("Bijzondere situatie", _ja_nee(a["bijzondere_situatie"])),
        ("Toestemming gegevensdeling", _ja_nee(a["toestemming"])),
        ("Samenwerkingspotentieel", CATEGORIE_LABELS.get(a["categorie"], a["categorie"])),
        ("Groep", f"{a['groep']}: {GROEP_TEKST[a['groep']]}" if a["groep"] else "–"),
        ("Andere adressen met schademelding in postcode", fmt.getal(a["buren_met_melding"])),
    ]


def meldingen_tabel(d: Dossier) -> pl.DataFrame:
    koppeling = {"bag_id": "op BAG-id", "adres": "op adres"}
    return d.meldingen.select(
        pl.col("img_id").alias("Melding"),
        _labels("schadesoort", SCHADESOORT_LABELS).alias("Soort"),
        _labels("fase", IMG_FASE_LABELS).alias("Fase"),
        pl.col("datum_melding").alias("Gemeld op"),
        pl.col("datum_afgehandeld").alias("Afgehandeld op"),
        pl.col("urgent").fill_null(False).alias("Urgent"),
        pl.col("toestemming").fill_null(False).alias("Toestemming"),
        _labels("koppeling", koppeling).alias("Gekoppeld"),
    )


def svip_tabel(d: Dossier) -> pl.DataFrame:
    return d.svip.select(
        pl.col("datum_ontvangen").alias("Ontvangen"),
        pl.col("datum_afgerond").alias("Afgerond"),
        pl.col("aanvrager").alias("Aanvrager"),
        _labels("soort", SVIP_SOORT_LABELS).alias("Soort"),
        pl.col("uitkomst").fill_null("").str.to_titlecase().alias("Uitkomst"),
    )


def samenwerking_tabel(d: Dossier) -> pl.DataFrame:
    return d.samenwerking.select(
        pl.col("datum").alias("Datum"),
        _labels("soort", SAMENWERKING_SOORT_LABELS).alias("Soort"),
        pl.col("pilot").replace_strict(PILOT_LABELS, default="").alias("Pilot"),
        pl.col("status").str.to_titlecase().alias("Status"),
    )


def _ja_nee(value: bool | None) -> str:
    return "ja" if value else "nee"


def matrix_totalen(matrix: pl.DataFrame) -> dict[tuple, int]:
    """Row (NCG phase), column (IMG phase), group and grand totals of the matrix."""
    out: dict[tuple, int] = {}
    for r in matrix.iter_rows(named=True):
        for key in (("rij", r["ncg_fase"]), ("kolom", r["img_fase"]), ("groep", r["groep"]), ("totaal",)):
            out[key] = out.get(key, 0) + (r["aantal"] or 0)
    return out
