"""The map's legends (colours, the hexagons' colour bar) and the basemap's attribution under it."""

from __future__ import annotations

import html

import streamlit as st


def legenda_kleuren(items: list[tuple[str, str]]) -> None:
    """A legend line: a coloured dot before each label, for (label, colour) pairs."""
    st.markdown(
        " ".join(
            f"<span style='white-space:nowrap;margin-right:1em'><span style='display:inline-block;width:.8em;"
            f"height:.8em;border-radius:50%;background:{kleur};margin-right:.35em'></span>{html.escape(label)}</span>"
            for label, kleur in items
        ),
        unsafe_allow_html=True,
    )


def legenda_verloop(van: str, tot: str, laag: str, hoog: str) -> None:
    """A legend for a colour scale: the low label, a gradient from `van` to `tot`, the high label."""
    st.markdown(
        f"<div style='display:flex;align-items:center;gap:.6em;font-size:.9em'>{html.escape(laag)}"
        f"<span style='display:inline-block;width:12em;height:.8em;background:linear-gradient(to right,{van},{tot})'>"
        f"</span>{html.escape(hoog)}</div>",
        unsafe_allow_html=True,
    )


def achtergrond_bijschrift(achtergrond) -> None:
    """Under the map: the basemap's attribution, or why there is none (an invalid tile URL)."""
    if achtergrond.bronvermelding:
        st.caption(f"Achtergrondkaart: {achtergrond.bronvermelding}.")
    if achtergrond.ongeldig:
        st.caption(
            "De ingestelde achtergrondkaart is geen tegel-URL met {z}, {x} en {y}; de kaart wordt zonder "
            "achtergrond getekend."
        )
