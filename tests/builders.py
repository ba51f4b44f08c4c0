"""Small hand-built deliveries whose every figure is known."""

from __future__ import annotations

import copy
from pathlib import Path

import polars as pl

PEILDATUM = "2021-08-31"

NCG = [
    {
        "ncg_id": "N1",
        "peildatum": PEILDATUM,
        "postcode": "9919AB",
        "huisnummer": "12",
        "huisletter": "A",
        "toevoeging": "",
        "bag_id": "0014200000000001",
        "straat": "Hoofdstraat",
        "woonplaats": "Loppersum",
        "gemeente": "Eemsdelta",
        "rd_x": "243500",
        "rd_y": "596000",
        "lat": "",
        "lon": "",
        "fase": "planvorming",
        "fase_sinds": "2021-01-15",
        "programma": "koploper",
        "risicoprofiel": "p50",
        "bijzondere_situatie": "nee",
        "toestemming": "ja",
    },
    {
        "ncg_id": "N2",
        "peildatum": PEILDATUM,
        "postcode": "9901CD",
        "huisnummer": "3",
        "huisletter": "",
        "toevoeging": "",
        "bag_id": "",
        "straat": "Dijkstraat",
        "woonplaats": "Appingedam",
        "gemeente": "Eemsdelta",
        "rd_x": "",
        "rd_y": "",
        "lat": "53.322",
        "lon": "6.858",
        "fase": "opname",
        "fase_sinds": "2020-06-01",
        "programma": "",
        "risicoprofiel": "",
        "bijzondere_situatie": "",
        "toestemming": "",
    },
    {
        "ncg_id": "N3",
        "peildatum": PEILDATUM,
        "postcode": "9711EF",
        "huisnummer": "7",
        "huisletter": "",
        "toevoeging": "2",
        "bag_id": "",
        "straat": "Grote Markt",
        "woonplaats": "Groningen",
        "gemeente": "Groningen",
        "rd_x": "",
        "rd_y": "",
        "lat": "",
        "lon": "",
        "fase": "afgerond",
        "fase_sinds": "",
        "programma": "regulier",
        "risicoprofiel": "",
        "bijzondere_situatie": "ja",
        "toestemming": "nee",
    },
]

IMG = [
    {
        "img_id": "I1",
        "peildatum": PEILDATUM,
        "postcode": "9919 ab",
        "huisnummer": "12a",
        "huisletter": "",
        "toevoeging": "",
        "bag_id": "",
        "schadesoort": "fysieke_schade",
        "fase": "melding",
        "datum_melding": "2021-05-01",
        "datum_afgehandeld": "",
        "urgent": "ja",
        "toestemming": "ja",
    },
    {
        "img_id": "I2",
        "peildatum": PEILDATUM,
        "postcode": "9901CD",
        "huisnummer": "3",
        "huisletter": "",
        "toevoeging": "",
        "bag_id": "",
        "schadesoort": "aos",
        "fase": "advies",
        "datum_melding": "2020-11-11",
        "datum_afgehandeld": "",
        "urgent": "",
        "toestemming": "",
    },
    {
        "img_id": "I3",
        "peildatum": PEILDATUM,
        "postcode": "9711EF",
        "huisnummer": "7-2",
        "huisletter": "",
        "toevoeging": "",
        "bag_id": "",
        "schadesoort": "fysieke_schade",
        "fase": "afgehandeld",
        "datum_melding": "2019-02-01",
        "datum_afgehandeld": "2019-09-30",
        "urgent": "nee",
        "toestemming": "",
    },
    {
        "img_id": "I4",
        "peildatum": PEILDATUM,
        "postcode": "9999ZZ",
        "huisnummer": "1",
        "huisletter": "",
        "toevoeging": "",
        "bag_id": "",
        "schadesoort": "fysieke_schade",
        "fase": "besluit",
        "datum_melding": "2021-02-01",
        "datum_afgehandeld": "",
        "urgent": "",
        "toestemming": "",
    },
]

SVIP = [
    {
        "verzoek_id": "V1",
        "datum_ontvangen": "2020-03-02",
        "datum_afgerond": "2020-03-09",
        "aanvrager": "IMG",
        "soort": "statusuitwisseling",
        "uitkomst": "beantwoord",
        "postcode": "9919AB",
        "huisnummer": "12",
        "huisletter": "A",
        "toevoeging": "",
    },
    {
        "verzoek_id": "V2",
        "datum_ontvangen": "2021-08-02",
        "datum_afgerond": "",
        "aanvrager": "NCG",
        "soort": "versnelling",
        "uitkomst": "",
        "postcode": "",
        "huisnummer": "",
        "huisletter": "",
        "toevoeging": "",
    },
]

IVR = [
    {
        "gesprek_id": "G1",
        "tijdstip": "2021-03-04T09:15:00",
        "lijn": "IMG",
        "menukeuze": "schade",
        "onderwerp": "schade",
        "warme_overdracht": "",
    },
    {
        "gesprek_id": "G2",
        "tijdstip": "2021-07-05 14:02:10",
        "lijn": "NCG",
        "menukeuze": "schade",
        "onderwerp": "",
        "warme_overdracht": "ja",
    },
]

SAMENWERKING = [
    {
        "actie_id": "A1",
        "postcode": "9919AB",
        "huisnummer": "12a",
        "huisletter": "",
        "toevoeging": "",
        "soort": "gezamenlijke_opname",
        "pilot": "koploper",
        "status": "gekozen",
        "datum": "2021-04-01",
    },
]

BASE = {
    "ncg_adressen": NCG,
    "img_schademeldingen": IMG,
    "svip_verzoeken": SVIP,
    "ivr_gesprekken": IVR,
    "samenwerking": SAMENWERKING,
}


def base() -> dict[str, list[dict[str, str]]]:
    return copy.deepcopy(BASE)


def write_delivery(
    folder: Path,
    files: dict[str, list[dict[str, str]]] | None = None,
    formaat: str = "csv",
    delimiter: str = ",",
    bom: bool = False,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (files if files is not None else base()).items():
        frame = pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String))
        if formaat == "parquet":
            frame.with_columns(pl.all().replace("", None)).write_parquet(folder / f"{name}.parquet")
        else:
            text = frame.write_csv(separator=delimiter)
            (folder / f"{name}.csv").write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return folder
