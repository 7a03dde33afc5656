"""Kill the real server with SIGKILL while candidates answer: every answer that got a
200 must be in the journal exactly once, and the chain must verify."""

from __future__ import annotations

import json
import os
import random
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest

from conftest import ServerProcess
from roomserver.content import DEMO_PACK_DIR, load_pack
from roomserver.core.matching import right_answer, wrong_answer
from roomserver.store.journal import Journal, verify_journal

pytestmark = pytest.mark.slow
KILLS = 12


class Down(Exception):
    """The server did not answer (killed, restarting)."""


def call(base, method, path, body=None, token=None, timeout=3.0):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except (OSError, ValueError) as exc:  # refused, reset, timed out, truncated body
        raise Down(str(exc)) from None


def until_up(fn, deadline):
    """Retry fn while the server is down, like the candidate page does."""
    while time.monotonic() < deadline:
        try:
            return fn()
        except Down:
            time.sleep(0.05)
    raise TimeoutError("server stayed down")


class SimulatedCandidate(threading.Thread):
    def __init__(self, base, token, pack, deadline, seed):
        super().__init__(daemon=True)
        self.base, self.token, self.pack, self.deadline = base, token, pack, deadline
        self.rng = random.Random(seed)
        self.acked: list[str] = []
        self.error: BaseException | None = None

    def run(self):
        try:
            self._answer_until_done()
        except BaseException as exc:  # reported by the test
            self.error = exc

    def _answer_until_done(self):
        while time.monotonic() < self.deadline:
            status, state = until_up(lambda: call(self.base, "GET", "/api/v1/candidate/state", token=self.token),
                                     self.deadline)
            assert status == 200, state
            question = state["question"]
            if question is None:
                return
            challenge = self.pack.challenges[question["challenge_id"]]
            roll = self.rng.random()
            body = {"answer_id": str(uuid.uuid4()), "challenge_id": challenge.id}
            if roll < 0.2:
                body["skip"] = True
            else:
                body["value"] = right_answer(challenge) if roll < 0.7 else wrong_answer(challenge)
            # Retry the same answer_id until the server answers: exactly what the page does.
            status, reply = until_up(lambda: call(self.base, "POST", "/api/v1/candidate/answers", body, self.token),
                                     self.deadline)
            if status == 200:
                self.acked.append(body["answer_id"])
            else:
                assert status == 409 and reply["error"]["code"] == "not_current_challenge", reply
            time.sleep(self.rng.uniform(0.15, 0.45))  # reading the next question


def prepare(server: ServerProcess, count: int) -> list[str]:
    demo = server.demo()
    base = server.url
    _, login = call(base, "POST", "/api/v1/invigilator/login",
                    {"session_number": demo["session_number"], "password": demo["invigilator_password"]})
    tokens = []
    for person in [p for p in demo["candidates"] if p["certifiable"]][:count]:
        status, joined = call(base, "POST", "/api/v1/candidate/join", {
            "session_number": demo["session_number"], "first_name": person["first_name"],
            "last_name": person["last_name"], "birthdate": person["birthdate"]})
        assert status == 200, joined
        status, _ = call(base, "POST", f"/api/v1/invigilator/candidates/{person['candidate_id']}/presence",
                         token=login["token"])
        assert status == 200
        tokens.append(joined["token"])
    assert call(base, "POST", "/api/v1/invigilator/session/start", token=login["token"])[0] == 200
    for token in tokens:
        assert call(base, "POST", "/api/v1/candidate/start", {"access_code": demo["access_code"]}, token)[0] == 200
    return tokens


def test_sigkill_never_loses_an_acknowledged_answer(tmp_path):
    pack = load_pack(os.environ.get("ROOMSERVER_CONTENT_PACK") or DEMO_PACK_DIR)
    server = ServerProcess(tmp_path / "data").start()
    rng = random.Random(7)
    try:
        tokens = prepare(server, count=8)
        deadline = time.monotonic() + 240
        simulated = [SimulatedCandidate(server.url, t, pack, deadline, seed=i) for i, t in enumerate(tokens)]
        for thread in simulated:
            thread.start()
        kills = 0
        while kills < KILLS and any(t.is_alive() for t in simulated):
            time.sleep(rng.uniform(0.15, 0.8))
            server.kill()
            kills += 1
            server.start()
        for thread in simulated:
            thread.join(timeout=max(1, deadline - time.monotonic()))
            assert thread.error is None, repr(thread.error)
            assert not thread.is_alive(), "a simulated candidate never finished"
    finally:
        server.stop()

    assert kills >= 10, f"only {kills} kills happened before every candidate finished"
    journal_path = next((tmp_path / "data" / "sessions").glob("*/journal.jsonl"))
    count, final_hash, torn = verify_journal(journal_path)
    assert torn == 0 and count > 0
    _, events = Journal.open(journal_path)
    recorded = [e.data["answer_id"] for e in events if e.type == "answer_recorded"]
    acked = [answer_id for thread in simulated for answer_id in thread.acked]
    assert len(acked) > 50
    assert len(recorded) == len(set(recorded)), "an answer was recorded twice"
    missing = set(acked) - set(recorded)
    assert not missing, f"{len(missing)} acknowledged answers lost"
    per_question = [(e.data["candidate_id"], e.data["index"]) for e in events if e.type == "answer_recorded"]
    assert len(per_question) == len(set(per_question)), "two answers for the same question"
    starts = sum(1 for e in events if e.type == "server_started")
    assert starts >= kills  # the server wrote its own restarts in the journal
