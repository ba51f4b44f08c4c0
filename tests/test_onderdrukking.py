"""What aggregate roles see on Samenwerking and the Overzicht's pilots (perturbed by cell key) and the suppression
functions left (Trend: the exact counts the core team sees; the aggregate roles' perturbed Trend is tested in
test_celsleutel_aanval.py): what aggregate roles
(stuurgroep, manager) see in tables, charts and downloads, against the exact counts the core team sees.

Expected values come from the data: the tests first find the small counts in it, then look for them.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from dashboard import figures
from dashboard.app import streamlit_compat
from dashboard.core import fmt, privacy, toegang
from dashboard.core.domain import CATEGORIE_LABELS, PILOT_LABELS, PILOTS, SAMENWERKING_SOORT_LABELS
from dashboard.core.filters import Filters
from dashboard.store import celsleutel, db
from dashboard.subjects import overzicht, samenwerking, trend, verstoring

APP = str(ROOT / "app.py")
DREMPEL = toegang.STANDAARD_DREMPEL
GEMEENTE = "Oldambt"  # small enough for small groups and flows in the sample


# ---------------------------------------------------------------- helpers


@pytest.fixture
def downloads():
    """Every download button's file maker of the app's runs, by file name: call one to get the file a
    click would give (the page builds files only on click)."""
    with streamlit_compat.capture_deferred_downloads() as makers:
        yield makers


def _pagina(monkeypatch, url: str, rol: str, pagina: str, secrets: dict | None = None, **query) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["demo_rol"] = rol
    if secrets:
        at.secrets.update(secrets)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"pages/{pagina}.py").run()
    assert not at.exception, at.exception
    return at


def _figuur(at: AppTest, index: int) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def _aantal(tekst) -> int | None:
    """The count a cell or label states exactly ('1.400', 'Groep A: 3', '56 (100%)'); None for '<5', '–', ''."""
    if tekst is None:
        return None
    if not isinstance(tekst, str):
        return int(tekst)
    m = re.match(r"^(?:[^:<]*: )?(\d{1,3}(?:\.\d{3})*)(?!\d)", tekst)
    return int(m.group(1).replace(".", "")) if m else None


def _klein(n) -> bool:
    return n is not None and 0 < n < DREMPEL


def _bestand(downloads: dict, begin: str, extensie: str) -> bytes:
    namen = [n for n in downloads if n.startswith(begin) and n.endswith(f".{extensie}") and "_toelichting." not in n]
    assert len(namen) == 1, (begin, sorted(downloads))
    data = downloads[namen[0]]()
    return data.encode() if isinstance(data, str) else data


def _csv(downloads: dict, begin: str) -> pl.DataFrame:
    return pl.read_csv(_bestand(downloads, begin, "csv"), separator=";", infer_schema=False)


def _xlsx(downloads: dict, begin: str) -> pl.DataFrame:
    return pl.read_excel(_bestand(downloads, begin, "xlsx"), sheet_name="Gegevens", infer_schema_length=0)


def _html_figuur(downloads: dict, begin: str) -> dict:
    """The figure data inside an exported interactive HTML chart."""
    html = _bestand(downloads, begin, "html").decode("utf-8")
    rest = html[html.index("Plotly.newPlot(") + len("Plotly.newPlot(") :]
    decoder = json.JSONDecoder()
    _, i = decoder.raw_decode(rest.lstrip())  # the div's id
    rest = rest.lstrip()[i:].lstrip().removeprefix(",").lstrip()
    data, _ = decoder.raw_decode(rest)
    return {"data": data}


def _waarde_klopt(waarde, n: int, onderdrukt: bool, verborgen=None) -> None:
    """A chart value against the count behind it: exact for the core team; for aggregate roles hidden
    (`verborgen`, default None) when small, else exact or hidden (secondary suppression), never small."""
    if not onderdrukt:
        assert waarde == n, (waarde, n)
    elif _klein(n):
        assert waarde == verborgen, (waarde, n)
    else:
        assert waarde in (n, verborgen), (waarde, n)
    if onderdrukt:
        assert waarde == verborgen or not _klein(waarde), waarde


def _cel_klopt(cel, n: int, onderdrukt: bool) -> None:
    """A table or label cell against the count behind it: '<5' for aggregate roles when small, else exact."""
    if onderdrukt and _klein(n):
        assert cel == privacy.label(DREMPEL), (cel, n)
    elif not onderdrukt:
        assert _aantal(cel) == n, (cel, n)
    if onderdrukt:
        assert not _klein(_aantal(cel)), cel


# ---------------------------------------------------------------- Trend


def _sankey_klopt(sankey: dict, flows: dict[tuple[str, str], int], onderdrukt: bool) -> None:
    """The flow chart against the flows: the core team sees each one; aggregate roles see each flow of at
    least 5 that is not hidden to protect another, and per node one band of hidden flows as wide as the
    node's label total minus its shown flows (at least 5): nothing the labels do not already tell."""
    labels = sankey["node"]["label"]
    links = list(
        zip(sankey["link"]["source"], sankey["link"]["target"], sankey["link"]["value"], sankey["link"]["customdata"])
    )
    getoond = {tekst[0]: waarde for _, _, waarde, tekst in links if tekst[1].endswith(" adressen")}
    banden = [link for link in links if not link[3][1].endswith(" adressen")]
    for (van, naar), n in flows.items():
        paar = f"{trend.KNOOP_LABELS[van]} → {trend.KNOOP_LABELS[naar]}"
        if not onderdrukt:
            assert getoond[paar] == n, paar
        elif _klein(n):
            assert paar not in getoond, paar
        elif paar in getoond:
            assert getoond[paar] == n, paar
    if not onderdrukt:
        assert not banden and len(getoond) == len(flows)
        return
    assert banden, "hidden flows are drawn as bands"
    assert not any(_klein(_aantal(label)) for label in labels)
    assert not any(_klein(v) for v in sankey["link"]["value"])
    for i, label in enumerate(labels):
        eigen = [link for link in links if link[0] == i] or [link for link in links if link[1] == i]
        band = [link[2] for link in eigen if link in banden]
        totaal = _aantal(label)
        if totaal is not None and band:
            assert band == [max(totaal - sum(link[2] for link in eigen if link not in banden), DREMPEL)], label


