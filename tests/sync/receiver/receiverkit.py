"""Test kit for the upstream side: a real finalised session made through the room server's
APIs, copies of it re-identified and re-signed (each a distinct valid session), signed HTTP
calls, and the receiver as a real process (gunicorn with its workers) on loopback.

Also imported by tests/bench/receiver_bench.py and by tests/sync/conftest.py.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from roomserver.store.journal import GENESIS, Event, event_hash
from roomserver.store.keys import key_id as fingerprint
from sync.protocol import idempotency_key, keys_line, sign_headers

ROOT = Path(__file__).resolve().parents[3]
API = "/api/v1/admin"
NAMES = [("Élodie", "Martin"), ("Elif", "Şahin"), ("Ida", "Ørsted"), ("Zoé", "N'Diaye"), ("Noé", "Lefèvre"),
         ("Chloé", "Dubois-Garnier"), ("Inès", "Benali"), ("Mathéo", "Nguyễn"), ("Léa", "Ó Briain"), ("Jules", "Roux")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- a real finalised session ------------------------------------------------------------------------------

@dataclass(frozen=True)
class FinalisedSession:
    """One finalised session of a room data directory: its key, its sealed journal, its POST body."""

    data_dir: Path
    key: bytes = field(repr=False)
    session_id: str
    number: int
    final_hash: str
    journal: str
    body: bytes
    candidates: int

    @property
    def key_id(self) -> str:
        return fingerprint(self.key)

    @property
    def idempotency(self) -> str:
        return idempotency_key(self.session_id, self.final_hash)

    def keys_line(self, label: str = "Lycée d'essai, salle 104") -> str:
        return keys_line(self.key, label)


def _ok(response, status: int = 200) -> dict:
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:1000])
    return response.get_json()


def make_finalised_session(data_dir: Path, candidates: int = 3) -> FinalisedSession:
    """Run a whole session through the room server's real APIs (in process): enrol, join,
    presence, start, every candidate answers every question (one in four wrong), close,
    finalise. Return it with its payload."""
    from roomserver.app import create_app
    from roomserver.core.matching import right_answer, wrong_answer
    from roomserver.demo import seed

    app = create_app({"data_dir": Path(data_dir), "async_mode": "threading", "live_tick_s": 0})
    app.config["TESTING"] = True
    svc = app.extensions["roomserver"]
    try:
        demo = seed(svc.store, svc.pack)
        pack, client = svc.pack, app.test_client()
        token = _ok(client.post(API + "/login", json={"password": demo["admin_password"]}))["token"]
        admin = {"Authorization": f"Bearer {token}"}
        made = _ok(client.post(API + "/sessions", headers=admin, json={
            "site": "Lycée Condorcet", "room": "Salle 104", "date": "2031-05-12", "start_time": "09:30",
            "invigilators": ["Mme Roux"], "algorithm": "classic"}), 201)
        number, password = made["session_number"], made["invigilator_password"]
        chosen = list(pack.competences)[:5]
        profile = {"pix": {cid: (24 if cid in chosen else 0) for cid in pack.competences},
                   "validated_skills": sorted(s.id for cid in chosen for s in pack.skills_of(cid) if s.level <= 3),
                   "seen_challenges": []}
        people = []
        for i in range(candidates):
            first, last = NAMES[i % len(NAMES)]
            person = {"first_name": first, "last_name": f"{last} {i // len(NAMES)}" if i >= len(NAMES) else last,
                      "birthdate": f"201{i % 3}-0{1 + i % 9}-{10 + i % 18}", "extra_time_pct": 33 if i % 7 == 0 else 0}
            _ok(client.post(f"{API}/sessions/{number}/candidates", headers=admin, json={**person, "profile": profile}),
                201)
            people.append(person)
        inv = _ok(client.post("/api/v1/invigilator/login", json={"session_number": number, "password": password,
                                                                  "name": "Mme Roux"}))["token"]
        inv_headers = {"Authorization": f"Bearer {inv}"}
        tokens = []
        for person in people:
            joined = _ok(client.post("/api/v1/candidate/join", json={"session_number": number, **{
                k: person[k] for k in ("first_name", "last_name", "birthdate")}}))
            tokens.append({"Authorization": f"Bearer {joined['token']}"})
            _ok(client.post(f"/api/v1/invigilator/candidates/{joined['candidate_id']}/presence", headers=inv_headers))
        code = _ok(client.post("/api/v1/invigilator/session/start", headers=inv_headers))["access_code"]
        for headers in tokens:
            _ok(client.post("/api/v1/candidate/start", json={"access_code": code}, headers=headers))
        for headers in tokens:
            done = 0
            while True:
                question = _ok(client.get("/api/v1/candidate/state", headers=headers))["question"]
                if question is None:
                    break
                challenge = pack.challenges[question["challenge_id"]]
                value = right_answer(challenge) if done % 4 != 3 else wrong_answer(challenge)
                _ok(client.post("/api/v1/candidate/answers", headers=headers, json={
                    "answer_id": str(uuid.uuid4()), "challenge_id": challenge.id, "value": value}))
                done += 1
        _ok(client.post("/api/v1/invigilator/session/close", headers=inv_headers))
        final = _ok(client.post(f"{API}/sessions/{number}/finalise", headers=admin, json={
            "abort_reasons": {}, "comment": "Session calme.", "incident_occurred": False, "joining_issue": False}))
        handle = svc.store.by_number(number)
        session_id = handle.state.id
        key = (Path(data_dir) / "keys" / "journal.key").read_bytes()
        journal = (Path(data_dir) / "sessions" / session_id / "journal.jsonl").read_text(encoding="utf-8")
        body = payload_body(Path(data_dir), session_id, key, pack)
    finally:
        svc.store.close()
    return FinalisedSession(Path(data_dir), key, session_id, number, final["final_hash"], journal, body, candidates)


def payload_body(data_dir: Path, session_id: str, key: bytes, pack) -> bytes:
    """The POST body, made by the room side's builder (sync.payload)."""
    from sync.payload import session_body

    return session_body(data_dir, session_id, key, pack)[0]


