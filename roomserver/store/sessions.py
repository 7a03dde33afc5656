"""The session store: the only place that changes a session.

``execute`` runs a core command under the session's lock, appends its events to the
journal, applies them to the in-memory state, and returns only once they are fsync'd.
``read`` runs a read under the lock and also waits until what it saw is durable, so
no response ever reflects something a crash could undo; ``execute_and_read`` does both under
one turn of the lock (an answer and the state its reply carries). ``execute(..., wait=False)`` is for
the few events the rules let ride with the next sync (decision 0006): they are not waited
for, not pushed to the listeners, and a read need not wait for them; ``flush`` (every second
from ``serve.py``, and at close) bounds how long they stay in memory. Checkpoints of the folded
state go to TinyDB (atomic storage, signed with the journal key) every
``checkpoint_every`` events and on close. Start-up checks are in ``loading``: a damaged
session is set aside (``set_aside``), the others are served. A disk that refuses writes
gives 507 and is counted (``write_failures``, ``last_write_error``); reads go on.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from pathlib import Path
from typing import Callable

from tinydb import Query

from ..core.refusal import Refusal
from ..core.session import SessionState, apply, fold
from ..core.states import SessionStatus
from . import checkpoints, loading
from .atomic import fsync_dir, open_table_db
from .handle import Command, Listener, SessionHandle, T, WaitRule  # noqa: F401 (SessionHandle: re-exported)
from .journal import Event, Journal, JournalReadOnly, JournalWriteError
from .keys import key_id, load_or_create_key

log = logging.getLogger(__name__)
SEALED = (SessionStatus.FINALISED, SessionStatus.SYNCED)
STORAGE_FAILED = ("Le serveur n'a pas pu enregistrer sur son disque. Rien n'a été perdu de ce qui était "
                  "déjà enregistré\u00a0; prévenez le surveillant, puis réessayez.")


class SessionStore:
    def __init__(self, data_dir: Path, checkpoint_every: int = 50000, clock: Callable[[], float] = time.time):
        self.data_dir = Path(data_dir)
        self.sessions_dir = self.data_dir / "sessions"
        self.sessions_dir.mkdir(parents=True, exist_ok=True)
        self.key = load_or_create_key(self.data_dir,
                                      before_create=lambda key: loading.record_unkeyed(self.data_dir, key))
        self.key_id = key_id(self.key)  # public fingerprint of the journal key
        self.warnings: list[str] = []  # French, for health pages: damage outside the sessions
        moved = loading.set_aside_unreadable_tables(self.data_dir / loading.TABLES_FILE)
        if moved:
            self.warnings.append(moved)
        self.tables = open_table_db(self.data_dir / loading.TABLES_FILE)
        self.unkeyed_allowed = loading.read_allowed_unkeyed(self)
        self.checkpoint_every = checkpoint_every
        self.clock = clock
        self.listeners: list[Listener] = []
        self.set_aside: list[dict] = []  # damaged sessions not served: session_id, number, path, kind, reason
        self.write_failures = 0  # durable writes the disk refused since start
        self.last_write_error: dict | None = None  # {"at", "what", "path", "error"}
        self._last_write_ok = 0.0
        self._handles: dict[str, SessionHandle] = {}
        self._by_number: dict[int, str] = {}
        self._create_lock = threading.Lock()
        self._checkpoint_lock = threading.Lock()  # checkpoints written one at a time, never an older over a newer

    # -- loading -----------------------------------------------------------------------------

    def load_all(self) -> None:
        """Open every session journal; a damaged one is set aside (see ``loading``), the others load."""
        loading.load_all(self)

    def register(self, journal: Journal, state: SessionState, checkpoint_seq: int = 0) -> SessionHandle:
        handle = SessionHandle(journal, state, checkpoint_seq=checkpoint_seq, must_seq=state.seq)
        self._handles[state.id] = handle
        self._by_number[state.number] = state.id
        return handle

    def loaded_ids(self) -> set[str]:
        return set(self._handles) | {entry["session_id"] for entry in self.set_aside}

    def set_aside_session(self, session_id: str, number: int | None, path: Path, kind: str, reason: str) -> None:
        """Keep a damaged session off the server, untouched on disk, and say why (French)."""
        label = f"n°{number}" if number is not None else "de numéro inconnu"
        message = f"Session {label} (id {session_id}) mise de côté, elle n'est pas servie\u00a0: {reason}"
        self.set_aside.append({"session_id": session_id, "number": number, "path": str(path), "kind": kind,
                               "reason": message})
        log.error("%s", message)

    def checkpoint_row(self, session_id: str) -> dict | None:
        with self.tables.lock:
            return self.tables.table("checkpoints").get(Query().session_id == session_id)

    def checkpoint(self, handle: SessionHandle) -> None:
        """Save the folded state, signed, once everything it holds is durable (``checkpoints``)."""
        checkpoints.write(self, handle)

    def _checkpoint_if_due(self, handle: SessionHandle) -> None:
        """Checkpoint once ``checkpoint_every`` events accumulated, unless one is being written:
        its disk work yields (decision 0006), and every request settling meanwhile would
        otherwise write the same checkpoint again."""
        with handle.lock:
            if handle.checkpointing or handle.since_checkpoint < self.checkpoint_every:
                return
            handle.checkpointing = True
        try:
            self._try_checkpoint(handle)
        finally:
            handle.checkpointing = False

    def _try_checkpoint(self, handle: SessionHandle) -> None:
        """A checkpoint only saves replay time: a failure is logged and counted, never raised."""
        try:
            self.checkpoint(handle)
        except Exception as exc:
            log.exception("checkpoint of session %s failed; the next one will retry", handle.state.id)
            self._write_failed("checkpoint", self.data_dir / loading.TABLES_FILE, exc)

    def flush(self) -> None:
        """Make durable the events that rode with the next sync and are still waiting for one
        (called every second by ``serve.py``). A disk that refuses is logged; never raises."""
        for handle in list(self._handles.values()):
            journal = handle.journal
            if not journal.pending or journal.read_only or journal.broken:
                continue
            try:
                journal.wait_durable(journal.last_seq)
            except JournalWriteError as exc:
                try:
                    self._reload_after_failure(handle, journal, exc)
                except Refusal:
                    log.warning("session %s: lines waiting for a sync were refused by the disk", handle.state.id)

    def close(self) -> None:
        """Checkpoint and close every session; a failing disk cannot make this raise or hang."""
        for handle in list(self._handles.values()):
            if handle.checkpoint_seq != handle.state.seq:
                self._try_checkpoint(handle)
            handle.journal.close()

    # -- disk health -------------------------------------------------------------------------

    def _write_failed(self, what: str, path: Path, exc: BaseException) -> None:
        self.write_failures += 1
        self.last_write_error = {"at": self.clock(), "what": what, "path": str(path), "error": str(exc)}

    @property
    def writes_failing(self) -> bool:
        """True while the last durable write attempted failed (disk full, read-only)."""
        return self.last_write_error is not None and self.last_write_error["at"] >= self._last_write_ok

    def storage_report(self) -> dict:
        """For /healthz and the dashboards: disk failures, set-aside sessions, other damage."""
        return {"key_id": self.key_id, "write_failures": self.write_failures,
                "last_write_error": self.last_write_error, "writes_failing": self.writes_failing,
                "set_aside": list(self.set_aside), "warnings": list(self.warnings)}

    # -- lookups -----------------------------------------------------------------------------

    def sessions(self) -> list[SessionState]:
        return [h.state for h in self._handles.values()]

    def handle(self, session_id: str) -> SessionHandle:
        return self._handles[session_id]

    def by_number(self, number: int) -> SessionHandle:
        try:
            return self._handles[self._by_number[number]]
        except KeyError:
            pass
        if any(entry["number"] == number for entry in self.set_aside):
            raise Refusal(503, "session_set_aside",
                          f"La session n°{number} n'est pas servie\u00a0: son journal est endommagé. Prévenez "
                          "l'administrateur du serveur de salle.")
        raise Refusal(404, "session_not_found",
                      f"Aucune session n°{number} sur ce serveur. Vérifiez le numéro affiché au tableau.")

    def taken_numbers(self) -> set[int]:
        """Session numbers in use on this server, set-aside sessions included (a new session takes another)."""
        return set(self._by_number) | {entry["number"] for entry in self.set_aside if entry["number"] is not None}

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
            (kind, data), = command(session_id)
            journal = None
            try:
                directory.mkdir()
                journal, _ = Journal.open(directory / "journal.jsonl", self.key)
                event = journal.append(kind, data, self.clock())
                journal.wait_durable(event.seq)
            except (OSError, JournalWriteError) as exc:
                if journal is not None:
                    journal.close()
                self._write_failed("creation", directory, exc)
                log.error("session %s could not be created on disk (%s)", session_id, exc)
                self._forget_unborn(directory)
                raise Refusal(507, "storage_failed", STORAGE_FAILED) from None
            self._last_write_ok = self.clock()
            return self.register(journal, fold([event]))

    @staticmethod
    def _forget_unborn(directory: Path) -> None:
        """Remove what a failed creation left (an empty journal: nothing was acknowledged)."""
        journal = directory / "journal.jsonl"
        try:
            if journal.exists() and journal.stat().st_size == 0:
                journal.unlink()
            if directory.exists():
                directory.rmdir()
        except OSError:
            log.exception("could not clean up the unborn session %s", directory)

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

    def seal(self, handle: SessionHandle) -> None:
        """Seal a finalised session's journal (right after its durable ``session_finalised``):
        everything fsync'd, the file made read-only. A failure is logged and counted: the event
        is durable, the session refuses new events, and the next start finishes the seal."""
        with handle.lock:
            if handle.state.status not in SEALED:
                raise ValueError(f"session {handle.state.id} is not finalised: its journal cannot be sealed")
            try:
                handle.journal.seal()
            except (OSError, JournalWriteError) as exc:
                log.error("journal %s could not be sealed (%s)", handle.journal.path, exc)
                self._write_failed("seal", handle.journal.path, exc)
                return
            self._try_checkpoint(handle)
            self._after_seal(handle)

    def _after_seal(self, handle: SessionHandle) -> None:
        """Put the sealed session in the sync outbox (sync/outbox.py): its delivery upstream
        starts from there. A failure is logged only: the sync worker creates any missing job
        at its start and every minute, so a crash or a full disk here loses nothing."""
        try:
            from sync.outbox import enqueue_sealed

            enqueue_sealed(self.data_dir, handle.state, self.clock)
        except Exception:
            log.exception("session %s: sync job not created; the sync worker will create it", handle.state.id)

    def execute(self, handle: SessionHandle, command: Command, wait: bool | WaitRule = True,
                then: Command | None = None) -> list[Event]:
        """Decide, append, apply, fsync. Refusals propagate and record nothing.
        A finalised session is sealed: nothing more is ever appended to it.

        ``then``: a second command decided on the state the first one's events made (the display
        of the question an answer leads to), appended in the same write and waited for with it;
        run only when the first decided something (a repeated answer writes nothing). It must not
        refuse: the first command's events are already applied when it runs.

        ``wait=False`` only for events decision 0006 lets ride with the next sync (the display of
        an untimed question): appended and applied, but neither waited for nor pushed; a crash
        before the next sync may undo them, which the rules tolerate for those events only.
        ``wait`` may be a rule ``(state, decided events) -> bool`` judged under the session's
        lock, on exactly the events decided (a question's timer is known only then)."""
        return self._execute(handle, command, wait, then, None)[0]

    def execute_and_read(self, handle: SessionHandle, command: Command, reader: Callable[[SessionState], T],
                         then: Command | None = None) -> T:
        """``execute`` (waited for), then ``reader`` on the state the events made, under the same
        lock: returned once durable, like ``read``, without a second turn of the lock nor a wait
        for events other requests appended meanwhile (an answer's reply: the next question)."""
        return self._execute(handle, command, True, then, reader)[1]

    def _execute(self, handle: SessionHandle, command: Command, wait: bool | WaitRule, then: Command | None,
                 reader: Callable[[SessionState], T] | None) -> tuple[list[Event], T | None]:
        with handle.lock:
            decided = command(handle.state)
            if decided and handle.state.status in SEALED:
                raise Refusal(409, "session_finalised",
                              "Cette session est finalisée\u00a0: son journal est scellé, plus rien ne peut y être "
                              "enregistré.")
            if decided and handle.journal.broken:  # an earlier write failed: start again from the disk
                self._reopen(handle)
                decided = command(handle.state)
            if callable(wait):
                wait = bool(wait(handle.state, decided)) if decided else True
            now = self.clock()
            events = self._append(handle, decided, now)
            if then is not None and events:
                events += self._append(handle, then(handle.state), now)
            handle.since_checkpoint += len(events)
            if not wait:
                return events, None
            if events:
                handle.must_seq = handle.state.seq
            read = reader(handle.state) if reader is not None else None
            handle.in_flight.update(event.seq for event in events)
            seq, journal = handle.must_seq, handle.journal  # nothing new: what the command saw
        try:
            self._settle(handle, journal, seq, events)
        finally:
            with handle.lock:
                handle.in_flight.difference_update(event.seq for event in events)
        return events, read

    def _append(self, handle: SessionHandle, decided: list[tuple[str, dict]], now: float) -> list[Event]:
        """Append and apply the decided events. Under ``lock``."""
        try:
            events = [handle.journal.append(kind, data, now) for kind, data in decided]
        except JournalReadOnly as exc:
            raise Refusal(409, "journal_read_only", str(exc)) from None
        except JournalWriteError as exc:  # a write of another request failed meanwhile
            self._reload_after_failure(handle, handle.journal, exc)
        for event in events:
            apply(handle.state, event)
        return events

    def execute_best_effort(self, handle: SessionHandle, command: Command) -> list[Event]:
        """``execute`` for a write a read can do without (``question_shown``, ``server_started``):
        when the disk refuses it, log and return no events instead of a 507."""
        try:
            return self.execute(handle, command)
        except Refusal as refusal:
            if refusal.code != "storage_failed":
                raise
            log.warning("session %s: a best-effort write was not recorded (disk refused it)", handle.state.id)
            return []

    def _settle(self, handle: SessionHandle, journal: Journal, seq: int, events: list[Event]) -> None:
        """Wait until durable, then checkpoint when due and tell the listeners."""
        try:
            journal.wait_durable(seq)
        except JournalWriteError as exc:
            self._reload_after_failure(handle, journal, exc)
        if events:
            self._last_write_ok = self.clock()
            for listener in self.listeners:
                try:
                    listener(handle, events)
                except Exception:  # the events are durable: a failed push must not fail the request
                    log.exception("listener %r failed after seq %d", listener, events[-1].seq)
            self._checkpoint_if_due(handle)  # after the pushes: only replay time is at stake

    def read(self, handle: SessionHandle, reader: Callable[[SessionState], T]) -> T:
        """Read under the lock; return once everything the read saw is durable."""
        with handle.lock:
            result = reader(handle.state)
            seq, journal = handle.must_seq, handle.journal
        try:
            journal.wait_durable(seq)
        except JournalWriteError as exc:
            self._reload_after_failure(handle, journal, exc)
        return result

    def _reopen(self, handle: SessionHandle) -> None:
        """Drop what was not durable: the journal and the state again from the disk. Under ``lock``."""
        handle.journal.close()
        journal, events = Journal.open(handle.journal.path, self.key)
        handle.journal, handle.state = journal, fold(events)
        handle.since_checkpoint, handle.checkpoint_seq, handle.must_seq = len(events), 0, handle.state.seq

    def _reload_after_failure(self, handle: SessionHandle, failed: Journal, exc: JournalWriteError) -> None:
        """The disk refused a write: drop what was not durable and say so."""
        with handle.lock:
            if handle.journal is failed:  # the first waiter to get here reloads, once
                log.error("journal %s: write failed (%s); reloading from disk", failed.path, exc)
                self._write_failed("journal", failed.path, exc)
                self._reopen(handle)
        raise Refusal(507, "storage_failed", STORAGE_FAILED)
