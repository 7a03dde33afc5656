"""gunicorn, the production WSGI server, running the receiver with several worker processes.

Embedded (``BaseApplication``) rather than ``gunicorn 'module:app'``, so the command line stays
the receiver's own and each worker builds its app (and its database connections) after the
fork: nothing is shared between processes but the database. Sync workers: a request is short
and mostly CPU (checking every journal line's HMAC); one per process, N processes.
"""

from __future__ import annotations

from pathlib import Path

from gunicorn.app.base import BaseApplication


class ReceiverServer(BaseApplication):
    def __init__(self, db_url: str, keys_path: Path, options: dict):
        self.db_url, self.keys_path, self.options = db_url, keys_path, options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        from .app import create_app

        return create_app(self.db_url, self.keys_path)


def serve(db_url: str, keys_path: Path, host: str, port: int, workers: int) -> int:
    options = {"bind": f"{host}:{port}", "workers": workers, "worker_class": "sync", "timeout": 120,
               "graceful_timeout": 10, "proc_name": "roomserver-receiver", "loglevel": "info",
               "errorlog": "-", "accesslog": None, "preload_app": False,
               "control_socket_disable": True}  # one per machine otherwise: two receivers would clash
    ReceiverServer(db_url, keys_path, options).run()
    return 0
