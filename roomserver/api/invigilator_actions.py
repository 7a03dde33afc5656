"""Invigilator API, during the test: live alerts, added time, ending a test, end screens
seen, incidents and fraud reports. Each one is journaled before it is acknowledged.

Records that create something (incident, fraud report, added time) accept an id made by
the page (a UUID): sending the same request again after a blip records nothing twice.
"""

from __future__ import annotations

import uuid

from flask import Blueprint

from ..services import services
from ..core import commands, invigilation, preparation
from . import admin_schemas, schemas
from .admin import clean_correction
from .invigilator import ROW, SUMMARY, candidate_action, session_action
from .routing import route

bp = Blueprint("invigilator_actions", __name__, url_prefix="/api/v1/invigilator")
TAG = "surveillant"


def _id(data: dict, key: str) -> str:
    """The page's id for this record (normalised), or a new one."""
    return str(uuid.UUID(data[key])) if data.get(key) else uuid.uuid4().hex


# -- live alerts --------------------------------------------------------------------------------

@route(bp, "/candidates/<candidate_id>/alerts/<alert_id>/dismiss", "POST",
       summary="Écarter un signalement : le candidat garde la même question", tag=TAG, auth="invigilator",
       errors=(404, 409), response=ROW)
def dismiss_alert(candidate_id: str, alert_id: str):
    return candidate_action(candidate_id, lambda s, cid, by: invigilation.dismiss_alert(s, cid, alert_id, by))


@route(bp, "/candidates/<candidate_id>/alerts/<alert_id>/validate", "POST",
       summary="Valider un signalement avec un code E : l'incident est noté, la question est remplacée",
       tag=TAG, auth="invigilator", body=schemas.VALIDATE_ALERT, errors=(404, 409, 422), response=ROW)
def validate_alert(candidate_id: str, alert_id: str, data):
    pack = services().pack
    return candidate_action(candidate_id, lambda s, cid, by: invigilation.validate_alert(
        s, cid, alert_id, data["code"], pack, by, uuid.uuid4().hex))


# -- time and the end of a test ----------------------------------------------------------------------

@route(bp, "/candidates/<candidate_id>/added-time", "POST", summary="Ajouter du temps à un candidat, avec un motif",
       tag=TAG, auth="invigilator", body=schemas.ADD_TIME, errors=(404, 409, 422), response=ROW)
def add_time_one(candidate_id: str, data):
    addition_id = _id(data, "request_id")
    return candidate_action(candidate_id, lambda s, cid, by: invigilation.add_time(
        s, [cid], data["minutes"], data["reason"], by, addition_id))


@route(bp, "/session/added-time", "POST",
       summary="Ajouter du temps à tous les candidats présents ou en test, avec un motif",
       tag=TAG, auth="invigilator", body=schemas.ADD_TIME, errors=(409, 422), response=SUMMARY)
def add_time_all(data):
    addition_id = _id(data, "request_id")
    return session_action(lambda s, by: invigilation.add_time(s, None, data["minutes"], data["reason"], by,
                                                              addition_id))


@route(bp, "/candidates/<candidate_id>/end-test", "POST",
       summary="Terminer le test d'un candidat (irréversible : les questions restantes comptent comme passées)",
       tag=TAG, auth="invigilator", errors=(404, 409), response=ROW)
def end_test(candidate_id: str):
    return candidate_action(candidate_id, invigilation.end_test)


@route(bp, "/candidates/<candidate_id>/end-screen-seen", "POST",
       summary="Noter que l'écran de fin du candidat a été vu (remplace la case du PV papier)",
       tag=TAG, auth="invigilator", errors=(404, 409), response=ROW)
def end_screen_seen(candidate_id: str):
    return candidate_action(candidate_id, invigilation.mark_end_screen_seen)


@route(bp, "/session/end-screens-seen", "POST",
       summary="Noter en une fois les écrans de fin vus de tous les candidats qui ont terminé",
       tag=TAG, auth="invigilator", errors=(409,), response=SUMMARY)
def end_screens_seen():
    return session_action(lambda s, by: invigilation.mark_end_screen_seen(s, None, by))


# -- records --------------------------------------------------------------------------------------------

@route(bp, "/incidents", "POST",
       summary="Noter un incident avec son code, pour un candidat (et une question) ou pour la session",
       tag=TAG, auth="invigilator", body=schemas.INCIDENT, errors=(404, 409, 422), response=SUMMARY)
def incident(data):
    incident_id = _id(data, "incident_id")
    return session_action(lambda s, by: invigilation.record_incident(
        s, data.get("candidate_id"), data["code"], data["text"], by, incident_id, data.get("question_number")))


@route(bp, "/frauds", "POST", summary="Rédiger un procès-verbal de fraude (qui, quand, les faits, les mesures prises)",
       tag=TAG, auth="invigilator", body=schemas.FRAUD, errors=(404, 409, 422), response=SUMMARY)
def fraud(data):
    fraud_id = _id(data, "fraud_id")
    return session_action(lambda s, by: invigilation.report_fraud(
        s, data["candidate_ids"], data["observed_at"], data["facts"], data["measures"], by, fraud_id))



# -- identity -------------------------------------------------------------------------------------------

@route(bp, "/candidates/<candidate_id>/identity-correction", "POST",
       summary="Corriger l'identité d'un candidat (C1) : le journal garde l'ancienne et la nouvelle",
       tag=TAG, auth="invigilator", body=admin_schemas.CORRECTION, errors=(404, 409, 422), response=ROW)
def correct_identity(candidate_id: str, data):
    return candidate_action(candidate_id, lambda s, cid, by: preparation.correct_identity(
        s, cid, clean_correction(commands.candidate(s, cid), data), by))
