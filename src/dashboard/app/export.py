"""Files for download: charts as PNG/SVG/PDF/HTML, tables as CSV and Excel, each carrying
its title, peildatum and filters.

Plain functions from figures and frames to bytes; no Streamlit here, so the app, the
CLI and the tests produce the same files. Images are rendered by kaleido in a system
Chromium; `start_renderer` keeps one browser alive so an export costs a fraction of a
second instead of a browser start.
"""

from __future__ import annotations

import copy
import io
import logging
import os
import re
import shutil
import threading
import warnings
from dataclasses import dataclass
from datetime import date, datetime

import plotly.graph_objects as go
import polars as pl

from dashboard import figures
from dashboard.core import fmt, tekst

log = logging.getLogger(__name__)

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

    def bestandsnaam(self, extensie: str, deel: str = "") -> str:
        delen = [self.pagina, self.titel, self.peildatum.isoformat(), deel]
        stam = "_".join(_slug(d) for d in delen if d)
        return f"{stam}.{extensie}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")


CSV_SEPARATOR = ";"  # what Dutch spreadsheet programs expect
NCG_ID = "NCG-id"  # the column name of the NCG-id in every exported work list

# Number formats of the xlsx cells (Excel shows them with the reader's separators: 26.800, 7,7%, 8,8).
XLSX_GEHEEL = "#,##0"
XLSX_DECIMAAL = "#,##0.0##"
XLSX_PROCENT = "0.0%"
XLSX_DATUM = "dd-mm-yyyy"
XLSX_TIJDSTIP = "dd-mm-yyyy hh:mm"


def is_aandeel(kolom: str) -> bool:
    """A share stored as a fraction (0.077 is 7,7%): its name says 'aandeel' and not '(%)' (already x100)."""
    naam = kolom.lower()
    return "aandeel" in naam and not is_procent(kolom)


def is_procent(kolom: str) -> bool:
    """A share stored as a percentage number (8.8 is 8,8%): its name ends in '(%)'."""
    return kolom.rstrip().endswith("(%)")


def tabel_csv(frame: pl.DataFrame, bijschrift: Bijschrift) -> bytes:
    """CSV as a Dutch (nl-NL) spreadsheet reads it: UTF-8 with BOM, ';' between fields, the header on the first
    line and nothing but data below it; decimal comma (0,0771), dates as DD-MM-YYYY, shares as fractions.

    The caption (peildatum, filters) is not in this file, so that every program reads it as a plain table:
    it is in the file name (page, table, peildatum), in `toelichting_csv` and on the xlsx's sheet 'Toelichting'.
    Read back with `pl.read_csv(data, separator=";", decimal_comma=True)`.
    """
    body = tekst.neutraliseer(_voor_export(frame)).write_csv(
        separator=CSV_SEPARATOR,
        decimal_comma=True,
        date_format="%d-%m-%Y",
        datetime_format="%d-%m-%Y %H:%M:%S",
    )
    return ("\ufeff" + body).encode("utf-8")


def toelichting_csv(bijschrift: Bijschrift) -> bytes:
    """The caption of a CSV download as a CSV of its own (Kenmerk;Waarde), downloaded beside it."""
    body = tekst.neutraliseer(_toelichting(bijschrift)).write_csv(separator=CSV_SEPARATOR)
    return ("\ufeff" + body).encode("utf-8")


def tabel_xlsx(frame: pl.DataFrame, bijschrift: Bijschrift) -> bytes:
    """An Excel workbook: the table on sheet 'Gegevens', peildatum and filters on sheet 'Toelichting'.

    Numbers stay numbers, shown Dutch by the spreadsheet: integers with a thousands separator, shares
    (fractions, `is_aandeel`, and '(%)' columns, `is_procent`) as percentages with one decimal, dates as
    dd-mm-yyyy.
    """
    buffer = io.BytesIO()
    import xlsxwriter

    gegevens = _voor_export(frame)
    # A '(%)' column holds 8.8 for 8,8%: as a fraction, so the cell is a percentage a spreadsheet computes with.
    gegevens = gegevens.with_columns(
        pl.col(n) / 100 for n, t in gegevens.schema.items() if t.is_numeric() and is_procent(n)
    )
    # Delivered text stays text: a cell starting with '=' is not a formula, 'http://...' not a link.
    with xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}) as wb:
        gegevens.write_excel(
            wb,
            worksheet="Gegevens",
            autofit=True,
            column_formats=_xlsx_formaten(gegevens) or None,
            dtype_formats={pl.Date: XLSX_DATUM, pl.Datetime: XLSX_TIJDSTIP},
            freeze_panes=(1, 0),
            table_style="Table Style Light 9",
        )
        _toelichting(bijschrift).write_excel(
            wb, worksheet="Toelichting", autofit=True, table_style="Table Style Light 1"
        )
    return buffer.getvalue()


