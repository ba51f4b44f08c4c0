"""Every page's view in the URL: a link restores it in a new browser, and back/forward step through views.

A page declares its controls as `Veld`s (session-state key -> query parameter, with a codec), calls
`herstel` before it creates the widgets and `bewaar` after:

    velden = (urlstaat.Veld("kd_groepen", "groep", urlstaat.lijst(GROEPEN), ["B", "E"]), ...)
    urlstaat.herstel(velden)     # the URL sets the widgets' session state (or the defaults do)
    ... st.multiselect(..., key="kd_groepen") ...   # no default=/value= of its own: the state holds it
    urlstaat.bewaar(velden)      # the widgets' values back into the URL, defaults left out

URLs stay short and readable: Dutch parameter names, dates as YYYY-MM-DD, lists comma-separated (repeated
parameters are read too), flags as `ja`, a default left out. A value that does not fit (hostile, mistyped,
or a peildatum that is no longer stored) falls back to the default with one short Dutch note quoting at most
`UITTREKSEL` characters of it; never a traceback.

When does the URL set the view? Streamlit writes st.query_params to the address bar with history.pushState
(replaceState while it replays a history step), so every change here is a history entry; on back/forward
(popstate) it reruns the page with that entry's query string (Streamlit 1.67's App.onHistoryChange). So:
at the start of each run (`begin`, called by ui.sidebar) the query parameters are compared with the ones
this session last left in the URL. Different means the URL was changed from outside (a link opened, back or
forward, a page reached with `link`/`ga_naar`): then the URL rules and every declared control takes its
value from it, a missing parameter meaning the default. The same means the user changed a widget: then the
widgets rule and `bewaar` writes them back. Every write goes through `schrijf`, which sends one message
per call (one history entry) and keeps that record.

For other pages and drill-throughs: `link(pagina, **params)` builds a relative URL (`kandidaten?groep=B`)
with the current sidebar filters kept, and `ga_naar(pagina, **params)` switches to the page with those
parameters (st.switch_page); the page then opens on them, as from a shared link.

Why over 400 lines: the codecs (how each kind of control reads and writes its URL text, and checks a hostile
value) and the read/write protocol above depend on each other and on one record of what this session last
wrote; together they are the one contract every page relies on, so they stay in one module.
"""

from __future__ import annotations

import contextlib
import re
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from dashboard.core.tekst import md

UITTREKSEL = 20  # characters of a rejected URL value quoted back in the note
_MAX_WAARDE = 2000  # longer URL values are not parsed at all
_LAATST = "_urlstaat_laatst"  # the query parameters this session last left in the URL
# Each run's verdict (did the URL change from outside?), by the run's own object: gone with the run.
_OORDEEL: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# Parameters the sidebar and the dossier own; `link` keeps the sidebar's.
ZIJBALK = ("peildatum", "gemeente", "programma")
JA, NEE = "ja", "nee"


class Ongeldig(ValueError):
    """A URL value that does not fit its control."""


def _tekst(waarde: Any) -> str:
    return waarde.isoformat() if isinstance(waarde, date) else str(waarde)


@dataclass(frozen=True)
class Codec:
    """Turns the strings of one query parameter into a control's value and back."""

    lees: Callable[[list[str]], Any]  # the parameter's strings (commas split) -> value; raises Ongeldig
    schrijf: Callable[[Any], str]  # value -> the parameter's one string
    lijst: bool = False  # a comma-separated list: an empty parameter is the empty list
    # Whether a state value may stay (e.g. a range with one day picked so far); default: `geldig`.
    houdbaar: Callable[[Any], bool] | None = None

    def geldig(self, waarde: Any) -> bool:
        """Whether `waarde` is a value this control can hold and write."""
        try:
            tekst = self.schrijf(waarde)
            self.lees(_splits([tekst]) if self.lijst else [tekst])
        except (Ongeldig, KeyError, TypeError, ValueError, AttributeError):
            return False
        return True


def _splits(waarden: list[str]) -> list[str]:
    return [d.strip() for w in waarden for d in w.split(",") if d.strip()]


def _een(waarden: list[str]) -> str:
    if len(waarden) != 1:
        raise Ongeldig("één waarde verwacht")
    return waarden[0].strip()


def _opties(opties: Iterable[Any], teksten: Mapping[Any, str] | None) -> dict[str, Any]:
    """URL text -> value: each option by its text (dates as YYYY-MM-DD, a dict's keys), or as `teksten` says."""
    return {(teksten or {}).get(o) or _tekst(o): o for o in opties}


