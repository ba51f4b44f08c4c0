"""Plotly figures from plain frames; no Streamlit here.

Every figure uses an explicit, print-friendly template and Dutch separators,
so the same object renders in the app and in exported images.
"""

from __future__ import annotations

import copy
import functools
import os

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from dashboard import fmt, palet, privacy
from dashboard.palet import (  # the palette lives in palet.py
    CATEGORIE_KLEUREN,
    GROEP_KLEUREN,
    KOPPELING_KLEUREN,
    MENUKEUZE_KLEUREN,
    ORGANISATIE_KLEUREN,
    SAMENWERKING_KLEUREN,
    STROOM_KLEUREN,
    SVIP_SOORT_KLEUREN,
    SVIP_UITKOMST_KLEUREN,
)


def _template(name: str, trace_types: tuple[str, ...]) -> go.layout.Template:
    """A named plotly template cut down to its layout and the trace types drawn here: the same look.

    Plotly validates the whole template on every figure it is applied to; plotly_white styles 24
    trace types, and applying it all took ~25 ms of CPU per figure (a third of a page rerun). A
    figure that starts drawing another trace type (histogram, box, ...) should add it here.
    """
    full = pio.templates[name].to_plotly_json()
    return go.layout.Template(layout=full["layout"], data={t: full["data"][t] for t in trace_types if t in full["data"]})


TEMPLATE = _template("plotly_white", ("bar", "funnel", "heatmap", "pie", "sankey", "scatter"))
# Every figure starts from this template as plotly's default: plotly applies a default template without
# validating it again, where `update_layout(template=...)` validated and copied it (~25 ms per figure).
pio.templates.default = TEMPLATE
FONT = "Source Sans Pro, Arial, sans-serif"

# Plotly checks every property against its schema. Tests set DASHBOARD_VALIDEER_FIGUREN=1 and every chart
# they draw is checked; the app skips the check, which cost more than the rest of a page rerun.
VALIDEREN = os.environ.get("DASHBOARD_VALIDEER_FIGUREN") == "1"


class _Figuur:
    """The part of go.Figure's API used here, on the plain JSON plotly.js reads.

    Plotly's incremental API (update_layout, update_yaxes, make_subplots, add_annotation) parses property
    paths and validates on every call: 20-100 ms per chart, most of a page rerun. A chart is built here as
    JSON (traces still go through their plotly class) and becomes a go.Figure once, in `figuur()`.
    Updates merge like plotly's: nested dicts merge, None removes a property, a string title is its text.
    """

    def __init__(self, *traces, kolommen: int = 1, cellen: int = 1, layout: dict | None = None,
                 plaatsen: dict | None = None):
        self.data: list[dict] = []
        self.layout: dict = layout or {}
        self._kolommen, self._cellen, self._plaatsen = kolommen, cellen, plaatsen or {}
        for trace in traces:
            self.add_trace(trace)

    @classmethod
    def subplots(cls, **kwargs) -> _Figuur:
        layout, plaatsen = _subplot_skelet(**{k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()})
        return cls(kolommen=kwargs.get("cols", 1), cellen=kwargs.get("rows", 1) * kwargs.get("cols", 1),
                   layout=copy.deepcopy(layout), plaatsen=plaatsen)

    def add_trace(self, trace, row: int | None = None, col: int | None = None) -> _Figuur:
        spec = trace.to_plotly_json() if hasattr(trace, "to_plotly_json") else dict(trace)
        if row is not None:
            spec.update(self._plaatsen[(row, col or 1)])
        self.data.append(spec)
        return self

    def add_bar(self, row: int | None = None, col: int | None = None, **kwargs) -> _Figuur:
        return self.add_trace(_spoor("bar", **kwargs), row, col)

    def add_scatter(self, row: int | None = None, col: int | None = None, **kwargs) -> _Figuur:
        return self.add_trace(_spoor("scatter", **kwargs), row, col)

    def update_layout(self, **kwargs) -> _Figuur:
        _samenvoegen(self.layout, kwargs)
        return self

    def _assen(self, soort: str, col: int | None) -> list[str]:
        return [f"{soort}axis{'' if i == 1 else i}" for i in range(1, self._cellen + 1)
                if col is None or (i - 1) % self._kolommen + 1 == col]

    def update_xaxes(self, col: int | None = None, **kwargs) -> _Figuur:
        for as_ in self._assen("x", col):
            _samenvoegen(self.layout.setdefault(as_, {}), kwargs)
        return self

    def update_yaxes(self, col: int | None = None, **kwargs) -> _Figuur:
        for as_ in self._assen("y", col):
            _samenvoegen(self.layout.setdefault(as_, {}), kwargs)
        return self

    def update_traces(self, **kwargs) -> _Figuur:
        for trace in self.data:
            _samenvoegen(trace, kwargs)
        return self

    def add_annotation(self, **kwargs) -> _Figuur:
        self.layout.setdefault("annotations", []).append(_samenvoegen({}, kwargs))
        return self

    def update_annotations(self, **kwargs) -> _Figuur:
        for annotatie in self.layout.get("annotations", []):
            _samenvoegen(annotatie, kwargs)
        return self

    def add_shape(self, **kwargs) -> _Figuur:
        self.layout.setdefault("shapes", []).append(_samenvoegen({}, kwargs))
        return self

    def figuur(self) -> go.Figure:
        spec = {"data": self.data, "layout": self.layout}
        return go.Figure(spec) if VALIDEREN else go.Figure(spec, _validate=False)


