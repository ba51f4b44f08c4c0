"""Every stored query: a documented header, exactly the parameters it uses, and it runs on both backends."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from dashboard.core import config
from dashboard.store import db, schema
from dashboard.core.filters import BEGIN, EIND, Selectie

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
    header = dict(re.findall(r"^--\s*(name|purpose|grain|params):\s*(.+)$", text, re.MULTILINE))
    assert header.keys() == {"name", "purpose", "grain", "params"}
    assert header["name"] == path.stem
    assert text.lstrip().startswith("-- name:")


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_declares_exactly_the_parameters_it_uses(path):
    q = db.query(path.stem)
    assert set(q.params) == db.used_params(q.sql)
    assert len(set(q.params)) == len(q.params)


@pytest.mark.parametrize("path", QUERIES + FRAGMENTS, ids=lambda p: p.stem)
def test_is_one_statement_without_pasted_values(path):
    code = "\n".join(line.split("--", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
    assert ";" not in code.strip().rstrip(";")
    assert not re.search(r"\{\w*\}|%s|%\(", code), "templating or driver placeholders instead of :named parameters"
    assert not re.search(r"'\d{4}-\d{2}-\d{2}'", code), "a date pasted into SQL"


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_runs_on_the_sample(path, sample_conn):
    q = db.query(path.stem)
    peildatum = max(db.stored_peildata(sample_conn))
    params = {"peildatum": peildatum, **EXAMPLE_PARAMS, "ncg_id": _address_with_actions_and_requests(sample_conn)}
    unknown = set(q.params) - params.keys()
    assert not unknown, f"add an example value for {unknown}"
    frame = db.fetch(sample_conn, path.stem, **{k: params[k] for k in q.params})
    assert frame.width >= 1
    if "peildatum" in q.params:
        assert frame.height >= 1, "no rows on the sample"


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
        db.fetch(sample_conn, "adressen_per_categorie", peildatum=date(2021, 8, 31))
