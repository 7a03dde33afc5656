"""Time and the end of the test (REFERENCE.md, Joining and the test, 11; docs/live-dashboard.md,
Actions): the invigilator adds time (to one candidate or to everyone sitting), ends a test
(irreversible, what is left counts as skipped) and ticks the end screens."""

from __future__ import annotations

import pytest
from corekit import Room, refused, room_of

from roomserver.core import commands, snapshot
from roomserver.core.incidents import ADDED_MINUTES_MAX, REASON_MAX
from roomserver.core.invigilation import (
    add_time,
    close_session,
    end_test,
    mark_end_screen_seen,
)
from roomserver.core.states import AttemptStatus, SessionStatus
from roomserver.core.views import candidate_view, time_left, time_used


def add(room: Room, who, minutes=10, reason="Panne de courant", addition_id="add-1", by="s1"):
    return room.invigilate(add_time, who, minutes, reason, by, addition_id)


def assert_refold_equal(room: Room) -> None:
    assert snapshot.to_dict(room.refold()) == snapshot.to_dict(room.state)


def left(room: Room, cid: str) -> int:
    return time_left(room.state, room.candidate(cid), room.now)


# -- added time ----------------------------------------------------------------------------------------

def test_added_time_to_one_candidate_adds_exactly_the_minutes():
    room = room_of("in_test", "in_test")
    room.tick(600)
    before, other = left(room, "c1"), left(room, "c2")
    assert add(room, ["c1"], minutes=7, reason="  Écran figé  ", by="s2") == [
        ("time_added", {"addition_id": "add-1", "candidate_ids": ["c1"], "seconds": 420, "reason": "Écran figé",
                        "everyone": False, "by": "s2"})]
    assert left(room, "c1") == before + 420 and left(room, "c2") == other
    assert room.candidate("c1").added_s == 420 and room.candidate("c2").added_s == 0
    assert_refold_equal(room)


def test_added_time_raises_allowed_time_in_the_candidates_view():
    room = room_of("in_test")
    view = candidate_view(room.state, room.candidate("c1"), None, room.catalogue, room.now)
    add(room, ["c1"], minutes=15)
    after = candidate_view(room.state, room.candidate("c1"), None, room.catalogue, room.now)
    assert after["allowed_s"] == view["allowed_s"] + 900 and after["added_s"] == 900
    assert after["time_left_s"] == view["time_left_s"] + 900
    assert after["version"] > view["version"]


def test_added_times_add_up():
    room = room_of("in_test")
    add(room, ["c1"], minutes=5, addition_id="a")
    add(room, ["c1"], minutes=120, addition_id="b")
    assert room.candidate("c1").added_s == 125 * 60


def test_added_time_is_recorded_with_who_why_and_when():
    room = room_of("in_test", "present")
    room.tick(90)
    add(room, ["c1"], minutes=3, reason="Incident réseau", addition_id="x1", by="s2")
    add(room, None, minutes=4, reason="Alarme incendie", addition_id="x2", by="s1")
    assert room.state.time_additions == [
        {"addition_id": "x1", "candidate_ids": ["c1"], "seconds": 180, "reason": "Incident réseau",
         "everyone": False, "by": "s2", "at": room.now},
        {"addition_id": "x2", "candidate_ids": ["c1", "c2"], "seconds": 240, "reason": "Alarme incendie",
         "everyone": True, "by": "s1", "at": room.now}]


def test_added_time_to_everyone_goes_to_those_present_or_in_test_only():
    room = room_of("enrolled", "present", "in_test", "ended", "ended_by_invigilator")
    [(_, data)] = add(room, None, minutes=10)
    assert data["candidate_ids"] == ["c2", "c3"] and data["everyone"] is True
    assert [room.candidate(f"c{i}").added_s for i in range(1, 6)] == [0, 600, 600, 0, 0]
    assert_refold_equal(room)


def test_added_time_to_everyone_is_refused_when_nobody_is_sitting():
    room = room_of("enrolled", "ended", "ended_by_invigilator")
    refused(room.refuse(add_time, None, 10, "Pause", "s1", "a"), 409, "nobody_sitting")


@pytest.mark.parametrize("minutes", [1, 60, ADDED_MINUTES_MAX])
def test_added_minutes_from_1_to_120_are_accepted(minutes):
    room = room_of("in_test")
    add(room, ["c1"], minutes=minutes)
    assert room.candidate("c1").added_s == minutes * 60


@pytest.mark.parametrize("minutes", [0, -5, ADDED_MINUTES_MAX + 1, True, False, 1.5, 10.0, "10", None])
def test_added_minutes_must_be_a_whole_number_from_1_to_120(minutes):
    room = room_of("in_test")
    refusal = refused(room.refuse(add_time, ["c1"], minutes, "Motif", "s1", "a"), 422, "minutes_invalid")
    assert "120" in refusal.message
    refused(room.refuse(add_time, None, minutes, "Motif", "s1", "a"), 422, "minutes_invalid")


