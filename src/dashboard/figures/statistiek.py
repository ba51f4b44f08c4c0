"""The statistics pages' charts: SVIP requests, telefonie (IVR) and the samenwerking pilots' funnels."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.core import fmt, palet, privacy
from dashboard.core.palet import (  # the palette lives in palet.py
    MENUKEUZE_KLEUREN,
    ORGANISATIE_KLEUREN,
    SAMENWERKING_KLEUREN,
    SVIP_UITKOMST_KLEUREN,
)
from dashboard.figures.adressen import staaf_groepen
from dashboard.figures.basis import FONT, _Figuur, _iso, _layout, _plotly, _spoor

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
    fig.update_xaxes(
        type="date",
        tickmode="array",
        tickvals=[midden(i) for i in ticks],
        ticktext=[fmt.maand(maand(i), kort=True) for i in ticks],
        range=[eerste, laatste + timedelta(days=7)] if weken else [maand(0), maand(maanden)],
        tickangle=0,
        title=None,
    )


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
    from dashboard.core.tijdreeks import periode_label_expr

    namen = namen or {}
    waarden = [*[k for k in kleuren if k in set(frame[reeks])], *sorted(set(frame[reeks]) - kleuren.keys())]
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


# SVIP's handling time per kind (issue 18: two panels of five tangled monthly lines before): the median and the
# 90th percentile over the page's period as grouped bars with their values; the monthly figures stay in the table.
DOORLOOP_MATEN = {"mediaan_dagen": "Mediaan", "p90_dagen": "90e percentiel"}


def staaf_doorlooptijd(per_soort: pl.DataFrame, volgorde: list[str]) -> go.Figure:
    """Median and 90th percentile per kind (svip.doorlooptijden(..., by=("soort",))): grouped horizontal bars,
    kinds in the order of `volgorde` (top to bottom)."""
    rijen = (
        per_soort.filter(pl.col("soort").is_in(volgorde))
        .with_columns(
            pl.col("soort").replace_strict({s: i for i, s in enumerate(volgorde)}, return_dtype=pl.Int32).alias("_v")
        )
        .sort("_v", descending=True)
    )  # plotly draws the first category at the bottom
    labels = rijen["label"].to_list()
    kleuren = {
        "mediaan_dagen": palet.CATEGORIE_KLEUREN["gesloten"],
        "p90_dagen": palet.CATEGORIE_KLEUREN["geen_schademelding"],
    }
    fig = go.Figure()
    for maat, naam in reversed(
        DOORLOOP_MATEN.items()
    ):  # the median on top in each kind's pair, and first in the legend
        waarden = rijen[maat].to_list()
        fig.add_bar(
            name=naam,
            y=labels,
            x=waarden,
            orientation="h",
            marker={"color": kleuren[maat]},
            text=rijen.select(pl.concat_str(fmt.decimaal_expr(maat, 0), pl.lit(" d")))[:, 0].to_list(),
            textposition="outside",
            cliponaxis=False,
            customdata=rijen["afgerond"].to_list(),
            hovertemplate=f"%{{y}}<br>{naam}: %{{x:,.1f}} dagen (%{{customdata:,.0f}} afgerond)<extra></extra>",
        )
    fig.update_layout(
        barmode="group",
        separators=fmt.PLOTLY_SEPARATORS,
        height=80 + 56 * max(1, len(labels)),
        font={"family": FONT, "size": 13, "color": palet.TEKST},
        margin={"l": 10, "r": 40, "t": 10, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0, "traceorder": "reversed"},
        plot_bgcolor="white",
        bargap=0.25,
    )
    fig.update_xaxes(title="dagen van ontvangst tot afronding", rangemode="tozero", gridcolor=palet.RASTER)
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
    from dashboard.core.domain import IVR_MENUKEUZE_LABELS

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

        def tekst(n: int | None, hover: bool = False, eerste: int = eerste) -> str:
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
