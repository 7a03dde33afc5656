"""The adaptive certification in a session, through the core's commands and the fold: the first
question at the start, the next one chosen with each answer and journaled with its a and b,
the same question after a reload, alerts, the end after 32 answers or when nothing is left,
and the candidate's payloads (never a calibration)."""

from __future__ import annotations

import json

import pytest
from adaptive_roomkit import adaptive_catalogue, adaptive_room, started
from corekit import refused

from roomserver.core import adaptive_flow, commands, invigilation, snapshot, views
from roomserver.core.adaptive import Asked, next_question
from roomserver.core.refusal import Refusal
from roomserver.core.states import AttemptStatus

CALIBRATION_KEYS = {"a", "b", "tube", "tube_id", "calibration", "discriminant", "difficulty", "accessible"}


def types(events) -> list[str]:
    return [t for t, _ in events]


def view(room, cid="c1"):
    return views.candidate_view(room.state, room.candidate(cid), f"tok-{cid}", room.catalogue, room.now)


def keys_of(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


def assert_refold_equal(room) -> None:
    assert snapshot.to_dict(room.refold()) == snapshot.to_dict(room.state)


@pytest.fixture
def room():
    return adaptive_room()


# -- the start --------------------------------------------------------------------------------------

def test_the_start_assigns_the_first_question_from_next_question_with_the_session_seed(room):
    room.ready("c1", "Élodie", "Martin")
    room.start_session()
    events = room.start_test("c1")
    assert types(events) == ["test_started", "question_asked", "question_shown"]
    started_data, asked = events[0][1], events[1][1]
    assert started_data["planned"] == 32 and started_data["challenge_ids"] == [] and started_data["version"] == "v-test"
    version = room.catalogue.certification_versions["v-test"]
    expected = next_question(version, room.catalogue.bank, [], rng_seed="sess-a:c1:0")
    assert (asked["challenge_id"], asked["a"], asked["b"]) == tuple(expected)
    assert asked == {"candidate_id": "c1", "index": 0, "challenge_id": expected.challenge_id, "a": expected.a,
                     "b": expected.b, "version": "v-test"}
    candidate = room.candidate("c1")
    assert candidate.status is AttemptStatus.IN_TEST and candidate.total == 32 and candidate.answered == 0
    assert candidate.current_challenge_id == expected.challenge_id
    assert candidate.calibration == {expected.challenge_id: [expected.a, expected.b]}
    assert room.start_test("c1") == []  # the code typed again changes nothing
    assert_refold_equal(room)


def test_the_seed_depends_on_the_session_and_the_candidate_only():
    firsts = []
    for _ in range(2):
        room = adaptive_room()
        started(room)
        for _ in range(5):
            room.answer("c1", right=True)
        firsts.append(list(room.candidate("c1").challenge_ids))
    assert firsts[0] == firsts[1] and len(firsts[0]) == 6


def test_a_session_without_a_recorded_version_refuses_to_start():
    room = adaptive_room()
    room.state.certification = None
    room.ready("c1", "Élodie", "Martin")
    room.start_session()
    refused(room.refuse(commands.start_test, "c1", "KMPT47", room.catalogue), 409, "certification_missing")


def test_content_without_calibration_refuses_to_start(room):
    room.ready("c1", "Élodie", "Martin")
    room.start_session()
    room.catalogue.bank = None
    refused(room.refuse(commands.start_test, "c1", "KMPT47", room.catalogue), 409, "no_calibration")


# -- answers and the next question ----------------------------------------------------------------------

def test_each_answer_brings_the_next_question_in_the_same_write_with_its_a_and_b(room):
    started(room)
    version = room.catalogue.certification_versions["v-test"]
    for n in range(1, 6):
        before = room.candidate("c1").current_challenge_id
        events = room.answer("c1", right=n % 2 == 0)
        assert types(events) == ["answer_recorded", "question_asked"]
        asked = events[1][1]
        assert asked["index"] == n and asked["challenge_id"] != before and asked["version"] == "v-test"
        item = room.catalogue.bank.by_id[asked["challenge_id"]]
        assert (asked["a"], asked["b"]) == (item.a, item.b)
        history, assigned = adaptive_flow.history(room.candidate("c1"))
        assert assigned.challenge_id == asked["challenge_id"] and len(history) == n
        # the same choice as the pure algorithm's, for the same history and seed
        expected = next_question(version, room.catalogue.bank, history, rng_seed=f"sess-a:c1:{n}")
        assert expected.challenge_id == asked["challenge_id"]
    assert [a.success for a in adaptive_flow.history(room.candidate("c1"))[0]] == [False, True, False, True, False]
    assert_refold_equal(room)


def test_a_skip_a_wrong_answer_count_as_failures_and_the_estimate_follows_the_answers(room):
    started(room)
    room.answer("c1", skip=True)
    room.answer("c1", right=False)
    room.answer("c1", right=True)
    history, _ = adaptive_flow.history(room.candidate("c1"))
    assert [q.success for q in history] == [False, False, True]


def test_a_reload_serves_the_same_question_and_the_page_is_never_sent_the_next_one(room):
    started(room)
    room.answer("c1", right=True)
    first = view(room)
    room.show("c1")
    again = view(room)
    refolded = views.candidate_view(room.refold(), room.refold().candidates["c1"], "tok-c1", room.catalogue, room.now)
    assert first["question"] == again["question"] == refolded["question"]
    assert first["question"]["index"] == 2 and (first["answered"], first["total"]) == (1, 32)
    assert first["next_offered"] is False and first["next_question"] is None and first["algorithm"] == "adaptive"
    # the algorithm itself serves the assigned question again, as recorded
    history, assigned = adaptive_flow.history(room.candidate("c1"))
    version = adaptive_flow.version_of(room.state)
    assert next_question(version, room.catalogue.bank, history, assigned, rng_seed="another seed") == \
        (assigned.challenge_id, assigned.a, assigned.b)


def test_an_answer_for_another_question_is_refused_and_a_repeated_answer_records_nothing(room):
    started(room)
    current = room.candidate("c1").current_challenge_id
    room.answer("c1", right=True, answer_id="ans-x")
    assert room.run(commands.record_answer, "c1", "ans-x", current, None, True, room.catalogue, room.now) == []
    refused(room.refuse(commands.record_answer, "c1", "ans-y", current, None, True, room.catalogue, room.now),
            409, "not_current_challenge")


def test_no_candidate_payload_carries_a_calibration_a_tube_or_the_version(room):
    started(room)
    for n in range(32):
        payload = view(room)
        assert not keys_of(payload) & CALIBRATION_KEYS, keys_of(payload) & CALIBRATION_KEYS
        text = json.dumps(payload)
        assert "T0" not in text and "v-test" not in text and "start_capacity" not in text
        room.answer("c1", right=n % 3 != 0)
    assert view(room)["question"] is None


# -- the end ----------------------------------------------------------------------------------------------

def test_the_test_ends_after_32_answers(room):
    started(room)
    for n in range(31):
        assert types(room.answer("c1", right=n % 2 == 0))[-1] == "question_asked"
        assert view(room)["question"]["index"] == n + 2
    events = room.answer("c1", right=True)
    assert types(events) == ["answer_recorded", "test_completed"]
    assert events[1][1] == {"candidate_id": "c1", "reason": "completed"}
    candidate = room.candidate("c1")
    assert candidate.status is AttemptStatus.ENDED and candidate.end_reason == "completed"
    assert (candidate.answered, candidate.total, len(candidate.challenge_ids)) == (32, 32, 32)
    assert len({room.catalogue.bank.by_id[c].tube_id for c in candidate.challenge_ids}) == 32  # one per tube
    assert candidate.current_index is None and view(room)["status"] == "ended"
    refused(room.refuse(commands.record_answer, "c1", "late", candidate.challenge_ids[-1], None, True,
                        room.catalogue, room.now), 409, "test_finished")
    assert_refold_equal(room)


def test_the_test_ends_early_when_the_bank_has_nothing_left_to_ask():
    room = adaptive_room(tubes_per_competence=1)  # 16 tubes: one question each, then nothing
    started(room)
    for _ in range(15):
        room.answer("c1", right=True)
    events = room.answer("c1", right=True)
    assert events[-1] == ("test_completed", {"candidate_id": "c1", "reason": "technical_end"})
    candidate = room.candidate("c1")
    assert candidate.status is AttemptStatus.ENDED and candidate.answered == 16 and candidate.total == 32
    result = adaptive_flow.result(room.state, candidate, room.catalogue, None)
    assert (result.status, result.reasons, result.abort_reason) == ("cancelled", ("too_few_answers",), "technical")


def test_a_candidate_needing_accessibility_only_gets_accessible_challenges():
    room = adaptive_room(accessible_every=3)
    room.enrol("c1", "Élodie", "Martin", details={"accessibility": True})
    room.join("Élodie", "Martin", token="tok-c1")
    room.run(commands.confirm_presence, "c1")
    room.ready("c2", "Inès", "Dupont", birthdate="2010-01-02")
    room.start_session()
    room.start_test("c1")
    room.start_test("c2")
    accessible = {room.catalogue.bank.items[i].challenge_id for i in room.catalogue.bank.accessible}
    for _ in range(20):
        room.answer("c1", right=True)
        room.answer("c2", right=True)
    assert set(room.candidate("c1").challenge_ids) <= accessible
    assert not set(room.candidate("c2").challenge_ids) <= accessible


# -- live alerts ----------------------------------------------------------------------------------------------

def test_a_validated_alert_replaces_the_question_and_excludes_its_skill(room):
    started(room)
    for _ in range(3):
        room.answer("c1", right=True)
    alerted = room.candidate("c1").current_challenge_id
    skill = room.catalogue.challenges[alerted].skill_id
    room.report("c1", "al-1")
    events = room.invigilate(invigilation.validate_alert, "c1", "al-1", "E1", room.catalogue, "s1", "inc-1")
    [(kind, data)] = events
    replacement = data["replacement"]
    assert kind == "alert_validated" and replacement not in (None, alerted)
    item = room.catalogue.bank.by_id[replacement]
    assert (data["a"], data["b"], data["version"]) == (item.a, item.b, "v-test")
    candidate = room.candidate("c1")
    assert candidate.current_challenge_id == replacement and candidate.current_index == 3
    assert candidate.replaced == {3: [alerted]} and candidate.total == 32
    assert view(room)["alert"] == {"question_number": 4, "status": "validated", "replaced": True}
    assert view(room)["question"]["challenge_id"] == replacement
    while room.candidate("c1").current_index is not None:
        room.answer("c1", right=False)
    candidate = room.candidate("c1")
    asked_skills = [room.catalogue.challenges[c].skill_id for c in candidate.challenge_ids]
    assert skill not in asked_skills and candidate.answered == 32 and candidate.end_reason == "completed"
    history, _ = adaptive_flow.history(candidate)
    assert [q.challenge_id for q in history if q.alert_validated] == [alerted]
    result = adaptive_flow.result(room.state, candidate, room.catalogue, None)
    assert (result.answers_counted, result.alerts_validated) == (32, 1)
    assert_refold_equal(room)


def test_an_alert_validated_after_the_answer_removes_it_and_adds_a_question(room):
    started(room)
    room.answer("c1", right=True)
    room.report("c1", "al-1")
    alerted = room.candidate("c1").current_challenge_id
    room.answer("c1", right=True)  # answered before the invigilator decides
    events = room.invigilate(invigilation.validate_alert, "c1", "al-1", "E3", room.catalogue, "s1", "inc-1")
    assert events[0][1]["extends"] is True and events[0][1]["replacement"] is None
    candidate = room.candidate("c1")
    assert candidate.total == 33 and view(room)["total"] == 33
    while room.candidate("c1").current_index is not None:
        room.answer("c1", right=True)
    candidate = room.candidate("c1")
    assert candidate.answered == 33 and candidate.end_reason == "completed"
    history, _ = adaptive_flow.history(candidate)
    assert [q.challenge_id for q in history if q.alert_validated] == [alerted]
    assert room.catalogue.challenges[alerted].skill_id not in {
        room.catalogue.challenges[c].skill_id for c in candidate.challenge_ids[2:]}
    assert adaptive_flow.result(room.state, candidate, room.catalogue, None).answers_counted == 32


def test_an_alert_validated_when_nothing_is_left_ends_the_test_for_a_technical_reason():
    room = adaptive_room(tubes_per_competence=1, levels=range(1, 2))  # 16 tubes of one skill each
    started(room)
    for _ in range(15):
        room.answer("c1", right=True)
    room.report("c1", "al-1")
    events = room.invigilate(invigilation.validate_alert, "c1", "al-1", "E9", room.catalogue, "s1", "inc-1")
    assert types(events) == ["alert_validated", "test_completed"]
    assert events[1][1]["reason"] == "technical_end" and events[0][1]["replacement"] is None
    assert room.candidate("c1").status is AttemptStatus.ENDED


def test_a_dismissed_alert_changes_nothing(room):
    started(room)
    current = room.candidate("c1").current_challenge_id
    room.report("c1", "al-1")
    room.invigilate(invigilation.dismiss_alert, "c1", "al-1", "s1")
    assert room.candidate("c1").current_challenge_id == current and room.candidate("c1").total == 32


# -- entry -------------------------------------------------------------------------------------------------------

def test_a_pupil_not_confirmed_present_is_refused_entry_once_the_session_started(room):
    room.enrol("c1", "Élodie", "Martin")
    room.join("Élodie", "Martin")
    refused(room.refuse(commands.start_test, "c1", "KMPT47", room.catalogue), 403, "presence_not_confirmed")
    room.ready("c2", "Inès", "Dupont", birthdate="2010-01-02")
    room.start_session()
    refusal = refused(room.refuse(commands.start_test, "c1", "KMPT47", room.catalogue), 403, "entry_closed")
    assert refusal.message == ("L'entrée est fermée\u00a0: la session a commencé sans que votre présence soit "
                               "confirmée. Allez voir le surveillant.")


def test_refusal_is_a_refusal():
    assert issubclass(Refusal, Exception)


# -- a write torn between an answer and its next question -------------------------------------------

def test_a_question_lost_in_a_torn_write_is_chosen_again_identically_at_the_next_start(room):
    """A power cut may keep the answer's line and lose the question chosen with it (or keep the
    start and lose the first question): the next start owes exactly that question."""
    started(room)
    for right in (True, False, True):
        room.answer("c1", right=right)
    lost = room.events[-1]
    assert lost.type == "question_asked"
    del room.events[-1]  # the journal as the crash left it
    room.state = room.refold()
    assert room.candidate("c1").answered == 3 and view(room).get("question") is None
    owed = adaptive_flow.questions_owed(room.state, room.catalogue)
    assert owed == [("question_asked", lost.data)]
    room.record(owed)
    assert room.candidate("c1").current_challenge_id == lost.data["challenge_id"]
    assert adaptive_flow.questions_owed(room.state, room.catalogue) == []  # nothing owed twice

    fresh = adaptive_room()
    fresh.ready("c1", "Élodie", "Martin")
    fresh.start_session()
    fresh.start_test("c1")
    first = next(e for e in fresh.events if e.type == "question_asked")
    fresh.events = [e for e in fresh.events if e.seq < first.seq]  # torn right after test_started
    fresh.state = fresh.refold()
    assert adaptive_flow.questions_owed(fresh.state, fresh.catalogue) == [("question_asked", first.data)]
