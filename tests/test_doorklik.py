"""Cross-filtering and drill-through: each chart family's selection -> the view that explains it.

The mappings (dashboard.app.doorklik) without Streamlit; then through AppTest, a selection as the browser sends it
opens the filtered view with the numbers of the report.
"""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from dashboard import figures
from dashboard.app import doorklik, streamlit_compat
from dashboard.app.doorklik_ui import query_params
from dashboard.core import fmt
from dashboard.core.filters import Filters
from dashboard.store import db
from dashboard.subjects import signalen
from dashboard.subjects.rapport_json import build_report

APP = str(ROOT / "app.py")


def _klik(*punten) -> dict:
    return {"selection": {"points": list(punten), "point_indices": list(range(len(punten))), "box": [], "lasso": []}}


def _cel(rij: int, kolom: str) -> dict:
    return {"selection": {"rows": [], "columns": [], "cells": [(rij, kolom)]}}


# ---------------------------------------------------------------- the mappings


def test_a_category_opens_the_kaart_on_it():
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
    fasen = pl.DataFrame(
        {
            "fase": ["opname", "opname"],
            "fase_label": ["2. Opname", "2. Opname"],
            "categorie": ["gesloten", "beide_lopend"],
            "categorie_label": ["Gesloten bij (een van) beide(n)", "Beide lopend dossier"],
            "aantal": [3, 4],
        }
    )
    namen = doorklik.reeks_namen(figures.staaf_fasen(fasen))
    beide = namen.index("Beide lopend dossier")
    assert doorklik.fase_uit_selectie(_klik({"curve_number": beide, "x": "2. Opname"}), namen) == (
        "opname",
        "beide_lopend",
    )
    doel = doorklik.naar_fase("opname", "beide_lopend", True)
    assert doel.pagina == "fasematrix"
    assert doel.staat["fm_cellen"] == ("opname|advies", "opname|besluit", "opname|melding", "opname|opname")
    assert doel.params["cel"] == list(doel.staat["fm_cellen"])
    anders = doorklik.naar_fase("opname", "gesloten", True)
    assert anders.pagina == "kaart" and anders.staat["kt_categorieen"] == ["gesloten"]


def test_svip_bars_filter_svip_on_their_series_and_period():
    namen = ["Dossierinformatie", "NCG"]
    eerste, laatste = date(2019, 10, 1), date(2021, 8, 31)
    from dashboard.core.domain import SVIP_SOORT_LABELS

    soort, label = next(iter(SVIP_SOORT_LABELS.items()))
    doel = doorklik.svip_staaf(
        _klik({"curve_number": 0, "x": "2021-02-01"}),
        [label],
        reeks="soort",
        per="maand",
        eerste=eerste,
        laatste=laatste,
    )
    assert doel.pagina == "svip"
    assert doel.staat == {"svip_soorten": [soort], "svip_periode": (date(2021, 2, 1), date(2021, 2, 28))}
    # A week cut by the period's end.
    doel = doorklik.svip_staaf(
        _klik({"curve_number": 1, "x": "2021-08-30 00:00"}),
        namen,
        reeks="aanvrager",
        per="week",
        eerste=eerste,
        laatste=laatste,
    )
    assert doel.staat == {"svip_aanvragers": ["NCG"], "svip_periode": (date(2021, 8, 30), date(2021, 8, 31))}
    # A week's bar reported by its middle (Thursday 2 September 2021 -> the week from Monday 30 August).
    assert doorklik.periode_van("2021-09-02 12:00", "week") == (date(2021, 8, 30), date(2021, 9, 5))
    assert doorklik.periode_van("2021-02-15", "maand") == (date(2021, 2, 1), date(2021, 2, 28))
    from dashboard.core.domain import SVIP_UITKOMST_LABELS

    code, label = next(iter(SVIP_UITKOMST_LABELS.items()))
    assert doorklik.svip_uitkomst(_klik({"x": 10, "y": label})).staat == {"svip_uitkomsten": [code]}
    assert doorklik.svip_staaf(_klik(), namen, reeks="soort", per="maand", eerste=eerste, laatste=laatste) is None


