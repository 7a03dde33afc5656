"""Checkpoints: session state <-> plain JSON. A round trip gives an equal state, and a
checkpoint plus the rest of the journal folds to the same state as the whole journal."""

from __future__ import annotations

import json

import pytest
from corekit import Room, build_catalogue, every_kind, right_answer, wrong_answer

from roomserver.core import commands, snapshot
from roomserver.core.session import fold


def rich_room() -> Room:
    """Every kind of thing a state can hold: tokens, pending resume, answers of every
    shape and outcome, shown times, focus lost, alerts, server restarts, ended tests."""
    catalogue = build_catalogue(timer_s=40, focused=True)
    room = Room(catalogue)
    room.run(commands.invigilator_login, "inv-1")
    room.run(commands.server_started, "0.1.0")
    room.ready("c1", "Élodie", "Martin", extra_time_pct=33)
    room.ready("c2", "Inès", "N'Diaye", birthdate="2010-12-23")
    room.ready("c3", "Noah", "Dupont-Moreau", birthdate="2011-01-30")
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
    room.run(commands.server_started, "0.1.0")
    return room


def round_trip(state):
    return snapshot.from_dict(json.loads(json.dumps(snapshot.to_dict(state))))


def test_the_rich_room_really_holds_everything():
    state = rich_room().state
    outcomes = [str(a.outcome) for a in state.candidates["c1"].answers]
    assert outcomes == ["timed-out", "ko", "skipped", "focused-out", "ok"]
    assert str(state.candidates["c2"].status) == "ended"
    assert state.candidates["c3"].pending_token == "pending-pc"
    assert state.candidates["c1"].alerts and state.candidates["c1"].focus_lost and state.candidates["c1"].shown_at
    assert len(state.server_starts) == 2 and state.invigilator_tokens


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
