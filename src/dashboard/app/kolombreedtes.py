"""Column widths and short headers on screen, so tables fit their place instead of cutting columns off (issue 18).

Only what the browser shows changes: downloads keep the full column names.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
import streamlit as st

from dashboard.core.domain import CATEGORIE_LABELS, GROEPEN


def _getal(label: str, breedte: int, help: str | None = None):
    return st.column_config.TextColumn(label, alignment="right", width=breedte, help=help)


def trend_tabel() -> dict:
    """Trend's table of categories and groups per peildatum: thirteen columns within the page's width."""
    return {
        "Peildatum": st.column_config.TextColumn("Peildatum", width=90),
        "NCG-adressen": _getal("NCG-adressen", 100),
        CATEGORIE_LABELS["geen_schademelding"]: _getal("Geen melding", 100, CATEGORIE_LABELS["geen_schademelding"]),
        CATEGORIE_LABELS["gesloten"]: _getal("Gesloten", 80, CATEGORIE_LABELS["gesloten"]),
        CATEGORIE_LABELS["beide_lopend"]: _getal("Beide lopend", 95, CATEGORIE_LABELS["beide_lopend"]),
        "Zonder schademelding (%)": _getal("Zonder melding (%)", 130, "Zonder schademelding (%)"),
        **{f"Groep {g}": _getal(g, 46, f"Groep {g}") for g in GROEPEN},
    }


# Streamlit's table font (Source Sans, 14 px): about 7.2 px per character on average, plus the cell's padding.
PX_PER_TEKEN = 7.2
PX_RAND = 30
MAX_BREEDTE = 760


def passend(frame: pl.DataFrame, kolommen: Iterable[str] | None = None) -> dict:
    """A width per text column wide enough for its longest value and its header (up to MAX_BREEDTE px), so a
    list's addresses, IMG phases, Kenmerken and Reden read in full; the table scrolls sideways instead."""
    tekst = [n for n, t in frame.schema.items() if t == pl.String and (kolommen is None or n in kolommen)]
    if not tekst:
        return {}
    langste = frame.select(pl.col(n).str.len_chars().max().fill_null(0) for n in tekst).row(0)
    return {
        n: st.column_config.TextColumn(
            n,
            width=int(min(MAX_BREEDTE, max(len(n), lengte) * PX_PER_TEKEN + PX_RAND)),
            pinned=True if n == "Adres" else None,
        )
        for n, lengte in zip(tekst, langste)
    }


# The Kaart's tables per gemeente, in the half of the page beside the map (462 px wide in a 1400 px window):
# each header's text in Streamlit's table font (Source Sans 14 px, measured in Chromium with canvas measureText:
# "Geen melding" 81 px, "Beide lopend" 77, "Midden-Groningen" 109) plus the cell's padding (8 px each side).
GEMEENTE_BREEDTES = {
    "Gemeente": 126,
    "Geen melding": 98,
    "Gesloten": 70,
    "Beide lopend": 94,
    "Adressen": 70,
    **dict.fromkeys(GROEPEN, 44),
}


def gemeente_tabellen() -> dict:
    """The Kaart's per-gemeente tables: Gemeente fixed (a click lands on its cell), numbers right-aligned, and
    every header whole; the short headers name their category in full in their help."""
    volledig = {"Geen melding": "geen_schademelding", "Gesloten": "gesloten", "Beide lopend": "beide_lopend"}
    return {
        "Gemeente": st.column_config.TextColumn("Gemeente", width=GEMEENTE_BREEDTES["Gemeente"]),
        **{
            k: _getal(
                k, b, CATEGORIE_LABELS[volledig[k]] if k in volledig else ("Groep " + k if k in GROEPEN else None)
            )
            for k, b in GEMEENTE_BREEDTES.items()
            if k != "Gemeente"
        },
    }
