"""Request bodies of the administrator's API (JSON Schema: validated and published)."""

from __future__ import annotations

from ..core.states import SessionStatus
from .schemas import DATE, NAME

TEXT_120 = {"type": "string", "maxLength": 120}
SESSION_FIELDS = {
    "site": {"type": "string", "minLength": 1, "maxLength": 120},
    "room": {"type": "string", "minLength": 1, "maxLength": 60},
    "date": DATE,
    "start_time": {"type": "string", "pattern": r"\d{2}:\d{2}", "description": "une heure HH:MM"},
    "invigilators": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 60}, "maxItems": 10},
    "notes": {"type": "string", "maxLength": 1000},
    "algorithm": {"type": "string", "enum": ["classic", "adaptive"],
                  "description": "classic (3 questions par compétence positionnée) ou adaptive (32 questions "
                                 "choisies une à une)"},
    "certification_version": {"type": "string", "minLength": 1, "maxLength": 100,
                              "description": "adaptive\u00a0: l'identifiant d'une version de certification du contenu "
                                             "(par défaut la dernière)"},
}
SESSION_CREATE = {"type": "object", "additionalProperties": False,
                  "required": ["site", "room", "date", "start_time", "invigilators"], "properties": SESSION_FIELDS}
SESSION_EDIT = {"type": "object", "additionalProperties": False, "properties": SESSION_FIELDS}

OPTIONAL_DETAILS = {
    # M or F, also written H, masculin, féminin...: checked (422, French) by the enrolment fields
    "sex": {"type": "string", "maxLength": 20},
    "birth_city": TEXT_120,
    "birth_postal_code": {"type": "string", "maxLength": 10},
    "birth_insee_code": {"type": "string", "maxLength": 10},
    "birth_country": TEXT_120,
    "email": {"type": "string", "maxLength": 200},
    "external_id": {"type": "string", "maxLength": 64},
    "accessibility": {"type": ["boolean", "string"], "maxLength": 10,
                      "description": "besoin d'un aménagement d'accessibilité (test adaptatif\u00a0: questions "
                                     "accessibles seulement)\u00a0; true/false, ou oui/non"},
}
PROFILE = {"type": "object", "additionalProperties": False, "properties": {
    "pix": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 64},
            "maxProperties": 16},
    "validated_skills": {"type": "array", "items": {"type": "string", "maxLength": 100}, "maxItems": 2000},
    "seen_challenges": {"type": "array", "items": {"type": "string", "maxLength": 100}, "maxItems": 5000}}}
IDENTITY = {"first_name": NAME, "last_name": NAME, "birthdate": DATE}
CANDIDATE_CREATE = {"type": "object", "additionalProperties": False,
                    "required": ["first_name", "last_name", "birthdate"],
                    "properties": {**IDENTITY, "extra_time_pct": {"type": "integer", "minimum": 0, "maximum": 200},
                                   **OPTIONAL_DETAILS, "profile": PROFILE}}
CANDIDATE_EDIT = {"type": "object", "additionalProperties": False,
                  "properties": {**IDENTITY, "extra_time_pct": {"type": "integer", "minimum": 0, "maximum": 200},
                                 **OPTIONAL_DETAILS}}
CORRECTION = {"type": "object", "additionalProperties": False,
              "properties": {**IDENTITY, "birth_city": TEXT_120, "birth_postal_code": {"type": "string", "maxLength": 10},
                             "birth_insee_code": {"type": "string", "maxLength": 10}, "birth_country": TEXT_120}}

# The query of GET /sessions (each optional).
SESSION_FILTERS = {"status": {"type": "string", "enum": [str(s) for s in SessionStatus]},
                   "date_from": DATE, "date_to": DATE}
