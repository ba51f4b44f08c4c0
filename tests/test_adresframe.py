"""The shared address frame: read the same through ADBC and the driver, and a selection in polars keeps exactly
the addresses its SQL form (queries/fragments/selectie.sql) keeps, on both backends."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from dashboard.core import config
from dashboard.core.filters import Filters, Selectie
from dashboard.store import adresframe, db

SELECTIES = [
    (Selectie(), ()),
    (Selectie(categorieen=("beide_lopend",), groepen=("B", "E")), ("Groningen",)),
    (Selectie(categorieen=("geen_schademelding",), pc4_van="9700", pc4_tot="9799"), ()),
    (Selectie(cellen=("opname|melding", "planvorming|advies", "uitvoering|besluit")), ("Eemsdelta", "Oldambt")),
    (Selectie(kenmerken=("bijzonder", "urgent")), ()),
    (Selectie(kenmerken=("aos", "toestemming"), prioriteerbaar=True), ()),
    (Selectie(groepen=("A", "C", "D", "F"), fase_sinds_voor=date(2021, 1, 31)), ()),
    (
        Selectie(categorieen=("gesloten", "beide_lopend"), pc4_van="9900", pc4_tot="9999", kenmerken=("toestemming",)),
        (),
    ),
]


def _sql_ids(conn, filters: Filters, selectie: Selectie) -> list[str]:
    """The ncg_ids the SQL form of the selection keeps (the fragment, included as the stored queries did)."""
    fragment = (config.queries_dir() / "fragments" / "selectie.sql").read_text(encoding="utf-8")
    kop = next(r for r in fragment.splitlines() if r.startswith("-- params:")).replace(
        "-- params:", "-- params: peildatum,"
    )
    tekst = db._INCLUDE.sub(
        db._fragment, f"{kop}\nselect ncg_id from adres\nwhere peildatum = :peildatum\n  -- include: selectie"
    )
    params = {**filters.params(), **selectie.params()}
    rows = conn.execute(
        db.parse_query("selectie", tekst).statement().bindparams(),
        {k: v for k, v in params.items() if k in db.used_params(tekst)},
    )
    return sorted(r[0] for r in rows)


@pytest.mark.parametrize(("selectie", "gemeenten"), SELECTIES)
def test_a_selection_in_polars_keeps_what_its_sql_form_keeps(sample_conn, selectie, gemeenten):
    for peildatum in db.stored_peildata(sample_conn):
        frame = adresframe.lees(sample_conn, peildatum)
        filters = Filters(peildatum, gemeenten)
        polars_ids = sorted(adresframe.kies(frame, filters, selectie)["ncg_id"].to_list())
        assert polars_ids == _sql_ids(sample_conn, filters, selectie)
    assert polars_ids or selectie.groepen  # the selections are not all empty


def test_adbc_and_the_driver_read_the_same_frame(sample_url, sample_conn):
    for peildatum in db.stored_peildata(sample_conn):
        via_driver = adresframe.lees(sample_conn, peildatum)
        assert via_driver.schema == pl.Schema(adresframe.SCHEMA) and via_driver.height > 20_000
        assert adresframe.lees_url(sample_url, peildatum).equals(via_driver)
        via_adbc = adresframe._adbc(sample_url, peildatum)
        if sample_url.startswith("sqlite"):
            assert via_adbc is None  # SQLite: never a second copy of the library in the process
            continue
        assert via_adbc is not None, "adbc-driver-postgresql is not installed"
        assert adresframe.normaliseer(via_adbc).equals(via_driver)


def test_the_frame_is_in_the_lists_order(sample_conn):
    frame = adresframe.lees(sample_conn, max(db.stored_peildata(sample_conn)))
    assert frame.equals(frame.sort(adresframe.VOLGORDE, descending=list(adresframe.VOLGORDE_AFLOPEND)))
    assert frame["ncg_fase_nr"][0] >= frame["ncg_fase_nr"][-1]


def test_a_snapshot_that_is_not_stored_reads_as_an_empty_typed_frame(sample_url, sample_conn):
    leeg = adresframe.lees(sample_conn, date(1999, 1, 1))
    assert leeg.height == 0 and leeg.schema == pl.Schema(adresframe.SCHEMA)
    assert adresframe.lees_url(sample_url, date(1999, 1, 1)).schema == leeg.schema


def test_unknown_kenmerken_are_refused():
    with pytest.raises(ValueError):
        adresframe.selectie_expr(None, Selectie(kenmerken=("onbekend",)))


def test_no_page_takes_the_shared_address_frame_itself():
    """The frame holds every address: pages get it only through ui's data functions, which check the role
    (lists and points) or return aggregates."""
    from conftest import ROOT

    for page in sorted((ROOT / "pages").glob("*.py")):
        text = page.read_text(encoding="utf-8")
        assert "adresframe" not in text and "_frame(" not in text and "_frames(" not in text, page.name