def keuze(opties: Iterable[Any], teksten: Mapping[Any, str] | None = None) -> Codec:
    """One of `opties` (a selectbox, radio, segmented control, single pills, a tab); `teksten` gives the URL
    text of a value when it should not be the value itself: {"Proactief benaderen": "proactief"}."""
    naar_waarde = _opties(opties, teksten)
    naar_tekst = {v: k for k, v in naar_waarde.items()}

    def lees(waarden: list[str]) -> Any:
        tekst = _een(waarden)
        if tekst not in naar_waarde:
            raise Ongeldig(tekst)
        return naar_waarde[tekst]

    return Codec(lees, lambda w: naar_tekst[w])


def lijst(opties: Iterable[Any], *, als: type = list) -> Codec:
    """Any of `opties`, in their order (a multiselect, multi pills): `groep=B,E`."""
    naar_waarde = _opties(opties, None)
    naar_tekst = {v: k for k, v in naar_waarde.items()}
    volgorde = {k: i for i, k in enumerate(naar_waarde)}

    def lees(waarden: list[str]) -> Any:
        teksten = list(dict.fromkeys(waarden))
        if onbekend := [t for t in teksten if t not in naar_waarde]:
            raise Ongeldig(onbekend[0])
        return als(naar_waarde[t] for t in sorted(teksten, key=volgorde.get))

    def schrijf(waarde: Any) -> str:
        return ",".join(sorted((naar_tekst[w] for w in (waarde or ())), key=volgorde.get))

    return Codec(lees, schrijf, lijst=True)


def _datum(tekst: str, eerste: date | None, laatste: date | None) -> date:
    try:
        d = date.fromisoformat(tekst)
    except ValueError:
        raise Ongeldig(tekst) from None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", tekst) or (eerste and d < eerste) or (laatste and d > laatste):
        raise Ongeldig(tekst)
    return d


def datum(eerste: date | None = None, laatste: date | None = None) -> Codec:
    """A day within [eerste, laatste]: `2021-06-30`."""
    return Codec(lambda w: _datum(_een(w), eerste, laatste), lambda d: d.isoformat())


def periode(eerste: date | None = None, laatste: date | None = None) -> Codec:
    """A (van, tot) range within [eerste, laatste]: `2021-01-03,2021-06-30`. A half-picked range is not a value."""

    def lees(waarden: list[str]) -> tuple[date, date]:
        if len(waarden) != 2:
            raise Ongeldig(",".join(waarden))
        van, tot = (_datum(t, eerste, laatste) for t in waarden)
        if van > tot:
            raise Ongeldig(",".join(waarden))
        return van, tot

    def schrijf(waarde: Any) -> str:
        van, tot = waarde
        return f"{van.isoformat()},{tot.isoformat()}"

    def houdbaar(waarde: Any) -> bool:  # a date_input range while it is being picked: () or (van,)
        return (
            isinstance(waarde, tuple)
            and len(waarde) <= 2
            and all(
                isinstance(d, date) and (not eerste or d >= eerste) and (not laatste or d <= laatste) for d in waarde
            )
        )

    return Codec(lees, schrijf, lijst=True, houdbaar=houdbaar)


def vlag() -> Codec:
    """On or off (a checkbox, a toggle): `ja` or `nee`."""

    def lees(waarden: list[str]) -> bool:
        tekst = _een(waarden).lower()
        if tekst not in (JA, NEE):
            raise Ongeldig(tekst)
        return tekst == JA

    return Codec(lees, lambda w: JA if w else NEE)


def getal(minimum: int, maximum: int) -> Codec:
    """A whole number within [minimum, maximum] (a number input)."""

    def lees(waarden: list[str]) -> int:
        tekst = _een(waarden)
        if not re.fullmatch(r"\d{1,6}", tekst) or not minimum <= int(tekst) <= maximum:
            raise Ongeldig(tekst)
        return int(tekst)

    return Codec(lees, lambda w: str(int(w)))


def tekst(patroon: str, max_lengte: int = 40, *, schoon: Callable[[str], str] = str.strip) -> Codec:
    """Free text (a postcode, an NCG-id): written as `schoon` makes it when it then matches `patroon` in full;
    text being typed that does not (yet) match stays in the field, the URL keeping its last good value."""
    regel = re.compile(patroon)

    def lees(waarden: list[str]) -> str:
        t = _een(waarden)
        if len(t) > max_lengte or not regel.fullmatch(t):
            raise Ongeldig(t)
        return t

    def schrijf(waarde: Any) -> str:
        if not isinstance(waarde, str):
            raise Ongeldig(repr(waarde))
        return schoon(waarde)

    return Codec(lees, schrijf, houdbaar=lambda w: isinstance(w, str))


NCG_ID = tekst(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}")
PAGINA = getal(1, 999_999)  # a list's page (dossier.adreslijst); a page past the end falls back to 1 there


