"""Request bodies, as JSON Schema: validated on arrival and published in OpenAPI."""

from __future__ import annotations

from ..core.incidents import ADDED_MINUTES_MAX, COMMENT_MAX, INCIDENT_CODES, QUESTION_CODES, REASON_MAX, TEXT_MAX

NAME = {"type": "string", "minLength": 1, "maxLength": 100}
ID = {"type": "string", "minLength": 1, "maxLength": 100, "pattern": r"[A-Za-z0-9._:-]+",
      "description": "un identifiant (lettres, chiffres, . _ : -)"}
UUID = {"type": "string", "pattern": r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}",
        "description": "un UUID créé par le navigateur"}
SESSION_NUMBER = {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 999999},
                            {"type": "string", "pattern": r"\s*\d{1,6}\s*"}],
                  "description": "le numéro de session, un nombre"}
DATE = {"type": "string", "pattern": r"\d{4}-\d{2}-\d{2}", "description": "une date AAAA-MM-JJ"}

# A join's birthdate must exist (2011-02-30 is a typing mistake: told at once, never a guess).
JOIN = {"type": "object", "additionalProperties": False,
        "required": ["session_number", "first_name", "last_name", "birthdate"],
        "properties": {"session_number": SESSION_NUMBER, "first_name": NAME, "last_name": NAME,
                       "birthdate": {**DATE, "format": "date"},
                       "join_id": {**UUID, "description": "un UUID créé par la page pour ce formulaire : le même "
                                                          "envoi répété (réponse perdue) reste celui du candidat, "
                                                          "sans attendre le surveillant"}}}

START = {"type": "object", "additionalProperties": False, "required": ["access_code"],
         "properties": {"access_code": {"type": "string", "minLength": 1, "maxLength": 20}}}

TEXT = {"type": "string", "maxLength": 500}
VALUE = {"anyOf": [TEXT, {"type": "array", "items": ID, "maxItems": 50},
                   {"type": "object", "additionalProperties": TEXT, "maxProperties": 20}],
         "description": "un identifiant de proposition, une liste d'identifiants, un texte ou un objet champ → texte"}

MS = {"type": "integer", "minimum": 0, "maximum": 86_400_000}

ANSWER = {"type": "object", "additionalProperties": False, "required": ["answer_id", "challenge_id"],
          "properties": {"answer_id": UUID, "challenge_id": ID, "value": VALUE, "skip": {"type": "boolean"},
                         "shown_ms": {**MS, "description": "combien de temps la question est restée affichée avant "
                                                            "la réponse, en millisecondes, selon l'horloge du poste"},
                         "focus_lost": {"type": "boolean",
                                        "description": "la fenêtre a été quittée pendant cette question (question focus)"}}}

HEARTBEAT = {"type": "object", "additionalProperties": False,
             "properties": {"offline_ms": {**MS, "description": "depuis combien de temps la page n'arrivait plus à "
                                                                "joindre le serveur (0 si elle y arrivait)"}}}

CHALLENGE_REF = {"type": "object", "additionalProperties": False, "required": ["challenge_id"],
                 "properties": {"challenge_id": ID}}

REPORT = {"type": "object", "additionalProperties": False, "required": ["challenge_id"],
          "properties": {"challenge_id": ID, "message": {"type": "string", "maxLength": 500}}}

LOGIN = {"type": "object", "additionalProperties": False, "required": ["session_number", "password"],
         "properties": {"session_number": SESSION_NUMBER, "password": {"type": "string", "minLength": 1, "maxLength": 20},
                        "name": {"type": "string", "maxLength": 60,
                                 "description": "le nom du surveillant (facultatif), montré aux autres surveillants"}}}

# -- invigilator ---------------------------------------------------------------------------------

VALIDATE_ALERT = {"type": "object", "additionalProperties": False, "required": ["code"],
                  "properties": {"code": {"type": "string", "enum": list(QUESTION_CODES),
                                          "description": "le code d'incident (E1 à E12)"}}}

ADD_TIME = {"type": "object", "additionalProperties": False, "required": ["minutes", "reason"],
            "properties": {"minutes": {"type": "integer", "minimum": 1, "maximum": ADDED_MINUTES_MAX},
                           "reason": {"type": "string", "minLength": 1, "maxLength": REASON_MAX},
                           "request_id": {**UUID, "description": "un UUID créé par la page : un nouvel envoi "
                                                               "de la même demande n'ajoute rien"}}}

INCIDENT = {"type": "object", "additionalProperties": False, "required": ["code", "text"],
            "properties": {"incident_id": UUID, "candidate_id": ID,
                           "code": {"type": "string", "enum": list(INCIDENT_CODES)},
                           "question_number": {"type": "integer", "minimum": 1, "maximum": 48},
                           "text": {"type": "string", "minLength": 1, "maxLength": TEXT_MAX}}}

FRAUD = {"type": "object", "additionalProperties": False,
         "required": ["candidate_ids", "observed_at", "facts", "measures"],
         "properties": {"fraud_id": UUID, "candidate_ids": {"type": "array", "items": ID, "maxItems": 50},
                        "observed_at": {"type": "string", "minLength": 1, "maxLength": 20,
                                        "description": "l'heure des faits, par exemple 10:42"},
                        "facts": {"type": "string", "minLength": 1, "maxLength": TEXT_MAX},
                        "measures": {"type": "string", "minLength": 1, "maxLength": TEXT_MAX}}}

COMMENT = {"type": "object", "additionalProperties": False, "required": ["comment"],
           "properties": {"comment": {"type": "string", "maxLength": COMMENT_MAX}}}
