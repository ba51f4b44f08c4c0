"""A browserless Streamlit client: one app session over Streamlit's own websocket protocol.

What the browser does, without drawing: connect to `ws://HOST:PORT/_stcore/stream` with the
subprotocol `streamlit`, send a `BackMsg` whose `rerun_script` holds the client state (query string,
page, widget states) and read `ForwardMsg`s until `script_finished`. The widgets' ids come from the
`new_element` deltas of the previous run (a widget's id depends on its key and parameters), so a
session can change the sidebar's gemeente selection (`f_gemeenten`) or the demo role (`demo_rol`)
the way a click in the browser would: every known widget's state is sent with each rerun.

Each `Session.rerun` returns a `Rerun`: wall time from sending until `script_finished` (the client's
latency), bytes and messages received, the run's status, exception elements and error alerts.
Used by the benchmark (`bench_ws`), the soak and the concurrency test; the app never imports it.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import websockets

from dashboard.app.streamlit_compat import BackMsg, ForwardMsg, WidgetState

# The value field of a widget's state, by element type (what the frontend sends).
_VALUE_FIELD = {"multiselect": "string_array_value", "selectbox": "string_value"}
_FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "ok",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile_error",
    ForwardMsg.FINISHED_EARLY_FOR_RERUN: "early_for_rerun",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment_ok",
}


class RerunTimeout(RuntimeError):
    """No `script_finished` within the timeout."""


@dataclass
class Widget:
    id: str
    type: str  # element type: multiselect, selectbox, ...
    label: str
    options: list[str]


@dataclass
class Rerun:
    page: str
    kind: str  # "open" or "change"
    seconds: float  # from sending the BackMsg until script_finished arrived
    bytes: int  # websocket payload bytes received for this run
    messages: int
    status: str  # ok, compile_error, ... or "timeout"
    exceptions: list[str] = field(default_factory=list)  # exception elements (message excerpts)
    errors: list[str] = field(default_factory=list)  # st.error alerts (excerpts)
    alerts: list[str] = field(default_factory=list)  # every st.error/warning/info/success (excerpts)
    elements: int = 0  # new elements received
    ref_hashes: int = 0  # messages the server sent by reference only (cached ForwardMsgs)
    started: float = 0.0  # time.time() when sent

    def as_dict(self) -> dict[str, Any]:
        return {
            k: getattr(self, k)
            for k in (
                "page",
                "kind",
                "seconds",
                "bytes",
                "messages",
                "status",
                "exceptions",
                "errors",
                "alerts",
                "elements",
                "ref_hashes",
                "started",
            )
        }


class Session:
    """One app session. `await Session.connect(base)`, then `rerun(...)`; `close()` at the end."""

    def __init__(self, ws, base: str):
        self.ws = ws
        self.base = base
        self.session_id: str | None = None
        self.pages: dict[str, str] = {}  # url path -> page_script_hash
        self.page_hash: str | None = None
        self.page: str = ""
        self.widgets: dict[str, Widget] = {}  # key (the user key, else the id) -> widget of the last run
        self.states: dict[str, Any] = {}  # key -> value sent with every rerun

    @classmethod
    async def connect(cls, base: str, open_timeout: float = 60, headers: dict[str, str] | None = None) -> Session:
        """Open a session; `headers` go with the websocket's handshake (e.g. a trusted proxy's identity)."""
        url = base.replace("http://", "ws://").replace("https://", "wss://").rstrip("/") + "/_stcore/stream"
        ws = await websockets.connect(
            url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=open_timeout,
            ping_interval=None,
            compression=None,
            additional_headers=headers or None,
        )
        return cls(ws, base)

    async def close(self) -> None:
        await self.ws.close()

    def widget(self, key: str) -> Widget:
        return self.widgets[key]

    def set(self, key: str, value: Any) -> None:
        """The value a widget (by its key) has from the next rerun on."""
        self.states[key] = value

    def set_option(self, key: str, starts_with: str) -> None:
        """A selectbox's value: the option (as the frontend shows it) that starts with `starts_with`."""
        w = self.widgets[key]
        (option,) = [o for o in w.options if o.lower().startswith(starts_with.lower())][:1] or [None]
        if option is None:
            raise KeyError(f"{key}: no option starting with {starts_with!r} in {w.options}")
        self.states[key] = option

    async def rerun(
        self, page: str | None = None, query_string: str = "", timeout: float = 60, kind: str = "change"
    ) -> Rerun:
        """Rerun the script (on `page`, a url path, else the current page) with every set widget state."""
        await self._drain()
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = query_string
        if page is not None and page != self.page:
            if page in self.pages:
                cs.page_script_hash = self.pages[page]
            else:
                cs.page_name = page
            self.page = page
        elif self.page_hash:
            cs.page_script_hash = self.page_hash
        for key, value in self.states.items():
            w = self.widgets.get(key)
            if w is None:
                continue
            state = WidgetState(id=w.id)
            fieldname = _VALUE_FIELD.get(w.type)
            if fieldname == "string_array_value":
                state.string_array_value.data.extend(value)
            elif fieldname == "string_value":
                state.string_value = value
            else:
                raise ValueError(f"widget type {w.type} not supported")
            cs.widget_states.widgets.append(state)
        started, t0 = time.time(), time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = Rerun(page=self.page, kind=kind, seconds=0.0, bytes=0, messages=0, status="timeout", started=started)
        widgets: dict[str, Widget] = {}
        deadline = t0 + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                run.seconds = time.perf_counter() - t0
                raise RerunTimeout(f"no script_finished within {timeout:g} s on {self.page}")
            try:
                data = await asyncio.wait_for(self.ws.recv(), timeout=left)
            except TimeoutError:
                continue
            run.bytes += len(data)
            run.messages += 1
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind_ = fm.WhichOneof("type")
            if kind_ == "delta":
                self._element(fm, widgets, run)
            elif kind_ == "new_session":
                self.session_id = fm.new_session.initialize.session_id or self.session_id
                self.page_hash = fm.new_session.page_script_hash or self.page_hash
            elif kind_ == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fm.navigation.app_pages}
                self.pages.update(
                    {
                        p.page_name: p.page_script_hash
                        for p in fm.navigation.app_pages
                        if p.page_name and p.page_name not in self.pages
                    }
                )
                self.page_hash = fm.navigation.page_script_hash or self.page_hash
                for path, h in self.pages.items():
                    if h == self.page_hash:
                        self.page = path
            elif kind_ == "ref_hash":
                run.ref_hashes += 1
            elif kind_ == "script_finished":
                status = _FINISHED.get(fm.script_finished, str(fm.script_finished))
                if status == "early_for_rerun":
                    continue  # superseded by a rerun of ours; wait for that one
                run.status = status
                run.seconds = time.perf_counter() - t0
                self.widgets.update(widgets)
                return run

    def _element(self, fm: ForwardMsg, widgets: dict[str, Widget], run: Rerun) -> None:
        delta = fm.delta
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        et = el.WhichOneof("type")
        run.elements += 1
        if et == "exception":
            run.exceptions.append(f"{el.exception.type}: {el.exception.message}"[:200])
        elif et == "alert":
            run.alerts.append(el.alert.body[:120])
            if el.alert.format == el.alert.ERROR:
                run.errors.append(el.alert.body[:200])
        elif et in _VALUE_FIELD:
            w = getattr(el, et)
            key = w.id.split("-", 2)[2] if w.id.startswith("$$ID-") and w.id.count("-") >= 2 else w.id
            widgets[key] = Widget(id=w.id, type=et, label=w.label, options=list(w.options))

    async def _drain(self) -> None:
        """Read what the server sent after the last script_finished (nothing waits for it)."""
        while True:
            try:
                await asyncio.wait_for(self.ws.recv(), timeout=0.001)
            except TimeoutError:
                return