def test_ivr_bars_filter_telefonie_on_their_line_period_and_choice():
    from dashboard.core.domain import IVR_MENUKEUZE_LABELS

    eerste, laatste = date(2021, 1, 3), date(2021, 8, 31)
    doel = doorklik.ivr_staaf(
        _klik({"curve_number": 1, "x": "2020-12-28"}),
        ["IMG-lijn", "NCG-lijn"],
        per="week",
        eerste=eerste,
        laatste=laatste,
    )
    assert doel.staat == {"ivr_lijnen": ["NCG"], "ivr_periode": (date(2021, 1, 3), date(2021, 1, 3))}
    keuze, label = next(iter(IVR_MENUKEUZE_LABELS.items()))
    doel = doorklik.ivr_menukeuze(_klik({"curve_number": 0, "y": "IMG-lijn", "x": 0.4}), [label])
    assert doel.staat == {"ivr_lijnen": ["IMG"], "ivr_menukeuzes": [keuze]}


def test_a_cell_of_the_per_gemeente_table_opens_that_gemeente_and_column():
    tabel = pl.DataFrame(
        {"Gemeente": ["Appingedam", "Groningen", "Totaal"], "Beide lopend": ["3", "9", "12"], "B": ["1", "2", "3"]}
    )
    doel = doorklik.naar_gemeente_cel(_cel(1, "Beide lopend"), tabel, True, ["urgent"])
    assert doel.gemeenten == ("Groningen",)
    assert doel.staat["kt_categorieen"] == ["beide_lopend"] and doel.staat["kt_als_lijst"] is True
    assert doel.staat["kt_kenmerken"] == ["urgent"]
    groep = doorklik.naar_gemeente_cel(_cel(0, "B"), tabel, False)
    assert groep.gemeenten == ("Appingedam",) and groep.staat["kt_groepen"] == ["B"]
    assert "kt_als_lijst" not in groep.staat
    totaal = doorklik.naar_gemeente_cel(_cel(2, "Gemeente"), tabel, True)
    assert totaal.gemeenten is None and totaal.staat["kt_categorieen"] == []  # the gemeenten chosen stay
    assert doorklik.naar_gemeente_cel(_cel(7, "B"), tabel, True) is None


def test_a_cell_of_trends_table_opens_that_peildatum():
    tabel = pl.DataFrame(
        {
            "Peildatum": [date(2020, 10, 31), date(2021, 8, 31)],
            "Groep C": [1, 2],
            "Gesloten bij (een van) beide(n)": [5, 6],
        }
    )
    doel = doorklik.naar_trend_cel(_cel(0, "Groep C"), tabel, True)
    assert doel.peildatum == date(2020, 10, 31) and doel.staat["kt_groepen"] == ["C"]
    doel = doorklik.naar_trend_cel(_cel(1, "Gesloten bij (een van) beide(n)"), tabel, False)
    assert doel.peildatum == date(2021, 8, 31) and doel.staat["kt_categorieen"] == ["gesloten"]


def test_the_url_of_a_doel_carries_the_filters_and_the_pages_own_parameters():
    filters = Filters(date(2021, 8, 31), ("Groningen",), ("regulier",))
    assert query_params(doorklik.naar_groep("B", True), filters) == {
        "peildatum": "2021-08-31",
        "gemeente": ["Groningen"],
        "programma": ["regulier"],
        "groep": "B",
    }
    cel = doorklik.naar_gemeente_cel(_cel(0, "B"), pl.DataFrame({"Gemeente": ["Loppersum"], "B": [1]}), True)
    assert query_params(cel, filters)["gemeente"] == ["Loppersum"]
    assert query_params(
        doorklik.naar_gemeente_cel(_cel(0, "B"), pl.DataFrame({"Gemeente": ["Totaal"], "B": [1]}), True), filters
    )["gemeente"] == ["Groningen"]


# ---------------------------------------------------------------- through the app (AppTest)


