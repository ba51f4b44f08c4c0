"""Figure 2, the address lists behind it, the candidate lists, their exports and the combined dossier."""

from __future__ import annotations

import io
import json
from datetime import date

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, open_app
from dashboard.app import dossier, export
from dashboard.core import fmt
from dashboard.core.domain import GROEPEN, IMG_FASE_LABELS, IMG_LOPEND, NCG_FASE_LABELS, NCG_LOPEND
from dashboard.core.filters import Filters, Selectie, maanden_terug, postcodebereik
from dashboard.core.tekst import md
from dashboard.store import adresframe, db
from dashboard.subjects import adressen
from dashboard.subjects.rapport_json import build_report

APP = str(ROOT / "app.py")

# The filter combinations the matrix is checked under: (gemeenten, programmas).
FILTERS = [
    ((), ()),
    (("Groningen",), ()),
    ((), ("regulier",)),
    (("Eemsdelta", "Midden-Groningen"), ("regulier", "batch_3538")),
]


def _peildatum(conn) -> date:
    return max(db.stored_peildata(conn))


def _toont_lijst(at: AppTest, index: int, totaal: int) -> None:
    """Table `index` shows the first page of a list of `totaal` rows, and says how many pages there are."""
    assert at.dataframe[index].value.shape[0] == min(totaal, dossier.LIJST_PAGINA)
    if totaal > dossier.LIJST_PAGINA:
        paginas = -(-totaal // dossier.LIJST_PAGINA)
        assert any(
            c.value.startswith(f"Pagina 1 van {fmt.getal(paginas)}: ") and f"van {fmt.getal(totaal)}." in c.value
            for c in at.caption
        )


def _plotly_event(*cellen: str) -> dict:
    """The selection dict st.plotly_chart returns for clicked matrix cells (the clickable marker layer)."""
    points = []
    for c in cellen:
        ncg_fase, img_fase = c.split("|")
        index = NCG_LOPEND.index(ncg_fase) * len(IMG_LOPEND) + IMG_LOPEND.index(img_fase)
        points.append(
            {
                "curve_number": 1,
                "point_number": index,
                "point_index": index,
                "x": IMG_FASE_LABELS[img_fase],
                "y": NCG_FASE_LABELS[ncg_fase],
                "customdata": [c, "?", "0"],
            }
        )
    return {
        "selection": {"points": points, "point_indices": [p["point_index"] for p in points], "box": [], "lasso": []}
    }


# ---------------------------------------------------------------- the matrix


@pytest.mark.parametrize(("gemeenten", "programmas"), FILTERS)
def test_matrix_equals_the_report_cell_by_cell(sample_conn, gemeenten, programmas):
    filters = Filters(_peildatum(sample_conn), gemeenten, programmas)
    matrix = adressen.fasematrix(sample_conn, filters)
    report = build_report(sample_conn, gemeenten=gemeenten, programmas=programmas)
    expected = {(c["ncg_fase"], c["img_fase"]): c["aantal"] for c in report["fasematrix"]}
    shown = {(r["ncg_fase"], r["img_fase"]): r["aantal"] for r in matrix.iter_rows(named=True) if r["aantal"]}
    assert shown == expected
    assert matrix.height == len(NCG_LOPEND) * len(IMG_LOPEND)
    assert dict(adressen.groepstotalen(matrix).select("groep", "aantal").iter_rows()) == report["groepen"]


@pytest.mark.parametrize("kenmerk", ["bijzonder", "urgent", "aos", "toestemming"])
def test_a_flag_narrows_the_matrix_to_the_addresses_that_have_it(sample_conn, kenmerk):
    filters = Filters(_peildatum(sample_conn))
    alle = adressen.fasematrix(sample_conn, filters)
    matrix = adressen.fasematrix(sample_conn, filters, (kenmerk,))
    lijst = _kies(sample_conn, filters, Selectie(categorieen=("beide_lopend",), kenmerken=(kenmerk,)))
    kolom = {"bijzonder": "bijzondere_situatie", "urgent": "urgent", "aos": "aos"}.get(kenmerk)
    heeft = lijst[kolom] if kolom else lijst["toestemming"] | lijst["img_toestemming"]
    assert heeft.all()
    assert 0 < matrix["aantal"].sum() < alle["aantal"].sum()
    per_cel = dict(lijst.group_by(pl.concat_str("ncg_fase", pl.lit("|"), "img_fase")).len().iter_rows())
    assert {r["cel"]: r["aantal"] for r in matrix.iter_rows(named=True) if r["aantal"]} == per_cel


def test_a_cell_selection_lists_exactly_that_cells_addresses(sample_conn):
    filters = Filters(_peildatum(sample_conn), ("Groningen", "Eemsdelta"))
    matrix = {r["cel"]: r["aantal"] for r in adressen.fasematrix(sample_conn, filters).iter_rows(named=True)}
    for cellen in (("opname|melding",), ("planvorming|advies", "uitvoering|besluit")):
        gekozen = adressen.cellen_uit_selectie(_plotly_event(*cellen))
        assert gekozen == tuple(sorted(cellen))
        lijst = _kies(sample_conn, filters, Selectie(categorieen=("beide_lopend",), cellen=gekozen))
        assert lijst.height == sum(matrix[c] for c in cellen) > 0
        assert set(lijst.select(pl.concat_str("ncg_fase", pl.lit("|"), "img_fase")).to_series()) == set(cellen)
        assert set(lijst["gemeente"]) <= {"Groningen", "Eemsdelta"}


def test_selection_dicts_without_cells_select_nothing():
    assert adressen.cellen_uit_selectie(None) == ()
    assert adressen.cellen_uit_selectie({"selection": {"points": [], "box": [], "lasso": []}}) == ()
    # A click on the totals layer carries no cell code.
    assert adressen.cellen_uit_selectie({"selection": {"points": [{"x": "Totaal", "y": "Totaal"}]}}) == ()


def test_group_cells_follow_the_evaluation():
    assert adressen.cellen_van_groep("B") == ("opname|melding", "opname|opname")
    assert adressen.cellen_van_groep("C") == ("opname|advies", "opname|besluit")
    assert len(adressen.cellen_van_groep("E")) == len(IMG_LOPEND)


def test_the_page_draws_the_report_matrix(monkeypatch, sample_url):
    with db.engine(sample_url).connect() as conn:
        report = build_report(conn, gemeenten=("Groningen",))
    at = open_app(monkeypatch, sample_url, "pages/fasematrix.py", gemeente="Groningen")
    assert not at.exception
    heatmap = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    expected = {(c["ncg_fase"], c["img_fase"]): c["aantal"] for c in report["fasematrix"]}
    for i, ncg_fase in enumerate(NCG_LOPEND):
        for j, img_fase in enumerate(IMG_LOPEND):
            assert heatmap["z"][i][j] == expected.get((ncg_fase, img_fase), 0)
    totals = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][2]["text"]
    assert totals[-1] == fmt.getal(sum(report["groepen"].values()))


