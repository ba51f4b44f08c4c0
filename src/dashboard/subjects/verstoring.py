"""The address figures as the aggregate roles (stuurgroep, manager) see them: every count perturbed by the
cell-key method (dashboard.store.celsleutel), from one path: each view groups the shared address frame into cells
with their count and key sum (celsleutel.tel), and `celsleutel.verstoord` turns those into published numbers.

Which figures stay exact: the unfiltered headline figures of a snapshot that the evaluation quotes to
parliament, i.e. figure 1 (the three categories and their total) and groups A-F, when no gemeente, programma,
flag or other selection narrows them (`is_kop`). Everything else an aggregate role sees is perturbed: phases,
matrix cells and row/column totals, hexagons at every resolution, the per-gemeente table, any filtered view.
Each total is perturbed as a cell of its own (its addresses' count and key sum), so a table's rows need not
add up to its perturbed total, but the same set of addresses shows the same number on every page.

Plain functions over the address frame; native polars only (they run on reruns, cached per view).

Why about 650 lines: one function per published view (figure 1, the matrix, hexagons, the per-gemeente table,
Trend, the pilots, the SVIP page and KPI, the follow-up KPIs), each counting its cells with key sums and
sending them through `publiceer`; kept in one module so that the one perturbation path, and what stays exact,
is read in one place.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from dashboard.core.domain import CATEGORIE_LABELS, CATEGORIEEN, GROEP_TEKST, GROEPEN
from dashboard.core.filters import Filters, Selectie
from dashboard.store import adresframe, celsleutel
from dashboard.subjects import adressen, overzicht, samenwerking
from dashboard.subjects.adressen import IMG_LOPEND, NCG_LOPEND

# The one Dutch sentence a page with perturbed figures shows (once), and where it links to.
UITLEG_ANKER = "https://github.com/ncg-img/dashboard-schade-versterken#access-and-privacy"
MELDING = (
    "Ter bescherming van de privacy van bewoners zijn de aantallen op deze pagina licht afgerond: "
    "elk aantal kan tot 2 afwijken van het echte aantal (0 blijft 0). Hetzelfde aantal is overal gelijk; "
    "totalen hoeven niet precies op te tellen. De landelijke kerncijfers zonder filters (figuur 1, groepen A-F, "
    "het aantal SVIP-verzoeken) zijn exact."
)


UITLEG = (
    "Wie een kleine groep adressen kan aftrekken van een grotere (bijvoorbeeld *alle gemeenten* min *alle op "
    "één na*), kan zien hoeveel adressen in een dorp of cel vallen, en soms om welk huishouden het gaat. Daarom "
    "past het dashboard voor stuurgroep en managers de **celsleutelmethode** toe, die ook statistiekbureaus "
    "gebruiken (ABS, ONS, Destatis):\n\n"
    "- elk adres heeft een vaste, geheime sleutel; een aantal krijgt een kleine afwijking die alleen afhangt van "
    "het aantal en van de sleutels van de adressen die het telt;\n"
    "- de afwijking is -2, -1, 0, +1 of +2 (bij 1 en 2 nooit onder 0) volgens een vaste, openbare tabel; een 0 "
    "blijft 0;\n"
    "- dezelfde adressen geven overal hetzelfde getal, op elke pagina, in elke export en bij elk bezoek;\n"
    "- het verschil van twee aantallen is daardoor ruis, geen exact aantal.\n\n"
    "Exact blijven de landelijke kerncijfers zonder filters (figuur 1 en groepen A-F), zoals de evaluatie ze "
    "noemt. Totalen in een tabel hoeven niet precies op te tellen tot de som van de rijen. Het kernteam en de "
    "beheerder zien de exacte aantallen. Meer in de README, onder *Access and privacy*."
)


def is_kop(filters: Filters, kenmerken: tuple[str, ...] = (), selectie: Selectie | None = None) -> bool:
    """True for the unfiltered headline view of a snapshot, whose figure 1 and groups A-F stay exact."""
    leeg = selectie is None or selectie == Selectie()
    return not filters.gemeenten and not filters.programmas and not kenmerken and leeg


# The headline figures of every snapshot a view was computed on, as (count, key sum) pairs: a cell counting the
# same addresses (the same count and key sum) is published exact on every page, so group B reads the same on the
# Overzicht (a headline figure) and on a Kaart selected on group B. Pairs, not addresses; a few per snapshot.
_KOP_PAREN: set[int] = set()
_GEREGISTREERD: dict[int, int] = {}  # id(frame) -> its number of rows, for frames whose headline pairs are known
_SCHUIF = 2**32  # a count and a key sum as one integer: key sums stay far below 2**32


def _paar(aantal: pl.Expr, sleutelsom: pl.Expr) -> pl.Expr:
    return aantal.cast(pl.Int64) * _SCHUIF + sleutelsom.cast(pl.Int64)


def _registreer(frame: pl.DataFrame) -> None:
    """Learn a snapshot frame's headline pairs: all its NCG addresses, each category, each group of beide_lopend."""
    if _GEREGISTREERD.get(id(frame)) == frame.height:
        return
    telling = celsleutel.tel()
    delen = [
        frame.select(telling),
        frame.group_by("categorie").agg(telling).drop("categorie"),
        frame.filter(pl.col("categorie") == "beide_lopend").group_by("groep").agg(telling).drop("groep"),
    ]
    _KOP_PAREN.update(pl.concat(delen).select(_paar(pl.col("aantal"), pl.col("sleutelsom")))[:, 0].to_list())
    _GEREGISTREERD[id(frame)] = frame.height


