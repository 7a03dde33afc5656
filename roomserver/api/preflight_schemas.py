"""Request bodies of the preflight API (JSON Schema subset of ``validation``), published in OpenAPI."""

from __future__ import annotations

from preflight.browser_facts import DOWNLOAD_KINDS
from preflight.report import STATUSES

PC_ID = {"type": "string", "pattern": r"[A-Za-z0-9]{4,16}",
         "description": "le code du poste (lettres et chiffres, affiché sur la page /preflight)"}
FLAG = {"type": "boolean"}


def _int(low: int, high: int) -> dict:
    return {"type": "integer", "minimum": low, "maximum": high}


def _text(limit: int) -> dict:
    return {"type": "string", "maxLength": limit}


START = {"type": "object", "additionalProperties": False, "properties": {"pc_id": PC_ID}}

FACTS = {
    "type": "object", "additionalProperties": False,
    "required": ["user_agent", "screen", "pointer", "storage", "network", "downloads"],
    "properties": {
        "user_agent": _text(1000),
        "brands": {"type": "array", "maxItems": 20, "items": {
            "type": "object", "additionalProperties": False,
            "properties": {"brand": _text(100), "version": _text(50)}}},
        "screen": {"type": "object", "additionalProperties": False, "required": ["css_width"], "properties": {
            "css_width": _int(0, 100_000), "css_height": _int(0, 100_000), "scale_pct": _int(10, 1000),
            "inner_width": _int(0, 100_000)}},
        "pointer": {"type": "object", "additionalProperties": False, "properties": {
            "fine": FLAG, "any_fine": FLAG, "coarse": FLAG, "hover": FLAG, "any_hover": FLAG,
            "touch_points": _int(0, 1000)}},
        "storage": {"type": "object", "additionalProperties": False, "properties": {
            "cookies": FLAG, "local_storage": FLAG, "indexed_db": FLAG, "websocket": FLAG, "service_worker": FLAG,
            "secure_context": FLAG}},
        "clock": {"type": "object", "additionalProperties": False, "properties": {
            "offset_ms": _int(-10**13, 10**13), "rtt_ms": _int(0, 600_000)}},
        "network": {"type": "object", "additionalProperties": False, "properties": {
            "latency_ms": _int(0, 600_000), "throughput_kbps": _int(0, 100_000_000), "errors": _int(0, 1000)}},
        "downloads": {"type": "array", "maxItems": 20, "items": {
            "type": "object", "additionalProperties": False, "required": ["kind"], "properties": {
                "kind": {"type": "string", "enum": list(DOWNLOAD_KINDS)},
                "sha256": {"type": "string", "pattern": "[0-9a-f]{64}", "description": "une empreinte SHA-256 en hexadécimal"},
                "size": _int(0, 1 << 40), "ms": _int(0, 3_600_000), "html": FLAG, "error": _text(300)}}},
        "pdf_viewer": {"type": ["boolean", "null"], "description": "vrai, faux ou null (inconnu)"},
        "duration_ms": _int(0, 3_600_000),
    },
}

CHECK = {"type": "object", "additionalProperties": False, "required": ["id", "status"], "properties": {
    "id": {"type": "string", "pattern": r"[a-z0-9_.:-]{1,64}", "description": "un identifiant de vérification"},
    "status": {"type": "string", "enum": list(STATUSES)},
    "label": _text(200), "detail": _text(1000), "remedy": _text(1000)}}

AGENT_REPORT = {"type": "object", "additionalProperties": False, "required": ["report"], "properties": {
    "pc_id": PC_ID,
    "report": {"type": "object", "additionalProperties": False, "required": ["host", "checks"], "properties": {
        "host": {"type": "string", "minLength": 1, "maxLength": 255}, "source": {"type": "string", "enum": ["agent"]},
        "ran_at": _text(40), "platform": _text(200), "version": _text(40),
        "checks": {"type": "array", "maxItems": 100, "items": CHECK}}}}}

LABEL = {"type": "object", "additionalProperties": False, "required": ["label"],
         "properties": {"label": _text(40)}}

PLANNED = {"type": "object", "additionalProperties": False, "required": ["candidates_planned"], "properties": {
    "candidates_planned": {"type": ["integer", "null"], "minimum": 0, "maximum": 1000,
                           "description": "un nombre de candidats entre 0 et 1000, ou null pour reprendre les inscrits"}}}

ANSWER = {"type": "object", "additionalProperties": False, "required": ["code"],
          "properties": {"code": {"type": "string", "minLength": 1, "maxLength": 40}}}

KIB = {"type": "string", "pattern": r"[0-9]{1,5}", "description": "un nombre de kibioctets, de 1 à 8192"}

# The media types of the sample files (preflight.samples), in the order of DOWNLOAD_KINDS.
SAMPLE_TYPES = ("application/pdf", "application/vnd.oasis.opendocument.text",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.oasis.opendocument.spreadsheet",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/vnd.oasis.opendocument.presentation", "image/png", "image/jpeg", "application/zip",
                "application/xml")

# -- the room plan (where each PC sits; row 1 is the front of the room) ----------------------------

PLAN_SIZE = _int(1, 30)
PLAN = {"type": "object", "additionalProperties": False, "required": ["rows", "cols", "seats"], "properties": {
    "rows": {**PLAN_SIZE, "description": "nombre de rangées (de 1 à 30)"},
    "cols": {**PLAN_SIZE, "description": "nombre de colonnes (de 1 à 30)"},
    "seats": {"type": "array", "maxItems": 900, "items": {
        "type": "object", "additionalProperties": False, "required": ["pc_id", "row", "col"],
        "properties": {"pc_id": PC_ID, "row": PLAN_SIZE, "col": PLAN_SIZE}}}}}

_STR = {"type": "string"}
_SEAT = {"label": _STR, "host": _STR, "address": _STR, "row": PLAN_SIZE, "col": PLAN_SIZE}


def _plan_reply(seat: dict) -> dict:
    return {"type": "object", "additionalProperties": False, "required": ["rows", "cols", "seats"], "properties": {
        "rows": PLAN_SIZE, "cols": PLAN_SIZE, "seats": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": list(seat), "properties": seat}}}}


# What the board reads and what the invigilators' dashboard reads (no PC code there: it is not theirs to use).
PLAN_REPLY = _plan_reply({"pc_id": _STR, **_SEAT})
ROOM_PLAN_REPLY = _plan_reply(_SEAT)