def _xlsx_formaten(frame: pl.DataFrame) -> dict[str, str]:
    """The number format of each numeric column: percentage for a share, thousands for integers."""
    formaten = {}
    for naam, dtype in frame.schema.items():
        if dtype.is_integer():
            formaten[naam] = XLSX_GEHEEL
        elif dtype.is_float():
            formaten[naam] = XLSX_PROCENT if is_aandeel(naam) or is_procent(naam) else XLSX_DECIMAAL
    return formaten


def _toelichting(bijschrift: Bijschrift) -> pl.DataFrame:
    return pl.DataFrame(bijschrift.regels(), schema=["Kenmerk", "Waarde"], orient="row")


def _voor_export(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists become readable text; booleans become ja/nee; the ncg_id becomes the first column, 'NCG-id'."""
    casts = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.List):
            casts.append(pl.col(name).list.eval(pl.element().cast(pl.String)).list.join(", "))
        elif dtype == pl.Boolean:
            casts.append(pl.when(pl.col(name)).then(pl.lit("ja")).otherwise(pl.lit("nee")).alias(name))
    out = frame.with_columns(casts) if casts else frame
    if "ncg_id" in out.columns:
        out = out.rename({"ncg_id": NCG_ID}).select(NCG_ID, pl.exclude(NCG_ID))
    return out


# ---------------------------------------------------------------- charts

BEELD_FORMATEN = ("png", "svg", "pdf")
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BREEDTE, HOOGTE = 1200, 700  # CSS pixels of an exported chart; PNG is rendered at twice that
PNG_SCHAAL = 2

_CHROMIUM_NAMEN = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_renderer_lock = threading.Lock()
_renderer_started = False


def chromium_pad() -> str | None:
    """The browser kaleido renders with: $BROWSER_PATH, else the first Chromium or Chrome on PATH."""
    pad = os.environ.get("BROWSER_PATH")
    if pad and os.path.exists(pad):
        return pad
    return next((p for p in map(shutil.which, _CHROMIUM_NAMEN) if p), None)


def start_renderer() -> bool:
    """Start kaleido's persistent browser once per process; False when there is no Chromium."""
    global _renderer_started
    with _renderer_lock:
        if _renderer_started:
            return True
        pad = chromium_pad()
        if pad is None:
            return False
        os.environ.setdefault("BROWSER_PATH", pad)
        import kaleido

        kaleido.start_sync_server(silence_warnings=True)
        _renderer_started = True
        return True


def beeld_figuur(fig: go.Figure, bijschrift: Bijschrift) -> go.Figure:
    """The chart as it goes out: title, the peildatum and filters as a caption, a print-friendly template."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    out.update_layout(
        template=figures.TEMPLATE,
        title={"text": f"<b>{bijschrift.titel}</b>", "x": 0.01, "xanchor": "left", "font": {"size": 20}},
        margin={"t": 120, "b": 110, "l": 60, "r": 40},
        legend={"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
        width=BREEDTE,
        height=HOOGTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    out.add_annotation(
        text=f"{bijschrift.tekst()}<br>Bron: {APP_NAAM}, pagina {bijschrift.pagina}",
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-100,
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        font={"size": 12, "color": "#4B5563"},
    )
    return out


def grafiek_bestand(fig: go.Figure, bijschrift: Bijschrift, formaat: str) -> bytes:
    """The chart as PNG, SVG, PDF or stand-alone HTML (plotly.js included, so it opens offline)."""
    beeld = beeld_figuur(fig, bijschrift)
    if formaat == "html":
        return beeld.to_html(include_plotlyjs=True, full_html=True, config={"locale": "nl"}).encode("utf-8")
    if formaat not in BEELD_FORMATEN:
        raise ValueError(f"unknown format {formaat!r}")
    if chromium_pad() is None or not start_renderer():
        raise RuntimeError("geen Chromium gevonden om afbeeldingen te maken")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return beeld.to_image(format=formaat, width=BREEDTE, height=HOOGTE, scale=PNG_SCHAAL if formaat == "png" else 1)
