"""Closing the room (docs/live-dashboard.md, Actions: "nobody still in test"; states.py: CLOSED --
nothing more is answered): only a started session closes, not while a test runs; afterwards
nothing moves the tests any more (the records may still be written, see the other files)."""

from __future__ import annotations

import pytest
from corekit import NAMES, T0, Room, refusal_of, refused, room_of

from roomserver.core import commands, snapshot
from roomserver.core.dashboard import candidate_row
from roomserver.core.invigilation import add_time, close_session, end_test
from roomserver.core.states import AttemptStatus, SessionStatus


def assert_refold_equal(room: Room) -> None:
    assert snapshot.to_dict(room.refold()) == snapshot.to_dict(room.state)


# -- closing the room ----------------------------------------------------------------------------------

def test_closing_once_every_test_is_over():
    room = room_of("ended", "ended_by_invigilator")
    room.tick(5000)
    assert room.invigilate(close_session, "s2") == [("session_closed", {"by": "s2"})]
    assert room.state.status is SessionStatus.CLOSED and room.state.closed_at == T0 + 5000
    assert_refold_equal(room)


def test_closing_with_only_present_or_enrolled_candidates_left():
    room = room_of("present", "enrolled", "ended")
    room.invigilate(close_session, "s1")
    assert room.state.status is SessionStatus.CLOSED
    assert [room.candidate(c).status for c in ("c1", "c2")] == [AttemptStatus.PRESENT, AttemptStatus.ENROLLED]


def test_closing_twice_is_a_no_op():
    room = room_of("ended")
    room.invigilate(close_session, "s1")
    closed_at = room.state.closed_at
    room.tick(60)
    assert room.invigilate(close_session, "s1") == []
    assert room.state.closed_at == closed_at


def test_a_session_not_started_cannot_be_closed():
    room = Room()
    room.ready("c1", "Élodie", "Martin")
    refusal = refused(room.refuse(close_session, "s1"), 409, "illegal_transition")
    assert "«\u00a0en préparation\u00a0»" in refusal.message and "«\u00a0clôturée\u00a0»" in refusal.message


@pytest.mark.parametrize("sealed", [SessionStatus.FINALISED, SessionStatus.SYNCED])
def test_a_finalised_session_cannot_be_closed_again(sealed):
    room = room_of("ended")
    room.state.status = sealed
    refused(room.refuse(close_session, "s1"), 409, "illegal_transition")


def test_closing_is_refused_while_someone_is_in_test_and_names_them():
    room = room_of("ended", "in_test", "present", "in_test")
    refusal = refused(room.refuse(close_session, "s1"), 409, "tests_running")
    assert "2\u00a0candidats" in refusal.message
    assert "Inès N'Diaye" in refusal.message and "Léa Durand" in refusal.message
    assert "Élodie Martin" not in refusal.message and "Noah" not in refusal.message
    assert "…" not in refusal.message


def test_the_refusal_names_at_most_five_candidates_then_an_ellipsis():
    room = room_of(*["in_test"] * 7)
    refusal = refused(room.refuse(close_session, "s1"), 409, "tests_running")
    assert "7\u00a0candidats" in refusal.message
    named = [f"{first} {last}" for first, last in NAMES if f"{first} {last}" in refusal.message]
    assert named == [f"{first} {last}" for first, last in NAMES[:5]]
    assert "…" in refusal.message


def test_exactly_five_in_test_are_all_named_without_an_ellipsis():
    refusal = refused(room_of(*["in_test"] * 5).refuse(close_session, "s1"), 409, "tests_running")
    assert "…" not in refusal.message and all(f"{f} {l}" in refusal.message for f, l in NAMES[:5])


def test_closing_is_allowed_once_the_last_test_is_ended_by_the_invigilator():
    room = room_of("in_test")
    room.invigilate(end_test, "c1", "s1")
    room.invigilate(close_session, "s1")
    assert room.state.status is SessionStatus.CLOSED


def test_after_the_close_nothing_moves_the_tests_any_more():
    room = room_of("present", "ended")
    room.invigilate(close_session, "s1")
    refused(room.refuse(commands.start_test, "c1", "KMPT47", room.catalogue), 409, "session_closed")
    refused(room.refuse(commands.confirm_presence, "c1"), 409, "session_started")
    refused(room.refuse(commands.cancel_presence, "c1"), 409, "session_started")
    refused(room.refuse(commands.start_session), 409, "illegal_transition")
    refused(room.refuse(add_time, ["c1"], 5, "Motif", "s1", "a"), 409, "session_closed")
    refused(room.refuse(end_test, "c1", "s1"), 409, "session_closed")
    last = room.candidate("c2").challenge_ids[-1]
    refused(room.refuse(commands.record_answer, "c2", "after", last, "b", False, room.catalogue, room.now), 409,
            "test_finished")
    refused(refusal_of(commands.join, room.state, "Élodie", "Martin", "2011-03-14", "t", {}, room.now), 409,
            "session_closed")


def test_after_the_close_a_candidate_can_report_no_problem():
    room = room_of("in_test")
    current = room.current("c1").id
    room.state.status = SessionStatus.CLOSED
    refused(room.refuse(commands.report_problem, "c1", current, "al", "?"), 409, "session_closed")


def test_the_close_stops_the_row_clock():
    room = room_of("ended")
    room.invigilate(close_session, "s1")
    assert candidate_row(room.state, room.candidate("c1"), room.now)["clock_running"] is False
