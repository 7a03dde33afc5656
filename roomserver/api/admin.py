"""The administrator's API for the "before the day": sessions and their candidates.

Every operation needs the admin token (checked by ``routing.route`` for ``auth="admin"``).
Every change is a journal event like any other, durable before it is acknowledged.
"""

from __future__ import annotations

import datetime as dt
import secrets
import socket
import uuid

from flask import Blueprint, request

from ..admin.views import candidate_entry, session_line, session_page, upcoming_first
from ..core import codes, commands, preparation
from ..core.generation import Profile
from ..core.refusal import Refusal
from ..core.states import SessionStatus
from ..services import services
from . import admin_schemas as schemas
from . import responses
from .enrolment_input import candidate_fields
from .routing import route

bp = Blueprint("admin", __name__, url_prefix="/api/v1/admin")
TAG = "administration"
BY = "admin"
SESSION = responses.SESSION_PAGE


def today() -> dt.date:
    return dt.date.fromtimestamp(services().store.clock())


def lan_address(host: str) -> str:
    """The address the room's PCs reach a server listening on ``host`` at (no packet is sent)."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"


def board_url(settings) -> str:
    """What to write on the board for the pupils, from the server's settings (also used by the CLI)."""
    port = settings["port"]
    return f"http://{lan_address(settings['host'])}{'' if port == 80 else f':{port}'}/"


def candidate_url() -> str:
    return board_url(services().settings)


def handle_of(session_number: int):
    return services().store.by_number(session_number)


def page(handle) -> dict:
    return services().store.read(handle, lambda s: session_page(s, candidate_url(), today()))


# -- sessions ------------------------------------------------------------------------------------------

@route(bp, "/sessions", "GET", summary="Les sessions de ce serveur (?status=, ?date_from=, ?date_to=), à venir d'abord",
       tag=TAG, auth="admin", errors=(400,), response=responses.SESSION_LIST,
       query=schemas.SESSION_FILTERS)
def list_sessions():
    store = services().store
    status = request.args.get("status")
    if status is not None and status not in {str(s) for s in SessionStatus}:
        raise Refusal(400, "invalid_request", "Filtre «\u00a0status\u00a0» inconnu\u00a0: created, started, closed, finalised ou synced.")
    bounds = {name: request.args.get(name) for name in ("date_from", "date_to")}
    for name, value in bounds.items():
        if value is not None and not preparation.is_birthdate(value):
            raise Refusal(400, "invalid_request", f"Filtre «\u00a0{name}\u00a0»\u00a0: une date AAAA-MM-JJ.")
    chosen = [s for s in store.sessions()
              if (status is None or str(s.status) == status)
              and (bounds["date_from"] is None or s.details.get("date", "") >= bounds["date_from"])
              and (bounds["date_to"] is None or s.details.get("date", "") <= bounds["date_to"])]
    return {"sessions": [session_line(s) for s in upcoming_first(chosen, today())]}


@route(bp, "/sessions", "POST", summary="Créer une session\u00a0: le serveur choisit le numéro, le code d'accès et le "
       "mot de passe surveillant\u00a0; algorithm «\u00a0classic\u00a0» ou «\u00a0adaptive\u00a0» (la version de "
       "certification est enregistrée avec la session)", tag=TAG, auth="admin", body=schemas.SESSION_CREATE, errors=(422,), status=201,
       response=SESSION)
def create_session(data):
    svc = services()
    details = preparation.session_details(data)
    certification = preparation.certification_for(details["algorithm"], svc.pack, data.get("certification_version"))
    system = secrets.SystemRandom()
    pack = {"id": svc.pack.id, "version": svc.pack.version, "digest": svc.pack.digest}
    handle = svc.store.create(lambda sid: commands.create_session(
        sid, codes.session_number(system, svc.store.taken_numbers()), codes.access_code(system),
        codes.invigilator_password(system), details, pack, certification))
    return page(handle)


@route(bp, "/sessions/<int:session_number>", "GET", summary="La page de la session\u00a0: tout ce qu'il faut au surveillant",
       tag=TAG, auth="admin", errors=(404,), response=SESSION)
def get_session(session_number: int):
    return page(handle_of(session_number))


@route(bp, "/sessions/<int:session_number>", "PATCH", summary="Modifier une session (jusqu'à son démarrage)",
       tag=TAG, auth="admin", body=schemas.SESSION_EDIT, errors=(404, 409, 422), response=SESSION)
def edit_session(session_number: int, data):
    handle = handle_of(session_number)
    services().store.execute(handle, lambda s: preparation.edit_session(s, data, BY, services().pack))
    return page(handle)


