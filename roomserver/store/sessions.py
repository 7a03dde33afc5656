"""The session store: the only place that changes a session.

``execute`` runs a core command under the session's lock, appends its events to the
journal, applies them to the in-memory state, and returns only once they are fsync'd.
``read`` runs a read under the lock and also waits until what it saw is durable, so
no response ever reflects something a crash could undo. Checkpoints of the folded
state go to TinyDB (atomic storage) every ``checkpoint_every`` events and on close.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from tinydb import Query

from ..core import snapshot
from ..core.refusal import Refusal
from ..core.session import SessionState, apply, fold
from ..core.states import SessionStatus
from .atomic import fsync_dir, open_table_db
from .journal import Event, Journal, JournalWriteError

log = logging.getLogger(__name__)
SEALED = (SessionStatus.FINALISED, SessionStatus.SYNCED)
T = TypeVar("T")
Command = Callable[[SessionState], list[tuple[str, dict]]]
Listener = Callable[["SessionHandle", list[Event]], None]  # called once the events are durable


@dataclass
class SessionHandle:
    journal: Journal
    state: SessionState
    lock: threading.RLock = field(default_factory=threading.RLock)
    since_checkpoint: int = 0
    in_flight: set[int] = field(default_factory=set)  # applied, not yet handed to the listeners

    def settled_seq(self, own: Iterable[int] = ()) -> int:
        """The highest seq up to which every event has reached the listeners, counting ``own``
        (the events of the listener asking) as reached. Call under ``lock``."""
        others = self.in_flight.difference(own)
        return min(others) - 1 if others else self.state.seq


class SessionStore:
    def __init__(self, data_dir: Path, checkpoint_every: int = 1000, clock: Callable[[], float] = time.time):
        self.data_dir = Path(data_dir)
        self.sessions_dir = self.data_dir / "sessions"
        self.sessions_dir.mkdir(parents=True, exist_ok=True)
        self.tables = open_table_db(self.data_dir / "roomserver.json")
        self.checkpoint_every = checkpoint_every
        self.clock = clock
        self.listeners: list[Listener] = []
        self._handles: dict[str, SessionHandle] = {}
        self._by_number: dict[int, str] = {}
        self._create_lock = threading.Lock()

    # -- loading -----------------------------------------------------------------------------

    def load_all(self) -> None:
        """Open every session journal; a corrupt one raises JournalCorrupt (the server stops)."""
        for path in sorted(self.sessions_dir.glob("*/journal.jsonl")):
            self._load(path)

    def _load(self, path: Path) -> SessionHandle:
        journal, events = Journal.open(path)
        if not events:
            log.warning("journal %s is empty (creation never acknowledged): ignored", path)
            journal.close()
            return None
        state = self._from_checkpoint(path.parent.name, events)
        handle = SessionHandle(journal, state)
        self._handles[state.id] = handle
        self._by_number[state.number] = state.id
        return handle

    def _from_checkpoint(self, session_id: str, events: list[Event]) -> SessionState:
        with self.tables.lock:
            row = self.tables.table("checkpoints").get(Query().session_id == session_id)
        if row and row["seq"] <= len(events) and events[row["seq"] - 1].hash == row["hash"]:
            try:
                return fold(events[row["seq"]:], snapshot.from_dict(row["state"]))
            except (ValueError, KeyError, TypeError) as exc:  # written by another version of the state
                log.warning("checkpoint of session %s unusable (%s): refolding its journal", session_id, exc)
                return fold(events)
        if row:
            log.warning("checkpoint of session %s does not match its journal: refolding", session_id)
        return fold(events)

    def checkpoint(self, handle: SessionHandle) -> None:
        with handle.lock:
            row = {"session_id": handle.state.id, "seq": handle.state.seq, "hash": handle.state.hash,
                   "state": snapshot.to_dict(handle.state)}
            with self.tables.lock:
                self.tables.table("checkpoints").upsert(row, Query().session_id == handle.state.id)
            handle.since_checkpoint = 0

    def close(self) -> None:
        for handle in list(self._handles.values()):
            self.checkpoint(handle)
            handle.journal.close()

    # -- lookups -----------------------------------------------------------------------------

    def sessions(self) -> list[SessionState]:
        return [h.state for h in self._handles.values()]

    def handle(self, session_id: str) -> SessionHandle:
        return self._handles[session_id]

    def by_number(self, number: int) -> SessionHandle:
        try:
            return self._handles[self._by_number[number]]
        except KeyError:
            raise Refusal(404, "session_not_found",
                          f"Aucune session n°{number} sur ce serveur. Vérifiez le numéro affiché au tableau.") from None

    def taken_numbers(self) -> set[int]:
        """Session numbers in use on this server (a new session takes another one)."""
        return set(self._by_number)

    def find_token(self, token_sha256: str, kind: str) -> tuple[SessionHandle, str | None] | None:
        """The session (and candidate id) a token belongs to; kind is 'candidate' or 'invigilator'."""
        for handle in self._handles.values():
            if kind == "candidate" and token_sha256 in handle.state.tokens:
                return handle, handle.state.tokens[token_sha256]
            if kind == "invigilator" and token_sha256 in handle.state.invigilator_tokens:
                return handle, None
        return None

    # -- writing -----------------------------------------------------------------------------

    def create(self, command: Callable[[str], list[tuple[str, dict]]]) -> SessionHandle:
        """Create a session from a command given its new id; durable before returning."""
        with self._create_lock:
            session_id = uuid.uuid4().hex
            directory = self.sessions_dir / session_id
            directory.mkdir()
            journal, _ = Journal.open(directory / "journal.jsonl")
            (kind, data), = command(session_id)
            event = journal.append(kind, data, self.clock())
            journal.wait_durable(event.seq)
            handle = SessionHandle(journal, fold([event]))
            self._handles[session_id] = handle
            self._by_number[handle.state.number] = session_id
            return handle

    def remove(self, handle: SessionHandle) -> Path:
        """Take a session off this server (the caller checked it may be deleted). Its folder
        is moved to ``deleted/`` rather than erased: nothing written is ever destroyed."""
        with self._create_lock, handle.lock:
            session_id = handle.state.id
            handle.journal.close()
            target = self.data_dir / "deleted" / session_id
            target.parent.mkdir(parents=True, exist_ok=True)
            (self.sessions_dir / session_id).rename(target)
            fsync_dir(self.sessions_dir)
            with self.tables.lock:
                self.tables.table("checkpoints").remove(Query().session_id == session_id)
            self._handles.pop(session_id, None)
            self._by_number.pop(handle.state.number, None)
            return target

    def execute(self, handle: SessionHandle, command: Command) -> list[Event]:
        """Decide, append, apply, fsync. Refusals propagate and record nothing.
        A finalised session is sealed: nothing more is ever appended to it."""
        with handle.lock:
            decided = command(handle.state)
            if decided and handle.state.status in SEALED:
                raise Refusal(409, "session_finalised",
                              "Cette session est finalisée : son journal est scellé, plus rien ne peut y être "
                              "enregistré.")
            now = self.clock()
            events = [handle.journal.append(kind, data, now) for kind, data in decided]
            for event in events:
                apply(handle.state, event)
            handle.since_checkpoint += len(events)
            handle.in_flight.update(event.seq for event in events)
            seq, journal = handle.state.seq, handle.journal
        try:
            self._settle(handle, journal, seq, events)
        finally:
            with handle.lock:
                handle.in_flight.difference_update(event.seq for event in events)
        return events

    def _settle(self, handle: SessionHandle, journal: Journal, seq: int, events: list[Event]) -> None:
        """Wait until durable, then checkpoint when due and tell the listeners."""
        try:
            journal.wait_durable(seq)
        except JournalWriteError as exc:
            self._reload_after_failure(handle, journal, exc)
        if events:
            if handle.since_checkpoint >= self.checkpoint_every:
                try:
                    self.checkpoint(handle)
                except Exception:  # only replay time is at stake: the events are durable
                    log.exception("checkpoint of session %s failed; the next one will retry", handle.state.id)
            for listener in self.listeners:
                try:
                    listener(handle, events)
                except Exception:  # the events are durable: a failed push must not fail the request
                    log.exception("listener %r failed after seq %d", listener, events[-1].seq)

    def read(self, handle: SessionHandle, reader: Callable[[SessionState], T]) -> T:
        """Read under the lock; return once everything the read saw is durable."""
        with handle.lock:
            result = reader(handle.state)
            seq, journal = handle.state.seq, handle.journal
        try:
            journal.wait_durable(seq)
        except JournalWriteError as exc:
            self._reload_after_failure(handle, journal, exc)
        return result

    def _reload_after_failure(self, handle: SessionHandle, failed: Journal, exc: JournalWriteError) -> None:
        """The disk refused a write: drop what was not durable and say so."""
        log.error("journal %s: write failed (%s); reloading from disk", failed.path, exc)
        with handle.lock:
            if handle.journal is failed:  # the first waiter to get here reloads, once
                failed.close()
                journal, events = Journal.open(failed.path)
                handle.journal, handle.state = journal, fold(events)
        raise Refusal(507, "storage_failed",
                      "Le serveur n'a pas pu enregistrer sur son disque. Rien n'a été perdu de ce qui était "
                      "déjà enregistré ; prévenez le surveillant, puis réessayez.")