def publiceer(
    cellen: pl.DataFrame, exact: bool = False, *, aantal: str = "aantal", sleutelsom: str = "sleutelsom"
) -> pl.DataFrame:
    """THE one step from counted cells to published numbers: `aantal` perturbed through the published table
    (or left exact for a headline figure, and for any cell counting a headline figure's addresses), the key sum
    dropped (it never leaves the server)."""
    if exact:
        return cellen.drop(sleutelsom)
    kop = _paar(pl.col(aantal), pl.col(sleutelsom)).is_in(list(_KOP_PAREN))
    return cellen.with_columns(
        pl.when(kop)
        .then(pl.col(aantal).cast(pl.Int64))
        .otherwise(celsleutel.verstoord(aantal, sleutelsom))
        .alias(aantal)
    ).drop(sleutelsom)


# ---------------------------------------------------------------- the phase matrix and its groups


def _matrixcellen(frame: pl.DataFrame, filters: Filters, kenmerken: tuple[str, ...]) -> pl.DataFrame:
    """Every cell of figure 2 with its count and key sum (as adressen.fasematrix counts it)."""
    Selectie(kenmerken=kenmerken).params()
    counted = (
        frame.filter(
            adresframe.filter_expr(filters)
            & (pl.col("categorie") == "beide_lopend")
            & adresframe.kenmerken_expr(kenmerken)
        )
        .group_by("ncg_fase", "img_fase")
        .agg(celsleutel.tel())
    )
    grid = pl.DataFrame(
        [(n, i, adressen.cel(n, i), adressen.groep(n, i)) for n in NCG_LOPEND for i in IMG_LOPEND],
        schema=["ncg_fase", "img_fase", "cel", "groep"],
        orient="row",
    )
    return grid.join(counted, on=["ncg_fase", "img_fase"], how="left").with_columns(
        pl.col("aantal", "sleutelsom").fill_null(0).cast(pl.Int64)
    )


def _totalen(cellen: pl.DataFrame, exact_groepen: bool) -> dict[tuple, int]:
    """Row, column, group and grand totals, each a cell of its own (sum of counts and of key sums)."""
    delen = [
        cellen.group_by(pl.col("ncg_fase").alias("k"))
        .agg(pl.col("aantal", "sleutelsom").sum())
        .with_columns(pl.lit("rij").alias("soort")),
        cellen.group_by(pl.col("img_fase").alias("k"))
        .agg(pl.col("aantal", "sleutelsom").sum())
        .with_columns(pl.lit("kolom").alias("soort")),
        cellen.group_by(pl.col("groep").alias("k"))
        .agg(pl.col("aantal", "sleutelsom").sum())
        .with_columns(pl.lit("groep").alias("soort")),
        cellen.select(pl.lit("").alias("k"), pl.col("aantal", "sleutelsom").sum(), pl.lit("totaal").alias("soort")),
    ]
    alle = pl.concat([d.select("soort", "k", "aantal", "sleutelsom") for d in delen])
    exact = alle.filter(pl.col("soort").is_in(["groep", "totaal"]) if exact_groepen else pl.lit(False))
    verstoord = publiceer(
        alle.filter(~(pl.col("soort").is_in(["groep", "totaal"]) if exact_groepen else pl.lit(False)))
    )
    out: dict[tuple, int] = {}
    for soort, k, n in pl.concat([exact.drop("sleutelsom"), verstoord]).iter_rows():
        out[("totaal",) if soort == "totaal" else (soort, k)] = None if n is None else int(n)
    return out