@pytest.mark.parametrize("reason", ["", "   ", "\n\t", None])
def test_added_time_needs_a_reason(reason):
    room = room_of("in_test")
    refused(room.refuse(add_time, ["c1"], 5, reason, "s1", "a"), 422, "text_required")


def test_the_reason_is_at_most_300_characters_once_trimmed():
    room = room_of("in_test")
    refused(room.refuse(add_time, ["c1"], 5, "x" * (REASON_MAX + 1), "s1", "a"), 422, "text_too_long")
    add(room, ["c1"], minutes=5, reason=f"  {'x' * REASON_MAX}  ")
    assert room.state.time_additions[0]["reason"] == "x" * REASON_MAX


@pytest.mark.parametrize("status", ["ended", "ended_by_invigilator"])
def test_no_time_is_added_once_the_test_is_over(status):
    room = room_of(status)
    refusal = refused(room.refuse(add_time, ["c1"], 5, "Motif", "s1", "a"), 409, "test_finished")
    assert "Élodie Martin" in refusal.message


def test_added_time_to_an_unknown_candidate_is_not_found():
    room = room_of("in_test")
    refused(room.refuse(add_time, ["ghost"], 5, "Motif", "s1", "a"), 404, "candidate_not_found")


def test_the_same_addition_sent_twice_adds_once():
    room = room_of("in_test")
    add(room, ["c1"], minutes=10, addition_id="req-1")
    assert add(room, ["c1"], minutes=10, addition_id="req-1") == []
    assert room.candidate("c1").added_s == 600 and len(room.state.time_additions) == 1


def test_a_request_id_reused_for_other_candidates_is_refused():
    room = room_of("in_test", "in_test")
    add(room, ["c1"], minutes=10, addition_id="req-1")
    refused(room.refuse(add_time, ["c2"], 10, "Motif", "s1", "req-1"), 409, "request_id_reused")
    refused(room.refuse(add_time, None, 10, "Motif", "s1", "req-1"), 409, "request_id_reused")
    assert room.candidate("c2").added_s == 0 and len(room.state.time_additions) == 1


def test_no_time_is_added_after_the_close():
    room = room_of("present", "ended")
    room.invigilate(close_session, "s1")
    refused(room.refuse(add_time, ["c1"], 5, "Motif", "s1", "a"), 409, "session_closed")
    refused(room.refuse(add_time, None, 5, "Motif", "s1", "a"), 409, "session_closed")


# -- ending a test --------------------------------------------------------------------------------------

def test_ending_a_test_skips_the_questions_left():
    room = room_of("in_test")
    room.answer("c1", right=True)
    room.answer("c1", right=False)
    room.tick(60)
    assert room.invigilate(end_test, "c1", "s2") == [
        ("test_ended_by_invigilator", {"candidate_id": "c1", "skipped_indexes": [2, 3, 4], "by": "s2"})]
    c1 = room.candidate("c1")
    assert c1.status is AttemptStatus.ENDED_BY_INVIGILATOR
    assert c1.skipped_by_end == [2, 3, 4] and c1.ended_at == room.now
    assert c1.answered == 2 and c1.current_index is None
    assert_refold_equal(room)


def test_ending_a_test_before_any_answer_skips_every_question():
    room = room_of("in_test")
    room.invigilate(end_test, "c1", "s1")
    assert room.candidate("c1").skipped_by_end == [0, 1, 2, 3, 4]


def test_the_clock_stops_when_the_invigilator_ends_the_test():
    room = room_of("in_test")
    room.tick(1200)
    room.invigilate(end_test, "c1", "s1")
    used, remaining = time_used(room.state, room.candidate("c1"), room.now), left(room, "c1")
    assert used == 1200
    room.tick(3600)
    assert time_used(room.state, room.candidate("c1"), room.now) == used
    assert left(room, "c1") == remaining


def test_the_clock_stops_when_the_candidate_answers_the_last_question():
    room = room_of("in_test")
    room.tick(300)
    room.finish("c1")
    room.tick(900)
    assert time_used(room.state, room.candidate("c1"), room.now) == 300


def test_no_answer_is_recorded_after_the_invigilator_ended_the_test():
    room = room_of("in_test")
    current = room.current("c1")
    room.invigilate(end_test, "c1", "s1")
    refused(room.refuse(commands.record_answer, "c1", "late", current.id, "b", False, room.catalogue, room.now),
            409, "test_finished")
    assert commands.start_test(room.state, "c1", "KMPT47", room.catalogue) == []  # the code does not restart it


def test_ending_a_test_twice_is_a_no_op():
    room = room_of("in_test")
    room.invigilate(end_test, "c1", "s1")
    assert room.invigilate(end_test, "c1", "s2") == []


def test_a_test_the_candidate_finished_cannot_be_ended():
    room = room_of("ended")
    refused(room.refuse(end_test, "c1", "s1"), 409, "test_finished")


