""""Ce n'est pas moi" (issue 15): before the start, a browser gives the candidate back; the row is
"pas encore connecté" again and the next join of that identity is the candidate's first browser.
A browser waiting to take over withdraws its request. After the start it is the invigilator's call."""

from __future__ import annotations

import pytest
from corekit import Room, refused

from roomserver.core import commands
from roomserver.core.dashboard import connection
from roomserver.core.refusal import Refusal
from roomserver.core.states import AttemptStatus


@pytest.fixture
def room() -> Room:
    room = Room()
    room.enrol("c1", "Élodie", "Martin")
    room.enrol("c2", "Inès", "N'Diaye", birthdate="2010-12-23")
    return room


def test_the_wrong_pupil_leaves_and_the_real_one_joins_as_the_first_browser(room):
    room.join("Élodie", "Martin", token="tok-ines")  # Inès picked Élodie's line by mistake
    assert room.candidate("c1").token == "tok-ines"
    events = room.run(commands.leave, "c1", "tok-ines")
    assert events == [("candidate_left", {"candidate_id": "c1", "browser": "own"})]
    c1 = room.candidate("c1")
    assert c1.token is None and c1.client == {} and "tok-ines" not in room.state.tokens
    assert connection(c1, None, room.now)["state"] == "never"
    assert room.refold().candidates["c1"].token is None
    # Élodie joins: her browser is the first one, no invigilator needed.
    _, joined = room.join("Élodie", "Martin", token="tok-elodie")
    assert joined[0][1]["authorised"] is True and room.candidate("c1").token == "tok-elodie"
    # Sent again (the reply was lost): nothing more.
    assert commands.leave(room.state, "c1", "tok-ines") == []


def test_presence_confirmed_by_the_invigilator_stays(room):
    room.join("Élodie", "Martin", token="tok-1")
    room.run(commands.confirm_presence, "c1")
    room.run(commands.leave, "c1", "tok-1")
    assert room.candidate("c1").status is AttemptStatus.PRESENT


def test_a_browser_waiting_to_take_over_withdraws_its_request(room):
    room.join("Élodie", "Martin", token="tok-1")
    room.join("Élodie", "Martin", token="tok-2", client={"ip": "10.0.0.40", "ua": "Firefox"})
    assert room.candidate("c1").pending_token == "tok-2"
    events = room.run(commands.leave, "c1", "tok-2")
    assert events == [("candidate_left", {"candidate_id": "c1", "browser": "pending"})]
    c1 = room.candidate("c1")
    assert c1.pending_token is None and c1.pending_client is None and c1.token == "tok-1"
    assert "tok-2" not in room.state.tokens and room.state.tokens["tok-1"] == "c1"
    assert room.refold().candidates["c1"].pending_token is None


def test_after_the_start_the_invigilator_decides(room):
    room.ready("c3", "Noah", "Dupont", token="tok-3")
    room.start_session()
    room.start_test("c3")
    with pytest.raises(Refusal) as refusal:
        commands.leave(room.state, "c3", "tok-3")
    refused(refusal.value, 409, "test_already_started")
    assert room.candidate("c3").token == "tok-3"


def test_a_refused_late_entry_is_journaled_for_the_row(room):
    """Entry closed (a late join, or a start without a confirmed presence): the attempt and its
    time reach the invigilator's row, and survive a refold and a checkpoint."""
    import json

    from roomserver.core import snapshot
    from roomserver.core.dashboard import candidate_row

    room.ready("c3", "Noah", "Dupont", token="tok-3")
    room.start_session()
    room.tick(42)
    events = room.run(commands.entry_refused, "c1", "late_arrival")
    assert events == [("entry_refused", {"candidate_id": "c1", "reason": "late_arrival"})]
    room.tick(60)
    room.run(commands.entry_refused, "c1", "entry_closed")
    row = candidate_row(room.state, room.candidate("c1"), room.now)
    assert row["refused_entries"] == [room.now - 60, room.now]
    assert room.refold().candidates["c1"].refused_entries == room.candidate("c1").refused_entries
    restored = snapshot.from_dict(json.loads(json.dumps(snapshot.to_dict(room.state))))
    assert restored.candidates["c1"].refused_entries == room.candidate("c1").refused_entries
    assert commands.entry_refused(room.state, "nobody", "late_arrival") == []
