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
    """200 once the journals are loaded and the server answers (used by tests, systemd and scripts).
    ``status`` is "degraded" while writes fail (disk full, read-only) or a session was set aside."""
    svc = services()
    storage = svc.store.storage_report()
    degraded = storage["writes_failing"] or bool(storage["set_aside"])
    return {"status": "degraded" if degraded else "ok", "version": __version__, "sessions": len(svc.store.sessions()),
            "content_pack": {"id": svc.pack.id, "version": svc.pack.version},
            "storage": {"writes_failing": storage["writes_failing"], "write_failures": storage["write_failures"],
                        "set_aside": [{k: v for k, v in item.items() if k != "path"} for item in storage["set_aside"]],
                        "warnings": storage["warnings"]}}


@route(bp, "/api/v1/openapi.json", "GET", summary="Ce document OpenAPI", tag="méta")
def openapi():
    return document()
