"""The Sankey's node labels beside the nodes instead of over the flows (issue 18, Trend).

Plotly writes a node's label next to it, on the side of the flows, so on a two-column Sankey every label of the
left column sits on the flows. The figure keeps plotly's labels (for the hover and the chart's table) but hides
them, and places each label as an annotation outside the flows: left of the left nodes, right of the right ones,
at the node's height (the nodes are placed explicitly, y from the top).
"""

from __future__ import annotations

from collections.abc import Sequence


def _twee_regels(label: str) -> str:
    """'Gesloten bij (een van) beide(n): 5.342' -> name and number on two lines."""
    naam, sep, aantal = label.rpartition(": ")
    return f"{naam}<br><b>{aantal}</b>" if sep else label


def labels_naast_knopen(
    fig, labels: Sequence[str], kanten: Sequence[str], ys: Sequence[float], domein: tuple[float, float], kleur: str
) -> None:
    """Annotations with `labels` beside their nodes; `kanten` 'van' (left) or 'naar' (right), `ys` from the top."""
    for label, kant, y in zip(labels, kanten, ys):
        links = kant == "van"
        fig.add_annotation(
            x=domein[0] - 0.008 if links else domein[1] + 0.008,
            y=1 - y,
            xref="paper",
            yref="paper",
            xanchor="right" if links else "left",
            yanchor="middle",
            align="right" if links else "left",
            text=_twee_regels(label),
            showarrow=False,
            font={"size": 12, "color": kleur},
        )
