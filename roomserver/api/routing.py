"""One decorator registers a Flask route and its OpenAPI operation, so the served
document (``/api/v1/openapi.json``) can never miss an endpoint. A test checks that
every ``/api/v1`` rule of the app is documented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from flask import Blueprint, request

from .validation import json_body


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # OpenAPI style: /api/v1/x/{id}
    summary: str
    tag: str
    body: dict | None
    auth: str | None  # None, "candidate", "invigilator", "admin"
    responses: dict[int, str] = field(default_factory=dict)
    response_schema: dict | None = None
    produces: str = "application/json"
    status: int = 200  # the success status
    accepts: tuple[str, ...] = ()  # raw request bodies (uploads), besides JSON


OPERATIONS: list[Operation] = []

ERROR_STATUSES = {400: "Requête invalide", 401: "Non authentifié", 403: "Refusé", 404: "Introuvable",
                  409: "Conflit avec l'état de la session", 413: "Corps trop volumineux",
                  422: "Valeur refusée", 429: "Trop de tentatives",
                  503: "Session mise de côté (journal endommagé)", 507: "Disque plein ou en lecture seule"}


def to_openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def route(bp: Blueprint, rule: str, method: str, *, summary: str, tag: str, body: dict | None = None,
          auth: str | None = None, errors: tuple[int, ...] = (), response: dict | None = None,
          produces: str = "application/json", status: int = 200, accepts: tuple[str, ...] = (),
          max_body: int | None = None) -> Callable:
    """Register ``fn`` on ``bp``; when ``body`` is given, fn receives the validated JSON as ``data``.
    ``max_body`` raises the app's body limit for this operation only (file uploads)."""
    full = (bp.url_prefix or "") + rule

    def decorator(fn: Callable) -> Callable:
        statuses = set(errors) | ({400, 413} if body or accepts else set()) | ({401} if auth else set())
        OPERATIONS.append(Operation(method, to_openapi_path(full), summary, tag, body, auth,
                                    {s: ERROR_STATUSES[s] for s in sorted(statuses)}, response, produces,
                                    status, accepts))

        def view(**kwargs):
            if max_body is not None:
                request.max_content_length = max_body
            if auth == "admin":  # every admin operation, with or without a body
                from .admin_auth import require_admin
                require_admin()
            if body is not None:
                if auth in ("candidate", "invigilator"):
                    from .auth import authenticate
                    authenticate(auth)  # 401 before 400: a stranger learns nothing about the body's rules
                kwargs["data"] = json_body(body)
            result = fn(**kwargs)
            return (result, status) if status != 200 and isinstance(result, dict) else result

        view.__name__ = fn.__name__
        bp.add_url_rule(rule, endpoint=fn.__name__, view_func=view, methods=[method])
        return fn

    return decorator
