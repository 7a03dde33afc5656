"""Candidate API: join, start with the access code, read the state, answer.

The page works offline-first (docs/offline.md): it keeps its answers in IndexedDB and sends
them again until acknowledged, holds the next question in the classic algorithm, and says
with its heartbeat how long it could not reach the server (given back, bounded by what the
server observed). A PC the test moved away from is told so and refused.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, current_app, request, send_file

from ..core import commands, connection
from ..core.identity import is_birthdate
from ..core.refusal import Refusal
from ..core.views import CLASSIC, algorithm, candidate_status, candidate_view
from ..services import services
from . import responses, schemas
from .auth import authenticate, client_address, client_info, new_token, token_digest
from .routing import route
from .throttle import Throttle

bp = Blueprint("candidate", __name__, url_prefix="/api/v1/candidate")
TAG = "candidat"
SERVICE_WORKER = "/static/candidate/sw.js"
# Wrong birthdates for one candidate, from any address: after GUESSES_PER_CANDIDATE within
# GUESS_WINDOW_FACTOR times the throttle window (15 min by default), joins naming this
# candidate wait (429), whatever the birthdate: a right guess is never told apart from a wrong one.
GUESSES_PER_CANDIDATE = 5
GUESS_WINDOW_FACTOR = 3


@bp.after_app_request
def service_worker_scope(response):
    """The page's service worker lives with its scripts but serves the page at ``/``."""
    if request.path == SERVICE_WORKER:
        response.headers["Service-Worker-Allowed"] = "/"
        response.headers["Cache-Control"] = "no-cache"
    return response


def session_number(raw) -> int:
    return int(str(raw).strip())


def check_birthdate(text: str) -> None:
    if not is_birthdate(text):
        raise Refusal(400, "invalid_request", "La date de naissance n'existe pas : vérifiez le jour, le mois et l'année.")


def authorised_candidate():
    """The candidate behind the token, refusing a new browser whose resume is not authorised
    and a PC the test moved away from."""
    handle, candidate_id, digest = authenticate("candidate")
    candidate = handle.state.candidates[candidate_id]
    if candidate.pending_token == digest:
        raise Refusal(403, "resume_not_authorised",
                      "Votre test a commencé sur un autre poste ou navigateur : le surveillant doit "
                      "autoriser la reprise. Levez la main.")
    if digest in candidate.moved_tokens:
        raise Refusal(409, "test_moved", commands.MOVED_MESSAGE)
    return handle, candidate_id, digest


def is_test_page(handle, candidate_id: str, digest: str) -> bool:
    """The page the test runs on (not a browser awaiting its resume, not a PC it moved from)."""
    candidate = handle.state.candidates[candidate_id]
    return candidate.pending_token != digest and digest not in candidate.moved_tokens


def show(handle, candidate_id: str) -> None:
    """Record that the current question is on screen. Reading the state must not need a write:
    when the disk refuses it (507), the question is still shown (its display is recorded at the
    next successful write, or taken from the page's claim). The display of an untimed question
    rides with the next sync (decision 0006): nothing is timed from it."""
    try:
        services().store.execute(handle, lambda s: commands.show_question(s, candidate_id), wait=display_must_wait)
    except Refusal as refusal:
        if refusal.status != 507:
            raise


def display_must_wait(state, decided) -> bool:
    """Wait for the display of a timed question (its timer counts from it), and for anything
    else decided with it; an untimed question's display alone may ride with the next sync."""
    challenges = services().pack.challenges
    for kind, data in decided:
        if kind != "question_shown":
            return True
        candidate = state.candidates[data["candidate_id"]]
        index = data["index"]
        if index >= len(candidate.challenge_ids) or candidate.challenge_ids[index] not in challenges:
            return True  # not known here: strict
        if challenges[candidate.challenge_ids[index]].timer_s is not None:
            return True
    return False


@route(bp, "/join", "POST", summary="Rejoindre une session (numéro, prénom, nom, date de naissance)",
       tag=TAG, body=schemas.JOIN, errors=(403, 404, 409, 429), response=responses.JOINED)
def join(data):
    svc = services()
    check_birthdate(data["birthdate"])
    svc.throttle.check("join", client_address())
    token, digest = new_token()
    first, last, birthdate = data["first_name"], data["last_name"], data["birthdate"]
    try:
        handle = svc.store.by_number(session_number(data["session_number"]))
    except Refusal:
        svc.throttle.failed("join", client_address())
        raise
    named = svc.store.read(handle, lambda s: [c.id for c in s.named(first, last)])
    check_guesses(named)
    found = {}
    client = client_info()
    if data.get("join_id"):  # kept hashed, like tokens: the journal never holds what a page could replay
        client["join_sha256"] = token_digest(str(uuid.UUID(data["join_id"])))

    def command(state):
        try:
            found["id"], events = commands.join(state, first, last, birthdate, digest, client, svc.store.clock())
        except Refusal as refusal:
            if refusal.code == "late_arrival":  # journaled first (entry_refused: the row shows it), then said
                found["late"] = refusal
                return [e for c in state.find(first, last, birthdate) for e in commands.entry_refused(
                    state, c.id, "late_arrival")]
            if refusal.code != "identity_not_found":
                raise
            found["refusal"] = refusal  # journaled first (join_refused), then said
            return commands.refused_join(state, first, last, birthdate)
        return events

    svc.store.execute(handle, command)
    if "late" in found:
        raise found["late"]
    if "refusal" in found:
        svc.throttle.failed("join", client_address())
        for candidate_id in named:
            guesses().failed("join", candidate_id)
        raise found["refusal"]
    candidate = handle.state.candidates[found["id"]]
    return {"token": token, "candidate_id": found["id"], "status": candidate_status(candidate, digest)}


