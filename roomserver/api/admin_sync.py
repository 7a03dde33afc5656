"""The administrator's view of upstream sync: each finalised session's delivery, and "send now".

Reads the outbox file (``sync/outbox.py``) and wakes the server's worker (``sync/worker.py``);
never waits for the upstream itself, so these answers are immediate whatever the network does.
"""

from __future__ import annotations

from flask import Blueprint, current_app

from sync.outbox import STATES, job_view
from ..core.refusal import Refusal
from ..core.states import SessionStatus
from ..services import services
from .responses import BOOL, COUNT, STR, TIME, array, nullable, obj
from .routing import route

bp = Blueprint("admin_sync", __name__, url_prefix="/api/v1/admin")
TAG = "administration"

JOB = obj({
    "session_number": COUNT, "session_id": STR, "final_hash": STR,
    "state": {"type": "string", "enum": list(STATES)},
    "state_label": STR,
    "attempts": COUNT,
    "last_error": nullable(STR), "last_error_code": nullable(STR),
    "last_attempt_at": nullable(TIME), "next_attempt_at": nullable(TIME), "delivered_at": nullable(TIME),
    "created_at": TIME,
    "summary": {"type": "string", "description": "l'état en mots, pour la page (prochain essai, raison...)"},
}, description="l'envoi d'une session finalisée à l'organisme")
OVERVIEW = obj({"upstream_configured": BOOL, "key_id": STR, "jobs": array(JOB)})
SESSION_SYNC = obj({"session_number": COUNT, "job": nullable(JOB), "summary": STR})
SENT = obj({"jobs": array(JOB)})


def worker():
    return current_app.extensions["roomserver_sync"]


def _views(jobs) -> list[dict]:
    now = services().store.clock()
    return [job_view(job, now) for job in jobs]


def _session_job(session_number: int):
    """(state, job or None); 404 for an unknown session. A sealed session without a job gets
    one now (the worker would at its next minute)."""
    state = services().store.by_number(session_number).state
    job = worker().outbox.get(state.id)
    if job is None and state.status in (SessionStatus.FINALISED, SessionStatus.SYNCED):
        worker().reconcile()
        job = worker().outbox.get(state.id)
    return state, job


@route(bp, "/sync", "GET", summary="Les envois des sessions finalisées à l'organisme\u00a0: état, essais, prochain essai",
       tag=TAG, auth="admin", response=OVERVIEW)
def sync_overview():
    sync = worker()
    return {"upstream_configured": sync.client is not None, "key_id": sync.key_id,
            "jobs": _views(sync.outbox.all())}


@route(bp, "/sessions/<int:session_number>/sync", "GET",
       summary="L'envoi de cette session à l'organisme (null tant qu'elle n'est pas finalisée)", tag=TAG,
       auth="admin", errors=(404,), response=SESSION_SYNC)
def session_sync(session_number: int):
    state, job = _session_job(session_number)
    from sync.outbox import describe

    view = _views([job])[0] if job is not None else None
    return {"session_number": state.number, "job": view,
            "summary": view["summary"] if view else describe(None, services().store.clock())}


@route(bp, "/sessions/<int:session_number>/sync/send-now", "POST",
       summary="Envoyer maintenant cette session à l'organisme (aussi après une erreur corrigée)", tag=TAG,
       auth="admin", errors=(404, 409), response=SESSION_SYNC)
def session_send_now(session_number: int):
    state, job = _session_job(session_number)
    if job is None:
        raise Refusal(409, "session_not_finalised",
                      "Cette session n'est pas finalisée\u00a0: il n'y a encore rien à envoyer.")
    worker().outbox.send_now(job["session_id"])
    worker().wake()
    view = _views([worker().outbox.get(job["session_id"])])[0]
    return {"session_number": state.number, "job": view, "summary": view["summary"]}


@route(bp, "/sync/send-now", "POST", summary="Envoyer maintenant toutes les sessions en attente ou à vérifier",
       tag=TAG, auth="admin", response=SENT)
def send_all_now():
    sync = worker()
    sync.reconcile()
    for job in sync.outbox.all():
        sync.outbox.send_now(job["session_id"])
    sync.wake()
    return {"jobs": _views(sync.outbox.all())}


# -- the invigilator's dashboard: the same words, read-only -----------------------------------------------

invigilator_bp = Blueprint("invigilator_sync", __name__, url_prefix="/api/v1/invigilator")


@route(invigilator_bp, "/session/sync", "GET",
       summary="L'envoi de la session à l'organisme, en mots (null tant qu'elle n'est pas finalisée)",
       tag="surveillant", auth="invigilator", response=SESSION_SYNC)
def invigilator_session_sync():
    from .auth import authenticate

    handle, _, _ = authenticate("invigilator")
    return session_sync(handle.state.number)
