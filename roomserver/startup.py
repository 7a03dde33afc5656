"""What the server records when it starts, in every open session: its own start (so
outages are visible in the journal)."""

from __future__ import annotations

from . import __version__
from .core import commands
from .store.sessions import SessionStore


def record_start(store: SessionStore) -> None:
    for state in store.sessions():
        store.execute(store.handle(state.id), lambda s: commands.server_started(s, __version__))
