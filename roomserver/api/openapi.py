"""The OpenAPI 3.1 document, built from the operations registered by ``routing.route``."""

from __future__ import annotations

from collections import defaultdict

from .. import __version__
from .routing import OPERATIONS

# The one error shape. An import refused line by line adds those lines (``lines``), nothing else.
ERROR_SCHEMA = {"type": "object", "required": ["error"], "additionalProperties": False, "properties": {
    "error": {"type": "object", "required": ["code", "message"], "additionalProperties": False, "properties": {
        "code": {"type": "string", "pattern": "^[a-z0-9_]+$"},
        "message": {"type": "string", "minLength": 1, "description": "en français"}}},
    "lines": {"type": "array", "items": {"type": "object"},
              "description": "import refusé : chaque ligne refusée et pourquoi"}}}


# Any operation may meet these: an unexpected error, a session set aside, a full disk.
SERVER_ERRORS = {500: "Erreur interne (rien de ce qui était enregistré n'est perdu)",
                 503: "Session mise de côté ou serveur saturé", 507: "Disque plein ou en lecture seule"}


def anchored(schema):
    """The schema as published: patterns anchored (the server matches whole values, JSON Schema
    searches), so a client and the server agree on what is valid."""
    if isinstance(schema, dict):
        out = {k: anchored(v) for k, v in schema.items()}
        if isinstance(schema.get("pattern"), str) and not schema["pattern"].startswith("^"):
            out["pattern"] = f"^(?:{schema['pattern']})$"
        return out
    if isinstance(schema, list):
        return [anchored(v) for v in schema]
    return schema


# What a path parameter names (the server answers 404 for an unknown one, whatever its shape).
PATH_PARAMETERS = {
    "candidate_id": {"type": "string", "minLength": 1, "maxLength": 100, "description": "l'identifiant du candidat"},
    "alert_id": {"type": "string", "minLength": 1, "maxLength": 100, "description": "l'identifiant du signalement"},
    "challenge_id": {"type": "string", "minLength": 1, "maxLength": 100, "description": "la question"},
    "name": {"type": "string", "minLength": 1, "maxLength": 255, "description": "le nom du fichier"},
    "pc_id": {"type": "string", "minLength": 1, "maxLength": 16, "description": "le code du poste"},
    "task_id": {"type": "string", "minLength": 1, "maxLength": 32, "description": "la tâche pratique"},
    "kind": {"type": "string", "minLength": 1, "maxLength": 32, "description": "le type de fichier d'essai"},
}
BINARY = {"type": "string", "format": "binary"}


def _parameters(op) -> list[dict]:
    path = [{"name": name, "in": "path", "required": True,
             "schema": ({"type": "integer", "minimum": 0} if kind == "int"
                        else PATH_PARAMETERS.get(name, {"type": "string", "minLength": 1}))}
            for name, kind in op.path_types.items()]
    query = [{"name": name, "in": "query", "required": False, "schema": anchored(schema)}
             for name, schema in op.query.items()]
    return path + query


def _success(op) -> dict:
    """The success response: its JSON body's schema, or the media types of the file it sends."""
    if op.produces == ("application/json",):
        content = {"application/json": {"schema": anchored(op.response_schema or {"type": "object"})}}
    else:
        content = {media: {"schema": BINARY} for media in op.produces}
    return {"description": "Créé" if op.status == 201 else "Succès", "content": content}


def document() -> dict:
    paths: dict[str, dict] = defaultdict(dict)
    for op in OPERATIONS:
        responses = {str(op.status): _success(op)}
        for status, description in {**op.responses, **SERVER_ERRORS}.items():
            responses[str(status)] = {"description": description, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        entry = {"summary": op.summary, "tags": [op.tag], "operationId": f"{op.method.lower()}_{op.path}",
                 "parameters": _parameters(op), "responses": responses}
        if op.body is not None:
            entry["requestBody"] = {"required": op.body_required,
                                    "content": {"application/json": {"schema": anchored(op.body)}}}
        elif op.accepts:
            entry["requestBody"] = {"required": True, "content": {
                media: {"schema": ({"type": "object", "properties": {"file": BINARY}}
                                   if media == "multipart/form-data" else BINARY)}
                for media in op.accepts}}
        if op.auth:
            entry["security"] = [{"bearer": []}]
            entry["description"] = f"Jeton « {op.auth} » dans l'en-tête Authorization: Bearer <jeton>."
        paths[op.path][op.method.lower()] = entry
    return {
        "openapi": "3.1.0",
        "info": {"title": "roomserver", "version": __version__,
                 "description": "API du serveur de salle. Toutes les erreurs ont la forme "
                                "{\"error\": {\"code\", \"message\"}}, message en français."},
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": {"Error": ERROR_SCHEMA},
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }
