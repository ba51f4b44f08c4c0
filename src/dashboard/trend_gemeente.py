"""Trend per gemeente: figure 1, groups A-F and the NCG phases per gemeente on every stored snapshot.

One code path per figure: each (peildatum, gemeente) is counted by `overzicht.adrescijfers`, the function
that gives the Overzicht (and the JSON and PDF reports) these figures for one snapshot, over that snapshot's
shared address frame with the gemeente as the filter. So a cell here reads exactly what the Overzicht shows
for that gemeente and peildatum. Plain functions: frames and filter values in, polars frames out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import plotly.graph_objects as go
import polars as pl

from dashboard import fmt, overzicht, palet, privacy
from dashboard.domain import CATEGORIE_LABELS, CATEGORIEEN, GROEPEN, NCG_FASE_LABELS, NCG_FASEN
from dashboard.filters import Filters

# What a series shows: the kind of count and its keys in display order.
SOORTEN: dict[str, str] = {
    "categorie": "Samenwerkingspotentieel",
    "groep": "Groepen A-F (beide lopend)",
    "fase": "NCG-fasen",
}
SLEUTELS: dict[str, tuple[str, ...]] = {"categorie": CATEGORIEEN, "groep": GROEPEN, "fase": NCG_FASEN}
LABELS: dict[str, dict[str, str]] = {
    "categorie": dict(CATEGORIE_LABELS),
    "groep": {g: f"Groep {g}" for g in GROEPEN},
    "fase": dict(NCG_FASE_LABELS),
}
KLEUREN: dict[str, dict[str, str]] = {
    "categorie": dict(palet.CATEGORIE_KLEUREN),
    "groep": dict(palet.GROEP_KLEUREN),
    "fase": dict(zip(NCG_FASEN, palet.REEKS_KLEUREN)),
}
SCHEMA = {"peildatum": pl.Date, "gemeente": pl.String, "soort": pl.String, "sleutel": pl.String, "aantal": pl.Int64}


def gemeenten(frames: Mapping[date, pl.DataFrame], filters: Filters) -> list[str]:
    """The gemeenten of the stored snapshots (any of them), or the sidebar's selection of them."""
    alle = sorted(set().union(*(set(f["gemeente"].drop_nulls().unique()) for f in frames.values()))) if frames else []
    return [g for g in alle if not filters.gemeenten or g in filters.gemeenten]


def per_gemeente(frames: Mapping[date, pl.DataFrame], filters: Filters) -> pl.DataFrame:
    """Per peildatum and gemeente, the counts of figure 1 (soort 'categorie'), groups A-F ('groep') and the
    NCG phases ('fase'), every key present (0 when empty): peildatum, gemeente, soort, sleutel, aantal.

    `frames` maps each stored peildatum to its address frame; the programma filter applies, the gemeente
    filter chooses the gemeenten. Each cell is `overzicht.adrescijfers` of that snapshot and gemeente."""
    delen = []
    for p in sorted(frames):
        for g in gemeenten(frames, filters):
            c = overzicht.adrescijfers(frames[p], Filters(p, (g,), filters.programmas))
            fasen = c.fasen.group_by("ncg_fase").agg(pl.col("aantal").sum())
            for soort, frame, kolom in (("categorie", c.categorieen, "categorie"), ("groep", c.groepen, "groep"),
                                        ("fase", fasen, "ncg_fase")):
                delen.append(frame.select(
                    pl.lit(p, pl.Date).alias("peildatum"), pl.lit(g).alias("gemeente"), pl.lit(soort).alias("soort"),
                    pl.col(kolom).alias("sleutel"), pl.col("aantal").cast(pl.Int64),
                ))
    uit = pl.concat([pl.DataFrame(schema=SCHEMA), *delen])
    volgorde = {k: i for s in SLEUTELS.values() for i, k in enumerate(s)}
    return uit.sort("gemeente", "peildatum", "soort", pl.col("sleutel").replace_strict(volgorde, return_dtype=pl.Int64))


# ---------------------------------------------------------------- small-cell protection (aggregate roles)


def onderdruk(telling: pl.DataFrame, drempel: int) -> pl.DataFrame:
    """The counts as the aggregate roles see them, through the privacy function every other count uses
    (privacy.onderdruk): hidden counts null, with `onderdrukt`.

    Published relations, per peildatum and gemeente: the categories and the phases each add up to its NCG
    addresses (a cell of its own), the groups to beide_lopend; per peildatum, each key's gemeenten add up to
    the count of all of them (the Trend table above shows it without a gemeente filter)."""
    cellen = {(p, g, s, k): int(n) for p, g, s, k, n in
              telling.select("peildatum", "gemeente", "soort", "sleutel", "aantal").iter_rows()}
    lijnen = []
    paren = sorted({(p, g) for p, g, _, _ in cellen})
    for p, g in paren:
        totaal = (p, g, "totaal", "")
        cellen[totaal] = sum(cellen[(p, g, "categorie", c)] for c in CATEGORIEEN)
        lijnen.append([*((p, g, "categorie", c) for c in CATEGORIEEN), totaal])
        lijnen.append([*((p, g, "fase", f) for f in NCG_FASEN), totaal])
        lijnen.append([*((p, g, "groep", k) for k in GROEPEN), (p, g, "categorie", "beide_lopend")])
    for p in sorted({p for p, _ in paren}):
        gem = [g for q, g in paren if q == p]
        for soort, sleutels in (*SLEUTELS.items(), ("totaal", ("",))):
            for k in sleutels:
                alle = (p, "", soort, k)
                cellen[alle] = sum(cellen[(p, g, soort, k)] for g in gem)
                lijnen.append([*((p, g, soort, k) for g in gem), alle])
    verborgen = privacy.onderdruk(cellen, lijnen, drempel)
    telling = telling.with_columns(  # the NCG addresses per peildatum and gemeente, before any count is hidden
        pl.col("aantal").filter(pl.col("soort") == "categorie").sum().over("peildatum", "gemeente").alias("totaal"))
    uit = privacy.markeer(telling, {k for k in verborgen if k[1]}, ["peildatum", "gemeente", "soort", "sleutel"])
    totaal_weg = [f"{p}\x1f{g}" for p, g, s, _ in verborgen if s == "totaal" and g]
    return uit.with_columns(
        pl.concat_str(pl.col("peildatum").cast(pl.String), pl.col("gemeente"), separator="\x1f")
        .is_in(totaal_weg).alias("totaal_onderdrukt")
    )


