"""What every chart is built on: the print-friendly template, Dutch separators, and `_Figuur`, the part of
plotly's figure API used here on the plain JSON plotly.js reads (see `_Figuur` for why).

The chart families (adressen, statistiek, tijd) build on this module; `tabel` reads any of them back.
"""

from __future__ import annotations

import copy
import functools
import os

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl

from dashboard.core import fmt, palet, privacy


def _template(name: str, trace_types: tuple[str, ...]) -> go.layout.Template:
    """A named plotly template cut down to its layout and the trace types drawn here: the same look.

    Plotly validates the whole template on every figure it is applied to; plotly_white styles 24
    trace types, and applying it all took ~25 ms of CPU per figure (a third of a page rerun). A
    figure that starts drawing another trace type (histogram, box, ...) should add it here.
    """
    full = pio.templates[name].to_plotly_json()
    return go.layout.Template(
        layout=full["layout"], data={t: full["data"][t] for t in trace_types if t in full["data"]}
    )


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

    def __init__(
        self, *traces, kolommen: int = 1, cellen: int = 1, layout: dict | None = None, plaatsen: dict | None = None
    ):
        self.data: list[dict] = []
        self.layout: dict = layout or {}
        self._kolommen, self._cellen, self._plaatsen = kolommen, cellen, plaatsen or {}
        for trace in traces:
            self.add_trace(trace)

    @classmethod
    def subplots(cls, **kwargs) -> _Figuur:
        layout, plaatsen = _subplot_skelet(**{k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()})
        return cls(
            kolommen=kwargs.get("cols", 1),
            cellen=kwargs.get("rows", 1) * kwargs.get("cols", 1),
            layout=copy.deepcopy(layout),
            plaatsen=plaatsen,
        )

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
        return [
            f"{soort}axis{'' if i == 1 else i}"
            for i in range(1, self._cellen + 1)
            if col is None or (i - 1) % self._kolommen + 1 == col
        ]

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
    plaatsen = {
        (r + 1, c + 1): dict(cel[0].trace_kwargs)
        for r, rij in enumerate(fig._grid_ref)
        for c, cel in enumerate(rij)
        if cel
    }
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


def _aantal_teksten(frame: pl.DataFrame, drempel: int = 5) -> list[str]:
    """Counts as Dutch text; counts hidden by small-cell suppression (null, `onderdrukt`) as '<drempel'."""
    verborgen = frame["onderdrukt"] if "onderdrukt" in frame.columns else [False] * frame.height
    return [privacy.tekst(n, v, drempel) for n, v in zip(frame["aantal"], verborgen)]
