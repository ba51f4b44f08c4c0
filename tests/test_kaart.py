"""The map: the points are the filtered addresses, the hexagons add up, hexagons give away no address, a click opens
a dossier."""

from __future__ import annotations

import json

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, open_app
from dashboard.app import streamlit_compat
from dashboard.core import fmt
from dashboard.core.filters import Filters, Selectie
from dashboard.figures import kaartlagen
from dashboard.store import adresframe, db
from dashboard.subjects import adressen, kaart, kaart_volgorde

APP = str(ROOT / "app.py")
PAGE = "pages/kaart.py"
PUNT_SLEUTELS = {"p"}  # a point carries only its position; colour is the layer's, the address the server's
HEX_SLEUTELS = {
    "hex",
    "aantal",
    "beide_lopend",
    "aandeel",
    "aantal_tekst",
    "beide_lopend_tekst",
    "aandeel_tekst",
    "kleur",
}


def _app(monkeypatch, url: str, **query) -> AppTest:
    return open_app(monkeypatch, url, PAGE, **query)


def _deck(at: AppTest) -> tuple[dict, dict]:
    """The deck JSON spec of the page's map and its tooltip spec."""
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1
    return json.loads(decks[0].proto.json), json.loads(decks[0].proto.tooltip or "{}")


def _laag(spec: dict, laag_id: str) -> dict:
    return next(layer for layer in spec["layers"] if layer["id"] == laag_id)


def _puntlagen(spec: dict) -> list[dict]:
    """The point layers per colour, in the order the colours are first drawn: a colour's interleaved parts
    (kaart_volgorde) joined into one layer again, their points in the colour's own order."""
    per_kleur: dict[str, list[dict]] = {}
    for layer in spec["layers"]:
        if layer["id"].startswith(kaart.PUNTEN_LAAG + "_"):
            per_kleur.setdefault(layer["id"].rpartition(kaart_volgorde.SCHEIDING)[0] or layer["id"], []).append(layer)
    samen = []
    for laag_id, delen in per_kleur.items():
        delen = sorted(delen, key=lambda d: int(d["id"].rpartition(kaart_volgorde.SCHEIDING)[2] or 0))
        data = [None] * sum(len(d["data"]) for d in delen)
        for j, d in enumerate(delen):
            data[j :: kaart_volgorde.RONDES] = d["data"]
        samen.append({**delen[0], "id": laag_id, "data": data})
    return samen


def _posities(frame: pl.DataFrame) -> list[tuple[float, float]]:
    return sorted((round(lo, 4), round(la, 4)) for lo, la in zip(frame["lon"], frame["lat"]))


def _adressen(url: str, selectie: Selectie | None = None, **filters) -> pl.DataFrame:
    selectie = selectie or Selectie()
    with db.engine(url).connect() as conn:
        peildatum = max(db.stored_peildata(conn))
        return adresframe.kies(adresframe.lees(conn, peildatum), Filters(peildatum, **filters), selectie)


def _met_coordinaten(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null())


def _frame(rows: list[dict]) -> pl.DataFrame:
    """Address rows as adressen.sql returns them, with only the fields a test sets filled in."""
    base = {
        "ncg_id": "N",
        "straat": "Hoofdstraat",
        "huisnummer": 1,
        "huisletter": None,
        "toevoeging": None,
        "postcode": "9919AA",
        "woonplaats": "Loppersum",
        "gemeente": "Eemsdelta",
        "ncg_fase": "planvorming",
        "categorie": "geen_schademelding",
        "img_lopend": None,
        "groep": None,
        "lat": 53.333,
        "lon": 6.75,
    }
    return pl.DataFrame(
        [{**base, **r} for r in rows],
        schema_overrides={
            "huisletter": pl.String,
            "toevoeging": pl.String,
            "img_lopend": pl.String,
            "groep": pl.String,
        },
    )


# ---------------------------------------------------------------- plain functions