@route(bp, "/sessions/<int:session_number>", "DELETE", summary="Supprimer une session (seulement avant son démarrage)",
       tag=TAG, auth="admin", errors=(404, 409), response=responses.SESSION_DELETED)
def delete_session(session_number: int):
    store = services().store
    handle = handle_of(session_number)
    with handle.lock:
        preparation.deletable(handle.state)
        store.remove(handle)
    return {"deleted": True}


# -- candidates ------------------------------------------------------------------------------------------

def entry(handle, candidate_id: str) -> dict:
    return services().store.read(handle, lambda s: {"candidate": candidate_entry(s.candidates[candidate_id])})


@route(bp, "/sessions/<int:session_number>/candidates", "POST", summary="Inscrire un candidat (jusqu'au démarrage)",
       tag=TAG, auth="admin", body=schemas.CANDIDATE_CREATE, errors=(404, 409, 422), status=201,
       response=responses.CANDIDATE_ENTRY)
def add_candidate(session_number: int, data):
    handle = handle_of(session_number)
    fields = candidate_fields(data)
    profile = Profile.from_dict(data["profile"]) if "profile" in data else Profile()
    candidate_id = uuid.uuid4().hex[:12]

    def command(state):
        events = commands.enrol_candidate(state, candidate_id, fields["first_name"], fields["last_name"],
                                          fields["birthdate"], fields["extra_time_pct"], profile, fields["details"])
        preparation.check_external_id(state, candidate_id, fields["details"])
        return events

    services().store.execute(handle, command)
    return entry(handle, candidate_id)


@route(bp, "/sessions/<int:session_number>/candidates/<candidate_id>", "PATCH",
       summary="Modifier l'inscription d'un candidat (jusqu'au démarrage)", tag=TAG, auth="admin",
       body=schemas.CANDIDATE_EDIT, errors=(404, 409, 422), response=responses.CANDIDATE_ENTRY)
def edit_candidate(session_number: int, candidate_id: str, data):
    handle = handle_of(session_number)

    def command(state):
        current = commands.candidate(state, candidate_id)
        merged = {"first_name": current.first_name, "last_name": current.last_name,
                  "birthdate": current.birthdate, "extra_time_pct": current.extra_time_pct,
                  **current.details, **data}
        fields = candidate_fields(merged)
        return preparation.edit_candidate(state, candidate_id, {
            "first_name": fields["first_name"], "last_name": fields["last_name"], "birthdate": fields["birthdate"],
            "extra_time_pct": fields["extra_time_pct"], "details": fields["details"]}, BY)

    services().store.execute(handle, command)
    return entry(handle, candidate_id)


@route(bp, "/sessions/<int:session_number>/candidates/<candidate_id>", "DELETE",
       summary="Retirer un candidat (jusqu'au démarrage)", tag=TAG, auth="admin", errors=(404, 409),
       response=responses.CANDIDATE_REMOVED)
def remove_candidate(session_number: int, candidate_id: str):
    services().store.execute(handle_of(session_number),
                             lambda s: preparation.remove_candidate(s, candidate_id, BY))
    return {"removed": True}


@route(bp, "/sessions/<int:session_number>/candidates/<candidate_id>/identity-correction", "POST",
       summary="Corriger l'identité d'un candidat après le démarrage (C1)\u00a0: le journal garde l'ancienne et la nouvelle",
       tag=TAG, auth="admin", body=schemas.CORRECTION, errors=(404, 409, 422), response=responses.CANDIDATE_ENTRY)
def correct_identity(session_number: int, candidate_id: str, data):
    handle = handle_of(session_number)
    services().store.execute(handle, lambda s: preparation.correct_identity(
        s, candidate_id, clean_correction(commands.candidate(s, candidate_id), data), BY))
    return entry(handle, candidate_id)


def clean_correction(found, data: dict) -> dict:
    """The corrected values, checked and cleaned like an enrolment (422 naming every wrong
    field: a postal code of 4 digits, a date that does not exist), as the invigilator's page
    corrects them too. A blank optional value clears it."""
    current = {"first_name": found.first_name, "last_name": found.last_name, "birthdate": found.birthdate,
               "extra_time_pct": found.extra_time_pct, **found.details}
    fields = candidate_fields({**current, **data})
    clean = {"first_name": fields["first_name"], "last_name": fields["last_name"], "birthdate": fields["birthdate"],
             **fields["details"]}
    return {name: clean.get(name, "") for name in data}