@pytest.mark.parametrize("rol", sorted(toegang.ADRESNIVEAU))
def test_the_trend_page_hides_small_counts_from_aggregate_roles(monkeypatch, sample_url, downloads, rol):
    with db.engine(sample_url).connect() as conn:
        peildata = sorted(db.stored_peildata(conn))
        filters = Filters(peildata[-1], (GEMEENTE,))
        data = trend.trend(conn, filters)
        stroom = trend.stroom(conn, filters, peildata[-2], peildata[-1])
    groepen = {(p, g): n for p, g, n in trend.groepen(data).iter_rows()}
    categorieen = {
        (p, c): n for p, c, n in trend.categorieen(data).select("peildatum", "categorie", "aantal").iter_rows()
    }
    flows = {(v, n): a for v, n, a in trend.stroom_tabel(stroom, "categorie").iter_rows()}
    groep_flows = {(v, n): a for v, n, a in trend.stroom_tabel(stroom, "groep", alleen_met_groep=True).iter_rows()}
    assert any(_klein(n) for n in groepen.values()), "the test needs small groups"
    assert any(_klein(n) for n in flows.values()) and any(_klein(n) for n in groep_flows.values())
    onderdrukt = toegang.onderdrukken(rol)

    at = _pagina(monkeypatch, sample_url, rol, "trend", gemeente=GEMEENTE)
    tabel = at.dataframe[0].value.set_index("Peildatum")
    for (p, g), n in groepen.items():
        _cel_klopt(tabel.loc[fmt.datum(p), f"Groep {g}"], n, onderdrukt)
    for kolom in tabel.columns:
        if kolom != "Zonder schademelding (%)":
            assert not (onderdrukt and any(_klein(_aantal(c)) for c in tabel[kolom])), kolom

    for trace in _figuur(at, 1)["data"]:  # per peildatum, the groups
        p = next(p for p in peildata if fmt.datum(p) == trace["name"])
        for x, y, tekst in zip(trace["x"], trace["y"], trace["text"]):
            n = groepen[(p, x.removeprefix("Groep "))]
            _cel_klopt(tekst, n, onderdrukt)
            _waarde_klopt(y, n, onderdrukt)
    for trace in _figuur(at, 0)["data"]:  # per category, the peildata
        categorie = next(c for c, label in CATEGORIE_LABELS.items() if label == trace["name"])
        assert len(trace["y"]) == len(peildata)
        for p, y in zip(peildata, trace["y"]):
            _waarde_klopt(y, categorieen[(p, categorie)], onderdrukt)

    sankey = next(c for c in at.get("plotly_chart") if "tr_sankey" in c.proto.id)
    _sankey_klopt(json.loads(sankey.proto.spec)["data"][0], flows, onderdrukt)
    stroom_tabel = next(
        d.value for d in at.dataframe if "Adressen" in d.value.columns and "Gemeente" not in d.value.columns
    )
    for (van, naar), n in flows.items():
        rij = stroom_tabel[
            (stroom_tabel.iloc[:, 0] == trend.KNOOP_LABELS[van]) & (stroom_tabel.iloc[:, 1] == trend.KNOOP_LABELS[naar])
        ]
        _cel_klopt(rij["Adressen"].item(), n, onderdrukt)

    if toegang.mag_exporteren(rol):
        export = _csv(downloads, "trend_samenwerkingspotentieel-en-groepen")
        for (p, g), n in groepen.items():
            cel = export.filter(pl.col("Peildatum") == fmt.datum(p))[f"Groep {g}"].item()
            _cel_klopt(cel, n, onderdrukt)
        export = _xlsx(downloads, "trend_samenwerkingspotentieel-en-groepen")
        for (p, g), n in groepen.items():
            _cel_klopt(
                export.filter(pl.col("Peildatum").str.starts_with(p.isoformat()))[f"Groep {g}"].item(), n, onderdrukt
            )
        export = _csv(downloads, "trend_stroom")
        for (van, naar), n in flows.items():
            rij = export.filter(
                (pl.col(export.columns[0]) == trend.KNOOP_LABELS[van])
                & (pl.col(export.columns[1]) == trend.KNOOP_LABELS[naar])
            )
            _cel_klopt(rij["Adressen"].item(), n, onderdrukt)
        _sankey_klopt(_html_figuur(downloads, "trend_stroom")["data"][0], flows, onderdrukt)
    else:
        assert not at.get("download_button")

    at.radio(key="tr_soort").set_value("groep").run()
    assert not at.exception
    sankey = next(c for c in at.get("plotly_chart") if "tr_sankey" in c.proto.id)
    _sankey_klopt(json.loads(sankey.proto.spec)["data"][0], groep_flows, onderdrukt)