def _spoor(soort: str, **kwargs) -> dict:
    """A trace as plotly.js reads it; with VALIDEREN through its plotly class (which checks every property)."""
    if VALIDEREN:
        return go.Figure().add_trace({"type": soort, **kwargs}).data[0].to_plotly_json()
    return {"type": soort, **kwargs}


def _iso(datums: pl.Series) -> list[str]:
    """Dates as the ISO text plotly writes for them: the same chart, without plotly deep-copying date objects."""
    return datums.dt.to_string("%Y-%m-%d").to_list()


def _samenvoegen(doel: dict, bron: dict) -> dict:
    for key, value in bron.items():
        if key == "title" and isinstance(value, str):
            value = {"text": value}
        if value is None:
            doel.pop(key, None)
        elif isinstance(value, dict):
            _samenvoegen(doel[key] if isinstance(doel.get(key), dict) else doel.setdefault(key, {}), value)
            if not isinstance(doel[key], dict):
                doel[key] = _samenvoegen({}, value)
        else:
            doel[key] = copy.deepcopy(value) if isinstance(value, list) else value
    return doel


@functools.lru_cache(maxsize=32)
def _subplot_skelet(**kwargs) -> tuple[dict, dict]:
    """make_subplots' layout (axis domains, subplot titles) and each cell's axis references, made once."""
    from plotly.subplots import make_subplots

    fig = make_subplots(**kwargs)
    layout = fig.to_dict()["layout"]
    layout.pop("template", None)
    plaatsen = {(r + 1, c + 1): dict(cel[0].trace_kwargs)
                for r, rij in enumerate(fig._grid_ref) for c, cel in enumerate(rij) if cel}
    return layout, plaatsen


def _plotly(fn):
    """A figure function that builds a _Figuur returns the go.Figure; `fn.__wrapped__` returns the _Figuur."""
    @functools.wraps(fn)
    def figuur(*args, **kwargs):
        uit = fn(*args, **kwargs)
        return uit.figuur() if isinstance(uit, _Figuur) else uit

    return figuur

def _layout(fig: go.Figure, title: str | None = None, height: int = 380) -> go.Figure:
    fig.update_layout(
        separators=fmt.PLOTLY_SEPARATORS,
        font={"family": FONT, "size": 13, "color": palet.TEKST},
        title={"text": title, "x": 0} if title else None,
        height=height,
        margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    )
    # Whole numbers with a Dutch thousands separator (26.800), never plotly's SI '10k'.
    fig.update_yaxes(tickformat=",d", separatethousands=True)
    return fig


