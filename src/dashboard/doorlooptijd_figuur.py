"""SVIP's handling time per kind as one readable chart (issue 18: two panels of five tangled monthly lines).

Per kind of request, over the page's period (its 'Ontvangen' selector): the median and the 90th percentile of
the days from receipt to closing, as horizontal bars with their values written on them. The monthly figures stay
in the table under the chart.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import fmt, palet

FONT = "Source Sans Pro, Arial, sans-serif"
MATEN = {"mediaan_dagen": "Mediaan", "p90_dagen": "90e percentiel"}


def staaf_doorlooptijd(per_soort: pl.DataFrame, volgorde: list[str]) -> go.Figure:
    """Median and 90th percentile per kind (svip.doorlooptijden(..., by=("soort",))): grouped horizontal bars,
    kinds in the order of `volgorde` (top to bottom)."""
    rijen = per_soort.filter(pl.col("soort").is_in(volgorde)).with_columns(
        pl.col("soort").replace_strict({s: i for i, s in enumerate(volgorde)}, return_dtype=pl.Int32).alias("_v")
    ).sort("_v", descending=True)  # plotly draws the first category at the bottom
    labels = rijen["label"].to_list()
    kleuren = {"mediaan_dagen": palet.CATEGORIE_KLEUREN["gesloten"], "p90_dagen": palet.CATEGORIE_KLEUREN["geen_schademelding"]}
    fig = go.Figure()
    for maat, naam in reversed(MATEN.items()):  # the median on top in each kind's pair, and first in the legend
        waarden = rijen[maat].to_list()
        fig.add_bar(
            name=naam, y=labels, x=waarden, orientation="h", marker={"color": kleuren[maat]},
            text=rijen.select(pl.concat_str(fmt.decimaal_expr(maat, 0), pl.lit(" d")))[:, 0].to_list(), textposition="outside", cliponaxis=False,
            customdata=rijen["afgerond"].to_list(),
            hovertemplate=f"%{{y}}<br>{naam}: %{{x:,.1f}} dagen (%{{customdata:,.0f}} afgerond)<extra></extra>",
        )
    fig.update_layout(
        barmode="group", separators=fmt.PLOTLY_SEPARATORS, height=80 + 56 * max(1, len(labels)),
        font={"family": FONT, "size": 13, "color": palet.TEKST}, margin={"l": 10, "r": 40, "t": 10, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0, "traceorder": "reversed"},
        plot_bgcolor="white", bargap=0.25,
    )
    fig.update_xaxes(title="dagen van ontvangst tot afronding", rangemode="tozero", gridcolor="#e5e7eb")
    return fig