def test_a_shared_link_with_cells_lists_their_addresses_and_survives_a_rerun(monkeypatch, sample_url):
    with db.engine(sample_url).connect() as conn:
        matrix = {
            r["cel"]: r["aantal"] for r in adressen.fasematrix(conn, Filters(_peildatum(conn))).iter_rows(named=True)
        }
    at = open_app(monkeypatch, sample_url, "pages/fasematrix.py", cel=["opname|melding", "opname|opname"])
    assert not at.exception
    expected = matrix["opname|melding"] + matrix["opname|opname"]
    assert at.subheader[0].value == f"{fmt.getal(expected)} adressen in 2 cellen"
    _toont_lijst(at, 0, expected)
    at.toggle(key="fm_aandelen").set_value(True).run()
    _toont_lijst(at, 0, expected)
    assert at.query_params["cel"] == "opname|melding,opname|opname"  # urlstaat: a list comma-separated


def test_choosing_a_group_lists_its_addresses(monkeypatch, sample_url):
    with db.engine(sample_url).connect() as conn:
        groepen = build_report(conn)["groepen"]
    at = open_app(monkeypatch, sample_url, "pages/fasematrix.py", groep="E")
    assert not at.exception
    _toont_lijst(at, 0, groepen["E"])
    assert set(at.dataframe[0].value["Groep"]) == {"E"}
    at.button(key="fm_wissen").click().run()
    assert not at.dataframe
    assert "groep" not in at.query_params


# ---------------------------------------------------------------- candidates


def test_candidate_counts_per_group_match_the_matrix(monkeypatch, sample_url):
    with db.engine(sample_url).connect() as conn:
        groepen = build_report(conn, programmas=("regulier",))["groepen"]
    at = open_app(monkeypatch, sample_url, "pages/kandidaten.py", programma="regulier")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Kandidaten"] == fmt.getal(groepen["B"] + groepen["E"])
    _toont_lijst(at, 0, groepen["B"] + groepen["E"])
    at.multiselect(key="kd_groepen").set_value(list(GROEPEN)).run()
    metrics = {m.label: m.value for m in at.metric}
    assert all(metrics[f"Groep {g}"] == fmt.getal(groepen[g]) for g in GROEPEN)
    assert metrics["Kandidaten"] == fmt.getal(sum(groepen.values()))


