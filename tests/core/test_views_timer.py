"""A timed question's remaining time is counted by the server from its first display,
so a reload or a move to a spare PC never restarts the timer."""

from __future__ import annotations

from corekit import qcu
from test_views import room_showing, view

from roomserver.core import commands


def test_timer_left_counts_from_the_first_display():
    room = room_showing(qcu("timed", timer_s=90))
    assert view(room)["question"]["timer_left_s"] == 90  # not yet shown
    room.run(commands.show_question, "c1")
    room.tick(30)
    assert view(room)["question"]["timer_left_s"] == 60
    room.run(commands.show_question, "c1")  # a reload: nothing new, the first display counts
    room.tick(100)
    assert view(room)["question"]["timer_left_s"] == 0


def test_untimed_question_has_no_timer_left():
    room = room_showing(qcu("untimed"))
    assert "timer_left_s" not in view(room)["question"]


def _answer_leading_to(nxt):
    """c1 answers a first untimed question whose successor is ``nxt``."""
    room = room_showing(qcu("first"))
    room.catalogue.challenges[nxt.id] = nxt
    room.state.candidates["c1"].challenge_ids[1] = nxt.id
    room.run(commands.record_answer, "c1", "a-1", "first", "b", False, room.catalogue, room.now)
    return room


def test_an_answer_leading_to_a_timed_question_records_its_display_with_it():
    room = _answer_leading_to(qcu("timed", timer_s=90))
    assert commands.show_next_if_timed(room.state, "c1", room.catalogue) == [
        ("question_shown", {"candidate_id": "c1", "index": 1})]
    room.run(commands.show_next_if_timed, "c1", room.catalogue)
    room.tick(30)
    room.run(commands.show_question, "c1")  # a reload later: the timer does not restart
    assert view(room)["question"]["timer_left_s"] == 60


def test_an_answer_leading_to_an_untimed_question_or_to_the_end_records_no_display():
    room = _answer_leading_to(qcu("untimed"))
    assert commands.show_next_if_timed(room.state, "c1", room.catalogue) == []
    last = room_showing(qcu("only"))
    found = last.state.candidates["c1"]
    del found.challenge_ids[1:]
    last.run(commands.record_answer, "c1", "a-1", "only", "b", False, last.catalogue, last.now)
    assert found.current_challenge_id is None
    assert commands.show_next_if_timed(last.state, "c1", last.catalogue) == []
