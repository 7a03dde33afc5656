"""The serving entry point: the only module that knows about eventlet.

``eventlet.monkey_patch()`` must run before anything else imports socket or threading,
so ``run`` patches first and imports the app afterwards. With ``async_mode=threading``
nothing is patched (the exit from eventlet, proven by a smoke test).

Under eventlet the accept loop is ours (``_serve_eventlet``): it applies the connection cap
of ``ops/connections.py`` (idle connections give way, 503 when all are busy, never an exit
on "Too many open files"), wraps each connection in TLS when a certificate is set, and
tells systemd READY, WATCHDOG and STOPPING (``ops/sdnotify.py``). The store's blocking disk
work (journal write + fsync, atomic writes) runs in eventlet's thread pool (``store/offload.py``,
decision 0006), so a sync never freezes the server and concurrent answers share one fsync.
"""

from __future__ import annotations

import errno
import logging
import signal
import sys
import time
from typing import Any, Callable

LISTEN_BACKLOG = 1024
FLUSH_EVERY_S = 1.0  # events riding with the next sync wait at most this long for one
DRAIN_BYTES, DRAIN_S = 1 << 20, 1.0  # what is read of a refused request after the answer (bounded)
log = logging.getLogger("roomserver.serve")

# Errors the HTTP server itself answers, before Flask sees a request (the app's own are in app.py).
BELOW_FLASK_MESSAGES = {
    505: ("http_version_not_supported", "Cette version du protocole HTTP n'est pas prise en charge."),
    501: ("not_implemented", "Cette méthode HTTP n'est pas prise en charge."),
}