def _app(monkeypatch, url: str, rol: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["demo_rol"] = rol
    return at.run()


def _selecteer(at: AppTest, key: str, waarde: dict) -> AppTest:
    """What the browser sends when a chart or table under `key` is clicked: its widget state, as JSON."""
    elementen = [*at.get("plotly_chart"), *at.dataframe]
    element = next(
        e for e in elementen if e.proto.id.endswith(key) or f"-{key}-" in e.proto.id or e.proto.id.endswith(f"-{key}")
    )
    staten = at._tree.get_widget_states()
    staat = streamlit_compat.WidgetState(id=element.proto.id, string_value=json.dumps(waarde))
    staten.widgets.append(staat)
    return at._run(staten)


def _report(url: str, **kwargs) -> dict:
    with db.engine(url).connect() as conn:
        return build_report(conn, **kwargs)


def _spec(at: AppTest, key: str) -> dict:
    return json.loads(next(e for e in at.get("plotly_chart") if e.proto.id.endswith(f"-{key}")).proto.spec)


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def _per_gemeente(at: AppTest, kolom: str) -> str:
    """The Kaart's per-gemeente table: the total row's value in `kolom`."""
    tabel = next(d.value for d in at.dataframe if kolom in d.value.columns)
    return str(tabel.loc[tabel["Gemeente"] == "Totaal", kolom].iloc[0])


def _subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def test_kernteam_clicks_a_group_on_overzicht_and_gets_its_addresses(monkeypatch, sample_url):
    groep_b = _report(sample_url)["groepen"]["B"]
    at = _app(monkeypatch, sample_url, "kernteam")
    at = _selecteer(
        at,
        "staaf_groepen",
        _klik({"curve_number": 0, "point_number": 1, "point_index": 1, "x": "Groep B", "y": groep_b}),
    )
    assert not at.exception, at.exception
    assert at.title[0].value == "Fasematrix"
    assert f"{fmt.getal(groep_b)} adressen in groep B" in _subheaders(at)
    assert at.query_params["groep"] in ("B", ["B"])


def test_stuurgroep_clicks_a_group_on_overzicht_and_gets_its_counts_per_gemeente(monkeypatch, sample_url):
    groep_b = _report(sample_url)["groepen"]["B"]
    at = _app(monkeypatch, sample_url, "stuurgroep")
    at = _selecteer(at, "staaf_groepen", _klik({"curve_number": 0, "point_number": 1, "x": "Groep B", "y": groep_b}))
    assert not at.exception, at.exception
    assert at.title[0].value == "Kaart"
    assert at.multiselect(key="kt_groepen").value == ["B"]
    assert _per_gemeente(at, "Beide lopend") == _per_gemeente(at, "Adressen") == fmt.getal(groep_b)
    assert not at.get("deck_gl_json_chart") or "kt_punten" not in str(at.get("deck_gl_json_chart")[0].proto.id)


@pytest.mark.parametrize("rol", ["kernteam", "manager"])
def test_a_category_kpi_card_opens_the_kaart_on_that_category(monkeypatch, sample_url, rol):
    gesloten = _report(sample_url)["adressen"]["gesloten"]
    at = _app(monkeypatch, sample_url, rol)
    at.button(key="dk_kpi_gesloten").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Kaart"
    assert at.multiselect(key="kt_categorieen").value == ["gesloten"]
    assert _per_gemeente(at, "Adressen") == _per_gemeente(at, "Gesloten") == fmt.getal(gesloten)
    lijst = [c.value for c in at.caption if c.value.startswith("Pagina ")]
    if rol == "kernteam":  # the addresses, as a list
        assert lijst and f"250 van {fmt.getal(gesloten)}." in lijst[0], lijst
    else:
        assert not lijst


def test_the_beide_lopend_part_of_a_phase_opens_its_row_of_the_fasematrix(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "kernteam")
    spec = _spec(at, "staaf_fasen")
    curve = next(i for i, t in enumerate(spec["data"]) if t["name"] == "Beide lopend dossier")
    aantal = spec["data"][curve]["y"][spec["data"][curve]["x"].index("2. Opname")]
    at = _selecteer(at, "staaf_fasen", _klik({"curve_number": curve, "point_number": 1, "x": "2. Opname", "y": aantal}))
    assert not at.exception, at.exception
    assert at.title[0].value == "Fasematrix"
    assert f"{fmt.getal(aantal)} adressen in 4 cellen" in _subheaders(at)


@pytest.mark.parametrize("rol", ["kernteam", "stuurgroep"])
def test_a_kpi_card_leads_to_its_detail(monkeypatch, sample_url, rol):
    report = _report(sample_url)
    at = _app(monkeypatch, sample_url, rol)
    at.button(key="dk_kpi_beide_lopend").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Kaart"
    assert _per_gemeente(at, "Adressen") == fmt.getal(report["adressen"]["beide_lopend"])
    # The phone KPI: Telefonie on that line, in the KPI's period, with the KPI's number.
    at.switch_page("pages/overzicht.py").run()
    ncg = _metric(at, "NCG-lijn: verkeerd gekozen")
    at.button(key="dk_kpi_ivr_NCG").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Telefonie (IVR)"
    assert at.multiselect(key="ivr_lijnen").value == ["NCG"]
    assert _metric(at, "NCG-lijn: verkeerd gekozen") == ncg


def test_a_cell_of_the_kaarts_per_gemeente_table_opens_that_gemeente(monkeypatch, sample_url):
    verwacht = _report(sample_url, gemeenten=("Groningen",))["adressen"]["beide_lopend"]
    at = _app(monkeypatch, sample_url, "kernteam")
    at.switch_page("pages/kaart.py").run()
    tabel = next(d.value for d in at.dataframe if "Beide lopend" in d.value.columns)
    rij = int((tabel["Gemeente"] == "Groningen").to_numpy().nonzero()[0][0])
    assert tabel["Beide lopend"].iloc[rij] == fmt.getal(verwacht)
    at = _selecteer(at, "kt_gemeente_categorie", _cel(rij, "Beide lopend"))
    assert not at.exception, at.exception
    assert at.multiselect(key="f_gemeenten").value == ["Groningen"]
    assert at.query_params["gemeente"] in ("Groningen", ["Groningen"])
    assert _per_gemeente(at, "Adressen") == fmt.getal(verwacht)
    assert any(c.value.startswith("Pagina ") and f" van {fmt.getal(verwacht)}." in c.value for c in at.caption)


def test_a_cell_of_trends_table_opens_the_kaart_on_that_peildatum(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "stuurgroep")
    at.switch_page("pages/trend.py").run()
    tabel = next(d.value for d in at.dataframe if "Groep B" in d.value.columns)
    waarde = tabel["Groep B"].iloc[0]
    at = _selecteer(at, "tr_tabel", _cel(0, "Groep B"))
    assert not at.exception, at.exception
    assert at.title[0].value == "Kaart"
    with db.engine(sample_url).connect() as conn:
        eerste = min(db.stored_peildata(conn))
    assert at.selectbox(key="f_peildatum").value == eerste
    assert _per_gemeente(at, "Beide lopend") == waarde


def test_a_bar_on_svip_filters_svip_on_that_kind_and_month(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "stuurgroep")
    at.switch_page("pages/svip.py").run()
    spec = _spec(at, "svip_per_soort")
    curve, trace = next((i, t) for i, t in enumerate(spec["data"]) if max(t["y"]) > 0)
    punt = max(range(len(trace["y"])), key=trace["y"].__getitem__)
    at = _selecteer(
        at,
        "svip_per_soort",
        _klik({"curve_number": curve, "point_number": punt, "x": trace["x"][punt], "y": trace["y"][punt]}),
    )
    assert not at.exception, at.exception
    assert at.title[0].value == "SVIP"
    assert len(at.multiselect(key="svip_soorten").value) == 1
    assert _metric(at, "SVIP-verzoeken") == fmt.getal(trace["y"][punt])


def test_a_bar_on_telefonie_filters_on_that_line_and_week(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "kernteam")
    at.switch_page("pages/ivr.py").run()
    spec = _spec(at, "ivr_gesprekken")
    curve = next(i for i, t in enumerate(spec["data"]) if t["name"] == "NCG-lijn")
    trace = spec["data"][curve]
    punt = len(trace["x"]) // 2  # a whole week within the period
    at = _selecteer(
        at,
        "ivr_gesprekken",
        _klik({"curve_number": curve, "point_number": punt, "x": trace["x"][punt], "y": trace["y"][punt]}),
    )
    assert not at.exception, at.exception
    assert at.multiselect(key="ivr_lijnen").value == ["NCG"]
    assert _metric(at, "Gesprekken") == fmt.getal(trace["y"][punt])


# ---------------------------------------------------------------- every KPI card leads to its detail


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_kandidatens_cards_open_the_fasematrix_on_their_group_and_the_kaart_on_all(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "kernteam")
    at.switch_page("pages/kandidaten.py").run()
    assert not at.exception, at.exception
    groep_b, totaal = _metric(at, "Groep B"), _metric(at, "Kandidaten")
    assert groep_b != "0" and totaal != groep_b
    at.button(key="dk_kpi_groep_B").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Fasematrix"
    assert f"{groep_b} adressen in groep B" in _subheaders(at)
    assert at.query_params["groep"] in ("B", ["B"])

    at = _app(monkeypatch, sample_url, "kernteam")  # afresh: AppTest's switch_page keeps the URL's ?groep=B
    at.switch_page("pages/kandidaten.py").run()
    at.button(key="dk_kpi_kandidaten").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Kaart"
    assert at.multiselect(key="kt_groepen").value == ["B", "E"]
    assert at.multiselect(key="kt_categorieen").value == ["beide_lopend"]
    assert _per_gemeente(at, "Adressen") == totaal
    lijst = [c for c in _captions(at) if c.startswith("Pagina ")]
    assert lijst and f"van {totaal}." in lijst[0], lijst


def test_the_proactive_card_opens_the_kaart_on_addresses_without_a_claim(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "kernteam")
    at.switch_page("pages/kandidaten.py").run()
    zonder = _metric(at, "NCG-adressen zonder schademelding")
    at.button(key="dk_kpi_proactief").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Kaart"
    assert at.multiselect(key="kt_categorieen").value == ["geen_schademelding"]
    assert _per_gemeente(at, "Adressen") == _per_gemeente(at, "Geen melding") == zonder


def test_signalens_cards_filter_the_work_list_and_the_changes_below(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "kernteam")
    at.switch_page("pages/signalen.py").run()
    assert not at.exception, at.exception
    open_, oud = _metric(at, "Open signalen"), _metric(at, "Open, ouder dan 14 dagen")
    at.button(key="dk_kpi_werk_oud").click().run()
    assert not at.exception, at.exception
    assert at.selectbox(key="sg_leeftijd").value == 14
    assert any(c.startswith(f"{oud} van ") for c in _captions(at)), _captions(at)
    at.button(key="dk_kpi_werk_open").click().run()
    assert at.selectbox(key="sg_leeftijd").value == 0
    assert any(c.startswith(f"{open_} van ") for c in _captions(at)), _captions(at)

    # The changes between two deliveries: a kind's card filters the list below on that kind.
    at.segmented_control(key="sg_weergave").set_value("wijzigingen").run()
    assert not at.exception, at.exception
    kaarten = {m.label: m.value for m in at.metric}
    soort, naam = next((s, n) for s, n in signalen.SIGNALEN.items() if kaarten[n] != "0")
    at.button(key=f"dk_kpi_signaal_{soort}").click().run()
    assert not at.exception, at.exception
    assert at.pills(key="sg_soorten").value == [soort]
    assert any(c.startswith(f"{kaarten[naam]} signalen tussen") for c in _captions(at)), _captions(at)


def test_samenwerkings_cards_link_to_their_chart_per_month(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "kernteam")
    at.switch_page("pages/samenwerking.py").run()
    assert not at.exception, at.exception
    ankers = {s.proto.anchor: s.value for s in at.subheader}
    assert ankers.get("aos-voordrachten-per-maand") == "AOS-voordrachten per maand"
    links = [m.value for m in at.markdown if "(#aos-voordrachten-per-maand)" in m.value]
    assert len(links) == 2  # one under each card
    assert next(e for e in at.get("plotly_chart") if e.proto.id.endswith("-samenwerking_aos"))
