"""``GET /api/v1/health``: the machine's figures (CPU, memory, disk, load, uptime, battery,
fsync latency, connections, sync backlog) and the French warnings they raise."""

from __future__ import annotations

from flask import Blueprint, current_app

from ..ops.runtime import health_report
from . import responses
from .routing import route

bp = Blueprint("health", __name__)


@route(bp, "/api/v1/health", "GET", tag="méta",
       summary="Santé du serveur : processeur, mémoire, disque, charge, batterie, latence d'écriture, "
               "connexions, avertissements",
       response=responses.HEALTH)
def health():
    """``status`` is "warning" when ``warnings`` is not empty. No secret here: it is public on the LAN."""
    return health_report(current_app)