@_plotly
def donut_categorieen(categorieen: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Figure 1: the NCG addresses by samenwerkingspotentieel, counts and shares."""
    total = int(categorieen["aantal"].sum())
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


def _aantal_teksten(frame: pl.DataFrame, drempel: int = 5) -> list[str]:
    """Counts as Dutch text; counts hidden by small-cell suppression (null, `onderdrukt`) as '<drempel'."""
    verborgen = frame["onderdrukt"] if "onderdrukt" in frame.columns else [False] * frame.height
    return [privacy.tekst(n, v, drempel) for n, v in zip(frame["aantal"], verborgen)]


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
    totalen: dict[tuple, int | None] | None = None,
    drempel: int = 5,
) -> go.Figure:
    """Figure 2: beide_lopend addresses per NCG phase (rows) and running IMG phase (columns).

    A heatmap for colour and values, the groups A-F outlined in their colours, row and column
    totals, and an invisible layer of square markers, one per cell with the cell code as
    customdata, that makes cells clickable (plotly heatmaps do not take selections).
    """
    from dashboard.domain import IMG_FASE_LABELS, IMG_LOPEND, NCG_FASE_LABELS, NCG_LOPEND

    from dashboard.adressen import matrix_totalen

    totalen = totalen or matrix_totalen(matrix)
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
        fig.add_shape(type="rect", x0=x0 + 0.02, x1=x1 - 0.02, y0=y0 + 0.03, y1=y1 - 0.03,
                      line={"color": GROEP_KLEUREN[g], "width": 4})
        # The letter in dark text on a white tag edged in the group's colour: readable on any cell.
        fig.add_annotation(x=x0 + 0.04, y=y0 + 0.06, text=f"<b>{g}</b>", showarrow=False, xanchor="left",
                           yanchor="top", font={"color": palet.TEKST, "size": 14}, bgcolor=palet.WIT,
                           bordercolor=GROEP_KLEUREN[g], borderwidth=2, borderpad=1)
    fig.update_xaxes(side="top", title="Fase bij IMG (minst gevorderde lopende melding)", categoryorder="array",
                     categoryarray=x_labels + ["Totaal"], showgrid=False, fixedrange=True)
    fig.update_yaxes(autorange="reversed", title="Fase bij NCG", categoryorder="array",
                     categoryarray=y_labels + ["Totaal"], showgrid=False, fixedrange=True)
    fig = _layout(fig, title, height=430)
    fig.update_yaxes(tickformat=None)
    # No dragmode: Streamlit then makes a click select a cell; box select stays in the toolbar.
    fig.update_layout(margin={"t": 70})
    return fig


# ---------------------------------------------------------------- SVIP, telefonie (IVR) and samenwerking

LIJN_NAMEN = {"IMG": "IMG-lijn", "NCG": "NCG-lijn"}
_REEKS_KLEUREN = palet.REEKS_KLEUREN  # for series without a colour


def _tijdas(fig: go.Figure, dagen: list, weken: bool = False) -> None:
    """A date x axis with Dutch month labels ('jan 2021'), at most seven of them.

    The labels sit mid-month, under the bars and points of their month (which are centred in it); the
    axis spans whole months, or with `weken` (bars per week from their Monday) the weeks themselves.
    """
    from datetime import date, datetime, timedelta

    if not dagen:
        return
    eerste, laatste = min(dagen), max(dagen)
    maanden = (laatste.year - eerste.year) * 12 + laatste.month - eerste.month + 1

    def maand(i: int) -> date:
        return date(eerste.year + (eerste.month - 1 + i) // 12, (eerste.month - 1 + i) % 12 + 1, 1)

    def midden(i: int) -> datetime:  # where plotly puts a month's bar or point (xperiodalignment "middle")
        return datetime.combine(maand(i), datetime.min.time()) + (maand(i + 1) - maand(i)) / 2

    stap = max(1, -(-maanden // 7))
    ticks = range(0, maanden, stap)
    fig.update_xaxes(type="date", tickmode="array", tickvals=[midden(i) for i in ticks],
                     ticktext=[fmt.maand(maand(i), kort=True) for i in ticks],
                     range=[eerste, laatste + timedelta(days=7)] if weken else [maand(0), maand(maanden)],
                     tickangle=0, title=None)


@_plotly
def staaf_tijd(
    frame: pl.DataFrame,
    per: str,
    *,
    reeks: str,
    kleuren: dict[str, str],
    namen: dict[str, str] | None = None,
    waarde: str = "aantal",
    eenheid: str = "aantal",
    title: str | None = None,
) -> go.Figure:
    """Counts per week or month ('periode', its first day), stacked by the values of column `reeks`.

    Series come in the order of `kleuren`; others after them. `namen` gives their legend names.
    """
    from dashboard.tijdreeks import periode_label_expr

    namen = namen or {}
    waarden = [*[k for k in kleuren if k in set(frame[reeks])],
               *sorted(set(frame[reeks]) - kleuren.keys())]
    breedte = 7 * 24 * 3600 * 1000 if per == "week" else "M1"
    frame = frame.with_columns(periode_label_expr("periode", per).alias("_label"))  # once, not per series
    fig = _Figuur()
    for i, w in enumerate(waarden):
        deel = frame.filter(pl.col(reeks) == w).sort("periode")
        fig.add_bar(
            name=namen.get(w, w),
            x=_iso(deel["periode"]),
            y=deel[waarde].to_list(),
            xperiod=breedte,
            xperiodalignment="middle",
            customdata=deel["_label"].to_list(),
            marker={"color": kleuren.get(w, _REEKS_KLEUREN[i % len(_REEKS_KLEUREN)])},
            hovertemplate=f"%{{customdata}}<br>%{{fullData.name}}: %{{y:,.0f}} {eenheid}<extra></extra>",
        )
    fig.update_yaxes(title=eenheid, rangemode="tozero")
    _layout(fig, title)
    fig.update_layout(barmode="stack", bargap=0.15, legend={"traceorder": "normal"})
    _tijdas(fig, frame["periode"].to_list(), weken=per == "week")
    return fig


@_plotly
def lijn_werkvoorraad(werkvoorraad: pl.DataFrame, title: str | None = None) -> go.Figure:
    """The open SVIP backlog at the end of each day."""
    fig = _Figuur(
        _spoor(
            "scatter",
            x=_iso(werkvoorraad["datum"]),
            # A value per day: numeric arrays, which plotly copies in one go (lists of rows it copies item by item).
            y=werkvoorraad["open"].to_numpy(),
            mode="lines",
            line={"color": palet.ACCENT, "width": 2, "shape": "hv"},
            fill="tozeroy",
            fillcolor=palet.rgba(palet.ACCENT, 0.15),
            customdata=werkvoorraad.select("ontvangen", "afgerond").to_numpy(),
            hovertemplate="%{x|%d-%m-%Y}: %{y:,.0f} open<br>ontvangen %{customdata[0]:,.0f}, "
            "afgerond %{customdata[1]:,.0f}<extra></extra>",
            name="open",
        )
    )
    fig.update_yaxes(title="open verzoeken", rangemode="tozero")
    _layout(fig, title)
    _tijdas(fig, werkvoorraad["datum"].to_list())
    return fig


@_plotly
def lijnen_doorlooptijd(doorlooptijden: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Median and 90th percentile of the handling time in days, per kind and month of receipt, side by side."""
    from dashboard.domain import SVIP_SOORT_LABELS

    fig = _Figuur.subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=("Mediaan", "90e percentiel"))
    soorten = [s for s in SVIP_SOORT_KLEUREN if s in set(doorlooptijden["soort"])]
    doorlooptijden = doorlooptijden.with_columns(fmt.maand_expr("maand").alias("_label"))
    for soort in soorten:
        deel = doorlooptijden.filter(pl.col("soort") == soort).sort("maand")
        customdata = deel.select("_label", "afgerond").rows()
        for kol, maat in enumerate(("mediaan_dagen", "p90_dagen"), start=1):
            fig.add_scatter(
                x=_iso(deel["maand"]),
                y=deel[maat].to_list(),
                name=SVIP_SOORT_LABELS.get(soort, soort),
                legendgroup=soort,
                showlegend=kol == 1,
                mode="lines+markers",
                xperiod="M1",
                xperiodalignment="middle",
                line={"color": SVIP_SOORT_KLEUREN[soort], "width": 2},
                marker={"size": 5},
                customdata=customdata,
                hovertemplate="%{customdata[0]}, %{fullData.name}<br>%{y:,.1f} dagen "
                "(%{customdata[1]:,.0f} afgerond)<extra></extra>",
                row=1,
                col=kol,
            )
    _layout(fig, title, height=400)
    fig.update_layout(margin={"t": 40})
    fig.update_yaxes(title="dagen van ontvangst tot afronding", rangemode="tozero", col=1)
    fig.update_yaxes(rangemode="tozero")
    _tijdas(fig, doorlooptijden["maand"].to_list())
    return fig