# ---------------------------------------------------------------- Samenwerking and the Overzicht's pilots
# Aggregate roles see these counts perturbed by cell key (verstoring.samenwerking_weergave, verstoring.trechter),
# nothing hidden: each figure, table and download reads the published number, within the table's bounds.


def _getal(tekst) -> int:
    n = _aantal(tekst)
    assert n is not None, tekst  # never '<5', never empty
    return n


def _verwacht(data: samenwerking.SamenwerkingData, rol: str) -> samenwerking.Weergave:
    return verstoring.samenwerking_weergave(data) if toegang.onderdrukken(rol) else samenwerking.weergave(data)


def _binnen_grenzen(gepubliceerd: int, exact: int) -> None:
    assert gepubliceerd >= 0 and abs(gepubliceerd - exact) <= celsleutel.MAX_AFWIJKING, (gepubliceerd, exact)
    assert (gepubliceerd == 0) <= (exact <= 2), (gepubliceerd, exact)  # only a true 0, 1 or 2 reads 0
    assert exact != 0 or gepubliceerd == 0


def _trechter_klopt(fig: dict, trechters: pl.DataFrame) -> None:
    for trace in fig["data"]:
        deel = trechters.filter(pl.col("soort_label") == trace["name"])
        assert deel["stap_label"].to_list() == trace["y"]
        for n, x, tekst, hover in zip(deel["aantal"], trace["x"], trace["text"], trace["customdata"]):
            assert x == n and _getal(tekst) == n and _getal(hover.split(" adressen")[0]) == n, (x, tekst, n)


def _maanden_klopt(fig: dict, per_maand: pl.DataFrame, reeks: str) -> None:
    verwacht = {(p.isoformat(), w): n for p, w, n in per_maand.select("periode", reeks, "aantal").iter_rows()}
    gezien = 0
    for trace in fig["data"]:
        naam = next(w for w in set(per_maand[reeks]) if trace["name"] in (w, SAMENWERKING_SOORT_LABELS.get(w)))
        for x, y in zip(trace["x"], trace["y"]):
            assert y == verwacht[(x, naam)], (x, naam, y)
            gezien += 1
    assert gezien == len(verwacht)


