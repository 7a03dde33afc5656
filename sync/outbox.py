"""The outbox: one delivery job per sealed session, durable in ``DATA/sync/outbox.json``.

A job's state changes in ONE place (``Outbox._move``), along these transitions only::

    (none)           -> pending          the session was sealed (or found sealed without a job)
    pending          -> sending          the worker takes it (attempts + 1)
    sending          -> delivered        the receiver answered 201 stored or 200 duplicate
    sending          -> pending          a retry is scheduled (refused connection, timeout, 5xx...),
                                         or the server restarted while sending (the receiver will
                                         answer the re-sent session 200 duplicate: nothing twice)
    sending          -> needs_attention  the receiver refused it for good (401, 409, 422...): a person
                                         must act; never retried on its own
    pending          -> pending          "send now": due at once
    needs_attention  -> pending          "send now" after the cause was fixed (key registered...)

The file is a TinyDB file written atomically (``roomserver.store.atomic``) under a ``flock``
shared with every process: the server's worker, ``roomserver sync status`` and
``roomserver sync send-now`` may all use it at the same time. TinyDB reads the file again at
each operation, so a change made by a command is seen by the worker at its next look.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Callable

from tinydb import Query

from roomserver.store.atomic import open_table_db

log = logging.getLogger("roomserver.sync")

OUTBOX_FILE = Path("sync") / "outbox.json"
PENDING, SENDING, DELIVERED, NEEDS_ATTENTION = "pending", "sending", "delivered", "needs_attention"
STATES = (PENDING, SENDING, DELIVERED, NEEDS_ATTENTION)
TRANSITIONS = {
    (None, PENDING), (PENDING, SENDING), (SENDING, DELIVERED), (SENDING, PENDING), (SENDING, NEEDS_ATTENTION),
    (PENDING, PENDING), (NEEDS_ATTENTION, PENDING),
}
STATE_LABELS = {PENDING: "en attente d'envoi", SENDING: "envoi en cours", DELIVERED: "envoyée à l'organisme",
                NEEDS_ATTENTION: "à vérifier"}
MAX_ERROR_CHARS = 600
NBSP = "\u00a0"


class TransitionRefused(Exception):
    """A state change the table does not allow (a bug, or another process moved the job first)."""


def outbox_path(data_dir: Path) -> Path:
    return Path(data_dir) / OUTBOX_FILE


def clock_time(at: float) -> str:
    """``14 h 05`` in the server's local time, as a French timetable writes it."""
    moment = time.localtime(at)
    return f"{moment.tm_hour}{NBSP}h{NBSP}{moment.tm_min:02d}"


def describe(job: dict | None, now: float) -> str:
    """The job's state in words, for people (admin pages, ``sync status``)."""
    if job is None:
        return "Pas d'envoi prévu (session non finalisée)."
    state = job["state"]
    if state == DELIVERED:
        return f"Envoyée à l'organisme{NBSP}: reçue le {_day(job.get('delivered_at'))}."
    if state == SENDING:
        return "Envoi en cours…"
    if state == NEEDS_ATTENTION:
        reason = job.get("last_error") or "refusée par l'organisme."
        return f"À vérifier{NBSP}: {reason[:1].lower()}{reason[1:]}"
    due = job.get("next_attempt_at")
    if not job.get("attempts"):
        if job.get("last_error"):
            reason = job["last_error"]
            return f"En attente d'envoi{NBSP}: {reason[:1].lower()}{reason[1:]}"
        return "En attente d'envoi, dès que possible."
    when = "dès que possible" if due is None or due <= now else f"prochain essai à {clock_time(due)}"
    reason = f" ({job['last_error']})" if job.get("last_error") else ""
    return f"En attente d'envoi — {when}{reason}."


def _day(at: float | None) -> str:
    if at is None:
        return "?"
    moment = time.localtime(at)
    return f"{moment.tm_mday:02d}/{moment.tm_mon:02d}/{moment.tm_year} à {clock_time(at)}"


