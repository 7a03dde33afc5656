"""Honest time (REFERENCE.md, Joining and the test, 9; docs/decisions/0004-honest-time.md):
an outage of the room server or of a candidate's page never costs time, is counted once when
both happen together, stops a timed question's timer, and what the page claims about its own
clock is believed only within what the server observed."""

from __future__ import annotations

import pytest
from corekit import PROPERTY, T0, Room, build_catalogue, event, qcu, refusal_of, refused, right_answer
from hypothesis import given
from hypothesis import strategies as st

from roomserver.core import commands, connection, downtime
from roomserver.core.dashboard import candidate_row, session_summary
from roomserver.core.session import apply
from roomserver.core.views import candidate_view, clock_s, time_left


def room_in_test(**kw) -> Room:
    room = Room()
    room.in_test("c1", token="tok-1", **kw)
    return room


def left(room: Room, cid: str = "c1") -> int:
    return time_left(room.state, room.candidate(cid), room.now)


def crash_and_restart(room: Room, up_for: float, down_for: float, alive_at: float | None = None) -> None:
    """The server runs ``up_for`` more seconds (its alive mark says so, unless ``alive_at`` is
    given), then is down ``down_for`` seconds and starts again."""
    alive_at = room.now + up_for if alive_at is None else alive_at
    room.tick(up_for + down_for)
    room.run(commands.server_started, "0.2.0", alive_at, room.now)


# -- interval arithmetic ---------------------------------------------------------------------------

def test_union_merges_overlapping_and_touching_intervals_and_drops_empty_ones():
    assert downtime.union([(5, 8), (1, 3), (2, 4), (8, 9), (7, 7), (10, 9)]) == [(1, 4), (5, 9)]


def test_overlap_counts_a_second_once_and_only_within_the_window():
    assert downtime.overlap([(0, 10), (5, 15)], 0, 100) == 15
    assert downtime.overlap([(0, 10), (5, 15)], 8, 12) == 4
    assert downtime.overlap([(0, 10)], 20, 10) == 0


@PROPERTY
@given(st.lists(st.tuples(st.floats(0, 1000), st.floats(0, 100)), max_size=8))
def test_overlap_never_exceeds_the_window_nor_the_sum_of_the_parts(raw):
    intervals = [(a, a + d) for a, d in raw]
    total = downtime.overlap(intervals, 100, 600)
    assert 0 <= total <= 500 + 1e-9
    assert total <= sum(d for _, d in raw) + 1e-9


# -- the server was down ------------------------------------------------------------------------------

def test_server_downtime_is_given_back_from_the_last_event():
    room = room_in_test()
    room.tick(100)
    room.answer("c1", skip=True)
    before = left(room)
    crash_and_restart(room, up_for=0, down_for=300)
    assert room.state.outages == [[T0 + 100, T0 + 400]]
    assert left(room) == before  # five minutes down, not a second charged
    room.tick(60)
    assert left(room) == before - 60


def test_the_alive_mark_moves_the_start_of_the_outage_later():
    """The server was up 40 s after its last event (it wrote its alive mark): those 40 s count."""
    room = room_in_test()
    before = left(room)
    crash_and_restart(room, up_for=40, down_for=200, alive_at=T0 + 40)
    data = room.events[-1].data
    assert data["down_from"] == T0 + 40 and data["alive_at"] == T0 + 40
    assert left(room) == before - 40


def test_without_an_alive_mark_the_outage_starts_at_the_last_event():
    room = room_in_test()
    room.tick(40)
    room.tick(100)
    room.run(commands.server_started, "0.2.0", None, room.now)
    assert room.state.outages == [[T0, T0 + 140]] and left(room) == 6300


def test_an_alive_mark_older_than_the_last_event_changes_nothing_and_one_ahead_of_now_is_capped():
    room = room_in_test()
    room.tick(50)
    room.answer("c1", skip=True)
    assert commands.server_started(room.state, "v", alive_at=T0 + 10, now=T0 + 90)[0][1]["down_from"] == T0 + 50
    assert commands.server_started(room.state, "v", alive_at=T0 + 999, now=T0 + 90)[0][1]["down_from"] == T0 + 90


def test_an_old_journal_without_down_from_counts_from_the_previous_event():
    room = room_in_test()
    apply(room.state, event(999, T0 + 120, "server_started", {"version": "0.1.0"}))
    assert room.state.outages == [[T0, T0 + 120]]