@pytest.mark.parametrize("rol", toegang.ROLLEN)
def test_the_samenwerking_page_shows_each_role_its_published_counts(monkeypatch, sample_url, downloads, rol):
    with db.engine(sample_url).connect() as conn:
        data = samenwerking.load(conn, max(db.stored_peildata(conn)))
    exact, w = samenwerking.weergave(data), _verwacht(data, rol)
    assert any(_klein(n) for n in samenwerking.pilot_trechters(exact.trechter)["aantal"]) and _klein(
        exact.aos_opgepakt
    ), "the test needs small pilot counts"
    trechters = samenwerking.pilot_trechters(w.trechter)
    if toegang.onderdrukken(rol):  # perturbed within the bounds, and not all exact
        paren = list(zip(trechters["aantal"], samenwerking.pilot_trechters(exact.trechter)["aantal"]))
        paren += [
            (w.aos_voorgedragen, exact.aos_voorgedragen),
            (w.aos_opgepakt, exact.aos_opgepakt),
            (w.zonder_datum, exact.zonder_datum),
        ]
        for frame, ex in ((w.aos_per_maand, exact.aos_per_maand), (w.in_de_tijd, exact.in_de_tijd)):
            assert frame.drop("aantal").equals(ex.drop("aantal"))  # every month of every series, none dropped
            paren += list(zip(frame["aantal"], ex["aantal"]))
        for gepubliceerd, n in paren:
            _binnen_grenzen(gepubliceerd, n)
        assert any(g != n for g, n in paren)
        nog = verstoring.samenwerking_weergave(data)  # the same view twice: the same numbers
        assert nog.trechter.equals(w.trechter) and nog.in_de_tijd.equals(w.in_de_tijd)
        assert nog.aos_per_maand.equals(w.aos_per_maand) and nog.aos_opgepakt == w.aos_opgepakt

    at = _pagina(monkeypatch, sample_url, rol, "samenwerking")
    metrics = {m.label: m.value for m in at.metric}
    assert _getal(metrics[samenwerking.AOS_OPGEPAKT]) == w.aos_opgepakt
    assert _getal(metrics["Voorgedragen door IMG"]) == w.aos_voorgedragen
    aandeel = f"{fmt.aandeel(w.aos_opgepakt, w.aos_voorgedragen)} van de voordrachten"
    assert any(c.value == aandeel for c in at.caption)
    assert (verstoring.MELDING in {c.value for c in at.caption}) == toegang.onderdrukken(rol)
    assert not any(f"<{DREMPEL}" in str(c.value) for c in at.caption)

    pilots = [p for p in PILOTS if p in set(trechters["pilot"])]
    for i, pilot in enumerate(pilots):
        _trechter_klopt(_figuur(at, i), trechters.filter(pl.col("pilot") == pilot))
    _maanden_klopt(_figuur(at, len(pilots)), w.aos_per_maand, "label")
    _maanden_klopt(_figuur(at, len(pilots) + 1), w.in_de_tijd, "soort")

    tabel = at.dataframe[0].value
    for r in trechters.iter_rows(named=True):
        rij = tabel[(tabel["Pilot"] == PILOT_LABELS[r["pilot"]]) & (tabel["Soort samenwerking"] == r["soort_label"])]
        assert _getal(rij[r["stap_label"]].item()) == r["aantal"]
    if toegang.mag_exporteren(rol):
        export = _csv(downloads, "samenwerking_pilots")
        for r in trechters.iter_rows(named=True):
            rij = export.filter(
                (pl.col("Pilot") == PILOT_LABELS[r["pilot"]]) & (pl.col("Soort samenwerking") == r["soort_label"])
            )
            assert _getal(rij[r["stap_label"]].item()) == r["aantal"]
        assert not any("sleutel" in c for c in export.columns)
        koploper = _html_figuur(downloads, "samenwerking_pilot-koploper")
        _trechter_klopt(koploper, trechters.filter(pl.col("pilot") == "koploper"))
        _maanden_klopt(_html_figuur(downloads, "samenwerking_aos"), w.aos_per_maand, "label")


