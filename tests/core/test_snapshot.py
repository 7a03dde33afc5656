"""Checkpoints: session state <-> plain JSON. A round trip gives an equal state, and a
checkpoint plus the rest of the journal folds to the same state as the whole journal."""

from __future__ import annotations

import json

import pytest
from corekit import (
    Room,
    build_catalogue,
    every_kind,
    invigilated_room,
    right_answer,
    wrong_answer,
)

from roomserver.core import commands, connection, snapshot
from roomserver.core.session import fold
from roomserver.core.states import SessionStatus


def rich_room() -> Room:
    """Every kind of thing a state can hold: tokens, pending resume, answers of every
    shape and outcome, shown times, focus lost, alerts, server restarts, ended tests."""
    catalogue = build_catalogue(timer_s=40, focused=True)
    room = Room(catalogue)
    room.run(commands.invigilator_login, "inv-1")
    room.run(commands.server_started, "0.1.0")
    room.ready("c1", "Élodie", "Martin")
    room.ready("c2", "Inès", "N'Diaye", birthdate="2010-12-23")
    room.ready("c3", "Noah", "Dupont-Moreau", birthdate="2011-01-30", extra_time_pct=33)
    room.enrol("c4", "Léa", "Durand", birthdate="2011-02-11", details={"sex": "F", "birth_city": "Lyon"})
    room.start_session()
    for cid in ("c1", "c2", "c3"):
        room.start_test(cid)
    room.tick(10)
    room.show("c1")
    room.tick(50)
    room.answer("c1", right=True)  # timed-out
    room.show("c1")
    room.answer("c1", right=False)  # ko
    room.answer("c1", skip=True)  # skipped
    room.run(commands.record_focus_lost, "c1", room.current("c1").id, catalogue)
    room.answer("c1", right=True)  # focused-out
    room.run(commands.report_problem, "c1", room.current("c1").id, "al-1", "Le fichier ne s'ouvre pas")
    room.answer("c1", right=True)  # ok, and the end
    while room.candidate("c2").current_index is not None:
        room.answer("c2", right=True)
    room.join("Noah", "Dupont-Moreau", birthdate="2011-01-30", token="pending-pc")
    room.tick(7)  # the server was down 7 s
    room.run(commands.server_started, "0.1.0")
    # c3's page: lost, heard again (time given back); c3 then resumes on the pending PC
    room.tick(30)
    room.run(connection.connection_lost, "c3", None, room.now, 20)
    room.tick(5)
    room.run(connection.connection_back, "c3", 12.0, None, room.now)
    room.run(commands.authorise_resume, "c3", room.now)
    room.tick(40)
    room.run(connection.connection_lost, "c3", None, room.now, 20)  # lost, not back
    room.join("Noah", "Dupont-Moreau", birthdate="2011-01-30", token="third-pc")  # and pending again
    return room


def round_trip(state):
    return snapshot.from_dict(json.loads(json.dumps(snapshot.to_dict(state))))


def test_the_rich_room_really_holds_everything():
    state = rich_room().state
    outcomes = [str(a.outcome) for a in state.candidates["c1"].answers]
    assert outcomes == ["timed-out", "ko", "skipped", "focused-out", "ok"]
    assert str(state.candidates["c2"].status) == "ended"
    assert state.candidates["c3"].pending_token == "third-pc" and state.candidates["c3"].token == "pending-pc"
    assert state.candidates["c1"].alerts and state.candidates["c1"].focus_lost and state.candidates["c1"].shown_at
    assert len(state.server_starts) == 2 and state.invigilator_tokens
    c3 = state.candidates["c3"]
    assert state.outages and c3.page_gaps and c3.moved_tokens == ["tok-c3"]
    assert c3.lost_since is not None and c3.pending_since is not None and state.last_ts


def test_round_trip_through_json_gives_an_equal_state():
    state = rich_room().state
    again = round_trip(state)
    assert again == state
    assert snapshot.to_dict(again) == snapshot.to_dict(state)


def test_round_trip_of_a_fresh_session():
    state = Room().state
    assert round_trip(state) == state


def test_round_trip_keeps_types():
    again = round_trip(rich_room().state)
    c1 = again.candidates["c1"]
    assert all(isinstance(k, int) for k in c1.shown_at)
    assert isinstance(c1.focus_lost, set) and isinstance(again.invigilator_tokens, dict)
    assert c1.answer_ids == {a.answer_id: i for i, a in enumerate(c1.answers)}
    assert type(c1.status).__name__ == "AttemptStatus" and type(again.status).__name__ == "SessionStatus"


