"""Nothing an invigilator receives carries a solution, a question or a secret: a whole
session is run with two dashboards connected, and every payload they got, every action
response and the roster read over HTTP are scanned."""

from __future__ import annotations

import hashlib
import json

from roomserver.core.content import ChallengeType
from roomserver.core.matching import right_answer, wrong_answer

from .livekit import state_of

SECRET_KEYS = {"solution", "solutions", "accepted", "groups", "choices", "answers", "value", "values",
               "instruction", "proposals", "fields", "tolerances", "outcome", "correct", "token", "password",
               "token_sha256", "invigilator_password", "profile"}


def walk(value, key=""):
    """(key, string) for every string of a JSON value, and every key as ("<key>", key)."""
    if isinstance(value, dict):
        for k, item in value.items():
            yield "<key>", k
            yield from walk(item, k)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, key)
    elif isinstance(value, str):
        yield key, value


def is_id(key: str) -> bool:
    """Random hex ids (candidates, alerts, incidents...) may contain any short digit string."""
    return key.endswith(("_id", "_ids")) or key == "<key>"


def free_texts(challenge) -> set[str]:
    """Every accepted free-text answer of a challenge."""
    texts = {a for answers in challenge.solution.accepted.values() for a in answers}
    texts |= {a for group in challenge.solution.groups for a in group}
    return texts


def answer_strings(challenge, value) -> set[str]:
    """The free text a candidate typed (a drop-down option may be any word, a first name even:
    only typed text is looked for; proposal ids (QCU/QCM) are short, checked structurally)."""
    typed = {value} if isinstance(value, str) else set(value.values()) if isinstance(value, dict) else set()
    options = {option for f in challenge.fields for option in f.options}
    return typed - options


def play_whole_session(app, inv, inv2, pupils_) -> set[str]:
    """Every candidate answers every question of their test, with alerts validated (replaced)
    and dismissed along the way; one test is ended by the invigilator; then the session is
    closed and its records written. Returns every answer string sent."""
    pack = app.extensions["roomserver"].pack
    sent: set[str] = set()
    for pupil in pupils_:
        assert pupil.join().status_code == 200
        assert inv.confirm(pupil.id).status_code == 200
    assert inv.start().status_code == 200
    assert inv2.add_time_all(5, "retard au démarrage").status_code == 200
    for n, pupil in enumerate(pupils_):
        assert pupil.start().status_code == 200
        assert inv.add_time(pupil.id, 3, "poste lent").status_code == 200
        step = 0
        while (question := pupil.question()) is not None:
            step += 1
            if step == 2:  # a problem confirmed: the question is replaced
                pupil.report("l'image ne s'affiche pas")
                alert = inv.session().get_json()["candidates"]
                alert = next(r for r in alert if r["candidate_id"] == pupil.id)["alerts"][-1]
                assert inv2.validate(pupil.id, alert["alert_id"], "E1").status_code == 200
                assert pupil.question()["challenge_id"] != question["challenge_id"]
                continue
            if step == 3:  # a problem not confirmed: the same question
                pupil.report("je ne comprends pas la consigne")
                row = next(r for r in inv.session().get_json()["candidates"] if r["candidate_id"] == pupil.id)
                assert inv.dismiss(pupil.id, row["alerts"][-1]["alert_id"]).status_code == 200
            if n == 2 and step == 6:
                assert inv.end_test(pupil.id).status_code == 200
                break
            challenge = pack.challenges[question["challenge_id"]]
            if step % 3 == 0:
                response = pupil.answer(challenge.id, skip=True)
            else:
                value = right_answer(challenge) if step % 3 == 1 else wrong_answer(challenge)
                sent |= answer_strings(challenge, value)
                response = pupil.answer(challenge.id, value)
            assert response.status_code == 200, response.get_json()
        assert pupil.state()["status"] in ("ended", "ended_by_invigilator")
        pupil.beat()
    assert inv.incident("E9", "le logiciel s'est fermé", candidate_id=pupils_[0].id, question_number=4).status_code == 200
    assert inv2.fraud([pupils_[1].id]).status_code == 200
    assert inv.end_screens().status_code == 200
    assert inv.close().status_code == 200
    assert inv2.comment("Séance sans autre incident.").status_code == 200
    app.extensions["roomserver"].feed.tick()
    assert inv.session().status_code == 200
    return sent


def test_nothing_secret_reaches_the_invigilators(app, svc, connect, inv, inv2, kids):
    first, second = connect(inv.token), connect(inv2.token)
    pupils_ = kids[:3]
    sent = play_whole_session(app, inv, inv2, pupils_)

    payloads = [payload for dashboard in (first, second) for _, payload in dashboard.take()]
    payloads += inv.responses + inv2.responses
    kinds = {name for dashboard in (first, second) for name, _ in dashboard.log}
    assert kinds == {"roster", "candidate_updated", "session_updated", "connections"}
    assert len(payloads) > 200

    # what the scan looks for: every challenge the candidates saw (replaced ones too)...
    state = state_of(app)
    pack = svc.pack
    seen = set()
    for pupil in pupils_:
        candidate = state.candidates[pupil.id]
        seen |= set(candidate.challenge_ids) | {c for ids in candidate.replaced.values() for c in ids}
        assert candidate.replaced, "the validated alert replaced a question"
    challenges = [pack.challenges[c] for c in seen]
    assert {c.type for c in challenges} & {ChallengeType.QROC, ChallengeType.QROCM_IND, ChallengeType.QROCM_DEP}
    answers = {text for c in challenges for text in free_texts(c) if len(text) >= 4}
    answers |= {text for text in sent if len(text) >= 4}
    # ...and, from the whole pack, every instruction and every proposal text that could not be a
    # word of the interface itself
    questions = {c.instruction for c in pack.challenges.values()}
    proposals = {p.text for c in pack.challenges.values() for p in c.proposals if len(p.text) >= 12}
    labels = {f.label for c in pack.challenges.values() for f in c.fields if len(f.label) >= 12}
    assert answers and questions and proposals

    for payload in payloads:
        for key, text in walk(payload):
            if key == "<key>":
                assert text not in SECRET_KEYS, f"key {text!r} in {payload}"
                continue
            if is_id(key):
                continue
            for answer in answers:
                assert answer not in text, f"answer {answer!r} leaked in {key}={text!r}"
            for question in questions | proposals | labels:
                assert question not in text, f"question text leaked in {key}={text!r}"

    # no secret of any kind: tokens (and their digests), the passwords
    blob = json.dumps(payloads, ensure_ascii=False)
    secrets = [inv.token, inv2.token, app.demo["invigilator_password"], app.demo["admin_password"]]
    secrets += [pupil.token for pupil in pupils_]
    secrets += [hashlib.sha256(s.encode()).hexdigest() for s in (inv.token, inv2.token)]
    secrets += [hashlib.sha256(pupil.token.encode()).hexdigest() for pupil in pupils_]
    for secret in secrets:
        assert secret and secret not in blob
    assert app.demo["invigilator_password"][2:] not in blob  # the password without its "C-"