def run(overrides: dict[str, Any], on_ready: Callable | None = None) -> int:
    from .settings import load_settings

    settings = load_settings(overrides)
    if settings["async_mode"] == "eventlet":
        import warnings

        with warnings.catch_warnings():
            # eventlet announces its deprecation at import with EventletDeprecationWarning, a plain
            # Warning subclass (so a DeprecationWarning filter misses it); known and accepted
            # (ARCHITECTURE.md). The class cannot be named before the import: match its message.
            warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated", category=Warning)
            import eventlet
        eventlet.monkey_patch()
        from eventlet import tpool

        from .store import offload

        offload.install(tpool.execute)  # before the store opens: every fsync off the hub from the start

    from .ops import connections, headers, logs, sdnotify

    headers.install()  # request headers without the email parser, same result (ops/headers.py)
    logs.configure()
    file_limit, _ = connections.raise_file_limit()
    notifier = sdnotify.Notifier()

    from .app import create_app
    from .store.journal import JournalCorrupt
    from .store.keys import KeyProblem

    try:
        app = create_app(overrides)
    except JournalCorrupt as exc:
        print(f"ARRÊT\u00a0: un journal de session est corrompu, le serveur refuse de servir des données "
              f"fausses.\n  {exc}\n  Vérifiez-le avec\u00a0: roomserver verify-journal CHEMIN", file=sys.stderr)
        return 2
    except KeyProblem as exc:
        print(f"ARRÊT\u00a0: la clé des journaux pose problème, le serveur refuse de servir des données "
              f"invérifiables.\n  {exc}", file=sys.stderr)
        return 2
    store = app.extensions["roomserver"].store
    socketio = app.extensions["roomserver"].socketio
    announce_damage(store)

    from .ops import advert
    from .ops.runtime import ops_state, run_companions, status_line

    ops = ops_state(app)
    try:
        tls = tls_context(settings)
        listener = _listen(settings) if settings["async_mode"] == "eventlet" else None
    except OSError as exc:
        print(f"ARRÊT\u00a0: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if settings["mirror_dir"]:
        from .ops.backup import Mirror

        ops.mirror = Mirror(settings["data_dir"], settings["mirror_dir"])
    if on_ready:
        on_ready(app, settings)
    if advert.wanted(settings["zeroconf"], settings["host"]):
        ops.advertiser = advert.AdvertiserProcess(_advertisement(settings, tls is not None), settings["host"]).start()

    def stop(signum, frame):
        notifier.stopping("Arrêt en cours\u00a0: enregistrement des points de reprise.")
        try:
            if ops.advertiser is not None:
                ops.advertiser.stop()  # withdraw the advertisement before the port closes
            store.close()  # checkpoints; a failing disk is logged, never blocks the exit
        finally:
            sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def flush_loop():
        while True:
            socketio.sleep(FLUSH_EVERY_S)
            store.flush()  # never raises: a refusing disk is logged and counted

    socketio.start_background_task(flush_loop)
    # Upstream sync (sync/worker.py): a green thread under eventlet (its sockets are green, its
    # bodies built in the thread pool), a thread with --threading; it never blocks an answer.
    socketio.start_background_task(app.extensions["roomserver_sync"].loop)
    if settings["async_mode"] == "threading":
        run_companions(app, notifier, socketio.start_background_task, socketio.sleep, lambda fn: fn())
        notifier.ready(status_line([]))
        socketio.run(app, host=settings["host"], port=settings["port"], allow_unsafe_werkzeug=True,
                     request_handler=_threading_handler(), **({"ssl_context": tls} if tls else {}))
        return 0

    cap = connections.connection_cap(settings["max_connections"], file_limit, _open_files())
    ops.connections = connections.ConnectionTable(cap, file_limit)
    log.info("serving", extra={"fields": {"address": f"{settings['host']}:{settings['port']}", "tls": tls is not None,
                                          "connection_cap": cap, "file_limit": file_limit}})
    run_companions(app, notifier, socketio.start_background_task, socketio.sleep, tpool.execute)
    notifier.ready(status_line([]))
    _serve_eventlet(app, settings, listener, ops.connections, tls)
    return 0


class JsonErrors:
    """Errors of the HTTP server below Flask in the one JSON error shape, French, closing the
    connection cleanly. Mixed into eventlet.wsgi's protocol and werkzeug's request handler
    (``--threading``): both answer a bad request line, a bad HTTP version and too many or too
    large headers through ``send_error`` (http.server); eventlet also writes its own fixed
    responses (414, headers too large, a bad Content-Length), caught before it does."""

    def send_error(self, code, message=None, explain=None):
        """Answer ``code`` in the one error shape and close the connection."""
        import http

        log.debug("refused below Flask: %s %s (%s)", code, message or "", explain or "")
        try:
            phrase = http.HTTPStatus(code).phrase
        except ValueError:
            phrase = "Error"
        self.close_connection = True
        self.wfile.write(error_response(int(code), phrase))
        self.wfile.flush()
        self._drain()

    def _drain(self) -> None:
        """Read (bounded) what is left of the refused request before the close: closing a socket
        with unread bytes sends a reset, and the client may then lose the answer already sent."""
        import socket
        import ssl

        conn = self.connection
        try:
            if not isinstance(conn, ssl.SSLSocket):
                conn.shutdown(socket.SHUT_WR)  # the client sees the end of the answer at once
            conn.settimeout(DRAIN_S)
            deadline, left = time.monotonic() + DRAIN_S, DRAIN_BYTES
            while left > 0 and time.monotonic() < deadline:
                chunk = conn.recv(min(left, 65536))
                if not chunk:
                    break
                left -= len(chunk)
        except (OSError, ValueError):
            pass  # the peer is gone or slow: the connection closes anyway


def error_response(status: int, phrase: str) -> bytes:
    """A whole HTTP response carrying the one JSON error shape, with the app's security headers."""
    import json

    from .app import HTTP_MESSAGES, raw_security_headers

    code, message = {**HTTP_MESSAGES, **BELOW_FLASK_MESSAGES}.get(
        status, ("http_error", "La requête n'a pas pu être traitée."))
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode("utf-8")
    head = (f"HTTP/1.1 {status} {phrase}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            f"Connection: close\r\nCache-Control: no-store\r\n{raw_security_headers()}\r\n")
    return head.encode("latin-1") + body


def _threading_handler():
    """werkzeug's request handler (``--threading``) answering its own errors in the JSON shape."""
    from werkzeug.serving import WSGIRequestHandler

    class Handler(JsonErrors, WSGIRequestHandler):
        pass

    return Handler


def _listen(settings):
    """Bind before announcing READY; a room reconnecting at once needs a deep backlog
    (after a restart, 300 pages come back within a second; eventlet's default is 50)."""
    import eventlet

    family, *_, address = eventlet.green.socket.getaddrinfo(settings["host"], settings["port"])[0]
    try:
        return eventlet.listen(address, family, backlog=LISTEN_BACKLOG)
    except OSError as exc:
        raise OSError(exc.errno, f"impossible d'écouter sur {settings['host']}:{settings['port']} "
                                 f"({exc.strerror}). Un autre programme utilise-t-il ce port\u00a0?") from None


def tls_context(settings):
    """An ssl context from --cert/--key, or None for plain HTTP."""
    if not settings["cert_file"]:
        return None
    import os
    import ssl

    for what, path in (("le certificat", settings["cert_file"]), ("la clé du certificat", settings["key_file"])):
        if not os.path.isfile(path):
            raise OSError(errno.ENOENT, f"{what} {path} est introuvable (réglages --cert et --key).")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(settings["cert_file"], settings["key_file"])
    except (OSError, ssl.SSLError) as exc:
        raise OSError(errno.EINVAL, f"le certificat {settings['cert_file']} ou sa clé {settings['key_file']} est "
                                    f"inutilisable ({getattr(exc, 'reason', None) or exc}).") from None
    return context


def _advertisement(settings, https: bool):
    import socket

    from . import __version__
    from .ops.advert import Advertisement

    host = socket.gethostname()
    return Advertisement(room=settings["room"] or host, port=settings["port"], addresses=(), version=__version__,
                         host=host, path="/", https=https)


def _open_files() -> int:
    import psutil

    return psutil.Process().num_fds()


def _serve_eventlet(app, settings, listener, table, tls) -> None:
    """Accept connections forever under the cap; see ``ops/connections.py`` for the policy."""
    import eventlet
    import eventlet.wsgi
    from eventlet import greenio

    from .ops.connections import Connection, busy_response

    class Protocol(JsonErrors, eventlet.wsgi.HttpProtocol):
        def _read_request_line(self):
            record = self.conn_state[3]
            record.waiting_since = time.monotonic()  # idle: the cap may close this connection now
            try:
                line = super()._read_request_line()
            finally:
                record.waiting_since = None
            if len(line) >= self.server.url_length_limit:  # eventlet would answer an empty 414
                self.send_error(414)
                return b""  # nothing to serve: eventlet closes the connection
            return line

        def parse_request(self):
            """http.server's parsing, plus what eventlet refuses after it in its own shape."""
            try:
                if not super().parse_request():
                    return False
            except (eventlet.wsgi.HeaderLineTooLong, eventlet.wsgi.HeadersTooLarge):
                self.send_error(431)
                return False
            length = self.headers.get("content-length")
            if length is not None:
                try:
                    if int(length) < 0:
                        raise ValueError
                except ValueError:
                    self.send_error(400)
                    return False
                if self.headers.get("transfer-encoding") is not None:  # request smuggling: refused
                    self.send_error(400)
                    return False
            return True

    https = {"wsgi.url_scheme": "https", "HTTPS": "on"} if tls else None  # the listener itself is plain TCP
    server = eventlet.wsgi.Server(listener, listener.getsockname(), app, environ=https, log_output=False,
                                  keepalive=settings["keepalive_timeout_s"], protocol=Protocol, debug=False,
                                  socket_timeout=settings["request_timeout_s"])
    pool = eventlet.GreenPool(table.cap + 64)  # room for the connections being closed
    refusal = busy_response()

    def handle(conn_state):
        try:
            server.process_request(conn_state)
        except OSError as exc:  # a TLS handshake that failed, a peer gone: that connection only
            log.debug("connection ended: %s", exc)

    def closed(_, record):
        table.remove(record)
        greenio.shutdown_safe(record.sock)
        record.sock.close()

    def refuse(sock):
        try:
            sock.settimeout(2)
            sock.sendall(refusal)
            greenio.shutdown_safe(sock)
        except OSError:
            pass
        finally:
            sock.close()

    quiet_until = 0.0
    while True:
        try:
            sock, address = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM, errno.ECONNABORTED,
                                 errno.EPROTO, errno.EPERM, errno.EINTR):
                raise
            if exc.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                # Out of descriptors: make room and go on; never let the server exit for it.
                table.accept_failures += 1
                victim = table.make_room()
                if victim is not None:
                    greenio.shutdown_safe(victim.sock)
                if time.monotonic() > quiet_until:
                    log.warning("accept refused by the system (%s); an idle connection was closed to make room",
                                exc.strerror)
                    quiet_until = time.monotonic() + 10
                eventlet.sleep(0.05)
            continue
        if tls:
            sock = tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        if table.full:
            victim = table.make_room()
            if victim is None:
                table.refused_busy += 1
                eventlet.spawn_n(refuse, sock)
                eventlet.sleep(0)
                continue
            greenio.shutdown_safe(victim.sock)
            eventlet.sleep(0)  # let it end now: its descriptor is the one the new connection needs
        sock.settimeout(settings["request_timeout_s"])
        record = Connection(address, sock)
        table.add(record)
        pool.spawn(handle, [address, sock, eventlet.wsgi.STATE_IDLE, record]).link(closed, record)


def announce_damage(store) -> None:
    """Say on the console which sessions are not served and why; the others are."""
    for warning in store.warnings:
        print(f"ATTENTION\u00a0: {warning}", file=sys.stderr, flush=True)
    for entry in store.set_aside:
        print(f"ATTENTION\u00a0: {entry['reason']}", file=sys.stderr, flush=True)
    if store.set_aside:
        served = len(store.sessions())
        others = {0: "aucune autre session", 1: "l'autre session"}.get(served, f"les {served} autres sessions")
        print(f"Le serveur démarre quand même et sert {others}.", file=sys.stderr, flush=True)
