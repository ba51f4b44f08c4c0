"""Cross-filtering and drill-through: each chart family's selection -> the view that explains it.

The mappings (dashboard.doorklik) without Streamlit; then through AppTest, a selection as the browser sends it
opens the filtered view with the numbers of the report.
"""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from dashboard import db, doorklik, figures, fmt
from dashboard.doorklik_ui import query_params
from dashboard.filters import Filters
from dashboard.report import build_report

APP = str(ROOT / "app.py")


def _klik(*punten) -> dict:
    return {"selection": {"points": list(punten), "point_indices": list(range(len(punten))), "box": [], "lasso": []}}


def _cel(rij: int, kolom: str) -> dict:
    return {"selection": {"rows": [], "columns": [], "cells": [(rij, kolom)]}}


# ---------------------------------------------------------------- the mappings


def test_a_category_in_the_donut_opens_the_kaart_on_it():
    fig = figures.donut_categorieen(pl.DataFrame({
        "categorie": ["geen_schademelding", "gesloten", "beide_lopend"], "label": ["a", "b", "c"],
        "aantal": [5, 6, 7], "aandeel": [0.2, 0.3, 0.5]}))
    assert list(fig.data[0].customdata) == ["geen_schademelding", "gesloten", "beide_lopend"]
    klik = _klik({"curve_number": 0, "point_number": 1, "customdata": "gesloten", "label": "b"})
    assert doorklik.categorie_uit_selectie(klik) == "gesloten"
    # A point without customdata: its label.
    assert doorklik.categorie_uit_selectie(_klik({"label": "Beide lopend dossier"})) == "beide_lopend"
    assert doorklik.categorie_uit_selectie(_klik()) is None
    assert doorklik.categorie_uit_selectie(None) is None

    kern = doorklik.naar_categorie("gesloten", True)
    assert (kern.pagina, kern.staat["kt_categorieen"], kern.staat["kt_als_lijst"]) == ("kaart", ["gesloten"], True)
    stuur = doorklik.naar_categorie("gesloten", False)
    assert stuur.pagina == "kaart" and stuur.staat["kt_categorieen"] == ["gesloten"]
    assert "kt_als_lijst" not in stuur.staat and "kt_weergave" not in stuur.staat  # hexagons, no addresses
    assert doorklik.naar_categorie(None, True).staat["kt_categorieen"] == []


def test_a_group_bar_opens_the_fasematrix_group_or_the_counts():
    klik = _klik({"curve_number": 0, "x": "Groep E", "y": 120})
    assert doorklik.groep_uit_selectie(klik) == "E"
    assert doorklik.groep_uit_selectie(_klik({"x": "Groep G"})) is None
    kern = doorklik.naar_groep("E", True)
    assert kern.pagina == "fasematrix" and kern.staat["fm_groep"] == "E" and kern.staat["fm_cellen"] == ()
    assert kern.params == {"groep": "E"}
    stuur = doorklik.naar_groep("E", False)
    assert stuur.pagina == "kaart" and stuur.staat["kt_groepen"] == ["E"]


def test_a_phase_segment_opens_its_matrix_row_or_the_category():
    fasen = pl.DataFrame({
        "fase": ["opname", "opname"], "fase_label": ["2. Opname", "2. Opname"],
        "categorie": ["gesloten", "beide_lopend"],
        "categorie_label": ["Gesloten bij (een van) beide(n)", "Beide lopend dossier"], "aantal": [3, 4]})
    namen = doorklik.reeks_namen(figures.staaf_fasen(fasen))
    beide = namen.index("Beide lopend dossier")
    assert doorklik.fase_uit_selectie(_klik({"curve_number": beide, "x": "2. Opname"}), namen) == (
        "opname", "beide_lopend")
    doel = doorklik.naar_fase("opname", "beide_lopend", True)
    assert doel.pagina == "fasematrix"
    assert doel.staat["fm_cellen"] == ("opname|advies", "opname|besluit", "opname|melding", "opname|opname")
    assert doel.params["cel"] == list(doel.staat["fm_cellen"])
    anders = doorklik.naar_fase("opname", "gesloten", True)
    assert anders.pagina == "kaart" and anders.staat["kt_categorieen"] == ["gesloten"]