def fasematrix(
    frame: pl.DataFrame, filters: Filters, kenmerken: tuple[str, ...] = ()
) -> tuple[pl.DataFrame, dict[tuple, int]]:
    """The phase matrix and its totals as aggregate roles see them (the shapes of adressen.fasematrix and
    adressen.matrix_totalen): every cell perturbed; the group totals and grand total exact only unfiltered."""
    _registreer(frame)
    cellen = _matrixcellen(frame, filters, kenmerken)
    totalen = _totalen(cellen, exact_groepen=is_kop(filters, kenmerken))
    matrix = publiceer(cellen)
    totaal = totalen[("totaal",)]
    return matrix.with_columns(
        (pl.col("aantal") / totaal if totaal else pl.lit(0.0)).cast(pl.Float64).alias("aandeel")
    ), totalen


# ---------------------------------------------------------------- Overzicht (and the PDF report)


def adrescijfers(frame: pl.DataFrame, filters: Filters) -> tuple[overzicht.Adrescijfers, int]:
    """Figure 1, groups A-F and the NCG phases (overzicht.adrescijfers) as aggregate roles see them, and the
    total of the selection. Unfiltered, figure 1, its total and the groups are exact (headline figures)."""
    _registreer(frame)
    kop = is_kop(filters)
    gekozen = frame.filter(adresframe.filter_expr(filters))
    cats = (
        pl.DataFrame({"categorie": list(CATEGORIEEN), "label": [CATEGORIE_LABELS[c] for c in CATEGORIEEN]})
        .join(gekozen.group_by("categorie").agg(celsleutel.tel()), on="categorie", how="left")
        .with_columns(pl.col("aantal", "sleutelsom").fill_null(0).cast(pl.Int64))
    )
    totaal = publiceer(gekozen.select(celsleutel.tel()), exact=kop)["aantal"][0]
    categorieen = overzicht._with_share(publiceer(cats, exact=kop)).with_columns(
        (pl.col("aantal") / totaal if totaal else pl.lit(None, pl.Float64)).cast(pl.Float64).alias("aandeel")
    )

    totalen = _totalen(_matrixcellen(frame, filters, ()), exact_groepen=kop)
    aantallen = [totalen[("groep", g)] for g in GROEPEN]
    alle_groepen = totalen[("totaal",)]
    groepen = pl.DataFrame(
        {
            "groep": list(GROEPEN),
            "aantal": aantallen,
            "tekst": [GROEP_TEKST[g] for g in GROEPEN],
            "aandeel": [n / alle_groepen if alle_groepen else None for n in aantallen],
        },
        schema_overrides={"aantal": pl.Int64, "aandeel": pl.Float64},
    )

    fasen = overzicht._complete_fasen(publiceer(gekozen.group_by("ncg_fase", "categorie").agg(celsleutel.tel())))
    return overzicht.Adrescijfers(categorieen, groepen, fasen), totaal


def overzicht_data(
    data: overzicht.OverzichtData, frame: pl.DataFrame, filters: Filters, drempel: int, verzoeken: pl.DataFrame
) -> overzicht.OverzichtData:
    """The Overzicht as aggregate roles see it: its address figures perturbed (`adrescijfers`), the pilots'
    funnel counts as on the Samenwerking page (`trechter`, by the joint actions' record keys), and the SVIP KPI
    (requests per kind, in all, still open; `svip_per_soort`) from the snapshot's shared requests `verzoeken`,
    over the KPI's period, as on the SVIP page."""
    from dashboard.core.filters import window
    from dashboard.subjects import svip

    _registreer(frame)
    cijfers, totaal = adrescijfers(frame, filters)
    vt = data.svip_periode or (window(None, None)["van"], window(None, None)["tot"])
    gekozen = svip.selecteer(verzoeken, Filters(filters.peildatum), svip.SvipSelectie(*vt))
    svip_soorten, svip_totaal, svip_nog_open = svip_per_soort(verzoeken, gekozen)
    return replace(
        data,
        svip=svip_soorten,
        svip_totaal=svip_totaal,
        svip_open=svip_nog_open,
        categorieen=cijfers.categorieen,
        groepen=cijfers.groepen,
        fasen=cijfers.fasen,
        pilots=trechter(data.pilots),
        totaal_onderdrukt=False,
        alle_adressen=totaal,
    )