@pytest.mark.parametrize("status", ["present", "enrolled"])
def test_a_test_not_started_cannot_be_ended(status):
    room = room_of("in_test", status)
    refusal = refused(room.refuse(end_test, "c2", "s1"), 409, "test_not_started")
    assert "Inès N'Diaye" in refusal.message


def test_ending_the_test_of_an_unknown_candidate_is_not_found():
    refused(room_of("in_test").refuse(end_test, "ghost", "s1"), 404, "candidate_not_found")


def test_no_test_is_ended_after_the_close():
    room = room_of("in_test")
    room.state.status = SessionStatus.CLOSED  # a close leaves nobody in test; force one to check the rule
    refused(room.refuse(end_test, "c1", "s1"), 409, "session_closed")


def test_a_test_ended_before_the_close_stays_a_no_op_after_it():
    room = room_of("ended_by_invigilator")
    room.invigilate(close_session, "s1")
    assert room.invigilate(end_test, "c1", "s1") == []


# -- end screens seen -------------------------------------------------------------------------------------

@pytest.mark.parametrize("status", ["ended", "ended_by_invigilator"])
def test_the_end_screen_of_an_ended_test_can_be_ticked(status):
    room = room_of(status)
    assert room.invigilate(mark_end_screen_seen, "c1", "s2") == [
        ("end_screen_seen", {"candidate_ids": ["c1"], "by": "s2"})]
    assert room.candidate("c1").end_screen_seen
    assert_refold_equal(room)


def test_ticking_an_end_screen_twice_is_a_no_op():
    room = room_of("ended")
    room.invigilate(mark_end_screen_seen, "c1", "s1")
    assert room.invigilate(mark_end_screen_seen, "c1", "s1") == []


@pytest.mark.parametrize("status", ["enrolled", "present", "in_test"])
def test_no_end_screen_before_the_test_is_over(status):
    room = room_of("ended", status)
    refused(room.refuse(mark_end_screen_seen, "c2", "s1"), 409, "test_not_finished")


def test_ticking_the_end_screen_of_an_unknown_candidate_is_not_found():
    refused(room_of("ended").refuse(mark_end_screen_seen, "ghost", "s1"), 404, "candidate_not_found")


def test_all_end_screens_ticks_exactly_the_ended_tests_not_yet_ticked():
    room = room_of("enrolled", "present", "in_test", "ended", "ended_by_invigilator", "ended")
    room.invigilate(mark_end_screen_seen, "c6", "s1")
    assert room.invigilate(mark_end_screen_seen, None, "s2") == [
        ("end_screen_seen", {"candidate_ids": ["c4", "c5"], "by": "s2"})]
    assert [room.candidate(f"c{i}").end_screen_seen for i in range(1, 7)] == [False, False, False, True, True, True]
    assert room.invigilate(mark_end_screen_seen, None, "s2") == []  # nothing left to tick


def test_all_end_screens_with_no_ended_test_records_nothing():
    assert room_of("in_test", "present").invigilate(mark_end_screen_seen, None, "s1") == []


def test_end_screens_can_be_ticked_after_the_close():
    room = room_of("ended", "ended_by_invigilator")
    room.invigilate(close_session, "s1")
    room.invigilate(mark_end_screen_seen, "c1", "s1")
    room.invigilate(mark_end_screen_seen, None, "s1")
    assert room.candidate("c1").end_screen_seen and room.candidate("c2").end_screen_seen


@pytest.mark.parametrize("sealed", [SessionStatus.FINALISED, SessionStatus.SYNCED])
def test_no_end_screen_is_ticked_once_finalised(sealed):
    room = room_of("ended", "ended")
    room.invigilate(mark_end_screen_seen, "c2", "s1")
    room.invigilate(close_session, "s1")
    room.state.status = sealed
    refused(room.refuse(mark_end_screen_seen, "c1", "s1"), 409, "session_finalised")
    refused(room.refuse(mark_end_screen_seen, None, "s1"), 409, "session_finalised")
    refused(room.refuse(mark_end_screen_seen, "c2", "s1"), 409, "session_finalised")


def test_the_candidate_sees_that_the_end_screen_was_ticked():
    room = room_of("ended")
    before = candidate_view(room.state, room.candidate("c1"), None, room.catalogue, room.now)
    room.invigilate(mark_end_screen_seen, "c1", "s1")
    after = candidate_view(room.state, room.candidate("c1"), None, room.catalogue, room.now)
    assert (before["end_screen_seen"], after["end_screen_seen"]) == (False, True)
    assert after["version"] > before["version"]


def test_time_cannot_be_added_to_a_candidate_whose_presence_is_not_confirmed():
    room = room_of("in_test", "enrolled")
    refusal = refused(room.refuse(add_time, ["c2"], 10, "panne", "s1", "a-absent"), 409, "not_present")
    assert "présence" in refusal.message
