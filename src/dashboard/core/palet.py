"""Every colour the dashboard draws with, in one place, and the arithmetic that checks them.

WCAG 2.1 AA asks 4.5:1 contrast for text (1.4.3) and 3:1 for the parts of a graphic needed to
understand it (1.4.11). The category and group colours below meet 3:1 against the white page and
stay apart for the common colour-vision deficiencies: the unit test simulates protanopia,
deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009, severity 1) and checks the
CIEDE2000 colour difference of every pair. Colour is never the only cue: bars carry their label
("Groep B"), the Fasematrix its group letters, legends their names, and every chart a table.

No Streamlit or plotly here: figures/, subjects/kaart.py and the pages import from this module.
"""

from __future__ import annotations

import math

WIT = "#FFFFFF"
TEKST = "#1F2937"  # body text in charts: 14.7:1 on white
TEKST_ZACHT = "#4B5563"  # secondary chart text (axis titles, notes): 7.6:1 on white
RASTER = "#E5E7EB"  # grid lines: decoration, no contrast asked
ONZICHTBAAR = "rgba(0,0,0,0)"  # text drawn but not seen (the Sankey's own labels, replaced by ours beside the nodes)
ACCENT = "#B35000"  # the dashboard's orange in graphics (beide lopend, NCG, the latest peildatum): 5.2:1
VULLING = "#EEF1F3"  # decorative fills (funnel connectors): no contrast asked
THEMA = "#A64B00"  # the theme's accent (.streamlit/config.toml primaryColor): white text on it 5.8:1

# Figure 1 of the evaluation: every NCG address in one of three categories.
CATEGORIE_KLEUREN = {
    "geen_schademelding": "#4499CC",
    "gesloten": "#2C3E50",
    "beide_lopend": ACCENT,
}
# Groups A-F of the beide_lopend addresses (the evaluation's cooperation groups): six hues found by a
# search for the largest smallest CIEDE2000 difference, normally and in the three simulations.
GROEP_KLEUREN = {
    "A": "#4499CC",
    "B": "#AA2200",
    "C": "#BB8811",
    "D": "#884477",
    "E": "#3846D4",
    "F": "#117755",
}

# SVIP, telefonie (IVR) and samenwerking.
ORGANISATIE_KLEUREN = {"IMG": "#2C3E50", "NCG": "#B35000"}
SVIP_SOORT_KLEUREN = {
    "statusuitwisseling": "#2C3E50",
    "samenwerking": "#B35000",
    "versnelling": "#117755",
    "gegevensdeling": "#4499CC",
    "overig": "#BB8811",
}
SVIP_UITKOMST_KLEUREN = {
    "beantwoord": "#117755",
    "geprioriteerd": "#B35000",
    "gekoppeld": "#2C3E50",
    "afgewezen": "#BB8811",
    "geen": "#4499CC",
}
MENUKEUZE_KLEUREN = {"schade": "#2C3E50", "versterking": "#B35000", "overig": "#4499CC", "geen": "#BB8811"}
SAMENWERKING_KLEUREN = {
    "gezamenlijke_opname": "#B35000",
    "gezamenlijke_uitvoering": "#BB8811",
    "informatie_uitwisseling": "#2C3E50",
    "buddy": "#117755",
    "aos_voordracht": "#3846D4",
}
AOS_KLEUREN = ("#117755", "#6B7280")  # AOS nominations picked up, not (yet) picked up
REEKS_KLEUREN = ("#2C3E50", "#B35000", "#117755", "#4499CC", "#BB8811", "#3846D4")  # series without a colour
ONBEKEND = "#6B7280"  # a key without a colour of its own

# Trend and Datakwaliteit. Older snapshots in greys (darker is later), the latest in the theme's orange;
# the bars also carry the peildatum in the legend and stand in date order.
PEILDATUM_KLEUREN = ("#8A9099", "#6B7280", "#4B5563", "#374151", "#1F2937")  # older snapshots, lightest first
PEILDATUM_LAATSTE = CATEGORIE_KLEUREN["beide_lopend"]
STROOM_KLEUREN = {
    **CATEGORIE_KLEUREN,
    **GROEP_KLEUREN,
    "geen_groep": "#6B7280",
    "nieuw": "#8A9099",
    "weg": "#8A9099",
    "verborgen": "#8A9099",
}
KOPPELING_KLEUREN = {"bag_id": "#117755", "adres": "#4499CC", "geen": "#6B7280"}