def test_downtime_before_the_session_started_or_after_the_test_ended_is_not_counted():
    room = Room()
    room.ready("c1", "Élodie", "Martin", token="tok-1")
    crash_and_restart(room, up_for=0, down_for=500)  # before the access code: nobody's clock runs
    room.start_session()
    room.start_test("c1")
    assert left(room) == 6300
    room.finish("c1")
    ended = left(room)
    crash_and_restart(room, up_for=0, down_for=500)
    room.tick(100)
    assert left(room) == ended  # the clock stopped with the test


def test_several_outages_add_up():
    room = room_in_test()
    for _ in range(20):
        room.tick(3)
        crash_and_restart(room, up_for=1, down_for=5)
    assert len(room.state.outages) == 20
    assert clock_s(room.state, room.candidate("c1"), room.now) == pytest.approx(20 * 4)


# -- the page could not reach the server ---------------------------------------------------------------

def test_a_page_heard_again_gets_back_what_it_claims_within_what_the_server_saw():
    room = room_in_test()
    heard = room.now
    room.tick(90)
    events = room.run(connection.connection_back, "c1", 60.0, heard, room.now)
    assert events == [("connection_back", {"candidate_id": "c1", "from": T0 + 30, "to": T0 + 90, "claimed_s": 60.0})]
    assert left(room) == 6300 - 30
    room.tick(10)
    # a page claiming more than the silence the server observed gets the silence only
    assert room.run(connection.connection_back, "c1", 500.0, T0 + 95, room.now)[0][1]["from"] == T0 + 95


def test_a_short_blip_is_not_journaled_and_a_page_that_claims_nothing_gets_nothing():
    room = room_in_test()
    room.tick(40)
    assert connection.connection_back(room.state, "c1", 1.5, T0 + 38, room.now) == []
    assert connection.connection_back(room.state, "c1", None, None, room.now) == []  # a throttled tab
    room.run(connection.connection_lost, "c1", None, room.now, 20)
    assert room.candidate("c1").lost_since == T0
    # after a journaled loss, the back event closes it even with nothing given back
    [(kind, data)] = room.run(connection.connection_back, "c1", 0, None, room.now)
    assert data["from"] == data["to"] and room.candidate("c1").lost_since is None
    assert room.candidate("c1").page_gaps == []


def test_after_a_restart_the_delay_of_a_page_in_coming_back_is_given_back_however_short():
    room = room_in_test()
    room.tick(10)
    crash_and_restart(room, up_for=0, down_for=30)
    restarted = room.now
    room.tick(1.2)  # the page's retry came 1.2 s after the start; it claims 31.2 s without the server
    [(_, data)] = room.run(connection.connection_back, "c1", 31.2, None, room.now)
    assert (data["from"], data["to"]) == (pytest.approx(restarted), pytest.approx(restarted + 1.2))
    assert clock_s(room.state, room.candidate("c1"), room.now) == pytest.approx(10)
    room.tick(5)
    assert connection.connection_back(room.state, "c1", 1.2, room.now - 5, room.now) == []  # heard since: jitter


def test_connection_lost_is_journaled_once_after_the_timeout_and_only_in_test():
    room = room_in_test()
    room.tick(10)
    assert connection.connection_lost(room.state, "c1", None, room.now, 20) == []  # not silent long enough
    room.tick(15)
    assert connection.connection_lost(room.state, "c1", T0 + 20, room.now, 20) == []  # heard 5 s ago
    room.run(connection.connection_lost, "c1", T0 + 2, room.now, 20)
    assert connection.connection_lost(room.state, "c1", None, room.now + 60, 20) == []  # already lost
    other = Room()
    other.ready("c1", "Élodie", "Martin")
    other.start_session()
    other.tick(100)
    assert connection.connection_lost(other.state, "c1", None, other.now, 20) == []  # present, not in test


def test_a_loss_journaled_before_a_crash_is_given_back_across_it_and_counted_once():
    room = room_in_test()
    room.tick(30)
    room.run(connection.connection_lost, "c1", T0 + 5, room.now, 20)  # silent since T0+5
    crash_and_restart(room, up_for=10, down_for=100, alive_at=T0 + 40)  # down T0+40 .. T0+140
    room.tick(8)
    # after the restart the server heard nothing yet; the page claims 143 s without the server
    room.run(connection.connection_back, "c1", 143.0, None, room.now)
    c = room.candidate("c1")
    assert c.page_gaps == [[T0 + 5, T0 + 148, "page_lost"]]
    assert clock_s(room.state, c, room.now) == pytest.approx(5)  # only the 5 s before the silence
    detail = {g["reason"]: g["seconds"] for g in candidate_row(room.state, c, room.now)["given_back"]}
    assert detail == {"server_down": 100, "page_lost": 43}  # the overlap counted once, under the server