def test_points_carry_only_their_position_in_a_layer_per_colour_and_skip_addresses_without_coordinates():
    frame = _frame(
        [
            {
                "ncg_id": "N1",
                "categorie": "beide_lopend",
                "groep": "E",
                "img_lopend": "melding, advies",
                "huisletter": "A",
            },
            {"ncg_id": "N2", "lat": None, "lon": None},
            {"ncg_id": "N3", "categorie": "gesloten", "lat": 53.3331234567, "lon": 6.7509876543},
            {"ncg_id": "N4", "categorie": "gesloten", "lat": 53.1, "lon": 6.5},
        ]
    ).with_columns(ncg_fase_nr=pl.lit(4))
    punten = kaart.punten_lagen(frame, "categorie")
    assert punten.aantal == 3
    # Beide lopend drawn last, on top; a layer per colour present, its colour a constant of the layer.
    assert [laag.id for laag in punten.lagen] == [f"{kaart.PUNTEN_LAAG}_gesloten", f"{kaart.PUNTEN_LAAG}_beide_lopend"]
    gesloten, beide = punten.lagen
    assert list(beide.kleur[:3]) == kaart.rgb(kaart.CATEGORIE_KLEUREN["beide_lopend"])[:3]
    assert json.loads(gesloten.json) == [{"p": [6.751, 53.3331]}, {"p": [6.5, 53.1]}]
    assert gesloten.ncg_ids == ("N3", "N4") and beide.ncg_ids == ("N1",)
    text = "".join(laag.json for laag in punten.lagen)
    assert "N1" not in text and "Hoofdstraat" not in text and "9919" not in text
    # A click gives the layer and the index in it: the server turns it into the address.
    assert kaart.adres_uit_selectie({"selection": {"indices": {gesloten.id: [1]}}}, punten) == "N4"
    per_groep = kaart.punten_lagen(frame, "groep")
    assert [laag.sleutel for laag in per_groep.lagen] == ["", "E"]
    assert list(per_groep.lagen[-1].kleur[:3]) == kaart.rgb(kaart.GROEP_KLEUREN["E"])[:3]
    assert list(per_groep.lagen[0].kleur[:3]) == kaart.rgb(kaart.GEEN_GROEP_KLEUR)[:3]
    with pytest.raises(ValueError):
        kaart.punten_lagen(frame, "programma")


@pytest.mark.parametrize("resolutie", [6, 8])
def test_hexagons_count_the_selections_addresses_per_h3_cell(sample_conn, sample_url, resolutie):
    import h3

    peildatum = max(db.stored_peildata(sample_conn))
    for selectie, gemeenten in (
        (Selectie(), ()),
        (Selectie(categorieen=("beide_lopend",)), ("Groningen", "Eemsdelta")),
    ):
        hexen = kaart.hexagonen(sample_conn, Filters(peildatum, gemeenten=gemeenten), selectie, resolutie)
        assert hexen.columns == ["hex", "aantal", "beide_lopend", "aandeel"]
        # Expected: the same selection's coordinates, put in cells here with h3 itself.
        met = _met_coordinaten(_adressen(sample_url, selectie, gemeenten=gemeenten))
        verwacht = (
            met.select(
                pl.Series("hex", [h3.latlng_to_cell(la, lo, resolutie) for la, lo in zip(met["lat"], met["lon"])]),
                (pl.col("categorie") == "beide_lopend").cast(pl.Int64).alias("b"),
            )
            .group_by("hex")
            .agg(pl.len().cast(pl.Int64).alias("aantal"), pl.col("b").sum().alias("beide_lopend"))
            .sort("hex")
        )
        assert hexen.select("hex", "aantal", "beide_lopend").equals(verwacht)
        assert (hexen["aandeel"] == hexen["beide_lopend"] / hexen["aantal"]).all()
    with pytest.raises(ValueError):
        kaart.hexagonen(sample_conn, Filters(peildatum), Selectie(), 12)


def test_the_hexagon_deck_holds_only_cell_ids_and_aggregates():
    import h3

    hexen = pl.DataFrame(
        {"hex": [h3.latlng_to_cell(53.3312345, 6.7512345, 9)], "aantal": [1], "beide_lopend": [1], "aandeel": [1.0]}
    )
    for kleur_op in kaart.HEX_KLEUR_OP:
        spec = json.loads(kaartlagen.hexagonen_deck(hexen, kleur_op).to_json())
        assert [(layer["@@type"], layer["id"]) for layer in spec["layers"]] == [
            ("H3HexagonLayer", kaart.HEXAGONEN_LAAG),
            ("TextLayer", kaartlagen.PLAATSEN_LAAG),
        ]
        [rij] = _laag(spec, kaart.HEXAGONEN_LAAG)["data"]
        assert set(rij) == HEX_SLEUTELS
        text = json.dumps(spec)
        assert "N1" not in text and "Hoofdstraat" not in text and "9919" not in text
        assert "53.33123" not in text and "6.75123" not in text


