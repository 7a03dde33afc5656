"""The candidate API for an offline-first page (docs/offline.md): the next question sent ahead
(classic only, never a solution), its files, the first question timed from the access code, the
page's own clock believed within bounds, the silence of a page given back, the old PC of a
resume told and refused, and the state still readable when the disk refuses to write."""

from __future__ import annotations

import errno
import json
import os
import shutil
import uuid
from pathlib import Path

import pytest
from conftest import CandidateActor, InvigilatorActor

from roomserver.content import DEMO_PACK_DIR
from roomserver.core.commands import CLAIM_TOLERANCE_S
from roomserver.core.matching import right_answer
from roomserver.store import journal as journal_module

SECRETS = {"solution", "solutions", "accepted", "groups", "choices", "tolerances", "correct", "outcome"}


def walk_keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from walk_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_keys(item)


def timed_pack(folder: Path, timer_s: int) -> Path:
    """The demo pack with every challenge timed (``timer_s`` seconds)."""
    data = json.loads((DEMO_PACK_DIR / "pack.json").read_text(encoding="utf-8"))
    for challenge in data["challenges"]:
        challenge["timer_s"] = timer_s
    folder.mkdir(parents=True)
    (folder / "pack.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shutil.copytree(DEMO_PACK_DIR / "attachments", folder / "attachments")
    return folder


def svc_of(app):
    return app.extensions["roomserver"]


def handle_of(app):
    return svc_of(app).store.by_number(app.demo["session_number"])


def beat(actor, body=None):
    kwargs = {"headers": actor._headers()}
    if body is not None:
        kwargs["json"] = body
    return actor.client.post("/api/v1/candidate/heartbeat", **kwargs)


# -- the next question --------------------------------------------------------------------------------

def test_the_state_carries_the_next_question_without_its_solution(app, started):
    pack = svc_of(app).pack
    candidate = started[0]
    state = candidate.state().get_json()
    assert state["algorithm"] == "classic" and state["next_offered"] is True
    following = state["next_question"]
    assert following["index"] == state["question"]["index"] + 1 == 2
    assert following["challenge_id"] == handle_of(app).state.candidates[candidate.person["candidate_id"]].challenge_ids[1]
    assert not SECRETS & set(walk_keys(state))
    assert set(following) <= {"challenge_id", "index", "type", "instruction", "timer_s", "timer_left_s", "focused",
                              "attachments", "illustration", "proposals", "fields"}  # public_question's allow-list
    assert pack.challenges[following["challenge_id"]].instruction == following["instruction"]


def test_the_last_question_has_no_next_and_an_adaptive_session_never_sends_one_ahead(app, started):
    candidate = started[0]
    state = candidate.state().get_json()
    for _ in range(state["total"] - 1):
        assert candidate.answer(candidate.state().get_json()["question"]["challenge_id"], skip=True).status_code == 200
    last = candidate.state().get_json()
    assert last["question"]["index"] == last["total"] and last["next_question"] is None and not last["next_offered"]
    handle_of(app).state.details["algorithm"] = "adaptive"  # what an adaptive session's details will say
    other = started[1].state().get_json()
    assert other["algorithm"] == "adaptive" and other["next_question"] is None and other["next_offered"] is False


def test_the_files_of_the_next_question_may_be_fetched_ahead_but_no_others(app, client, started):
    pack = svc_of(app).pack
    candidate = started[0]
    handle = handle_of(app)
    c = handle.state.candidates[candidate.person["candidate_id"]]
    with_file = next(cid for cid, ch in pack.challenges.items() if ch.attachments and cid not in c.challenge_ids)
    c.challenge_ids[1] = with_file  # the next question has a file
    name = pack.challenges[with_file].attachments[0].name
    url = f"/api/v1/candidate/attachments/{with_file}/{name}"
    with client.get(url, headers=candidate._headers()) as response:
        assert response.status_code == 200 and response.data
    c.challenge_ids[1], c.challenge_ids[2] = c.challenge_ids[2], with_file  # two questions ahead: refused
    assert client.get(url, headers=candidate._headers()).status_code == 403
    handle.state.details["algorithm"] = "adaptive"
    c.challenge_ids[1], c.challenge_ids[2] = with_file, c.challenge_ids[1]
    assert client.get(url, headers=candidate._headers()).status_code == 403  # adaptive: nothing ahead


# -- timed questions -----------------------------------------------------------------------------------

@pytest.fixture
def timed_app(tmp_path):
    from roomserver.app import create_app
    from roomserver.demo import seed

    app = create_app({"data_dir": tmp_path / "data", "async_mode": "threading", "live_tick_s": 0,
                      "content_pack": str(timed_pack(tmp_path / "pack", 30))})
    svc = app.extensions["roomserver"]
    app.demo = seed(svc.store, svc.pack)
    yield app
    svc.store.close()


def in_test(app, person_index: int):
    client = app.test_client()
    invigilator = InvigilatorActor(client, app.demo)
    invigilator.login()
    person = [p for p in app.demo["candidates"] if p["certifiable"]][person_index]
    actor = CandidateActor(client, app.demo, person)
    assert actor.join().status_code == 200
    invigilator.confirm_presence(person["candidate_id"])
    invigilator.start_session()
    assert actor.start().status_code == 200
    return actor


def outcome_of(app, answer_id: str) -> dict:
    state = handle_of(app).state
    [event] = [e for e in svc_of(app).store.handle(state.id).journal.path.read_text().splitlines()
               if answer_id in e and "answer_recorded" in e]
    return json.loads(event)["data"]


def answer_right(app, actor, question=None, **extra):
    question = question or actor.state().get_json()["question"]
    challenge = svc_of(app).pack.challenges[question["challenge_id"]]
    answer_id = str(uuid.uuid4())
    body = {"answer_id": answer_id, "challenge_id": challenge.id, "value": right_answer(challenge), **extra}
    assert actor.post("/api/v1/candidate/answers", body).status_code == 200
    return outcome_of(app, answer_id)


def test_the_first_question_is_timed_from_the_access_code(timed_app):
    store = svc_of(timed_app).store
    actor = in_test(timed_app, 0)  # no extra time
    start = store.clock()
    store.clock = lambda: start + 45  # the pupil answers 45 s after typing the code (timer: 30 s)
    assert answer_right(timed_app, actor)["outcome"] == "timed-out"


def test_a_candidate_with_extra_time_answers_after_the_timer_and_it_is_ok(timed_app):
    store = svc_of(timed_app).store
    person = next(p for p in timed_app.demo["candidates"] if p["certifiable"] and p["extra_time_pct"])
    index = [p for p in timed_app.demo["candidates"] if p["certifiable"]].index(person)
    actor = in_test(timed_app, index)
    start = store.clock()
    store.clock = lambda: start + 45
    data = answer_right(timed_app, actor)
    assert data["outcome"] == "ok" and data["elapsed_s"] >= 44


def test_the_page_clock_is_believed_within_the_tolerance_only(timed_app):
    store = svc_of(timed_app).store
    actor = in_test(timed_app, 0)
    start = store.clock()
    store.clock = lambda: start + 34  # arrived 34 s after display: the answer waited on the PC
    data = answer_right(timed_app, actor, shown_ms=25_000)
    assert data["outcome"] == "ok" and data["shown_s"] == 25 and data["elapsed_s"] == 25
    question = actor.state().get_json()["question"]  # question 2 shown now
    shown = store.clock()
    store.clock = lambda: shown + 200
    data = answer_right(timed_app, actor, question, shown_ms=5_000)  # 200 s observed: 5 s is not believed
    assert data["outcome"] == "timed-out" and data["elapsed_s"] == pytest.approx(200 - CLAIM_TOLERANCE_S)


# -- the page's silence ----------------------------------------------------------------------------------

def test_a_page_back_after_a_silence_gets_the_time_back_bounded_by_the_server(app, started):
    store = svc_of(app).store
    actor = started[0]
    cid = actor.person["candidate_id"]
    t0 = store.clock()
    store.clock = lambda: t0
    assert beat(actor, {}).status_code == 200
    store.clock = lambda: t0 + 40
    assert beat(actor, {"offline_ms": 35_000}).status_code == 200
    c = handle_of(app).state.candidates[cid]
    assert c.page_gaps == [[pytest.approx(t0 + 5), pytest.approx(t0 + 40), "page_lost"]]
    assert actor.state().get_json()["given_back_s"] == 35
    store.clock = lambda: t0 + 50
    assert beat(actor, {"offline_ms": 600_000}).status_code == 200  # heard 10 s ago: at most 10 s
    assert c.page_gaps[-1][:2] == [pytest.approx(t0 + 40), pytest.approx(t0 + 50)]
    assert beat(actor).status_code == 200  # no body: an ordinary beat
    bad = beat(actor, {"offline_ms": -3})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_request"


# -- a resume on another PC ----------------------------------------------------------------------------------

def test_the_old_pc_is_refused_while_a_resume_is_pending_and_told_once_it_is_authorised(app, client, invigilator,
                                                                                        started):
    old = started[0]
    question = old.state().get_json()["question"]
    spare = CandidateActor(client, app.demo, old.person)
    assert spare.join().status_code == 200
    assert old.state().get_json()["resume_requested"] is True
    refused = old.answer(question["challenge_id"], skip=True)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "resume_pending"
    assert old.post("/api/v1/candidate/focus-lost", {"challenge_id": question["challenge_id"]}).status_code == 409
    assert old.post("/api/v1/candidate/report", {"challenge_id": question["challenge_id"]}).status_code == 409
    assert invigilator.authorise_resume(old.person["candidate_id"]).status_code == 200
    beat_reply = beat(old, {})
    assert beat_reply.status_code == 200 and beat_reply.get_json()["status"] == "moved"
    moved = old.answer(question["challenge_id"], skip=True)
    assert moved.status_code == 409 and moved.get_json()["error"]["code"] == "test_moved"
    assert "autre poste" in moved.get_json()["error"]["message"]
    assert spare.state().get_json()["question"] == question  # the new PC shows the question left


# -- a full disk ----------------------------------------------------------------------------------------------

class FullDisk:
    """The os module as the journal sees it, with a disk that has no space left."""

    def __getattr__(self, name):
        return getattr(os, name)

    def write(self, fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_reading_the_state_needs_no_write_even_on_a_full_disk(app, started, monkeypatch):
    actor = started[0]
    question = actor.state().get_json()["question"]
    assert actor.answer(question["challenge_id"], skip=True).status_code == 200
    monkeypatch.setattr(journal_module, "os", FullDisk())
    state = actor.state()  # question 2 is not recorded as shown (the disk refuses) but is shown
    assert state.status_code == 200 and state.get_json()["question"]["index"] == 2
    answer_id = str(uuid.uuid4())
    challenge_id = state.get_json()["question"]["challenge_id"]
    refused = actor.answer(challenge_id, skip=True, answer_id=answer_id)
    assert refused.status_code == 507 and refused.get_json()["error"]["code"] == "storage_failed"
    assert actor.state().status_code == 200
    monkeypatch.undo()  # space is back: the page sends the same answer again
    again = actor.answer(challenge_id, skip=True, answer_id=answer_id)
    assert again.status_code == 200 and again.get_json()["answered"] == 2
    assert actor.answer(challenge_id, skip=True, answer_id=answer_id).get_json()["answered"] == 2  # not twice