@PROPERTY
@given(st.lists(st.tuples(st.sampled_from(["crash", "blip", "work"]), st.floats(0.5, 200)), max_size=12))
def test_time_used_never_exceeds_the_time_the_server_and_the_page_were_both_up(steps):
    room = room_in_test()
    up = 0.0
    heard = room.now
    for kind, seconds in steps:
        if kind == "work":
            room.tick(seconds)
            up += seconds
            heard = room.now
        elif kind == "crash":
            crash_and_restart(room, up_for=0, down_for=seconds)
            heard = room.now
        else:
            room.tick(seconds)
            room.record(connection.connection_back(room.state, "c1", seconds, heard, room.now))
            heard = room.now
            if seconds < connection.MIN_GAP_S:
                up += seconds
    assert clock_s(room.state, room.candidate("c1"), room.now) == pytest.approx(up, abs=0.01)  # ms in the journal


# -- a resume on another PC -----------------------------------------------------------------------------

def test_waiting_for_a_resume_is_given_back_and_the_old_pc_may_not_answer_meanwhile():
    room = room_in_test()
    room.tick(60)
    room.join("Élodie", "Martin", token="tok-2")  # the spare PC
    c = room.candidate("c1")
    assert c.pending_since == T0 + 60
    refused(refusal_of(commands.check_page, room.state, "c1", "tok-1"), 409, "resume_pending")
    commands.check_page(room.state, "c1", "tok-2")  # the new page may read; it is not the old one
    room.tick(120)
    assert left(room) == 6300 - 60  # the wait does not run the clock
    room.run(commands.authorise_resume, "c1", room.now)
    assert c.pending_since is None and c.page_gaps == [[T0 + 60, T0 + 180, "resume"]]
    refused(refusal_of(commands.check_page, room.state, "c1", "tok-1"), 409, "test_moved")
    commands.check_page(room.state, "c1", "tok-2")
    view = candidate_view(room.state, c, "tok-1", room.catalogue, room.now)
    assert view["status"] == "moved" and view["question"] is None and view["next_question"] is None
    assert candidate_view(room.state, c, "tok-2", room.catalogue, room.now)["question"] is not None


def test_the_old_page_is_told_that_a_resume_is_requested():
    room = room_in_test()
    room.join("Élodie", "Martin", token="tok-2")
    c = room.candidate("c1")
    assert candidate_view(room.state, c, "tok-1", room.catalogue, room.now)["resume_requested"] is True
    assert candidate_view(room.state, c, "tok-2", room.catalogue, room.now)["resume_requested"] is False


# -- timed questions --------------------------------------------------------------------------------------

def timed_room(timer_s: int = 60, extra_time_pct: int = 0) -> tuple[Room, object]:
    catalogue = build_catalogue(levels=[1], competences=["1.1", "1.2", "1.3", "2.1", "2.2"], timer_s=timer_s,
                                kinds=[qcu().type])
    room = Room(catalogue)
    room.in_test("c1", token="tok-1", extra_time_pct=extra_time_pct)
    return room, room.current("c1")


def answer_outcome(room: Room, **claims) -> str:
    challenge = room.current("c1")
    [(_, data)] = room.run(commands.record_answer, "c1", f"a-{len(room.events)}", challenge.id,
                           right_answer(challenge), False, room.catalogue, room.now, **claims)
    return data["outcome"]


def test_the_first_question_is_timed_from_the_access_code():
    room, _ = timed_room(60)
    room.tick(1200)
    assert answer_outcome(room) == "timed-out"


def test_a_timed_question_answered_in_time_is_ok_and_late_is_timed_out():
    room, _ = timed_room(60)
    room.tick(59)
    assert answer_outcome(room) == "ok"
    room.show("c1")
    room.tick(61)
    assert answer_outcome(room) == "timed-out"


def test_a_candidate_with_extra_time_may_answer_after_the_timer():
    room, _ = timed_room(60, extra_time_pct=33)
    room.tick(1200)
    assert answer_outcome(room) == "ok"