# -- distinct valid copies ---------------------------------------------------------------------------------

def reforge(session: FinalisedSession, key: bytes | None = None, session_id: str | None = None,
            number: int | None = None) -> FinalisedSession:
    """The same session as another one: new id (and number), every line signed again with
    ``key`` (a new key by default), the seal's final hash and the payload updated. A distinct,
    valid session for the receiver, as big as the original."""
    key = key or secrets.token_bytes(32)
    session_id = session_id or str(uuid.uuid4())
    number = number or 100000 + secrets.randbelow(900000)
    signer = fingerprint(key)
    prev, lines, events = GENESIS, [], session.journal.splitlines()
    for i, raw in enumerate(events):
        obj = json.loads(raw)
        data = obj["data"]
        if obj["type"] == "session_created":
            data = {**data, "session_id": session_id, "number": number}
        elif obj["type"] == "session_finalised":
            data = {**data, "final_hash": prev}
        digest = event_hash(prev, obj["seq"], obj["ts"], obj["type"], data, key)
        lines.append(Event(obj["seq"], obj["ts"], obj["type"], data, prev, digest, signer).line())
        final_hash = prev if i == len(events) - 1 else None
        prev = digest
    journal = b"".join(lines).decode("utf-8")
    payload = json.loads(session.body)
    payload["key_id"] = signer
    payload["session"] = {**payload["session"], "id": session_id, "number": number, "final_hash": final_hash,
                          "head_hash": prev}
    payload["journal"] = journal
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return replace(session, key=key, session_id=session_id, number=number, final_hash=final_hash, journal=journal,
                   body=body)


def altered_journal(session: FinalisedSession, mutate) -> bytes:
    """The session's body with its journal lines passed through ``mutate(list of dicts)``, unsigned
    again: what someone without the key could send."""
    payload = json.loads(session.body)
    lines = [json.loads(line) for line in payload["journal"].splitlines()]
    mutate(lines)
    payload["journal"] = "".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in lines)
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def with_payload(session: FinalisedSession, change) -> bytes:
    payload = json.loads(session.body)
    change(payload)
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


