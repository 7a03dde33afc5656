"""The session journal: the record of truth.

One JSON line per event, hash-chained to the previous line, fsync'd before anyone
is told the event happened. Concurrent appends share one fsync (group commit): each
writer queues its line, then the first to take the flush lock writes and fsyncs
every queued line at once; the others find their line already durable.

Line format (keys in this order, no spaces)::

    {"seq":12,"ts":1763740800.123,"type":"answer_recorded","data":{...},"prev":"<hex>","hash":"<hex>"}

``hash = sha256(canonical JSON of [prev, seq, ts, type, data])``; the first ``prev``
is 64 zeros. On open, a torn last line (no final newline) is cut away and logged;
anything else that does not verify raises ``JournalCorrupt``: the server stops
rather than serve wrong data.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .atomic import fsync_dir

log = logging.getLogger(__name__)

GENESIS = "0" * 64


class JournalCorrupt(Exception):
    """The journal cannot be trusted: the message says where and why."""


class JournalWriteError(Exception):
    """The disk refused a write; nothing after the last durable event was kept."""


def canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def event_hash(prev: str, seq: int, ts: float, type_: str, data: dict) -> str:
    return hashlib.sha256(canonical([prev, seq, ts, type_, data])).hexdigest()


@dataclass(frozen=True)
class Event:
    seq: int
    ts: float  # seconds since the epoch, server clock, millisecond precision
    type: str
    data: dict
    prev: str
    hash: str

    def line(self) -> bytes:
        body = {"seq": self.seq, "ts": self.ts, "type": self.type, "data": self.data,
                "prev": self.prev, "hash": self.hash}
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _parse_line(raw: bytes, lineno: int, prev: str, expected_seq: int, path: Path) -> Event:
    where = f"{path}, ligne {lineno}"
    try:
        obj = json.loads(raw)
        event = Event(obj["seq"], obj["ts"], obj["type"], obj["data"], obj["prev"], obj["hash"])
    except (ValueError, KeyError, TypeError) as exc:
        raise JournalCorrupt(f"{where} : ligne illisible ({exc}).") from None
    if event.seq != expected_seq:
        raise JournalCorrupt(f"{where} : numéro {event.seq} au lieu de {expected_seq}.")
    if event.prev != prev:
        raise JournalCorrupt(f"{where} : la chaîne est rompue (hash précédent inattendu).")
    if event_hash(event.prev, event.seq, event.ts, event.type, event.data) != event.hash:
        raise JournalCorrupt(f"{where} : le contenu ne correspond pas à son hash (modifié ?).")
    return event


def iter_journal(path: Path) -> Iterator[tuple[Event, int]]:
    """Yield (event, end offset) for every complete line; stop before a torn tail."""
    path = Path(path)
    prev, seq, offset = GENESIS, 1, 0
    with open(path, "rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                return  # torn tail: never acknowledged, handled by the caller
            event = _parse_line(raw, lineno, prev, seq, path)
            offset += len(raw)
            yield event, offset
            prev, seq = event.hash, seq + 1


def verify_journal(path: Path) -> tuple[int, str, int]:
    """Check a whole chain. Return (events, final hash, bytes of torn tail)."""
    count, last, end = 0, GENESIS, 0
    for event, end in iter_journal(path):
        count, last = event.seq, event.hash
    return count, last, Path(path).stat().st_size - end


class Journal:
    """An open, append-only journal with group commit."""

    def __init__(self, path: Path, last_seq: int, last_hash: str, size: int):
        self.path = Path(path)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        self._lock = threading.Lock()  # guards the pending queue and the chain head
        self._flush_lock = threading.Lock()  # one writer+fsync at a time
        self._pending: list[bytes] = []
        self._last_seq = last_seq
        self._last_hash = last_hash
        self._durable_seq = last_seq
        self._size = size
        self.fsyncs = 0  # number of fsync calls, for benchmarks
        self._broken: str | None = None  # set after a failed write: the chain head is gone

    @classmethod
    def open(cls, path: Path) -> tuple["Journal", list[Event]]:
        """Open (or create) a journal, cutting a torn tail, and return its events."""
        path = Path(path)
        created = not path.exists()
        if created:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
            fsync_dir(path.parent)
        events: list[Event] = []
        end = 0
        for event, end in iter_journal(path):
            events.append(event)
        size = path.stat().st_size
        if size > end:
            log.warning("journal %s: cut a torn last line of %d bytes (never acknowledged)", path, size - end)
            with open(path, "r+b") as handle:
                handle.truncate(end)
                handle.flush()
                os.fsync(handle.fileno())
        last = events[-1] if events else None
        return cls(path, last.seq if last else 0, last.hash if last else GENESIS, end), events

    @property
    def last_seq(self) -> int:
        return self._last_seq

    @property
    def last_hash(self) -> str:
        return self._last_hash

    def append(self, type_: str, data: dict, ts: float) -> Event:
        """Queue an event at the head of the chain; call ``wait_durable`` before acknowledging."""
        ts = round(ts, 3)
        with self._lock:
            if self._broken:
                raise JournalWriteError(self._broken)
            seq = self._last_seq + 1
            digest = event_hash(self._last_hash, seq, ts, type_, data)
            event = Event(seq, ts, type_, data, self._last_hash, digest)
            self._pending.append(event.line())
            self._last_seq, self._last_hash = seq, digest
        return event

    def wait_durable(self, seq: int) -> None:
        """Return once every event up to ``seq`` is on disk (sharing fsyncs with other writers)."""
        if self._durable_seq >= seq:
            return
        with self._flush_lock:
            if self._durable_seq >= seq:
                return
            if self._broken:
                raise JournalWriteError(self._broken)
            with self._lock:
                batch, self._pending = self._pending, []
                upto = self._last_seq
            data = b"".join(batch)
            try:
                view = memoryview(data)
                while view:
                    written = os.write(self._fd, view)
                    view = view[written:]
                os.fsync(self._fd)
                self.fsyncs += 1
            except OSError as exc:
                self._broken = str(exc)
                self._rollback()
                raise JournalWriteError(str(exc)) from exc
            self._size += len(data)
            self._durable_seq = upto

    def _rollback(self) -> None:
        """Cut whatever part of the failed batch reached the file; the caller reloads."""
        try:
            os.ftruncate(self._fd, self._size)
            os.fsync(self._fd)
        except OSError:
            log.exception("journal %s: could not cut a failed write", self.path)

    def close(self) -> None:
        os.close(self._fd)
