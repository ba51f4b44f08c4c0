"""The sample's monthly series loaded in the background on the first start (the embedded database only).

The first page needs only the newest snapshot: the app loads the two bundled deliveries with their progress
on the page (ui._voorbeelddata), then starts one `Lader` per process that writes the ten derived month ends
(dashboard.store.voorbeeld.reeks) into the data folder and loads them, newest first, while the app is in use.
The Trend page
shows its progress. Plain Python (a thread); `na_laden` is called after each load (the app clears its caches).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine

from dashboard.core import config
from dashboard.store import db
from dashboard.store.voorbeeld import reeks

log = logging.getLogger(__name__)

# Seconds before the background load begins: the first page is built first, without sharing the one core
# the GIL gives this process with the loads (3 s overlapped the first page on a busy 2-core machine).
VERTRAGING = 10.0

_laders: dict[str, Lader] = {}
_slot = threading.Lock()


def map_() -> Path:
    """Where the derived months' delivery folders are written: beside the embedded database."""
    return config.embedded_database_path().parent / reeks.MAP


class Lader:
    """Writes and loads the series' missing months in a thread; its fields are the progress."""

    def __init__(
        self,
        engine: Engine,
        bron: Path,
        doel: Path,
        na_laden: Callable[[], None] | None = None,
        vertraging: float = VERTRAGING,
    ) -> None:
        self.engine, self.bron, self.doel, self.na_laden, self.vertraging = engine, bron, doel, na_laden, vertraging
        self.te_laden: list[date] = []
        self.geladen: list[date] = []
        self.bezig: date | None = None
        self.fout: str | None = None
        self.klaar = threading.Event()
        self.thread = threading.Thread(target=self._run, name="voorbeeldreeks", daemon=True)

    @property
    def totaal(self) -> int:
        return len(self.te_laden)

    def start(self) -> Lader:
        self.thread.start()
        return self

    def _run(self) -> None:
        from dashboard.store.loader import load_delivery

        try:
            time.sleep(self.vertraging)
            with self.engine.connect() as conn:
                opgeslagen = set(db.stored_peildata(conn))
            # Only on the sample: a database that holds any other peildatum gets nothing added.
            if not opgeslagen or not opgeslagen <= set(reeks.REEKS):
                return
            self.te_laden = [p for p in sorted(reeks.AFGELEID, reverse=True) if p not in opgeslagen]
            if not self.te_laden:
                return
            folders = reeks.schrijf(self.bron, self.doel, tuple(self.te_laden))
            for peildatum, folder in zip(self.te_laden, folders):
                self.bezig = peildatum
                load_delivery(folder, self.engine)
                self.geladen.append(peildatum)
                if self.na_laden:
                    self.na_laden()
        except Exception as exc:
            log.exception("loading the sample's monthly series failed")
            self.fout = str(exc)[:200]
        finally:
            self.bezig = None
            self.klaar.set()


def starten(url: str, engine: Engine, na_laden: Callable[[], None] | None = None) -> Lader:
    """The process's loader of the series for the embedded database at `url`, started once."""
    with _slot:
        if url not in _laders:
            _laders[url] = Lader(engine, config.sample_data_dir(), map_(), na_laden).start()
        return _laders[url]


def lader(url: str) -> Lader | None:
    """The loader started for `url` in this process, if any."""
    return _laders.get(url)


def vingerafdrukken(doel: Path | None = None) -> frozenset[str]:
    """The fingerprints (toegang.vingerafdruk) of the derived months written for the bundled sample, so that
    demo mode, allowed only on the sample, accepts them too. Folders written from another sample are not."""
    doel = doel or map_()
    merk = doel / ".bron"
    if not merk.is_file() or merk.read_text() != reeks.herkomst(config.sample_data_dir()):
        return frozenset()
    from dashboard.store.loader.read import vingerafdruk

    return frozenset(
        vingerafdruk(_bestanden(f)) for f in sorted(doel.iterdir()) if f.is_dir() and not f.name.endswith(".tmp")
    )


def _bestanden(folder: Path) -> Iterable[Path]:
    from dashboard.store.loader.read import find_files

    return find_files(folder).values()