class Outbox:
    """The jobs of one data directory. Every method is safe across threads and processes."""

    def __init__(self, data_dir: Path, clock: Callable[[], float] = time.time):
        self.data_dir = Path(data_dir)
        self.clock = clock
        self.db = open_table_db(outbox_path(self.data_dir))
        self.lock = self.db.lock
        self.jobs = self.db.table("jobs")
        self.pulled = self.db.table("pulled")  # prepared sessions imported from upstream (sync pull)

    # -- reading ---------------------------------------------------------------------------------

    def all(self) -> list[dict]:
        with self.lock:
            rows = [dict(row) for row in self.jobs.all()]
        return sorted(rows, key=lambda job: (job["created_at"], job["session_number"]))

    def get(self, session_id: str) -> dict | None:
        with self.lock:
            row = self.jobs.get(Query().session_id == session_id)
        return dict(row) if row is not None else None

    def by_number(self, number: int) -> dict | None:
        with self.lock:
            rows = self.jobs.search(Query().session_number == number)
        return dict(max(rows, key=lambda job: job["created_at"])) if rows else None

    def due(self, now: float | None = None) -> list[dict]:
        """Pending jobs whose time has come, oldest first."""
        now = self.clock() if now is None else now
        return [job for job in self.all()
                if job["state"] == PENDING and (job.get("next_attempt_at") or 0) <= now]

    def next_due(self) -> float | None:
        """When the next pending job falls due (None: nothing pending)."""
        times = [job.get("next_attempt_at") or 0 for job in self.all() if job["state"] == PENDING]
        return min(times) if times else None

    # -- the one place a state changes -----------------------------------------------------------

    def _move(self, sid: str, allowed_from: tuple, to: str, /, **changes) -> dict:
        """Move the job of session ``sid`` to ``to`` if it is in one of ``allowed_from`` (None: the
        job does not exist yet), with ``changes``; raises TransitionRefused otherwise. Returns the
        job as written."""
        with self.lock:
            row = self.jobs.get(Query().session_id == sid)
            current = row["state"] if row is not None else None
            if current not in allowed_from or (current, to) not in TRANSITIONS:
                raise TransitionRefused(f"job {sid}: {current} -> {to} not allowed here")
            job = {**(dict(row) if row is not None else {}), **changes, "state": to, "updated_at": self.clock()}
            self.jobs.upsert(job, Query().session_id == sid)
        if current != to:
            log.info("sync job of session %s: %s -> %s", job.get("session_number"), current, to)
        return job

    # -- transitions -------------------------------------------------------------------------------

    def enqueue(self, session_id: str, session_number: int, final_hash: str) -> dict | None:
        """Create the job of a sealed session; None when it already has one (nothing changes)."""
        with self.lock:
            if self.get(session_id) is not None:
                return None
            now = self.clock()
            return self._move(session_id, (None,), PENDING, session_id=session_id, session_number=session_number,
                              final_hash=final_hash, attempts=0, last_error=None, last_error_code=None,
                              last_status=None, last_attempt_at=None, next_attempt_at=now, created_at=now,
                              delivered_at=None, receipt=None)

    def claim(self, session_id: str) -> dict | None:
        """pending -> sending, for the worker about to send; None when another took it or it is not due."""
        with self.lock:
            job = self.get(session_id)
            if job is None or job["state"] != PENDING or (job.get("next_attempt_at") or 0) > self.clock():
                return None
            return self._move(session_id, (PENDING,), SENDING, attempts=job["attempts"] + 1,
                              last_attempt_at=self.clock())

    def delivered(self, session_id: str, receipt: dict) -> dict:
        return self._move(session_id, (SENDING,), DELIVERED, delivered_at=self.clock(), receipt=receipt,
                          last_error=None, last_error_code=None, last_status=receipt.get("http_status"),
                          next_attempt_at=None)

    def retry_later(self, session_id: str, at: float, error: str, code: str, status: int | None = None) -> dict:
        return self._move(session_id, (SENDING,), PENDING, next_attempt_at=at, last_error=error[:MAX_ERROR_CHARS],
                          last_error_code=code, last_status=status)

    def needs_attention(self, session_id: str, error: str, code: str, status: int | None = None) -> dict:
        return self._move(session_id, (SENDING,), NEEDS_ATTENTION, next_attempt_at=None,
                          last_error=error[:MAX_ERROR_CHARS], last_error_code=code, last_status=status)

    def note_waiting(self, session_id: str, error: str, code: str) -> dict:
        """pending stays pending with a reason it cannot be sent yet (no upstream configured)."""
        return self._move(session_id, (PENDING,), PENDING, last_error=error[:MAX_ERROR_CHARS], last_error_code=code)

    def send_now(self, session_id: str) -> dict | None:
        """Due at once: pending -> pending now, needs_attention -> pending now. Delivered and
        sending jobs are left as they are (None)."""
        with self.lock:
            job = self.get(session_id)
            if job is None or job["state"] not in (PENDING, NEEDS_ATTENTION):
                return None
            return self._move(session_id, (PENDING, NEEDS_ATTENTION), PENDING, next_attempt_at=self.clock())

    def recover(self) -> list[dict]:
        """At the worker's start: a job left ``sending`` by a process that stopped (SIGKILL, power
        cut) goes back to pending, due now. Call only where no other sender can be running."""
        moved = []
        with self.lock:
            for job in self.all():
                if job["state"] == SENDING:
                    moved.append(self._move(job["session_id"], (SENDING,), PENDING, next_attempt_at=self.clock(),
                                            last_error="L'envoi a été interrompu par un arrêt du serveur de salle\u00a0; "
                                                       "il reprend.", last_error_code="interrupted"))
        return moved

    # -- prepared sessions pulled from upstream ---------------------------------------------------

    def pulled_row(self, upstream_id: str) -> dict | None:
        with self.lock:
            row = self.pulled.get(Query().upstream_id == upstream_id)
        return dict(row) if row is not None else None

    def remember_pulled(self, upstream_id: str, session_id: str, session_number: int) -> None:
        with self.lock:
            self.pulled.upsert({"upstream_id": upstream_id, "session_id": session_id,
                                "session_number": session_number, "imported_at": self.clock(), "acked": False},
                               Query().upstream_id == upstream_id)

    def mark_acked(self, upstream_id: str) -> None:
        with self.lock:
            self.pulled.update({"acked": True, "acked_at": self.clock()}, Query().upstream_id == upstream_id)


def job_view(job: dict, now: float) -> dict:
    """A job as shown by ``sync status --json`` and the admin API (fixed fields, French label)."""
    return {"session_number": job["session_number"], "session_id": job["session_id"],
            "final_hash": job["final_hash"], "state": job["state"], "state_label": STATE_LABELS[job["state"]],
            "attempts": job["attempts"], "last_error": job.get("last_error"),
            "last_error_code": job.get("last_error_code"), "last_attempt_at": job.get("last_attempt_at"),
            "next_attempt_at": job.get("next_attempt_at") if job["state"] == PENDING else None,
            "delivered_at": job.get("delivered_at"), "created_at": job["created_at"],
            "summary": describe(job, now)}


def enqueue_sealed(data_dir: Path, state, clock: Callable[[], float] = time.time) -> dict | None:
    """The job of a session just sealed (called by ``SessionStore.seal``)."""
    final = state.finalisation or {}
    return Outbox(data_dir, clock).enqueue(state.id, state.number, final["final_hash"])