@pytest.mark.parametrize("rol", toegang.ROLLEN)
def test_the_overzicht_pilot_table_reads_as_the_samenwerking_page(monkeypatch, sample_url, downloads, rol):
    with db.engine(sample_url).connect() as conn:
        data = samenwerking.load(conn, max(db.stored_peildata(conn)))
        pilots = overzicht.load(conn, Filters(max(db.stored_peildata(conn)))).pilots
    zelfde = _verwacht(data, rol).trechter  # the Samenwerking page's funnel counts for this role
    kolommen = {
        "acties": "Mogelijk",
        "aangeboden": "Aangeboden",
        "gekozen": "Gekozen",
        "uitgevoerd": "Uitgevoerd",
        "afgewezen": "Afgewezen",
    }
    assert any(_klein(r[k]) for r in pilots.iter_rows(named=True) for k in kolommen)

    at = _pagina(monkeypatch, sample_url, rol, "overzicht")
    tabel = at.dataframe[0].value
    export = _csv(downloads, "overzicht_pilots") if toegang.mag_exporteren(rol) else None
    for r in pilots.iter_rows(named=True):
        bron = zelfde.filter(pl.col("pilot").eq_missing(r["pilot"]) & (pl.col("soort") == r["soort"])).row(
            0, named=True
        )
        rij = tabel[(tabel["Pilot"] == r["pilot_label"]) & (tabel["Soort samenwerking"] == r["soort_label"])]
        for k, kolom in kolommen.items():
            assert _getal(rij[kolom].item()) == bron[k], (r["pilot"], r["soort"], k)
            if toegang.onderdrukken(rol):
                _binnen_grenzen(bron[k], r[k])
            if export is not None:
                cel = export.filter(
                    (pl.col("Pilot") == r["pilot_label"]) & (pl.col("Soort samenwerking") == r["soort_label"])
                )[kolom].item()
                assert _getal(cel) == bron[k]


def test_the_report_shows_the_pilots_as_the_pages_do(sample_conn):
    from pypdf import PdfReader

    from dashboard.app.rapport_pdf import rapport_pdf

    png = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (4, 4), "white").save(png, format="PNG")
    filters = Filters(max(db.stored_peildata(sample_conn)))
    exact = overzicht.load(sample_conn, filters).pilots
    verstoord = verstoring.trechter(exact)

    def tekst(drempel: int | None) -> str:
        pdf = rapport_pdf(sample_conn, filters, afbeelding=lambda fig, b: png.getvalue(), drempel=drempel)
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)

    stappen = ("acties", "aangeboden", "gekozen", "uitgevoerd")
    for drempel, pilots in ((DREMPEL, verstoord), (None, exact)):
        opname = pilots.filter((pl.col("pilot") == "koploper") & (pl.col("soort") == "gezamenlijke_opname")).row(
            0, named=True
        )
        regel = next(r for r in tekst(drempel).splitlines() if r.startswith("Koploper Gezamenlijke opname"))
        assert [_getal(c) for c in regel.split()[-4:]] == [opname[k] for k in stappen]


