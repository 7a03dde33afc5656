"""Request bodies, as JSON Schema: validated on arrival and published in OpenAPI."""

from __future__ import annotations

NAME = {"type": "string", "minLength": 1, "maxLength": 100}
ID = {"type": "string", "minLength": 1, "maxLength": 100, "pattern": r"[A-Za-z0-9._:-]+",
      "description": "un identifiant (lettres, chiffres, . _ : -)"}
UUID = {"type": "string", "pattern": r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}",
        "description": "un UUID créé par le navigateur"}
SESSION_NUMBER = {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 999999},
                            {"type": "string", "pattern": r"\s*\d{1,6}\s*"}],
                  "description": "le numéro de session, un nombre"}
DATE = {"type": "string", "pattern": r"\d{4}-\d{2}-\d{2}", "description": "une date AAAA-MM-JJ"}

JOIN = {"type": "object", "additionalProperties": False,
        "required": ["session_number", "first_name", "last_name", "birthdate"],
        "properties": {"session_number": SESSION_NUMBER, "first_name": NAME, "last_name": NAME, "birthdate": DATE}}

START = {"type": "object", "additionalProperties": False, "required": ["access_code"],
         "properties": {"access_code": {"type": "string", "minLength": 1, "maxLength": 20}}}

TEXT = {"type": "string", "maxLength": 500}
VALUE = {"anyOf": [TEXT, {"type": "array", "items": ID, "maxItems": 50},
                   {"type": "object", "additionalProperties": TEXT, "maxProperties": 20}],
         "description": "un identifiant de proposition, une liste d'identifiants, un texte ou un objet champ → texte"}

ANSWER = {"type": "object", "additionalProperties": False, "required": ["answer_id", "challenge_id"],
          "properties": {"answer_id": UUID, "challenge_id": ID, "value": VALUE, "skip": {"type": "boolean"}}}

CHALLENGE_REF = {"type": "object", "additionalProperties": False, "required": ["challenge_id"],
                 "properties": {"challenge_id": ID}}

REPORT = {"type": "object", "additionalProperties": False, "required": ["challenge_id"],
          "properties": {"challenge_id": ID, "message": {"type": "string", "maxLength": 500}}}

LOGIN = {"type": "object", "additionalProperties": False, "required": ["session_number", "password"],
         "properties": {"session_number": SESSION_NUMBER, "password": {"type": "string", "minLength": 1, "maxLength": 20}}}
