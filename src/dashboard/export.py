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

from dashboard import fmt, figures, tekst

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
    kop = "".join(f"# {k}: {_kopwaarde(v)}\n" for k, v in bijschrift.regels())
    body = tekst.neutraliseer(_voor_export(frame)).write_csv(separator=CSV_SEPARATOR, date_format="%d-%m-%Y")
    return ("\ufeff" + kop + body).encode("utf-8")


def tabel_xlsx(frame: pl.DataFrame, bijschrift: Bijschrift) -> bytes:
    """An Excel workbook: the table on sheet 'Gegevens', peildatum and filters on sheet 'Toelichting'."""
    buffer = io.BytesIO()
    import xlsxwriter

    # Delivered text stays text: a cell starting with '=' is not a formula, 'http://...' not a link.
    with xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}) as wb:
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


def _kopwaarde(waarde: object) -> str:
    """A caption value on one '#' line of its own: no line breaks, no ';' that would start a cell of its own."""
    return re.sub(r"[\r\n;]+", " ", str(waarde))


def _voor_export(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists become readable text; booleans become ja/nee."""
    casts = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.List):
            casts.append(pl.col(name).list.eval(pl.element().cast(pl.String)).list.join(", "))
        elif dtype == pl.Boolean:
            casts.append(pl.when(pl.col(name)).then(pl.lit("ja")).otherwise(pl.lit("nee")).alias(name))
    return frame.with_columns(casts) if casts else frame


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
        xref="paper", yref="paper", x=0, y=0, yshift=-100, xanchor="left", yanchor="bottom",
        showarrow=False, align="left", font={"size": 12, "color": "#4B5563"},
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