_PUNTEN = kaart.Punten(
    aantal=2,
    lagen=(
        kaart.PuntenLaag("adressen_gesloten", "gesloten", (1, 2, 3, 4), "[]", ("NCG-000122",)),
        kaart.PuntenLaag("adressen_beide_lopend", "beide_lopend", (1, 2, 3, 4), "[]", ("NCG-000100", "NCG-000123")),
    ),
    per_gemeente=pl.DataFrame(),
)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            {
                "selection": {
                    "indices": {"adressen_beide_lopend": [1]},
                    "objects": {"adressen_beide_lopend": [{"p": [6.75, 53.33]}]},
                }
            },
            "NCG-000123",
        ),
        ({"selection": {"indices": {"adressen_gesloten": [0]}, "objects": {}}}, "NCG-000122"),
        ({"selection": {"indices": {}, "objects": {}}}, None),
        (
            {
                "selection": {
                    "indices": {"hexagonen": [0]},
                    "objects": {"hexagonen": [{"hex": "87196d801ffffff", "aantal": 3}]},
                }
            },
            None,
        ),
        ({"selection": {"indices": {"adressen_gesloten": [5]}, "objects": {}}}, None),
        ({}, None),
        (None, None),
    ],
)
def test_the_clicked_point_gives_its_address(event, expected):
    assert kaart.adres_uit_selectie(event, _PUNTEN) == expected
    assert kaart.adres_uit_selectie(event, None) is None
    if event is not None:
        # The same dict as st.pydeck_chart hands it over: Streamlit's own read-only wrapper.
        assert kaart.adres_uit_selectie(streamlit_compat.pydeck_selection(json.dumps(event)), _PUNTEN) == expected


# ---------------------------------------------------------------- the per-municipality query


@pytest.mark.parametrize(
    ("selectie", "gemeenten"),
    [
        (Selectie(), ()),
        (Selectie(categorieen=("beide_lopend", "gesloten"), kenmerken=("urgent",)), ()),
        (Selectie(groepen=("B", "E")), ("Eemsdelta", "Groningen")),
    ],
)
def test_per_gemeente_counts_the_selected_addresses(sample_conn, selectie, gemeenten):
    filters = Filters(max(db.stored_peildata(sample_conn)), gemeenten)
    rows = adresframe.kies(adresframe.lees(sample_conn, filters.peildatum), filters, selectie)
    per = kaart.per_gemeente(sample_conn, filters, selectie)
    assert per["gemeente"].to_list() == sorted(set(rows["gemeente"]))
    for r in per.iter_rows(named=True):
        mine = rows.filter(pl.col("gemeente") == r["gemeente"])
        assert r["aantal"] == mine.height
        for c in ("geen_schademelding", "gesloten", "beide_lopend"):
            assert r[c] == mine.filter(pl.col("categorie") == c).height
        for g in "ABCDEF":
            assert r[f"groep_{g.lower()}"] == mine.filter(pl.col("groep") == g).height
        assert r["op_kaart"] == _met_coordinaten(mine).height


# ---------------------------------------------------------------- the page


def test_the_points_are_the_filtered_addresses(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url)
    assert not at.exception, at.exception
    spec, tooltip = _deck(at)
    lagen = _puntlagen(spec)
    assert [layer["id"] for layer in lagen] == [f"{kaart.PUNTEN_LAAG}_{c}" for c in kaart.CATEGORIEEN]
    assert all(layer["@@type"] == "ScatterplotLayer" for layer in spec["layers"][:-1])
    assert (spec["layers"][-1]["@@type"], spec["layers"][-1]["id"]) == ("TextLayer", kaartlagen.PLAATSEN_LAAG)
    assert all(layer["pickable"] is True and layer["radiusMinPixels"] > 0 for layer in lagen)
    assert all(set(p) == PUNT_SLEUTELS for layer in lagen for p in layer["data"])
    expected = _met_coordinaten(_adressen(sample_url))
    for layer, categorie in zip(lagen, kaart.CATEGORIEEN):
        assert layer["getFillColor"][:3] == kaart.rgb(kaart.CATEGORIE_KLEUREN[categorie])[:3]
        mine = expected.filter(pl.col("categorie") == categorie)
        assert sorted((lo, la) for lo, la in (p["p"] for p in layer["data"])) == _posities(mine)
    # Every address of the sample (all gemeenten) in well under a megabyte.
    assert len(at.get("deck_gl_json_chart")[0].proto.json.encode()) < 1_000_000
    assert "{" not in tooltip["html"]  # nothing of the address on hover: a click asks the server
    assert spec["initialViewState"]["latitude"] == kaartlagen.REGIO["latitude"]
    assert any(c.value.startswith(f"{fmt.getal(expected.height)} adressen op de kaart") for c in at.caption)