@_plotly
def staaf_uitkomsten(uitkomsten: pl.DataFrame, title: str | None = None) -> go.Figure:
    """SVIP requests per outcome, with count and share."""
    fig = _Figuur(
        _spoor(
            "bar",
            x=uitkomsten["aantal"].to_list(),
            y=uitkomsten["label"].to_list(),
            orientation="h",
            text=[f"{fmt.getal(n)} ({fmt.procent(a)})" for n, a in zip(uitkomsten["aantal"], uitkomsten["aandeel"])],
            textposition="outside",
            cliponaxis=False,
            marker={"color": [SVIP_UITKOMST_KLEUREN.get(u, palet.ONBEKEND) for u in uitkomsten["uitkomst"]]},
            hovertemplate="%{y}: %{x:,.0f} verzoeken<extra></extra>",
        )
    )
    _layout(fig, title, height=300)
    fig.update_yaxes(autorange="reversed", tickformat=None, title=None)
    fig.update_xaxes(title="verzoeken", tickformat=",d", rangemode="tozero")
    fig.update_layout(margin={"r": 90})
    return fig


@_plotly
def staaf_groepen_verzoeken(groepen: pl.DataFrame, title: str | None = None, drempel: int = 5) -> go.Figure:
    """SVIP requests about beide_lopend addresses per group A-F, with the evaluation's text on hover."""
    fig = staaf_groepen.__wrapped__(groepen, title, drempel)
    fig.update_traces(hovertemplate="%{x}: %{y:,.0f} verzoeken<br>%{customdata}<extra></extra>")
    fig.update_yaxes(title="verzoeken")
    return fig


