"""The privacy threshold's texts for the aggregate roles (stuurgroep, manager).

Counts are no longer hidden: every count these roles see is perturbed by the cell-key method
(dashboard.subjects.verstoring), which survives subtraction where small-cell suppression did not (issue 16).
What remains is a statistic that is not a count, such as the median days to a first action over fewer than
`drempel` signals: it is left out and shown as "n<5"/"<5" (`label`, `tekst`, `als_tekst`).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from dashboard.core import fmt


def label(drempel: int) -> str:
    return f"<{drempel}"


def tekst(n: int | None, verborgen: bool, drempel: int = 5) -> str:
    return label(drempel) if verborgen else fmt.getal(n)


def als_tekst(frame: pl.DataFrame, kolommen: Sequence[str], drempel: int = 5) -> pl.DataFrame:
    """Count columns as Dutch text for a table and its downloads: a hidden count (null) reads '<5'."""
    return frame.with_columns(
        pl.when(pl.col(k).is_null()).then(pl.lit(label(drempel))).otherwise(fmt.getal_expr(k)).alias(k)
        for k in kolommen
    )