def test_candidate_filters_narrow_the_list(sample_conn):
    peildatum = _peildatum(sample_conn)
    filters = Filters(peildatum)
    basis = Selectie(categorieen=("beide_lopend",), groepen=("B", "E"))
    alle = _kies(sample_conn, filters, basis)

    pc = Selectie(categorieen=("beide_lopend",), groepen=("B", "E"), pc4_van="9700", pc4_tot="9799")
    lijst = _kies(sample_conn, filters, pc)
    assert (
        lijst.height
        == alle.filter(pl.col("postcode").str.slice(0, 4).is_between(pl.lit("9700"), pl.lit("9799"))).height
        > 0
    )

    lang = maanden_terug(peildatum, 12)
    lijst = _kies(
        sample_conn, filters, Selectie(categorieen=("beide_lopend",), groepen=("B", "E"), fase_sinds_voor=lang)
    )
    assert lijst.height == alle.filter(pl.col("fase_sinds") <= lang).height > 0

    lijst = _kies(
        sample_conn, filters, Selectie(categorieen=("beide_lopend",), groepen=("B", "E"), prioriteerbaar=True)
    )
    assert lijst.height == alle.filter(pl.col("img_fase").is_in(["melding", "opname"])).height > 0


def test_the_proactive_list_ranks_unclaimed_addresses_by_claimed_neighbours(monkeypatch, sample_url):
    at = open_app(monkeypatch, sample_url, "pages/kandidaten.py")
    assert not at.exception
    with db.engine(sample_url).connect() as conn:
        report = build_report(conn)
    _toont_lijst(at, 1, report["adressen"]["geen_schademelding"])
    buren = list(at.dataframe[1].value["Adressen met melding in postcode"])
    assert buren == sorted(buren, reverse=True)
    # The next page goes on where the first stopped, in the same order; the last page holds the rest.
    at.number_input(key="kd_proactief_pagina").set_value(2).run()
    assert not at.exception
    verder = list(at.dataframe[1].value["Adressen met melding in postcode"])
    assert len(verder) == dossier.LIJST_PAGINA and verder == sorted(verder, reverse=True) and verder[0] <= buren[-1]
    paginas = -(-report["adressen"]["geen_schademelding"] // dossier.LIJST_PAGINA)
    at.number_input(key="kd_proactief_pagina").set_value(paginas).run()
    rest = list(at.dataframe[1].value["Adressen met melding in postcode"])
    assert len(rest) == report["adressen"]["geen_schademelding"] - (paginas - 1) * dossier.LIJST_PAGINA
    assert rest[-1] < buren[0]


def test_a_bad_postcode_gets_a_dutch_message(monkeypatch, sample_url):
    at = open_app(monkeypatch, sample_url, "pages/kandidaten.py")
    at.text_input(key="kd_postcode").input("97AB").run()
    assert not at.exception
    assert "Postcode niet herkend" in at.error[0].value


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9711", ("9711", "9711")), (" 9711 - 9718 ", ("9711", "9718")), ("9718-9711", ("9711", "9718")), ("", None)],
)
def test_postcode_ranges(text, expected):
    assert postcodebereik(text) == expected


@pytest.mark.parametrize("text", ["97", "9711AB", "9711-", "abcd"])
def test_bad_postcode_ranges(text):
    with pytest.raises(ValueError, match="vier cijfers"):
        postcodebereik(text)


def test_months_back_clip_to_the_month_end():
    assert maanden_terug(date(2021, 8, 31), 6) == date(2021, 2, 28)
    assert maanden_terug(date(2021, 8, 31), 12) == date(2020, 8, 31)
    assert maanden_terug(date(2021, 1, 15), 1) == date(2020, 12, 15)


# ---------------------------------------------------------------- exports