@pytest.mark.parametrize("rol", toegang.ROLLEN)
def test_the_svip_dossier_table_shows_each_role_its_published_counts(monkeypatch, sample_url, rol):
    from dashboard.subjects import svip

    with db.engine(sample_url).connect() as conn:
        verzoeken = svip.verzoeken(conn, max(db.stored_peildata(conn)))
    van, tot = svip.periode_van(verzoeken)
    data = svip.selecteer(verzoeken, Filters(max(verzoeken["datum_ontvangen"])), svip.SvipSelectie(van, tot))
    exact = svip.dossiers(data.per_categorie)
    verwacht = verstoring.svip_dossiers(data.per_categorie) if toegang.onderdrukken(rol) else exact
    if toegang.onderdrukken(rol):
        paren = [(g, n) for v, e in zip(verwacht, exact) for g, n in zip(v["aantal"], e["aantal"])]
        for g, n in paren:
            _binnen_grenzen(g, n)
        assert any(g != n for g, n in paren)
        assert all(v.equals(w) for v, w in zip(verstoring.svip_dossiers(data.per_categorie), verwacht))

    at = _pagina(monkeypatch, sample_url, rol, "svip")
    tabel = next(d.value for d in at.dataframe if "Adres waarover het verzoek gaat" in d.value.columns)
    assert [int(n) for n in tabel["Verzoeken"]] == verwacht[0]["aantal"].to_list()
    groepen = next(
        f
        for f in (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
        if "verzoeken<br>" in f["data"][0].get("hovertemplate", "")
    )
    assert list(groepen["data"][0]["y"]) == verwacht[1]["aantal"].to_list()  # every group drawn, none as a hidden 0
    assert (verstoring.MELDING in {c.value for c in at.caption}) == toegang.onderdrukken(rol)


# ---------------------------------------------------------------- the suppression functions


def test_count_columns_as_text_with_the_threshold():
    frame = pl.DataFrame({"x": ["p", "q", "r"], "n": [1400, None, 0]})
    assert privacy.als_tekst(frame, ["n"], 3)["n"].to_list() == ["1.400", "<3", "0"]


def _trend_frames() -> tuple[pl.DataFrame, pl.DataFrame]:
    rows = [
        (date(2021, 1, 31), "geen_schademelding", 50),
        (date(2021, 1, 31), "gesloten", 20),
        (date(2021, 1, 31), "beide_lopend", 12, "B"),
        (date(2021, 1, 31), "beide_lopend", 3, "E"),
        (date(2021, 8, 31), "geen_schademelding", 40),
        (date(2021, 8, 31), "gesloten", 30),
        (date(2021, 8, 31), "beide_lopend", 20, "B"),
    ]
    data = pl.DataFrame(
        [(r[0], r[1], r[3] if len(r) > 3 else None, r[2]) for r in rows],
        schema={"peildatum": pl.Date, "categorie": pl.String, "groep": pl.String, "aantal": pl.Int64},
        orient="row",
    )
    return trend.categorieen(data), trend.groepen(data)


def test_the_flow_figure_draws_hidden_links_thin_and_says_so():
    tabel = pl.DataFrame(
        {"van": ["A", "A", "B"], "naar": ["A", "B", "B"], "aantal": [None, None, 40], "onderdrukt": [True, True, False]}
    )
    totalen = {("van", "A"): None, ("van", "B"): 40, ("naar", "A"): None, ("naar", "B"): None}
    fig = figures.sankey_stroom(tabel, trend.KNOOP_LABELS, trend.knopen("groep"), "a", "b", totalen=totalen, drempel=3)
    sankey = fig.data[0]
    assert list(sankey.node.label) == [
        "Groep A: <3",
        "Groep B: 40",
        "Verborgen stromen (<3)",
        "Groep A: <3",
        "Groep B: <3",
        "Verborgen stromen (<3)",
    ]
    # B to B as it is; A's two hidden flows as one band (3 wide per flow, A's total being hidden too),
    # and on the right a band into A and one into B.
    assert [
        (sankey.node.label[s], sankey.node.label[t], v)
        for s, t, v in zip(sankey.link.source, sankey.link.target, sankey.link.value)
    ] == [
        ("Groep B: 40", "Groep B: <3", 40),
        ("Groep A: <3", "Verborgen stromen (<3)", 6),
        ("Verborgen stromen (<3)", "Groep A: <3", 3),
        ("Verborgen stromen (<3)", "Groep B: <3", 3),
    ]
    bekend = figures.sankey_stroom(
        tabel.with_columns(pl.Series("aantal", [50, 2, 40])),
        trend.KNOOP_LABELS,
        trend.knopen("groep"),
        "a",
        "b",
        totalen={**totalen, ("van", "A"): 52},
    ).data[0]
    assert bekend.link.value[1] == 52  # A's total is shown: its band is that total, as it has no shown flows


def test_a_hidden_funnel_step_reads_the_threshold_and_no_share():
    trechter = samenwerking.pilot_trechters(
        pl.DataFrame(
            [
                {
                    "pilot": "koploper",
                    "soort": "gezamenlijke_opname",
                    "acties": 40,
                    "aangeboden": None,
                    "gekozen": None,
                    "uitgevoerd": 20,
                    "afgewezen": 0,
                }
            ]
        )
    )
    funnel = figures.trechter_pilot(trechter, drempel=3).data[0]
    assert list(funnel.text) == ["40 (100%)", "<3", "<3", "20 (50%)"]
    assert list(funnel.x) == [40, 0, 0, 20]


def test_group_bars_read_the_configured_threshold():
    groepen = pl.DataFrame(
        {
            "groep": ["A", "B"],
            "aantal": [None, 40],
            "onderdrukt": [True, False],
            "aandeel": [None, 1.0],
            "tekst": ["x", "y"],
        }
    )
    assert list(figures.staaf_groepen(groepen, drempel=3).data[0].text) == ["<3", "40"]
    assert list(figures.staaf_groepen_verzoeken(groepen, drempel=7).data[0].text) == ["<7", "40"]