def test_server_downtime_does_not_run_the_timer():
    room, _ = timed_room(60)
    room.tick(20)
    room.answer("c1", skip=True)
    room.show("c1")  # question 2 shown at T0+20
    crash_and_restart(room, up_for=30, down_for=300, alive_at=T0 + 50)  # 30 s used, 300 s down
    room.tick(25)  # 55 s of timer in all
    assert answer_outcome(room) == "ok"


def test_a_page_silence_does_not_run_the_timer_either():
    room, _ = timed_room(60)
    room.tick(30)
    room.run(connection.connection_back, "c1", 50.0, T0 + 5, room.now)  # could not reach the server 25 s
    room.tick(40)  # 70 s since the display, 25 of them without the server
    assert answer_outcome(room) == "ok"


def test_an_answer_given_in_time_but_arriving_late_is_judged_on_the_page_clock():
    room, _ = timed_room(60)
    room.tick(70)  # a short blip nobody journaled: the answer waited on the PC
    assert answer_outcome(room, shown_s=57.0) == "ok"


def test_the_claim_is_believed_only_down_to_the_tolerance_below_the_server_view():
    room, _ = timed_room(60)
    room.tick(200)
    assert answer_outcome(room, shown_s=5.0) == "timed-out"  # 200 s observed: 5 s is not believable
    [recorded] = [e for e in room.events if e.type == "answer_recorded"]
    assert recorded.data["elapsed_s"] == 200 - commands.CLAIM_TOLERANCE_S and recorded.data["shown_s"] == 5.0


def test_a_claim_above_the_server_view_changes_nothing():
    room, _ = timed_room(60)
    room.tick(30)
    assert answer_outcome(room, shown_s=5000.0) == "ok"


def test_question_elapsed_bounds():
    room, _ = timed_room(60)
    c = room.candidate("c1")
    room.tick(100)
    assert downtime.question_elapsed(room.state, c, 0, room.now) == 100
    assert downtime.question_elapsed(room.state, c, 0, room.now, 90, 20) == 90
    assert downtime.question_elapsed(room.state, c, 0, room.now, 10, 20) == 80
    assert downtime.question_elapsed(room.state, c, 0, room.now, 150, 20) == 100
    assert downtime.question_elapsed(room.state, c, 3, room.now) is None  # not current yet


def test_a_question_shown_offline_counts_from_when_the_server_learned_it_was_current():
    """The page showed the prefetched question during an outage: the server never recorded its
    display, so it counts from the previous answer (the page's claim may lower that)."""
    room, _ = timed_room(60)
    room.tick(10)
    room.answer("c1", skip=True)  # replayed; question 2 became current at T0+10
    room.tick(70)
    assert answer_outcome(room) == "timed-out"
    room.tick(10)
    assert answer_outcome(room, shown_s=40.0) == "ok"  # 10 s observed; the claim is 40: still in time


def test_the_timer_shown_to_the_candidate_stops_during_an_outage():
    room, challenge = timed_room(90)
    room.tick(30)
    crash_and_restart(room, up_for=0, down_for=600)
    question = candidate_view(room.state, room.candidate("c1"), "tok-1", room.catalogue, room.now)["question"]
    assert question["timer_left_s"] == 60


def test_focus_lost_said_with_the_answer_counts():
    catalogue = build_catalogue(levels=[1], competences=["1.1", "1.2", "1.3", "2.1", "2.2"], focused=True,
                                kinds=[qcu().type])
    room = Room(catalogue)
    room.in_test("c1")
    assert answer_outcome(room, focus_lost=True) == "focused-out"
    assert answer_outcome(room) == "ok"


# -- what the invigilator sees ----------------------------------------------------------------------------

def test_the_dashboard_shows_the_time_given_back_with_its_reason_and_the_summary_the_outages():
    room = room_in_test()
    room.tick(10)
    crash_and_restart(room, up_for=0, down_for=134)
    row = candidate_row(room.state, room.candidate("c1"), room.now)
    assert row["given_back"] == [{"reason": "server_down", "label": "serveur indisponible", "seconds": 134}]
    assert row["time_left_s"] == 6300 - 10
    summary = session_summary(room.state, room.now)
    assert summary["outages"] == [{"from": T0 + 10, "to": T0 + 144, "seconds": 134}]
