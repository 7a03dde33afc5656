"""The session journal: the record of truth.

One JSON line per event, chained to the previous line and signed with the room server's
key, fsync'd before anyone is told the event happened. Concurrent appends share one fsync
(group commit): each writer queues its line, then the first to take the flush lock writes
and fsyncs every queued line at once; the others find their line already durable. The write
and the fsync run through ``offload`` (off the event loop under eventlet, decision 0006), so
the server keeps serving during a sync and the lines queued meanwhile share the next one.

Line format, version 2 (keys in this order, no spaces; see docs/journal-format.md)::

    {"seq":12,"ts":1763740800.123,"type":"answer_recorded","data":{...},"prev":"<hex>","hash":"<hex>",
     "chain":"hmac-sha256","key_id":"<16 hex>"}

``hash = HMAC-SHA-256(key, canonical JSON of [prev, seq, ts, type, data])``; the first ``prev``
is 64 zeros. Version 1 lines (written before the key existed) have no ``chain`` nor ``key_id``
and ``hash = sha256(same bytes)``; they may only start a journal, never follow a signed line.
Without the key, a signed chain is checked for its links but not its signatures.

On open, a torn last line (no final newline) is cut away and logged; anything else that does
not verify raises ``JournalCorrupt``. A journal whose last event is ``session_finalised`` is
sealed: read-only on disk (0444) and ``append`` raises ``JournalReadOnly``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from . import offload
from .atomic import fsync_dir
from .french import count
from .keys import key_id as fingerprint

log = logging.getLogger(__name__)

GENESIS = "0" * 64
CHAIN_HMAC = "hmac-sha256"  # line format 2
CHAIN_SHA256 = "sha256"  # line format 1: no "chain" key in the line
SEALING_EVENT = "session_finalised"
SEALED_MESSAGE = "Ce journal est scellé (session finalisée)\u00a0: plus rien ne peut y être ajouté."


class JournalCorrupt(Exception):
    """The journal cannot be trusted: the message says where and why (``lineno``, ``kind``)."""

    def __init__(self, message: str, lineno: int = 0, kind: str = "damaged"):
        super().__init__(message)
        self.lineno, self.kind = lineno, kind


class JournalWriteError(Exception):
    """The disk refused a write; nothing after the last durable event was kept."""


class JournalReadOnly(Exception):
    """The journal is sealed (finalised session) or was opened without its key."""


# Built once: json.dumps with options builds an encoder per call (two per event appended).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def canonical(value: Any) -> bytes:
    return _CANONICAL.encode(value).encode("utf-8")


def event_hash(prev: str, seq: int, ts: float, type_: str, data: dict, key: bytes | None = None) -> str:
    """HMAC-SHA-256 with ``key`` (format 2), plain SHA-256 without (format 1)."""
    body = canonical([prev, seq, ts, type_, data])
    if key is None:
        return hashlib.sha256(body).hexdigest()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Event:
    seq: int
    ts: float  # seconds since the epoch, server clock, millisecond precision
    type: str
    data: dict
    prev: str
    hash: str
    key_id: str | None = None  # the key that signed the line; None for an unsigned (format 1) line

    def line(self) -> bytes:
        body = {"seq": self.seq, "ts": self.ts, "type": self.type, "data": self.data,
                "prev": self.prev, "hash": self.hash}
        if self.key_id is not None:
            body["chain"], body["key_id"] = CHAIN_HMAC, self.key_id
        return _LINE.encode(body).encode("utf-8") + b"\n"


@dataclass
class ChainReader:
    """Checks lines one after the other: numbering, links, hashes, signatures (with ``key``)."""

    path: Path
    key: bytes | None = field(default=None, repr=False)  # never printed
    prev: str = GENESIS
    seq: int = 1
    unkeyed: int = 0  # unsigned lines at the start of the chain
    keyed: int = 0
    key_ids: tuple[str, ...] = ()

    def __post_init__(self):
        self.own_id = fingerprint(self.key) if self.key is not None else None

    def read(self, raw: bytes, lineno: int) -> Event:
        where = f"{self.path}, ligne {lineno}"
        try:
            obj = json.loads(raw)
            chain = obj.get("chain", CHAIN_SHA256)
            signer = obj["key_id"] if chain == CHAIN_HMAC else None
            event = Event(obj["seq"], obj["ts"], obj["type"], obj["data"], obj["prev"], obj["hash"], signer)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise JournalCorrupt(f"{where}\u00a0: ligne illisible ({exc}).", lineno, "unreadable") from None
        if chain not in (CHAIN_HMAC, CHAIN_SHA256) or (chain == CHAIN_SHA256 and "chain" in obj):
            raise JournalCorrupt(f"{where}\u00a0: type de chaîne inconnu ({chain!r}).", lineno, "unreadable")
        if event.seq != self.seq:
            raise JournalCorrupt(f"{where}\u00a0: numéro {event.seq} au lieu de {self.seq}.", lineno, "seq")
        if event.prev != self.prev:
            raise JournalCorrupt(f"{where}\u00a0: la chaîne est rompue (hash précédent inattendu).", lineno, "link")
        if signer is None:
            if self.keyed:
                raise JournalCorrupt(f"{where}\u00a0: ligne non signée après des lignes signées "
                                     "(journal réécrit\u00a0?).",
                                     lineno, "downgrade")
            if event_hash(event.prev, event.seq, event.ts, event.type, event.data) != event.hash:
                raise JournalCorrupt(f"{where}\u00a0: le contenu ne correspond pas à son hash (modifié\u00a0?).",
                                     lineno, "hash")
            self.unkeyed += 1
        else:
            self._check_signature(event, where, lineno)
            self.keyed += 1
            if signer not in self.key_ids:
                self.key_ids += (signer,)
        self.prev, self.seq = event.hash, self.seq + 1
        return event

    def _check_signature(self, event: Event, where: str, lineno: int) -> None:
        if self.key is None:
            return  # only the links can be checked: the caller says so
        if event.key_id != self.own_id:
            raise JournalCorrupt(f"{where}\u00a0: ligne signée par une autre clé (key_id {event.key_id}, "
                                 f"celle donnée est {self.own_id}).", lineno, "other_key")
        expected = event_hash(event.prev, event.seq, event.ts, event.type, event.data, self.key)
        if not hmac.compare_digest(expected, event.hash):
            raise JournalCorrupt(f"{where}\u00a0: la signature ne correspond pas au contenu (ligne modifiée).",
                                 lineno, "signature")


def iter_journal(path: Path, key: bytes | None = None, reader: ChainReader | None = None
                 ) -> Iterator[tuple[Event, int]]:
    """Yield (event, end offset) for every complete line; stop before a torn tail."""
    path = Path(path)
    reader = reader or ChainReader(path, key)
    offset = 0
    with open(path, "rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.endswith(b"\n"):
                return  # torn tail: never acknowledged, handled by the caller
            event = reader.read(raw, lineno)
            offset += len(raw)
            yield event, offset


def verify_journal(path: Path, key: bytes | None = None) -> tuple[int, str, int]:
    """Check a whole chain (signatures too when ``key`` is given).
    Return (events, final hash, bytes of torn tail)."""
    seen, last, end = 0, GENESIS, 0
    for event, end in iter_journal(path, key):
        seen, last = event.seq, event.hash
    return seen, last, Path(path).stat().st_size - end


@dataclass
class JournalScan:
    """What a read-only pass over a journal found; nothing on disk is changed by reading it."""

    path: Path
    key: bytes | None = field(repr=False)
    events: list[Event]
    end: int  # offset after the last complete line
    size: int
    unkeyed: int
    keyed: int

    @classmethod
    def read(cls, path: Path, key: bytes | None = None) -> "JournalScan":
        """Read and check every complete line; ``JournalCorrupt`` on anything but a torn tail."""
        path = Path(path)
        reader = ChainReader(path, key)
        events: list[Event] = []
        end = 0
        for event, end in iter_journal(path, reader=reader):
            events.append(event)
        scan = cls(path, key, events, end, path.stat().st_size, reader.unkeyed, reader.keyed)
        if scan.torn and scan.sealed:  # nothing is ever written after the seal: not a power cut
            raise JournalCorrupt(f"{path}\u00a0: {count(scan.torn, 'octet')} après le scellement de la session "
                                 "(ajoutés après coup).", len(events) + 1, "after_seal")
        return scan

    @property
    def torn(self) -> int:
        """Bytes of a torn last line (never acknowledged)."""
        return self.size - self.end

    @property
    def sealed(self) -> bool:
        return bool(self.events) and self.events[-1].type == SEALING_EVENT


class Journal:
    """An open, append-only journal with group commit."""

    def __init__(self, path: Path, last_seq: int, last_hash: str, size: int, key: bytes | None = None,
                 read_only: str | None = None):
        self.path = Path(path)
        self._key = key
        self._key_id = fingerprint(key) if key is not None else None
        self._read_only = read_only  # why nothing may be appended (sealed, no key), or None
        self._fd = None if read_only else os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        self._lock = threading.Lock()  # guards the pending queue, the chain head and the flush state
        self._flush_lock = threading.Lock()  # one writer+fsync at a time (the leader, close, seal)
        self._flushing = False  # a leader is writing a batch; the others wait on ``_gate``
        self._gate = threading.Event()  # set when the batch being written is durable (or failed)
        self._pending: list[bytes] = []
        self._last_seq = last_seq
        self._last_hash = last_hash
        self._durable_seq = last_seq
        self._size = size
        self.fsyncs = 0  # number of fsync calls, for benchmarks
        self._broken: str | None = None  # set after a failed write: the chain head is gone
        self.unkeyed = 0  # unsigned (format 1) lines at the start, set by ``open``

    @classmethod
    def open(cls, path: Path, key: bytes | None = None) -> tuple["Journal", list[Event]]:
        """Open (or create) a journal, cutting a torn tail, and return its events.

        With ``key``, new lines are signed and old signed lines are checked; without it, a journal
        holding signed lines opens read-only (its signatures cannot be checked nor made).
        """
        path = Path(path)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(0o640)
            fsync_dir(path.parent)
        scan = JournalScan.read(path, key)
        return cls.from_scan(scan), scan.events

    @classmethod
    def from_scan(cls, scan: "JournalScan") -> "Journal":
        """Open for appending what ``scan`` read (cutting its torn tail); sealed journals stay read-only."""
        path = scan.path
        if scan.torn:
            log.warning("journal %s: cut a torn last line of %d bytes (never acknowledged)", path, scan.torn)
            with open(path, "r+b") as handle:
                handle.truncate(scan.end)
                handle.flush()
                os.fsync(handle.fileno())
        read_only = None
        if scan.sealed:
            read_only = SEALED_MESSAGE
            if os.stat(path).st_mode & 0o222:  # sealed, but the chmod did not reach the disk: finish it
                os.chmod(path, 0o444)
        elif scan.key is None and scan.keyed:
            read_only = "Ce journal signé a été ouvert sans sa clé\u00a0: il ne peut être que lu."
        last = scan.events[-1] if scan.events else None
        journal = cls(path, last.seq if last else 0, last.hash if last else GENESIS, scan.end, scan.key, read_only)
        journal.unkeyed = scan.unkeyed
        return journal

    @property
    def last_seq(self) -> int:
        return self._last_seq

    @property
    def last_hash(self) -> str:
        """The hash (the signature, for a signed journal) of the last appended event."""
        return self._last_hash

    @property
    def durable_seq(self) -> int:
        return self._durable_seq

    @property
    def read_only(self) -> str | None:
        """Why nothing may be appended (French), or None."""
        return self._read_only

    @property
    def broken(self) -> bool:
        """A write failed: this object can append nothing more (reopen the file)."""
        return self._broken is not None

    @property
    def keyed(self) -> bool:
        return self._key is not None

    def append(self, type_: str, data: dict, ts: float) -> Event:
        """Queue an event at the head of the chain; call ``wait_durable`` before acknowledging."""
        ts = round(ts, 3)
        with self._lock:
            if self._read_only:
                raise JournalReadOnly(self._read_only)
            if self._broken:
                raise JournalWriteError(self._broken)
            seq = self._last_seq + 1
            digest = event_hash(self._last_hash, seq, ts, type_, data, self._key)
            event = Event(seq, ts, type_, data, self._last_hash, digest, self._key_id)
            self._pending.append(event.line())
            self._last_seq, self._last_hash = seq, digest
        return event

    @property
    def pending(self) -> bool:
        """Lines appended and not yet durable (e.g. events allowed to ride with the next sync)."""
        return self._durable_seq < self._last_seq

    def wait_durable(self, seq: int) -> None:
        """Return once every event up to ``seq`` is on disk (sharing fsyncs with other writers).

        The first writer to find no batch in progress leads: it takes every queued line, writes
        and fsyncs them, then opens the gate for everyone who waited meanwhile. Those whose line
        came too late for that batch go round again, and one of them leads the next batch with
        all the lines queued during the sync. Waiters wait on the gate, not on a lock: under
        eventlet a lock wakes its waiters one per loop turn, an event wakes them all at once."""
        while self._durable_seq < seq:
            with self._lock:
                if self._durable_seq >= seq:
                    return
                if self._broken:
                    raise JournalWriteError(self._broken)
                gate, lead = self._gate, not self._flushing
                self._flushing = True
            if not lead:
                gate.wait()
                continue
            try:
                with self._flush_lock:
                    self._flush_locked()
            finally:
                with self._lock:
                    self._flushing, self._gate = False, threading.Event()
                gate.set()

    def _flush_locked(self) -> None:
        """Write and fsync every queued line (off the event loop); under ``_flush_lock``."""
        if self._broken:
            raise JournalWriteError(self._broken)
        with self._lock:
            batch, self._pending = self._pending, []
            upto = self._last_seq
        if not batch:
            return
        data = b"".join(batch)
        try:
            offload.run(self._write, self._fd, data, self._size)
        except OSError as exc:
            self._broken = str(exc)
            raise JournalWriteError(str(exc)) from exc
        self.fsyncs += 1
        self._size += len(data)
        self._durable_seq = upto

    def _write(self, fd: int | None, data: bytes, size: int) -> None:
        """Append ``data`` at ``size`` and fsync; on failure cut the file back to ``size``.
        Runs in a pool thread under eventlet: plain file operations only, no lock."""
        if fd is None:
            raise OSError(f"journal {self.path} is closed")
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        except OSError:
            self._rollback(fd, size)
            raise

    def _rollback(self, fd: int, size: int) -> None:
        """Cut whatever part of the failed batch reached the file; the caller reloads."""
        try:
            os.ftruncate(fd, size)
            os.fsync(fd)
        except OSError:
            log.exception("journal %s: could not cut a failed write", self.path)

    def seal(self) -> None:
        """Make everything durable, then make the file read-only for good (finalised session)."""
        self.wait_durable(self._last_seq)
        with self._flush_lock, self._lock:
            if self._pending:
                raise JournalWriteError("an event was appended while sealing")
            self._read_only = SEALED_MESSAGE
            if self._fd is not None:
                offload.run(_seal_fd, self._fd)
                self._fd = None
            else:
                os.chmod(self.path, 0o444)
        fsync_dir(self.path.parent)

    def close(self, timeout: float = 5.0) -> None:
        """Close the file (idempotent); nothing may be appended afterwards. Waits at most
        ``timeout`` seconds for a write in progress, so a stuck disk cannot stop a shutdown."""
        flushing = self._flush_lock.acquire(timeout=timeout)
        try:
            if flushing and self._pending and not self._read_only and not self._broken:
                try:  # lines allowed to ride with the next sync: there is no next one
                    self._flush_locked()
                except JournalWriteError as exc:
                    log.error("journal %s: the last lines could not be written at close (%s)", self.path, exc)
            with self._lock:
                if not self._read_only:
                    self._read_only = "Ce journal est fermé."
                if not flushing:  # closing an fd another thread writes to could hit a reused fd
                    log.error("journal %s: a write is still in progress; left open for the exit", self.path)
                    return
                fd, self._fd = self._fd, None
            if fd is not None:
                os.close(fd)
        finally:
            if flushing:
                self._flush_lock.release()


def _seal_fd(fd: int) -> None:
    """Read-only mode, made durable with the last lines, then closed (off the event loop)."""
    os.fchmod(fd, 0o444)
    os.fsync(fd)  # the mode, with the last lines
    os.close(fd)
