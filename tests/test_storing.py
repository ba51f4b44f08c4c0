"""The app under hostile views and faults (AppTest): every page for every role on empty and sparse selections,
the database failing in the middle of a session and coming back, delivered Markdown shown as text, and a
refused delivery on Datakwaliteit."""

from __future__ import annotations

import os
import re
import sqlite3

import pytest
import sqlalchemy as sa
import streamlit as st
from streamlit.testing.v1 import AppTest

from builders import base, write_delivery
from conftest import ROOT, databases_for
from dashboard.core import toegang
from dashboard.core.tekst import md
from dashboard.store import db
from dashboard.store.loader import RefusedDelivery, load_delivery

APP = str(ROOT / "app.py")
AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test",
        "client_id": "dashboard",
        "client_secret": "geheim",
        "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration",
    }
}
NIET_BEREIKBAAR = "De database is niet bereikbaar."

# Filter combinations from shared links: no address at all (Oldambt has no koploper address), addresses but
# none with both dossiers running (Oldambt, bouwimpuls), and an earlier snapshot with a sparse selection.
COMBINATIES = {
    "leeg": {"gemeente": "Oldambt", "programma": "koploper"},
    "geen_beide_lopend": {"gemeente": "Oldambt", "programma": "bouwimpuls"},
    "vorige_peildatum": {
        "peildatum": "2020-10-31",
        "gemeente": ["Midden-Groningen", "Het Hogeland"],
        "programma": "koploper",
    },
}


# Pages that show no data of the selection (the accessibility statement): no notice about it either.
ZONDER_SELECTIE = {"toegankelijkheid"}


def _tekst(at: AppTest) -> str:
    return " ".join(e.value for kind in ("error", "info", "warning") for e in getattr(at, kind))


@pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("combinatie", sorted(COMBINATIES))
@pytest.mark.parametrize("rol", toegang.ROLLEN)
def test_every_page_renders_for_every_role_on_sparse_selections(monkeypatch, sample_url, rol, combinatie):
    monkeypatch.setenv("DATABASE_URL", sample_url)
    for pagina in toegang.PAGINAS:
        if not toegang.mag_pagina(rol, pagina):
            continue
        at = AppTest.from_file(APP, default_timeout=120)
        at.session_state["demo_rol"] = rol
        for key, value in COMBINATIES[combinatie].items():
            at.query_params[key] = value
        at.run()
        at.switch_page(f"pages/{pagina}.py").run()
        assert not at.exception, (rol, pagina, combinatie, at.exception)
        assert not at.error, (rol, pagina, combinatie, [e.value for e in at.error])
        assert at.title, (rol, pagina)
        if pagina in ZONDER_SELECTIE:
            continue
        if combinatie == "leeg":
            assert "Geen adressen in deze selectie." in [i.value for i in at.info], (rol, pagina)
        else:
            assert "Geen adressen in deze selectie." not in [i.value for i in at.info], (rol, pagina)


# ---------------------------------------------------------------- the database failing mid-session


def _kopie(bron_url: str, doel: str) -> str:
    """A private copy of the sample's SQLite database (through SQLite's backup, WAL included)."""
    bron = sqlite3.connect(sa.make_url(bron_url).database)
    kopie = sqlite3.connect(doel)
    bron.backup(kopie)
    bron.close()
    kopie.execute("pragma journal_mode = delete")
    kopie.close()
    return f"sqlite:///{doel}"


