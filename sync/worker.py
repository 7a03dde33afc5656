"""The delivery worker: sends the outbox's due jobs to the upstream receiver, in the background.

Timing: a failed attempt is retried after ``first_s`` seconds, doubling at each attempt up to
``max_s`` (15 minutes by default), each delay drawn between its half and its whole (jitter:
a school's servers coming back online together do not knock at the same second). A receiver's
``Retry-After`` is honoured within the same cap.

What each answer does to the job (the outbox's transitions):

- 201 stored, 200 duplicate: delivered (a duplicate is the receiver saying it already has it,
  which is how a re-send after a lost answer ends).
- 408, 425, 429, 5xx, no answer (refused, timeout, dropped connection, no network): retried.
- any other answer (401 unknown key, bad signature, clock off; 409 conflict; 422 journal
  refused; 400, 404, 413...): needs_attention, with the receiver's French reason. Not retried
  on its own: "send now" puts it back once the cause is fixed.

The worker never raises out of its loop, holds no lock of the session store, and builds each
body off the event loop (``offload``), so it never delays an answer to a candidate.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from pathlib import Path
from typing import Callable

from roomserver.store import offload

from . import outbox as ob
from .client import Answer, Client
from .payload import NotSendable, session_body
from .protocol import idempotency_key

log = logging.getLogger("roomserver.sync")
RETRIED_STATUSES = {408, 425, 429}
POLL_S = 1.0  # how often the worker looks at the outbox for a "send now" made by a command
RECONCILE_EVERY_S = 60.0
NO_UPSTREAM = ("Aucune adresse d'organisme n'est configurée (ROOMSERVER_UPSTREAM_URL)\u00a0: la session "
               "attend. Sans réseau, portez-la sur une clé USB (roomserver sync export).")


def backoff(attempts: int, first_s: float, max_s: float, rng: Callable[[], float] = random.random) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt: ``first_s`` doubled at each
    attempt, capped at ``max_s``, then drawn in [half, whole] (jitter)."""
    ceiling = min(max_s, first_s * (2 ** max(0, attempts - 1)))
    return ceiling / 2 + rng() * ceiling / 2


def refusal_reason(answer: Answer, key_id: str) -> str:
    """A readable French reason for a refusal, the receiver's own words included."""
    said = answer.message.strip()
    code = answer.error_code
    if answer.status == 401 and code == "unknown_key":
        head = (f"l'organisme ne connaît pas la clé de ce serveur (key_id {key_id}). Faites enregistrer la ligne "
                "donnée par «\u00a0roomserver sync register\u00a0» par son administrateur, puis «\u00a0Envoyer "
                "maintenant\u00a0».")
    elif answer.status == 401 and code == "signature_expired":
        head = "l'horloge de ce serveur est trop loin de celle de l'organisme. Remettez-la à l'heure, puis renvoyez."
    elif answer.status == 401:
        head = "l'organisme refuse la signature de ce serveur (clé différente de celle enregistrée chez lui\u00a0?)."
    elif answer.status == 409:
        head = ("l'organisme a déjà reçu une autre version de cette session (même session, autre hash final)\u00a0: "
                "rien n'a été écrasé, contactez l'organisme.")
    elif answer.status == 422:
        head = "l'organisme refuse le contenu de la session."
    elif answer.status == 404:
        head = "l'adresse de l'organisme ne reçoit pas de sessions (ROOMSERVER_UPSTREAM_URL à vérifier)."
    elif answer.status == 413:
        head = "la session est trop volumineuse pour l'organisme\u00a0: portez-la sur une clé USB (sync export)."
    else:
        head = f"l'organisme a refusé l'envoi (HTTP {answer.status})."
    return f"{head[:1].upper()}{head[1:]}" + (f" Réponse de l'organisme\u00a0: «\u00a0{said[:300]}\u00a0»" if said else "")


