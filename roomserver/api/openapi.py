"""The OpenAPI 3.1 document, built from the operations registered by ``routing.route``."""

from __future__ import annotations

from collections import defaultdict

from .. import __version__
from .routing import OPERATIONS

ERROR_SCHEMA = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string", "description": "en français"}}}}}


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


def _path_parameters(path: str) -> list[dict]:
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    return [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in names]


def document() -> dict:
    paths: dict[str, dict] = defaultdict(dict)
    for op in OPERATIONS:
        ok_content = ({op.produces: {"schema": {"type": "string", "format": "binary"}}}
                      if op.produces != "application/json" else
                      {"application/json": {"schema": {"type": "object", "properties": {
                          k: {"type": v} for k, v in (op.response_schema or {}).items()}}}})
        responses = {str(op.status): {"description": "Créé" if op.status == 201 else "Succès", "content": ok_content}}
        for status, description in {**op.responses, **SERVER_ERRORS}.items():
            responses[str(status)] = {"description": description, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        entry = {"summary": op.summary, "tags": [op.tag], "operationId": f"{op.method.lower()}_{op.path}",
                 "parameters": _path_parameters(op.path), "responses": responses}
        if op.body is not None:
            entry["requestBody"] = {"required": True, "content": {"application/json": {"schema": anchored(op.body)}}}
        elif op.accepts:
            entry["requestBody"] = {"required": True, "content": {
                media: {"schema": ({"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
                                   if media == "multipart/form-data" else {"type": "string", "format": "binary"})}
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
