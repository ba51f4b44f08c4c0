"""Rewrite a branch's imports to the layer layout of MOVES.md (a one-off for merging the branches of 2026-11-30).

Handles `from dashboard import a, b`, `from dashboard.x import ...`, `import dashboard.x`, dotted strings
("dashboard.ui"), `ui.<name>` for names that left ui.py, `kaart.<name>` for names that left kaart.py, and
`toegang.vingerafdruk`. Review the diff: it adds imports on the line that imports ui/kaart, not elsewhere.

    python -m dashboard.devtools.relayout $(git ls-files '*.py' Makefile README.md)
"""
import re
import sys
from pathlib import Path

MODULES = {
    "domain": "core.domain", "palet": "core.palet", "filters": "core.filters", "fmt": "core.fmt",
    "privacy": "core.privacy", "toegang": "core.toegang", "tekst": "core.tekst", "config": "core.config",
    "tijdreeks": "core.tijdreeks",
    "db": "store.db", "schema": "store.schema", "adresframe": "store.adresframe", "audit": "store.audit",
    "loader": "store.loader",
    "adressen": "subjects.adressen", "overzicht": "subjects.overzicht", "ivr": "subjects.ivr", "svip": "subjects.svip",
    "samenwerking": "subjects.samenwerking", "signalen": "subjects.signalen", "trend": "subjects.trend",
    "datakwaliteit": "subjects.datakwaliteit", "opvolging": "subjects.opvolging", "kaart": "subjects.kaart",
    "report": "subjects.rapport_json",
    "ui": "app.ui", "opvolging_ui": "app.opvolging_ui", "export": "app.export", "rapport": "app.rapport_pdf",
    "generate": "devtools.generate",
}
UI_NAMES = {
    "sessie": "_voorbeeld_vingerafdrukken _alleen_voorbeelddata _poort aanmelden _audit_data audit_data audit_log _audit_regel",
    "dossier": "dossier _datumkolommen LIJST_PAGINA adreslijst open_dossier",
    "widgets": "bijschrift grafiek _markdown_letterlijk grafiek_export rapport_knop tabel_downloads periode tabel",
    "legenda": "legenda_kleuren legenda_verloop achtergrond_bijschrift",
}
KAARTLAGEN = ("REGIO PLAATSEN_ONDER PLAATSEN_LAAG PLAATSEN HEX_RAMP AANDEEL_MAX PUNTEN_TOOLTIP punten_deck hexagon_rijen "
              "HEXAGONEN_TOOLTIP hexagonen_deck hex_legenda punten_legenda _RuweJson _CompacteDeck plaatsen_laag "
              "kaartstijl _deck").split()

UI = {n: m for m, ns in UI_NAMES.items() for n in ns.split()}
dotted = re.compile(r"(?<![\w.])dashboard\.(" + "|".join(sorted(MODULES, key=len, reverse=True)) + r")\b(?!\.py)")
from_list = re.compile(r"^([ \t]*)from dashboard import ([^(\n#]+?)([ \t]*#.*)?$", re.M)
ui_attr = re.compile(r"(?<![\w.])ui\.(" + "|".join(sorted(UI, key=len, reverse=True)) + r")\b")
ui_patch = re.compile(r"monkeypatch\.setattr\(ui, \"(" + "|".join(UI) + r")\"")
kaart_attr = re.compile(r"(?<![\w.])kaart\.(" + "|".join(KAARTLAGEN) + r")\b")


def split_from(m):
    indent, names, comment = m.group(1), m.group(2), m.group(3) or ""
    groups = {}
    for part in filter(None, (p.strip() for p in names.split(","))):
        name, _, alias = part.partition(" as ")
        new = MODULES.get(name.strip())
        pkg, mod = ("dashboard", name.strip()) if new is None else ("dashboard." + new).rsplit(".", 1)
        asname = alias.strip() or (name.strip() if mod != name.strip() else "")
        groups.setdefault(pkg, []).append(mod + (f" as {asname}" if asname and asname != mod else ""))
    return "\n".join(f"{indent}from {pkg} import {', '.join(sorted(items))}" + (comment if i == 0 else "")
                     for i, (pkg, items) in enumerate(sorted(groups.items())))


def add_to_import(text, module_line, names):
    def add(m):
        items = [x.strip() for x in m.group(2).split("#")[0].split(",")]
        comment = ("  #" + m.group(2).split("#", 1)[1]) if "#" in m.group(2) else ""
        return f"{m.group(1)}from {module_line} import {', '.join(sorted(set(items) | names))}{comment}"
    return re.sub(r"^([ \t]*)from " + re.escape(module_line) + r" import ([^(\n]*)$", add, text, count=0, flags=re.M)


for f in sys.argv[1:]:
    p = Path(f)
    s = t = p.read_text()
    if p.suffix == ".py":
        t = from_list.sub(split_from, t)
    t = dotted.sub(lambda m: "dashboard." + MODULES[m.group(1)], t)
    if p.suffix == ".py":
        used = set()
        t = ui_attr.sub(lambda m: (used.add(UI[m.group(1)]), f"{UI[m.group(1)]}.{m.group(1)}")[1], t)
        t = ui_patch.sub(lambda m: (used.add(UI[m.group(1)]), f'monkeypatch.setattr({UI[m.group(1)]}, "{m.group(1)}"')[1], t)
        if used:
            t = add_to_import(t, "dashboard.app", used)
        n_kaart = len(kaart_attr.findall(t))
        t = kaart_attr.sub(r"kaartlagen.\1", t)
        if n_kaart:  # beside each line that imports kaart, with its indentation
            t = re.sub(r"^([ \t]*)(from dashboard\.subjects import [^\n]*\bkaart\b)", r"\1from dashboard.figures import kaartlagen\n\1\2",
                       t, flags=re.M)
        t = re.sub(r"from dashboard\.subjects\.kaart import (" + "|".join(KAARTLAGEN) + r")\b",
                   r"from dashboard.figures.kaartlagen import \1", t)
        t = t.replace("toegang.vingerafdruk(", "vingerafdruk(")  # now dashboard.store.loader.read.vingerafdruk
    if t != s:
        p.write_text(t)
        print("rewrote", f)
