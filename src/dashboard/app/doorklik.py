"""Cross-filtering and drill-through: a click on a chart, a table cell or a KPI card -> the view that explains it.

Plain functions, no Streamlit: each chart family turns its selection event (what st.plotly_chart or
st.dataframe return with on_select) into a `Doel`, the page to open and the state that page reads.
dashboard.app.doorklik_ui applies a Doel (session state, URL, st.switch_page).

Which view: the core team (roles with address access) gets the addresses, the aggregate roles the same
selection as counts. A category opens the Kaart (the address list for address roles, hexagons and the counts
per gemeente for the others); a group opens the Fasematrix with the group chosen (its addresses) for address
roles and the Kaart on the group for the others; the *beide lopend* part of an NCG phase opens that row of the
Fasematrix; a bar on SVIP or Telefonie filters that page on the bar's series and period; a cell of a
per-gemeente table (Kaart) or of Trend's table per peildatum opens the Kaart on that gemeente or peildatum.

The state keys are the ones the target pages already read: the sidebar's (f_peildatum, f_gemeenten), the
Fasematrix's (fm_cellen, fm_cel_keuze, fm_groep), the Kaart's (kt_categorieen, kt_groepen, kt_weergave,
kt_als_lijst), SVIP's (svip_periode, svip_soorten, svip_aanvragers, svip_uitkomsten) and Telefonie's
(ivr_periode, ivr_lijnen, ivr_menukeuzes). The query parameters are those the pages write to the URL.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dashboard.core.domain import (
    CATEGORIE_LABELS,
    GROEPEN,
    IMG_LOPEND,
    IVR_MENUKEUZE_LABELS,
    NCG_FASE_LABELS,
    NCG_LOPEND,
    ORGANISATIES,
    SVIP_SOORT_LABELS,
    SVIP_UITKOMST_LABELS,
)

CEL_SCHEIDING = "|"
LIJN_NAMEN = {"IMG": "IMG-lijn", "NCG": "NCG-lijn"}  # as figures.LIJN_NAMEN: the y labels of the menu chart
# The per-gemeente tables' headers (kaart.CATEGORIE_KOPPEN, kaart.GROEP_KOPPEN; trend.tabel's columns).
KAART_KOPPEN = {"Geen melding": "geen_schademelding", "Gesloten": "gesloten", "Beide lopend": "beide_lopend"}


@dataclass(frozen=True)
class Doel:
    """Where a click leads: a page (its key in toegang.PAGINAS), the session state it reads, its URL parameters.

    `gemeenten` / `peildatum`: the sidebar's filters to set (None: keep them). `staat`: the page's own keys.
    `params`: the page's own query parameters (the sidebar's are added from the filters when navigating).
    `omschrijving`: what the view shows, in Dutch (the button's label, the toast).
    """

    pagina: str
    staat: Mapping[str, Any] = field(default_factory=dict)
    params: Mapping[str, str | list[str]] = field(default_factory=dict)
    gemeenten: tuple[str, ...] | None = None
    peildatum: date | None = None
    omschrijving: str = ""

    def sidebar_staat(self) -> dict[str, Any]:
        """The sidebar's widget keys this Doel sets."""
        out: dict[str, Any] = {}
        if self.gemeenten is not None:
            out["f_gemeenten"] = list(self.gemeenten)
        if self.peildatum is not None:
            out["f_peildatum"] = self.peildatum
        return out


# ---------------------------------------------------------------- reading selection events


def punten(event: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    """The points of a plotly selection event (st.plotly_chart's return value or its session state)."""
    if not event:
        return []
    selection = event.get("selection") or {}
    return list(selection.get("points") or [])


def cellen(event: Mapping[str, Any] | None) -> list[tuple[int, str]]:
    """The cells (row position, column name) of an st.dataframe selection event."""
    if not event:
        return []
    selection = event.get("selection") or {}
    return [(int(r), str(c)) for r, c in (selection.get("cells") or [])]


def _eerste(waarde: Any) -> Any:
    if isinstance(waarde, list | tuple):
        return waarde[0] if waarde else None
    return waarde


def _terug(labels: Mapping[str, str]) -> dict[str, str]:
    return {v: k for k, v in labels.items()}


def reeks_namen(fig: Any) -> list[str]:
    """The trace names of a figure in curve order (a go.Figure or its dict form), for a point's curve_number."""
    data = fig["data"] if not hasattr(fig, "data") else fig.data
    return [(t["name"] if isinstance(t, Mapping) else t.name) or "" for t in data]


def groep_uit_selectie(event: Mapping[str, Any] | None) -> str | None:
    """The group clicked in a bar chart of groups A-F (x 'Groep B', or a bare 'B')."""
    for p in punten(event):
        for as_ in ("x", "y"):
            waarde = str(p.get(as_) or "").removeprefix("Groep ").strip()
            if waarde in GROEPEN:
                return waarde
    return None


def fase_uit_selectie(event: Mapping[str, Any] | None, namen: Sequence[str]) -> tuple[str, str | None] | None:
    """(NCG phase, category or None) of the segment clicked in the stacked phase chart; `namen` its trace names."""
    categorie_van = _terug(CATEGORIE_LABELS)
    for p in punten(event):
        fase = _terug(NCG_FASE_LABELS).get(str(p.get("x")))
        if fase:
            curve = p.get("curve_number")
            naam = namen[curve] if isinstance(curve, int) and 0 <= curve < len(namen) else None
            return fase, categorie_van.get(naam) if naam else None
    return None


def periode_van(waarde: Any, per: str) -> tuple[date, date] | None:
    """The first and last day of the week (Monday to Sunday, as dashboard.core.tijdreeks counts) or month that holds
    `waarde` (an ISO date, maybe with a time: plotly may report a bar drawn mid-period by its middle)."""
    try:
        begin = date.fromisoformat(str(waarde)[:10])
    except ValueError:
        return None
    if per == "week":
        begin -= timedelta(days=begin.weekday())
        return begin, begin + timedelta(days=6)
    begin = begin.replace(day=1)
    return begin, begin.replace(day=calendar.monthrange(begin.year, begin.month)[1])


def _binnen(bereik: tuple[date, date], eerste: date, laatste: date) -> tuple[date, date]:
    return max(bereik[0], eerste), min(bereik[1], laatste)


# ---------------------------------------------------------------- where a click leads


def naar_categorie(
    categorie: str | None,
    mag_adressen: bool,
    *,
    gemeenten: tuple[str, ...] | None = None,
    peildatum: date | None = None,
) -> Doel:
    """The Kaart filtered on a category (None: every NCG address): the address list or the counts."""
    staat: dict[str, Any] = {"kt_categorieen": [categorie] if categorie else [], "kt_groepen": []}
    if mag_adressen:
        staat |= {"kt_weergave": "punten", "kt_als_lijst": True}
    wat = CATEGORIE_LABELS[categorie].lower() if categorie else "alle NCG-adressen"
    return Doel(
        "kaart",
        staat,
        gemeenten=gemeenten,
        peildatum=peildatum,
        omschrijving=f"{'Adressen' if mag_adressen else 'Aantallen per gemeente'}: {wat}",
    )


def naar_groep(
    groep: str, mag_adressen: bool, *, gemeenten: tuple[str, ...] | None = None, peildatum: date | None = None
) -> Doel:
    """A group A-F: the Fasematrix with the group chosen (its addresses) for address roles; the Kaart on the
    group (hexagons and the counts per gemeente) for the others."""
    if not mag_adressen:
        doel = naar_categorie("beide_lopend", False, gemeenten=gemeenten, peildatum=peildatum)
        return Doel(
            "kaart",
            {**doel.staat, "kt_groepen": [groep]},
            gemeenten=gemeenten,
            peildatum=peildatum,
            omschrijving=f"Aantallen per gemeente: groep {groep}",
        )
    staat = {"fm_groep": groep, "fm_cellen": (), "fm_cel_keuze": []}
    return Doel(
        "fasematrix",
        staat,
        {"groep": groep},
        gemeenten=gemeenten,
        peildatum=peildatum,
        omschrijving=f"Adressen: groep {groep}",
    )


def naar_fase(fase: str, categorie: str | None, mag_adressen: bool) -> Doel:
    """A segment of the NCG-phase chart. Beide lopend in a running phase: that row of the Fasematrix (exactly
    those addresses). Another category: the Kaart on that category (the Kaart has no phase filter)."""
    if categorie == "beide_lopend" and fase in NCG_LOPEND:
        rij = tuple(sorted(f"{fase}{CEL_SCHEIDING}{i}" for i in IMG_LOPEND))
        return Doel(
            "fasematrix",
            {"fm_cellen": rij, "fm_cel_keuze": list(rij), "fm_groep": None},
            {"cel": list(rij)},
            omschrijving=f"Beide lopend in fase {NCG_FASE_LABELS[fase]}",
        )
    return naar_categorie(categorie, mag_adressen)


def naar_gemeente_cel(
    event: Mapping[str, Any] | None, tabel: Any, mag_adressen: bool, kenmerken: Sequence[str] = ()
) -> Doel | None:
    """A cell of the Kaart's per-gemeente tables (rows: gemeenten and 'Totaal'; columns: categories, groups,
    'Adressen'): the Kaart on that gemeente and category or group. `tabel` is the frame as shown (a
    `Gemeente` column), rows by their position as st.dataframe reports them."""
    gevonden = cellen(event)
    if not gevonden:
        return None
    rij, kolom = gevonden[0]
    if not 0 <= rij < tabel.height:
        return None
    gemeente = tabel["Gemeente"][rij]
    gemeenten = None if gemeente == "Totaal" else (gemeente,)  # the total row: the gemeenten chosen already
    if kolom in GROEPEN:
        doel = naar_categorie("beide_lopend", mag_adressen, gemeenten=gemeenten)
        staat = {**doel.staat, "kt_groepen": [kolom]}
        wat = f"groep {kolom}"
    else:
        categorie = KAART_KOPPEN.get(kolom)
        doel = naar_categorie(categorie, mag_adressen, gemeenten=gemeenten)
        staat = dict(doel.staat)
        wat = CATEGORIE_LABELS[categorie].lower() if categorie else "alle NCG-adressen"
    staat["kt_kenmerken"] = list(kenmerken)
    plaats = gemeente if gemeenten else "de gekozen gemeenten"
    return Doel("kaart", staat, gemeenten=gemeenten, omschrijving=f"{plaats}: {wat}")


def naar_trend_cel(event: Mapping[str, Any] | None, tabel: Any, mag_adressen: bool) -> Doel | None:
    """A cell of Trend's table per peildatum (rows: peildata; columns: categories, 'Groep B', ...): the Kaart
    on that peildatum and category or group."""
    gevonden = cellen(event)
    if not gevonden:
        return None
    rij, kolom = gevonden[0]
    if not 0 <= rij < tabel.height:
        return None
    peildatum = tabel["Peildatum"][rij]
    groep = kolom.removeprefix("Groep ") if kolom.startswith("Groep ") else None
    if groep in GROEPEN:
        doel = naar_categorie("beide_lopend", mag_adressen, peildatum=peildatum)
        return Doel(
            "kaart",
            {**doel.staat, "kt_groepen": [groep]},
            peildatum=peildatum,
            omschrijving=f"Groep {groep} op {peildatum.strftime('%d-%m-%Y')}",
        )
    categorie = _terug(CATEGORIE_LABELS).get(kolom)
    doel = naar_categorie(categorie, mag_adressen, peildatum=peildatum)
    return Doel(
        "kaart",
        doel.staat,
        peildatum=peildatum,
        omschrijving=f"{doel.omschrijving} op {peildatum.strftime('%d-%m-%Y')}",
    )


# ---------------------------------------------------------------- SVIP and Telefonie: the page filters itself


def svip_staaf(
    event: Mapping[str, Any] | None, namen: Sequence[str], *, reeks: str, per: str, eerste: date, laatste: date
) -> Doel | None:
    """A bar of SVIP's requests per period, by kind (`reeks` 'soort') or requesting organisation ('aanvrager'):
    SVIP on that series and period."""
    for p in punten(event):
        curve = p.get("curve_number")
        naam = namen[curve] if isinstance(curve, int) and 0 <= curve < len(namen) else None
        bereik = periode_van(p.get("x"), per)
        if naam is None or bereik is None:
            continue
        van, tot = _binnen(bereik, eerste, laatste)
        if reeks == "soort":
            code = _terug(SVIP_SOORT_LABELS).get(naam, naam if naam in SVIP_SOORT_LABELS else None)
            if not code:
                continue
            return Doel(
                "svip",
                {"svip_soorten": [code], "svip_periode": (van, tot)},
                omschrijving=f"{SVIP_SOORT_LABELS[code]}, {van:%d-%m-%Y} t/m {tot:%d-%m-%Y}",
            )
        if naam in ORGANISATIES:
            return Doel(
                "svip",
                {"svip_aanvragers": [naam], "svip_periode": (van, tot)},
                omschrijving=f"Aangevraagd door {naam}, {van:%d-%m-%Y} t/m {tot:%d-%m-%Y}",
            )
    return None


def svip_uitkomst(event: Mapping[str, Any] | None) -> Doel | None:
    """A bar of SVIP's outcomes (y: the outcome's label): SVIP on that outcome."""
    for p in punten(event):
        code = _terug(SVIP_UITKOMST_LABELS).get(str(p.get("y")))
        if code:
            return Doel("svip", {"svip_uitkomsten": [code]}, omschrijving=f"Uitkomst {SVIP_UITKOMST_LABELS[code]}")
    return None


def ivr_staaf(
    event: Mapping[str, Any] | None, namen: Sequence[str], *, per: str, eerste: date, laatste: date
) -> Doel | None:
    """A bar of calls (or warm transfers) per period and line: Telefonie on that line and period (the week or month
    within [eerste, laatste], the period the bar counts)."""
    lijn_van = _terug(LIJN_NAMEN)
    for p in punten(event):
        curve = p.get("curve_number")
        naam = namen[curve] if isinstance(curve, int) and 0 <= curve < len(namen) else None
        lijn = lijn_van.get(naam or "", naam if naam in ORGANISATIES else None)
        bereik = periode_van(p.get("x"), per)
        if lijn and bereik:
            van, tot = _binnen(bereik, eerste, laatste)
            return Doel(
                "ivr",
                {"ivr_lijnen": [lijn], "ivr_periode": (van, tot)},
                omschrijving=f"{LIJN_NAMEN[lijn]}, {van:%d-%m-%Y} t/m {tot:%d-%m-%Y}",
            )
    return None


def ivr_menukeuze(event: Mapping[str, Any] | None, namen: Sequence[str]) -> Doel | None:
    """A segment of the menu-choice bars (y: the line, trace: the choice): Telefonie on that line and choice."""
    lijn_van, keuze_van = _terug(LIJN_NAMEN), _terug(IVR_MENUKEUZE_LABELS)
    for p in punten(event):
        curve = p.get("curve_number")
        naam = namen[curve] if isinstance(curve, int) and 0 <= curve < len(namen) else None
        lijn, keuze = lijn_van.get(str(p.get("y"))), keuze_van.get(naam or "")
        if lijn and keuze:
            return Doel(
                "ivr",
                {"ivr_lijnen": [lijn], "ivr_menukeuzes": [keuze]},
                omschrijving=f"{LIJN_NAMEN[lijn]}, menukeuze {IVR_MENUKEUZE_LABELS[keuze]}",
            )
    return None


# ---------------------------------------------------------------- KPI cards


def kpi_ivr_lijn(lijn: str, van: date, tot: date) -> Doel:
    """A line's misrouting KPI: Telefonie on that line and the KPI's period (where it is explained per month)."""
    return Doel(
        "ivr",
        {"ivr_lijnen": [lijn], "ivr_periode": (van, tot)},
        omschrijving=f"{LIJN_NAMEN.get(lijn, lijn)} op Telefonie",
    )


def kpi_svip(van: date, tot: date) -> Doel:
    """The SVIP count: SVIP over the KPI's period."""
    return Doel("svip", {"svip_periode": (van, tot)}, omschrijving="SVIP-verzoeken")


def kpi_kandidaten(groepen: Sequence[str], kenmerken: Sequence[str]) -> Doel:
    """Kandidaten's total: the same addresses (beide lopend in the chosen groups, with the chosen flags) on the
    Kaart, as a list."""
    return Doel(
        "kaart",
        {
            "kt_categorieen": ["beide_lopend"],
            "kt_groepen": sorted(groepen),
            "kt_kenmerken": sorted(kenmerken),
            "kt_weergave": "punten",
            "kt_als_lijst": True,
        },
        omschrijving="Kandidaten op de Kaart",
    )


def kpi_kandidaten_groep(groep: str, kenmerken: Sequence[str]) -> Doel:
    """A group's card on Kandidaten: the Fasematrix on that group, with the same flags."""
    doel = naar_groep(groep, True)
    return Doel(
        doel.pagina,
        {**doel.staat, "fm_kenmerken": sorted(kenmerken)},
        {**doel.params, **({"kenmerk": sorted(kenmerken)} if kenmerken else {})},
        omschrijving=f"Fasematrix: groep {groep}",
    )


def kpi_werklijst(
    statussen: Sequence[str], *, eigenaar: str = "iedereen", leeftijd: int = 0, omschrijving: str = ""
) -> Doel:
    """A card above Signalen's work list: the list filtered to the signals the card counts (this page)."""
    return Doel(
        "signalen",
        {
            "sg_weergave": "opvolging",
            "sg_status": list(statussen),
            "sg_eigenaar": eigenaar,
            "sg_werk_soorten": [],
            "sg_leeftijd": leeftijd,
        },
        omschrijving=omschrijving,
    )


def kpi_signaalsoort(soort: str, naam: str) -> Doel:
    """A kind's card in Signalen's changes view: the list below on that kind (this page, same comparison)."""
    return Doel("signalen", {"sg_soorten": [soort], "sg_lijst_pagina": 1}, omschrijving=f"Signalen: {naam}")
