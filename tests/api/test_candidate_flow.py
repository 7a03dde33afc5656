"""The whole candidate flow through the HTTP API, with the invigilator minimum."""

from __future__ import annotations

import uuid

from roomserver.core.matching import right_answer, wrong_answer
from conftest import CandidateActor  # at collection: tests/security has a conftest of its own

FORBIDDEN_KEYS = {"solution", "solutions", "accepted", "groups", "choices", "tolerances", "correct", "outcome"}


def walk_keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from walk_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_keys(item)


def pack_of(app):
    return app.extensions["roomserver"].pack


def test_full_flow_from_join_to_end(app, client, invigilator, candidates):
    candidate = candidates[0]
    joined = candidate.join()
    assert joined.status_code == 200
    body = joined.get_json()
    assert set(body) == {"token", "candidate_id", "status"} and body["status"] == "enrolled"
    assert candidate.start().status_code == 403  # presence not confirmed yet
    assert candidate.start().get_json()["error"]["code"] == "presence_not_confirmed"

    assert invigilator.confirm_presence(body["candidate_id"]).status_code == 200
    assert candidate.state().get_json()["status"] == "present"
    waiting = candidate.start()
    assert waiting.status_code == 403 and waiting.get_json()["error"]["code"] == "session_not_started"

    started = invigilator.start_session()
    assert started.status_code == 200 and started.get_json()["access_code"] == app.demo["access_code"]
    assert candidate.start(code="BCDF22").status_code == 422
    assert candidate.start(code=app.demo["access_code"].lower()).status_code == 200

    state = candidate.state().get_json()
    total = state["total"]
    assert state["status"] == "in_test" and 1 <= total <= 48 and state["answered"] == 0
    assert state["time_left_s"] > 6000
    seen_ids = []
    pack = pack_of(app)
    for n in range(1, total + 1):
        state = candidate.state().get_json()
        question = state["question"]
        assert question["index"] == n and state["answered"] == n - 1
        assert not FORBIDDEN_KEYS & set(walk_keys(state)), "a solution leaked to the candidate"
        challenge = pack.challenges[question["challenge_id"]]
        if n % 3 == 0:
            response = candidate.answer(challenge.id, skip=True)
        elif n % 3 == 1:
            response = candidate.answer(challenge.id, right_answer(challenge))
        else:
            response = candidate.answer(challenge.id, wrong_answer(challenge))
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["answered"] == n
        seen_ids.append(challenge.id)
    final = candidate.state().get_json()
    assert final["status"] == "ended" and final["question"] is None and final["answered"] == total
    assert len(set(seen_ids)) == total

    handle = app.extensions["roomserver"].store.by_number(app.demo["session_number"])
    answers = handle.state.candidates[body["candidate_id"]].answers
    outcomes = [a.outcome for a in answers]
    assert outcomes[0] == "ok" and (total < 2 or outcomes[1] == "ko") and (total < 3 or outcomes[2] == "skipped")
    late = candidate.answer(seen_ids[-1], right_answer(pack.challenges[seen_ids[-1]]))
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "test_finished"


def test_same_answer_id_twice_records_once(app, started):
    candidate = started[0]
    question = candidate.state().get_json()["question"]
    challenge = pack_of(app).challenges[question["challenge_id"]]
    answer_id = str(uuid.uuid4())
    first = candidate.answer(challenge.id, right_answer(challenge), answer_id=answer_id)
    again = candidate.answer(challenge.id, right_answer(challenge), answer_id=answer_id)
    assert first.status_code == again.status_code == 200
    assert first.get_json() == again.get_json()
    handle = app.extensions["roomserver"].store.by_number(app.demo["session_number"])
    seq = handle.state.seq
    assert candidate.answer(challenge.id, right_answer(challenge), answer_id=answer_id).get_json()["answered"] == 1
    assert handle.state.seq == seq  # nothing new in the journal


def test_answer_to_another_question_is_refused_with_409(app, started):
    candidate = started[0]
    current = candidate.state().get_json()["question"]["challenge_id"]
    other = next(c for c in pack_of(app).challenges if c != current)
    response = candidate.answer(other, "a")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "not_current_challenge"
    assert candidate.state().get_json()["answered"] == 0


def test_reload_lands_on_the_same_question(started):
    candidate = started[0]
    first = candidate.state().get_json()["question"]
    assert candidate.state().get_json()["question"] == first


def test_rejoin_from_a_new_browser_after_start(app, client, invigilator, started):
    candidate = started[0]
    question = candidate.state().get_json()["question"]
    elsewhere = CandidateActor(client, app.demo, candidate.person)
    joined = elsewhere.join()
    assert joined.status_code == 200 and joined.get_json()["status"] == "awaiting_resume"
    assert elsewhere.state().get_json()["question"] is None
    blocked = elsewhere.answer(question["challenge_id"], "a")
    assert blocked.status_code == 403 and blocked.get_json()["error"]["code"] == "resume_not_authorised"
    assert invigilator.authorise_resume(candidate.person["candidate_id"]).status_code == 200
    assert elsewhere.state().get_json()["question"] == question  # same question, new PC
    old = candidate.state()  # the old browser is told the test goes on elsewhere, and shown nothing
    assert old.status_code == 200 and old.get_json()["status"] == "moved" and old.get_json()["question"] is None
    refused = candidate.answer(question["challenge_id"], "a")
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "test_moved"