# ---------------------------------------------------------------- the table and the chart


def tabel(telling: pl.DataFrame, drempel: int = 5) -> pl.DataFrame:
    """One row per gemeente and peildatum (gemeente, then oldest first), Dutch headers: the NCG addresses,
    the categories, the share without a claim, groups A-F and the NCG phases. After `onderdruk` the counts
    are text ('<5' where hidden) and a share is left out where it would give a hidden count back."""
    sleutel = pl.concat_str(pl.col("soort"), pl.lit(":"), pl.col("sleutel"))
    breed = telling.with_columns(sleutel.alias("kolom")).pivot(
        on="kolom", index=["gemeente", "peildatum"], values="aantal").sort("gemeente", "peildatum")
    kolommen = [f"{s}:{k}" for s, ks in SLEUTELS.items() for k in ks]
    breed = breed.with_columns(pl.lit(None, pl.Int64).alias(k) for k in kolommen if k not in breed.columns)
    totaal = pl.sum_horizontal(*(pl.col(f"categorie:{c}") for c in CATEGORIEEN))
    geen = pl.col("categorie:geen_schademelding")
    onderdrukt = "onderdrukt" in telling.columns
    if onderdrukt:
        weg = telling.group_by("peildatum", "gemeente").agg(pl.col("totaal_onderdrukt").any(), pl.col("totaal").first())
        breed = breed.join(weg, on=["peildatum", "gemeente"], how="left")
        totaal = pl.when(pl.col("totaal_onderdrukt")).then(None).otherwise(pl.col("totaal"))
    uit = breed.select(
        pl.col("gemeente").alias("Gemeente"),
        pl.col("peildatum").alias("Peildatum"),
        totaal.alias("NCG-adressen"),
        *(pl.col(f"categorie:{c}").alias(CATEGORIE_LABELS[c]) for c in CATEGORIEEN),
        pl.when(totaal > 0).then((geen / totaal * 100).round(1)).alias("Zonder schademelding (%)"),
        *(pl.col(f"groep:{g}").alias(f"Groep {g}") for g in GROEPEN),
        *(pl.col(f"fase:{f}").alias(NCG_FASE_LABELS[f]) for f in NCG_FASEN),
    )
    if not onderdrukt:
        return uit
    tellingen = ["NCG-adressen", *(CATEGORIE_LABELS[c] for c in CATEGORIEEN), *(f"Groep {g}" for g in GROEPEN),
                 *(NCG_FASE_LABELS[f] for f in NCG_FASEN)]
    return privacy.als_tekst(uit, tellingen, drempel)


def lijnen(telling: pl.DataFrame, gemeente: str, soort: str, drempel: int = 5, title: str | None = None) -> go.Figure:
    """One gemeente's counts of one kind (SOORTEN) over the peildata: a line per key, a marker per peildatum.
    A count hidden by small-cell suppression (null) breaks its line and reads '<5' on hover."""
    deel = telling.filter((pl.col("gemeente") == gemeente) & (pl.col("soort") == soort)).sort("peildatum")
    peildata = sorted(set(deel["peildatum"]))
    x = [fmt.datum(p) for p in peildata]
    data = []
    for k in SLEUTELS[soort]:
        rij = deel.filter(pl.col("sleutel") == k)
        waarden = dict(zip(rij["peildatum"], rij["aantal"]))
        y = [waarden.get(p) for p in peildata]
        data.append(go.Scatter(
            name=LABELS[soort][k], x=x, y=y, mode="lines+markers",
            text=[fmt.getal(n) if n is not None else privacy.label(drempel) for n in y],
            line={"color": KLEUREN[soort][k], "width": 2.5}, marker={"size": 7},
            hovertemplate="%{x}<br>%{fullData.name}: %{text} adressen<extra></extra>",
        ))
    fig = go.Figure(data=data)
    fig.update_layout(
        separators=fmt.PLOTLY_SEPARATORS,
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 13, "color": palet.TEKST},
        title={"text": title, "x": 0} if title else None,
        height=420,
        margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
        plot_bgcolor="white", paper_bgcolor="white",
        xaxis={"title": {"text": "Peildatum"}, "type": "category", "gridcolor": palet.RASTER},
        yaxis={"title": {"text": "adressen"}, "rangemode": "tozero", "tickformat": ",d",
               "separatethousands": True, "gridcolor": palet.RASTER},
    )
    return fig
