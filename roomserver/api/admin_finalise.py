"""After the test: finalisation (seals the session), provisional results, the school's
archive. Needs the admin token like every admin operation."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response

from ..admin.archive import build_archive
from ..admin.results import results_csv, session_results
from ..core import finalisation
from ..core.refusal import Refusal
from ..core.states import SessionStatus
from ..services import services
from .admin import handle_of
from .admin_files import pdf
from . import responses
from .routing import route

bp = Blueprint("admin_finalise", __name__, url_prefix="/api/v1/admin")
TAG = "administration"
BY = "admin"
IDS = {"type": "array", "items": {"type": "string", "maxLength": 100}, "maxItems": 500}
FINALISE = {"type": "object", "additionalProperties": False, "properties": {
    "abort_reasons": {"type": "object", "additionalProperties": {"type": "string", "enum": ["abandon", "technical"]},
                      "maxProperties": 500},
    "comment": {"type": "string", "maxLength": 500},
    "incident_occurred": {"type": "boolean"},
    "joining_issue": {"type": "boolean"},
    "end_screens_seen": IDS,
    "incident_codes": {"type": "object", "maxProperties": 500, "additionalProperties": {
        "type": "array", "items": {"type": "string", "maxLength": 4}, "maxItems": 20}},
    "incidents": {"type": "array", "maxItems": 200, "items": {
        "type": "object", "additionalProperties": False, "required": ["candidate_id", "code", "question_number"],
        "properties": {"candidate_id": {"type": "string", "maxLength": 100}, "code": {"type": "string", "maxLength": 4},
                       "question_number": {"type": "integer", "minimum": 1, "maximum": 48},
                       "text": {"type": "string", "maxLength": 2000}}}},
}}


def finalised_state(handle):
    state = handle.state
    if state.status not in (SessionStatus.FINALISED, SessionStatus.SYNCED):
        raise Refusal(409, "session_not_finalised",
                      "Les résultats et l'archive existent une fois la session finalisée.")
    return state


@route(bp, "/sessions/<int:session_number>/finalisation", "GET",
       summary="Le formulaire de finalisation, prérempli avec ce qui a été noté pendant la session", tag=TAG,
       auth="admin", errors=(404,), response=responses.FINALISATION_FORM)
def finalisation_form(session_number: int):
    svc = services()
    return svc.store.read(handle_of(session_number), lambda s: finalisation.form(s, svc.store.clock()))


@route(bp, "/sessions/<int:session_number>/finalise", "POST",
       summary="Finaliser la session (une fois clôturée)\u00a0: scelle le journal, calcule les résultats", tag=TAG,
       auth="admin", body=FINALISE, errors=(404, 409, 422),
       response=responses.FINALISED)
def finalise(session_number: int, data):
    svc = services()
    handle = handle_of(session_number)
    request = finalisation.FinalisationRequest(
        abort_reasons=data.get("abort_reasons", {}), comment=data.get("comment"),
        incident_occurred=data.get("incident_occurred", False), joining_issue=data.get("joining_issue", False),
        end_screens_seen=data.get("end_screens_seen", []), incident_codes=data.get("incident_codes", {}),
        incidents=data.get("incidents", []))
    with handle.lock:  # one finalisation at a time: a second one must not add its paperwork first
        svc.store.read(handle, lambda s: finalisation.check(s, request))  # refuse before writing anything
        svc.store.execute(handle, lambda s: finalisation.paperwork(s, request, BY, lambda: str(uuid.uuid4())))
        svc.store.execute(handle, lambda s: finalisation.finalise(s, request, handle.journal.last_hash,
                                                                  svc.store.clock(), BY))
        svc.store.seal(handle)
    state = handle.state
    return {"final_hash": state.finalisation["final_hash"], "finalised_at": state.finalisation["at"],
            "late": state.finalisation["late"], "head_hash": state.hash,
            "results": session_results(state, svc.pack)}


@route(bp, "/sessions/<int:session_number>/results", "GET",
       summary="Résultats provisoires d'une session finalisée (statut, pix, niveau par compétence, rapport)",
       tag=TAG, auth="admin", errors=(404, 409), response=responses.RESULTS)
def results(session_number: int):
    svc = services()
    state = finalised_state(handle_of(session_number))
    return {"session_number": state.number, "final_hash": state.finalisation["final_hash"],
            "late": state.finalisation.get("late", False), "candidates": session_results(state, svc.pack)}


def competence_codes() -> list[str]:
    return list(services().pack.competences)


@route(bp, "/sessions/<int:session_number>/results.csv", "GET",
       summary="Résultats provisoires en CSV (séparateur\u00a0;, UTF-8 avec BOM pour Excel)", tag=TAG, auth="admin",
       errors=(404, 409), produces="text/csv")
def results_file(session_number: int):
    svc = services()
    state = finalised_state(handle_of(session_number))
    data = results_csv(state, session_results(state, svc.pack), competence_codes())
    response = Response(data, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="session-{state.number}-resultats.csv"'
    return response


def results_pdf(state) -> bytes:
    from ..documents import results_sheet
    return results_sheet(state, session_results(state, services().pack), state.finalisation["final_hash"])


@route(bp, "/sessions/<int:session_number>/documents/results.pdf", "GET",
       summary="Feuille de résultats provisoires (PDF, avec le hash final du journal scellé)", tag=TAG, auth="admin",
       errors=(404, 409), produces="application/pdf")
def results_document(session_number: int):
    state = finalised_state(handle_of(session_number))
    return pdf(results_pdf(state), f"session-{state.number}-results.pdf")


def archive_bytes(store, pack, handle) -> bytes:
    """The archive of a finalised session (also used by the CLI)."""
    from .. import documents

    state = finalised_state(handle)
    found = session_results(state, pack)
    pdfs = {"feuille-emargement.pdf": documents.attendance_sheet(state),
            "pv-incident.pdf": documents.incident_report(state),
            "pv-fraude.pdf": documents.fraud_reports(state),
            "resultats.pdf": documents.results_sheet(state, found, state.finalisation["final_hash"])}
    return build_archive(state, handle.journal.path, pdfs, results_csv(state, found, list(pack.competences)),
                         store.key, store.clock())


@route(bp, "/sessions/<int:session_number>/archive.zip", "GET",
       summary="Archive de l'établissement\u00a0: journal scellé, PDF, résultats CSV, manifeste avec le hash final",
       tag=TAG, auth="admin", errors=(404, 409), produces="application/zip")
def archive(session_number: int):
    svc = services()
    handle = handle_of(session_number)
    data = archive_bytes(svc.store, svc.pack, handle)
    response = Response(data, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="session-{handle.state.number}-archive.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response
