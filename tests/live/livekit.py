"""Helpers for the live-dashboard tests: an invigilator speaking HTTP, a dashboard connected
to the ``/invigilator`` Socket.IO namespace, a controllable clock.

(A module of its own rather than conftest.py so that tests can import it by name.)"""

from __future__ import annotations

import time
import uuid

NS = "/invigilator"
API = "/api/v1/invigilator"

ROW_KEYS = {"candidate_id", "seq", "first_name", "last_name", "birthdate", "extra_time_pct", "certifiable",
            "status", "display_status", "joined", "resume_pending", "open_alerts", "alerts", "end_screen_seen",
            "answered", "total", "skipped_by_end", "added_s", "allowed_s", "time_used_s", "time_left_s",
            "given_back", "clock_running", "connection", "pc", "focus_lost", "frauds", "incidents",
            "pending_client", "failed_joins", "refused_entries", "corrections"}
SUMMARY_KEYS = {"session_id", "session_number", "seq", "server_time", "status", "details", "started_at",
                "closed_at", "access_code", "comment", "invigilators", "incidents", "frauds", "outages",
                "time_additions", "withdrawn", "corrected"}
ALERT_KEYS = {"alert_id", "question_number", "message", "status", "code", "at", "replaced"}


class Clock:
    """A clock the test moves by hand (replaces ``store.clock``)."""

    def __init__(self, start: float | None = None):
        self.now = round(time.time() if start is None else start, 3)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Invigilator:
    """An invigilator's page speaking HTTP, with its own token."""

    def __init__(self, client, token: str, invigilator_id: str):
        self.client, self.token, self.id = client, token, invigilator_id
        self.responses: list = []  # every JSON body received (for the leak test)

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    def call(self, method: str, path: str, body=None):
        kwargs = {"headers": self.headers}
        if body is not None:
            kwargs["json"] = body
        response = self.client.open(API + path, method=method, **kwargs)
        self.responses.append(response.get_json())
        return response

    def post(self, path, body=None):
        return self.call("POST", path, body)

    # the actions, as the page calls them
    def confirm(self, cid):
        return self.post(f"/candidates/{cid}/presence")

    def cancel(self, cid):
        return self.call("DELETE", f"/candidates/{cid}/presence")

    def start(self):
        return self.post("/session/start")

    def authorise_resume(self, cid):
        return self.post(f"/candidates/{cid}/authorise-resume")

    def dismiss(self, cid, alert_id):
        return self.post(f"/candidates/{cid}/alerts/{alert_id}/dismiss")

    def validate(self, cid, alert_id, code="E1"):
        return self.post(f"/candidates/{cid}/alerts/{alert_id}/validate", {"code": code})

    def add_time(self, cid, minutes=10, reason="panne du poste", request_id=None):
        body = {"minutes": minutes, "reason": reason}
        if request_id:
            body["request_id"] = request_id
        return self.post(f"/candidates/{cid}/added-time", body)

    def add_time_all(self, minutes=5, reason="alarme incendie", request_id=None):
        body = {"minutes": minutes, "reason": reason}
        if request_id:
            body["request_id"] = request_id
        return self.post("/session/added-time", body)

    def end_test(self, cid):
        return self.post(f"/candidates/{cid}/end-test")

    def end_screen(self, cid):
        return self.post(f"/candidates/{cid}/end-screen-seen")

    def end_screens(self):
        return self.post("/session/end-screens-seen")

    def incident(self, code="C7", text="coupure du réseau pendant deux minutes", **extra):
        return self.post("/incidents", {"code": code, "text": text, **extra})

    def fraud(self, candidate_ids, **extra):
        body = {"candidate_ids": candidate_ids, "observed_at": "10:42", "facts": "téléphone allumé sur la table",
                "measures": "téléphone rangé, candidat averti", **extra}
        return self.post("/frauds", body)

    def comment(self, text):
        return self.call("PUT", "/session/comment", {"comment": text})

    def close(self):
        return self.post("/session/close")

    def session(self):
        return self.call("GET", "/session")


def login(client, demo: dict, name: str = "") -> Invigilator:
    body = {"session_number": demo["session_number"], "password": demo["invigilator_password"]}
    if name:
        body["name"] = name
    response = client.post(API + "/login", json=body)
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    return Invigilator(client, data["token"], data["invigilator_id"])


