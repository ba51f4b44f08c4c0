"""Every page's view in the URL (dashboard.app.urlstaat): change each control, open the URL in a fresh session, and
the same figures, rows and texts are shown; a changed URL within a session (what back/forward sends) sets the
view; hostile or stale values fall back to the defaults with a short note and no traceback."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from dashboard.app import urlstaat
from dashboard.core.domain import GROEPEN
from dashboard.core.filters import KENMERKEN

APP = str(ROOT / "app.py")


# ---------------------------------------------------------------- codecs


def test_codecs_read_what_they_write_and_refuse_the_rest():
    groepen = urlstaat.lijst(GROEPEN)
    assert groepen.schrijf(["E", "B"]) == "B,E"  # in the options' order: one URL per view
    assert groepen.lees(["E", "B"]) == ["B", "E"]
    assert not groepen.geldig(["Z"])
    with pytest.raises(urlstaat.Ongeldig):
        groepen.lees(["B", "<script>"])
    kenmerken = urlstaat.lijst(KENMERKEN, als=tuple)
    assert kenmerken.lees(["urgent", "aos"]) == ("urgent", "aos")
    periode = urlstaat.periode(date(2021, 1, 3), date(2021, 12, 31))
    assert periode.schrijf((date(2021, 1, 3), date(2021, 6, 30))) == "2021-01-03,2021-06-30"
    assert periode.lees(["2021-01-03", "2021-06-30"]) == (date(2021, 1, 3), date(2021, 6, 30))
    for fout in (["2020-12-31", "2021-06-30"], ["2021-06-30", "2021-01-03"], ["2021-1-3", "2021-06-30"], ["x"]):
        with pytest.raises(urlstaat.Ongeldig):
            periode.lees(fout)
    assert periode.houdbaar((date(2021, 2, 1),))  # one day picked so far stays in the field
    tab = urlstaat.keuze(["Samenwerkingskandidaten", "Proactief benaderen"], {"Proactief benaderen": "proactief"})
    assert (
        tab.lees(["proactief"]) == "Proactief benaderen"
        and tab.schrijf("Samenwerkingskandidaten") == "Samenwerkingskandidaten"
    )
    peildata = urlstaat.keuze([date(2020, 10, 31), date(2021, 8, 31)])
    assert peildata.lees(["2021-08-31"]) == date(2021, 8, 31)
    with pytest.raises(urlstaat.Ongeldig):
        peildata.lees(["2021-08-30"])
    assert urlstaat.keuze([6, 7, 8]).lees(["8"]) == 8
    assert urlstaat.vlag().lees(["ja"]) is True and urlstaat.vlag().schrijf(False) == "nee"
    with pytest.raises(urlstaat.Ongeldig):
        urlstaat.getal(0, 120).lees(["999999999"])


# ---------------------------------------------------------------- the app


def _open(monkeypatch, url: str, rol: str, pagina: str, query: dict | None = None) -> AppTest:
    """A new browser session opening `pagina` with `query` in its URL, as `rol` (demo mode)."""
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["demo_rol"] = rol
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if pagina != "overzicht":  # the page that opens first
        at.switch_page(f"pages/{pagina}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _beeld(at: AppTest) -> list:
    """What a user reads on the page: titles, figures, texts, tables, charts (not the warning about a link)."""
    beeld: list = []
    for soort in ("title", "subheader", "metric", "caption", "markdown", "info"):
        beeld += [(soort, getattr(e, "label", ""), str(e.value)) for e in at.get(soort)]
    beeld += [("tabel", df.value.shape, df.value.head(20).to_csv()) for df in at.dataframe]
    beeld += [("grafiek", g.proto.spec) for g in at.get("plotly_chart")]
    return beeld


def _tweede_dag(at: AppTest, key: str, dagen: int) -> tuple[date, date]:
    """A period inside a date_input's bounds other than its default: from its minimum, `dagen` long."""
    proto = at.date_input(key=key).proto
    eerste = date.fromisoformat(proto.min.replace("/", "-"))
    return eerste + timedelta(days=7), eerste + timedelta(days=7 + dagen)


