"""Charts over time: figure 1 and groups A-F per peildatum, the flows between two snapshots (Sankey), and
the claims' link rates per peildatum (Datakwaliteit)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.core import fmt, palet, privacy
from dashboard.core.palet import (  # the palette lives in palet.py
    CATEGORIE_KLEUREN,
    KOPPELING_KLEUREN,
    STROOM_KLEUREN,
)
from dashboard.figures.basis import _aantal_teksten, _Figuur, _layout, _plotly, _spoor
from dashboard.figures.sankey_labels import labels_naast_knopen
from dashboard.subjects import trend_gemeente

# ---------------------------------------------------------------- over time (Trend, Datakwaliteit)

_PEILDATUM_KLEUREN = palet.PEILDATUM_KLEUREN  # older snapshots, lightest first
VERBORGEN = "verborgen"  # the node of the flows hidden by small-cell suppression


def _peildatum_kleuren(n: int) -> list[str]:
    """A colour per snapshot, oldest first: greys getting darker, the latest in the dashboard's orange."""
    oud = list(_PEILDATUM_KLEUREN[-(n - 1) :]) if n > 1 else []
    while len(oud) < n - 1:
        oud.insert(0, _PEILDATUM_KLEUREN[0])
    return [*oud, palet.PEILDATUM_LAATSTE]


