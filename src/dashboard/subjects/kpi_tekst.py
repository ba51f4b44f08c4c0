"""What a KPI says next to its number: the period it covers, and 'n.v.t.' where a measure did not exist yet.

Shared by the pages and the PDF so a KPI reads the same everywhere (issue 18). Also the mark on a week or
month that the chosen period covers only in part (a short last bar is not a drop in calls).
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from dashboard.core import fmt
from dashboard.subjects.ivr import WARME_OVERDRACHT_VANAF

NIET_VAN_TOEPASSING = "n.v.t."


def periode_help(definitie: str | None, periode_tekst: str) -> str:
    """The help (?) text of a metric: its definition, then the period it counts."""
    regel = f"Periode: {periode_tekst}."
    return f"{definitie}\n\n{regel}" if definitie else regel


def warme_overdrachten(aantal: int | None, tot: date) -> str:
    """Warm transfers as a KPI value: the count, or 'n.v.t.' for a period that ends before they existed."""
    if tot < WARME_OVERDRACHT_VANAF:
        return NIET_VAN_TOEPASSING
    return fmt.getal(int(aantal or 0))


def warme_overdrachten_uitleg(tot: date) -> str:
    if tot < WARME_OVERDRACHT_VANAF:
        return f"warme overdracht bestaat pas vanaf {fmt.datum(WARME_OVERDRACHT_VANAF)}; kies een latere periode"
    return f"doorverbonden met de andere organisatie (sinds {fmt.datum(WARME_OVERDRACHT_VANAF)})"


def periode_einde(begin: date, per: str) -> date:
    """The last day of the week (Monday to Sunday) or calendar month that starts on `begin`."""
    if per == "week":
        return begin + timedelta(days=6)
    volgende = date(begin.year + begin.month // 12, begin.month % 12 + 1, 1)
    return volgende - timedelta(days=1)


def onvolledige_perioden(perioden: pl.Series | list[date], per: str, van: date, tot: date) -> list[date]:
    """The first days of the weeks or months that the period van..tot covers only in part."""
    return sorted({p for p in perioden if p < van or periode_einde(p, per) > tot})


def markeer_onvolledig(fig, onvolledig: list[date], per: str) -> None:
    """Mark bars of partly covered periods: hatched and paler, with a note above the chart and in the hover."""
    if not onvolledig:
        return
    iso = {p.isoformat() for p in onvolledig}
    woord = "week" if per == "week" else "maand"
    for trace in fig.data:
        if trace.type != "bar" or trace.x is None:
            continue
        deel = [str(x)[:10] in iso for x in trace.x]
        if not any(deel):
            continue
        trace.marker.pattern = {"shape": ["/" if d else "" for d in deel], "solidity": 0.5}
        trace.marker.opacity = [0.55 if d else 1.0 for d in deel]
        if trace.customdata is not None:
            trace.customdata = [f"{c} (onvolledige {woord})" if d else c for c, d in zip(trace.customdata, deel)]
    fig.update_layout(margin={"t": max(fig.layout.margin.t or 0, 30)})
    fig.add_annotation(
        text=f"gearceerd: onvolledige {woord}, valt deels buiten de gekozen periode",
        xref="paper",
        yref="paper",
        x=1,
        y=1.02,
        xanchor="right",
        yanchor="bottom",
        showarrow=False,
        font={"size": 11},
    )