@dataclass(frozen=True)
class Veld:
    """One control of a page: its session-state key, its query parameter, its codec and its default."""

    sleutel: str
    param: str
    codec: Codec
    standaard: Any = None
    # Written to the URL only when this says so (a control shown only in some views); read always.
    actief: Callable[[], bool] | None = field(default=None, compare=False)


# ---------------------------------------------------------------- reading the URL


def _huidig() -> dict[str, list[str]]:
    qp = st.query_params
    return {k: qp.get_all(k) for k in qp}


def _run() -> object | None:
    """An object that lives as long as this script run (Streamlit's per-run coordinator), or None."""
    from dashboard.app import streamlit_compat

    return streamlit_compat.script_run()


def begin() -> bool:
    """Whether the URL was changed from outside since this session last wrote it (a new session, a link,
    back or forward). Decided once per run, on the first call, before any control writes the URL: ui.sidebar
    calls it first on the server; a page run on its own (AppTest's switch_page) decides in `herstel`."""
    run = _run()
    if run is not None:
        try:
            return _OORDEEL[run]
        except (KeyError, TypeError):
            pass
    nu = _huidig()
    van_buiten = st.session_state.get(_LAATST) != nu
    st.session_state[_LAATST] = nu
    if run is not None:
        with contextlib.suppress(TypeError):
            _OORDEEL[run] = van_buiten
    return van_buiten


extern = begin  # the same verdict, for readers


def in_url(params: Iterable[str]) -> bool:
    return any(p in st.query_params for p in params)


def _lees(veld: Veld) -> tuple[Any, str | None]:
    """The field's value in the URL (the default when absent) and, for a value that does not fit, an excerpt."""
    waarden = st.query_params.get_all(veld.param)
    if not waarden:
        return veld.standaard, None
    if sum(len(w) for w in waarden) > _MAX_WAARDE:
        return veld.standaard, ",".join(waarden)
    try:
        return veld.codec.lees(_splits(waarden) if veld.codec.lijst else waarden), None
    except Ongeldig:
        return veld.standaard, ",".join(waarden)


def _uittreksel(waarde: str) -> str:
    kort = waarde[:UITTREKSEL] + ("…" if len(waarde) > UITTREKSEL else "")
    return md(kort)


# Session-state keys a click-through (app.doorklik_ui) set for the page it opens: that page's view, kept over
# what its URL would restore on arrival.
VAST = "_urlstaat_vast"


def herstel(velden: Sequence[Veld], *, melden: bool = True) -> dict[str, Any]:
    """Before the widgets: when the URL changed from outside, each field takes its value from it (or its
    default); otherwise a field keeps its state, and gets its default when it has none or one that no longer
    fits (a peildatum that changed its options). Returns the values, by session-state key."""
    van_buiten = extern()
    vast: set[str] = st.session_state.get(VAST, set())
    afgewezen: list[tuple[str, str]] = []
    for veld in velden:
        if veld.sleutel in vast and veld.sleutel in st.session_state:
            vast.discard(veld.sleutel)  # set by a click that opened this view (app.doorklik_ui.volg): kept once
            continue
        if van_buiten or veld.sleutel not in st.session_state:
            waarde, fout = _lees(veld)
            if fout is not None:
                afgewezen.append((veld.param, fout))
            st.session_state[veld.sleutel] = waarde
        elif not _past(veld, st.session_state[veld.sleutel]):
            st.session_state[veld.sleutel] = veld.standaard
    if afgewezen and melden:
        st.warning(
            "Deze link bevat een waarde die hier niet (meer) past; de standaard wordt gebruikt: "
            + "; ".join(f"{md(p)} = '{_uittreksel(w)}'" for p, w in afgewezen)
            + ".",
            icon=":material/link_off:",
        )
    return {v.sleutel: st.session_state[v.sleutel] for v in velden}


def _past(veld: Veld, waarde: Any) -> bool:
    if waarde is None:
        return veld.standaard is None
    return (veld.codec.houdbaar or veld.codec.geldig)(waarde)


# ---------------------------------------------------------------- writing the URL


def _is_standaard(veld: Veld, waarde: Any) -> bool:
    if waarde is None or veld.standaard is None:
        return waarde is None and veld.standaard is None
    try:  # compared as written, so a list's order does not count
        return veld.codec.schrijf(waarde) == veld.codec.schrijf(veld.standaard)
    except (Ongeldig, KeyError, TypeError, ValueError, AttributeError):
        return False


def waarden(velden: Sequence[Veld]) -> dict[str, str | None]:
    """The fields' query parameters for their current state: None for a default (left out of the URL)."""
    uit: dict[str, str | None] = {}
    for veld in velden:
        if veld.actief is not None and not veld.actief():
            uit[veld.param] = None
            continue
        waarde = st.session_state.get(veld.sleutel, veld.standaard)
        if _is_standaard(veld, waarde):
            uit[veld.param] = None
        elif veld.codec.geldig(waarde):
            uit[veld.param] = veld.codec.schrijf(waarde)
        # else: a half-made value (one day of a range picked): the URL keeps what it had
    return uit


