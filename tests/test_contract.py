"""Every rule of data-contract.md: a row that breaks it is rejected with its reason, the rest loads."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from builders import base, write_delivery
from dashboard.store.loader import DeliveryError, check_delivery

# (file, row index, changes to that row, rejected column, words in the reason)
ROW_RULES = [
    ("ncg_adressen", 1, {"ncg_id": ""}, "ncg_id", "verplicht"),
    ("ncg_adressen", 1, {"ncg_id": "N1"}, "ncg_id", "eerder"),
    ("ncg_adressen", 1, {"peildatum": "2021-08-30"}, "peildatum", "wijkt af"),
    ("ncg_adressen", 1, {"peildatum": "31/08/2021"}, "peildatum", "geen geldige datum"),
    ("ncg_adressen", 1, {"postcode": "991AB"}, "postcode", "1234AB"),
    ("ncg_adressen", 1, {"postcode": "0901CD"}, "postcode", "1234AB"),
    ("ncg_adressen", 1, {"postcode": ""}, "postcode", "verplicht"),
    ("ncg_adressen", 1, {"huisnummer": "0"}, "huisnummer", "99999"),
    ("ncg_adressen", 1, {"huisnummer": "100000"}, "huisnummer", "99999"),
    ("ncg_adressen", 1, {"huisnummer": "abc"}, "huisnummer", "getal"),
    ("ncg_adressen", 1, {"huisnummer": ""}, "huisnummer", "verplicht"),
    ("ncg_adressen", 1, {"huisletter": "AB"}, "huisletter", "één letter"),
    ("ncg_adressen", 0, {"huisnummer": "12b"}, "huisletter", "verschillen"),
    ("ncg_adressen", 1, {"huisnummer": "3-1", "toevoeging": "2"}, "toevoeging", "verschillen"),
    ("ncg_adressen", 1, {"toevoeging": "12345"}, "toevoeging", "langer dan 4"),
    ("ncg_adressen", 1, {"bag_id": "123"}, "bag_id", "16 cijfers"),
    ("ncg_adressen", 1, {"postcode": "9919AB", "huisnummer": "12A"}, "postcode", "hetzelfde adres"),
    ("ncg_adressen", 1, {"bag_id": "0014200000000001"}, "bag_id", "dezelfde bag_id"),
    ("ncg_adressen", 1, {"gemeente": ""}, "gemeente", "verplicht"),
    ("ncg_adressen", 0, {"rd_x": "abc"}, "rd_x", "geen geldig getal"),
    ("ncg_adressen", 0, {"rd_y": ""}, "rd_y", "horen samen"),
    ("ncg_adressen", 1, {"lon": ""}, "lon", "horen samen"),
    ("ncg_adressen", 1, {"lat": "48.85", "lon": "2.35"}, "lat", "buiten Nederland"),
    ("ncg_adressen", 0, {"rd_x": "6.75", "rd_y": "53.33"}, "rd_x", "buiten Nederland"),
    ("ncg_adressen", 1, {"fase": "7"}, "fase", "onbekende fase"),
    ("ncg_adressen", 1, {"fase": "klaar"}, "fase", "onbekende fase"),
    ("ncg_adressen", 1, {"fase": ""}, "fase", "verplicht"),
    ("ncg_adressen", 1, {"fase_sinds": "2021-09-01"}, "fase_sinds", "na de peildatum"),
    ("ncg_adressen", 1, {"fase_sinds": "2021-13-01"}, "fase_sinds", "geen geldige datum"),
    ("ncg_adressen", 1, {"programma": "xyz"}, "programma", "onbekend programma"),
    ("ncg_adressen", 1, {"bijzondere_situatie": "misschien"}, "bijzondere_situatie", "ja/nee"),
    ("ncg_adressen", 1, {"toestemming": "2"}, "toestemming", "ja/nee"),
    ("img_schademeldingen", 1, {"img_id": "I1"}, "img_id", "eerder"),
    ("img_schademeldingen", 1, {"img_id": ""}, "img_id", "verplicht"),
    ("img_schademeldingen", 1, {"peildatum": "2021-07-31"}, "peildatum", "ncg_adressen"),
    ("img_schademeldingen", 1, {"postcode": "ABCD12"}, "postcode", "1234AB"),
    ("img_schademeldingen", 1, {"bag_id": "00142000000000011"}, "bag_id", "16 cijfers"),
    ("img_schademeldingen", 1, {"schadesoort": "brand"}, "schadesoort", "onbekende schadesoort"),
    ("img_schademeldingen", 1, {"fase": "gesloten"}, "fase", "onbekende fase"),
    ("img_schademeldingen", 1, {"datum_melding": ""}, "datum_melding", "verplicht"),
    ("img_schademeldingen", 1, {"datum_melding": "2021-09-01"}, "datum_melding", "na de peildatum"),
    ("img_schademeldingen", 2, {"datum_afgehandeld": ""}, "datum_afgehandeld", "verplicht bij fase afgehandeld"),
    ("img_schademeldingen", 1, {"datum_afgehandeld": "2021-01-01"}, "datum_afgehandeld", "leeg"),
    ("img_schademeldingen", 2, {"datum_afgehandeld": "2019-01-01"}, "datum_afgehandeld", "voor datum_melding"),
    ("img_schademeldingen", 1, {"urgent": "soms"}, "urgent", "ja/nee"),
    ("svip_verzoeken", 1, {"verzoek_id": "V1"}, "verzoek_id", "eerder"),
    ("svip_verzoeken", 1, {"datum_ontvangen": "2-8-2021"}, "datum_ontvangen", "geen geldige datum"),
    ("svip_verzoeken", 0, {"datum_afgerond": "2020-03-01"}, "datum_afgerond", "voor datum_ontvangen"),
    ("svip_verzoeken", 1, {"aanvrager": "BZK"}, "aanvrager", "IMG of NCG"),
    ("svip_verzoeken", 1, {"soort": "klacht"}, "soort", "onbekende soort"),
    ("svip_verzoeken", 1, {"uitkomst": "misschien"}, "uitkomst", "onbekende uitkomst"),
    ("svip_verzoeken", 1, {"postcode": "9901CD"}, "huisnummer", "onvolledig"),
    ("ivr_gesprekken", 1, {"gesprek_id": "G1"}, "gesprek_id", "eerder"),
    ("ivr_gesprekken", 1, {"tijdstip": "gisteren"}, "tijdstip", "tijdstip"),
    ("ivr_gesprekken", 1, {"lijn": "EZK"}, "lijn", "IMG of NCG"),
    ("ivr_gesprekken", 1, {"menukeuze": "9"}, "menukeuze", "onbekende menukeuze"),
    ("ivr_gesprekken", 1, {"onderwerp": "belasting"}, "onderwerp", "onbekend onderwerp"),
    ("ivr_gesprekken", 1, {"warme_overdracht": "wellicht"}, "warme_overdracht", "ja/nee"),
    ("samenwerking", 0, {"actie_id": ""}, "actie_id", "verplicht"),
    ("samenwerking", 0, {"postcode": ""}, "postcode", "verplicht"),
    ("samenwerking", 0, {"soort": "koffie"}, "soort", "onbekende soort"),
    ("samenwerking", 0, {"pilot": "proef"}, "pilot", "onbekende pilot"),
    ("samenwerking", 0, {"status": "klaar"}, "status", "onbekende status"),
    ("samenwerking", 0, {"datum": "2021-02-30"}, "datum", "geen geldige datum"),
]

_TABLE = {
    "ncg_adressen": "ncg_adres",
    "img_schademeldingen": "img_schademelding",
    "svip_verzoeken": "svip_verzoek",
    "ivr_gesprekken": "ivr_gesprek",
    "samenwerking": "samenwerking_actie",
}


def test_the_base_delivery_is_valid(tmp_path):
    result = check_delivery(write_delivery(tmp_path))
    assert result.rejects.height == 0
    assert {f.naam: f.geladen for f in result.bestanden} == {
        "ncg_adressen": 3,
        "img_schademeldingen": 4,
        "svip_verzoeken": 2,
        "ivr_gesprekken": 2,
        "samenwerking": 1,
    }
    assert result.peildatum == date(2021, 8, 31)


@pytest.mark.parametrize(
    ("bestand", "index", "changes", "kolom", "reden"), ROW_RULES, ids=[f"{r[0]}-{r[3]}-{r[4]}" for r in ROW_RULES]
)
def test_a_row_breaking_a_rule_is_rejected_and_the_rest_loads(tmp_path, bestand, index, changes, kolom, reden):
    files = base()
    files[bestand][index].update(changes)
    result = check_delivery(write_delivery(tmp_path, files))

    rejected = result.rejects.filter(pl.col("bestand") == f"{bestand}.csv")
    assert rejected["regel"].unique().to_list() == [index + 2], rejected  # header is line 1
    hit = rejected.filter(pl.col("kolom") == kolom)
    assert hit.height >= 1, rejected
    assert any(reden in r for r in hit["reden"]), hit["reden"].to_list()
    expected_value = changes.get(kolom) or None
    if kolom in changes:
        assert hit["waarde"][0] == expected_value

    loaded = {f.naam: f.geladen for f in result.bestanden}
    assert loaded[bestand] == len(files[bestand]) - 1
    assert result.tables[_TABLE[bestand]].height == len(files[bestand]) - 1
    for other, rows in files.items():
        if other not in (bestand, "img_schademeldingen"):  # claims may depend on the NCG row
            assert loaded[other] == len(rows)


def test_every_failure_of_a_row_is_reported(tmp_path):
    files = base()
    files["ncg_adressen"][1].update({"postcode": "x", "fase": "9", "toestemming": "?"})
    result = check_delivery(write_delivery(tmp_path, files))
    assert sorted(result.rejects["kolom"].to_list()) == ["fase", "postcode", "toestemming"]
    assert [f.afgewezen_rijen for f in result.bestanden if f.naam == "ncg_adressen"] == [1]


def test_the_first_valid_row_of_a_duplicate_wins(tmp_path):
    files = base()
    files["ncg_adressen"][0]["fase"] = "9"  # first N1 invalid ...
    files["ncg_adressen"][1]["ncg_id"] = "N1"  # ... so this later N1 is the one kept
    result = check_delivery(write_delivery(tmp_path, files))
    assert result.tables["ncg_adres"].filter(pl.col("ncg_id") == "N1")["postcode"].to_list() == ["9901CD"]
    assert result.rejects["regel"].to_list() == [2]


# ---------------------------------------------------------------- format rules


def test_semicolon_bom_decimal_comma_headers_and_dutch_dates(tmp_path):
    files = base()
    for row in files["ncg_adressen"]:
        row["peildatum"] = "31-08-2021"
    files["ncg_adressen"][0].update({"rd_x": "243500,5", "rd_y": "596000,25", "straat": 'Hoofdstraat; "achter"'})
    files["ncg_adressen"][1].update({"lat": "53,322", "lon": "6,858", "fase_sinds": "01-06-2020"})
    files["ncg_adressen"] = [
        {f"  {k.upper()} ": v for k, v in row.items()} | {"extra": "genegeerd"} for row in files["ncg_adressen"]
    ]
    result = check_delivery(write_delivery(tmp_path, files, delimiter=";", bom=True))
    assert result.rejects.height == 0, result.rejects
    ncg = result.tables["ncg_adres"].sort("ncg_id")
    assert ncg["straat"][0] == 'Hoofdstraat; "achter"'
    assert ncg["lat"][1] == pytest.approx(53.322) and ncg["lon"][1] == pytest.approx(6.858)
    assert 53.3 < ncg["lat"][0] < 53.4 and 6.6 < ncg["lon"][0] < 6.8  # RD near Loppersum
    assert ncg["fase_sinds"][1] == date(2020, 6, 1)
    assert result.peildatum == date(2021, 8, 31)


def test_a_decimal_comma_is_not_a_number_in_a_comma_delimited_file(tmp_path):
    files = base()
    files["ncg_adressen"][1].update({"lat": "53,322", "lon": "6,858"})
    result = check_delivery(write_delivery(tmp_path, files))
    assert set(result.rejects["kolom"]) == {"lat", "lon"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ja", True),
        ("Nee", False),
        ("J", True),
        ("n", False),
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
        ("yes", True),
        ("No", False),
        ("", None),
    ],
)
def test_booleans(tmp_path, text, value):
    files = base()
    files["ncg_adressen"][1]["toestemming"] = text
    result = check_delivery(write_delivery(tmp_path, files))
    assert result.rejects.height == 0
    assert result.tables["ncg_adres"].filter(pl.col("ncg_id") == "N2")["toestemming"][0] is value


def test_codes_match_case_insensitively_and_ncg_phases_by_number(tmp_path):
    files = base()
    files["ncg_adressen"][1]["fase"] = " 2 "
    files["ncg_adressen"][0]["fase"] = "PlanVorming"
    files["img_schademeldingen"][1]["schadesoort"] = "AOS"
    files["ivr_gesprekken"][0]["lijn"] = "img"
    result = check_delivery(write_delivery(tmp_path, files))
    assert result.rejects.height == 0
    fasen = dict(result.tables["ncg_adres"].select("ncg_id", "fase").iter_rows())
    assert fasen == {"N1": "planvorming", "N2": "opname", "N3": "afgerond"}
    assert result.tables["ivr_gesprek"]["lijn"].to_list() == ["IMG", "NCG"]


def test_datetimes_with_t_or_space(tmp_path):
    result = check_delivery(write_delivery(tmp_path))
    ivr = result.tables["ivr_gesprek"].sort("gesprek_id")
    assert ivr["datum"].to_list() == [date(2021, 3, 4), date(2021, 7, 5)]
    assert ivr["uur"].to_list() == [9, 14]
    assert ivr["weekdag"].to_list() == [3, 0]  # Thursday, Monday


def test_misrouted_calls_follow_the_definition(tmp_path):
    files = base()
    files["ivr_gesprekken"] = [
        {
            "gesprek_id": str(i),
            "tijdstip": "2021-03-04T09:15:00",
            "lijn": lijn,
            "menukeuze": keuze,
            "onderwerp": onderwerp,
            "warme_overdracht": "",
        }
        for i, (lijn, keuze, onderwerp) in enumerate(
            [
                ("IMG", "schade", "schade"),
                ("IMG", "versterking", "schade"),
                ("IMG", "schade", "versterking"),
                ("IMG", "geen", ""),
                ("NCG", "versterking", "versterking"),
                ("NCG", "schade", "versterking"),
                ("NCG", "overig", "schade"),
                ("NCG", "geen", "onbekend"),
            ]
        )
    ]
    ivr = check_delivery(write_delivery(tmp_path, files)).tables["ivr_gesprek"].sort("gesprek_id")
    assert ivr["verkeerd_gekozen"].to_list() == [False, True, True, False, False, True, True, False]


def test_parquet_delivers_the_same_as_csv(tmp_path):
    csv = check_delivery(write_delivery(tmp_path / "csv"))
    parquet = check_delivery(write_delivery(tmp_path / "parquet", formaat="parquet"))
    assert parquet.rejects.height == 0
    for table in ("adres", "img_schademelding", "ivr_gesprek", "svip_verzoek", "samenwerking_actie"):
        a = csv.tables[table].select(pl.exclude("^_.*$")).sort(pl.all())
        b = parquet.tables[table].select(pl.exclude("^_.*$")).sort(pl.all())
        assert a.equals(b), table


def test_parquet_rows_are_numbered_from_one(tmp_path):
    files = base()
    files["ncg_adressen"][1]["fase"] = "9"
    result = check_delivery(write_delivery(tmp_path, files, formaat="parquet"))
    assert result.rejects.select("bestand", "regel").row(0) == ("ncg_adressen.parquet", 2)


def test_a_numeric_bag_id_in_parquet_keeps_its_leading_zeros(tmp_path):
    folder = write_delivery(tmp_path, formaat="parquet")
    path = folder / "ncg_adressen.parquet"
    pl.read_parquet(path).with_columns(pl.col("bag_id").cast(pl.Int64)).write_parquet(path)
    result = check_delivery(folder)
    assert result.tables["ncg_adres"].filter(pl.col("ncg_id") == "N1")["bag_id"][0] == "0014200000000001"


# ---------------------------------------------------------------- whole-delivery failures


def test_missing_required_file(tmp_path):
    folder = write_delivery(tmp_path)
    (folder / "img_schademeldingen.csv").unlink()
    with pytest.raises(DeliveryError, match="img_schademeldingen"):
        check_delivery(folder)


def test_optional_files_may_be_absent(tmp_path):
    files = {k: v for k, v in base().items() if k in ("ncg_adressen", "img_schademeldingen")}
    result = check_delivery(write_delivery(tmp_path, files))
    assert set(result.tables) == {"ncg_adres", "img_schademelding", "adres"}


def test_missing_required_column(tmp_path):
    files = base()
    files["img_schademeldingen"] = [
        {k: v for k, v in r.items() if k != "schadesoort"} for r in files["img_schademeldingen"]
    ]
    with pytest.raises(DeliveryError, match="schadesoort"):
        check_delivery(write_delivery(tmp_path, files))


def test_unreadable_encoding(tmp_path):
    folder = write_delivery(tmp_path)
    text = (folder / "ncg_adressen.csv").read_text(encoding="utf-8").replace("Grote Markt", "Grote Märkt")
    (folder / "ncg_adressen.csv").write_bytes(text.encode("latin-1"))
    with pytest.raises(DeliveryError, match="UTF-8"):
        check_delivery(folder)


def test_not_a_parquet_file(tmp_path):
    folder = write_delivery(tmp_path)
    (folder / "svip_verzoeken.csv").unlink()
    (folder / "svip_verzoeken.parquet").write_bytes(b"this is not parquet")
    with pytest.raises(DeliveryError, match="Parquet"):
        check_delivery(folder)


def test_the_same_file_twice(tmp_path):
    folder = write_delivery(tmp_path)
    write_delivery(tmp_path / "p", {"samenwerking": base()["samenwerking"]}, formaat="parquet")
    (tmp_path / "p" / "samenwerking.parquet").rename(folder / "samenwerking.parquet")
    with pytest.raises(DeliveryError, match="twee keer"):
        check_delivery(folder)


def test_no_valid_peildatum(tmp_path):
    files = base()
    for row in files["ncg_adressen"]:
        row["peildatum"] = "eind augustus"
    with pytest.raises(DeliveryError, match="peildatum"):
        check_delivery(write_delivery(tmp_path, files))
