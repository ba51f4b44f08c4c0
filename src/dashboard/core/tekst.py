"""Delivered text shown as text where Streamlit renders Markdown.

st.markdown, st.caption, st.subheader, widget labels, help texts and pills render Markdown: a gemeente or
straat like `![px](http://host/x.png)` would make every viewer's browser fetch an outside image, `[tekst](url)`
would be a link, `:red[...]` or `:material/...:` Streamlit's own directives, `http://...` or `www.` an
automatic link. `md` makes any text literal: every character that can start Markdown structure inline gets a
backslash (CommonMark lets any ASCII punctuation be escaped), so do `-` and `+` at the start (a list), line
breaks become spaces (a new line could start a heading or a list). Other punctuation (`,` `-` `'` `/`) stays
as it is, so ordinary names read the same in the source. Use it on every value that came from a delivery,
a login or the URL before it meets Markdown; text the code writes itself needs nothing.

`neutraliseer` does the same for spreadsheets: a CSV cell that a spreadsheet would take for a formula.
"""

from __future__ import annotations

import re

import polars as pl

# Inline Markdown and Streamlit's additions: emphasis, code, links and images, HTML, headings, tables,
# strikethrough, directives and icons (':'), LaTeX ('$'), autolinks ('.', ':', '@').
TEKENS = "\\`*_{}[]()<>#!|~:$.@"
_TEKEN = re.compile("([" + re.escape(TEKENS) + "])")
_BEGIN = re.compile(r"^(\s*)([-+=])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]+")


def md(tekst: object) -> str:
    """`tekst` as literal text inside Markdown."""
    platte = _LINE_BREAKS.sub(" ", "" if tekst is None else str(tekst))
    return _BEGIN.sub(r"\1\\\2", _TEKEN.sub(r"\\\1", platte))


# A spreadsheet reads a CSV cell starting with one of these as a formula (OWASP, "CSV injection").
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


def neutraliseer(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would take for a formula get a leading single quote (the OWASP rule);
    numbers, dates and other text stay as they are."""
    begint = "^[" + re.escape("".join(FORMULE_TEKENS)) + "]"
    casts = [
        pl.when(pl.col(name).str.contains(begint)).then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    ]
    return frame.with_columns(casts) if casts else frame
