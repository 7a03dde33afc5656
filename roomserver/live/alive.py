"""The alive mark: a small file the server rewrites every second, so that after a crash it
knows when it stopped (to the second) even if nothing was journaled for a while.

``alive.json`` in the data directory holds ``{"at": <unix seconds>}``; it is replaced
atomically (temporary file, fsync, rename), never appended: it is not part of the record.
On start, ``server_started`` takes ``down_from`` = the later of this mark and the session's
last event (``core.commands.server_started``). A clean stop also leaves the mark, so the time
until the next start is given back too: the candidates could not reach the server then either.
"""

from __future__ import annotations

import json
import logging
import threading
import weakref
from pathlib import Path
from typing import Callable

from ..store.atomic import atomic_write_bytes

log = logging.getLogger(__name__)
FILE = "alive.json"
EVERY_S = 1.0


def read_mark(data_dir: Path) -> float | None:
    """The time of the last alive mark, or None (never written, unreadable)."""
    try:
        value = json.loads((Path(data_dir) / FILE).read_text(encoding="utf-8"))["at"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return float(value) if isinstance(value, (int, float)) else None


def write_mark(data_dir: Path, at: float) -> None:
    atomic_write_bytes(Path(data_dir) / FILE, json.dumps({"at": round(at, 3)}).encode("ascii"))


class AliveMark:
    """Rewrites the mark every ``every_s`` seconds in a background (green) thread until
    ``stop()`` or until the store it serves is gone."""

    def __init__(self, store, every_s: float = EVERY_S, clock: Callable[[], float] | None = None):
        self._store = weakref.ref(store)  # a forgotten test app must not be kept alive by its mark
        self.data_dir = Path(store.data_dir)
        self.every_s = every_s
        self.clock = clock
        self._stop = threading.Event()
        self._failing = False

    def start(self) -> "AliveMark":
        self.beat()
        threading.Thread(target=self._run, name="alive-mark", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def beat(self) -> None:
        store = self._store()
        if store is None:
            self._stop.set()
            return
        try:
            write_mark(self.data_dir, (self.clock or store.clock)())
            self._failing = False
        except OSError as exc:  # a full disk: the journal's own refusals say it; say it once here
            if not self._failing:
                log.error("alive mark %s not written (%s): an outage would be counted from the last event",
                          self.data_dir / FILE, exc)
            self._failing = True

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self.beat()


def keep_alive(store, every_s: float = EVERY_S) -> AliveMark:
    """Start the mark for ``store``; closing the store stops it."""
    mark = AliveMark(store, every_s).start()
    close = store.close

    def close_and_stop() -> None:
        mark.stop()
        close()

    store.close = close_and_stop
    return mark