class Worker:
    """Delivers the jobs of one outbox. ``client`` is None when no upstream is configured."""

    def __init__(self, box: ob.Outbox, client: Client | None, key: bytes, catalogue, *,
                 first_s: float = 5.0, max_s: float = 900.0, clock: Callable[[], float] = time.time,
                 rng: Callable[[], float] = random.random, sealed: Callable[[], list] | None = None):
        self.outbox, self.client, self._key, self.catalogue = box, client, key, catalogue
        self.first_s, self.max_s, self.clock, self.rng = first_s, max_s, clock, rng
        self.sealed = sealed  # () -> sealed session states, to create any missing job
        self.key_id = _key_id(key)
        self._wake = threading.Event()  # green under eventlet (monkey-patched)
        self._last_reconcile = float("-inf")
        self.running = False
        self.key_problem: str | None = None  # French, when the sync key file cannot be read

    def __repr__(self) -> str:  # never the key
        return f"Worker({self.client!r})"

    # -- start -----------------------------------------------------------------------------------

    def start_up(self) -> None:
        """Before the first pass: jobs left ``sending`` by a stopped process go back to pending,
        and every sealed session without a job gets one (a crash between seal and job)."""
        for job in self.outbox.recover():
            log.warning("sync job of session %s was interrupted while sending; it is sent again",
                        job["session_number"])
        self.reconcile()

    def reconcile(self) -> int:
        """Create the job of every sealed session that has none; returns how many were made."""
        self._last_reconcile = self.clock()
        if self.sealed is None:
            return 0
        made = 0
        for state in self.sealed():
            final = state.finalisation or {}
            if final.get("final_hash") and self.outbox.enqueue(state.id, state.number, final["final_hash"]):
                log.warning("session %s was sealed without a sync job: job created", state.number)
                made += 1
        return made

    # -- delivering ------------------------------------------------------------------------------

    def wake(self) -> None:
        """Look at the outbox now (after a "send now" in this process)."""
        self._wake.set()

    def run_once(self) -> int:
        """Try every due job once; returns how many attempts were made. Never raises."""
        tried = 0
        try:
            if self.clock() - self._last_reconcile >= RECONCILE_EVERY_S:
                self.reconcile()
            for job in self.outbox.due(self.clock()):
                if self.client is None:
                    reason, code = (self.key_problem, "bad_key_file") if self.key_problem else (NO_UPSTREAM, "no_upstream")
                    if job.get("last_error_code") != code:
                        self.outbox.note_waiting(job["session_id"], reason, code)
                    continue
                if self.attempt(job["session_id"]):
                    tried += 1
        except Exception:  # a disk refusing the outbox: logged, the next pass tries again
            log.exception("sync pass failed; the next one retries")
        return tried

    def attempt(self, session_id: str) -> dict | None:
        """Claim one job and send it; returns the job as it ends (None: not claimable)."""
        job = self.outbox.claim(session_id)
        if job is None:
            return None
        try:
            body, state = offload.run(session_body, self.outbox.data_dir, session_id, self._key, self.catalogue)
        except NotSendable as exc:
            log.error("session %s cannot be sent: %s", job["session_number"], exc)
            return self.outbox.needs_attention(session_id, str(exc), "not_sendable")
        except Exception as exc:  # never lose a job to a surprise: retried, and logged
            log.exception("sync body of session %s could not be built", job["session_number"])
            return self._retry(job, f"erreur interne en préparant l'envoi ({type(exc).__name__})", "internal")
        try:
            answer = self.client.post_session(body, idempotency_key(session_id, state.finalisation["final_hash"]))
            return self.settle(job, answer)
        except Exception as exc:  # a job must never stay "sending" in a running server
            log.exception("sync delivery of session %s failed unexpectedly", job["session_number"])
            return self._retry(job, f"erreur interne pendant l'envoi ({type(exc).__name__})", "internal")

    def settle(self, job: dict, answer: Answer) -> dict:
        """Move a job that was sent according to the answer."""
        session_id = job["session_id"]
        body = answer.body if isinstance(answer.body, dict) else {}
        if answer.status in (200, 201) and body.get("status") in ("stored", "duplicate"):
            receipt = {"http_status": answer.status, "status": body["status"],
                       "received_at": body.get("received_at"), "final_hash": body.get("final_hash")}
            log.info("session %s delivered upstream (%s)", job["session_number"], body["status"])
            return self.outbox.delivered(session_id, receipt)
        if answer.status is None:
            return self._retry(job, answer.error or "pas de réponse", answer.code or "network",
                               retry_after=answer.retry_after)
        if answer.status in RETRIED_STATUSES or answer.status >= 500 or answer.status in (200, 201):
            what = "réponse inattendue" if answer.status < 300 else "l'organisme est indisponible"
            said = f"\u00a0: {answer.message[:200]}" if answer.message else ""
            return self._retry(job, f"{what}, HTTP {answer.status}{said}", f"http_{answer.status}",
                               answer.status, answer.retry_after)
        log.error("session %s refused upstream: HTTP %s %s", job["session_number"], answer.status, answer.error_code)
        return self.outbox.needs_attention(session_id, refusal_reason(answer, self.key_id),
                                           answer.error_code or f"http_{answer.status}", answer.status)

    def _retry(self, job: dict, error: str, code: str, status: int | None = None,
               retry_after: float | None = None) -> dict:
        delay = backoff(job["attempts"], self.first_s, self.max_s, self.rng)
        if retry_after is not None:
            delay = min(self.max_s, max(delay, retry_after))
        log.warning("session %s not delivered (%s); next attempt in %.0f s", job["session_number"], code, delay)
        return self.outbox.retry_later(job["session_id"], self.clock() + delay, error, code, status)

    # -- the background loop -----------------------------------------------------------------------

    def seconds_to_next(self) -> float:
        due = self.outbox.next_due()
        if due is None or self.client is None:
            return POLL_S
        return max(0.0, min(POLL_S, due - self.clock()))

    def loop(self, sleep: Callable[[float], None] | None = None) -> None:
        """Forever: a pass, then wait until the next job is due, at most ``POLL_S`` (a command's
        "send now" is seen within a second), or until ``wake``."""
        self.running = True
        try:
            self.start_up()
        except Exception:
            log.exception("sync start-up failed; the worker goes on")
        while True:
            self.run_once()
            try:
                wait = self.seconds_to_next()
            except Exception:
                wait = POLL_S
            self._wake.wait(wait)
            self._wake.clear()


