"""Files for download: tables as CSV and Excel, each carrying its peildatum and filters.

Plain functions from frames to bytes; no Streamlit here, so the app, the CLI
and the tests produce the same files.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

from dashboard import fmt

APP_NAAM = "Dashboard Schade & Versterken"


@dataclass(frozen=True)
class Bijschrift:
    """What a downloaded file says about itself: which page and view, which snapshot, which filters."""

    pagina: str
    titel: str
    peildatum: date
    filters: tuple[tuple[str, str], ...] = ()  # (Dutch name, Dutch value), in display order

    def regels(self) -> list[tuple[str, str]]:
        return [
            ("Bron", f"{APP_NAAM}, pagina {self.pagina}"),
            ("Onderdeel", self.titel),
            ("Peildatum", fmt.datum(self.peildatum)),
            *self.filters,
            ("Gemaakt op", fmt.datum(datetime.now().replace(microsecond=0))),
        ]

    def tekst(self) -> str:
        return " · ".join(f"{k}: {v}" for k, v in self.regels()[2:-1])

    def bestandsnaam(self, extensie: str) -> str:
        delen = [self.pagina, self.titel, self.peildatum.isoformat()]
        stam = "_".join(_slug(d) for d in delen if d)
        return f"{stam}.{extensie}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")


CSV_SEPARATOR = ";"  # what Dutch spreadsheet programs expect


def tabel_csv(frame: pl.DataFrame, bijschrift: Bijschrift) -> bytes:
    """CSV for Dutch spreadsheets: UTF-8 with BOM, ';' between fields, the caption as '#' lines on top.

    Read back with `pl.read_csv(data, separator=";", comment_prefix="#")`.
    """
    kop = "".join(f"# {k}: {v}\n" for k, v in bijschrift.regels())
    body = _voor_export(frame).write_csv(separator=CSV_SEPARATOR, date_format="%d-%m-%Y")
    return ("\ufeff" + kop + body).encode("utf-8")


def tabel_xlsx(frame: pl.DataFrame, bijschrift: Bijschrift) -> bytes:
    """An Excel workbook: the table on sheet 'Gegevens', peildatum and filters on sheet 'Toelichting'."""
    buffer = io.BytesIO()
    import xlsxwriter

    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as wb:
        _voor_export(frame).write_excel(
            wb,
            worksheet="Gegevens",
            autofit=True,
            dtype_formats={pl.Date: "dd-mm-yyyy"},
            freeze_panes=(1, 0),
            table_style="Table Style Light 9",
        )
        toelichting = pl.DataFrame(bijschrift.regels(), schema=["Kenmerk", "Waarde"], orient="row")
        toelichting.write_excel(wb, worksheet="Toelichting", autofit=True, table_style="Table Style Light 1")
    return buffer.getvalue()


def _voor_export(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists become readable text; booleans become ja/nee."""
    casts = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.List):
            casts.append(pl.col(name).list.eval(pl.element().cast(pl.String)).list.join(", "))
        elif dtype == pl.Boolean:
            casts.append(pl.when(pl.col(name)).then(pl.lit("ja")).otherwise(pl.lit("nee")).alias(name))
    return frame.with_columns(casts) if casts else frame
