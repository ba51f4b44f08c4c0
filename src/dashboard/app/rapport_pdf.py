"""The steering group's report: one PDF with the KPIs, figure 1, the phase matrix, the pilots,
and the phone menu and SVIP charts for the current filters.

Built from the same functions as the pages (frames, figures, export images), so the
report shows what the dashboard shows. Used by the Overzicht page and by
`dashboard export-report`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime

import plotly.graph_objects as go
import polars as pl
from fpdf import FPDF
from sqlalchemy.engine import Connection

from dashboard import figures
from dashboard.app import export
from dashboard.core import fmt, privacy
from dashboard.core.domain import PROGRAMMA_LABELS
from dashboard.core.filters import Filters
from dashboard.store import adresframe
from dashboard.subjects import adressen, kpi_tekst, opvolging, overzicht, svip, verstoring

TITEL = "Samenloop versterken en schadeafhandeling"
ONDERTITEL = "Rapportage voor de stuurgroep"
_BREEDTE_MM = 180  # A4 minus margins


def _tekst(s: str) -> str:
    """The PDF's built-in font covers Latin-1: spell out the few characters outside it."""
    return (
        s.replace("–", "-")
        .replace("—", "-")
        .replace("€", "EUR")
        .replace("…", "...")
        .replace("’", "'")
        .replace("“", '"')
        .replace("”", '"')
    )


