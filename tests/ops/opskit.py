"""Helpers for the operations tests: a real server process with its own environment and
limits, HTTP calls that report status and body, raw sockets, a whole session run."""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from conftest import ROOT, ServerProcess


class OpsServer(ServerProcess):
    """``roomserver demo|serve`` as a child process, with extra environment and a file limit."""

    def __init__(self, data_dir: Path, command: str = "demo", env: dict | None = None,
                 file_limit: int | None = None, extra_args: tuple[str, ...] = (), tls=None):
        super().__init__(data_dir, command, extra_args)
        self.env, self.file_limit, self.tls = env or {}, file_limit, tls  # tls: an ssl context trusting the cert

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> "OpsServer":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        limit = self.file_limit

        def limits():
            if limit:
                resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "roomserver", self.command, "--data-dir", str(self.data_dir),
                 "--host", "127.0.0.1", "--port", str(self.port), *self.extra_args],
                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env, preexec_fn=limits)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if call(self.url + "/healthz", timeout=1, context=self.tls)[0] == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server not ready after {timeout}s:\n{self.log()}")

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def terminate(self, timeout: float = 15.0) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)


def call(url: str, body=None, token: str | None = None, method: str | None = None, timeout: float = 10,
         headers: dict | None = None, context=None) -> tuple[int, dict | bytes, dict]:
    """(status, JSON body or bytes, headers) of one request; HTTP errors are returned, not raised."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method or ("POST" if data is not None else "GET"),
                                     headers={"Content-Type": "application/json", **(headers or {})})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
            raw, status, head = response.read(), response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        raw, status, head = error.read(), error.code, dict(error.headers)
    try:
        return status, json.loads(raw), head
    except ValueError:
        return status, raw, head


def idle_connections(port: int, count: int) -> list[socket.socket]:
    """``count`` TCP connections to the server that never send anything."""
    opened = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        opened.append(sock)
    return opened


def close_all(sockets) -> None:
    for sock in sockets:
        try:
            sock.close()
        except OSError:
            pass


def whole_session(url: str, demo: dict) -> dict:
    """A session from start to finalisation through the real HTTP API: the administrator logs in,
    two candidates join, are confirmed, start with the access code and go through their test
    (answering some, skipping the rest), a third is absent; a wrong password and a wrong code
    are tried; end screens seen, the room closed, the session finalised, results and archive
    fetched. Returns every secret and token that went over the wire."""
    api = url + "/api/v1"
    number = demo["session_number"]
    secrets = {"admin_password": demo["admin_password"], "invigilator_password": demo["invigilator_password"],
               "access_code": demo["access_code"]}
    status, admin, _ = call(api + "/admin/login", {"password": demo["admin_password"]})
    assert status == 200, admin
    secrets["admin_token"] = admin["token"]
    assert call(api + "/admin/login", {"password": "pas-le-bon-mot-de-passe"})[0] == 401
    status, inv, _ = call(api + "/invigilator/login", {"session_number": number,
                                                       "password": demo["invigilator_password"], "name": "Mme Roux"})
    assert status == 200, inv
    secrets["invigilator_token"] = inv["token"]
    people = [p for p in demo["candidates"] if p["certifiable"]][:2]
    tokens = []
    for person in people:
        status, joined, _ = call(api + "/candidate/join", {
            "session_number": number, "first_name": person["first_name"], "last_name": person["last_name"],
            "birthdate": person["birthdate"]})
        assert status == 200, joined
        tokens.append(joined["token"])
        secrets[f"candidate_token_{len(tokens)}"] = joined["token"]
        assert call(api + f"/invigilator/candidates/{person['candidate_id']}/presence", {}, inv["token"])[0] == 200
    status, started, _ = call(api + "/invigilator/session/start", {}, inv["token"])
    assert status == 200, started
    assert call(api + "/candidate/start", {"access_code": "ZZZZ99"}, tokens[0])[0] in (401, 403, 409, 422, 429)
    for token in tokens:
        assert call(api + "/candidate/start", {"access_code": started["access_code"]}, token)[0] == 200
        answered = 0
        while True:
            status, state, _ = call(api + "/candidate/state", token=token)
            question = state.get("question")
            if not question:
                break
            body = {"answer_id": str(uuid.uuid4()), "challenge_id": question["challenge_id"]}
            body.update({"value": "rien"} if answered % 3 == 0 else {"skip": True})
            if call(api + "/candidate/answers", body, token)[0] != 200:
                body = {"answer_id": str(uuid.uuid4()), "challenge_id": question["challenge_id"], "skip": True}
                assert call(api + "/candidate/answers", body, token)[0] == 200
            answered += 1
        call(api + "/candidate/heartbeat", {}, token)
    assert call(api + "/invigilator/session/end-screens-seen", {}, inv["token"])[0] == 200
    status, closed, _ = call(api + "/invigilator/session/close", {}, inv["token"])
    assert status == 200, closed
    status, final, _ = call(api + f"/admin/sessions/{number}/finalise", {
        "end_screens_seen": [p["candidate_id"] for p in people], "incident_occurred": False, "joining_issue": False}, admin["token"])
    if status != 200:  # the finalisation form has its own rules: give what it asks
        status, form, _ = call(api + f"/admin/sessions/{number}/finalisation", token=admin["token"])
        raise AssertionError((final, form))
    assert call(api + f"/admin/sessions/{number}/results", token=admin["token"])[0] == 200
    assert call(api + f"/admin/sessions/{number}/archive.zip", token=admin["token"])[0] == 200
    call(api + "/admin/logout", {}, admin["token"])
    return secrets
