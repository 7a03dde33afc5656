"""Request validation against a small JSON-Schema subset, with French messages.

The same schema dicts are published in the OpenAPI document, so what is documented
is exactly what is checked. Supported keywords: type (object, string, integer,
boolean, array, null, or a list such as ["integer", "null"]), properties, required, additionalProperties (false or a schema),
minLength, maxLength, pattern, format (date: a real calendar date), minimum, maximum, items,
maxItems, anyOf, enum.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import request

from ..core.identity import is_birthdate
from ..core.refusal import Refusal

_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone UTF-16 half: cannot be written to the journal
MAX_DEPTH = 32  # deeper JSON is refused before Python's parser recurses too far

_TYPE_NAMES = {
    "object": "un objet",
    "string": "une chaîne de caractères",
    "integer": "un nombre entier",
    "boolean": "vrai ou faux",
    "array": "une liste",
    "null": "null",
}


def _invalid(message: str) -> Refusal:
    return Refusal(400, "invalid_request", message)


# French names of the fields a person fills in (the messages are shown as they are).
FIELD_LABELS = {
    "first_name": "prénom", "last_name": "nom de naissance", "birthdate": "date de naissance",
    "session_number": "numéro de session", "access_code": "code d'accès", "password": "mot de passe",
    "name": "nom", "site": "établissement", "room": "salle", "date": "date", "start_time": "heure de début",
    "invigilators": "surveillants", "notes": "notes", "algorithm": "algorithme", "extra_time_pct": "temps majoré",
    "sex": "sexe", "birth_city": "commune de naissance", "birth_postal_code": "code postal de naissance",
    "birth_insee_code": "code INSEE de naissance", "birth_country": "pays de naissance", "email": "e-mail",
    "external_id": "identifiant externe", "comment": "commentaire", "reason": "motif", "minutes": "minutes",
    "text": "description", "facts": "faits constatés", "measures": "mesures prises", "observed_at": "heure des faits",
    "code": "code", "message": "message", "label": "nom du poste",
}


def _label(path: str) -> str:
    return FIELD_LABELS.get(path, path)


def _where(path: str) -> str:
    return f"Le champ « {_label(path)} »" if path else "Le corps de la requête"


def _has_type(value: Any, type_name: str) -> bool:
    if type_name == "object":
        return isinstance(value, dict)
    if type_name == "string":
        return isinstance(value, str)
    if type_name == "integer":  # JSON Schema: 4.0 is an integer too (json_body turns it into 4)
        return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())
    if type_name == "boolean":
        return isinstance(value, bool)
    if type_name == "array":
        return isinstance(value, list)
    if type_name == "null":
        return value is None
    raise ValueError(f"unsupported schema type {type_name}")


def validate(schema: dict, value: Any, path: str = "") -> None:
    """Raise Refusal(400) with a French message when ``value`` does not fit ``schema``."""
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            try:
                validate(option, value, path)
                return
            except Refusal:
                continue
        raise _invalid(f"{_where(path)} n'a pas le bon format : {schema.get('description', 'valeur inattendue')}.")
    type_name = schema.get("type")
    if isinstance(type_name, list):  # the first type the value has decides the checks below
        fitting = [t for t in type_name if _has_type(value, t)]
        if not fitting:
            raise _invalid(f"{_where(path)} doit être {' ou '.join(_TYPE_NAMES[t] for t in type_name)}.")
        type_name = fitting[0]
    if type_name == "string" and isinstance(value, str) and _SURROGATE.search(value):
        raise _invalid(f"{_where(path)} contient un caractère invalide (texte mal encodé).")
    if type_name and not _has_type(value, type_name):
        raise _invalid(f"{_where(path)} doit être {_TYPE_NAMES[type_name]}.")
    if "enum" in schema and value not in schema["enum"]:
        raise _invalid(f"{_where(path)} doit valoir l'une de ces valeurs : {', '.join(map(str, schema['enum']))}.")
    if type_name == "string":
        if len(value) < schema.get("minLength", 0):
            raise _invalid(f"{_where(path)} ne peut pas être vide." if schema.get("minLength") == 1
                           else f"{_where(path)} est trop court.")
        if len(value) > schema.get("maxLength", 10_000):
            raise _invalid(f"{_where(path)} est trop long (au plus {schema.get('maxLength', 10_000)} caractères).")
        if "pattern" in schema and not re.fullmatch(schema["pattern"], value):
            raise _invalid(f"{_where(path)} n'a pas le bon format : {schema.get('description', 'valeur inattendue')}.")
        if schema.get("format") == "date" and not is_birthdate(value):
            raise _invalid(f"{_where(path)} contient une date qui n'existe pas : vérifiez le jour, le mois et l'année.")
    elif type_name == "integer":
        if value < schema.get("minimum", value) or value > schema.get("maximum", value):
            raise _invalid(f"{_where(path)} doit être compris entre {schema.get('minimum')} et {schema.get('maximum')}.")
    elif type_name == "array":
        if len(value) > schema.get("maxItems", 1000):
            raise _invalid(f"{_where(path)} contient trop d'éléments.")
        for i, item in enumerate(value):
            validate(schema.get("items", {}), item, f"{path}[{i}]")
    elif type_name == "object":
        _validate_object(schema, value, path)


def _validate_object(schema: dict, value: dict, path: str) -> None:
    properties = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in value:
            raise _invalid(f"Le champ « {_label(_join(path, name))} » est obligatoire.")
    extra = schema.get("additionalProperties", False)
    if len(value) > schema.get("maxProperties", 100):
        raise _invalid(f"{_where(path)} contient trop de champs.")
    for name, item in value.items():
        if _SURROGATE.search(name):
            raise _invalid(f"{_where(path)} contient un nom de champ invalide (texte mal encodé).")
        if name in properties:
            validate(properties[name], item, _join(path, name))
        elif extra is False:
            raise _invalid(f"Le champ « {_join(path, name)} » n'est pas attendu.")
        elif isinstance(extra, dict):
            validate(extra, item, _join(path, name))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def json_body(schema: dict) -> dict:
    """Parse the request body as JSON and validate it; every failure is a French 400."""
    if not request.is_json:
        raise Refusal(400, "invalid_json", "La requête doit être envoyée au format JSON (Content-Type: application/json).")
    raw = request.get_data(cache=True)
    if _too_deep(raw):
        raise Refusal(400, "invalid_json", f"Le corps de la requête est imbriqué trop profondément "
                                           f"(au plus {MAX_DEPTH} niveaux).")
    try:  # json.loads(raw, parse_float=...) would build a decoder per request: one, built once
        data = _DECODER.decode(raw.decode(json.detect_encoding(raw), "surrogatepass"))
    except (ValueError, RecursionError):
        raise Refusal(400, "invalid_json", "Le corps de la requête n'est pas du JSON valide.") from None
    validate(schema, data)
    return data


def _number(text: str):
    """JSON numbers with a fraction: 4.0 becomes the integer 4 (JSON Schema calls it an integer)."""
    value = float(text)
    return int(value) if value.is_integer() and abs(value) < 2 ** 53 else value


_DECODER = json.JSONDecoder(parse_float=_number)


def _too_deep(raw: bytes) -> bool:
    """Nesting deeper than MAX_DEPTH, counted on the bytes (brackets inside strings are skipped)."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return False  # the common case, at C speed
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False
