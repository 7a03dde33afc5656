"""The serving entry point: the only module that knows about eventlet.

``eventlet.monkey_patch()`` must run before anything else imports socket or threading,
so ``run`` patches first and imports the app afterwards. With ``async_mode=threading``
nothing is patched (the exit from eventlet, proven by a smoke test).
"""

from __future__ import annotations

import logging
import signal
import sys
from typing import Any, Callable

LISTEN_BACKLOG = 1024


def run(overrides: dict[str, Any], on_ready: Callable | None = None) -> int:
    from .settings import load_settings

    settings = load_settings(overrides)
    if settings["async_mode"] == "eventlet":
        import warnings

        with warnings.catch_warnings():  # its deprecation is known and accepted (ARCHITECTURE.md)
            warnings.simplefilter("ignore", DeprecationWarning)
            import eventlet
        eventlet.monkey_patch()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

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
    if on_ready:
        on_ready(app, settings)

    def stop(signum, frame):
        try:
            store.close()  # checkpoints; a failing disk is logged, never blocks the exit
        finally:
            sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if settings["async_mode"] == "threading":
        socketio.run(app, host=settings["host"], port=settings["port"], allow_unsafe_werkzeug=True)
        return 0
    import eventlet.wsgi

    # What socketio.run does, with a listen backlog for a whole room reconnecting at once
    # (after a restart, 300 pages come back within a second; eventlet's default is 50).
    family, *_, address = eventlet.green.socket.getaddrinfo(settings["host"], settings["port"])[0]
    listener = eventlet.listen(address, family, backlog=LISTEN_BACKLOG)
    eventlet.wsgi.server(listener, app, log_output=False)
    return 0


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
