"""Invigilator API (minimum for the exam spine): log in, see the roster, confirm or
cancel presence, start the session, authorise a resume."""

from __future__ import annotations

from flask import Blueprint

from ..app import services
from ..core import commands
from ..core.refusal import Refusal
from ..core.views import session_view
from . import schemas
from .auth import authenticate, client_address, new_token
from .candidate import session_number
from .routing import route

bp = Blueprint("invigilator", __name__, url_prefix="/api/v1/invigilator")
TAG = "surveillant"


@route(bp, "/login", "POST", summary="Connexion du surveillant (numéro de session + mot de passe)", tag=TAG,
       body=schemas.LOGIN, errors=(401, 404, 429), response={"token": "string"})
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
    svc.store.execute(handle, lambda s: commands.invigilator_login(s, digest))
    return {"token": token, "session_id": handle.state.id}


def _session_payload(handle) -> dict:
    svc = services()
    return svc.store.read(handle, lambda s: session_view(s, svc.store.clock()))


@route(bp, "/session", "GET", summary="La session et la liste des candidats", tag=TAG, auth="invigilator")
def session():
    handle, _, _ = authenticate("invigilator")
    return _session_payload(handle)


@route(bp, "/session/start", "POST", summary="Démarrer la session : renvoie le code d'accès à afficher",
       tag=TAG, auth="invigilator", errors=(409,), response={"access_code": "string"})
def start():
    svc = services()
    handle, _, _ = authenticate("invigilator")
    svc.store.execute(handle, commands.start_session)
    return {"access_code": handle.state.access_code, "started_at": handle.state.started_at}


def _candidate_action(candidate_id: str, command) -> dict:
    svc = services()
    handle, _, _ = authenticate("invigilator")
    svc.store.execute(handle, lambda s: command(s, candidate_id))
    return _session_payload(handle)


@route(bp, "/candidates/<candidate_id>/presence", "POST", summary="Confirmer la présence d'un candidat",
       tag=TAG, auth="invigilator", errors=(404, 409))
def confirm_presence(candidate_id: str):
    return _candidate_action(candidate_id, commands.confirm_presence)


@route(bp, "/candidates/<candidate_id>/presence", "DELETE", summary="Annuler la présence d'un candidat",
       tag=TAG, auth="invigilator", errors=(404, 409))
def cancel_presence(candidate_id: str):
    return _candidate_action(candidate_id, commands.cancel_presence)


@route(bp, "/candidates/<candidate_id>/authorise-resume", "POST",
       summary="Autoriser la reprise du test sur un nouveau poste", tag=TAG, auth="invigilator", errors=(404, 409))
def authorise_resume(candidate_id: str):
    clock = services().store.clock
    return _candidate_action(candidate_id, lambda s, cid: commands.authorise_resume(s, cid, clock()))
