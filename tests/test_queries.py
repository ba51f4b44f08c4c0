"""Every stored query: a documented header, exactly the parameters it uses, the columns it declares in their types,
and it runs on both backends; a call with a missing or unknown parameter is an error."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import pytest
import sqlalchemy as sa

from dashboard.core import config
from dashboard.core.filters import BEGIN, EIND, Selectie
from dashboard.store import db, schema

QUERIES = sorted(config.queries_dir().glob("*.sql"))
FRAGMENTS = sorted((config.queries_dir() / "fragments").glob("*.sql"))

# A value for every parameter name the queries use; a new name must be added here.
EXAMPLE_PARAMS = {
    "resolutie": 7,
    "alle_acties": 1,
    "acties": [],
    "alle_gemeenten": 1,
    "gemeenten": [],
    "alle_programmas": 1,
    "programmas": [],
    "van": BEGIN,
    "tot": EIND,
    **Selectie().params(),  # the address selection: categories, groups, cells, flags, postcode, phase duration
    # SVIP and IVR page filters
    "alle_aanvragers": 1,
    "aanvragers": [],
    "alle_soorten": 1,
    "soorten": [],
    "alle_uitkomsten": 1,
    "uitkomsten": [],
    "alle_lijnen": 1,
    "lijnen": [],
    "alle_menukeuzes": 1,
    "menukeuzes": [],
    "alle_onderwerpen": 1,
    "onderwerpen": [],
    # Over time: the sample's two snapshots (signalen compares the latest, `peildatum`, with `vorige_peildatum`)
    "vorige_peildatum": date(2020, 10, 31),
    "van_peildatum": date(2020, 10, 31),
    "naar_peildatum": date(2021, 8, 31),
    "load_id": 1,
    # The follow-up of signals
    "laatste_peildatum": date(2021, 8, 31),
    "signaal_id": 1,
    "zoek_postcode": "9919AB",
    "zoek_huisnummer": 1,
}


def test_there_are_queries():
    assert len(QUERIES) >= 8


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_header_names_purpose_grain_and_params(path):
    text = path.read_text(encoding="utf-8")
    header = dict(re.findall(r"^--\s*(name|purpose|grain|params|kolommen):\s*(.+)$", text, re.MULTILINE))
    assert header.keys() == {"name", "purpose", "grain", "params", "kolommen"}
    assert header["name"] == path.stem
    assert text.lstrip().startswith("-- name:")


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_declares_exactly_the_parameters_it_uses(path):
    q = db.query(path.stem)
    assert set(q.params) == db.used_params(q.sql)
    assert len(set(q.params)) == len(q.params)


@pytest.mark.parametrize("path", FRAGMENTS, ids=lambda p: p.stem)
def test_a_fragment_declares_exactly_the_parameters_it_uses(path):
    text = db.include_fragments(path.read_text(encoding="utf-8"))
    header = re.search(r"^-- params:(.*)$", text, re.MULTILINE).group(1)
    declared = [p.strip().removesuffix("[]") for p in header.split(",")]
    assert set(declared) == db.used_params(text) and len(set(declared)) == len(declared)


@pytest.mark.parametrize("path", QUERIES + FRAGMENTS, ids=lambda p: p.stem)
def test_is_one_statement_without_pasted_values(path):
    code = db.strip_comments(path.read_text(encoding="utf-8"))
    assert ";" not in code.strip().rstrip(";")
    assert not re.search(r"\{\w*\}|%s|%\(", code), "templating or driver placeholders instead of :named parameters"
    assert not re.search(r"'\d{4}-\d{2}-\d{2}'", code), "a date pasted into SQL"


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_runs_on_the_sample_and_returns_the_declared_columns_in_their_types(path, sample_conn):
    q = db.query(path.stem)
    peildatum = max(db.stored_peildata(sample_conn))
    params = {"peildatum": peildatum, **EXAMPLE_PARAMS, "ncg_id": _address_with_actions_and_requests(sample_conn)}
    unknown = set(q.params) - params.keys()
    assert not unknown, f"add an example value for {unknown}"
    frame = db.fetch(sample_conn, path.stem, **{k: params[k] for k in q.params})
    assert frame.width >= 1
    assert frame.schema == pl.Schema(q.schema())
    if "peildatum" in q.params:
        assert frame.height >= 1, "no rows on the sample"
    # No rows (a snapshot that is not stored, an unknown id): still every declared column in its type.
    leeg = {
        **params,
        "peildatum": date(1999, 1, 1),
        "laatste_peildatum": date(1999, 1, 1),
        "load_id": -1,
        "signaal_id": -1,
        "ncg_id": "onbekend",
        "van": date(1999, 1, 1),
        "tot": date(1999, 1, 2),
    }
    if q.params:
        zonder = db.fetch(sample_conn, path.stem, **{k: leeg[k] for k in q.params})
        assert zonder.schema == pl.Schema(q.schema())


def _address_with_actions_and_requests(conn) -> str:
    """An NCG address of the sample with claims, SVIP requests and joint actions, for the dossier queries."""
    actie, svip, img = schema.samenwerking_actie, schema.svip_verzoek, schema.img_schademelding
    stmt = (
        sa.select(actie.c.ncg_id)
        .where(actie.c.ncg_id.in_(sa.select(svip.c.ncg_id)), actie.c.ncg_id.in_(sa.select(img.c.ncg_id)))
        .order_by(actie.c.ncg_id)
        .limit(1)
    )
    return conn.execute(stmt).scalar_one()


def test_a_missing_parameter_is_an_error(sample_conn):
    with pytest.raises(TypeError, match="alle_gemeenten"):
        db.fetch(sample_conn, "opvolging_kpi", gemeenten=[], alle_programmas=1, programmas=[])


def test_a_parameter_the_query_does_not_declare_is_an_error(sample_conn):
    """A misspelt parameter is not silently dropped (the query would run on a default instead)."""
    params = {"alle_gemeenten": 0, "gemeenten": ["Groningen"], "alle_programmas": 1, "programmas": []}
    assert db.fetch(sample_conn, "opvolging_kpi", **params).columns == [
        k for k, _ in db.query("opvolging_kpi").kolommen
    ]
    with pytest.raises(TypeError, match="gemeente_lijst"):
        db.fetch(sample_conn, "opvolging_kpi", **params, gemeente_lijst=["Groningen"])
    with pytest.raises(TypeError, match="peildatum"):
        db.fetch(sample_conn, "filter_opties", peildatum=max(db.stored_peildata(sample_conn)), peildata=[])


def test_comments_end_at_the_line_but_not_inside_a_string():
    sql = "select '--' as streep, :a as x, 'it''s -- :b' as y -- :c\n  , \"kolom--naam\" /* :d */ from t where z = :e"
    assert db.used_params(sql) == {"a", "b", "e"}  # ':b' is in a literal, which SQLAlchemy binds too
    assert (
        "'--'" in db.strip_comments(sql) and ":c" not in db.strip_comments(sql) and ":d" not in db.strip_comments(sql)
    )
    assert '"kolom--naam"' in db.strip_comments(sql)


@pytest.mark.parametrize(
    ("header", "body", "fout"),
    [
        (
            "-- params: peildatum, load_id",
            "select 1 as x from t where p = :peildatum",
            r"\[.load_id.\] it does not use",
        ),
        (
            "-- params: peildatum",
            "select 1 as x from t where p = :peildatum and l = :load_id",
            r"\['load_id'\] it does not declare",
        ),
        ("-- params: none", "select '--:x' as x", r"\['x'\] it does not declare"),
        ("-- params: none\n-- kolommen: x number", "select 1 as x", "kolommen wants"),
    ],
)
def test_a_header_that_does_not_match_its_sql_is_an_error(header, body, fout):
    with pytest.raises(db.QueryError, match=fout):
        db.parse_query("proef", f"-- name: proef\n{header}\n{body}")


def _query_dir(tmp_path, monkeypatch, **files: str):
    (tmp_path / "fragments").symlink_to(config.queries_dir() / "fragments")
    for name, text in files.items():
        (tmp_path / f"{name}.sql").write_text(text, encoding="utf-8")
    monkeypatch.setattr(config, "queries_dir", lambda: tmp_path)
    db.query.cache_clear()


def test_the_result_comes_in_the_declared_types_not_by_its_names(sample_conn, tmp_path, monkeypatch):
    """Columns named like dates (`*_van`, `*_tot`, `datum`) stay what the header declares; an undeclared column
    is an error."""
    peildatum = max(db.stored_peildata(sample_conn))
    try:
        _query_dir(
            tmp_path,
            monkeypatch,
            proef=(
                "-- name: proef\n-- params: peildatum\n"
                "-- kolommen: pc4_van text, datum text, dag date, aantal int, vlag bool,\n"
                "--   sinds datetime\n"
                "select '9711' as pc4_van, 'geen datum' as datum, peildatum as dag, count(*) as aantal,\n"
                "    max(case when categorie = 'beide_lopend' then 1 else 0 end) = 1 as vlag,\n"
                "    (select max(geladen_op) from snapshot) as sinds\n"
                "from adres where peildatum = :peildatum group by peildatum\n"
            ),
            te_veel="-- name: te_veel\n-- params: none\n-- kolommen: a int\nselect 1 as a, 2 as b\n",
        )
        frame = db.fetch(sample_conn, "proef", peildatum=peildatum)
        assert frame.schema == pl.Schema(
            {
                "pc4_van": pl.String,
                "datum": pl.String,
                "dag": pl.Date,
                "aantal": pl.Int64,
                "vlag": pl.Boolean,
                "sinds": pl.Datetime("us"),
            }
        )
        assert frame.row(0)[:2] == ("9711", "geen datum") and frame["dag"][0] == peildatum
        leeg = db.fetch(sample_conn, "proef", peildatum=date(1999, 1, 1))
        assert leeg.height == 0 and leeg.schema == frame.schema
        with pytest.raises(db.QueryError, match="declared"):
            db.fetch(sample_conn, "te_veel")
    finally:
        db.query.cache_clear()