def _key_id(key: bytes) -> str:
    from roomserver.store.keys import key_id

    return key_id(key)


def make_worker(settings: dict, key: bytes, catalogue, sealed: Callable[[], list] | None = None,
                clock: Callable[[], float] = time.time) -> Worker:
    """The worker a server or a command uses, from the settings table."""
    box = ob.Outbox(Path(settings["data_dir"]), clock)
    client = None
    if settings.get("upstream_url"):
        client = Client(settings["upstream_url"], key, settings["sync_connect_timeout_s"],
                        settings["sync_read_timeout_s"], clock)
    return Worker(box, client, key, catalogue, first_s=settings["sync_retry_first_s"],
                  max_s=settings["sync_retry_max_s"], clock=clock, sealed=sealed)


def room_key(settings: dict) -> bytes:
    """The key that signs what this room sends: ``sync_key_file``, or the journal key of the
    data directory (the contract: the receiver checks every journal line with it). Raises
    ``KeyProblem`` or ``OSError`` (FileNotFoundError when the server never ran here)."""
    from roomserver.store.keys import key_path, read_key

    path = Path(settings["sync_key_file"]) if settings.get("sync_key_file") else key_path(settings["data_dir"])
    return read_key(path)


def server_worker(settings: dict, store, catalogue) -> Worker:
    """The worker of a serving process (``app.py``): its store's sealed sessions reconciled."""
    from roomserver.store.sessions import SEALED

    try:
        key = room_key(settings) if settings.get("sync_key_file") else store.key
    except Exception as exc:  # a bad key file must not stop the exams
        log.error("sync key file unusable (%s): nothing is sent until it is fixed", type(exc).__name__)
        worker = make_worker({**settings, "upstream_url": ""}, store.key, catalogue, clock=store.clock)
        worker.key_problem = f"La clé de signature des envois (ROOMSERVER_SYNC_KEY_FILE) est illisible\u00a0: {exc}"
        return worker
    return make_worker(settings, key, catalogue, clock=store.clock,
                       sealed=lambda: [s for s in store.sessions() if s.status in SEALED and s.finalisation])
