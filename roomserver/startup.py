"""What the server records when it starts, in every open session: its own start, with when it
stopped (the later of each session's last event and the alive mark), so the outage is given back
to every candidate; in an adaptive session, a question that a write torn by a power cut lost
(the answer kept, the question chosen with it not) is chosen again, identically. Then it keeps
the alive mark fresh (``live/alive.py``).

The start is recorded as late as the factory allows: the HTTP modules it still has to load are
loaded first, so that the recorded end of the outage is within a fraction of a second of the
moment the server answers again (each second between them would be charged to every candidate).
"""

from __future__ import annotations

import importlib
import logging
import pkgutil

from . import __version__
from .core import adaptive_flow, commands
from .core.refusal import Refusal
from .live.alive import keep_alive, read_mark
from .store.sessions import SessionStore

log = logging.getLogger(__name__)


def _load_http_modules() -> None:
    from . import api

    for module in pkgutil.iter_modules(api.__path__):
        importlib.import_module(f"{api.__name__}.{module.name}")


def record_start(store: SessionStore, pack=None) -> None:
    alive_at = read_mark(store.data_dir)  # read before the first new mark overwrites it
    _load_http_modules()
    now = store.clock()
    for state in store.sessions():
        try:
            store.execute(store.handle(state.id), lambda s: commands.server_started(s, __version__, alive_at, now))
            if pack is not None:  # an adaptive question a torn write lost is chosen again, the same
                store.execute(store.handle(state.id), lambda s: adaptive_flow.questions_owed(s, pack))
        except Refusal as refusal:  # a full disk: serve what can be served, the outage is recorded later
            log.error("session %s: start not recorded (%s)", state.id, refusal.message)
    keep_alive(store)
