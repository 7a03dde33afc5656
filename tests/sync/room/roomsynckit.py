"""Real processes for the room side of sync: a room server with an upstream, the reference
receiver (``python -m sync.receiver``) on SQLite, and a real HTTP proxy between them that can
answer 500, drop a connection after the receiver stored the session, or hold a request.

Everything listens on 127.0.0.1; every wait is bounded.
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "browser"))

from adminkit import Api, admin_token, set_admin_password, taken_and_closed  # noqa: E402
from conftest import ROOT, ServerProcess, free_port  # noqa: E402

FAST_RETRY = {"ROOMSERVER_SYNC_RETRY_FIRST_S": "1", "ROOMSERVER_SYNC_RETRY_MAX_S": "2",
              "ROOMSERVER_SYNC_CONNECT_TIMEOUT_S": "2", "ROOMSERVER_SYNC_READ_TIMEOUT_S": "20"}


def run(*args: str, env: dict | None = None, timeout: float = 60, stdin: str | None = None):
    """A command of this repository (``python -m ...``), its output captured."""
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          input=stdin, env={**os.environ, **(env or {})})


def roomserver(*args: str, env: dict | None = None, timeout: float = 60):
    return run("roomserver", *args, env=env, timeout=timeout)


class RoomServer(ServerProcess):
    """``roomserver serve`` with an upstream (its settings in the environment, as systemd gives them)."""

    def __init__(self, data_dir: Path, upstream: str = "", **env: str):
        super().__init__(data_dir, command="serve")
        self.env = {"ROOMSERVER_UPSTREAM_URL": upstream, **FAST_RETRY, **env}

    def start(self, timeout: float = 30.0) -> "RoomServer":
        saved = {k: os.environ.get(k) for k in self.env}
        os.environ.update(self.env)
        try:
            super().start(timeout)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        return self

    def status(self) -> list[dict]:
        done = roomserver("sync", "status", "--data-dir", str(self.data_dir), "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def job(self, number: int) -> dict:
        return next(job for job in self.status() if job["session_number"] == number)

    def wait_job(self, number: int, predicate, timeout: float = 30.0) -> dict:
        deadline = time.monotonic() + timeout
        job = None
        while time.monotonic() < deadline:
            found = [j for j in self.status() if j["session_number"] == number]
            job = found[0] if found else None
            if job is not None and predicate(job):
                return job
            time.sleep(0.2)
        raise AssertionError(f"job never reached the expected state: {job}\n{self.log()[-3000:]}")


def room_with_admin(tmp_path: Path, upstream: str = "", **env: str) -> RoomServer:
    data_dir = tmp_path / "room"
    set_admin_password(data_dir)
    return RoomServer(data_dir, upstream, **env).start()


def new_room(tmp_path: Path) -> tuple[Path, str]:
    """A data directory with its admin password and its key, and the line that registers it
    upstream (``sync register`` before the first start, as an installer does)."""
    data_dir = tmp_path / "room"
    set_admin_password(data_dir)
    return data_dir, register_line(data_dir)


def register_line(data_dir: Path, label: str = "Lycée Marie Curie, salle 2") -> str:
    done = roomserver("sync", "register", "--data-dir", str(data_dir), "--label", label)
    assert done.returncode == 0, done.stderr
    assert "SECRET" in done.stderr
    return done.stdout.strip()


def finalised_session(server: ServerProcess) -> dict:
    """A session run through the APIs of a real room server, then finalised by its administrator."""
    session = taken_and_closed(server)
    api = Api(server.url, admin_token(server.url))
    form = api.ok("GET", f"/api/v1/admin/sessions/{session['session_number']}/finalisation")
    reasons = {row["candidate_id"]: "technical" for row in form.get("unfinished", [])}
    done = api.ok("POST", f"/api/v1/admin/sessions/{session['session_number']}/finalise", {"abort_reasons": reasons})
    return {**session, "final_hash": done["final_hash"], "api": api}


class Receiver:
    """``python -m sync.receiver`` on SQLite, as a real process."""

    def __init__(self, tmp_path: Path, keys_text: str, port: int | None = None):
        self.dir = tmp_path / "upstream"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.db = f"sqlite:///{self.dir / 'receiver.db'}"
        self.keys = self.dir / "keys.txt"
        self.keys.write_text(keys_text + "\n", encoding="utf-8")
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None
        self.log_path = self.dir / f"receiver-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> "Receiver":
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "sync.receiver", "--port", str(self.port), "--db",
                                          self.db, "--keys", str(self.keys), "--workers", "1"],
                                         cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"receiver exited: {self.log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(self.url + "/api/v1/health", timeout=1) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"receiver not ready: {self.log_path.read_text(errors='replace')}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    def stored(self) -> list[dict]:
        done = run("sync.receiver", "list", "--db", self.db, "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)


class Proxy:
    """A real HTTP server in front of the receiver. ``plan`` is a list of what to do with each
    POST /api/v1/sessions, in turn: "500" (answer 500, forward nothing), "drop" (forward, let the
    receiver store, then close the connection without answering), "hold" (forward, then never
    answer until released), "pass" (forward and answer); after the plan: pass."""

    def __init__(self, upstream_url: str, plan: list[str]):
        self.upstream = upstream_url.removeprefix("http://")
        self.plan = list(plan)
        self.seen: list[str] = []  # what was done with each session POST
        self.released = threading.Event()
        self.held = threading.Event()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _forward(self, body: bytes):
                connection = http.client.HTTPConnection(proxy.upstream, timeout=20)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                connection.request(self.command, self.path, body=body or None, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
                connection.close()
                return answer.status, data

            def _answer(self, status: int, data: bytes):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)

            def _handle(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                action = "pass"
                if self.command == "POST" and self.path == "/api/v1/sessions":
                    action = proxy.plan.pop(0) if proxy.plan else "pass"
                    proxy.seen.append(action)
                if action == "500":
                    return self._answer(500, b'{"error": {"code": "internal", "message": "panne simul\\u00e9e"}}')
                status, data = self._forward(body)
                if action == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return None
                if action == "hold":
                    proxy.held.set()
                    proxy.released.wait(60)
                    self.close_connection = True
                    return None
                return self._answer(status, data)

            do_GET = do_POST = _handle

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "Proxy":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()