def test_a_filter_changes_the_points(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url, gemeente="Groningen")
    at.multiselect(key="kt_categorieen").set_value(["beide_lopend"]).run()
    assert not at.exception
    [laag] = _puntlagen(_deck(at)[0])
    expected = _met_coordinaten(
        _adressen(sample_url, Selectie(categorieen=("beide_lopend",)), gemeenten=("Groningen",))
    )
    assert sorted(tuple(p["p"]) for p in laag["data"]) == _posities(expected) and 0 < expected.height < 5000

    at.multiselect(key="kt_groepen").set_value(["B", "E"]).run()
    at.segmented_control(key="kt_kleur").set_value("groep").run()
    assert not at.exception
    lagen = _puntlagen(_deck(at)[0])
    expected = _met_coordinaten(
        _adressen(sample_url, Selectie(categorieen=("beide_lopend",), groepen=("B", "E")), gemeenten=("Groningen",))
    )
    assert [layer["id"] for layer in lagen] == [f"{kaart.PUNTEN_LAAG}_B", f"{kaart.PUNTEN_LAAG}_E"]
    for layer, g in zip(lagen, "BE"):
        assert layer["getFillColor"][:3] == kaart.rgb(kaart.GROEP_KLEUREN[g])[:3]
        assert sorted(tuple(p["p"]) for p in layer["data"]) == _posities(expected.filter(pl.col("groep") == g))


def test_the_municipality_tables_match_the_query(monkeypatch, sample_url):
    at = _app(monkeypatch, sample_url)
    categorie, groep = at.dataframe[0].value, at.dataframe[1].value
    rows = _adressen(sample_url)
    totaal = categorie[categorie["Gemeente"] == "Totaal"].iloc[0]
    assert totaal["Adressen"] == fmt.getal(rows.height)
    assert totaal["Beide lopend"] == fmt.getal(rows.filter(pl.col("categorie") == "beide_lopend").height)
    eems = groep[groep["Gemeente"] == "Eemsdelta"].iloc[0]
    assert eems["E"] == fmt.getal(rows.filter((pl.col("gemeente") == "Eemsdelta") & (pl.col("groep") == "E")).height)


@pytest.mark.parametrize("resolutie", [6, 9])
def test_the_hexagons_add_up_and_hold_no_address(monkeypatch, sample_url, resolutie):
    at = _app(monkeypatch, sample_url)
    at.segmented_control(key="kt_weergave").set_value("hexagonen").run()
    at.select_slider(key="kt_resolutie").set_value(resolutie).run()
    at.segmented_control(key="kt_hex_kleur").set_value("aandeel").run()
    assert not at.exception, at.exception
    spec, tooltip = _deck(at)
    assert [(layer["@@type"], layer["id"]) for layer in spec["layers"]] == [
        ("H3HexagonLayer", kaart.HEXAGONEN_LAAG),
        ("TextLayer", kaartlagen.PLAATSEN_LAAG),
    ]
    rows = _adressen(sample_url)
    met = _met_coordinaten(rows)
    hexen = _laag(spec, kaart.HEXAGONEN_LAAG)["data"]
    assert sum(h["aantal"] for h in hexen) == met.height
    assert sum(h["beide_lopend"] for h in hexen) == met.filter(pl.col("categorie") == "beide_lopend").height
    assert all(set(h) == HEX_SLEUTELS for h in hexen)
    import h3

    assert {h3.get_resolution(h["hex"]) for h in hexen} == {resolutie}

    # Nothing of an address reaches the browser: no coordinate pair, no address line, postcode or id.
    assert spec["initialViewState"]["latitude"] == kaartlagen.REGIO["latitude"]
    assert spec["initialViewState"]["longitude"] == kaartlagen.REGIO["longitude"]
    plaatsen = _laag(spec, kaartlagen.PLAATSEN_LAAG)["data"]
    assert {p["naam"]: (p["lat"], p["lon"]) for p in plaatsen} == kaartlagen.PLAATSEN
    getallen: set[float] = set()

    def _verzamel(node) -> None:
        if isinstance(node, dict):
            for v in node.values():
                _verzamel(v)
        elif isinstance(node, list):
            for v in node:
                _verzamel(v)
        elif isinstance(node, float):
            getallen.add(round(node, 5))

    _verzamel(spec)
    assert not [
        r["ncg_id"]
        for r in met.iter_rows(named=True)
        if round(r["lat"], 5) in getallen and round(r["lon"], 5) in getallen
    ]
    text = at.get("deck_gl_json_chart")[0].proto.json + at.get("deck_gl_json_chart")[0].proto.tooltip
    assert '"lat"' not in json.dumps(hexen) and '"lon"' not in json.dumps(hexen)
    lijst = adressen.adreslijst(rows)
    for r in lijst.head(3000).iter_rows(named=True):
        assert r["ncg_id"] not in text and r["Adres"] not in text and r["Postcode"] not in text
    assert set(tooltip["html"].replace("}", "{").split("{")[1::2]) <= HEX_SLEUTELS


