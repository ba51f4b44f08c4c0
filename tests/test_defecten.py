"""Issue 18's defects as a user meets them: what the pages say (AppTest) and where things sit (Chromium)."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from dashboard.core import fmt
from dashboard.store import db
from dashboard.subjects import ivr, kpi_tekst

APP = str(ROOT / "app.py")


def _app(monkeypatch, url: str, page: str, **query) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(page).run()


def _metric(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


def _peildatum(conn) -> date:
    return max(db.stored_peildata(conn))


# ---------------------------------------------------------------- Telefonie: warm transfers, partial weeks, periods


def test_telefonie_says_warm_transfers_did_not_exist_yet_instead_of_0(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "pages/ivr.py")
    assert not at.exception
    warm = _metric(at, "Warme overdrachten")
    assert warm.value == "n.v.t."  # the default period (January-June 2021) ends before 1 July 2021
    assert any("vanaf 01-07-2021" in c.value for c in at.caption)
    # After 1 July the count is there.
    with db.engine(sample_url).connect() as conn:
        telling = ivr.telling(conn, _peildatum(conn))
    eerste, laatste = ivr.periode_van(telling)
    at.session_state["ivr_periode"] = (ivr.WARME_OVERDRACHT_VANAF, laatste)
    at.run()
    verwacht = int(ivr.kpi(telling, ivr.WARME_OVERDRACHT_VANAF, laatste)["warme_overdrachten"].sum())
    assert verwacht > 0
    assert _metric(at, "Warme overdrachten").value == fmt.getal(verwacht)


def test_every_telefonie_kpi_names_its_period(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "pages/ivr.py")
    for m in at.metric:
        assert "Periode: 03-01-2021 t/m 30-06-2021." in (m.help or ""), m.label


def test_the_ncg_line_misrouting_reads_the_same_on_overzicht_and_telefonie(monkeypatch, sample_url):
    overzicht = _app(monkeypatch, sample_url, "pages/overzicht.py")
    telefonie = _app(monkeypatch, sample_url, "pages/ivr.py")
    for lijn in ("NCG", "IMG"):
        a, b = (
            _metric(overzicht, f"{lijn}-lijn: verkeerd gekozen"),
            _metric(telefonie, f"{lijn}-lijn: verkeerd gekozen"),
        )
        assert a.value == b.value
        assert "Periode: 03-01-2021 t/m 30-06-2021." in a.help and "Periode: 03-01-2021 t/m 30-06-2021." in b.help
    assert any("warme overdrachten: n.v.t." in c.value for c in overzicht.caption)


def test_partial_weeks_are_found_and_marked():
    weken = [date(2020, 12, 28), date(2021, 1, 4), date(2021, 6, 28)]
    # 3 January 2021 is a Sunday, 30 June 2021 a Wednesday: the first and the last week are partial.
    assert kpi_tekst.onvolledige_perioden(weken, "week", date(2021, 1, 3), date(2021, 6, 30)) == [weken[0], weken[2]]
    assert kpi_tekst.onvolledige_perioden([date(2021, 6, 1)], "maand", date(2021, 1, 1), date(2021, 6, 30)) == []
    assert kpi_tekst.onvolledige_perioden([date(2021, 6, 1)], "maand", date(2021, 1, 1), date(2021, 6, 29)) == [
        date(2021, 6, 1)
    ]


def test_telefonie_marks_its_partial_last_week(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "pages/ivr.py")
    import json

    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    noten = [a["text"] for a in spec["layout"].get("annotations", [])]
    assert any("onvolledige week" in n for n in noten)
    for trace in spec["data"]:
        x = trace["x"]
        patroon = trace["marker"]["pattern"]["shape"]
        # the week of Monday 28-06-2021 runs past 30-06-2021: hatched; a full week in between is not
        assert patroon[x.index("2021-06-28")] == "/"
        assert patroon[x.index("2021-03-01")] == ""


# ---------------------------------------------------------------- Kandidaten


def test_proactive_list_is_not_emptied_by_a_claim_flag(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "pages/kandidaten.py")
    zonder_filter = _metric(at, "NCG-adressen zonder schademelding").value
    at.pills(key="kd_kenmerken").set_value(["urgent"]).run()
    assert not at.exception
    assert _metric(at, "NCG-adressen zonder schademelding").value == zonder_filter != "0"
    assert any("Urgent (IMG)" in i.value and "niet gefilterd" in i.value for i in at.info)


def test_an_empty_list_says_so_in_dutch(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "pages/kandidaten.py")
    at.text_input(key="kd_postcode").set_value("1000").run()  # no address in Amsterdam
    assert _metric(at, "Kandidaten").value == "0"
    assert any(i.value == "Geen adressen die aan deze filters voldoen." for i in at.info)


def test_candidate_metrics_show_only_the_groups_filtered_on(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "pages/kandidaten.py")  # default groups B and E
    labels = [m.label for m in at.metric]
    assert "Groep B" in labels and "Groep E" in labels
    assert not {"Groep A", "Groep C", "Groep D", "Groep F"} & set(labels)
    b, e = int(_metric(at, "Groep B").value.replace(".", "")), int(_metric(at, "Groep E").value.replace(".", ""))
    assert b + e == int(_metric(at, "Kandidaten").value.replace(".", ""))
    assert any(c.value.startswith("Niet getoond (buiten het groepsfilter): groep A") for c in at.caption)


# ---------------------------------------------------------------- the dossier


def test_the_dossier_shows_open_claims_as_open_not_none(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "pages/kandidaten.py")
    ncg_id = at.dataframe[0].value["ncg_id"][0]  # a candidate: both dossiers running, so an open claim
    at = _app(monkeypatch, sample_url, "pages/kandidaten.py", adres=ncg_id)
    assert not at.exception
    meldingen = next(df for df in at.dataframe if "Afgehandeld op" in df.value.columns)
    assert meldingen.value["Afgehandeld op"].isna().any()  # an open claim has no date ...
    assert meldingen.proto.placeholder == "nog open"  # ... and shows "nog open", not None


# ---------------------------------------------------------------- Kaart: beide lopend does not cover the villages


def test_the_point_colours_are_drawn_interleaved_and_a_click_still_finds_its_address():
    import json

    from dashboard.figures import kaartlagen
    from dashboard.subjects import kaart, kaart_volgorde

    n = 40
    frame = pl.DataFrame(
        {
            "ncg_id": [f"N{i:03d}" for i in range(n)],
            "categorie": ["geen_schademelding" if i % 4 else "beide_lopend" for i in range(n)],
            "groep": [None] * n,
            "lat": [53.0 + i / 1000 for i in range(n)],
            "lon": [6.5] * n,
            "gemeente": ["Eemsdelta"] * n,
        }
    )
    punten = kaart.punten_lagen(frame, "categorie")
    spec = json.loads(kaartlagen.punten_deck(punten).to_json())
    ids = [layer["id"] for layer in spec["layers"] if layer["id"].startswith(kaart.PUNTEN_LAAG)]
    # Not all of one colour and then all of the next: the last round holds both, and in turns who is on top.
    assert len(ids) == 2 * kaart_volgorde.RONDES
    assert {i.rpartition("~")[0] for i in ids[-2:]} == {
        f"{kaart.PUNTEN_LAAG}_geen_schademelding",
        f"{kaart.PUNTEN_LAAG}_beide_lopend",
    }
    bovenop = [ids[k + 1].rpartition("~")[0] for k in range(0, len(ids), 2)]
    assert bovenop.count(f"{kaart.PUNTEN_LAAG}_beide_lopend") == kaart_volgorde.RONDES // 2
    # Every point once, and a click on the 2nd point of a part is the address at that place.
    assert sum(len(layer["data"]) for layer in spec["layers"] if layer["id"] in ids) == n
    laag = next(layer for layer in spec["layers"] if layer["id"] == f"{kaart.PUNTEN_LAAG}_geen_schademelding~3")
    lon, lat = laag["data"][1]["p"]
    ncg_id = kaart.adres_uit_selectie({"selection": {"indices": {laag["id"]: [1]}}}, punten)
    assert frame.filter(pl.col("ncg_id") == ncg_id)["lat"][0] == pytest.approx(lat, abs=1e-4)


# ---------------------------------------------------------------- SVIP: handling time per kind, readable


def test_svip_handling_time_is_one_bar_per_kind_and_measure_over_the_chosen_period(monkeypatch, sample_url):
    import json

    at = _app(monkeypatch, sample_url, "pages/svip.py")
    assert not at.exception
    kop = next(h.value for h in at.subheader if h.value.startswith("Doorlooptijd per soort"))
    van, tot = at.session_state["svip_periode"]
    assert kop == f"Doorlooptijd per soort, ontvangen {fmt.datum(van)} t/m {fmt.datum(tot)}"
    spec = next(
        json.loads(c.proto.spec)
        for c in at.get("plotly_chart")
        if any(t.get("name") == "Mediaan" for t in json.loads(c.proto.spec)["data"])
    )
    assert [t["type"] for t in spec["data"]] == ["bar", "bar"]  # not ten tangled lines
    mediaan = next(t for t in spec["data"] if t["name"] == "Mediaan")
    assert len(mediaan["y"]) == 5 and all(x > 0 for x in mediaan["x"])
    assert all(tekst.endswith(" d") for tekst in mediaan["text"])
    # The KPI of the whole period sits between the kinds' medians.
    kpi = float(_metric(at, "Doorlooptijd (mediaan)").value.split()[0].replace(",", "."))
    assert min(mediaan["x"]) <= kpi <= max(mediaan["x"])
    assert "Periode: ontvangen" in _metric(at, "Doorlooptijd (mediaan)").help


# ---------------------------------------------------------------- Trend: Sankey labels beside the flows, table widths


def test_the_sankey_labels_sit_beside_the_flows_not_on_them(monkeypatch, sample_url):
    import json

    from dashboard import figures

    at = _app(monkeypatch, sample_url, "pages/trend.py")
    assert not at.exception
    spec = next(
        json.loads(c.proto.spec)
        for c in at.get("plotly_chart")
        if json.loads(c.proto.spec)["data"][0]["type"] == "sankey"
    )
    sankey = spec["data"][0]
    links, rechts = figures.SANKEY_DOMEIN
    assert sankey["domain"]["x"] == [links, rechts]
    assert sankey["textfont"]["color"] == "rgba(0,0,0,0)"  # plotly's own labels hidden
    noten = {a["text"]: a for a in spec["layout"]["annotations"]}
    for label in sankey["node"]["label"]:
        naam, _, aantal = label.rpartition(": ")
        noot = noten[f"{naam}<br><b>{aantal}</b>"]
        # left of the left column, right of the right one: outside the flows
        assert noot["x"] < links or noot["x"] > rechts
    assert "Geen schademelding<br><b>" in " ".join(noten)


def test_trend_table_headers_are_short_on_screen_and_full_in_the_download(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "pages/trend.py")
    tabel = next(df for df in at.dataframe if "Zonder schademelding (%)" in df.value.columns)
    config = json.loads(tabel.proto.columns)
    assert config["Zonder schademelding (%)"]["label"] == "Zonder melding (%)"
    breedte = sum(c["width"] for c in config.values() if isinstance(c.get("width"), int))
    assert breedte <= 900  # the page's content width at 1400 px; the browser test measures it


def test_a_period_field_says_when_a_typed_period_applies(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "pages/ivr.py")
    assert "zodra u het veld verlaat" in at.date_input(key="ivr_periode").help


def test_every_overzicht_kpi_names_its_period_or_peildatum(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, "pages/overzicht.py")
    assert not at.exception
    for label in ("NCG-adressen", "Geen schademelding", "Beide lopend dossier"):
        assert "Periode: peildatum 31-08-2021." in _metric(at, label).help, label
    assert "Periode: 03-01-2021 t/m 30-06-2021." in _metric(at, "NCG-lijn: verkeerd gekozen").help
    assert "Periode: 01-10-2019 t/m 31-08-2021." in _metric(at, "SVIP-informatieverzoeken").help