def bewaar(velden: Sequence[Veld]) -> None:
    """After the widgets: their values into the URL (one history entry when anything changed)."""
    schrijf(waarden(velden))


def schrijf(params: Mapping[str, str | list[str] | None]) -> None:
    """Set (or, for None, remove) query parameters in one message, and remember the result; nothing is sent
    when the URL already says so."""
    huidig = _huidig()
    nieuw = dict(huidig)
    for k, v in params.items():
        if v is None:
            nieuw.pop(k, None)
        else:
            nieuw[k] = list(v) if isinstance(v, list | tuple) else [v]
    if nieuw != huidig:
        st.query_params.from_dict({k: (v if len(v) > 1 else v[0]) for k, v in nieuw.items()})
    st.session_state[_LAATST] = _huidig()


# ---------------------------------------------------------------- links between pages


def _als_param(waarde: Any) -> str | list[str]:
    if isinstance(waarde, bool):
        return JA if waarde else NEE
    if isinstance(waarde, tuple) and len(waarde) == 2 and all(isinstance(d, date) for d in waarde):
        return f"{waarde[0].isoformat()},{waarde[1].isoformat()}"
    if isinstance(waarde, list | tuple | set | frozenset):
        return ",".join(_tekst(w) for w in waarde)
    return _tekst(waarde)


def params(zijbalk: bool = True, **waarden_: Any) -> dict[str, str | list[str]]:
    """Query parameters for a view: the current sidebar filters (unless zijbalk=False) and `waarden_`, each
    by its parameter name (`groep=["B"]`, `periode=(van, tot)`, `aandelen=True`); None leaves one out."""
    uit: dict[str, str | list[str]] = {}
    if zijbalk:
        for k in ZIJBALK:
            if alle := st.query_params.get_all(k):
                uit[k] = alle if len(alle) > 1 else alle[0]
    for k, v in waarden_.items():
        if v is None:
            uit.pop(k, None)
        else:
            uit[k] = _als_param(v)
    return uit


def link(pagina: str, **waarden_: Any) -> str:
    """A relative URL of `pagina` (its url_path, e.g. "kandidaten") opening on `waarden_` (see `params`),
    for st.page_link-free Markdown links or st.link_button: `kandidaten?peildatum=2021-08-31&groep=B`."""
    query = urlencode(params(**waarden_), doseq=True)
    return f"{pagina}?{query}" if query else pagina


def ga_naar(pagina: str, **waarden_: Any) -> None:
    """Switch to `pagina` (its file, "pages/kandidaten.py", or url_path "kandidaten") opening on `waarden_`."""
    bestand = pagina if pagina.endswith(".py") else f"pages/{pagina}.py"
    st.switch_page(bestand, query_params=params(**waarden_))


# ---------------------------------------------------------------- the browser's history after a page-menu click

# Streamlit's frontend (1.67) handles the arriving page's first URL update (here: the sidebar's filters, which a
# menu click drops from the URL) before it switches the address bar to the new page, so one click leaves two
# history entries: the old page's path with the new query, then the new page. Back then shows the old page
# without its view; or (the other order) the new page without a query, then with it, and back then seems to
# do nothing. This script, installed once per browser tab, turns the second push of such a pair (less than 2 s
# apart) into a replacement of the first, so a menu click is one history entry.
_GESCHIEDENIS_JS = """<script>
(() => {
  if (window.__urlstaatGeschiedenis) return;
  window.__urlstaatGeschiedenis = true;
  const push = history.pushState.bind(history), vervang = history.replaceState.bind(history);
  let vorige = null;  // the last push: {pad, query, tijd}
  history.pushState = (staat, titel, url) => {
    const doel = new URL(url, location.href), nu = Date.now();
    const kort = vorige && nu - vorige.tijd < 2000;
    // The order varies: the old path with the new query, then the new path with it; or the new path
    // without a query (the menu drops it), then the same path with the sidebar's query.
    const paar = kort && ((vorige.pad === location.pathname && doel.pathname !== location.pathname
                            && doel.search === vorige.query)
                          || (vorige.query === "" && doel.pathname === vorige.pad && doel.search !== ""));
    vorige = {pad: doel.pathname, query: doel.search, tijd: nu};
    return paar ? vervang(staat, titel, url) : push(staat, titel, url);
  };
})();
</script>"""


def geschiedenis() -> None:
    """Install the history fix above (call once per run, e.g. in the sidebar; the script guards itself)."""
    st.html(_GESCHIEDENIS_JS, unsafe_allow_javascript=True)