def test_svip_bars_filter_svip_on_their_series_and_period():
    namen = ["Dossierinformatie", "NCG"]
    eerste, laatste = date(2019, 10, 1), date(2021, 8, 31)
    from dashboard.domain import SVIP_SOORT_LABELS
    soort, label = next(iter(SVIP_SOORT_LABELS.items()))
    doel = doorklik.svip_staaf(_klik({"curve_number": 0, "x": "2021-02-01"}), [label], reeks="soort", per="maand",
                               eerste=eerste, laatste=laatste)
    assert doel.pagina == "svip"
    assert doel.staat == {"svip_soorten": [soort], "svip_periode": (date(2021, 2, 1), date(2021, 2, 28))}
    # A week cut by the period's end.
    doel = doorklik.svip_staaf(_klik({"curve_number": 1, "x": "2021-08-30 00:00"}), namen, reeks="aanvrager",
                               per="week", eerste=eerste, laatste=laatste)
    assert doel.staat == {"svip_aanvragers": ["NCG"], "svip_periode": (date(2021, 8, 30), date(2021, 8, 31))}
    from dashboard.domain import SVIP_UITKOMST_LABELS
    code, label = next(iter(SVIP_UITKOMST_LABELS.items()))
    assert doorklik.svip_uitkomst(_klik({"x": 10, "y": label})).staat == {"svip_uitkomsten": [code]}
    assert doorklik.svip_staaf(_klik(), namen, reeks="soort", per="maand", eerste=eerste, laatste=laatste) is None


def test_ivr_bars_filter_telefonie_on_their_line_period_and_choice():
    from dashboard.domain import IVR_MENUKEUZE_LABELS
    eerste, laatste = date(2021, 1, 3), date(2021, 8, 31)
    doel = doorklik.ivr_staaf(_klik({"curve_number": 1, "x": "2020-12-28"}), ["IMG-lijn", "NCG-lijn"], per="week",
                              eerste=eerste, laatste=laatste)
    assert doel.staat == {"ivr_lijnen": ["NCG"], "ivr_periode": (date(2021, 1, 3), date(2021, 1, 3))}
    keuze, label = next(iter(IVR_MENUKEUZE_LABELS.items()))
    doel = doorklik.ivr_menukeuze(_klik({"curve_number": 0, "y": "IMG-lijn", "x": 0.4}), [label])
    assert doel.staat == {"ivr_lijnen": ["IMG"], "ivr_menukeuzes": [keuze]}


def test_a_cell_of_the_per_gemeente_table_opens_that_gemeente_and_column():
    tabel = pl.DataFrame({"Gemeente": ["Appingedam", "Groningen", "Totaal"], "Beide lopend": ["3", "9", "12"],
                          "B": ["1", "2", "3"]})
    doel = doorklik.naar_gemeente_cel(_cel(1, "Beide lopend"), tabel, True, ["urgent"])
    assert doel.gemeenten == ("Groningen",)
    assert doel.staat["kt_categorieen"] == ["beide_lopend"] and doel.staat["kt_als_lijst"] is True
    assert doel.staat["kt_kenmerken"] == ["urgent"]
    groep = doorklik.naar_gemeente_cel(_cel(0, "B"), tabel, False)
    assert groep.gemeenten == ("Appingedam",) and groep.staat["kt_groepen"] == ["B"]
    assert "kt_als_lijst" not in groep.staat
    totaal = doorklik.naar_gemeente_cel(_cel(2, "Gemeente"), tabel, True)
    assert totaal.gemeenten == () and totaal.staat["kt_categorieen"] == []
    assert doorklik.naar_gemeente_cel(_cel(7, "B"), tabel, True) is None


def test_a_cell_of_trends_table_opens_that_peildatum():
    tabel = pl.DataFrame({"Peildatum": [date(2020, 10, 31), date(2021, 8, 31)], "Groep C": [1, 2],
                          "Gesloten bij (een van) beide(n)": [5, 6]})
    doel = doorklik.naar_trend_cel(_cel(0, "Groep C"), tabel, True)
    assert doel.peildatum == date(2020, 10, 31) and doel.staat["kt_groepen"] == ["C"]
    doel = doorklik.naar_trend_cel(_cel(1, "Gesloten bij (een van) beide(n)"), tabel, False)
    assert doel.peildatum == date(2021, 8, 31) and doel.staat["kt_categorieen"] == ["gesloten"]


def test_the_url_of_a_doel_carries_the_filters_and_the_pages_own_parameters():
    filters = Filters(date(2021, 8, 31), ("Groningen",), ("regulier",))
    assert query_params(doorklik.naar_groep("B", True), filters) == {
        "peildatum": "2021-08-31", "gemeente": ["Groningen"], "programma": ["regulier"], "groep": "B"}
    cel = doorklik.naar_gemeente_cel(_cel(0, "B"), pl.DataFrame({"Gemeente": ["Loppersum"], "B": [1]}), True)
    assert query_params(cel, filters)["gemeente"] == ["Loppersum"]
    assert "gemeente" not in query_params(doorklik.naar_gemeente_cel(
        _cel(0, "B"), pl.DataFrame({"Gemeente": ["Totaal"], "B": [1]}), True), filters)
