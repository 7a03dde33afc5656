"""Response bodies, as JSON Schema: published in the OpenAPI document (``route(..., response=)``)
and checked against the real server by the fuzzing tests (tests/security/test_fuzz.py).

Objects built in this package's own views are closed (``additionalProperties: false``); the
dashboard rows and summaries, the health figures and the administrator's records are built
elsewhere and may gain fields, so they list every field they have today and stay open.
"""

from __future__ import annotations

from preflight.report import SOURCES, STATUSES

from ..core.content import ChallengeType, InputKind
from ..core.states import AttemptStatus, SessionStatus

STR = {"type": "string"}
INT = {"type": "integer"}
COUNT = {"type": "integer", "minimum": 0}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
TIME = {"type": "number", "description": "un instant, en secondes depuis l'époque Unix (horloge du serveur)"}
STRINGS = {"type": "array", "items": STR}
OPEN = {"type": "object"}


def nullable(schema: dict) -> dict:
    """The schema, or null (``type: [..., "null"]``; an enum gains null too)."""
    kind = schema.get("type")
    if isinstance(kind, str):
        out = {**schema, "type": [kind, "null"]}
        if "enum" in schema:
            out["enum"] = [*schema["enum"], None]
        return out
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict, *, optional: tuple[str, ...] = (), closed: bool = True, **more) -> dict:
    """An object with these properties, all required but ``optional``; closed unless said otherwise."""
    schema = {"type": "object", "required": [k for k in properties if k not in optional], "properties": properties}
    if closed:
        schema["additionalProperties"] = False
    return {**schema, **more}


def array(items: dict, **more) -> dict:
    return {"type": "array", "items": items, **more}


def enum(values) -> dict:
    return {"type": "string", "enum": [str(v) for v in values]}


SESSION_STATUS = enum(SessionStatus)
ATTEMPT_STATUS = enum(AttemptStatus)
# What a candidate's page is told it is: the attempt, or a browser awaiting the invigilator's
# approval, or the PC the test moved away from.
PAGE_STATUS = enum([*AttemptStatus, "awaiting_resume", "moved"])

# -- candidate ---------------------------------------------------------------------------------------

FILE_REF = obj({"name": STR, "media_type": STR})
ILLUSTRATION = obj({"name": STR, "media_type": STR, "description": STR},
                   description="l'image de la question, et ce qu'elle montre en mots (son texte de remplacement)")
QUESTION = obj({
    "challenge_id": STR,
    "index": {"type": "integer", "minimum": 1, "description": "le numéro de la question dans le test (1, 2...)"},
    "type": enum(ChallengeType),
    "instruction": STR,
    "timer_s": nullable(COUNT),
    "timer_left_s": {**COUNT, "description": "question chronométrée : secondes restantes (la suivante : toutes)"},
    "focused": BOOL,
    "attachments": array(FILE_REF),
    "illustration": nullable(ILLUSTRATION),
    "proposals": array(obj({"id": STR, "text": STR}),
                       description="QCU et QCM : les propositions, dans l'ordre propre à ce candidat"),
    "fields": array(obj({"id": STR, "label": STR, "input": enum(InputKind), "options": STRINGS})),
}, optional=("timer_left_s", "proposals", "fields"),
    oneOf=[{"required": ["proposals"]}, {"required": ["fields"]}],
    description="une question sans sa solution")

JOINED = obj({"token": STR, "candidate_id": STR, "status": PAGE_STATUS})

CANDIDATE_STATE = obj({
    "status": PAGE_STATUS,
    "session_status": SESSION_STATUS,
    "session_number": INT,
    "first_name": STR,
    "last_name": STR,
    "answered": COUNT,
    "total": COUNT,
    "time_left_s": nullable(COUNT),
    "allowed_s": COUNT,
    "added_s": COUNT,
    "extra_time_pct": COUNT,
    "given_back_s": COUNT,
    "alert": nullable(obj({"question_number": INT, "status": enum(["open", "dismissed", "validated"]),
                           "replaced": BOOL})),
    "end_screen_seen": BOOL,
    "version": COUNT,
    "algorithm": STR,
    "resume_requested": {**BOOL, "description": "un autre poste demande à prendre la place de celui-ci"},
    "question": nullable(QUESTION),
    "next_offered": BOOL,
    "next_question": nullable(QUESTION),
})