@_plotly
def lijn_verkeerd_aandeel(per_maand: pl.DataFrame, title: str | None = None) -> go.Figure:
    """The share of misrouted calls per month and line."""
    fig = _Figuur()
    per_maand = per_maand.with_columns(fmt.maand_expr("periode").alias("_label"))
    for lijn in [lijn for lijn in ORGANISATIE_KLEUREN if lijn in set(per_maand["lijn"])]:
        deel = per_maand.filter(pl.col("lijn") == lijn).sort("periode")
        fig.add_scatter(
            x=_iso(deel["periode"]),
            y=deel["verkeerd_aandeel"].to_list(),
            name=LIJN_NAMEN[lijn],
            mode="lines+markers",
            xperiod="M1",
            xperiodalignment="middle",
            line={"color": ORGANISATIE_KLEUREN[lijn], "width": 2},
            customdata=deel.select("_label", "verkeerd", "gesprekken").rows(),
            hovertemplate="%{customdata[0]}, %{fullData.name}<br>%{y:.1%} verkeerd gekozen "
            "(%{customdata[1]:,.0f} van %{customdata[2]:,.0f})<extra></extra>",
        )
    _layout(fig, title)
    fig.update_yaxes(title="verkeerd gekozen", tickformat=".0%", rangemode="tozero")
    _tijdas(fig, per_maand["periode"].to_list())
    return fig


