"""Auditlog (beheerder): every address-level view, list export and data load, read-only."""

from datetime import datetime, time, timedelta

import polars as pl
import streamlit as st

from dashboard.app import sessie, ui, urlstaat, widgets
from dashboard.core import fmt
from dashboard.store import audit

ui.page_header(
    "Auditlog",
    "Wie bekeek of exporteerde gegevens op adresniveau, en wie laadde welke aanlevering. "
    "Het logboek kan vanuit het dashboard alleen worden aangevuld, niet gewijzigd.",
)
vandaag = datetime.now().date()
# The view in the URL (urlstaat): ?periode=2026-11-01,2026-11-30&actie=lijst_export
VELDEN = (
    urlstaat.Veld("audit_periode", "periode", urlstaat.periode(), (vandaag - timedelta(days=30), vandaag)),
    urlstaat.Veld("audit_acties", "actie", urlstaat.lijst(audit.ACTIES), []),
)
urlstaat.herstel(VELDEN)
cols = st.columns([2, 3])
periode = cols[0].date_input("Periode", format="DD-MM-YYYY", key="audit_periode")
acties = cols[1].multiselect(
    "Actie", list(audit.ACTIES), format_func=audit.ACTIES.get, key="audit_acties", placeholder="Alle acties"
)
urlstaat.bewaar(VELDEN)
van, tot = periode if isinstance(periode, tuple) and len(periode) == 2 else (periode[0], periode[0])
log = sessie.audit_data(
    ui.database_url(),
    datetime.combine(van, time()),
    datetime.combine(tot + timedelta(days=1), time()),
    tuple(sorted(acties)),
)
st.metric("Regels", fmt.getal(log.height))
tabel = log.select(
    pl.col("tijdstip").alias("Tijdstip"),
    pl.col("gebruiker").alias("Gebruiker"),
    pl.col("rol").alias("Rol"),
    pl.col("actie").replace_strict(audit.ACTIES, default=pl.col("actie")).alias("Actie"),
    pl.col("onderdeel").alias("Onderdeel"),
    pl.col("filters").alias("Filters"),
    pl.col("aantal_rijen").alias("Rijen"),
)
st.dataframe(
    tabel,
    hide_index=True,
    key="audit_tabel",
    column_config={"Tijdstip": st.column_config.DatetimeColumn("Tijdstip", format="DD-MM-YYYY HH:mm:ss")},
)
widgets.tabel_downloads(
    tabel,
    key="audit_export",
    bijschrift=widgets.bijschrift("Auditlog", "Auditlog", {"Periode": f"{fmt.datum(van)} t/m {fmt.datum(tot)}"}),
)
