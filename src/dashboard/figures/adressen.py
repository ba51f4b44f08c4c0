"""The address figures: figure 1 (categories), groups A-F, NCG phases and the phase matrix (figure 2)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.core import fmt, palet
from dashboard.core.palet import (  # the palette lives in palet.py
    CATEGORIE_KLEUREN,
    GROEP_KLEUREN,
)
from dashboard.figures.basis import _aantal_teksten, _Figuur, _layout, _plotly, _spoor


@_plotly
def donut_categorieen(categorieen: pl.DataFrame, title: str | None = None, totaal: int | None = None) -> go.Figure:
    """Figure 1: the NCG addresses by samenwerkingspotentieel, counts and shares; in the middle `totaal` (the
    KPI's total, perturbed on its own for aggregate roles) or else the categories' sum."""
    total = int(categorieen["aantal"].sum()) if totaal is None else int(totaal)
    text = [
        f"{fmt.getal(n)}<br>{fmt.procent(a, 0)}" if n else ""
        for n, a in zip(categorieen["aantal"], categorieen["aandeel"])
    ]
    fig = _Figuur(
        _spoor(
            "pie",
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
            insidetextfont={"color": [palet.tekst_op(CATEGORIE_KLEUREN[c]) for c in categorieen["categorie"]]},
            marker={"colors": [CATEGORIE_KLEUREN[c] for c in categorieen["categorie"]]},
        )
    )
    fig.add_annotation(text=f"<b>{fmt.getal(total)}</b><br>NCG-adressen", showarrow=False, font={"size": 16})
    return _layout(fig, title)


@_plotly
def staaf_groepen(groepen: pl.DataFrame, title: str | None = None, drempel: int = 5) -> go.Figure:
    """The beide_lopend addresses per group A-F, with the evaluation's text on hover."""
    fig = _Figuur(
        _spoor(
            "bar",
            x=[f"Groep {g}" for g in groepen["groep"]],
            y=groepen["aantal"].to_list(),
            text=_aantal_teksten(groepen, drempel),
            textposition="outside",
            customdata=[_wrap(t) for t in groepen["tekst"]],
            hovertemplate="%{x}: %{y:,.0f} adressen<br>%{customdata}<extra></extra>",
            marker={"color": [GROEP_KLEUREN[g] for g in groepen["groep"]]},
        )
    )
    fig.update_yaxes(title="adressen", rangemode="tozero")
    fig.update_xaxes(title=None)
    return _layout(fig, title)


@_plotly
def staaf_fasen(fasen: pl.DataFrame, title: str | None = None) -> go.Figure:
    """NCG phase distribution, stacked by figure-1 category."""
    fig = _Figuur()
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


@_plotly
def fasematrix(
    matrix: pl.DataFrame,
    aandelen: bool = False,
    gekozen: tuple[str, ...] = (),
    title: str | None = None,
    *,
    totalen: dict[tuple, int | None],
    drempel: int = 5,
) -> go.Figure:
    """Figure 2: beide_lopend addresses per NCG phase (rows) and running IMG phase (columns).

    A heatmap for colour and values, the groups A-F outlined in their colours, row and column
    totals, and an invisible layer of square markers, one per cell with the cell code as
    customdata, that makes cells clickable (plotly heatmaps do not take selections). `totalen` are the
    matrix's totals from the subject (subjects.adressen.matrix_totalen): a figure draws, it does not count.
    """
    from dashboard.core.domain import IMG_FASE_LABELS, IMG_LOPEND, NCG_FASE_LABELS, NCG_LOPEND

    totaal = totalen[("totaal",)]
    x_labels = [IMG_FASE_LABELS[f] for f in IMG_LOPEND]
    y_labels = [NCG_FASE_LABELS[f] for f in NCG_LOPEND]
    cell = {(r["ncg_fase"], r["img_fase"]): r for r in matrix.iter_rows(named=True)}

    def waarde(aantal: int | None) -> str:
        if aantal is None:  # hidden by small-cell suppression
            return f"<{drempel}"
        return fmt.procent(aantal / totaal if totaal else None) if aandelen else fmt.getal(aantal)

    z = [[cell[(n, i)]["aandeel" if aandelen else "aantal"] for i in IMG_LOPEND] for n in NCG_LOPEND]
    text = [[waarde(cell[(n, i)]["aantal"]) for i in IMG_LOPEND] for n in NCG_LOPEND]
    fig = _Figuur(
        _spoor(
            "heatmap",
            x=x_labels,
            y=y_labels,
            z=z,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 15, "color": palet.VERLOOP_TEKST},
            colorscale=[[0, palet.VERLOOP[0]], [1, palet.VERLOOP[1]]],
            showscale=False,
            hoverinfo="skip",
            xgap=2,
            ygap=2,
        )
    )
    rows = [(n, i) for n in NCG_LOPEND for i in IMG_LOPEND]
    fig.add_scatter(
        x=[IMG_FASE_LABELS[i] for _, i in rows],
        y=[NCG_FASE_LABELS[n] for n, _ in rows],
        customdata=[[cell[r]["cel"], cell[r]["groep"], waarde(cell[r]["aantal"])] for r in rows],
        mode="markers",
        marker={"symbol": "square", "size": 60, "color": palet.TEKST, "opacity": 0},
        selected={"marker": {"opacity": 0.22}},
        unselected={"marker": {"opacity": 0}},
        selectedpoints=[k for k, r in enumerate(rows) if cell[r]["cel"] in gekozen] or None,
        hovertemplate="NCG: %{y}<br>IMG: %{x}<br>Groep %{customdata[1]}: %{customdata[2]} adressen"
        "<extra>klik voor de adressen</extra>",
        showlegend=False,
        name="cellen",
    )
    # Row and column totals beside the matrix.
    fig.add_scatter(
        x=["Totaal"] * len(NCG_LOPEND) + x_labels + ["Totaal"],
        y=y_labels + ["Totaal"] * len(IMG_LOPEND) + ["Totaal"],
        text=[waarde(totalen[("rij", n)]) for n in NCG_LOPEND]
        + [waarde(totalen[("kolom", i)]) for i in IMG_LOPEND]
        + [waarde(totaal)],
        mode="text",
        textfont={"size": 15, "color": palet.TEKST},
        hoverinfo="skip",
        showlegend=False,
    )
    # Outline each group's block of cells in its colour, its letter in the block's corner.
    for g in GROEP_KLEUREN:
        blok = [(NCG_LOPEND.index(n), IMG_LOPEND.index(i)) for (n, i), r in cell.items() if r["groep"] == g]
        if not blok:
            continue
        y0, y1 = min(b[0] for b in blok) - 0.5, max(b[0] for b in blok) + 0.5
        x0, x1 = min(b[1] for b in blok) - 0.5, max(b[1] for b in blok) + 0.5
        fig.add_shape(
            type="rect",
            x0=x0 + 0.02,
            x1=x1 - 0.02,
            y0=y0 + 0.03,
            y1=y1 - 0.03,
            line={"color": GROEP_KLEUREN[g], "width": 4},
        )
        # The letter in dark text on a white tag edged in the group's colour: readable on any cell.
        fig.add_annotation(
            x=x0 + 0.04,
            y=y0 + 0.06,
            text=f"<b>{g}</b>",
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font={"color": palet.TEKST, "size": 14},
            bgcolor=palet.WIT,
            bordercolor=GROEP_KLEUREN[g],
            borderwidth=2,
            borderpad=1,
        )
    fig.update_xaxes(
        side="top",
        title="Fase bij IMG (minst gevorderde lopende melding)",
        categoryorder="array",
        categoryarray=x_labels + ["Totaal"],
        showgrid=False,
        fixedrange=True,
    )
    fig.update_yaxes(
        autorange="reversed",
        title="Fase bij NCG",
        categoryorder="array",
        categoryarray=y_labels + ["Totaal"],
        showgrid=False,
        fixedrange=True,
    )
    fig = _layout(fig, title, height=430)
    fig.update_yaxes(tickformat=None)
    # No dragmode: Streamlit then makes a click select a cell; box select stays in the toolbar.
    fig.update_layout(margin={"t": 70})
    return fig
