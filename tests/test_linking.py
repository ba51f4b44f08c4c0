"""Address normalisation, linking across the ways residents type an address, and classification."""

from __future__ import annotations

import polars as pl
import pytest

from builders import PEILDATUM, base, write_delivery
from dashboard.store.loader import check_delivery


def _claim(
    img_id: str,
    postcode: str,
    huisnummer: str,
    huisletter: str = "",
    toevoeging: str = "",
    bag_id: str = "",
    fase: str = "melding",
    schadesoort: str = "fysieke_schade",
) -> dict[str, str]:
    return {
        "img_id": img_id,
        "peildatum": PEILDATUM,
        "postcode": postcode,
        "huisnummer": huisnummer,
        "huisletter": huisletter,
        "toevoeging": toevoeging,
        "bag_id": bag_id,
        "schadesoort": schadesoort,
        "fase": fase,
        "datum_melding": "2021-01-04",
        "datum_afgehandeld": "2021-03-01" if fase == "afgehandeld" else "",
        "urgent": "",
        "toestemming": "",
    }


# The contract's examples: (huisnummer field, huisletter column, toevoeging column) -> (nr, letter, toevoeging)
NORMALISATION = [
    ("12", "", "", (12, None, None)),
    ("12a", "", "", (12, "A", None)),
    ("12 A", "", "", (12, "A", None)),
    ("12-2", "", "", (12, None, "2")),
    ("12/2", "", "", (12, None, "2")),
    ("12 bis", "", "", (12, None, "BIS")),
    ("12a-1", "", "", (12, "A", "1")),
    ("12 a/3", "", "", (12, "A", "3")),
    ("12", "a", "", (12, "A", None)),
    ("12A", "a", "", (12, "A", None)),
    ("12", "", "-2-", (12, None, "2")),
    ("12-2", "", "2", (12, None, "2")),
    ("012", "", "", (12, None, None)),
]


@pytest.mark.parametrize(
    ("huisnummer", "huisletter", "toevoeging", "expected"),
    NORMALISATION,
    ids=[f"{n!r}+{lt!r}+{t!r}" for n, lt, t, _ in NORMALISATION],
)
def test_huisnummer_normalisation(tmp_path, huisnummer, huisletter, toevoeging, expected):
    files = base()
    files["img_schademeldingen"] = [_claim("X", " 9999 zz ", huisnummer, huisletter, toevoeging)]
    claims = check_delivery(write_delivery(tmp_path, files)).tables["img_schademelding"]
    assert claims.select("postcode", "huisnummer", "huisletter", "toevoeging").row(0) == ("9999ZZ", *expected)


def test_claims_link_across_address_variants_and_bag_id(tmp_path):
    files = base()
    files["ncg_adressen"][1].update({"huisnummer": "3", "toevoeging": "2"})  # N2: 9901CD 3-2
    files["img_schademeldingen"] = [
        _claim("a", "9919AB", "12A"),
        _claim("b", "9919 ab", "12 a"),
        _claim("c", "9919ab", "12", huisletter="a"),
        _claim("d", "1111AA", "99", bag_id="0014200000000001"),  # typed elsewhere, same BAG id: N1
        _claim("e", "9901CD", "3-2"),
        _claim("f", "9901CD", "3/2"),
        _claim("g", "9901CD", "3", toevoeging="2"),
        _claim("h", "9901CD", "3"),  # no toevoeging: a different address
        _claim("i", "9919AB", "12a", bag_id="0014200000000999"),  # same address, other BAG id: not linked
        _claim("j", "9711EF", "7 2"),
    ]
    claims = check_delivery(write_delivery(tmp_path, files)).tables["img_schademelding"]
    links = {r["img_id"]: (r["ncg_id"], r["koppeling"]) for r in claims.iter_rows(named=True)}
    assert links == {
        "a": ("N1", "adres"),
        "b": ("N1", "adres"),
        "c": ("N1", "adres"),
        "d": ("N1", "bag_id"),
        "e": ("N2", "adres"),
        "f": ("N2", "adres"),
        "g": ("N2", "adres"),
        "h": (None, None),
        "i": (None, None),
        "j": ("N3", "adres"),
    }


def test_svip_and_joint_actions_link_by_address(tmp_path):
    result = check_delivery(write_delivery(tmp_path))
    assert dict(result.tables["svip_verzoek"].select("verzoek_id", "ncg_id").iter_rows()) == {"V1": "N1", "V2": None}
    assert result.tables["samenwerking_actie"]["ncg_id"].to_list() == ["N1"]