# -- HTTP ------------------------------------------------------------------------------------------------

@dataclass
class Reply:
    status: int
    body: dict | str
    headers: dict


def http(method: str, url: str, body: bytes | None = None, headers: dict | None = None, timeout: float = 30) -> Reply:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw, got = response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        status, raw, got = exc.code, exc.read(), dict(exc.headers)
    text = raw.decode("utf-8")
    try:
        return Reply(status, json.loads(text), got)
    except ValueError:
        return Reply(status, text, got)


def signed(base: str, key: bytes, method: str, path: str, body: bytes = b"", now: float | None = None,
           idempotency: str | None = None, **extra) -> Reply:
    headers = sign_headers(key, method, path, body, time.time() if now is None else now, idempotency)
    headers.update(extra)
    return http(method, base + path, body if method != "GET" else None, headers)


def post_session(base: str, session: FinalisedSession, body: bytes | None = None, key: bytes | None = None,
                 **kwargs) -> Reply:
    kwargs.setdefault("idempotency", session.idempotency)
    return signed(base, key or session.key, "POST", "/api/v1/sessions", session.body if body is None else body,
                  **kwargs)


# -- the receiver as a real process ---------------------------------------------------------------------------

class ReceiverProcess:
    """``python -m sync.receiver --port P --db URL --keys FILE --workers N`` on 127.0.0.1."""

    def __init__(self, db_url: str, keys_path: Path, workers: int = 2, log_dir: Path | None = None):
        self.db_url, self.keys_path, self.workers = db_url, Path(keys_path), workers
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log_path = (log_dir or self.keys_path.parent) / f"receiver-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "sync.receiver", "--port", str(self.port), "--db", self.db_url,
                "--keys", str(self.keys_path), "--workers", str(self.workers)]

    def start(self, timeout: float = 30.0) -> "ReceiverProcess":
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(self.command(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"receiver exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if http("GET", self.url + "/api/v1/health", timeout=2).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"receiver not ready after {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 15.0, graceful: bool = False) -> None:
        """SIGINT: gunicorn's quick shutdown (no request is in flight at a test's end); SIGTERM
        with ``graceful`` (lets a request in flight finish, a second or two longer)."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM if graceful else signal.SIGINT)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # its own session: the master and its workers
                self.proc.wait(5)


def write_keys(path: Path, *lines: str) -> Path:
    path.write_text("# rooms accepted by this receiver\n" + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def receiver_cli(*args, timeout: float = 60) -> subprocess.CompletedProcess:
    """``python -m sync.receiver ARGS`` as a real process: (returncode, stdout, stderr)."""
    return subprocess.run([sys.executable, "-m", "sync.receiver", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


# -- the one error shape, in French -------------------------------------------------------------------------

import re  # noqa: E402

FRENCH = re.compile(r"[éèêàùçôî«»]|\b[dlj]'\w|\b(le|la|les|de|du|des|un|une|est|pas|ce|cette|au|aux)\b", re.IGNORECASE)
# a non-breaking space before : ; ? ! » and after « (not in 09:30 nor http://)
BAD_TYPOGRAPHY = re.compile(r"[^\u00a0\u202f][:;!?»](?=\s|$|[.,)])|«(?![\u00a0\u202f])")


def french(message: str) -> str:
    assert message and FRENCH.search(message) and "Traceback" not in message, message
    assert not BAD_TYPOGRAPHY.search(message), f"French typography: {message!r}"
    return message


def refused(reply: Reply, status: int, code: str | None = None) -> str:
    """The one error shape with a French message; returns the message."""
    assert reply.status == status, (reply.status, reply.body)
    assert isinstance(reply.body, dict) and set(reply.body) == {"error"}, reply.body
    assert set(reply.body["error"]) == {"code", "message"}, reply.body
    if code:
        assert reply.body["error"]["code"] == code, reply.body
    return french(reply.body["error"]["message"])