ANSWERED = obj({"status": ATTEMPT_STATUS, "answered": COUNT, "total": COUNT, "state": CANDIDATE_STATE})
RECORDED = obj({"recorded": BOOL})
REPORTED = obj({"reported": BOOL})
LEFT = obj({"left": BOOL})
BEAT = obj({"version": COUNT, "status": PAGE_STATUS, "session_status": SESSION_STATUS, "interval_s": COUNT})

# -- invigilator ------------------------------------------------------------------------------------

LOGGED_IN = obj({"token": STR, "session_id": STR, "invigilator_id": STR})
STARTED = obj({"access_code": STR, "started_at": TIME, "seq": COUNT})

ROW = obj({
    "candidate_id": STR, "seq": COUNT, "first_name": STR, "last_name": STR, "birthdate": STR,
    "extra_time_pct": COUNT, "certifiable": BOOL, "status": ATTEMPT_STATUS, "display_status": STR,
    "joined": BOOL, "resume_pending": BOOL, "open_alerts": COUNT,
    "alerts": array(obj({"alert_id": STR, "question_number": INT, "message": STR, "status": STR,
                         "code": nullable(STR), "at": TIME, "replaced": BOOL}, closed=False)),
    "end_screen_seen": BOOL, "answered": COUNT, "total": COUNT, "skipped_by_end": COUNT, "added_s": COUNT,
    "allowed_s": COUNT, "time_used_s": COUNT, "time_left_s": nullable(COUNT),
    "given_back": array(obj({"reason": STR, "label": STR, "seconds": COUNT}, closed=False)),
    "clock_running": BOOL,
    "connection": obj({"state": enum(["connected", "disconnected", "never"]), "last_seen_at": nullable(TIME),
                       "silent_s": nullable(COUNT)}, closed=False),
    "pc": obj({"host": nullable(STR), "ip": nullable(STR)}, closed=False),
    "focus_lost": array(INT), "frauds": COUNT, "incidents": COUNT,
    "pending_client": nullable(obj({"ip": nullable(STR), "user_agent": nullable(STR)}, closed=False,
                                   description="l'autre poste qui demande à prendre la place du candidat")),
    "failed_joins": {**COUNT, "description": "essais de connexion à ce nom avec une autre date de naissance"},
    "refused_entries": array(TIME, description="quand l'entrée a été refusée à ce candidat (arrivé après le début)"),
    "corrections": array(OPEN),
}, closed=False, description="une ligne du tableau de bord (comme l'événement candidate_updated)")

SUMMARY_FIELDS = {
    "session_id": STR, "session_number": INT, "seq": COUNT, "server_time": TIME, "status": SESSION_STATUS,
    "details": OPEN, "started_at": nullable(TIME), "closed_at": nullable(TIME), "access_code": nullable(STR),
    "comment": STR, "invigilators": {"type": "object", "additionalProperties": STR},
    "incidents": array(obj({"incident_id": STR, "code": STR, "label": STR, "text": STR,
                            "candidate_id": nullable(STR), "candidate": nullable(STR),
                            "question_number": nullable(INT), "at": TIME, "by": STR}, closed=False)),
    "frauds": array(obj({"fraud_id": STR, "candidates": array(nullable(STR)), "candidate_ids": STRINGS,
                         "observed_at": STR, "facts": STR, "measures": STR, "at": TIME, "by": STR}, closed=False)),
    "outages": array(obj({"from": TIME, "to": TIME, "seconds": COUNT}, closed=False)),
    "time_additions": array(obj({"minutes": COUNT, "reason": STR, "everyone": BOOL, "candidates": array(nullable(STR)),
                                 "at": TIME, "by": STR}, closed=False)),
}
SUMMARY = obj(SUMMARY_FIELDS, closed=False, description="la session (comme l'événement session_updated)")
ROW_REPLY = obj({"seq": COUNT, "candidate": ROW})
SUMMARY_REPLY = obj({"seq": COUNT, "session": SUMMARY})
ROSTER = obj({**SUMMARY_FIELDS, "candidates": array(ROW), "connected_invigilators": STRINGS, "timeout_s": COUNT,
              "you": STR}, closed=False, description="tout le tableau de bord (comme l'événement roster)")

