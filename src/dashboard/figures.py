"""Plotly figures from plain frames; no Streamlit here.

Every figure uses an explicit, print-friendly template and Dutch separators,
so the same object renders in the app and in exported images.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard import fmt

TEMPLATE = "plotly_white"
FONT = "Source Sans Pro, Arial, sans-serif"

CATEGORIE_KLEUREN = {
    "geen_schademelding": "#A7BBC7",
    "gesloten": "#4F6D7A",
    "beide_lopend": "#E07A1F",
}
GROEP_KLEUREN = {
    "A": "#B8B8B8",
    "B": "#2A9D8F",
    "C": "#9C9C9C",
    "D": "#E9C46A",
    "E": "#E76F51",
    "F": "#8D99AE",
}


def _layout(fig: go.Figure, title: str | None = None, height: int = 380) -> go.Figure:
    fig.update_layout(
        template=TEMPLATE,
        separators=fmt.PLOTLY_SEPARATORS,
        font={"family": FONT, "size": 13},
        title={"text": title, "x": 0} if title else None,
        height=height,
        margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    )
    # Whole numbers with a Dutch thousands separator (26.800), never plotly's SI '10k'.
    fig.update_yaxes(tickformat=",d", separatethousands=True)
    return fig


def donut_categorieen(categorieen: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Figure 1: the NCG addresses by samenwerkingspotentieel, counts and shares."""
    total = int(categorieen["aantal"].sum())
    text = [
        f"{fmt.getal(n)}<br>{fmt.procent(a, 0)}" if n else ""
        for n, a in zip(categorieen["aantal"], categorieen["aandeel"])
    ]
    fig = go.Figure(
        go.Pie(
            labels=categorieen["label"].to_list(),
            values=categorieen["aantal"].to_list(),
            customdata=categorieen["categorie"].to_list(),
            text=text,
            textinfo="text",
            hovertemplate="%{label}<br>%{value:,.0f} adressen (%{percent})<extra></extra>",
            hole=0.55,
            sort=False,
            direction="clockwise",
            insidetextorientation="horizontal",
            marker={"colors": [CATEGORIE_KLEUREN[c] for c in categorieen["categorie"]]},
        )
    )
    fig.add_annotation(text=f"<b>{fmt.getal(total)}</b><br>NCG-adressen", showarrow=False, font={"size": 16})
    return _layout(fig, title)


def staaf_groepen(groepen: pl.DataFrame, title: str | None = None) -> go.Figure:
    """The beide_lopend addresses per group A-F, with the evaluation's text on hover."""
    fig = go.Figure(
        go.Bar(
            x=[f"Groep {g}" for g in groepen["groep"]],
            y=groepen["aantal"].to_list(),
            text=[fmt.getal(n) for n in groepen["aantal"]],
            textposition="outside",
            customdata=[_wrap(t) for t in groepen["tekst"]],
            hovertemplate="%{x}: %{y:,.0f} adressen<br>%{customdata}<extra></extra>",
            marker={"color": [GROEP_KLEUREN[g] for g in groepen["groep"]]},
        )
    )
    fig.update_yaxes(title="adressen", rangemode="tozero")
    fig.update_xaxes(title=None)
    return _layout(fig, title)


def staaf_fasen(fasen: pl.DataFrame, title: str | None = None) -> go.Figure:
    """NCG phase distribution, stacked by figure-1 category."""
    fig = go.Figure()
    for categorie, kleur in CATEGORIE_KLEUREN.items():
        part = fasen.filter(pl.col("categorie") == categorie)
        fig.add_bar(
            name=part["categorie_label"][0] if part.height else categorie,
            x=part["fase_label"].to_list(),
            y=part["aantal"].to_list(),
            marker={"color": kleur},
            hovertemplate="%{x}<br>%{fullData.name}: %{y:,.0f}<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title="adressen")
    return _layout(fig, title)


def _wrap(text: str, width: int = 60) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)
