"""When each candidate's page was last heard, and from which PC (and whether the disk refused
its answers). In memory only.

The candidate page beats every few seconds; writing each beat to the journal would
cost an fsync per beat per pupil for nothing the record needs. A server restart loses
this table, and the rows fall back on the candidate's last journaled action until the
next beat (5 s later).
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from tinydb import Query


class Presence:
    def __init__(self, pc_name: Callable[[str], str | None] = lambda ip: None):
        self._seen: dict[str, dict[str, dict]] = {}  # session id -> candidate id -> {at, ip, host}
        self._lock = threading.Lock()
        self._pc_name = pc_name
        self._refused: dict[tuple[str, str], float] = {}  # (session, candidate) -> first answer refused by the disk

    def beat(self, session_id: str, candidate_id: str, ip: str, now: float) -> dict:
        """Record a heartbeat; returns what was known before it (empty if nothing)."""
        host = self._pc_name(ip)
        with self._lock:
            session = self._seen.setdefault(session_id, {})
            before = session.get(candidate_id, {})
            session[candidate_id] = {"at": now, "ip": ip, "host": host}
            return before

    def seen(self, session_id: str) -> dict[str, dict]:
        with self._lock:
            return {cid: dict(info) for cid, info in self._seen.get(session_id, {}).items()}

    def one(self, session_id: str, candidate_id: str) -> dict | None:
        with self._lock:
            info = self._seen.get(session_id, {}).get(candidate_id)
            return dict(info) if info else None

    def heard_at(self, session_id: str, candidate_id: str) -> float | None:
        info = self.one(session_id, candidate_id)
        return info["at"] if info else None

    # -- answers the disk refused (507) ------------------------------------------------------------

    def refused(self, session_id: str, candidate_id: str, now: float) -> None:
        """An answer of this page could not be written: the page keeps it and retries. Until one
        is written, the delay is the server's, not the candidate's (their claims get that leeway)."""
        with self._lock:
            self._refused.setdefault((session_id, candidate_id), now)

    def refused_for(self, session_id: str, candidate_id: str, now: float) -> float:
        """Seconds since this page's first answer refused by the disk (0 if none), and forget it."""
        if not self._refused:  # the usual case, read without the lock: every answer asks
            return 0.0
        with self._lock:
            since = self._refused.pop((session_id, candidate_id), None)
        return 0.0 if since is None else max(0.0, now - since)


class PcNames:
    """Room PC names (label given at the preflight, else host name) by IP address, from the
    preflight table; re-read at most every ``ttl_s`` seconds."""

    def __init__(self, tables, ttl_s: float = 30.0, clock: Callable[[], float] = time.monotonic):
        self.tables, self.ttl_s, self.clock = tables, ttl_s, clock
        self._names: dict[str, str] = {}
        self._read_at: float | None = None

    def __call__(self, ip: str) -> str | None:
        now = self.clock()
        if self._read_at is None or now - self._read_at > self.ttl_s:
            with self.tables.lock:
                pcs = self.tables.table("preflight").search(Query().kind == "pc")
            self._names = {d["address"]: d.get("label") or d.get("host") for d in pcs
                           if d.get("address") and (d.get("label") or d.get("host"))}
            self._read_at = now
        return self._names.get(ip)
