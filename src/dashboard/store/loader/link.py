"""Linking records to NCG addresses and classifying each address, once, at load time.

Two records are the same address when both carry the same bag_id, or else
when their normalised (postcode, huisnummer, huisletter, toevoeging) are equal.
Two records that both carry a bag_id, and differ in it, are never linked.
"""

from __future__ import annotations

import h3
import polars as pl

from dashboard.core.domain import FYSIEKE_SCHADESOORTEN, IMG_FASEN, IMG_LOPEND, NCG_FASEN, NCG_LOPEND


def link_claims(claims: pl.DataFrame, ncg: pl.DataFrame) -> pl.DataFrame:
    """Add `ncg_id` and `koppeling` ('bag_id', 'adres' or null) to each claim."""
    by_bag = ncg.filter(pl.col("bag_id").is_not_null()).select("bag_id", pl.col("ncg_id").alias("_ncg_bag"))
    by_key = ncg.select("adres_sleutel", pl.col("ncg_id").alias("_ncg_adres"), pl.col("bag_id").alias("_ncg_bag_id"))
    linked = claims.join(by_bag, on="bag_id", how="left").join(by_key, on="adres_sleutel", how="left")
    conflicting_bag = (
        pl.col("bag_id").is_not_null()
        & pl.col("_ncg_bag_id").is_not_null()
        & (pl.col("bag_id") != pl.col("_ncg_bag_id"))
    )
    by_address = pl.when(~conflicting_bag).then(pl.col("_ncg_adres"))
    return linked.with_columns(
        pl.coalesce("_ncg_bag", by_address).alias("ncg_id"),
        pl.when(pl.col("_ncg_bag").is_not_null())
        .then(pl.lit("bag_id"))
        .when(by_address.is_not_null())
        .then(pl.lit("adres"))
        .alias("koppeling"),
    ).drop("_ncg_bag", "_ncg_adres", "_ncg_bag_id")


def link_by_address(frame: pl.DataFrame, ncg: pl.DataFrame) -> pl.DataFrame:
    """SVIP requests and joint actions carry no bag_id: link on the normalised address."""
    return frame.join(ncg.select("adres_sleutel", "ncg_id"), on="adres_sleutel", how="left")