# -- meta -------------------------------------------------------------------------------------------

HEALTHZ = obj({
    "status": enum(["ok", "degraded"]), "version": STR, "sessions": COUNT,
    "content_pack": obj({"id": STR, "version": STR}),
    "storage": obj({"writes_failing": BOOL, "write_failures": COUNT, "set_aside": array(OPEN),
                    "warnings": array(OPEN)}, closed=False),
})
WARNING = obj({"code": STR, "message": STR}, closed=False)
HEALTH = obj({
    "status": enum(["ok", "warning"]), "warnings": array(WARNING),
    "cpu": obj({"percent": NUM, "count": nullable(INT)}, closed=False),
    "memory": obj({"percent": NUM, "total_bytes": COUNT, "available_bytes": COUNT, "process_rss_bytes": COUNT},
                  closed=False),
    "disk": obj({"path": STR, "free_bytes": COUNT, "total_bytes": COUNT, "percent": NUM, "day_need_bytes": COUNT},
                closed=False),
    "load": nullable(array(NUM)),
    "uptime": obj({"server_s": nullable(NUM), "machine_s": NUM}, closed=False),
    "power": nullable(obj({"percent": NUM, "plugged": nullable(BOOL), "seconds_left": nullable(NUM)}, closed=False)),
    "fsync": obj({"ok": BOOL}, closed=False),
    "sync": obj({"backlog": COUNT, "needs_attention": COUNT, "delivered": COUNT,
                  "oldest_waiting_s": nullable(NUM)}),
    "files": obj({"open": nullable(COUNT), "limit": INT}, closed=False),
    "connections": nullable(OPEN),
    "mirror": nullable(OPEN),
    "zeroconf": nullable(obj({"advertising": BOOL, "name": STR}, closed=False)),
}, closed=False)
OPENAPI = obj({"openapi": STR, "info": OPEN, "paths": OPEN, "components": OPEN}, closed=False)

# -- preflight --------------------------------------------------------------------------------------

CHECK = obj({"id": STR, "status": enum(STATUSES), "label": STR, "detail": STR, "remedy": STR})
REPORT = obj({"host": STR, "source": enum(SOURCES), "ran_at": STR, "platform": STR, "version": STR,
              "checks": array(CHECK)})
PING = obj({"server_time_ms": INT})
SAMPLES = obj({"samples": array(obj({"kind": STR, "filename": STR, "size": COUNT, "sha256": STR, "url": STR}))})
PC_SUMMARY = obj({"pc_id": STR, "label": STR, "host": STR})
TASK = obj({"id": STR, "label": STR, "filename": STR, "instructions": STR, "status": nullable(enum(STATUSES)),
            "file_url": STR})
TASKS = obj({"run_id": STR, "tasks": array(TASK)})
PC = obj({"pc_id": STR, "label": STR, "host": STR, "browser": nullable(REPORT), "agent": nullable(REPORT),
          "run_id": STR, "tasks": array(TASK)})
DELETED_PC = obj({"deleted": STR})
VERDICTS = obj({"status": enum(STATUSES), "checks": array(CHECK)})
VERDICT = obj({"candidates_planned": COUNT, "planned_set_by_technician": BOOL, "spares": COUNT, "needed": COUNT,
               "ready": COUNT, "pcs": COUNT, "room_ready": BOOL, "status": enum(STATUSES)})
