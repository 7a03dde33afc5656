"""Health and self-description: /healthz and /api/v1/openapi.json."""

from __future__ import annotations

from flask import Blueprint

from .. import __version__
from ..services import services
from .openapi import document
from .routing import route

bp = Blueprint("meta", __name__)


@bp.get("/healthz")
def healthz():
    """200 once the journals are loaded and the server answers (used by tests, systemd and scripts)."""
    svc = services()
    return {"status": "ok", "version": __version__, "sessions": len(svc.store.sessions()),
            "content_pack": {"id": svc.pack.id, "version": svc.pack.version}}


@route(bp, "/api/v1/openapi.json", "GET", summary="Ce document OpenAPI", tag="méta")
def openapi():
    return document()
