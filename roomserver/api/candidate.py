"""Candidate API: join, start with the access code, read the state, answer."""

from __future__ import annotations

import uuid

from flask import Blueprint, send_file

from ..services import services
from ..core import commands
from ..core.identity import is_birthdate
from ..core.refusal import Refusal
from ..core.views import candidate_status, candidate_view
from . import schemas
from .auth import authenticate, client_address, client_info, new_token
from .routing import route

bp = Blueprint("candidate", __name__, url_prefix="/api/v1/candidate")
TAG = "candidat"


def session_number(raw) -> int:
    return int(str(raw).strip())


def check_birthdate(text: str) -> None:
    if not is_birthdate(text):
        raise Refusal(400, "invalid_request", "La date de naissance n'existe pas : vérifiez le jour, le mois et l'année.")


def authorised_candidate():
    """The candidate behind the token, refusing a new browser whose resume is not authorised."""
    handle, candidate_id, digest = authenticate("candidate")
    if handle.state.candidates[candidate_id].pending_token == digest:
        raise Refusal(403, "resume_not_authorised",
                      "Votre test a commencé sur un autre poste ou navigateur : le surveillant doit "
                      "autoriser la reprise. Levez la main.")
    return handle, candidate_id, digest


@route(bp, "/join", "POST", summary="Rejoindre une session (numéro, prénom, nom, date de naissance)",
       tag=TAG, body=schemas.JOIN, errors=(403, 404, 409, 429),
       response={"token": "string", "candidate_id": "string", "status": "string"})
def join(data):
    svc = services()
    check_birthdate(data["birthdate"])
    svc.throttle.check("join", client_address())
    token, digest = new_token()
    try:
        handle = svc.store.by_number(session_number(data["session_number"]))
        found = {}

        def command(state):
            found["id"], events = commands.join(state, data["first_name"], data["last_name"], data["birthdate"],
                                                digest, client_info(), svc.store.clock())
            return events

        svc.store.execute(handle, command)
    except Refusal as refusal:
        if refusal.code in ("session_not_found", "identity_not_found"):
            svc.throttle.failed("join", client_address())
        raise
    candidate = handle.state.candidates[found["id"]]
    return {"token": token, "candidate_id": found["id"], "status": candidate_status(candidate, digest)}


@route(bp, "/start", "POST", summary="Commencer le test avec le code d'accès", tag=TAG, body=schemas.START,
       auth="candidate", errors=(403, 409, 422, 429))
def start(data):
    svc = services()
    handle, candidate_id, digest = authorised_candidate()
    svc.throttle.check("access_code", client_address())
    try:
        svc.store.execute(handle, lambda s: commands.start_test(s, candidate_id, data["access_code"], svc.pack))
    except Refusal as refusal:
        if refusal.code == "access_code_incorrect":
            svc.throttle.failed("access_code", client_address())
        raise
    return state_payload(handle, candidate_id, digest)


@route(bp, "/state", "GET", summary="État du candidat et question en cours (sans solution)", tag=TAG,
       auth="candidate")
def state():
    svc = services()
    handle, candidate_id, digest = authenticate("candidate")
    if handle.state.candidates[candidate_id].pending_token != digest:
        svc.store.execute(handle, lambda s: commands.show_question(s, candidate_id))
    return state_payload(handle, candidate_id, digest)


def state_payload(handle, candidate_id: str, digest: str) -> dict:
    svc = services()
    return svc.store.read(handle, lambda s: candidate_view(s, s.candidates[candidate_id], digest, svc.pack,
                                                           svc.store.clock()))


@route(bp, "/answers", "POST", summary="Répondre (ou passer) à la question en cours; idempotent par answer_id",
       tag=TAG, body=schemas.ANSWER, auth="candidate", errors=(403, 409, 422))
def answer(data):
    svc = services()
    handle, candidate_id, _ = authorised_candidate()
    skip = data.get("skip", False)
    if skip == ("value" in data):
        raise Refusal(400, "invalid_request",
                      "Envoyez soit une réponse (« value »), soit « skip »: true pour passer la question.")
    answer_id = str(uuid.UUID(data["answer_id"]))
    svc.store.execute(handle, lambda s: commands.record_answer(
        s, candidate_id, answer_id, data["challenge_id"], data.get("value"), skip, svc.pack, svc.store.clock()))

    def progress(s):
        c = s.candidates[candidate_id]
        return {"status": str(c.status), "answered": c.answered, "total": c.total}

    return svc.store.read(handle, progress)


@route(bp, "/focus-lost", "POST", summary="Signaler que la fenêtre a été quittée (question focus)", tag=TAG,
       body=schemas.CHALLENGE_REF, auth="candidate", errors=(403, 409))
def focus_lost(data):
    svc = services()
    handle, candidate_id, _ = authorised_candidate()
    svc.store.execute(handle, lambda s: commands.record_focus_lost(s, candidate_id, data["challenge_id"], svc.pack))
    return {"recorded": True}


@route(bp, "/report", "POST", summary="Signaler un problème sur la question en cours (alerte au surveillant)",
       tag=TAG, body=schemas.REPORT, auth="candidate", errors=(403, 409))
def report(data):
    svc = services()
    handle, candidate_id, _ = authorised_candidate()
    svc.store.execute(handle, lambda s: commands.report_problem(
        s, candidate_id, data["challenge_id"], uuid.uuid4().hex, data.get("message", "")))
    return {"reported": True}


@route(bp, "/heartbeat", "POST", summary="Signe de vie de la page (toutes les 5 s) : rien n'est écrit au journal",
       tag=TAG, auth="candidate", response={"version": "integer", "status": "string", "session_status": "string", "interval_s": "integer"})
def heartbeat():
    """Feeds the invigilators' connection column, and tells the page whether its state
    changed (``version``) so it reads it again only then."""
    svc = services()
    handle, candidate_id, digest = authenticate("candidate")
    now = svc.store.clock()
    if handle.state.candidates[candidate_id].pending_token != digest:  # a browser awaiting its resume is not
        before = svc.presence.beat(handle.state.id, candidate_id, client_address(), now)  # the test's page
        if not before or now - before["at"] >= svc.settings["heartbeat_timeout_s"] \
                or before.get("ip") != client_address():
            svc.feed.push_rows(handle, [candidate_id])  # back from silence, or another address: say so at once

    def light(state):
        candidate = state.candidates[candidate_id]
        return {"version": candidate.seq, "status": candidate_status(candidate, digest),
                "session_status": str(state.status), "interval_s": svc.settings["heartbeat_interval_s"]}

    return svc.store.read(handle, light)


@route(bp, "/attachments/<challenge_id>/<name>", "GET",
       summary="Télécharger une pièce jointe de la question en cours", tag=TAG, auth="candidate",
       errors=(403, 404), produces="application/octet-stream")
def attachment(challenge_id: str, name: str):
    svc = services()
    handle, candidate_id, _ = authorised_candidate()
    current = svc.store.read(handle, lambda s: s.candidates[candidate_id].current_challenge_id)
    if challenge_id != current:
        raise Refusal(403, "not_current_challenge", "Ce fichier n'appartient pas à la question affichée.")
    try:
        path = svc.pack.attachment_file(challenge_id, name)
    except KeyError:
        raise Refusal(404, "attachment_not_found", "Ce fichier n'existe pas pour cette question.") from None
    challenge = svc.pack.challenges[challenge_id]
    inline = challenge.illustration is not None and challenge.illustration.name == name
    return send_file(path, as_attachment=not inline, download_name=name, max_age=0)