@_plotly
def staaf_menukeuzes(menukeuzes: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Menu choices per line as shares of the line's calls (100% bars)."""
    from dashboard.domain import IVR_MENUKEUZE_LABELS

    fig = _Figuur()
    for keuze, label in IVR_MENUKEUZE_LABELS.items():
        deel = menukeuzes.filter(pl.col("menukeuze") == keuze)
        if deel.is_empty():
            continue
        fig.add_bar(
            name=label,
            y=[LIJN_NAMEN.get(lijn, lijn) for lijn in deel["lijn"]],
            x=deel["aandeel"].to_list(),
            orientation="h",
            text=[fmt.procent(a, 0) for a in deel["aandeel"]],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            customdata=deel["gesprekken"].to_list(),
            marker={"color": MENUKEUZE_KLEUREN.get(keuze, palet.ONBEKEND)},
            insidetextfont={"color": palet.tekst_op(MENUKEUZE_KLEUREN.get(keuze, palet.ONBEKEND))},
            hovertemplate="%{y}, menukeuze %{fullData.name}: %{customdata:,.0f} gesprekken (%{x:.1%})<extra></extra>",
        )
    _layout(fig, title, height=260)
    fig.update_layout(barmode="stack", uniformtext={"minsize": 11, "mode": "hide"}, legend={"traceorder": "normal"})
    fig.update_xaxes(tickformat=".0%", range=[0, 1], title=None)
    fig.update_yaxes(tickformat=None, autorange="reversed", title=None)
    return fig


@_plotly
def heatmap_uur_weekdag(raster: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Calls by weekday (rows, Monday on top) and hour of day (columns)."""
    uren = sorted(set(raster["uur"]))
    dagen = raster.select("weekdag", "dag").unique().sort("weekdag")
    z = [
        [v for _, v in sorted(raster.filter(pl.col("weekdag") == d).select("uur", "gesprekken").iter_rows())]
        for d in dagen["weekdag"]
    ]
    fig = _Figuur(
        _spoor(
            "heatmap",
            x=[f"{u:02d}:00" for u in uren],
            y=[d.capitalize() for d in dagen["dag"]],
            z=z,
            colorscale=[[0, palet.VERLOOP[0]], [1, palet.VERLOOP[1]]],
            xgap=1,
            ygap=1,
            colorbar={"title": {"text": "gesprekken"}, "tickformat": ",d"},
            hovertemplate="%{y} %{x}: %{z:,.0f} gesprekken<extra></extra>",
        )
    )
    _layout(fig, title, height=320)
    fig.update_yaxes(autorange="reversed", tickformat=None, title=None, showgrid=False)
    fig.update_xaxes(title="uur van de dag (begin)", showgrid=False)
    return fig


@_plotly
def trechter_pilot(trechter: pl.DataFrame, title: str | None = None, drempel: int = 5) -> go.Figure:
    """One pilot's funnels (possible, offered, chosen, done), one per kind of joint action, each on its own scale.

    A step hidden by small-cell suppression (null) is drawn empty and reads '<5'; no share is given
    where the step or the first step is hidden.
    """
    soorten = trechter["soort"].unique(maintain_order=True).to_list()
    namen = [trechter.filter(pl.col("soort") == s)["soort_label"][0] for s in soorten]
    fig = _Figuur.subplots(rows=len(soorten), cols=1, subplot_titles=namen, vertical_spacing=0.3 / len(soorten))
    for rij, soort in enumerate(soorten, start=1):
        deel = trechter.filter(pl.col("soort") == soort)
        aantallen = deel["aantal"].to_list()
        eerste = aantallen[0]

        def tekst(n: int | None, hover: bool = False) -> str:
            if n is None:
                return f"{privacy.label(drempel)} adressen" if hover else privacy.label(drempel)
            deel_ = f"{fmt.procent(n / eerste, 0)}{' van mogelijk' if hover else ''}" if eerste else ""
            return f"{fmt.getal(n)}{' adressen' if hover else ''}{f' ({deel_})' if deel_ else ''}"

        fig.add_trace(
            _spoor(
                "funnel",
                name=namen[rij - 1],
                y=deel["stap_label"].to_list(),
                x=[0 if n is None else n for n in aantallen],  # a hidden step: no bar, its text says '<5'
                text=[tekst(n) for n in aantallen],
                texttemplate="%{text}",
                textposition=["auto" if n else "outside" for n in aantallen],  # a zero step still says 0
                customdata=[tekst(n, hover=True) for n in aantallen],
                marker={"color": SAMENWERKING_KLEUREN.get(soort, palet.ONBEKEND)},
                insidetextfont={"color": palet.tekst_op(SAMENWERKING_KLEUREN.get(soort, palet.ONBEKEND))},
                connector={"fillcolor": palet.VULLING},
                hovertemplate="%{y}: %{customdata}<extra></extra>",
                showlegend=False,
            ),
            row=rij,
            col=1,
        )
    _layout(fig, title, height=60 + 190 * len(soorten))
    fig.update_layout(margin={"t": 30})
    fig.update_yaxes(tickformat=None, title=None)
    fig.update_annotations(font={"size": 13}, x=0, xanchor="left")
    return fig


# ---------------------------------------------------------------- over time (Trend, Datakwaliteit)

_PEILDATUM_KLEUREN = palet.PEILDATUM_KLEUREN  # older snapshots, lightest first
VERBORGEN = "verborgen"  # the node of the flows hidden by small-cell suppression


def _peildatum_kleuren(n: int) -> list[str]:
    """A colour per snapshot, oldest first: greys getting darker, the latest in the dashboard's orange."""
    oud = list(_PEILDATUM_KLEUREN[-(n - 1):]) if n > 1 else []
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
            text=[f"{fmt.getal(n)}{f' ({fmt.procent(a, 0)})' if a is not None else ''}" if n else ""
                  for n, a in zip(deel["aantal"], deel["aandeel"])],
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
    links = [(v, n, int(a), [f"{labels.get(v, v)} → {labels.get(n, n)}", f"{fmt.getal(a)} adressen"])
             for v, n, a, h in zip(stroom["van"], stroom["naar"], stroom["aantal"], verborgen) if not h]
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
            textfont={"size": 13, "color": palet.TEKST},
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
                "color": [_rgba(STROOM_KLEUREN.get(v if n != VERBORGEN else VERBORGEN, palet.ONBEKEND), 0.38)
                          for v, n, *_ in links],
                "customdata": [c for *_, c in links],
                "hovertemplate": "%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            },
        )
    )
    for xpos, tekst, anker in ((0, van_titel, "left"), (1, naar_titel, "right")):
        fig.add_annotation(x=xpos, y=1.0, xref="paper", yref="paper", yanchor="bottom", xanchor=anker,
                           text=f"<b>{tekst}</b>", showarrow=False, font={"size": 14})
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