BOARD = obj({"pcs": array(obj({
    "pc_id": STR, "label": STR, "host": STR, "address": STR, "last_run": nullable(STR),
    "status": enum(["ready", "incomplete", "not_ready"]), "fails": COUNT, "warns": COUNT, "missing": STRINGS,
    "browser": STR, "checks": array(obj({"source": enum(SOURCES), **CHECK["properties"]}))})), "verdict": VERDICT})
PLANNED = obj({"verdict": VERDICT})

# -- administrator ----------------------------------------------------------------------------------

ADMIN_TOKEN = obj({"token": STR, "expires_in_s": COUNT})
FIRST_TOKEN = obj({"token": STR})
LOGGED_OUT = obj({"logged_out": BOOL})
FIRST_RUN = obj({"password_set": BOOL, "from_this_machine": BOOL})
SESSION_LINE_FIELDS = {
    "session_id": STR, "session_number": INT, "status": SESSION_STATUS, "status_label": STR, "site": STR,
    "room": STR, "date": STR, "start_time": STR, "invigilators": STRINGS, "algorithm": STR, "candidates": COUNT}
SESSION_LIST = obj({"sessions": array(obj(SESSION_LINE_FIELDS, closed=False))})
ENTRY = obj({
    "candidate_id": STR, "first_name": STR, "last_name": STR, "birthdate": STR, "extra_time_pct": COUNT,
    "details": OPEN, "certifiable": BOOL, "competences_at_level": COUNT,
    "profile": obj({"pix": {"type": "object", "additionalProperties": INT}, "validated_skills": STRINGS,
                    "seen_challenges": STRINGS}, closed=False),
    "status": ATTEMPT_STATUS, "status_label": STR, "end_screen_seen": BOOL, "corrections": array(OPEN),
}, closed=False)
SESSION_PAGE = obj({
    **SESSION_LINE_FIELDS, "notes": STR, "algorithm_label": STR, "certification_version": nullable(STR), "invigilator_password": STR,
    "access_code": nullable(STR), "candidate_url": STR, "editable": BOOL, "started_at": nullable(TIME),
    "closed_at": nullable(TIME), "candidates_list": array(ENTRY), "warnings": STRINGS,
    "documents": array(obj({"name": STR, "label": STR, "url": STR}, closed=False)),
    "finalisation": nullable(OPEN),
}, closed=False)
CANDIDATE_ENTRY = obj({"candidate": ENTRY})
SESSION_DELETED = obj({"deleted": BOOL})
CANDIDATE_REMOVED = obj({"removed": BOOL})
IMPORTED = obj({"imported": COUNT})
FINALISATION_FORM = obj({
    "can_finalise": BOOL, "reason": nullable(STR), "deadline": nullable(TIME), "hours_left": nullable(NUM),
    "late": BOOL,
    "unfinished": array(obj({"candidate_id": STR, "name": STR, "status_label": STR, "answered": COUNT,
                             "total": COUNT}, closed=False)),
    "candidates": array(obj({"candidate_id": STR, "name": STR, "status_label": STR, "incident_codes": STRINGS,
                             "end_screen_seen": BOOL, "test_over": BOOL}, closed=False)),
    "codes": {"type": "object", "additionalProperties": STR}, "question_codes": STRINGS, "comment": STR,
    "incident_occurred": BOOL, "joining_issue": BOOL, "abort_reasons": {"type": "object", "additionalProperties": STR},
    "finalisation": nullable(OPEN),
}, closed=False)
RESULT = obj({
    "candidate_id": STR, "status": enum(["validated", "rejected", "cancelled", "absent"]), "reasons": STRINGS,
    "pix": nullable(NUM), "reproducibility_rate": nullable(NUM), "competences": array(OPEN),
    "first_name": STR, "last_name": STR, "name": STR, "birthdate": STR, "status_label": STR,
    "reason_labels": STRINGS, "report": STRINGS,
}, closed=False)
FINALISED = obj({"final_hash": STR, "finalised_at": TIME, "late": BOOL, "head_hash": STR, "results": array(RESULT)})
RESULTS = obj({"session_number": INT, "final_hash": STR, "late": BOOL, "candidates": array(RESULT)})
