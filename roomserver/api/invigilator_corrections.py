"""Invigilator API, correcting mistakes: undo "Écarter" and "Écran de fin vu" for two minutes,
correct or withdraw registry entries (incidents, frauds, added time) before finalisation.
Each is a new journal event naming who made it; the original stays in the journal.
"""

from __future__ import annotations

from flask import Blueprint

from ..services import services
from ..core import invigilation
from ..core.incidents import REASON_MAX, TEXT_MAX
from .invigilator import ROW, SUMMARY, candidate_action, session_action
from .routing import route

bp = Blueprint("invigilator_corrections", __name__, url_prefix="/api/v1/invigilator")
TAG = "surveillant"

KIND = {"type": "string", "enum": list(invigilation.RECORD_KINDS)}
RECORD_ID = {"type": "string", "minLength": 1, "maxLength": 100}
WITHDRAW = {"type": "object", "additionalProperties": False, "required": ["kind", "id", "reason"],
            "properties": {"kind": KIND, "id": RECORD_ID, "reason": {"type": "string", "maxLength": REASON_MAX}}}
CORRECT = {"type": "object", "additionalProperties": False, "required": ["kind", "id", "changes"],
           "properties": {"kind": KIND, "id": RECORD_ID, "changes": {
               "type": "object", "additionalProperties": False, "minProperties": 1,
               "properties": {key: {"type": "string", "maxLength": TEXT_MAX}
                              for key in ("code", "text", "observed_at", "facts", "measures", "reason")}}}}


@route(bp, "/candidates/<candidate_id>/alerts/<alert_id>/undo-dismiss", "POST",
       summary="Annuler « Écarter » (dans les 2 minutes) : le signalement redevient en cours",
       tag=TAG, auth="invigilator", errors=(404, 409), response=ROW)
def undo_dismiss(candidate_id: str, alert_id: str):
    now = services().store.clock()  # the clock that stamps the journal (the undo window is measured on it)
    return candidate_action(candidate_id, lambda s, cid, by: invigilation.undo_alert_dismissal(s, cid, alert_id, by, now))


@route(bp, "/candidates/<candidate_id>/end-screen-seen/undo", "POST",
       summary="Annuler « Écran de fin vu » (dans les 2 minutes)",
       tag=TAG, auth="invigilator", errors=(404, 409), response=ROW)
def undo_end_screen_seen(candidate_id: str):
    now = services().store.clock()  # the clock that stamps the journal (the undo window is measured on it)
    return candidate_action(candidate_id, lambda s, cid, by: invigilation.undo_end_screen_seen(s, cid, by, now))


@route(bp, "/records/withdraw", "POST",
       summary="Retirer une entrée du registre (incident, fraude, ajout de temps) avant la finalisation, avec un motif",
       tag=TAG, auth="invigilator", body=WITHDRAW, errors=(404, 409, 422), response=SUMMARY)
def withdraw(data):
    return session_action(lambda s, by: invigilation.withdraw_record(s, data["kind"], data["id"], data["reason"], by))


@route(bp, "/records/correct", "POST",
       summary="Corriger une entrée du registre avant la finalisation : le journal garde l'ancienne version",
       tag=TAG, auth="invigilator", body=CORRECT, errors=(404, 409, 422), response=SUMMARY)
def correct(data):
    return session_action(lambda s, by: invigilation.correct_record(s, data["kind"], data["id"], data["changes"], by))
