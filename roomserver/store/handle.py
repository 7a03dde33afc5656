"""A served session in memory (its journal, its folded state, its lock) and the shapes of
what the store runs on it: commands, wait rules, listeners. See ``sessions.SessionStore``."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable, Iterable, TypeVar

from ..core.session import SessionState
from .journal import Event, Journal

T = TypeVar("T")
Command = Callable[[SessionState], list[tuple[str, dict]]]
WaitRule = Callable[[SessionState, list[tuple[str, dict]]], bool]  # True: wait until these events are durable
Listener = Callable[["SessionHandle", list[Event]], None]  # called once the events are durable


@dataclass
class SessionHandle:
    journal: Journal
    state: SessionState
    lock: threading.RLock = field(default_factory=threading.RLock)
    since_checkpoint: int = 0
    in_flight: set[int] = field(default_factory=set)  # applied, not yet handed to the listeners
    checkpoint_seq: int = 0  # seq of the last checkpoint written or trusted
    checkpointing: bool = False  # one checkpoint at a time: the requests settling meanwhile go on
    must_seq: int = 0  # the last event a read must see durable (later ones rode with the next sync)

    def settled_seq(self, own: Iterable[int] = ()) -> int:
        """The highest seq up to which every event has reached the listeners, counting ``own``
        (the events of the listener asking) as reached, and never beyond what a read waits to
        be durable (an event riding with the next sync could still be undone). Call under ``lock``."""
        others = self.in_flight.difference(own)
        settled = min(others) - 1 if others else self.state.seq
        return min(settled, max(self.must_seq, self.journal.durable_seq))
