"""The palette (WCAG 2.1 AA contrast, colour-vision deficiencies) and every chart's text alternative."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import pytest

from conftest import ROOT
from dashboard import figures
from dashboard.core import palet

# Palettes whose colours tell categories apart (the peildatum greys are an ordered ramp: tested apart).
CATEGORISCH = {
    naam: list(waarde.values()) if isinstance(waarde, dict) else list(waarde)
    for naam, waarde in vars(palet).items()
    if naam.endswith("_KLEUREN") and naam not in ("PEILDATUM_KLEUREN", "STROOM_KLEUREN")
}
# Every colour drawn as a mark that carries meaning (bars, slices, lines, points, outlines).
GRAFISCH = (
    {k for kleuren in CATEGORISCH.values() for k in kleuren}
    | set(palet.PEILDATUM_KLEUREN)
    | {palet.ACCENT, palet.ONBEKEND, palet.KAART_GEEN_GROEP, *palet.STROOM_KLEUREN.values()}
)
SIMULATIES = (None, *palet.CVD_MATRICES)
MINSTE_VERSCHIL = 10.0  # CIEDE2000: 10 and up reads as clearly different colours


def test_the_arithmetic_reproduces_known_values():
    assert palet.contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert palet.contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    # The ratios the issue measured on the old palette.
    assert palet.contrast("#B8B8B8", "#FFFFFF") == pytest.approx(1.98, abs=0.01)
    assert palet.contrast("#E9C46A", "#FFFFFF") == pytest.approx(1.67, abs=0.01)
    assert palet.contrast("#FFFFFF", "#E07A1F") == pytest.approx(3.01, abs=0.01)
    assert palet.contrast("#828180", "#FFFFFF") == pytest.approx(3.88, abs=0.01)
    # CIEDE2000 on Sharma, Wu and Dalal's test pairs (2005): through the Lab function.
    for lab1, lab2, verwacht in (
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 2.5, 0), (73, 25, -18), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ):
        assert palet.delta_e_lab(lab1, lab2) == pytest.approx(verwacht, abs=1e-4)
    assert palet.delta_e("#FF0000", "#FF0000") == 0
    # The simulations leave greys grey and merge red and green for the red-green deficiencies.
    for soort in palet.CVD_MATRICES:
        assert palet.delta_e(palet.simuleer("#777777", soort), "#777777") < 1
    for soort in ("protanopie", "deuteranopie"):
        assert palet.delta_e(palet.simuleer("#D62728", soort), palet.simuleer("#2CA02C", soort)) < 25
    assert palet.delta_e("#D62728", "#2CA02C") > 60
    # The old groups B and C: apart for most, nearly one colour with protanopia.
    assert palet.delta_e(palet.simuleer("#2A9D8F", "protanopie"), palet.simuleer("#9C9C9C", "protanopie")) < 5


@pytest.mark.parametrize("kleur", sorted(GRAFISCH))
def test_every_graphic_colour_stands_3_to_1_against_the_page(kleur):
    assert palet.contrast(kleur, palet.WIT) >= 3, kleur


@pytest.mark.parametrize("kleur", sorted(GRAFISCH))
def test_a_label_on_every_colour_reads_4_5_to_1(kleur):
    """Labels inside bars and slices take palet.tekst_op: white or dark, whichever reads."""
    assert palet.contrast(palet.tekst_op(kleur), kleur) >= 4.5, kleur


def test_text_and_theme_colours_meet_4_5_to_1():
    assert palet.contrast(palet.TEKST, palet.WIT) >= 4.5
    assert palet.contrast(palet.TEKST_ZACHT, palet.WIT) >= 4.5
    assert palet.contrast(palet.WIT, palet.THEMA) >= 4.5  # chips and primary buttons: white on the accent
    # Segmented controls: the accent as text on its own 8% tint.
    tint = palet.hex_(*(255 + (c - 255) * 0.08 for c in palet.rgb(palet.THEMA)))
    assert palet.contrast(palet.THEMA, tint) >= 4.5
    for cel in palet.VERLOOP:  # the numbers on the heatmaps, from the lightest to the darkest cell
        assert palet.contrast(palet.VERLOOP_TEKST, cel) >= 4.5
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(rf'^primaryColor = "{palet.THEMA}"', config, re.M), "the theme's accent is palet.THEMA"


@pytest.mark.parametrize("naam", sorted(CATEGORISCH))
@pytest.mark.parametrize("soort", SIMULATIES, ids=lambda s: s or "normaal")
def test_categories_stay_apart_with_colour_vision_deficiencies(naam, soort):
    kleuren = CATEGORISCH[naam]
    if len(kleuren) < 2:
        pytest.skip("one colour")
    assert len(set(kleuren)) == len(kleuren), naam
    assert palet.kleinste_verschil(kleuren, soort) >= MINSTE_VERSCHIL, (naam, soort)


@pytest.mark.parametrize("soort", SIMULATIES, ids=lambda s: s or "normaal")
def test_the_peildata_ramp_is_ordered_and_the_latest_stands_out(soort):
    grijzen = [palet.simuleer(k, soort) if soort else k for k in palet.PEILDATUM_KLEUREN]
    laatste = palet.simuleer(palet.PEILDATUM_LAATSTE, soort) if soort else palet.PEILDATUM_LAATSTE
    helderheid = [palet.luminantie(k) for k in grijzen]
    assert helderheid == sorted(helderheid, reverse=True)  # older is lighter
    assert all(palet.delta_e(a, b) >= 5 for a, b in zip(grijzen, grijzen[1:]))
    assert min(palet.delta_e(laatste, k) for k in grijzen) >= MINSTE_VERSCHIL


def test_no_colour_is_defined_outside_the_palette():
    """The figures (plotly charts and the map's deck) and the map's data take every colour from core/palet.py."""
    paden = [*sorted((ROOT / "src/dashboard/figures").glob("*.py")), ROOT / "src/dashboard/subjects/kaart.py"]
    assert len(paden) >= 2
    for pad in paden:
        bron = pad.read_text(encoding="utf-8")
        assert not re.findall(r"#[0-9A-Fa-f]{6}\b|rgba?\(\s*\d", bron), pad


# ---------------------------------------------------------------- every chart as a table


def _groepen(aantallen, onderdrukt=None) -> pl.DataFrame:
    return pl.DataFrame(
        {"groep": list("ABCDEF"), "aantal": aantallen, "onderdrukt": onderdrukt or [False] * 6, "tekst": ["uitleg"] * 6}
    )


def test_a_bar_chart_as_a_table_keeps_what_the_chart_says():
    tabel = figures.tabel(
        figures.staaf_groepen(_groepen([1200, 2, None, 40, 50, 6], [False, False, True] + [False] * 3))
    )
    assert tabel.columns == ["Categorie", "adressen"]
    assert tabel.rows() == [
        ("Groep A", "1.200"),
        ("Groep B", "2"),
        ("Groep C", "<5"),
        ("Groep D", "40"),
        ("Groep E", "50"),
        ("Groep F", "6"),
    ]


def test_a_pie_as_a_table_gives_counts_and_shares():
    categorieen = pl.DataFrame(
        {
            "categorie": ["geen_schademelding", "gesloten", "beide_lopend"],
            "label": ["Geen schademelding", "Gesloten", "Beide lopend"],
            "aantal": [300, 100, 100],
            "aandeel": [0.6, 0.2, 0.2],
        }
    )
    tabel = figures.tabel(figures.donut_categorieen(categorieen))
    assert tabel.rows() == [
        ("Geen schademelding", "300", "60,0%"),
        ("Gesloten", "100", "20,0%"),
        ("Beide lopend", "100", "20,0%"),
    ]


def test_a_time_series_as_a_table_has_a_row_per_period_and_a_column_per_series():
    frame = pl.DataFrame(
        {
            "periode": [date(2021, 1, 1), date(2021, 2, 1), date(2021, 1, 1)],
            "lijn": ["IMG", "IMG", "NCG"],
            "aantal": [10, 12, 7],
        }
    )
    tabel = figures.tabel(
        figures.staaf_tijd(frame, "maand", reeks="lijn", kleuren=palet.ORGANISATIE_KLEUREN, namen=figures.LIJN_NAMEN)
    )
    assert tabel.columns == ["Periode", "IMG-lijn", "NCG-lijn"]
    assert tabel.rows() == [("januari 2021", "10", "7"), ("februari 2021", "12", "")]


def test_the_phase_matrix_as_a_table_reads_the_perturbed_cells(sample_conn):
    from dashboard.core import fmt
    from dashboard.core.filters import Filters
    from dashboard.store import adresframe, db
    from dashboard.subjects import verstoring

    peildatum = max(db.stored_peildata(sample_conn))
    frame = adresframe.lees(sample_conn, peildatum)
    matrix, totalen = verstoring.fasematrix(frame, Filters(peildatum, ("Oldambt",)))
    fig = figures.fasematrix(matrix, totalen=totalen)
    tabel = figures.tabel(fig)
    assert tabel.height == 5 and tabel.width == 5  # five NCG phases; a label column and four IMG phases
    cellen = [v for rij in tabel.rows() for v in rij[1:]]
    assert sorted(cellen) == sorted(fmt.getal(n) for n in matrix["aantal"])  # every cell a number, none hidden
    # The group letters sit on a white tag, readable on any cell.
    letters = [a for a in fig.layout.annotations if a.text in {f"<b>{g}</b>" for g in "ABCDEF"}]
    assert letters and all(a.bgcolor == palet.WIT and a.font.color == palet.TEKST for a in letters)


def test_a_sankey_as_a_table_lists_its_flows():
    stroom = pl.DataFrame(
        {"van": ["gesloten", "beide_lopend"], "naar": ["beide_lopend", "beide_lopend"], "aantal": [12, 30]}
    )
    labels = {"gesloten": "Gesloten", "beide_lopend": "Beide lopend"}
    tabel = figures.tabel(
        figures.sankey_stroom(stroom, labels, ("gesloten", "beide_lopend"), "31-10-2020", "31-08-2021")
    )
    assert tabel.columns == ["Van", "Naar", "Adressen"]
    assert sorted(tabel.rows()) == [
        ("Beide lopend: 30", "Beide lopend: 42", "30"),
        ("Gesloten: 12", "Beide lopend: 42", "12"),
    ]