def test_a_linked_dossier_opens_with_points_and_never_with_hexagons(monkeypatch, sample_url):
    rows = _adressen(sample_url, Selectie(categorieen=("beide_lopend",)))
    ncg_id = rows["ncg_id"][0]
    at = _app(monkeypatch, sample_url, adres=ncg_id)
    assert not at.exception
    assert any(s.value.startswith("Dossier ") for s in at.subheader)
    adres = at.query_params["adres"]
    assert (adres if isinstance(adres, list) else [adres]) == [ncg_id]

    at.segmented_control(key="kt_weergave").set_value("hexagonen").run()
    assert not at.exception
    assert not any(s.value.startswith("Dossier ") for s in at.subheader)
    assert "adres" not in at.query_params


@pytest.mark.parametrize("rol", ["stuurgroep", "manager"])
def test_roles_without_addresses_get_only_the_hexagons(monkeypatch, sample_url, rol):
    ncg_id = _adressen(sample_url, Selectie(categorieen=("beide_lopend",)))["ncg_id"][0]
    at = open_app(monkeypatch, sample_url, PAGE, role=rol, adres=ncg_id)
    assert not at.exception, at.exception
    assert not at.error, "the page refused instead of showing the hexagons"
    assert all("Demomodus" in w.value for w in at.warning)
    assert at.segmented_control(key="kt_weergave").options == ["Hexagonen"]
    spec, _ = _deck(at)
    assert [layer["@@type"] for layer in spec["layers"]] == ["H3HexagonLayer", "TextLayer"]
    assert ncg_id not in at.get("deck_gl_json_chart")[0].proto.json
    assert not any(s.value.startswith("Dossier") for s in at.subheader)


def test_an_empty_selection_shows_an_empty_map(monkeypatch, sample_url):
    # Only beide lopend addresses have a group: no address has no claim and group A.
    at = _app(monkeypatch, sample_url)
    at.multiselect(key="kt_categorieen").set_value(["geen_schademelding"]).run()
    at.multiselect(key="kt_groepen").set_value(["A"]).run()
    assert not at.exception, at.exception
    assert _puntlagen(_deck(at)[0]) == []
    assert any(c.value.startswith("0 adressen op de kaart") for c in at.caption)
    totaal = at.dataframe[0].value
    assert list(totaal["Gemeente"]) == ["Totaal"] and totaal["Adressen"].iloc[0] == "0"

    at.segmented_control(key="kt_weergave").set_value("hexagonen").run()
    assert not at.exception, at.exception
    assert _laag(_deck(at)[0], kaart.HEXAGONEN_LAAG)["data"] == []


def test_a_selection_too_large_for_points_shows_hexagons_until_narrowed(monkeypatch, sample_url):
    groningen = _met_coordinaten(_adressen(sample_url, gemeenten=("Groningen",))).height
    alles = _met_coordinaten(_adressen(sample_url)).height
    monkeypatch.setattr(kaart, "MAX_PUNTEN", groningen)  # every address is too many; Groningen's are not
    at = _app(monkeypatch, sample_url)
    assert not at.exception, at.exception
    assert [layer["@@type"] for layer in _deck(at)[0]["layers"]][0] == "H3HexagonLayer"
    assert any(fmt.getal(alles) in i.value and "kies een gemeente" in i.value for i in at.info)
    assert not any(
        c.value.endswith("adressen op de kaart. Klik op een adres voor het gecombineerde dossier.") for c in at.caption
    )

    at.multiselect(key="f_gemeenten").set_value(["Groningen"]).run()
    assert not at.exception, at.exception
    punten = [p for layer in _puntlagen(_deck(at)[0]) for p in layer["data"]]
    assert len(punten) == groningen and not at.info