def _sessie_tot_storing(monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception and not at.error
    assert at.metric, "Overzicht without figures"
    return at


def _nieuwe_weergave(at: AppTest, pagina: str, gemeente: str) -> AppTest:
    """A view no cache holds: another page, another gemeente, and the shared frames gone (as after their expiry
    or a new load), so the view needs the database."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at.query_params["gemeente"] = gemeente
    at.switch_page(f"pages/{pagina}.py").run()
    return at


@pytest.mark.parametrize("sample_url", ["sqlite"], indirect=True)
def test_a_sqlite_file_failing_mid_session_gives_the_dutch_message_and_recovers(monkeypatch, sample_url, tmp_path):
    pad = tmp_path / "dossiers.sqlite"
    url = _kopie(sample_url, str(pad))
    at = _sessie_tot_storing(monkeypatch, url)

    goed = pad.read_bytes()
    with open(pad, "r+b") as f:  # the same file, unreadable as a database: as a broken disk or a bad restore
        f.write(b"\0" * len(goed))
    _nieuwe_weergave(at, "svip", "Eemsdelta")
    assert not at.exception, at.exception
    assert NIET_BEREIKBAAR in _tekst(at)
    assert "This app has encountered an error" not in _tekst(at)

    # The database comes back as a restored file (a new file at the same path): connections opened on the
    # broken one must not be used again.
    terug = tmp_path / "terug.sqlite"
    terug.write_bytes(goed)
    os.replace(terug, pad)
    _nieuwe_weergave(at, "fasematrix", "Loppersum").run()
    at.switch_page("pages/fasematrix.py").run()
    assert not at.exception and NIET_BEREIKBAAR not in _tekst(at)
    assert at.title[0].value == "Fasematrix"


@pytest.mark.postgres
def test_a_postgresql_database_gone_mid_session_gives_the_dutch_message_and_recovers(monkeypatch, tmp_path_factory):
    from conftest import POSTGRES_URL, SAMPLE
    from dashboard.store.loader import load_deliveries

    url = databases_for("postgres", tmp_path_factory).new()
    load_deliveries(SAMPLE, db.engine(url))
    naam = sa.make_url(url).database
    at = _sessie_tot_storing(monkeypatch, url)

    beheer = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")

    def hernoem(van: str, naar: str) -> None:
        with beheer.connect() as conn:
            conn.execute(
                sa.text("select pg_terminate_backend(pid) from pg_stat_activity where datname = :d"), {"d": van}
            )
            conn.exec_driver_sql(f'alter database "{van}" rename to "{naar}"')

    try:
        hernoem(naam, naam + "_weg")  # the app's connections are cut and the database is gone
        _nieuwe_weergave(at, "svip", "Eemsdelta")
        assert not at.exception, at.exception
        assert NIET_BEREIKBAAR in _tekst(at)
    finally:
        hernoem(naam + "_weg", naam)
        beheer.dispose()
    _nieuwe_weergave(at, "fasematrix", "Loppersum")
    assert not at.exception and NIET_BEREIKBAAR not in _tekst(at)
    assert at.title[0].value == "Fasematrix"


# ---------------------------------------------------------------- delivered Markdown stays text


BEELD = "![px](http://host/x.png)"


@pytest.mark.parametrize("backend", ["sqlite"])
def test_delivered_markdown_is_shown_as_text(monkeypatch, new_database, tmp_path):
    files = base()
    for rij in files["ncg_adressen"]:
        rij["gemeente"] = BEELD
    files["ncg_adressen"][0]["straat"] = "[klik](javascript:alert(1)) :red[rood] **vet**"
    url = new_database()
    load_delivery(write_delivery(tmp_path / "d", files), db.engine(url))
    # A refused delivery for the Datakwaliteit check below: an IMG file with only its header.
    leeg = base()
    leeg["img_schademeldingen"] = leeg["img_schademeldingen"][:1]
    leeg["img_schademeldingen"][0]["fase"] = "onzin"
    with pytest.raises(RefusedDelivery):
        load_delivery(write_delivery(tmp_path / "leeg", leeg), db.engine(url))

    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets.update(AUTH)
    at.user = {"is_logged_in": True, "email": "b@ncg.nl", "dashboard_rol": "beheerder"}
    at.query_params["gemeente"] = BEELD
    at.query_params["adres"] = "N1"
    at.run()
    at.switch_page("pages/kaart.py").run()
    assert not at.exception, at.exception

    markdown = [
        e.value for kind in ("caption", "markdown", "subheader", "title", "info", "warning") for e in getattr(at, kind)
    ]
    assert any(md(BEELD) in m for m in markdown), "the gemeente filter is not in the caption"
    dossier = next(s.value for s in at.subheader if s.value.startswith("Dossier "))
    assert dossier == "Dossier " + md("[klik](javascript:alert(1)) :red[rood] **vet** 12A, 9919AB Loppersum")
    for m in markdown:  # nothing delivered reaches Markdown unescaped
        assert "![px](" not in m and "](javascript" not in m and ":red[" not in m, m

    at.switch_page("pages/datakwaliteit.py").run()
    assert not at.exception
    waarschuwing = " ".join(w.value for w in at.warning)
    assert "1 aanlevering(en) geweigerd" in waarschuwing and md("img_schademeldingen.csv: geen enkele") in waarschuwing
    assert "--force" in waarschuwing


def test_md_escapes_every_markdown_construct():
    from dashboard.core.tekst import TEKENS

    teken = "[" + re.escape(TEKENS) + "]"
    for tekst in (
        BEELD,
        "[a](b)",
        "**vet**",
        "`code`",
        "# kop",
        "- lijst",
        "+ lijst",
        ":material/home:",
        ":red[x]",
        "$x$",
        "<b>x</b>",
        "regel\nnieuwe # kop",
        "a\\b",
        "1. lijst",
        "~~weg~~",
        "| tabel |",
        "_x_",
        "www.host.nl",
        "http://host/x",
        "a@b.nl",
        "=HYPERLINK()",
    ):
        escaped = md(tekst)
        # Every character that can make Markdown structure is escaped, a list marker at the start too, and
        # no line break is left: CommonMark renders it literally.
        assert re.fullmatch(rf"(?:\\(?:{teken}|[-+=])|(?!{teken})[^\n])*", escaped.lstrip(" ")), escaped
        assert not re.match(r"\s*[-+=]", escaped), escaped
        assert re.sub(r"\\(.)", r"\1", escaped) == tekst.replace("\n", " ")
    assert md("Groningen") == "Groningen" and md(None) == "" and md("9711AB 12") == "9711AB 12"
    assert md("Midden-Groningen, 't Zandt") == "Midden-Groningen, 't Zandt"  # ordinary names read the same
