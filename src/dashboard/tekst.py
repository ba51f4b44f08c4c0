"""Delivered text shown as text where Streamlit renders Markdown.

st.markdown, st.caption, st.subheader, widget labels, help texts and pills render Markdown: a gemeente or
straat like `![px](http://host/x.png)` would make every viewer's browser fetch an outside image, `[tekst](url)`
would be a link, `:red[...]` or `:material/...:` Streamlit's own directives. `md` makes any text literal:
every ASCII punctuation character gets a backslash (CommonMark lets any of them be escaped), line breaks
become spaces (a new line could start a heading or a list). Use it on every value that came from a delivery,
a login or the URL before it meets Markdown; text the code writes itself needs nothing.
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md(tekst: object) -> str:
    """`tekst` as literal text inside Markdown."""
    return _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", "" if tekst is None else str(tekst)))