# ---------------------------------------------------------------- the basemap


def _stijl(deck) -> str | dict:
    """The deck's mapStyle as Streamlit gets it: a MapLibre style (decoded from its data: URL) or the sentinel."""
    import urllib.parse

    stijl = json.loads(deck.to_json())["mapStyle"]
    if stijl.startswith("data:application/json"):
        return json.loads(urllib.parse.unquote(stijl.split(",", 1)[1]))
    return stijl


_GEEN_PUNTEN = kaart.Punten(0, (), pl.DataFrame())


def test_the_basemap_is_pdok_by_default_configurable_and_never_carto(monkeypatch, tmp_path):
    from dashboard.core import config

    monkeypatch.delenv("DASHBOARD_KAART_TEGELS", raising=False)
    monkeypatch.delenv("DASHBOARD_KAART_BRONVERMELDING", raising=False)
    geen = tmp_path / "geen.toml"
    standaard = config.achtergrondkaart(geen)
    assert standaard.tegels == config.PDOK_BRT_TEGELS and standaard.tegels.startswith("https://service.pdok.nl/brt/")
    assert standaard.bronvermelding == "Kaartgegevens © Kadaster"

    hexen = pl.DataFrame({"hex": ["871f1d489ffffff"], "aantal": [3], "beide_lopend": [1], "aandeel": [1 / 3]})
    for deck in (
        kaartlagen.punten_deck(_GEEN_PUNTEN, standaard),
        kaartlagen.hexagonen_deck(hexen, "aantal", standaard),
    ):
        spec = deck.to_json()
        assert "carto" not in spec.lower() and "mapProvider" not in json.loads(spec)
        stijl = _stijl(deck)
        assert stijl["sources"]["achtergrond"]["tiles"] == [config.PDOK_BRT_TEGELS]
        assert stijl["sources"]["achtergrond"]["attribution"] == "Kaartgegevens © Kadaster"
        assert [laag["type"] for laag in stijl["layers"]] == ["raster"]
        assert [laag["id"] for laag in json.loads(spec)["layers"]][-1] == kaartlagen.PLAATSEN_LAAG  # names on top

    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        '[kaart]\ntegels = "https://tegels.example.nl/grijs/{z}/{x}/{y}.png"\nbronvermelding = "Eigen"\n'
    )
    eigen = config.achtergrondkaart(secrets)
    assert (eigen.tegels, eigen.bronvermelding) == ("https://tegels.example.nl/grijs/{z}/{x}/{y}.png", "Eigen")
    assert _stijl(kaartlagen.punten_deck(_GEEN_PUNTEN, eigen))["sources"]["achtergrond"]["tiles"] == [eigen.tegels]

    monkeypatch.setenv("DASHBOARD_KAART_TEGELS", "")  # the environment wins, and empty means no basemap
    zonder = config.achtergrondkaart(secrets)
    assert zonder.tegels == "" and not zonder.ongeldig
    # pydeck's default style with no provider is what Streamlit reads as "no basemap"; None or "" would
    # make it fetch CARTO's positron.
    for deck in (kaartlagen.punten_deck(_GEEN_PUNTEN, zonder), kaartlagen.punten_deck(_GEEN_PUNTEN)):
        assert _stijl(deck) == "__MAP_STYLE__" and "carto" not in deck.to_json().lower()

    monkeypatch.setenv("DASHBOARD_KAART_TEGELS", "javascript:alert(1)")
    fout = config.achtergrondkaart(geen)
    assert fout.tegels == "" and fout.ongeldig == "javascript:alert(1)"


@pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)
def test_the_kaart_page_sends_the_configured_basemap(monkeypatch, sample_url):
    from dashboard.core import config

    monkeypatch.delenv("DASHBOARD_KAART_TEGELS", raising=False)
    at = _app(monkeypatch, sample_url, gemeente="Loppersum")
    assert not at.exception
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    import urllib.parse

    assert config.PDOK_BRT_TEGELS in urllib.parse.unquote(spec["mapStyle"])
    assert "carto" not in at.get("deck_gl_json_chart")[0].proto.json.lower()

    monkeypatch.setenv("DASHBOARD_KAART_TEGELS", "")
    at = _app(monkeypatch, sample_url, gemeente="Loppersum")
    assert not at.exception
    assert json.loads(at.get("deck_gl_json_chart")[0].proto.json)["mapStyle"] == "__MAP_STYLE__"