# ---------------------------------------------------------------- Samenwerking (and the Overzicht's pilots)
# Joint actions are counted by action, not by address: each action has its own record key
# (samenwerking_actie.sleutel, from its id and the database's secret, made at load time), and the
# queries return per count the sum of its actions' keys. Every count below is a cell of its own.


def trechter(tabel: pl.DataFrame) -> pl.DataFrame:
    """The funnel counts (samenwerking_trechter's rows, extra columns kept) as aggregate roles see them: every
    step of every row perturbed by its actions' keys; the key sums dropped. The Overzicht's pilot table and the
    Samenwerking page show the same numbers."""
    for t in samenwerking.TELLINGEN:
        tabel = publiceer(tabel, aantal=t, sleutelsom=f"{t}_sleutelsom")
    return tabel


def samenwerking_weergave(data: samenwerking.SamenwerkingData) -> samenwerking.Weergave:
    """The Samenwerking page as aggregate roles see it: the funnels (`trechter`), the AOS nominations and
    pick-ups, each month of each series and the undated actions, every one perturbed as a cell of its own.
    Nothing is hidden, so no month is drawn as zero for being hidden; a month reads 0 only if it is 0 or
    its perturbed value is (a true 1 or 2 may read 0, as everywhere)."""
    t = data.trechter

    def cel(deel: pl.DataFrame, kolom: str) -> int:
        rij = deel.select(
            pl.col(kolom).sum().cast(pl.Int64).alias("aantal"),
            pl.col(f"{kolom}_sleutelsom").sum().cast(pl.Int64).alias("sleutelsom"),
        )
        return int(publiceer(rij)["aantal"][0])

    aos = t.filter(pl.col("soort") == samenwerking.AOS)
    per_dag = data.per_dag
    in_de_tijd = t.filter(pl.col("soort").is_in(samenwerking.IN_DE_TIJD)).select(
        pl.col("acties").sum().cast(pl.Int64), pl.col("acties_sleutelsom").sum().cast(pl.Int64)
    )
    gedateerd = per_dag.filter(pl.col("soort").is_in(samenwerking.IN_DE_TIJD)).select(
        pl.col("aantal").sum().cast(pl.Int64), pl.col("sleutelsom").sum().cast(pl.Int64)
    )
    zonder = pl.DataFrame(
        {
            "aantal": [int(in_de_tijd["acties"][0] or 0) - int(gedateerd["aantal"][0] or 0)],
            "sleutelsom": [int(in_de_tijd["acties_sleutelsom"][0] or 0) - int(gedateerd["sleutelsom"][0] or 0)],
        }
    )
    return samenwerking.Weergave(
        trechter=trechter(t),
        aos_voorgedragen=cel(aos, "acties"),
        aos_opgepakt=cel(aos, "uitgevoerd"),
        aos_per_maand=publiceer(samenwerking.aos_per_maand(per_dag)),
        in_de_tijd=publiceer(samenwerking.per_maand(per_dag)),
        zonder_datum=int(publiceer(zonder)["aantal"][0]),
    )


# ---------------------------------------------------------------- SVIP: the requests by the address asked about