def _classify(tmp_path, ncg_fase: str, claims: list[tuple[str, str]]) -> dict:
    files = base()
    files["ncg_adressen"] = [files["ncg_adressen"][0] | {"fase": ncg_fase}]
    files["img_schademeldingen"] = [
        _claim(f"c{i}", "9919AB", "12a", fase=fase, schadesoort=soort) for i, (soort, fase) in enumerate(claims)
    ] or [_claim("elders", "9999ZZ", "1")]
    return check_delivery(write_delivery(tmp_path, files)).tables["adres"].row(0, named=True)


CLASSIFICATION = [
    # NCG phase, claims (soort, IMG phase) -> categorie, least advanced running IMG phase, groep
    ("planvorming", [], ("geen_schademelding", None, None)),
    (
        "planvorming",
        [("waardedaling", "melding"), ("immateriele_schade", "advies")],
        ("geen_schademelding", None, None),
    ),
    ("planvorming", [("fysieke_schade", "afgehandeld")], ("gesloten", None, None)),
    ("afgerond", [("fysieke_schade", "melding")], ("gesloten", "melding", None)),
    ("nog_te_starten", [("fysieke_schade", "besluit")], ("beide_lopend", "besluit", "A")),
    ("opname", [("fysieke_schade", "besluit"), ("aos", "opname")], ("beide_lopend", "opname", "B")),
    ("opname", [("fysieke_schade", "melding"), ("fysieke_schade", "afgehandeld")], ("beide_lopend", "melding", "B")),
    ("opname", [("fysieke_schade", "advies"), ("waardedaling", "melding")], ("beide_lopend", "advies", "C")),
    ("opname", [("fysieke_schade", "besluit")], ("beide_lopend", "besluit", "C")),
    ("beoordeling", [("aos", "advies")], ("beide_lopend", "advies", "D")),
    ("planvorming", [("fysieke_schade", "afgehandeld"), ("fysieke_schade", "opname")], ("beide_lopend", "opname", "E")),
    ("uitvoering", [("fysieke_schade", "melding")], ("beide_lopend", "melding", "F")),
]


@pytest.mark.parametrize(("ncg_fase", "claims", "expected"), CLASSIFICATION)
def test_classification(tmp_path, ncg_fase, claims, expected):
    row = _classify(tmp_path, ncg_fase, claims)
    assert (row["categorie"], row["img_fase"], row["groep"]) == expected
    fysiek = [c for c in claims if c[0] in ("fysieke_schade", "aos")]
    assert row["aantal_meldingen"] == len(fysiek)
    assert row["aantal_lopend"] == sum(1 for _, f in fysiek if f != "afgehandeld")
    assert row["aos"] == any(s == "aos" for s, _ in claims)


def test_flags_on_the_address_table(tmp_path):
    adres = check_delivery(write_delivery(tmp_path)).tables["adres"].sort("ncg_id")
    assert adres.select("ncg_id", "urgent", "aos", "img_toestemming", "toestemming", "bijzondere_situatie").rows() == [
        ("N1", True, False, True, True, False),
        ("N2", False, True, False, False, False),
        ("N3", False, False, False, False, True),
    ]
    assert adres["programma"].to_list() == ["koploper", "regulier", "regulier"]
    assert adres.filter(pl.col("lat").is_null())["ncg_id"].to_list() == ["N3"]


def test_running_claim_phases_and_claimed_neighbours_per_address(tmp_path):
    data = base()
    data["img_schademeldingen"] = [
        _claim("C1", "9919AB", "12a", fase="advies"),  # N1 itself: not its own neighbour
        _claim("C2", "9919AB", "12a", fase="melding"),
        _claim("C3", "9919AB", "14"),  # two claims at one other address: one neighbour
        _claim("C4", "9919AB", "14", fase="afgehandeld"),
        _claim("C5", "9919AB", "16", schadesoort="waardedaling"),  # not physical damage: not counted
        _claim("C6", "9919AC", "1"),  # another postcode
        _claim("C7", "9901CD", "5"),
        _claim("C8", "9901CD", "7", bag_id="0014200000000099"),
    ]
    adres = {
        r["ncg_id"]: r for r in check_delivery(write_delivery(tmp_path, data)).tables["adres"].iter_rows(named=True)
    }
    assert adres["N1"]["img_lopend"] == "melding, advies"
    assert adres["N1"]["buren_met_melding"] == 1
    assert adres["N2"]["img_lopend"] is None
    assert adres["N2"]["buren_met_melding"] == 2
    assert adres["N3"]["buren_met_melding"] == 0
