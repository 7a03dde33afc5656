"""Liveness and self-description: /healthz and /api/v1/openapi.json; the request id and the
access log of every request (``before_app_request`` hooks, so they cover every blueprint)."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Blueprint, g, request

from .. import __version__
from ..services import services
from . import responses
from .openapi import document
from .routing import route

bp = Blueprint("meta", __name__)
access = logging.getLogger("roomserver.access")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Successful calls that every page repeats all day: logging them would bury the rest.
# Successful requests not logged: routine traffic whose record is elsewhere (an accepted
# answer's is its journal line), refused or slow ones still are.
QUIET = ("/api/v1/candidate/heartbeat", "/api/v1/candidate/answers", "/healthz", "/socket.io/", "/static/")
SLOW_S = 1.0


@route(bp, "/healthz", "GET", summary="Le serveur répond (vivacité) : sessions servies et état du stockage",
       tag="méta", response=responses.HEALTHZ)
def healthz():
    """200 once the journals are loaded and the server answers (used by tests, systemd and scripts).
    ``status`` is "degraded" while writes fail (disk full, read-only) or a session was set aside.
    The machine's figures (disk, memory, battery...) are in ``/api/v1/health``."""
    svc = services()
    storage = svc.store.storage_report()
    degraded = storage["writes_failing"] or bool(storage["set_aside"])
    return {"status": "degraded" if degraded else "ok", "version": __version__, "sessions": len(svc.store.sessions()),
            "content_pack": {"id": svc.pack.id, "version": svc.pack.version},
            "storage": {"writes_failing": storage["writes_failing"], "write_failures": storage["write_failures"],
                        "set_aside": [{k: v for k, v in item.items() if k != "path"} for item in storage["set_aside"]],
                        "warnings": storage["warnings"]}}


@route(bp, "/api/v1/openapi.json", "GET", summary="Ce document OpenAPI", tag="méta", response=responses.OPENAPI)
def openapi():
    return document()


@bp.before_app_request
def begin_request():
    """Give every request an id: the caller's ``X-Request-Id`` when well-formed, else a new one."""
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex[:16]
    g.request_started = time.perf_counter()


@bp.after_app_request
def end_request(response):
    """Send the id back and log the request: its path only (never the query string, headers or
    body, where codes and tokens travel); routine successful reads are not logged."""
    request_id = getattr(g, "request_id", None)
    if request_id is None:
        return response
    response.headers["X-Request-Id"] = request_id
    seconds = time.perf_counter() - g.request_started
    routine = response.status_code < 400 and (request.method in ("GET", "HEAD") or request.path.startswith(QUIET))
    if not routine or seconds >= SLOW_S:
        level = logging.WARNING if response.status_code >= 500 or seconds >= SLOW_S else logging.INFO
        access.log(level, "%s %s %d", request.method, request.path, response.status_code,
                   extra={"fields": {"method": request.method, "path": request.path, "status": response.status_code,
                                     "ms": round(seconds * 1000, 1), "client": request.remote_addr}})
    return response