@pytest.mark.parametrize("challenge", every_kind(), ids=lambda c: c.id)
def test_answer_values_of_every_shape_survive(challenge):
    catalogue = build_catalogue(levels=[1], competences=["1.1", "1.2", "1.3", "2.1", "2.2"])
    catalogue.challenges[challenge.id] = challenge
    room = Room(catalogue)
    room.ready("c1", "Élodie", "Martin")
    room.start_session()
    room.start_test("c1")
    room.state.candidates["c1"].challenge_ids[0] = challenge.id  # put this challenge on screen
    room.answer("c1", right=True)
    room.answer("c1", wrong_answer(room.current("c1")))
    again = round_trip(room.state)
    assert again.candidates["c1"].answers[0].value == right_answer(challenge)
    assert again == room.state


@pytest.mark.parametrize("cut", [1, 5, 12, 20, -3, -1])
def test_checkpoint_plus_the_rest_of_the_journal_equals_the_whole_journal(cut):
    room = rich_room()
    events = room.events
    checkpoint = round_trip(fold(events[:cut]))
    assert fold(events[cut:], checkpoint) == fold(events) == room.state


# -- the invigilator's records (format 2) -------------------------------------------------------------

def test_the_invigilated_room_really_holds_every_new_field():
    state = invigilated_room().state
    c1, c2, c3, c4 = (state.candidates[c] for c in ("c1", "c2", "c3", "c4"))
    assert state.status is SessionStatus.CLOSED and state.closed_at is not None
    assert state.invigilators == {"s1": "Mme Martin", "s2": "M. Diallo"}
    assert set(state.invigilator_tokens.values()) == {"s1", "s2"}
    assert [i.incident_id for i in state.incidents] == ["inc-0", "inc-al-1", "inc-al-3", "inc-al-4", "inc-1",
                                                        "inc-2", "inc-3"]
    assert state.incidents[1].alert_id == "al-1" and state.incidents[5].index == 1
    assert [f.candidate_ids for f in state.frauds] == [["c4", "c2"]]
    assert [a["addition_id"] for a in state.time_additions] == ["add-1", "add-2"]
    assert state.comment.startswith("Session perturbée")
    assert [a.status for a in c1.alerts] == ["validated", "dismissed", "validated"]
    assert c1.alerts[0].replacement and c1.alerts[2].replacement is None
    assert c1.replaced == {0: [c1.alerts[0].challenge_id]}
    assert c1.focus_lost and c1.pending_token == "c1-new-pc"
    assert c2.added_s == 900 and c2.skipped_by_end == [1, 2, 3, 4] and c2.client["host"] == "PC-SECOURS"
    assert str(c1.status) == str(c2.status) == str(c4.status) == "ended_by_invigilator" and str(c3.status) == "ended"
    assert all(c.end_screen_seen and c.ended_at for c in (c1, c2, c3, c4))
    assert all(c.active_at for c in (c1, c2, c3, c4)) and all(c.seq for c in state.candidates.values())


def test_every_new_field_survives_the_round_trip_equal():
    state = invigilated_room().state
    again = round_trip(state)
    assert again == state
    assert snapshot.to_dict(again) == snapshot.to_dict(state)
    assert all(isinstance(k, int) for k in again.candidates["c1"].replaced)
    assert isinstance(again.incidents[0], type(state.incidents[0]))
    assert isinstance(again.frauds[0], type(state.frauds[0]))


def test_the_checkpoint_says_its_format():
    assert snapshot.to_dict(Room().state)["format"] == snapshot.FORMAT == 8


@pytest.mark.parametrize("other", [1, 2, 3, 4, 5, 6, 7, None, "8"])
def test_a_checkpoint_of_another_format_is_refused(other):
    data = snapshot.to_dict(invigilated_room().state)
    data["format"] = other
    with pytest.raises(ValueError, match="format"):
        snapshot.from_dict(data)
    del data["format"]
    with pytest.raises(ValueError):
        snapshot.from_dict(data)


def test_a_whole_invigilated_session_folds_back_to_the_same_state():
    room = invigilated_room()
    assert room.refold() == room.state
    assert snapshot.to_dict(room.refold()) == snapshot.to_dict(room.state)


def test_an_invigilated_session_from_any_checkpoint_plus_the_rest_equals_the_whole_journal():
    room = invigilated_room()
    for cut in range(1, len(room.events) + 1):
        checkpoint = round_trip(fold(room.events[:cut]))
        assert fold(room.events[cut:], checkpoint) == room.state, f"cut at event {cut}"