def svip_dossiers(per_categorie: pl.DataFrame, totaal: int | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """svip.dossiers (requests per category of the address asked about, the beide_lopend ones per group) as
    aggregate roles see them: each count perturbed by its requests' record keys (svip_verzoek.sleutel); the
    shares of `totaal`, the page's published total of the selection (default: the exact sum)."""
    from dashboard.subjects import svip

    categorieen, groepen = svip.dossiers(per_categorie)
    if totaal is None:
        totaal = int(per_categorie["aantal"].sum())
    cats = per_categorie.group_by("categorie").agg(pl.col("aantal", "sleutelsom").sum())
    grps = (
        per_categorie.filter(pl.col("groep").is_not_null()).group_by("groep").agg(pl.col("aantal", "sleutelsom").sum())
    )

    def vervang(frame: pl.DataFrame, cellen: pl.DataFrame, kolom: str) -> pl.DataFrame:
        uit = (
            frame.drop("aantal", "aandeel")
            .join(
                publiceer(cellen.cast({"aantal": pl.Int64, "sleutelsom": pl.Int64})),
                on=kolom,
                how="left",
                nulls_equal=True,
                maintain_order="left",
            )
            .with_columns(pl.col("aantal").fill_null(0).cast(pl.Int64))
        )
        return uit.with_columns(
            (pl.col("aantal") / totaal if totaal else pl.lit(None)).cast(pl.Float64).alias("aandeel")
        ).select(frame.columns)

    return vervang(categorieen, cats, "categorie"), vervang(groepen, grps, "groep")


# ---------------------------------------------------------------- the follow-up KPIs (Overzicht, PDF report)


def opvolging_kpi(signalen: pl.DataFrame, vandaag, drempel: int):
    """opvolging.kpi_uit as aggregate roles see it: signals per week and kind, per status, in all, with their cause
    gone, acted on, and acted on within two weeks (and its denominator) each perturbed by cell key over the keys of
    the signals' addresses (two signals at one address add its key twice); the share acted on in time from those
    perturbed counts; the median (a statistic, not a count) left out below `drempel` signals acted on."""
    from datetime import date, datetime, timedelta

    from dashboard.subjects import opvolging

    exact = opvolging.kpi_uit(signalen, vandaag)
    vandaag = vandaag or date.today()
    dagen = (pl.col("eerste_actie_op") - pl.col("gesignaleerd_op")).dt.total_seconds() / 86400
    grens = datetime.combine(vandaag - timedelta(days=opvolging.EERSTE_ACTIE_DAGEN), datetime.max.time())
    volgorde = {s: i for i, s in enumerate(opvolging.SOORTEN)}
    per_week = publiceer(
        signalen.group_by(pl.col("gesignaleerd_op").dt.date().dt.truncate("1w").alias("periode"), "soort").agg(
            celsleutel.tel()
        )
    ).sort("periode", pl.col("soort").replace_strict(volgorde, default=len(volgorde)))
    uitkomsten = (
        exact.uitkomsten.drop("aantal")
        .join(
            signalen.group_by("status").agg(celsleutel.tel()),
            on="status",
            how="left",
            maintain_order="left",
        )
        .with_columns(pl.col("aantal", "sleutelsom").fill_null(0).cast(pl.Int64))
    )
    cijfers = publiceer_alle(
        signalen.select(
            *celsleutel.tel(),
            *celsleutel.tel_waar(pl.col("aantal_vervallen") > 0, "vervallen"),
            *celsleutel.tel_waar(pl.col("eerste_actie_op").is_not_null(), "met_actie"),
            *celsleutel.tel_waar(
                pl.col("eerste_actie_op").is_not_null() | (pl.col("gesignaleerd_op") <= grens), "noemer"
            ),
            *celsleutel.tel_waar((dagen <= opvolging.EERSTE_ACTIE_DAGEN).fill_null(False), "binnen"),
        ),
        ("vervallen", "met_actie", "noemer", "binnen"),
    ).row(0, named=True)
    noemer, binnen = cijfers["noemer"], cijfers["binnen"]
    return replace(
        exact,
        per_week=per_week.select("periode", "soort", "aantal"),
        uitkomsten=publiceer(uitkomsten).select(exact.uitkomsten.columns),
        totaal=cijfers["aantal"],
        vervallen=cijfers["vervallen"],
        met_actie=cijfers["met_actie"],
        noemer_actie=noemer,
        binnen_termijn=min(binnen / noemer, 1.0) if noemer else None,
        mediaan_dagen=exact.mediaan_dagen if exact.met_actie >= drempel else None,
        onderdrukt=True,  # the median's 'n<5' below the threshold
    )


def publiceer_alle(cellen: pl.DataFrame, deeltellingen: tuple[str, ...]) -> pl.DataFrame:
    """`publiceer` on the count `aantal` and on each sub-count `naam` (with `naam`_sleutelsom) of a frame."""
    uit = publiceer(cellen)
    for naam in deeltellingen:
        uit = publiceer(uit, aantal=naam, sleutelsom=f"{naam}_sleutelsom")
    return uit


# ---------------------------------------------------------------- Kaart


def hexagonen(frame: pl.DataFrame, filters: Filters, selectie: Selectie, resolutie: int) -> pl.DataFrame:
    """kaart.hexagonen as aggregate roles see it: per H3 cell the perturbed count and perturbed beide_lopend
    (each its own cell), the share from those (at most 1; none where the count reads 0)."""
    _registreer(frame)
    from dashboard.subjects import kaart

    if resolutie not in kaart.RESOLUTIES:
        raise ValueError(f"resolutie must be one of {sorted(kaart.RESOLUTIES)}, not {resolutie}")
    cellen = (
        frame.filter(pl.col("h3_6").is_not_null() & adresframe.selectie_expr(filters, selectie))
        .group_by(pl.col(f"h3_{resolutie}").alias("hex"))
        .agg(celsleutel.tel(*celsleutel.tel_waar(pl.col("categorie") == "beide_lopend", "beide_lopend")))
        .sort("hex")
    )
    uit = publiceer(publiceer(cellen), aantal="beide_lopend", sleutelsom="beide_lopend_sleutelsom")
    return uit.with_columns(
        pl.when(pl.col("aantal") > 0)
        .then((pl.col("beide_lopend") / pl.col("aantal")).clip(upper_bound=1.0))
        .otherwise(None)
        .cast(pl.Float64)
        .alias("aandeel")
    )


def gemeente_tabel(frame: pl.DataFrame, filters: Filters, selectie: Selectie) -> pl.DataFrame:
    """Kaart's per-municipality table (kaart.gemeente_tabel's rows and headers, with its total row) for
    aggregate roles: every count perturbed as a cell of its own; the total row's figure 1 and group
    columns exact only for the unfiltered headline view."""
    _registreer(frame)
    from dashboard.subjects import kaart

    gekozen = adresframe.kies(frame, filters, selectie)
    aggs = celsleutel.tel(
        *(e for c in CATEGORIEEN for e in celsleutel.tel_waar(pl.col("categorie") == c, c)),
        *(e for g in GROEPEN for e in celsleutel.tel_waar(pl.col("groep") == g, f"groep_{g.lower()}")),
        *celsleutel.tel_waar(pl.col("lat").is_not_null() & pl.col("lon").is_not_null(), "op_kaart"),
    )
    rijen = gekozen.group_by("gemeente").agg(aggs).sort("gemeente")
    totaal = gekozen.select(aggs).with_columns(pl.lit("Totaal").alias("gemeente"))
    kolommen = [k for k in kaart.GEMEENTE_KOLOMMEN if k != "gemeente"]

    def tekst(deel: pl.DataFrame, exact: bool) -> pl.DataFrame:
        for k in kolommen:
            som = "sleutelsom" if k == "aantal" else f"{k}_sleutelsom"
            # On the headline view the total row's figure 1 and groups are exact; 'Op de kaart' is not a headline.
            deel = publiceer(deel, exact and k != "op_kaart", aantal=k, sleutelsom=som)
        return deel.select("gemeente", *kolommen)

    tabel = pl.concat([tekst(rijen, False), tekst(totaal.select(rijen.columns), is_kop(filters, selectie=selectie))])
    return tabel.rename(kaart.GEMEENTE_KOLOMMEN)


# ---------------------------------------------------------------- Trend


def trend(frames: dict, filters: Filters) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Trend's figure 1 and groups per peildatum (the shapes of trend.categorieen and trend.groepen) as aggregate
    roles see them: per snapshot exactly what the Overzicht shows for that snapshot (`adrescijfers`), so the
    same addresses read the same on both pages; unfiltered, the headline figures are exact."""
    for f in frames.values():
        _registreer(f)
    cats, grps = [], []
    for peildatum in sorted(frames):
        cijfers, totaal = adrescijfers(frames[peildatum], replace(filters, peildatum=peildatum))
        cats.append(
            cijfers.categorieen.select(
                pl.lit(peildatum, dtype=pl.Date).alias("peildatum"),
                "categorie",
                "label",
                "aantal",
                pl.col("aandeel").fill_null(0.0),
                pl.lit(totaal, dtype=pl.Int64).alias("totaal"),
            )
        )
        grps.append(cijfers.groepen.select(pl.lit(peildatum, dtype=pl.Date).alias("peildatum"), "groep", "aantal"))
    return pl.concat(cats), pl.concat(grps)


def stroom(
    frames: dict, filters: Filters, van, naar, soort: str, alleen_met_groep: bool = False
) -> tuple[pl.DataFrame, dict[tuple[str, str], int]]:
    """Trend's flows between two snapshots (trend.stroom_tabel's van, naar, aantal) and their node totals
    (trend.stroom_totalen's keys) as aggregate roles see them: each flow and each node total perturbed as a cell
    of its own (the addresses' keys are the same in both snapshots); flows that read 0 are not drawn."""
    for f in frames.values():
        _registreer(f)
    from dashboard.subjects import trend as trend_

    kolommen = ("categorie", "groep", "gemeente", "programma")

    def kant(frame: pl.DataFrame, naam: str) -> pl.DataFrame:
        return frame.select(
            "ncg_id", pl.col("sleutel").alias(f"{naam}_sleutel"), *(pl.col(k).alias(f"{naam}_{k}") for k in kolommen)
        )

    paren = kant(frames[van], "van").join(kant(frames[naar], "naar"), on="ncg_id", how="full", coalesce=True)
    voorwaarden = [pl.lit(True)]
    if filters.gemeenten:
        voorwaarden.append(pl.coalesce("naar_gemeente", "van_gemeente").is_in(list(filters.gemeenten)))
    if filters.programmas:
        voorwaarden.append(pl.coalesce("naar_programma", "van_programma").is_in(list(filters.programmas)))
    flows = paren.filter(pl.all_horizontal(voorwaarden)).select(
        trend_._knoop(soort, "van").alias("van"),
        trend_._knoop(soort, "naar").alias("naar"),
        pl.coalesce("naar_sleutel", "van_sleutel").alias("sleutel"),
    )
    if soort == "groep" and alleen_met_groep:
        zonder = (trend_.GEEN_GROEP, trend_.NIEUW, trend_.WEG)
        flows = flows.filter(~(pl.col("van").is_in(zonder) & pl.col("naar").is_in(zonder)))
    volgorde = {k: i for i, k in enumerate(trend_.knopen(soort))}
    tabel = (
        publiceer(flows.group_by("van", "naar").agg(celsleutel.tel()))
        .filter(pl.col("aantal") > 0)
        .sort(pl.col("van").replace_strict(volgorde), pl.col("naar").replace_strict(volgorde))
    )
    totalen: dict[tuple[str, str], int] = {}
    for k in ("van", "naar"):
        for knoop, n in publiceer(flows.group_by(k).agg(celsleutel.tel())).select(k, "aantal").iter_rows():
            totalen[(k, knoop)] = int(n)
    return tabel, totalen


# ---------------------------------------------------------------- SVIP: volumes, backlog, outcomes, KPIs
# Every SVIP count is a cell of requests, perturbed by the requests' record keys (svip_verzoek.sleutel): the
# shared frame (svip.verzoeken) carries per row the count and the key sum, and each view sums both in the same
# group_by. The headline figures stay exact: all requests of the snapshot, and those received by mid-2020 (the
# evaluation's 500), unfiltered; any cell counting exactly those requests reads exact (`_registreer_svip`).


def _registreer_svip(verzoeken: pl.DataFrame) -> None:
    """Learn a snapshot's SVIP headline pairs: all its requests, and all received up to svip.MIJLPAAL."""
    from dashboard.core.filters import BEGIN
    from dashboard.subjects import svip

    if _GEREGISTREERD.get(id(verzoeken)) == verzoeken.height:
        return
    som = pl.col("aantal", "sleutelsom").sum()
    delen = [
        verzoeken.select(som),
        verzoeken.filter(pl.col("datum_ontvangen").is_between(BEGIN, svip.MIJLPAAL)).select(som),
    ]
    paren = pl.concat(delen).filter(pl.col("aantal") > 0).select(_paar(pl.col("aantal"), pl.col("sleutelsom")))
    _KOP_PAREN.update(paren[:, 0].to_list())
    _GEREGISTREERD[id(verzoeken)] = verzoeken.height


def _cel(aantal: int, sleutelsom: int) -> int:
    """One count with its key sum, published."""
    return int(publiceer(pl.DataFrame({"aantal": [aantal], "sleutelsom": [sleutelsom]}, schema=_CEL))["aantal"][0])


_CEL = {"aantal": pl.Int64, "sleutelsom": pl.Int64}


def svip_open(data) -> int:
    """svip.SvipData.open (received in the period, still open), published."""
    van = data.selectie.van
    open_ = data.doorloop.filter(pl.col("datum_afgerond").is_null() & (pl.col("datum_ontvangen") >= van))
    return _cel(int(open_["aantal"].sum()), int(open_["sleutelsom"].sum()))


def svip_per_soort(verzoeken: pl.DataFrame, data) -> tuple[pl.DataFrame, int, int]:
    """The Overzicht's SVIP KPI (svip.per_soort, the total and the open ones of `data`, a selection of the shared
    frame `verzoeken`) as aggregate roles see it: each count perturbed by its requests' keys; the total of all
    requests unfiltered exact (headline)."""
    from dashboard.subjects import svip

    _registreer_svip(verzoeken)
    per_soort = publiceer(svip.per_soort(data.per_dag, sleutelsommen=True)).sort(
        "aantal", descending=True, maintain_order=True
    )
    totaal = _cel(int(data.per_dag["aantal"].sum()), int(data.per_dag["sleutelsom"].sum()))
    return per_soort, totaal, svip_open(data)


def _doorlooptijden(doorloop: pl.DataFrame, van, by: tuple[str, ...], drempel: int) -> pl.DataFrame:
    """svip.doorlooptijden with the count 'afgerond' perturbed (its requests' keys) and the median and 90th
    percentile (statistics, not counts) left out over fewer than `drempel` requests."""
    from dashboard.subjects import svip

    exact = svip.doorlooptijden(doorloop, van, by)
    cellen = (
        doorloop.filter(pl.col("datum_afgerond").is_not_null() & (pl.col("datum_ontvangen") >= van))
        .with_columns(maand=pl.col("datum_ontvangen").dt.truncate("1mo"))
        .group_by(*by)
        .agg(pl.col("aantal").sum().cast(pl.Int64).alias("gepubliceerd"), pl.col("sleutelsom").sum().cast(pl.Int64))
        if by
        else doorloop.filter(pl.col("datum_afgerond").is_not_null() & (pl.col("datum_ontvangen") >= van)).select(
            pl.col("aantal").sum().cast(pl.Int64).alias("gepubliceerd"), pl.col("sleutelsom").sum().cast(pl.Int64)
        )
    )
    cellen = publiceer(cellen, aantal="gepubliceerd")
    uit = (
        exact.join(cellen, on=list(by), how="left", maintain_order="left")
        if by
        else pl.concat([exact, cellen], how="horizontal")
    )
    klein = pl.col("afgerond") < drempel
    return (
        uit.with_columns(
            pl.when(klein).then(None).otherwise(pl.col(m)).alias(m) for m in ("mediaan_dagen", "p90_dagen")
        )
        .with_columns(pl.col("gepubliceerd").fill_null(0).cast(pl.Int64).alias("afgerond"))
        .select(exact.columns)
    )


def svip_weergave(verzoeken: pl.DataFrame, data, drempel: int):
    """The SVIP page's figures (svip.weergave) as aggregate roles see them: the total, the open ones, the ones
    received by mid-2020, the requests per period by kind and by organisation, per outcome, the open backlog per
    day (received, closed, open), the requests by address and group and the handling-time counts, each perturbed
    as a cell of its own by its requests' keys. The total of all requests and the mid-2020 count stay exact
    unfiltered (headline). Handling times: the median and 90th percentile are left out over fewer than `drempel`
    requests."""
    from dashboard.subjects import svip

    _registreer_svip(verzoeken)
    van, tot = data.selectie.van, data.selectie.tot
    per_soort, totaal, open_ = svip_per_soort(verzoeken, data)
    uitkomsten = publiceer(svip.uitkomsten(data.per_dag, sleutelsommen=True)).with_columns(
        (pl.col("aantal") / totaal if totaal else pl.lit(None, pl.Float64)).cast(pl.Float64).alias("aandeel")
    )
    werkvoorraad = svip.werkvoorraad(data.doorloop, van, tot, sleutelsommen=True)
    for naam in ("ontvangen", "afgerond", "open"):
        werkvoorraad = publiceer(werkvoorraad, aantal=naam, sleutelsom=f"{naam}_sleutelsom")
    categorieen, groepen = svip_dossiers(data.per_categorie, totaal)
    return svip.Weergave(
        data=data,
        totaal=totaal,
        open=open_,
        mijlpaal=_cel(data.mijlpaal, data.mijlpaal_sleutelsom),
        per_periode={
            (p, n): publiceer(svip.per_periode(data.per_dag, p, n, sleutelsommen=True))
            for p in ("week", "maand")
            for n in ("soort", "aanvrager")
        },
        uitkomsten=uitkomsten,
        werkvoorraad=werkvoorraad,
        categorieen=categorieen,
        groepen=groepen,
        doorlooptijd=_doorlooptijden(data.doorloop, van, (), drempel).row(0, named=True),
        doorlooptijd_soort=_doorlooptijden(data.doorloop, van, ("soort",), drempel),
        doorlooptijd_maand=_doorlooptijden(data.doorloop, van, ("soort", "maand"), drempel),
    )