@_plotly
def staaf_trend_categorieen(categorieen: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Figure 1 per peildatum: stacked bars of the three categories, with counts and shares.

    A count hidden by small-cell suppression (null) is left out, as is a hidden share.
    """
    peildata = sorted(set(categorieen["peildatum"]))
    x = [fmt.datum(p) for p in peildata]
    fig = _Figuur()
    for categorie, kleur in CATEGORIE_KLEUREN.items():
        deel = categorieen.filter(pl.col("categorie") == categorie).sort("peildatum")
        if not deel.height:
            continue
        fig.add_bar(
            name=deel["label"][0],
            x=x,
            y=deel["aantal"].to_list(),
            text=[
                f"{fmt.getal(n)}{f' ({fmt.procent(a, 0)})' if a is not None else ''}" if n else ""
                for n, a in zip(deel["aantal"], deel["aandeel"])
            ],
            # A monthly series has no room for labels in its bars: hover and 'Toon als tabel' give them.
            textposition="inside" if len(peildata) <= 4 else "none",
            insidetextanchor="middle",
            constraintext="none",  # the thin beide_lopend segment keeps a readable label
            customdata=[f" ({fmt.procent(a)})" if a is not None else "" for a in deel["aandeel"]],
            marker={"color": kleur},
            insidetextfont={"color": palet.tekst_op(kleur)},
            hovertemplate="%{x}<br>%{fullData.name}: %{y:,.0f} adressen%{customdata}<extra></extra>",
        )
    fig.update_layout(barmode="stack", bargap=0.45, legend={"traceorder": "normal"})
    fig.update_xaxes(title=None, type="category")
    fig.update_yaxes(title="NCG-adressen")
    return _layout(fig, title, height=420)


@_plotly
def staaf_trend_groepen(groepen: pl.DataFrame, title: str | None = None, drempel: int = 5) -> go.Figure:
    """The beide_lopend addresses per group A-F, one bar per peildatum (the latest in orange); a count
    hidden by small-cell suppression (null) has no bar and reads '<5'."""
    peildata = sorted(set(groepen["peildatum"]))
    fig = _Figuur()
    for p, kleur in zip(peildata, _peildatum_kleuren(len(peildata))):
        deel = groepen.filter(pl.col("peildatum") == p).sort("groep")
        fig.add_bar(
            name=fmt.datum(p),
            x=[f"Groep {g}" for g in deel["groep"]],
            y=deel["aantal"].to_list(),
            text=_aantal_teksten(deel, drempel),
            textposition="outside",
            marker={"color": kleur},
            hovertemplate="%{x} op %{fullData.name}: %{text} adressen<extra></extra>",
        )
    fig.update_layout(barmode="group", bargap=0.25, legend={"title": {"text": "Peildatum "}})
    fig.update_yaxes(title="adressen beide lopend", rangemode="tozero")
    fig.update_xaxes(title=None)
    return _layout(fig, title, height=420)


_rgba = palet.rgba


SANKEY_DOMEIN = (0.24, 0.76)  # the flows' share of the width; the node labels sit left and right of it


@_plotly
def sankey_stroom(
    stroom: pl.DataFrame,
    labels: dict[str, str],
    volgorde: tuple[str, ...],
    van_titel: str,
    naar_titel: str,
    title: str | None = None,
    totalen: dict[tuple[str, str], int | None] | None = None,
    drempel: int = 5,
) -> go.Figure:
    """Addresses flowing from their node at one peildatum (left) to their node at another (right).

    `stroom` has columns van, naar (node keys) and aantal; `volgorde` orders the nodes top to bottom on
    both sides and `labels` names them. Nodes are placed explicitly, so the same node sits at the same
    height on both sides and plotly does not reorder them.

    After small-cell suppression (trend.onderdruk_stroom) a hidden flow (null, `onderdrukt`) is not
    drawn on its own: per node, its hidden flows go as one grey band to (or come from) a node 'Verborgen
    stromen' on the other side. The band is the node's total minus its shown flows, which the labels
    already tell; so the nodes keep their true heights. `totalen` gives the node totals, hidden ones
    None (such a node's band is drawn `drempel` wide per hidden flow), and no band is narrower than
    `drempel`, so the chart never states a small number.
    """
    verborgen = stroom["onderdrukt"].to_list() if "onderdrukt" in stroom.columns else [False] * stroom.height
    label = privacy.label(drempel)
    links = [
        (v, n, int(a), [f"{labels.get(v, v)} → {labels.get(n, n)}", f"{fmt.getal(a)} adressen"])
        for v, n, a, h in zip(stroom["van"], stroom["naar"], stroom["aantal"], verborgen)
        if not h
    ]
    if any(verborgen):
        labels = {**labels, VERBORGEN: f"Verborgen stromen ({label})"}
        volgorde = (*volgorde, VERBORGEN)
        uitleg = f"stromen onder de {drempel}, en wat ze zouden verraden"
        for kant, positie in (("van", 0), ("naar", 1)):
            for knoop in dict.fromkeys(stroom[kant]):
                aantal = sum(1 for k, h in zip(stroom[kant], verborgen) if h and k == knoop)
                if not aantal:
                    continue
                totaal = (totalen or {}).get((kant, knoop))
                getoond = sum(a for v, n, a, _ in links if (v, n)[positie] == knoop)
                rest = drempel * aantal if totaal is None else totaal - getoond
                paar = (knoop, VERBORGEN) if kant == "van" else (VERBORGEN, knoop)
                links.append((*paar, max(rest, drempel), [" → ".join(labels.get(k, k) for k in paar), uitleg]))
    kanten = {}
    for kant, positie in (("van", 0), ("naar", 1)):
        per: dict[str, int] = {}
        for link in links:
            per[link[positie]] = per.get(link[positie], 0) + link[2]
        kanten[kant] = [(k, per[k]) for k in volgorde if per.get(k)]
    if totalen is None:
        totalen = {(kant, k): n for kant in ("van", "naar") for k, n in kanten[kant]}
    knopen = [(kant, k) for kant in ("van", "naar") for k, _ in kanten[kant]]
    index = {knoop: i for i, knoop in enumerate(knopen)}

    def knoop_label(kant: str, k: str) -> str:
        if k == VERBORGEN:
            return labels[k]
        return f"{labels.get(k, k)}: {privacy.tekst(totalen.get((kant, k)), totalen.get((kant, k)) is None, drempel)}"

    # Plotly scales every node by one factor, set by the side with the most nodes and their padding;
    # centre each node where that scale puts it, top to bottom in `volgorde`.
    hoogte, pad = 480 + 20 * max(len(kanten["van"]), len(kanten["naar"]), 1), 16
    plot = hoogte - 50  # the margins below
    totaal = max(sum(n for _, n in kanten["van"]), sum(n for _, n in kanten["naar"]), 1)
    schaal = (plot - pad * (max(len(kanten["van"]), len(kanten["naar"])) - 1)) / totaal

    def posities(rij: list[tuple[str, int]]) -> list[float]:
        ys, onder = [], 0.0
        for _, n in rij:
            ys.append(min(0.999, max(0.001, (onder + n * schaal / 2) / plot)))
            onder += n * schaal + pad
        return ys

    y = posities(kanten["van"]) + posities(kanten["naar"])
    x = [0.001 if kant == "van" else 0.999 for kant, _ in knopen]
    fig = _Figuur(
        _spoor(
            "sankey",
            arrangement="snap",
            valueformat=",d",
            # Plotly writes a node's label over the flows; ours go beside the nodes (sankey_labels).
            textfont={"size": 1, "color": palet.ONZICHTBAAR, "shadow": "none"},
            domain={"x": list(SANKEY_DOMEIN)},
            node={
                "label": [knoop_label(kant, k) for kant, k in knopen],
                "color": [STROOM_KLEUREN.get(k, palet.ONBEKEND) for _, k in knopen],
                "x": x,
                "y": y,
                "pad": pad,
                "thickness": 18,
                "line": {"width": 0},
                "customdata": [van_titel if kant == "van" else naar_titel for kant, _ in knopen],
                "hovertemplate": "%{label}<br>op %{customdata}<extra></extra>",
            },
            link={
                "source": [index[("van", v)] for v, *_ in links],
                "target": [index[("naar", n)] for _, n, *_ in links],
                "value": [a for _, _, a, _ in links],
                "color": [
                    _rgba(STROOM_KLEUREN.get(v if n != VERBORGEN else VERBORGEN, palet.ONBEKEND), 0.38)
                    for v, n, *_ in links
                ],
                "customdata": [c for *_, c in links],
                "hovertemplate": "%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            },
        )
    )
    for xpos, tekst, anker in ((SANKEY_DOMEIN[0], van_titel, "left"), (SANKEY_DOMEIN[1], naar_titel, "right")):
        fig.add_annotation(
            x=xpos,
            y=1.0,
            xref="paper",
            yref="paper",
            yanchor="bottom",
            xanchor=anker,
            text=f"<b>{tekst}</b>",
            showarrow=False,
            font={"size": 14},
        )
    labels_naast_knopen(
        fig, [knoop_label(kant, k) for kant, k in knopen], [kant for kant, _ in knopen], y, SANKEY_DOMEIN, palet.TEKST
    )
    _layout(fig, title, height=hoogte + (30 if title else 0))
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40 if not title else 70, "b": 10})
    return fig


@_plotly
def staaf_koppeling(koppeling: pl.DataFrame, title: str | None = None) -> go.Figure:
    """The claims of each peildatum by how they link to an NCG address: a horizontal 100% bar per peildatum."""
    peildata = sorted(set(koppeling["peildatum"]), reverse=True)  # the latest on top
    y = [fmt.datum(p) for p in peildata]
    fig = _Figuur()
    for sleutel, kleur in KOPPELING_KLEUREN.items():
        deel = koppeling.filter(pl.col("koppeling") == sleutel).sort("peildatum", descending=True)
        if not deel.height:
            continue
        fig.add_bar(
            name=deel["label"][0],
            y=y,
            x=deel["aandeel"].to_list(),
            orientation="h",
            text=[fmt.procent(a) if n else "" for n, a in zip(deel["aantal"], deel["aandeel"])],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            constraintext="none",
            customdata=[fmt.getal(n) for n in deel["aantal"]],
            marker={"color": kleur},
            insidetextfont={"color": palet.tekst_op(kleur)},
            hovertemplate="%{y}<br>%{fullData.name}: %{customdata} meldingen (%{x:.1%})<extra></extra>",
        )
    _layout(fig, title, height=120 + 60 * len(peildata))
    fig.update_layout(barmode="stack", bargap=0.35, legend={"traceorder": "normal", "y": -0.25})
    fig.update_yaxes(title=None, type="category", tickformat=None)
    fig.update_xaxes(title="aandeel van de schademeldingen", tickformat=".0%", range=[0, 1])
    return fig


def lijnen_per_gemeente(telling: pl.DataFrame, gemeente: str, soort: str, title: str | None = None) -> go.Figure:
    """Trend per gemeente: one gemeente's counts of one kind (trend_gemeente.SOORTEN) over the peildata, a line
    per key and a marker per peildatum (trend_gemeente.per_gemeente's rows)."""
    deel = telling.filter((pl.col("gemeente") == gemeente) & (pl.col("soort") == soort)).sort("peildatum")
    peildata = sorted(set(deel["peildatum"]))
    x = [fmt.datum(p) for p in peildata]
    data = []
    for k in trend_gemeente.SLEUTELS[soort]:
        rij = deel.filter(pl.col("sleutel") == k)
        waarden = dict(zip(rij["peildatum"], rij["aantal"]))
        y = [waarden.get(p) for p in peildata]
        data.append(
            go.Scatter(
                name=trend_gemeente.LABELS[soort][k],
                x=x,
                y=y,
                mode="lines+markers",
                text=[fmt.getal(n) if n is not None else "" for n in y],
                line={"color": trend_gemeente.KLEUREN[soort][k], "width": 2.5},
                marker={"size": 7},
                hovertemplate="%{x}<br>%{fullData.name}: %{text} adressen<extra></extra>",
            )
        )
    fig = go.Figure(data=data)
    fig.update_layout(
        separators=fmt.PLOTLY_SEPARATORS,
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 13, "color": palet.TEKST},
        title={"text": title, "x": 0} if title else None,
        height=420,
        margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis={"title": {"text": "Peildatum"}, "type": "category", "gridcolor": palet.RASTER},
        yaxis={
            "title": {"text": "adressen"},
            "rangemode": "tozero",
            "tickformat": ",d",
            "separatethousands": True,
            "gridcolor": palet.RASTER,
        },
    )
    return fig
