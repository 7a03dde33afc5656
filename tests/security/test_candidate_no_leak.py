"""Nothing a candidate receives tells what is right: a whole session is played through the API
(right, wrong and skipped answers, timed and focused questions, a problem reported and validated
with a replacement, another dismissed, heartbeats between every step, refused answers too), every
candidate-facing payload is kept, then scanned: no solution, tolerance or correctness key; no
accepted free-text answer that the question does not itself show; answer and heartbeat replies of
one fixed shape whatever the outcome; and the question held ahead (``next_question``) is decided
at the start, never by the answer just given."""

from __future__ import annotations

import uuid

from roomserver.core.content import ChallengeType
from roomserver.core.matching import right_answer, wrong_answer

SECRET_KEYS = {"solution", "solutions", "accepted", "groups", "choices", "tolerances", "tolerance", "outcome",
               "correct", "right", "wrong", "ok", "ko", "score", "scored", "pix", "result", "results", "expected",
               "skill_id", "level", "calibration", "difficulty", "code", "token_sha256", "reproducibility_rate"}
ANSWER_KEYS = {"status", "answered", "total", "state"}  # state: as GET /state gives it
BEAT_KEYS = {"version", "status", "session_status", "interval_s"}
INV = "/api/v1/invigilator"


class Pupil:
    """A candidate's page: every JSON it receives is kept, with the request that brought it."""

    def __init__(self, client, number: int, person: dict, kept: list):
        self.client, self.number, self.person, self.kept, self.token = client, number, person, kept, None

    def call(self, method: str, path: str, body=None):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = self.client.open(f"/api/v1/candidate{path}", method=method, json=body, headers=headers)
        self.kept.append((path, response.status_code, response.get_json()))
        return response

    def join(self):
        person = self.person
        response = self.call("POST", "/join", {"session_number": self.number, "first_name": person["first_name"],
                                               "last_name": person["last_name"], "birthdate": person["birthdate"]})
        self.token = response.get_json()["token"]

    def state(self) -> dict:
        return self.call("GET", "/state").get_json()

    def beat(self) -> dict:
        return self.call("POST", "/heartbeat", {"offline_ms": 0}).get_json()

    def answer(self, challenge_id: str, value=None, skip=False):
        body = {"answer_id": str(uuid.uuid4()), "challenge_id": challenge_id}
        body.update({"skip": True} if skip else {"value": value, "shown_ms": 4000})
        return self.call("POST", "/answers", body)


def walk(value, key=""):
    if isinstance(value, dict):
        for k, item in value.items():
            yield "<key>", k
            yield from walk(item, k)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, key)
    elif isinstance(value, str):
        yield key, value


def public_text(challenge) -> str:
    """Everything the question itself shows (an answer may be a word of its own instruction)."""
    parts = [challenge.instruction] + [p.text for p in challenge.proposals]
    parts += [f.label for f in challenge.fields] + [o for f in challenge.fields for o in f.options]
    return "\n".join(parts).casefold()


def accepted_texts(challenge) -> set[str]:
    texts = {a for answers in challenge.solution.accepted.values() for a in answers}
    return texts | {a for group in challenge.solution.groups for a in group}


def play(app, invigilator, pupils) -> None:
    client = app.test_client()
    inv = {"Authorization": f"Bearer {invigilator.token}"}
    pack = app.extensions["roomserver"].pack
    for pupil in pupils:
        pupil.join()
        pupil.beat()
        assert invigilator.confirm_presence(pupil.person["candidate_id"]).status_code == 200
        pupil.state()
    assert invigilator.start_session().status_code == 200
    for n, pupil in enumerate(pupils):
        pupil.call("POST", "/start", {"access_code": "ZZZZ99"})  # a wrong code first
        pupil.call("POST", "/start", {"access_code": app.demo["access_code"]})
        step, announced = 0, None
        while (state := pupil.state())["question"] is not None:
            question = state["question"]
            if announced is not None:  # held ahead one step earlier, whatever was answered since
                assert question["challenge_id"] == announced or state["alert"], (question, announced)
            announced = (state["next_question"] or {}).get("challenge_id")
            step += 1
            pupil.beat()
            challenge = pack.challenges[question["challenge_id"]]
            if step == 2:
                pupil.call("POST", "/report", {"challenge_id": challenge.id, "message": "l'image ne s'affiche pas"})
                row = next(r for r in invigilator.session().get_json()["candidates"]
                           if r["candidate_id"] == pupil.person["candidate_id"])
                path = f"{INV}/candidates/{row['candidate_id']}/alerts/{row['alerts'][-1]['alert_id']}/validate"
                assert client.post(path, json={"code": "E1"}, headers=inv).status_code == 200
                announced = None  # replaced: the next one shown is the replacement
                continue
            if step == 3:
                pupil.call("POST", "/report", {"challenge_id": challenge.id})
                row = next(r for r in invigilator.session().get_json()["candidates"]
                           if r["candidate_id"] == pupil.person["candidate_id"])
                path = f"{INV}/candidates/{row['candidate_id']}/alerts/{row['alerts'][-1]['alert_id']}/dismiss"
                assert client.post(path, headers=inv).status_code == 200
            if challenge.focused:
                pupil.call("POST", "/focus-lost", {"challenge_id": challenge.id})
            if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
                pupil.call("POST", "/answers", {"answer_id": str(uuid.uuid4()), "challenge_id": challenge.id,
                                                "value": "pas-une-proposition"})  # refused: 422
            if step % 3 == 0:
                response = pupil.answer(challenge.id, skip=True)
            else:
                value = right_answer(challenge) if (step + n) % 2 else wrong_answer(challenge)
                response = pupil.answer(challenge.id, value)
            assert response.status_code == 200, response.get_json()
            if n == 2 and step == 8:
                break
        pupil.beat()
    row_of_third = pupils[2].person["candidate_id"]
    client.post(f"{INV}/candidates/{row_of_third}/end-test", headers=inv)
    for pupil in pupils:
        pupil.state()
        pupil.beat()


def test_no_candidate_payload_says_what_is_right(app, client, invigilator):
    people = [p for p in app.demo["candidates"] if p["certifiable"]][:3]
    kept: list = []
    pupils = [Pupil(client, app.demo["session_number"], person, kept) for person in people]
    play(app, invigilator, pupils)
    pack = app.extensions["roomserver"].pack
    state = app.extensions["roomserver"].store.by_number(app.demo["session_number"]).state
    seen = set()
    for pupil in pupils:
        candidate = state.candidates[pupil.person["candidate_id"]]
        seen |= set(candidate.challenge_ids) | {c for ids in candidate.replaced.values() for c in ids}
    challenges = [pack.challenges[c] for c in seen]
    assert {c.type for c in challenges} & {ChallengeType.QROC, ChallengeType.QROCM_IND, ChallengeType.QROCM_DEP}
    shown = "\n".join(public_text(c) for c in pack.challenges.values())
    secrets = {t for c in challenges for t in accepted_texts(c) if len(t) >= 3 and t.casefold() not in shown}
    assert secrets and len(kept) > 150

    statuses = {status for _, status, _ in kept}
    assert {200, 422} <= statuses
    for path, status, payload in kept:
        for key, text in walk(payload):
            if key == "<key>":
                assert text not in SECRET_KEYS or (text == "code" and path != "/state"), (path, text, payload)
                continue
            if key in ("token", "candidate_id", "challenge_id", "id", "answer_id"):
                continue
            for secret in secrets:
                assert secret.casefold() not in text.casefold(), (path, key, secret)
        if path == "/answers" and status == 200:
            assert set(payload) == ANSWER_KEYS, payload  # the same fields, right or wrong
        if path == "/heartbeat" and status == 200:
            assert set(payload) == BEAT_KEYS, payload
        if path == "/state" and payload.get("alert"):
            assert set(payload["alert"]) == {"question_number", "status", "replaced"}  # never the E-code


def test_right_and_wrong_answers_get_the_same_reply(app, client, invigilator):
    """Two candidates answer their first question, one right and one wrong: the same reply (the
    same fields, status and progress) and the same move of the page's version."""
    first, second = [p for p in app.demo["candidates"] if p["certifiable"]][:2]
    kept: list = []
    pupils = [Pupil(client, app.demo["session_number"], person, kept) for person in (first, second)]
    for pupil in pupils:
        pupil.join()
        invigilator.confirm_presence(pupil.person["candidate_id"])
    invigilator.start_session()
    pack = app.extensions["roomserver"].pack
    replies = []
    for pupil, choose in zip(pupils, (right_answer, wrong_answer)):
        pupil.call("POST", "/start", {"access_code": app.demo["access_code"]})
        question = pupil.state()["question"]
        before = pupil.beat()["version"]
        reply = pupil.answer(question["challenge_id"], choose(pack.challenges[question["challenge_id"]]))
        assert reply.status_code == 200
        body = reply.get_json()
        replies.append((set(body), body["status"], body["answered"], pupil.beat()["version"] - before,
                        set(body["state"]), body["state"]["answered"]))
    assert replies[0] == replies[1] == (ANSWER_KEYS, "in_test", 1, replies[0][3], replies[0][4], 1)