# ---------------------------------------------------------------- a chart as a table (its text alternative)


def _as_titel(layout: dict, as_: str) -> str | None:
    titel = (layout.get(as_) or {}).get("title")
    return (titel.get("text") if isinstance(titel, dict) else titel) or None


def _celtekst(waarde, procent: bool) -> str:
    """A chart value as Dutch text: dates as 31-08-2021, shares as 9,7%, counts as 26.800."""
    from datetime import date, datetime

    if waarde is None:
        return ""
    if isinstance(waarde, str):
        try:
            return fmt.datum(date.fromisoformat(waarde[:10])) if len(waarde) >= 10 and waarde[4] == "-" else waarde
        except ValueError:
            return waarde
    if isinstance(waarde, datetime | date):
        return fmt.datum(waarde)
    if procent:
        return fmt.procent(waarde)
    return fmt.getal(waarde) if float(waarde).is_integer() else fmt.decimaal(waarde)


def tabel(fig) -> pl.DataFrame:
    """The data a chart shows, as a table of Dutch text: the text alternative of every chart ("Toon als tabel").

    Read from the figure's plotly JSON, so every chart gets one from the same code: bars, lines and funnels
    give a row per category (or period) and a column per series; a pie its slices; a heatmap its grid (the
    cell texts where the chart shows them, so small-cell suppression holds); a Sankey its flows. A value the
    chart labels (a count hidden as '<5', a share) appears as the chart labels it.
    """
    from datetime import date

    spec = fig.to_plotly_json() if hasattr(fig, "to_plotly_json") else fig
    data, layout = list(spec.get("data") or []), spec.get("layout") or {}

    def lijst(x) -> list:
        if x is None:
            return []
        return x.tolist() if hasattr(x, "tolist") else list(x)

    heatmap = next((t for t in data if t.get("type") == "heatmap"), None)
    if heatmap is not None:
        xs, ys, zs = lijst(heatmap.get("x")), lijst(heatmap.get("y")), [lijst(r) for r in lijst(heatmap.get("z"))]
        teksten = [lijst(r) for r in lijst(heatmap.get("text"))]
        kop = _as_titel(layout, "yaxis") or "Rij"
        rijen = []
        for r, y in enumerate(ys):
            rij = {kop: str(y)}
            for k, x in enumerate(xs):
                rij[str(x)] = str(teksten[r][k]) if teksten else _celtekst(zs[r][k], False)
            rijen.append(rij)
        return pl.DataFrame(rijen, schema={kop: pl.String, **{str(x): pl.String for x in xs}}, orient="row")
    pie = next((t for t in data if t.get("type") == "pie"), None)
    if pie is not None:
        waarden = lijst(pie.get("values"))
        totaal = sum(v or 0 for v in waarden) or None
        return pl.DataFrame({
            "": [str(v) for v in lijst(pie.get("labels"))],
            "Aantal": [_celtekst(v, False) for v in waarden],
            "Aandeel": [fmt.procent(v / totaal if totaal and v is not None else None) for v in waarden],
        })
    sankey = next((t for t in data if t.get("type") == "sankey"), None)
    if sankey is not None:
        labels = lijst((sankey.get("node") or {}).get("label"))
        link = sankey.get("link") or {}
        return pl.DataFrame({
            "Van": [labels[i] for i in lijst(link.get("source"))],
            "Naar": [labels[i] for i in lijst(link.get("target"))],
            "Adressen": [_celtekst(v, False) for v in lijst(link.get("value"))],
        })
    # Bars, lines and funnels: categories (or periods) down, series across.
    reeksen: dict[str, dict[str, str]] = {}
    volgorde: dict[str, None] = {}
    kop = None
    for i, t in enumerate(data):
        if t.get("type") not in ("bar", "scatter", "funnel") or t.get("mode") == "text" or t.get("visible") is False:
            continue
        liggend = t.get("orientation") == "h"
        cats, waarden = (lijst(t.get("y")), lijst(t.get("x"))) if liggend else (lijst(t.get("x")), lijst(t.get("y")))
        xas, yas = (f"{r[0]}axis{r[1:]}" for r in (t.get("xaxis") or "x", t.get("yaxis") or "y"))
        as_, waarde_as = (yas, xas) if liggend else (xas, yas)
        kop = kop or _as_titel(layout, as_) or ("Periode" if (layout.get(as_) or {}).get("type") == "date" else None)
        procent = "%" in str((layout.get(waarde_as) or {}).get("tickformat") or "")
        tekst = t.get("text")
        teksten = lijst(tekst) if isinstance(tekst, list | tuple) or hasattr(tekst, "tolist") else []
        naam = str(t.get("name") or (_as_titel(layout, waarde_as) or f"reeks {i + 1}"))
        while naam in reeksen:
            naam += " "
        kolom = reeksen.setdefault(naam, {})
        maanden = t.get("xperiod") == "M1"  # a value per month: the month's name, not its first day
        for k, (c, w) in enumerate(zip(cats, waarden)):
            c = fmt.maand(date.fromisoformat(c[:10])) if maanden and isinstance(c, str) else _celtekst(c, False)
            volgorde.setdefault(c)
            label = teksten[k] if k < len(teksten) and teksten[k] not in (None, "") else None
            kolom[c] = str(label) if label is not None and (w is None or t.get("type") != "scatter") else _celtekst(w, procent)
    kop = kop or "Categorie"
    kolommen = {kop: list(volgorde)}
    for naam, kolom in reeksen.items():
        kolommen[naam if naam != kop else f"{naam} "] = [kolom.get(c, "") for c in volgorde]
    return pl.DataFrame(kolommen, schema={k: pl.String for k in kolommen})
