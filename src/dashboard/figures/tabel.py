"""A chart as a table: the text alternative of every chart ("Toon als tabel"), read from its plotly JSON."""

from __future__ import annotations

import polars as pl

from dashboard.core import fmt

# ---------------------------------------------------------------- a chart as a table (its text alternative)


def _as_titel(layout: dict, as_: str) -> str | None:
    titel = (layout.get(as_) or {}).get("title")
    return (titel.get("text") if isinstance(titel, dict) else titel) or None


def _celtekst(waarde, procent: bool) -> str:
    """A chart value as Dutch text: dates as 31-08-2021, shares as 9,7%, counts as 26.800."""
    from datetime import date, datetime

    if waarde is None:
        return ""
    if isinstance(waarde, str):
        try:
            return fmt.datum(date.fromisoformat(waarde[:10])) if len(waarde) >= 10 and waarde[4] == "-" else waarde
        except ValueError:
            return waarde
    if isinstance(waarde, datetime | date):
        return fmt.datum(waarde)
    if procent:
        return fmt.procent(waarde)
    return fmt.getal(waarde) if float(waarde).is_integer() else fmt.decimaal(waarde)


def tabel(fig) -> pl.DataFrame:
    """The data a chart shows, as a table of Dutch text: the text alternative of every chart ("Toon als tabel").

    Read from the figure's plotly JSON, so every chart gets one from the same code: bars, lines and funnels
    give a row per category (or period) and a column per series; a pie its slices; a heatmap its grid (the
    cell texts where the chart shows them, so small-cell suppression holds); a Sankey its flows. A value the
    chart labels (a count hidden as '<5', a share) appears as the chart labels it.
    """
    from datetime import date

    spec = fig.to_plotly_json() if hasattr(fig, "to_plotly_json") else fig
    data, layout = list(spec.get("data") or []), spec.get("layout") or {}

    def lijst(x) -> list:
        if x is None:
            return []
        return x.tolist() if hasattr(x, "tolist") else list(x)

    heatmap = next((t for t in data if t.get("type") == "heatmap"), None)
    if heatmap is not None:
        xs, ys, zs = lijst(heatmap.get("x")), lijst(heatmap.get("y")), [lijst(r) for r in lijst(heatmap.get("z"))]
        teksten = [lijst(r) for r in lijst(heatmap.get("text"))]
        kop = _as_titel(layout, "yaxis") or "Rij"
        rijen = []
        for r, y in enumerate(ys):
            rij = {kop: str(y)}
            for k, x in enumerate(xs):
                rij[str(x)] = str(teksten[r][k]) if teksten else _celtekst(zs[r][k], False)
            rijen.append(rij)
        return pl.DataFrame(rijen, schema={kop: pl.String, **{str(x): pl.String for x in xs}}, orient="row")
    pie = next((t for t in data if t.get("type") == "pie"), None)
    if pie is not None:
        waarden = lijst(pie.get("values"))
        totaal = sum(v or 0 for v in waarden) or None
        return pl.DataFrame(
            {
                "": [str(v) for v in lijst(pie.get("labels"))],
                "Aantal": [_celtekst(v, False) for v in waarden],
                "Aandeel": [fmt.procent(v / totaal if totaal and v is not None else None) for v in waarden],
            }
        )
    sankey = next((t for t in data if t.get("type") == "sankey"), None)
    if sankey is not None:
        labels = lijst((sankey.get("node") or {}).get("label"))
        link = sankey.get("link") or {}
        return pl.DataFrame(
            {
                "Van": [labels[i] for i in lijst(link.get("source"))],
                "Naar": [labels[i] for i in lijst(link.get("target"))],
                "Adressen": [_celtekst(v, False) for v in lijst(link.get("value"))],
            }
        )
    # Bars, lines and funnels: categories (or periods) down, series across.
    reeksen: dict[str, dict[str, str]] = {}
    volgorde: dict[str, None] = {}
    kop = None
    for i, t in enumerate(data):
        if t.get("type") not in ("bar", "scatter", "funnel") or t.get("mode") == "text" or t.get("visible") is False:
            continue
        liggend = t.get("orientation") == "h"
        cats, waarden = (lijst(t.get("y")), lijst(t.get("x"))) if liggend else (lijst(t.get("x")), lijst(t.get("y")))
        xas, yas = (f"{r[0]}axis{r[1:]}" for r in (t.get("xaxis") or "x", t.get("yaxis") or "y"))
        as_, waarde_as = (yas, xas) if liggend else (xas, yas)
        kop = kop or _as_titel(layout, as_) or ("Periode" if (layout.get(as_) or {}).get("type") == "date" else None)
        procent = "%" in str((layout.get(waarde_as) or {}).get("tickformat") or "")
        tekst = t.get("text")
        teksten = lijst(tekst) if isinstance(tekst, list | tuple) or hasattr(tekst, "tolist") else []
        naam = str(t.get("name") or (_as_titel(layout, waarde_as) or f"reeks {i + 1}"))
        while naam in reeksen:
            naam += " "
        kolom = reeksen.setdefault(naam, {})
        maanden = t.get("xperiod") == "M1"  # a value per month: the month's name, not its first day
        for k, (c, w) in enumerate(zip(cats, waarden)):
            c = fmt.maand(date.fromisoformat(c[:10])) if maanden and isinstance(c, str) else _celtekst(c, False)
            volgorde.setdefault(c)
            label = teksten[k] if k < len(teksten) and teksten[k] not in (None, "") else None
            kolom[c] = (
                str(label) if label is not None and (w is None or t.get("type") != "scatter") else _celtekst(w, procent)
            )
    kop = kop or "Categorie"
    kolommen = {kop: list(volgorde)}
    for naam, kolom in reeksen.items():
        kolommen[naam if naam != kop else f"{naam} "] = [kolom.get(c, "") for c in volgorde]
    return pl.DataFrame(kolommen, schema=dict.fromkeys(kolommen, pl.String))