class _Pdf(FPDF):
    def __init__(self, kop: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.kop = kop
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(15, 18, 15)
        self.set_title(TITEL)
        self.set_creator(export.APP_NAAM)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font("Helvetica", "", 8)
        self.set_text_color(107, 114, 128)
        self.cell(0, 6, _tekst(self.kop), align="L")
        self.ln(8)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(107, 114, 128)
        self.cell(0, 6, f"Pagina {self.page_no()} van {{nb}}", align="C")


def _filters_tekst(filters: Filters) -> list[tuple[str, str]]:
    return [
        ("Gemeente", ", ".join(filters.gemeenten) or "alle"),
        ("Programma", ", ".join(PROGRAMMA_LABELS.get(p, p) for p in filters.programmas) or "alle"),
    ]


def rapport_pdf(
    conn: Connection,
    filters: Filters,
    van: date | None = None,
    tot: date | None = None,
    afbeelding: Callable[[go.Figure, export.Bijschrift], bytes] | None = None,
    drempel: int | None = None,
    *,
    ivr_van: date | None = None,
    ivr_tot: date | None = None,
    adressen_frame: pl.DataFrame | None = None,
) -> bytes:
    """The report as PDF bytes. `afbeelding` renders a chart to PNG (default: kaleido via export).

    SVIP counts `van`..`tot` (default all), telephony `ivr_van`..`ivr_tot` (default `van`..`tot` when given,
    else the misrouting KPI's default period), as overzicht.load does for the Overzicht page.
    `adressen_frame` is the snapshot's address frame (the app's shared one); without it, it is read."""
    render = afbeelding or (lambda fig, b: export.grafiek_bestand(fig, b, "png"))
    frame = adresframe.frame(conn if adressen_frame is None else adressen_frame, filters.peildatum)
    data = overzicht.load(conn, filters, van, tot, ivr_van=ivr_van, ivr_tot=ivr_tot, adressen_frame=frame)
    matrix = adressen.fasematrix(frame, filters)
    totalen = adressen.matrix_totalen(matrix)
    if drempel:  # for aggregate roles: the address figures perturbed, as on the pages (dashboard.subjects.verstoring)
        data = verstoring.overzicht_data(data, frame, filters, drempel, svip.verzoeken(conn, filters.peildatum))
        matrix, totalen = verstoring.fasematrix(frame, filters)

    def aantal(n: int | None) -> str:
        return privacy.label(drempel) if n is None else fmt.getal(n)

    filterregels = _filters_tekst(filters)
    periode = overzicht.periode_tekst(data.svip_periode)
    ivr_periode = overzicht.periode_tekst(data.ivr_periode)

    def bijschrift(titel: str, extra: tuple[tuple[str, str], ...] = ()) -> export.Bijschrift:
        return export.Bijschrift("Rapport stuurgroep", titel, filters.peildatum, (*filterregels, *extra))

    pdf = _Pdf(f"{TITEL} - peildatum {fmt.datum(filters.peildatum)}")
    pdf.alias_nb_pages()

    # Page 1: title and KPIs.
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(0, 10, _tekst(TITEL), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 13)
    pdf.cell(0, 8, ONDERTITEL, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)
    for label, waarde in [
        ("Peildatum", fmt.datum_lang(filters.peildatum)),
        *filterregels,
        ("Periode telefonie", ivr_periode),
        ("Periode SVIP", periode),
        ("Gemaakt op", fmt.datum(datetime.now().replace(microsecond=0))),
        # Aggregate roles: said once, as on the pages (README, Access and privacy: cell-key perturbation).
        *([("Privacy", "adresaantallen licht afgerond (tot 2), kerncijfers exact")] if drempel else []),
    ]:
        pdf.cell(55, 6, _tekst(label))
        pdf.cell(0, 6, _tekst(waarde), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _kop(pdf, "Kerncijfers")
    rijen = [("NCG-adressen in de werkvoorraad", aantal(data.totaal), "100%")]
    rijen += [
        (r["label"], aantal(r["aantal"]), fmt.procent(r["aandeel"], 0)) for r in data.categorieen.iter_rows(named=True)
    ]
    _tabel(pdf, ("", "Adressen", "Aandeel"), rijen, (110, 35, 35))
    pdf.ln(4)
    _kop(pdf, "Beide lopend, per groep")
    _tabel(
        pdf,
        ("Groep", "Adressen", "Aandeel"),
        [
            (f"Groep {r['groep']}", aantal(r["aantal"]), fmt.procent(r["aandeel"], 0))
            for r in data.groepen.iter_rows(named=True)
        ],
        (110, 35, 35),
    )

    # Figure 1 and the groups.
    pdf.add_page()
    _figuur(
        pdf,
        render(
            figures.donut_categorieen(data.categorieen, totaal=data.totaal),
            bijschrift("Samenwerkingspotentieel (figuur 1)"),
        ),
    )
    _figuur(
        pdf,
        render(figures.staaf_groepen(data.groepen, drempel=drempel or 5), bijschrift("Beide lopend, per groep A-F")),
    )

    # The phase matrix and the NCG phases.
    pdf.add_page()
    _figuur(
        pdf,
        render(
            figures.fasematrix(matrix, totalen=totalen, drempel=drempel or 5),
            bijschrift("Fasematrix beide lopend (figuur 2)"),
        ),
    )
    _figuur(pdf, render(figures.staaf_fasen(data.fasen), bijschrift("Fase bij NCG")))

    # Pilots, the phone menu and SVIP.
    pdf.add_page()
    _kop(pdf, "Pilots en samenwerking")
    _tabel(
        pdf,
        ("Pilot", "Soort", "Mogelijk", "Aangeboden", "Gekozen", "Uitgevoerd"),
        [
            (
                r["pilot_label"],
                r["soort_label"],
                aantal(r["acties"]),
                aantal(r["aangeboden"]),
                aantal(r["gekozen"]),
                aantal(r["uitgevoerd"]),
            )
            for r in data.pilots.iter_rows(named=True)
        ],
        (38, 46, 24, 26, 22, 24),
        tekstkolommen=2,
    )
    pdf.ln(4)
    _kop(pdf, f"Eén loket: telefonie ({ivr_periode})")
    _tabel(
        pdf,
        ("Lijn", "Gesprekken", "Verkeerd gekozen", "Aandeel", "Warme overdrachten"),
        [
            (
                r["lijn"],
                fmt.getal(r["gesprekken"]),
                fmt.getal(r["verkeerd"]),
                fmt.procent(r["verkeerd_aandeel"]),
                kpi_tekst.warme_overdrachten(r["warme_overdrachten"], data.ivr_periode[1])
                if data.ivr_periode
                else fmt.getal(r["warme_overdrachten"]),
            )
            for r in data.ivr.iter_rows(named=True)
        ],
        (25, 35, 40, 30, 50),
    )
    pdf.ln(4)
    _kop(pdf, f"SVIP-informatieverzoeken ({periode})")
    _tabel(
        pdf,
        ("Soort verzoek", "Aantal"),
        [(r["label"], fmt.getal(r["aantal"])) for r in data.svip.iter_rows(named=True)]
        + [("Totaal", fmt.getal(data.svip_totaal)), ("Nog open", fmt.getal(data.svip_open))],
        (110, 35),
    )
    signalen = opvolging.kpi_signalen(conn, filters)
    _opvolging(
        pdf, verstoring.opvolging_kpi(signalen, None, drempel) if drempel else opvolging.kpi_uit(signalen), drempel
    )
    return bytes(pdf.output())


def _opvolging(pdf: FPDF, data: opvolging.Kpi, drempel: int | None) -> None:
    """The follow-up of signals: the KPIs, the outcomes and the signals per week by kind (for aggregate roles
    perturbed as on Overzicht)."""
    grens = drempel or 5
    pdf.add_page()
    _kop(pdf, "Opvolging van signalen")
    _tabel(
        pdf,
        ("", "Waarde"),
        [
            (
                "Signalen (uit aanleveringen en handmatig gemeld)",
                privacy.tekst(data.totaal, data.totaal is None, grens),
            ),
            ("Eerste actie binnen 2 weken", opvolging.tekst_aandeel(data, grens)),
            ("Mediane tijd tot eerste actie", opvolging.tekst_mediaan(data, grens)),
            ("Oorzaak vervallen", privacy.tekst(data.vervallen, data.vervallen is None, grens)),
        ],
        (110, 45),
    )
    pdf.ln(4)
    _kop(pdf, "Status van de signalen")
    _tabel(
        pdf,
        ("Status", "Signalen"),
        [
            (r["label"], privacy.tekst(r["aantal"], r["aantal"] is None, grens))
            for r in data.uitkomsten.iter_rows(named=True)
        ],
        (110, 45),
    )
    pdf.ln(4)
    _kop(pdf, "Signalen per week")
    week = opvolging.week_tabel(data)
    if week.height:
        _tabel(
            pdf,
            tuple(week.columns),
            [tuple(str(v) for v in r) for r in week.iter_rows()],
            (28, *([int(152 / (week.width - 1))] * (week.width - 1))),
        )
    else:
        pdf.cell(0, 6, "Nog geen signalen vastgelegd.", new_x="LMARGIN", new_y="NEXT")


def _kop(pdf: FPDF, tekst: str) -> None:
    pdf.set_font("Helvetica", "B", 13)
    pdf.set_text_color(17, 24, 39)
    pdf.cell(0, 8, _tekst(tekst), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)


def _tabel(
    pdf: FPDF, kop: tuple[str, ...], rijen: list[tuple[str, ...]], breedtes: tuple[int, ...], tekstkolommen: int = 1
) -> None:
    """A table: the first `tekstkolommen` columns left-aligned, the numbers right-aligned."""
    pdf.set_font("Helvetica", "", 9)
    uitlijning = ("LEFT",) * tekstkolommen + ("RIGHT",) * (len(kop) - tekstkolommen)
    with pdf.table(
        col_widths=breedtes,
        width=sum(breedtes),
        align="LEFT",
        text_align=uitlijning,
        line_height=6,
        first_row_as_headings=True,
    ) as table:
        for rij in [kop, *rijen]:
            row = table.row()
            for cel in rij:
                row.cell(_tekst(str(cel)))
    pdf.set_font("Helvetica", "", 10)


def _figuur(pdf: FPDF, png: bytes) -> None:
    hoogte = _BREEDTE_MM * export.HOOGTE / export.BREEDTE
    if pdf.get_y() + hoogte > pdf.h - 18:
        pdf.add_page()
    pdf.image(io.BytesIO(png), w=_BREEDTE_MM)
    pdf.ln(3)
