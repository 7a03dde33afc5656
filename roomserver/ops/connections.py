"""The connection cap: never more open connections than the file limit allows, idle ones
give way to new ones, and a clear 503 only when every connection is busy.

Measured before this (issue 12): about 1 020 idle connections from one PC crashed the server
(``accept()`` failed with "Too many open files" and the process exited), and 1 100 blocked
every new one. The policy here is plain Python; ``roomserver/serve.py`` applies it in its
accept loop. A connection is *idle* while it waits for the first line of a request (a fresh
connection that sent nothing, or a keep-alive between two requests): closing it loses nothing,
the browser opens another. Websockets and requests in progress are *busy* and never closed.
"""

from __future__ import annotations

import json
import resource
import time
from dataclasses import dataclass, field
from typing import Any

# Descriptors kept free beyond those open at start-up: journals of sessions created during
# the day, TinyDB's temporary files, the zeroconf child's pipes, documents being built.
FD_RESERVE = 128
# What the systemd unit sets (LimitNOFILE); a shell's soft limit is raised towards it.
WANTED_FILE_LIMIT = 8192

BUSY_BODY = {"error": {"code": "server_busy",
                       "message": "Le serveur de salle est saturé\u00a0: trop de connexions sont en cours. "
                                  "Patientez quelques secondes, la page réessaiera."}}


def busy_response() -> bytes:
    """The raw 503 sent when every connection is busy (the one JSON error shape, in French)."""
    from ..app import raw_security_headers

    body = json.dumps(BUSY_BODY, ensure_ascii=False).encode("utf-8")
    head = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nRetry-After: 5\r\nCache-Control: no-store\r\nConnection: close\r\n"
            f"{raw_security_headers()}\r\n")
    return head.encode("ascii") + body


def raise_file_limit(wanted: int = WANTED_FILE_LIMIT) -> tuple[int, int]:
    """Raise the soft RLIMIT_NOFILE towards ``wanted`` (never above the hard limit); (soft, hard)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft, hard


def connection_cap(requested: int, file_limit: int, open_at_start: int, reserve: int = FD_RESERVE) -> int:
    """The cap actually used: the setting, lowered to leave ``reserve`` descriptors free (at least 16)."""
    room = file_limit - open_at_start - reserve
    return max(16, min(requested, room))


@dataclass(eq=False)
class Connection:
    address: Any
    sock: Any
    opened: float = field(default_factory=time.monotonic)
    # Set while waiting for a request line (idle: may be closed). A connection just accepted
    # counts as idle from the start: it has asked for nothing yet.
    waiting_since: float | None = field(default_factory=time.monotonic)
    closing: bool = False

    @property
    def idle(self) -> bool:
        return self.waiting_since is not None and not self.closing


class ConnectionTable:
    """The open connections and the decisions about them; counters for /api/v1/health."""

    def __init__(self, cap: int, file_limit: int):
        self.cap, self.file_limit = cap, file_limit
        self.open: set[Connection] = set()
        self.refused_busy = 0  # 503 sent because every connection was busy
        self.closed_idle = 0  # idle connections closed to make room
        self.accept_failures = 0  # accept() refused by the system (file limit): survived, retried
        self.peak = 0
        self._closing = 0

    def add(self, connection: Connection) -> None:
        self.open.add(connection)
        self.peak = max(self.peak, self.live)

    def remove(self, connection: Connection) -> None:
        if connection in self.open:
            self.open.discard(connection)
            self._closing -= connection.closing

    @property
    def live(self) -> int:
        """Connections counted against the cap (those being closed are on their way out)."""
        return len(self.open) - self._closing

    @property
    def full(self) -> bool:
        return self.live >= self.cap

    def make_room(self) -> Connection | None:
        """The idle connection to close so a new one fits (the one waiting longest), or None."""
        idle = [c for c in self.open if c.idle]
        if not idle:
            return None
        victim = min(idle, key=lambda c: c.waiting_since)
        victim.closing = True
        self._closing += 1
        self.closed_idle += 1
        return victim

    def report(self) -> dict:
        idle = sum(1 for c in self.open if c.idle)
        return {"open": self.live, "idle": idle, "busy": self.live - idle, "cap": self.cap,
                "file_limit": self.file_limit, "peak": self.peak, "closed_idle": self.closed_idle,
                "refused_busy": self.refused_busy, "accept_failures": self.accept_failures}
