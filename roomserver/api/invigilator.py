"""Invigilator API, the session as a whole: log in, read the roster, presence before the
start, start, authorise a resume, comment, close. Per-candidate actions during the test
are in ``invigilator_actions``.

Every action is journaled (and fsync'd) before it is acknowledged; the live feed then
pushes the change to every dashboard of the session, including the one that acted.
"""

from __future__ import annotations

from flask import Blueprint

from ..services import services
from ..core import commands, invigilation
from ..core.dashboard import session_summary
from ..core.refusal import Refusal
from . import preflight_schemas, responses, schemas
from .auth import authenticate, client_address, new_token
from .candidate import session_number
from .preflight import book as preflight_book
from .routing import route

bp = Blueprint("invigilator", __name__, url_prefix="/api/v1/invigilator")
TAG = "surveillant"
ROW = responses.ROW_REPLY
SUMMARY = responses.SUMMARY_REPLY


def invigilator():
    """(handle, invigilator id) for the request's invigilator token, or 401."""
    handle, _, digest = authenticate("invigilator")
    return handle, handle.state.invigilator_tokens[digest]


def row_payload(handle, candidate_id: str) -> dict:
    """What an action on one candidate answers: that candidate's row, as the dashboards get it."""
    seq, _, rows = services().feed.rows(handle, [candidate_id])
    return {"seq": seq, "candidate": rows[0]}


def summary_payload(handle) -> dict:
    svc = services()
    return svc.store.read(handle, lambda s: {"seq": s.seq, "session": session_summary(s, svc.store.clock())})


def candidate_action(candidate_id: str, command) -> dict:
    """Run ``command(state, candidate_id, invigilator_id)`` and answer with the row."""
    svc = services()
    handle, by = invigilator()
    svc.store.execute(handle, lambda s: command(s, candidate_id, by))
    return row_payload(handle, candidate_id)


def session_action(command) -> dict:
    """Run ``command(state, invigilator_id)`` and answer with the session summary."""
    svc = services()
    handle, by = invigilator()
    svc.store.execute(handle, lambda s: command(s, by))
    return summary_payload(handle)


@route(bp, "/login", "POST", summary="Connexion du surveillant (numéro de session + mot de passe)", tag=TAG,
       body=schemas.LOGIN, errors=(401, 404, 429), response=responses.LOGGED_IN)
def login(data):
    svc = services()
    svc.throttle.check("password", client_address())
    try:
        handle = svc.store.by_number(session_number(data["session_number"]))
        if not commands.password_matches(handle.state, data["password"]):
            raise Refusal(401, "password_incorrect",
                          "Mot de passe surveillant incorrect. Il figure sur la page de la session (C-XXXXXX).")
    except Refusal:
        svc.throttle.failed("password", client_address())
        raise
    token, digest = new_token()
    svc.store.execute(handle, lambda s: commands.invigilator_login(s, digest, data.get("name", "")))
    return {"token": token, "session_id": handle.state.id, "invigilator_id": handle.state.invigilator_tokens[digest]}


@route(bp, "/session", "GET", summary="La session et la liste complète des candidats (comme l'événement roster)",
       tag=TAG, auth="invigilator", response=responses.ROSTER)
def session():
    handle, by = invigilator()
    return {**services().feed.roster_payload(handle), "you": by}


@route(bp, "/session/start", "POST", summary="Démarrer la session : renvoie le code d'accès à afficher",
       tag=TAG, auth="invigilator", errors=(409,), response=responses.STARTED)
def start():
    svc = services()
    handle, by = invigilator()
    svc.store.execute(handle, lambda s: commands.start_session(s, by))
    return {"access_code": handle.state.access_code, "started_at": handle.state.started_at, "seq": handle.state.seq}


@route(bp, "/candidates/<candidate_id>/presence", "POST", summary="Confirmer la présence d'un candidat",
       tag=TAG, auth="invigilator", errors=(404, 409), response=ROW)
def confirm_presence(candidate_id: str):
    return candidate_action(candidate_id, commands.confirm_presence)


@route(bp, "/candidates/<candidate_id>/presence", "DELETE", summary="Annuler la présence d'un candidat",
       tag=TAG, auth="invigilator", errors=(404, 409), response=ROW)
def cancel_presence(candidate_id: str):
    return candidate_action(candidate_id, commands.cancel_presence)


@route(bp, "/candidates/<candidate_id>/authorise-resume", "POST",
       summary="Autoriser l'autre poste qui demande à prendre la place du candidat (reprise du test, ou second "
               "navigateur avant le début) : l'ancien poste n'enregistre plus rien",
       tag=TAG, auth="invigilator", errors=(404, 409), response=ROW)
def authorise_resume(candidate_id: str):
    clock = services().store.clock
    return candidate_action(candidate_id, lambda s, cid, by: commands.authorise_resume(s, cid, clock(), by))


@route(bp, "/candidates/<candidate_id>/refuse-resume", "POST",
       summary="Refuser l'autre poste qui demande à prendre la place du candidat : le poste du candidat continue",
       tag=TAG, auth="invigilator", errors=(404, 409), response=ROW)
def refuse_resume(candidate_id: str):
    return candidate_action(candidate_id, commands.refuse_resume)


@route(bp, "/session/comment", "PUT", summary="Écrire le commentaire global de la session (500 caractères au plus)",
       tag=TAG, auth="invigilator", body=schemas.COMMENT, errors=(409, 422), response=SUMMARY)
def comment(data):
    return session_action(lambda s, by: invigilation.set_comment(s, data["comment"], by))


@route(bp, "/session/close", "POST", summary="Clôturer la session (quand plus personne n'est en test)",
       tag=TAG, auth="invigilator", errors=(409,), response=SUMMARY)
def close():
    response = session_action(invigilation.close_session)
    services().store.checkpoint(invigilator()[0])  # a closed session replays from here
    return response


@route(bp, "/room-plan", "GET",
       summary="Plan de la salle tel que le technicien l'a dessiné (Crash-test) : la place de chaque poste, "
               "avec son adresse pour y retrouver le candidat",
       tag=TAG, auth="invigilator", response=preflight_schemas.ROOM_PLAN_REPLY)
def room_plan():
    invigilator()
    plan = preflight_book().plan()
    return {**plan, "seats": [{k: v for k, v in seat.items() if k != "pc_id"} for seat in plan["seats"]]}