# Heatmaps (Fasematrix, calls per hour): light to mid orange, so the dark numbers on them keep 4.5:1.
VERLOOP = ("#FFF7EC", "#F4A261")
VERLOOP_TEKST = TEKST

# The map (figures/kaartlagen.py): counts per hexagon light to dark orange; points without a group in a quiet grey that
# still stands 3:1 against a white background.
KAART_VERLOOP = ("#FFF7EC", "#D9480F")
KAART_GEEN_GROEP = "#8A9099"

# ---------------------------------------------------------------- contrast (WCAG 2.1)


def rgb(kleur: str) -> tuple[int, int, int]:
    kleur = kleur.lstrip("#")
    if len(kleur) == 3:
        kleur = "".join(c * 2 for c in kleur)
    return tuple(int(kleur[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def hex_(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02X}" for c in (r, g, b))


def _lineair(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = max(0.0, min(1.0, c))
    return 255 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055)


def luminantie(kleur: str) -> float:
    """WCAG relative luminance."""
    r, g, b = (_lineair(c) for c in rgb(kleur))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminantie(a), luminantie(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def tekst_op(achtergrond: str) -> str:
    """The text colour for a label on `achtergrond`: white or the dark text colour, whichever contrasts more."""
    return WIT if contrast(WIT, achtergrond) >= contrast(TEKST, achtergrond) else TEKST


def rgba(kleur: str, alpha: float) -> str:
    r, g, b = rgb(kleur)
    return f"rgba({r},{g},{b},{alpha})"


# ---------------------------------------------------------------- colour-vision deficiency (Machado et al. 2009)

# Severity 1.0 matrices, applied to linear RGB.
CVD_MATRICES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "protanopie": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopie": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopie": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.309900)),
}


def simuleer(kleur: str, soort: str) -> str:
    """How `kleur` looks with the colour-vision deficiency `soort` (a key of CVD_MATRICES)."""
    lin = [_lineair(c) for c in rgb(kleur)]
    m = CVD_MATRICES[soort]
    return hex_(*(_gamma(sum(m[i][j] * lin[j] for j in range(3))) for i in range(3)))


def lab(kleur: str) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour."""
    r, g, b = (_lineair(c) for c in rgb(kleur))
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: str, b: str) -> float:
    """CIEDE2000 colour difference of two sRGB colours (about 2: just noticeable; 10 and up: clearly apart)."""
    return delta_e_lab(lab(a), lab(b))


def delta_e_lab(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 (Sharma, Wu and Dalal 2005) of two CIELAB colours."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    cm = (c1 + c2) / 2
    g = 0.5 * (1 - math.sqrt(cm**7 / (cm**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    lm, cpm = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hm = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hm = (h1p + h2p) / 2
    else:
        hm = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hm - 30))
        + 0.24 * math.cos(math.radians(2 * hm))
        + 0.32 * math.cos(math.radians(3 * hm + 6))
        - 0.20 * math.cos(math.radians(4 * hm - 63))
    )
    sl = 1 + 0.015 * (lm - 50) ** 2 / math.sqrt(20 + (lm - 50) ** 2)
    sc, sh = 1 + 0.045 * cpm, 1 + 0.015 * cpm * t
    rt = -2 * math.sqrt(cpm**7 / (cpm**7 + 25**7)) * math.sin(math.radians(60 * math.exp(-(((hm - 275) / 25) ** 2))))
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh))


def kleinste_verschil(kleuren: list[str] | tuple[str, ...], soort: str | None = None) -> float:
    """The smallest CIEDE2000 difference between any two of `kleuren`, as seen normally or with deficiency `soort`."""
    gezien = [simuleer(k, soort) if soort else k for k in kleuren]
    return min(delta_e(a, b) for i, a in enumerate(gezien) for b in gezien[i + 1 :])
