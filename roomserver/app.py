"""Application factory: ``create_app(settings)`` wires the store, the content pack,
the HTTP blueprints and Socket.IO. It imports no eventlet: only ``serve.py`` does.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, request
from flask_socketio import SocketIO
from werkzeug.exceptions import HTTPException

from .api.throttle import Throttle
from .content import DEMO_PACK_DIR, ContentPack, load_pack
from .core.refusal import Refusal
from .live.feed import LiveFeed
from .live.namespace import InvigilatorNamespace
from .live.presence import PcNames, Presence
from .services import Services
from .settings import load_settings
from .store.sessions import SessionStore

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "client_static"

HTTP_MESSAGES = {
    400: ("bad_request", "La requête est mal formée."),
    404: ("not_found", "Cette adresse n'existe pas sur le serveur de salle."),
    405: ("method_not_allowed", "Cette action n'est pas possible à cette adresse."),
    413: ("body_too_large", "La requête est trop volumineuse."),
    414: ("uri_too_long", "L'adresse demandée est trop longue."),
    415: ("unsupported_media_type", "Ce type de contenu n'est pas accepté à cette adresse."),
    431: ("headers_too_large", "Les en-têtes de la requête sont trop volumineux."),
}


# Every page: scripts and styles only from the server's own files (no inline script or style,
# no eval); images also from data: (the favicon) and blob: (a question's illustration); fetches
# and the dashboards' Socket.IO (ws: of the same host) to the server only, or to a blob: the page
# made itself (a downloaded document read back); never framed. The
# administrator's PDFs open in a tab as blob: documents, which inherit this policy: object-src
# lets the browser's PDF viewer show them.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                           "connect-src 'self' blob:; object-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; "
                           "form-action 'self'")


SECURITY_HEADERS = (("Content-Security-Policy", CONTENT_SECURITY_POLICY), ("X-Content-Type-Options", "nosniff"),
                    ("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer"))


def raw_security_headers() -> str:
    """The security headers as raw HTTP lines, for the answers written below Flask."""
    return "".join(f"{name}: {value}\r\n" for name, value in SECURITY_HEADERS)


def create_app(overrides: dict[str, Any] | None = None, *, record_start: bool = True) -> Flask:
    settings = load_settings(overrides)
    app = Flask(__name__, static_folder=str(STATIC_DIR), static_url_path="/static")
    app.config["MAX_CONTENT_LENGTH"] = settings["max_body_bytes"]
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 0  # revalidate scripts: an update during the day is seen at once
    app.json.ensure_ascii = False
    app.json.sort_keys = False  # the views build their keys in a fixed order: sorting every reply is wasted work

    pack = load_pack(Path(settings["content_pack"]) if settings["content_pack"] else DEMO_PACK_DIR)
    store = SessionStore(settings["data_dir"], settings["checkpoint_every"])
    store.load_all()
    if record_start:
        from .startup import record_start as record_server_start
        record_server_start(store, pack)
    socketio = SocketIO(app, async_mode=settings["async_mode"])  # same-origin only (the default)
    presence = Presence(PcNames(store.tables))
    feed = LiveFeed(socketio, store, presence, settings["heartbeat_timeout_s"], settings["live_tick_s"])
    socketio.on_namespace(InvigilatorNamespace(feed))
    socketio.on_event("connect", lambda auth=None: False, namespace="/")  # only /invigilator is served
    app.extensions["roomserver"] = Services(settings, store, pack,
                                            Throttle(settings["throttle_attempts"], settings["throttle_window_s"]),
                                            socketio, presence, feed)

    from sync.worker import server_worker

    # The upstream sync worker (sync/worker.py): made here, its loop started by serve.py only.
    app.extensions["roomserver_sync"] = server_worker(settings, store, pack)

    from .api import (admin, admin_auth, admin_files, admin_finalise, admin_sync, candidate, health, invigilator,
                      invigilator_actions, invigilator_corrections, meta, pages, preflight)
    for module in (candidate, invigilator, invigilator_actions, invigilator_corrections, meta, health, pages, preflight,
                   admin_auth, admin, admin_files, admin_finalise, admin_sync):
        app.register_blueprint(module.bp)
    app.register_blueprint(admin_sync.invigilator_bp)
    _register_error_handlers(app)
    return app


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(Refusal)
    def refusal(exc: Refusal):
        return jsonify(exc.body()), exc.status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code, message = HTTP_MESSAGES.get(exc.code, ("http_error", "La requête n'a pas pu être traitée."))
        response = jsonify(Refusal(exc.code or 500, code, message).body())
        response.status_code = exc.code or 500
        for name, value in exc.get_headers():  # 405 says which methods exist (Allow, RFC 9110)
            if name in ("Allow", "Retry-After"):
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return jsonify({"error": {"code": "internal_error",
                                  "message": "Erreur interne du serveur de salle. Rien de ce qui était "
                                             "enregistré n'est perdu ; réessayez."}}), 500

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS:
            response.headers.setdefault(name, value)
        if request.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