# Per page and role: the controls to change, one after the other as a user does, and the URL parameters that
# must then be in the link.
GEVALLEN = {
    ("kernteam", "kandidaten"): (
        lambda at: at.multiselect(key="kd_groepen").set_value(["B"]),
        lambda at: at.pills(key="kd_kenmerken").set_value(["urgent"]),
        lambda at: at.text_input(key="kd_postcode").set_value("9700-9999"),
        lambda at: at.number_input(key="kd_duur").set_value(3),
        lambda at: at.checkbox(key="kd_prioriteerbaar").set_value(True),
    ),
    ("kernteam", "fasematrix"): (
        lambda at: at.pills(key="fm_groep").set_value("B"),
        lambda at: at.pills(key="fm_kenmerken").set_value(["urgent"]),
        lambda at: at.toggle(key="fm_aandelen").set_value(True),
    ),
    ("stuurgroep", "fasematrix"): (
        lambda at: at.pills(key="fm_kenmerken").set_value(["aos"]),
        lambda at: at.toggle(key="fm_aandelen").set_value(True),
    ),
    ("kernteam", "kaart"): (
        lambda at: at.multiselect(key="kt_groepen").set_value(["B", "E"]),
        lambda at: at.pills(key="kt_kenmerken").set_value(["aos"]),
        lambda at: at.segmented_control(key="kt_kleur").set_value("groep"),
        lambda at: at.toggle(key="kt_als_lijst").set_value(True),
    ),
    ("manager", "kaart"): (
        lambda at: at.select_slider(key="kt_resolutie").set_value(8),
        lambda at: at.segmented_control(key="kt_hex_kleur").set_value("aandeel"),
        lambda at: at.multiselect(key="kt_categorieen").set_value(["beide_lopend"]),
    ),
    ("stuurgroep", "overzicht"): (
        lambda at: at.date_input(key="overzicht_periode_ivr").set_value(_tweede_dag(at, "overzicht_periode_ivr", 60)),
        lambda at: at.date_input(key="overzicht_periode").set_value(_tweede_dag(at, "overzicht_periode", 200)),
    ),
    ("manager", "svip"): (
        lambda at: at.date_input(key="svip_periode").set_value(_tweede_dag(at, "svip_periode", 300)),
        lambda at: at.multiselect(key="svip_aanvragers").set_value(["IMG"]),
        lambda at: at.segmented_control(key="svip_per").set_value("week"),
    ),
    ("manager", "ivr"): (
        lambda at: at.button(key="ivr_periode_snel_1").click(),  # the quick pick 'Alles'
        lambda at: at.multiselect(key="ivr_lijnen").set_value(["IMG"]),
        lambda at: at.segmented_control(key="ivr_per").set_value("maand"),
    ),
    ("stuurgroep", "trend"): (
        lambda at: at.radio(key="tr_soort").set_value("groep"),
        lambda at: at.checkbox(key="tr_alleen_groep").set_value(False),
        lambda at: at.selectbox(key="tr_gemeente").set_value("Oldambt"),
        lambda at: at.radio(key="tr_gemeente_soort").set_value("fase"),
    ),
    ("kernteam", "signalen"): (
        lambda at: at.multiselect(key="sg_status").set_value(["nieuw"]),
        lambda at: at.selectbox(key="sg_leeftijd").set_value(7),
        lambda at: at.segmented_control(key="sg_weergave").set_value("wijzigingen"),
        lambda at: at.pills(key="sg_soorten").set_value(["aos"]),
    ),
    ("beheerder", "datakwaliteit"): (
        lambda at: at.selectbox(key="dk_lading").set_value(1),  # the first load (the default is the newest)
    ),
    ("beheerder", "audit"): (lambda at: at.multiselect(key="audit_acties").set_value(["laden"]),),
}
PARAMS = {
    ("kernteam", "kandidaten"): {
        "groep": "B",
        "kenmerk": "urgent",
        "postcode": "9700-9999",
        "duur": "3",
        "prioriteerbaar": "ja",
    },
    ("kernteam", "fasematrix"): {"groep": "B", "kenmerk": "urgent", "aandelen": "ja"},
    ("stuurgroep", "fasematrix"): {"kenmerk": "aos", "aandelen": "ja"},
    ("kernteam", "kaart"): {"groep": "B,E", "kenmerk": "aos", "kleur": "groep", "lijst": "ja"},
    ("manager", "kaart"): {"resolutie": "8", "hexkleur": "aandeel", "categorie": "beide_lopend"},
    ("stuurgroep", "overzicht"): {},  # the periods' values depend on the data; checked by name below
    ("manager", "svip"): {"aanvrager": "IMG", "per": "week"},
    ("manager", "ivr"): {"lijn": "IMG", "per": "maand"},
    ("stuurgroep", "trend"): {"stroom": "groep", "alleengroep": "nee", "trendgemeente": "Oldambt", "reeks": "fase"},
    ("kernteam", "signalen"): {"status": "nieuw", "leeftijd": "7", "weergave": "wijzigingen", "soort": "aos"},
    ("beheerder", "datakwaliteit"): {"lading": "1"},
    ("beheerder", "audit"): {"actie": "laden"},
}


@pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("rol", "pagina"), list(GEVALLEN), ids=[f"{r}-{p}" for r, p in GEVALLEN])
def test_a_changed_view_survives_in_a_new_session(monkeypatch, sample_url, rol, pagina):
    at = _open(monkeypatch, sample_url, rol, pagina)
    standaard = _beeld(at)
    assert set(at.query_params) == {"peildatum"}, "a default view puts only the peildatum in the URL"
    for stap in GEVALLEN[(rol, pagina)]:
        stap(at)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    gewijzigd = _beeld(at)
    link = dict(at.query_params)
    assert gewijzigd != standaard, "changing the controls changed nothing a user sees"
    for key, value in PARAMS[(rol, pagina)].items():
        assert link.get(key) == value, (key, link)
    if pagina == "overzicht":
        assert {"telefonie", "svip"} <= set(link)
    if pagina in ("svip",):
        assert "periode" in link

    nieuw = _open(monkeypatch, sample_url, rol, pagina, link)
    assert dict(nieuw.query_params) == link
    assert _beeld(nieuw) == gewijzigd
    assert not [w for w in nieuw.warning if "Deze link" in w.value]


@pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)
def test_kandidaten_group_b_and_urgent_opens_on_the_same_seven_not_108(monkeypatch, sample_url):
    """The issue's example: a link made with groep B and 'Urgent (IMG)' opened on all 108 of group B."""
    at = _open(monkeypatch, sample_url, "kernteam", "fasematrix")
    at.pills(key="fm_groep").set_value("B").run()
    alle_b = at.subheader[0].value
    at.pills(key="fm_kenmerken").set_value(["urgent"]).run()
    urgent_b = at.subheader[0].value
    assert urgent_b != alle_b
    nieuw = _open(monkeypatch, sample_url, "kernteam", "fasematrix", dict(at.query_params))
    assert nieuw.subheader[0].value == urgent_b
    assert nieuw.dataframe[0].value.shape == at.dataframe[0].value.shape


@pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)
def test_kandidaten_tab_and_list_page_are_in_the_link(monkeypatch, sample_url):
    at = _open(monkeypatch, sample_url, "kernteam", "kandidaten")
    eerste_pagina = at.dataframe[0].value.head(3).to_csv()
    at.number_input(key="kd_lijst_pagina").set_value(2).run()
    tweede_pagina = at.dataframe[0].value.head(3).to_csv()
    assert tweede_pagina != eerste_pagina and at.query_params["pagina"] == "2"
    nieuw = _open(monkeypatch, sample_url, "kernteam", "kandidaten", dict(at.query_params))
    assert nieuw.dataframe[0].value.head(3).to_csv() == tweede_pagina
    at.session_state["kd_tab"] = "Proactief benaderen"  # what clicking the tab sets (AppTest cannot click tabs)
    at.run()
    assert at.query_params["lijst"] == "proactief"
    nieuw = _open(monkeypatch, sample_url, "kernteam", "kandidaten", dict(at.query_params))
    assert nieuw.session_state["kd_tab"] == "Proactief benaderen"


@pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)
def test_a_url_changed_within_the_session_sets_the_view_as_back_and_forward_do(monkeypatch, sample_url):
    """Back/forward reruns the page with the earlier entry's query string: that view comes back, and the
    widgets follow; a user's own change afterwards is kept (the URL does not undo it)."""
    at = _open(monkeypatch, sample_url, "kernteam", "kandidaten")
    eerst_url, eerst = dict(at.query_params), _beeld(at)
    at.multiselect(key="kd_groepen").set_value(["A", "B", "C"]).run()
    daarna_url, daarna = dict(at.query_params), _beeld(at)
    assert daarna != eerst
    at.query_params.clear()
    at.query_params.update(eerst_url)  # back
    at.run()
    assert _beeld(at) == eerst and at.multiselect(key="kd_groepen").value == ["B", "E"]
    at.query_params.clear()
    at.query_params.update(daarna_url)  # forward
    at.run()
    assert _beeld(at) == daarna and dict(at.query_params) == daarna_url
    at.multiselect(key="kd_groepen").set_value(["D"]).run()
    assert at.query_params["groep"] == "D" and at.multiselect(key="kd_groepen").value == ["D"]


VIJANDIG = {
    "kandidaten": {
        "groep": "Z,<img src=x>",
        "postcode": "![x](http://e.vil/" + "a" * 300,
        "duur": "-1",
        "prioriteerbaar": "misschien",
        "lijst": "alles",
        "adres": "../../etc/passwd",
    },
    "fasematrix": {"cel": "x|y", "groep": "BB", "kenmerk": "geheim", "aandelen": "1"},
    "kaart": {"weergave": "satelliet", "resolutie": "99", "hexkleur": "rood", "categorie": "alles"},
    "svip": {"periode": "1999-01-01,2999-01-01", "aanvrager": "KGB", "per": "jaar", "adresgemeente": "Atlantis"},
    "ivr": {"periode": "2021-13-01,2021-06-30", "lijn": "X", "keuze": "%00", "per": ""},
    "overzicht": {"telefonie": "gisteren", "svip": "2020-01-01"},
    "trend": {"van": "2000-01-01", "naar": "morgen", "stroom": "rivier", "alleengroep": "ja;drop table"},
    "signalen": {"weergave": "alles", "sinds": "2099-01-01", "soort": "x", "status": "weg", "leeftijd": "1e9"},
    "datakwaliteit": {"lading": "999999"},
    "audit": {"periode": "2021-01-01", "actie": "wissen"},
}


@pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("pagina", list(VIJANDIG))
def test_hostile_or_stale_values_fall_back_to_the_defaults(monkeypatch, sample_url, pagina):
    rol = "beheerder"
    standaard = _beeld(_open(monkeypatch, sample_url, rol, pagina))
    at = _open(monkeypatch, sample_url, rol, pagina, VIJANDIG[pagina])
    melding = " ".join(w.value for w in at.warning if "Deze link" in w.value)
    assert melding, [w.value for w in at.warning]
    assert "http://e.vil" not in melding and "a" * (urlstaat.UITTREKSEL + 1) not in melding
    assert "<img src=x>" not in melding  # quoted as Markdown-escaped text: \<img src=x\>
    if pagina != "audit":  # the audit log grows while the tests look at addresses
        assert _beeld(at) == standaard
    assert not set(VIJANDIG[pagina]) & set(at.query_params), "a refused value stayed in the URL"


def test_link_builds_a_page_url_with_the_sidebar_filters_kept():
    """The API for drill-through (another page opening on a filtered view): urlstaat.link / urlstaat.params."""

    def script():
        from datetime import date

        import streamlit as st

        from dashboard.app import urlstaat

        st.markdown(
            urlstaat.link(
                "kandidaten",
                groep=["B"],
                kenmerk=("urgent", "aos"),
                prioriteerbaar=True,
                periode=(date(2021, 1, 3), date(2021, 6, 30)),
                adres=None,
            )
        )
        st.markdown(urlstaat.link("trend", zijbalk=False, stroom="groep"))

    at = AppTest.from_function(script)
    at.query_params["peildatum"] = "2021-08-31"
    at.query_params["gemeente"] = ["Groningen", "Eemsdelta"]
    at.query_params["groep"] = "E"  # this page's own state does not travel
    at.run()
    assert at.markdown[0].value == (
        "kandidaten?peildatum=2021-08-31&gemeente=Groningen&gemeente=Eemsdelta&groep=B"
        "&kenmerk=urgent%2Caos&prioriteerbaar=ja&periode=2021-01-03%2C2021-06-30"
    )
    assert at.markdown[1].value == "trend?stroom=groep"