def classify(ncg: pl.DataFrame, claims: pl.DataFrame) -> pl.DataFrame:
    """The address-level table: one row per NCG address with its figure-1 category and group A-F."""
    img_order = {f: i for i, f in enumerate(IMG_FASEN)}
    lopend = pl.col("fase").is_in(IMG_LOPEND)
    per_adres = (
        claims.filter(pl.col("ncg_id").is_not_null() & pl.col("schadesoort").is_in(FYSIEKE_SCHADESOORTEN))
        .with_columns(pl.col("fase").replace_strict(img_order, return_dtype=pl.Int32).alias("_fase_nr"))
        .group_by("ncg_id")
        .agg(
            pl.len().cast(pl.Int32).alias("aantal_meldingen"),
            lopend.sum().cast(pl.Int32).alias("aantal_lopend"),
            pl.col("_fase_nr").filter(lopend).min().alias("_img_fase_nr"),
            (pl.col("urgent").fill_null(False) & lopend).any().alias("urgent"),
            (pl.col("schadesoort") == "aos").any().alias("aos"),
            pl.col("toestemming").fill_null(False).any().alias("img_toestemming"),
        )
    )
    ncg_running = pl.col("ncg_fase").is_in(NCG_LOPEND)
    categorie = (
        pl.when(pl.col("aantal_meldingen") == 0)
        .then(pl.lit("geen_schademelding"))
        .when(ncg_running & (pl.col("aantal_lopend") > 0))
        .then(pl.lit("beide_lopend"))
        .otherwise(pl.lit("gesloten"))
    )
    img_fase = pl.col("_img_fase_nr").replace_strict(dict(enumerate(IMG_FASEN)), default=None, return_dtype=pl.String)
    groep = (
        pl.when(pl.col("categorie") != "beide_lopend")
        .then(None)
        .when(pl.col("ncg_fase") == "nog_te_starten")
        .then(pl.lit("A"))
        .when(pl.col("ncg_fase") == "opname")
        .then(pl.when(pl.col("img_fase").is_in(["melding", "opname"])).then(pl.lit("B")).otherwise(pl.lit("C")))
        .when(pl.col("ncg_fase") == "beoordeling")
        .then(pl.lit("D"))
        .when(pl.col("ncg_fase") == "planvorming")
        .then(pl.lit("E"))
        .when(pl.col("ncg_fase") == "uitvoering")
        .then(pl.lit("F"))
    )
    lopende_fasen = (
        claims.filter(pl.col("ncg_id").is_not_null() & pl.col("schadesoort").is_in(FYSIEKE_SCHADESOORTEN) & lopend)
        .with_columns(pl.col("fase").replace_strict(img_order, return_dtype=pl.Int32).alias("_fase_nr"))
        .sort("_fase_nr", "img_id")
        .group_by("ncg_id", maintain_order=True)
        .agg(pl.col("fase").str.join(", ").alias("img_lopend"))
    )
    ncg_nr = {f: i + 1 for i, f in enumerate(NCG_FASEN)}
    return (
        ncg.rename({"fase": "ncg_fase"})
        .join(per_adres, on="ncg_id", how="left")
        .join(lopende_fasen, on="ncg_id", how="left")
        .join(buren_met_melding(ncg, claims), on="ncg_id", how="left")
        .with_columns(
            pl.col("aantal_meldingen").fill_null(0),
            pl.col("aantal_lopend").fill_null(0),
            pl.col("buren_met_melding").fill_null(0),
            pl.col("urgent").fill_null(False),
            pl.col("aos").fill_null(False),
            pl.col("img_toestemming").fill_null(False),
            pl.col("bijzondere_situatie").fill_null(False),
            pl.col("toestemming").fill_null(False),
            pl.col("ncg_fase").replace_strict(ncg_nr, return_dtype=pl.Int32).alias("ncg_fase_nr"),
        )
        .with_columns(categorie.alias("categorie"), img_fase.alias("img_fase"))
        .with_columns(groep.alias("groep"))
        .pipe(lambda frame: frame.with_columns(h3_cellen(frame["lat"], frame["lon"])))
    )


H3_RESOLUTIES = (6, 7, 8, 9)


def h3_cellen(lat: pl.Series, lon: pl.Series) -> list[pl.Series]:
    """Columns h3_6 .. h3_9: each address's H3 cell at the map's resolutions; null without coordinates."""
    punten = list(zip(lat.to_list(), lon.to_list()))
    return [
        pl.Series(
            f"h3_{r}",
            [None if la is None or lo is None else h3.latlng_to_cell(la, lo, r) for la, lo in punten],
            dtype=pl.String,
        )
        for r in H3_RESOLUTIES
    ]


def buren_met_melding(ncg: pl.DataFrame, claims: pl.DataFrame) -> pl.DataFrame:
    """Per NCG address: how many other addresses in its 6-digit postcode have a damage claim.

    A claim's address is its NCG address when linked, else its BAG id, else its normalised address.
    """
    with_claim = (
        claims.filter(pl.col("schadesoort").is_in(FYSIEKE_SCHADESOORTEN) & pl.col("postcode").is_not_null())
        .select(
            "postcode",
            "ncg_id",
            pl.coalesce(
                pl.concat_str(pl.lit("ncg:"), "ncg_id"),
                pl.concat_str(pl.lit("bag:"), "bag_id"),
                pl.concat_str(pl.lit("adres:"), "adres_sleutel"),
            ).alias("_adres"),
        )
        .unique(["postcode", "_adres"])
    )
    per_postcode = with_claim.group_by("postcode").agg(pl.len().alias("_met_melding"))
    zelf = with_claim.filter(pl.col("ncg_id").is_not_null()).select("ncg_id", pl.lit(1).alias("_zelf"))
    return (
        ncg.select("ncg_id", "postcode")
        .join(per_postcode, on="postcode", how="left")
        .join(zelf, on="ncg_id", how="left")
        .select(
            "ncg_id",
            (pl.col("_met_melding").fill_null(0) - pl.col("_zelf").fill_null(0))
            .cast(pl.Int32)
            .alias("buren_met_melding"),
        )
    )