def guesses() -> Throttle:
    """Wrong birthdates per enrolled candidate, from every address together."""
    if "join_guesses" not in current_app.extensions:
        settings = services().settings
        current_app.extensions["join_guesses"] = Throttle(GUESSES_PER_CANDIDATE,
                                                          GUESS_WINDOW_FACTOR * settings["throttle_window_s"])
    return current_app.extensions["join_guesses"]


def check_guesses(candidate_ids: list[str]) -> None:
    """429 for a join naming a candidate whose birthdate was tried too often lately."""
    for candidate_id in candidate_ids:
        try:
            guesses().check("join", candidate_id)
        except Refusal:
            raise Refusal(429, "too_many_attempts",
                          "Trop d'essais de connexion à ce nom avec une autre date de naissance : la connexion "
                          "à ce nom est suspendue quelques minutes. Appelez le surveillant.") from None


@route(bp, "/leave", "POST",
       summary="«\u00a0Ce n'est pas moi\u00a0» avant le début du test\u00a0: ce navigateur rend le candidat (sa ligne "
               "redevient «\u00a0pas encore connecté\u00a0»), ou retire sa demande de reprise",
       tag=TAG, auth="candidate", errors=(409,), response=responses.LEFT)
def leave():
    svc = services()
    handle, candidate_id, digest = authenticate("candidate")  # a browser waiting to take over may withdraw too
    svc.store.execute(handle, lambda s: commands.leave(s, candidate_id, digest))
    return {"left": True}


@route(bp, "/start", "POST", summary="Commencer le test avec le code d'accès (la première question est affichée)",
       tag=TAG, body=schemas.START, auth="candidate", errors=(403, 409, 422, 429), response=responses.CANDIDATE_STATE)
def start(data):
    svc = services()
    handle, candidate_id, digest = authorised_candidate()
    svc.throttle.check("access_code", client_address())
    try:
        svc.store.execute(handle, lambda s: commands.start_test(s, candidate_id, data["access_code"], svc.pack))
    except Refusal as refusal:
        if refusal.code == "access_code_incorrect":
            svc.throttle.failed("access_code", client_address())
        if refusal.code == "entry_closed":  # the invigilator's row shows the attempt and its time
            svc.store.execute(handle, lambda s: commands.entry_refused(s, candidate_id, "entry_closed"))
        raise
    show(handle, candidate_id)  # already started: the question on screen now
    return state_payload(handle, candidate_id, digest)


@route(bp, "/state", "GET", summary="État du candidat, question en cours et suivante (sans solution)", tag=TAG,
       auth="candidate", errors=(409,), response=responses.CANDIDATE_STATE)
def state():
    handle, candidate_id, digest = authenticate("candidate")
    if is_test_page(handle, candidate_id, digest):
        show(handle, candidate_id)
    return state_payload(handle, candidate_id, digest)


def state_payload(handle, candidate_id: str, digest: str) -> dict:
    return services().store.read(handle, lambda s: view_of(s, candidate_id, digest))


def view_of(state, candidate_id: str, digest: str) -> dict:
    """What GET /state answers, on ``state`` as it is now (call under the session's lock)."""
    svc = services()
    return candidate_view(state, state.candidates[candidate_id], digest, svc.pack, svc.store.clock())


@route(bp, "/answers", "POST",
       summary="Répondre (ou passer) à la question en cours ; idempotent par answer_id ; shown_ms : durée d'affichage "
               "selon le poste (bornée par ce que le serveur a observé) ; la réponse porte l'état du candidat "
               "(celui de GET /state, question suivante comprise)",
       tag=TAG, body=schemas.ANSWER, auth="candidate", errors=(403, 409, 422), response=responses.ANSWERED)