def test_exports_hold_exactly_the_filtered_rows_with_peildatum_and_filters(sample_conn):
    peildatum = _peildatum(sample_conn)
    filters = Filters(peildatum, ("Groningen",))
    lijst = adressen.adreslijst(
        adressen.lijstrijen(sample_conn, filters, Selectie(categorieen=("beide_lopend",), groepen=("B", "E")))
    )
    bijschrift = export.Bijschrift(
        "Kandidaten", "Samenwerkingskandidaten", peildatum, (("Gemeente", "Groningen"), ("Groep", "B, E"))
    )
    kolommen = ["NCG-id", *(c for c in lijst.columns if c != "ncg_id")]

    data = export.tabel_csv(lijst, bijschrift)
    assert data.startswith("\ufeff".encode())
    toelichting = export.toelichting_csv(bijschrift).decode("utf-8-sig").splitlines()
    assert "Peildatum;31-08-2021" in toelichting and "Gemeente;Groningen" in toelichting and "Groep;B, E" in toelichting
    terug = pl.read_csv(io.BytesIO(data), separator=";", decimal_comma=True, infer_schema=False)
    assert terug.columns == kolommen
    assert terug["NCG-id"].to_list() == lijst["ncg_id"].to_list()
    assert terug.height == lijst.height > 0
    assert terug["Adres"].to_list() == lijst["Adres"].to_list()
    assert terug["In fase sinds"][0] == lijst["In fase sinds"][0].strftime("%d-%m-%Y")

    xlsx = export.tabel_xlsx(lijst, bijschrift)
    assert xlsx[:2] == b"PK"
    gegevens = pl.read_excel(io.BytesIO(xlsx), sheet_name="Gegevens")
    assert gegevens.columns == kolommen
    assert gegevens["Adres"].to_list() == lijst["Adres"].to_list()
    assert gegevens["Postcode"].to_list() == lijst["Postcode"].to_list()
    toelichting = dict(pl.read_excel(io.BytesIO(xlsx), sheet_name="Toelichting").iter_rows())
    assert toelichting["Peildatum"] == "31-08-2021"
    assert toelichting["Gemeente"] == "Groningen"
    assert bijschrift.bestandsnaam("xlsx") == "kandidaten_samenwerkingskandidaten_2021-08-31.xlsx"


# ---------------------------------------------------------------- the combined dossier


def _kies(conn, filters: Filters, selectie: Selectie) -> pl.DataFrame:
    """Every column of the selection's addresses, as the Kaart selects them from the snapshot's address frame."""
    return adresframe.kies(adresframe.lees(conn, filters.peildatum), filters, selectie)


def _address_with_everything(conn) -> str:
    """An NCG address with claims, an SVIP request and a joint action in the sample."""
    peildatum = _peildatum(conn)
    lijst = _kies(conn, Filters(peildatum), Selectie(categorieen=("beide_lopend",)))
    for ncg_id in lijst["ncg_id"]:
        d = adressen.dossier(conn, peildatum, ncg_id)
        if d.svip.height and d.samenwerking.height:
            return ncg_id
    pytest.fail("no address with SVIP requests and joint actions in the sample")


def test_the_dossier_holds_both_organisations_records(sample_conn):
    peildatum = _peildatum(sample_conn)
    ncg_id = _address_with_everything(sample_conn)
    d = adressen.dossier(sample_conn, peildatum, ncg_id)
    fysiek = d.meldingen.filter(pl.col("schadesoort").is_in(["fysieke_schade", "aos"]))
    assert fysiek.height == d.adres["aantal_meldingen"]
    assert fysiek.filter(pl.col("fase") != "afgehandeld").height == d.adres["aantal_lopend"]
    assert d.adres["categorie"] == "beide_lopend"
    assert adressen.meldingen_tabel(d).height == d.meldingen.height
    assert adressen.dossier(sample_conn, peildatum, "bestaat-niet") is None


def test_the_dossier_opens_from_a_link(monkeypatch, sample_url):
    with db.engine(sample_url).connect() as conn:
        ncg_id = _address_with_everything(conn)
        d = adressen.dossier(conn, _peildatum(conn), ncg_id)
    at = open_app(monkeypatch, sample_url, "pages/kandidaten.py", adres=ncg_id)
    assert not at.exception
    assert any(s.value == f"Dossier {md(d.titel)}" for s in at.subheader)  # delivered text escaped
    shown = {df.value.shape[0] for df in at.dataframe[2:]}
    assert {d.meldingen.height, d.svip.height, d.samenwerking.height} <= shown
    at.button(key="kd_adres_sluiten").click().run()
    assert not any(s.value.startswith("Dossier") for s in at.subheader)
    assert "adres" not in at.query_params


def test_a_selected_row_gives_its_address():
    lijst = pl.DataFrame({"ncg_id": ["N1", "N2", "N3"], "Adres": ["a", "b", "c"]})
    assert adressen.gekozen_adres(lijst, [1]) == "N2"
    assert adressen.gekozen_adres(lijst, []) is None
    assert adressen.gekozen_adres(lijst, [7]) is None
