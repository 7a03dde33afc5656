"""One decorator registers a Flask route and its OpenAPI operation, so the served
document (``/api/v1/openapi.json``) can never miss an endpoint. A test checks that
every ``/api/v1`` rule of the app is documented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from flask import Blueprint, request

from .validation import json_body, validate


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # OpenAPI style: /api/v1/x/{id}
    summary: str
    tag: str
    body: dict | None
    auth: str | None  # None, "candidate", "invigilator", "admin"
    responses: dict[int, str] = field(default_factory=dict)
    response_schema: dict | None = None  # the success body, as JSON Schema
    produces: tuple[str, ...] = ("application/json",)  # the success body's media types
    status: int = 200  # the success status
    accepts: tuple[str, ...] = ()  # raw request bodies (uploads), besides JSON
    query: dict[str, dict] = field(default_factory=dict)  # optional query parameters: name -> schema
    body_required: bool = True
    path_types: dict[str, str] = field(default_factory=dict)  # Flask converters: name -> "int", "string"


OPERATIONS: list[Operation] = []

ERROR_STATUSES = {400: "Requête invalide", 401: "Non authentifié", 403: "Refusé", 404: "Introuvable",
                  409: "Conflit avec l'état de la session", 413: "Corps trop volumineux",
                  422: "Valeur refusée", 429: "Trop de tentatives",
                  503: "Session mise de côté (journal endommagé)", 507: "Disque plein ou en lecture seule"}


def to_openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def path_types(rule: str) -> dict[str, str]:
    return {name: converter or "string" for converter, name in re.findall(r"<(?:([a-z]+):)?([a-z_]+)>", rule)}


def response_schema(response: dict | None) -> dict | None:
    """A full JSON Schema as it is, or the short form ``{name: type}`` as an object of those fields.
    A full schema says what it is: an object with properties, an array with items, or a choice."""
    if response is None:
        return None
    full = any(isinstance(response.get(k), (dict, list)) for k in ("properties", "items", "anyOf", "oneOf", "allOf"))
    if full or "$ref" in response:
        return response
    return {"type": "object", "properties": {name: {"type": kind} for name, kind in response.items()}}


def route(bp: Blueprint, rule: str, method: str, *, summary: str, tag: str, body: dict | None = None,
          auth: str | None = None, errors: tuple[int, ...] = (), response: dict | None = None,
          produces: str | tuple[str, ...] = "application/json", status: int = 200, accepts: tuple[str, ...] = (),
          max_body: int | None = None, query: dict[str, dict] | None = None, body_required: bool = True) -> Callable:
    """Register ``fn`` on ``bp``; when ``body`` is given, fn receives the validated JSON as ``data``.

    ``response``: the success body, a full JSON Schema or the short form ``{name: type}``;
    ``produces``: its media type(s) for a file; ``query``: the optional query parameters (their
    schemas); ``body_required=False``: an empty body stands for ``{}``; ``max_body`` raises the app's body limit for this operation only (file uploads)."""
    full = (bp.url_prefix or "") + rule

    def decorator(fn: Callable) -> Callable:
        types = path_types(full)
        statuses = set(errors) | ({400, 413} if body or accepts else set()) | ({401} if auth else set()) \
            | ({404} if types else set()) | ({400} if query else set())
        OPERATIONS.append(Operation(method, to_openapi_path(full), summary, tag, body, auth,
                                    {s: ERROR_STATUSES[s] for s in sorted(statuses)}, response_schema(response),
                                    (produces,) if isinstance(produces, str) else tuple(produces), status, accepts,
                                    query=dict(query or {}), path_types=types, body_required=body_required))

        def view(**kwargs):
            if max_body is not None:
                request.max_content_length = max_body
            for name, schema in (query or {}).items():  # checked as documented (French 400)
                if name in request.args:
                    validate(schema, request.args[name], name)
            if auth == "admin":  # every admin operation, with or without a body
                from .admin_auth import require_admin
                require_admin()
            if body is not None:
                if auth in ("candidate", "invigilator"):
                    from .auth import authenticate
                    authenticate(auth)  # 401 before 400: a stranger learns nothing about the body's rules
                kwargs["data"] = json_body(body) if body_required or request.get_data(cache=True) else {}
            result = fn(**kwargs)
            return (result, status) if status != 200 and isinstance(result, dict) else result

        view.__name__ = fn.__name__
        bp.add_url_rule(rule, endpoint=fn.__name__, view_func=view, methods=[method])
        return fn

    return decorator