def test_late_arrival_is_refused_after_start(app, client, invigilator, started, candidates):
    latecomer = candidates[5]
    response = latecomer.join()
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "late_arrival"
    refused = invigilator.confirm_presence(latecomer.person["candidate_id"])
    assert refused.status_code == 409


def test_non_certifiable_candidate_cannot_join(app, client):
    person = next(p for p in app.demo["candidates"] if not p["certifiable"])
    response = CandidateActor(client, app.demo, person).join()
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "not_certifiable"


def test_identity_matches_after_normalisation(app, client, candidates):
    candidate = candidates[2]  # Inès N'Diaye
    response = candidate.join(first_name="  ines ", last_name="n diaye")
    assert response.status_code == 200


def test_invigilator_sees_the_roster_without_answers(app, invigilator, started):
    roster = invigilator.session().get_json()
    assert roster["status"] == "started" and roster["access_code"] == app.demo["access_code"]
    assert len(roster["candidates"]) == len(app.demo["candidates"])
    assert not FORBIDDEN_KEYS & set(walk_keys(roster))


def _answer_until_untimed_is_shown(app, candidate):
    """Answer until reading the state shows an untimed question (the demo pack has few timed)."""
    pack = pack_of(app)
    for _ in range(10):
        question = candidate.state().get_json()["question"]
        challenge = pack.challenges[question["challenge_id"]]
        assert candidate.answer(challenge.id, right_answer(challenge)).status_code == 200
        shown = candidate.state().get_json()["question"]
        if shown["timer_s"] is None:
            return shown
    raise AssertionError("no untimed question in ten")


def test_an_untimed_display_rides_with_the_next_answer(app, started):
    """Decision 0006: the display of an untimed question is not waited for (the journal still
    holds it in memory after GET /state), the next answer carries it in the same fsync, and a
    crash before that loses the display only."""
    from roomserver.store.journal import verify_journal
    from roomserver.store.sessions import SessionStore

    candidate = started[0]
    cid = candidate.person["candidate_id"]
    handle = app.extensions["roomserver"].store.by_number(app.demo["session_number"])
    shown = _answer_until_untimed_is_shown(app, candidate)
    index = shown["index"] - 1
    assert index in handle.state.candidates[cid].shown_at and handle.journal.pending
    on_disk = verify_journal(handle.journal.path)[0]
    assert on_disk == handle.state.seq - 1  # everything but the display

    crashed = SessionStore(app.extensions["roomserver"].settings["data_dir"])  # the process died here
    crashed.load_all()
    after_crash = crashed.by_number(app.demo["session_number"]).state
    assert after_crash.seq == on_disk and index not in after_crash.candidates[cid].shown_at
    assert len(after_crash.candidates[cid].answers) == len(handle.state.candidates[cid].answers)

    fsyncs = handle.journal.fsyncs
    challenge = pack_of(app).challenges[shown["challenge_id"]]
    reply = candidate.answer(challenge.id, right_answer(challenge))
    assert reply.status_code == 200 and handle.journal.fsyncs == fsyncs + 1 and not handle.journal.pending
    assert verify_journal(handle.journal.path)[0] == handle.state.seq


def test_a_timed_display_is_durable_before_the_state_is_answered(tmp_path):
    """The timer counts from the display: GET /state waits for it to be on disk."""
    import json
    import shutil

    from roomserver.app import create_app
    from roomserver.content import DEMO_PACK_DIR
    from roomserver.demo import seed
    from roomserver.store.journal import verify_journal
    from conftest import InvigilatorActor

    data = json.loads((DEMO_PACK_DIR / "pack.json").read_text(encoding="utf-8"))
    for challenge in data["challenges"]:
        challenge["timer_s"] = 60
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "pack.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shutil.copytree(DEMO_PACK_DIR / "attachments", tmp_path / "pack" / "attachments")
    app = create_app({"data_dir": tmp_path / "data", "async_mode": "threading", "live_tick_s": 0,
                      "content_pack": str(tmp_path / "pack")})
    svc = app.extensions["roomserver"]
    app.demo = seed(svc.store, svc.pack)
    try:
        client = app.test_client()
        invigilator = InvigilatorActor(client, app.demo)
        assert invigilator.login().status_code == 200
        candidate = CandidateActor(client, app.demo, next(p for p in app.demo["candidates"] if p["certifiable"]))
        assert candidate.join().status_code == 200
        assert invigilator.confirm_presence(candidate.person["candidate_id"]).status_code == 200
        assert invigilator.start_session().status_code == 200
        assert candidate.start().status_code == 200
        question = candidate.state().get_json()["question"]
        challenge = svc.pack.challenges[question["challenge_id"]]
        handle = svc.store.by_number(app.demo["session_number"])
        cid = candidate.person["candidate_id"]
        fsyncs = handle.journal.fsyncs
        reply = candidate.answer(challenge.id, right_answer(challenge))
        assert reply.status_code == 200
        # The reply's question is timed: its display is written with the answer, in one sync,
        # timed from the answer (a reload later does not restart its timer).
        following = reply.get_json()["state"]["question"]
        found = handle.state.candidates[cid]
        assert following["timer_s"] == 60 and found.shown_at[following["index"] - 1] == found.answers[-1].at
        assert handle.journal.fsyncs == fsyncs + 1
        assert not handle.journal.pending and verify_journal(handle.journal.path)[0] == handle.state.seq
        shown = candidate.state().get_json()["question"]
        assert shown["challenge_id"] == following["challenge_id"] and not handle.journal.pending
    finally:
        svc.store.close()
