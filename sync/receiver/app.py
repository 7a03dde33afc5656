"""The receiver's WSGI app (Flask): the protocol's endpoints, the health check and one page.

Served by gunicorn (``cli serve``); each worker process builds its own app and engine.
Every answer but the page is JSON; every refusal is the one shape
``{"error": {"code", "message"}}`` with a French message, never a stack trace.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Callable

from flask import Flask, Response, render_template_string, request
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from .. import protocol
from ..protocol import PROTOCOL, SyncRefusal, load_keys, verify_signature
from . import ingest, prepared
from .db import kind, make_engine

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024 * 1024  # a 300-candidate session is a few MiB; a bigger body is refused (413)
PAGE_ROWS = 500

HTTP_MESSAGES = {
    400: "Requête mal formée.",
    404: "Cette adresse n'existe pas sur le récepteur.",
    405: "Méthode non autorisée pour cette adresse.",
    411: "La longueur du corps (Content-Length) est exigée.",
    413: f"Corps de requête trop gros (plus de {MAX_BODY_BYTES // (1024 * 1024)}\u00a0Mio).",
}
SECURITY_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; "
                    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
                    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def create_app(db_url: str, keys_path: Path, clock: Callable[[], float] = time.time) -> Flask:
    """The app for one worker: its engine on ``db_url``, the rooms of ``keys_path``."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    engine = make_engine(db_url)
    keys = load_keys(keys_path)
    app.extensions["receiver"] = {"engine": engine, "keys": keys}

    def signed_path() -> str:
        raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
        if raw:
            return raw
        query = request.query_string.decode("latin-1")
        return request.path + (f"?{query}" if query else "")

    def authenticate(body: bytes) -> protocol.Room:
        return verify_signature(keys, request.method, signed_path(), request.headers, body, clock())

    def answer(body: dict, status: int = 200) -> Response:
        return Response(json.dumps(body, ensure_ascii=False), status, mimetype="application/json")

    @app.errorhandler(SyncRefusal)
    def refused(exc: SyncRefusal):
        return answer(exc.body(), exc.status)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        message = HTTP_MESSAGES.get(status, "Requête refusée.")
        return answer({"error": {"code": f"http_{status}", "message": message}}, status)

    @app.errorhandler(Exception)
    def crashed(exc: Exception):
        log.exception("receiver: unexpected error on %s %s", request.method, request.path)
        return answer({"error": {"code": "internal_error", "message": "Erreur interne du récepteur\u00a0: "
                                 "réessayez plus tard (le détail est dans son journal)."}}, 500)

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.get("/api/v1/health")
    def health():
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - the answer is the health check's content
            log.exception("receiver: database unreachable")
            raise SyncRefusal(503, "database_unavailable", "La base de données du récepteur ne répond pas.") from None
        return answer({"status": "ok", "protocol": PROTOCOL, "database": kind(engine), "rooms": len(keys)})

    @app.post("/api/v1/sessions")
    def receive_session():
        body = request.get_data(cache=False)
        room = authenticate(body)
        idempotency = protocol.header(request.headers, protocol.H_IDEMPOTENCY)
        outcome = ingest.receive(engine, body, room, idempotency, "http", clock())
        if outcome.status == 201:
            log.info("receiver: stored session %s from %s", outcome.body["session_id"], room.key_id)
        return answer(outcome.body, outcome.status)

    @app.get("/api/v1/prepared-sessions")
    def prepared_sessions():
        room = authenticate(request.get_data(cache=False))
        return answer({"protocol": PROTOCOL, "sessions": prepared.pending_for(engine, room.key_id)})

    @app.post("/api/v1/prepared-sessions/<upstream_id>/ack")
    def acknowledge(upstream_id: str):
        body = request.get_data(cache=False)
        room = authenticate(body)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise SyncRefusal(400, "bad_json", "Le corps de la requête n'est pas du JSON UTF-8 valide.") from None
        number = data.get("session_number") if isinstance(data, dict) else None
        return answer(prepared.acknowledge(engine, room.key_id, upstream_id, number, clock()))

    @app.get("/")
    def page():
        rows = ingest.list_sessions(engine, PAGE_ROWS)
        total = ingest.count_sessions(engine)
        html = render_template_string(PAGE, rows=rows, total=total, shown=len(rows), database=kind(engine),
                                      nbsp="\u00a0")
        return Response(html, 200, mimetype="text/html")

    return app


PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Récepteur roomserver — sessions reçues</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}
td,th{border:1px solid #bbb;padding:.3rem .6rem;text-align:left}code{font-size:.85em}</style></head>
<body><h1>Sessions reçues</h1>
<p>{% if total == 0 %}Aucune session reçue pour l'instant.{% elif total == 1 %}1{{ nbsp }}session reçue.{% else %}{{ total }}{{ nbsp }}sessions reçues{% if shown < total %} (les {{ shown }} dernières ci-dessous){% endif %}.{% endif %}
Base de données{{ nbsp }}: {{ database }}.</p>
{% if rows %}<table><thead><tr><th>Reçue le (UTC)</th><th>Salle</th><th>Session</th><th>N°</th><th>Candidats</th>
<th>Événements</th><th>Hash final</th><th>Arrivée</th></tr></thead><tbody>
{% for r in rows %}<tr><td>{{ r.received_at }}</td><td>{{ r.room_label or r.key_id }}</td><td><code>{{ r.session_id }}</code></td>
<td>{{ r.number }}</td><td>{{ r.candidates }}</td><td>{{ r.events }}</td><td><code>{{ r.final_hash[:16] }}…</code></td>
<td>{{ "clé USB" if r.via == "bundle" else "réseau" }}</td></tr>
{% endfor %}</tbody></table>{% endif %}
</body></html>
"""