def answer(data):
    svc = services()
    handle, candidate_id, digest = authorised_candidate()
    skip = data.get("skip", False)
    if skip == ("value" in data):
        raise Refusal(400, "invalid_request",
                      "Envoyez soit une réponse (« value »), soit « skip »: true pour passer la question.")
    answer_id = str(uuid.UUID(data["answer_id"]))
    shown_s = data["shown_ms"] / 1000 if "shown_ms" in data else None
    now = svc.store.clock()
    # An answer the disk refused waited on the PC because of the server: that delay is believed too.
    leeway = svc.presence.refused_for(handle.state.id, candidate_id, now)

    def command(s):
        commands.check_page(s, candidate_id, digest)
        return commands.record_answer(s, candidate_id, answer_id, data["challenge_id"], data.get("value"), skip,
                                      svc.pack, svc.store.clock(), shown_s=shown_s,
                                      focus_lost=data.get("focus_lost", False),
                                      tolerance_s=commands.CLAIM_TOLERANCE_S + leeway)

    def reply(s):  # the state (decision 0006): one request per answer, no GET /state after it
        candidate = s.candidates[candidate_id]
        return {"status": str(candidate.status), "answered": candidate.answered, "total": candidate.total,
                "state": view_of(s, candidate_id, digest)}

    try:
        return svc.store.execute_and_read(handle, command, reply,
                                          then=lambda s: commands.show_next_if_timed(s, candidate_id, svc.pack))
    except Refusal as refusal:
        if refusal.status == 507:
            svc.presence.refused(handle.state.id, candidate_id, now - leeway)
        raise


@route(bp, "/focus-lost", "POST", summary="Signaler que la fenêtre a été quittée (question focus)", tag=TAG,
       body=schemas.CHALLENGE_REF, auth="candidate", errors=(403, 409), response=responses.RECORDED)
def focus_lost(data):
    svc = services()
    handle, candidate_id, digest = authorised_candidate()

    def command(s):
        commands.check_page(s, candidate_id, digest)
        return commands.record_focus_lost(s, candidate_id, data["challenge_id"], svc.pack)

    svc.store.execute(handle, command)
    return {"recorded": True}


@route(bp, "/report", "POST", summary="Signaler un problème sur la question en cours (alerte au surveillant)",
       tag=TAG, body=schemas.REPORT, auth="candidate", errors=(403, 409), response=responses.REPORTED)
def report(data):
    svc = services()
    handle, candidate_id, digest = authorised_candidate()

    def command(s):
        commands.check_page(s, candidate_id, digest)
        return commands.report_problem(s, candidate_id, data["challenge_id"], uuid.uuid4().hex, data.get("message", ""))

    svc.store.execute(handle, command)
    return {"reported": True}


@route(bp, "/heartbeat", "POST",
       summary="Signe de vie de la page (toutes les 5 s) ; corps facultatif {offline_ms} : durée sans serveur, "
               "rendue au candidat (bornée par ce que le serveur a observé)",
       tag=TAG, auth="candidate", body=schemas.HEARTBEAT, body_required=False, response=responses.BEAT)
def heartbeat(data):
    """Feeds the invigilators' connection column, records the end of a silence of the page
    (``connection_back``: the time is given back), and tells the page whether its state changed
    (``version``) so it reads it again only then. A PC the test moved from gets status 'moved'."""
    svc = services()
    handle, candidate_id, digest = authenticate("candidate")
    if is_test_page(handle, candidate_id, digest):  # a browser awaiting its resume is not the test's page
        # Only beats update the presence: the first beat after a blip, which says how long the
        # page was without the server, is measured against the silence before it.
        now = svc.store.clock()
        before = svc.presence.beat(handle.state.id, candidate_id, client_address(), now)
        claimed = data.get("offline_ms", 0) / 1000
        back = svc.store.execute(handle, lambda s: connection.connection_back(
            s, candidate_id, claimed, before.get("at"), svc.store.clock()))
        if not back and (not before or now - before["at"] >= svc.settings["heartbeat_timeout_s"]
                         or before.get("ip") != client_address()):
            svc.feed.push_rows(handle, [candidate_id])  # back from silence, or another address: say so at once

    def light(state):
        candidate = state.candidates[candidate_id]
        return {"version": candidate.seq, "status": candidate_status(candidate, digest),
                "session_status": str(state.status), "interval_s": svc.settings["heartbeat_interval_s"]}

    return svc.store.read(handle, light)


@route(bp, "/attachments/<challenge_id>/<name>", "GET",
       summary="Télécharger une pièce jointe de la question en cours (ou de la suivante, gardée à l'avance)",
       tag=TAG, auth="candidate", errors=(403, 404, 409), produces=("*/*",))
def attachment(challenge_id: str, name: str):
    svc = services()
    handle, candidate_id, _ = authorised_candidate()

    def allowed(s):
        c = s.candidates[candidate_id]
        ids = {c.current_challenge_id}
        if algorithm(s) == CLASSIC and c.current_index is not None and c.current_index + 1 < c.total:
            ids.add(c.challenge_ids[c.current_index + 1])  # the next question, held ahead by the page
        return challenge_id in ids - {None}

    if not svc.store.read(handle, allowed):
        raise Refusal(403, "not_current_challenge", "Ce fichier n'appartient pas à la question affichée.")
    try:
        path = svc.pack.attachment_file(challenge_id, name)
    except KeyError:
        raise Refusal(404, "attachment_not_found", "Ce fichier n'existe pas pour cette question.") from None
    challenge = svc.pack.challenges[challenge_id]
    inline = challenge.illustration is not None and challenge.illustration.name == name
    declared = next((a.media_type for a in (*challenge.attachments, challenge.illustration) if a and a.name == name),
                    None)  # the type the question announces (attachments[].media_type), not a guess from the name
    return send_file(path, mimetype=declared, as_attachment=not inline, download_name=name, max_age=0)