class Dashboard:
    """One invigilators' page connected to ``/invigilator``. ``take()`` returns what arrived
    since the last ``take()``; ``log`` keeps everything ever received."""

    def __init__(self, app, auth):
        svc = app.extensions["roomserver"]
        self.sio = svc.socketio.test_client(app, namespace=NS, auth=auth)
        self.log: list[tuple[str, dict]] = []
        self._cursor = 0

    @property
    def connected(self) -> bool:
        return self.sio.is_connected(NS)

    def _pull(self) -> None:
        if self.connected:
            for message in self.sio.get_received(NS):
                assert len(message["args"]) == 1, message
                self.log.append((message["name"], message["args"][0]))

    def take(self, name: str | None = None) -> list:
        """(name, payload) pairs since the last take; with ``name``, only those payloads."""
        self._pull()
        fresh, self._cursor = self.log[self._cursor:], len(self.log)
        if name is None:
            return fresh
        return [payload for event, payload in fresh if event == name]

    def names(self) -> list[str]:
        return [name for name, _ in self.take()]

    def rows(self, events=None) -> dict[str, dict]:
        """The candidate_updated rows among ``events`` (default: take()), by candidate id (last wins)."""
        events = self.take() if events is None else events
        return {p["candidate"]["candidate_id"]: p["candidate"] for name, p in events if name == "candidate_updated"}

    def last_seq(self) -> int:
        self._pull()
        return max(p["seq"] for _, p in self.log)

    def disconnect(self) -> None:
        self._pull()
        if self.connected:
            self.sio.disconnect(namespace=NS)


class Pupil:
    """A candidate at a PC, speaking to the candidate API like the test page."""

    def __init__(self, client, demo: dict, person: dict, ip: str = "10.0.0.21"):
        self.client, self.demo, self.person, self.ip, self.token = client, demo, person, ip, None

    @property
    def id(self) -> str:
        return self.person["candidate_id"]

    def _call(self, method, path, body=None):
        kwargs = {"headers": {"Authorization": f"Bearer {self.token}"} if self.token else {},
                  "environ_base": {"REMOTE_ADDR": self.ip}}
        if body is not None:
            kwargs["json"] = body
        return self.client.open("/api/v1/candidate" + path, method=method, **kwargs)

    def join(self):
        body = {key: self.person[key] for key in ("first_name", "last_name", "birthdate")}
        response = self._call("POST", "/join", {"session_number": self.demo["session_number"], **body})
        if response.status_code == 200:
            self.token = response.get_json()["token"]
        return response

    def start(self):
        return self._call("POST", "/start", {"access_code": self.demo["access_code"]})

    def state(self) -> dict:
        response = self._call("GET", "/state")
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def question(self) -> dict | None:
        return self.state()["question"]

    def answer(self, challenge_id, value=None, skip=False):
        body = {"answer_id": str(uuid.uuid4()), "challenge_id": challenge_id}
        body.update({"skip": True} if skip else {"value": value})
        return self._call("POST", "/answers", body)

    def report(self, message="l'image ne s'affiche pas") -> str:
        """Report a problem on the question on screen; returns its challenge id."""
        challenge_id = self.question()["challenge_id"]
        response = self._call("POST", "/report", {"challenge_id": challenge_id, "message": message})
        assert response.status_code == 200, response.get_json()
        return challenge_id

    def beat(self, ip: str | None = None):
        if ip:
            self.ip = ip
        return self._call("POST", "/heartbeat")


def pupils(client, demo: dict, count: int) -> list[Pupil]:
    """The first ``count`` certifiable candidates of a demo session, each at its own PC."""
    people = [p for p in demo["candidates"] if p["certifiable"]][:count]
    return [Pupil(client, demo, p, ip=f"10.0.0.{21 + n}") for n, p in enumerate(people)]


def state_of(app, session_id: str | None = None):
    store = app.extensions["roomserver"].store
    if session_id is None:
        return store.by_number(app.demo["session_number"]).state
    return store.handle(session_id).state


def person(app, n: int) -> dict:
    """The n-th certifiable demo candidate."""
    return [p for p in app.demo["candidates"] if p["certifiable"]][n]
