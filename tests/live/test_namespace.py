"""The ``/invigilator`` namespace: who may connect, what a dashboard gets on connection,
who is shown as connected, and that sessions never hear of each other."""

from __future__ import annotations

import pytest
from socketio import packet

from roomserver.core.dashboard import roster
from roomserver.demo import seed
from roomserver.live.namespace import REFUSED

from .livekit import ROW_KEYS, SUMMARY_KEYS, login, person, pupils, state_of


@pytest.fixture
def connect_errors(svc, monkeypatch):
    """The data of every CONNECT_ERROR packet the server sends (the test client drops it)."""
    sent = []
    base = svc.socketio.server.packet_class

    class Recording(base):
        def __init__(self, packet_type=packet.EVENT, data=None, *args, **kwargs):
            if packet_type == packet.CONNECT_ERROR:
                sent.append(data)
            super().__init__(packet_type, data, *args, **kwargs)

    monkeypatch.setattr(svc.socketio.server, "packet_class", Recording)
    return sent


def journal_lines(app) -> int:
    handle = app.extensions["roomserver"].store.by_number(app.demo["session_number"])
    with open(handle.journal.path, "rb") as journal:
        return sum(1 for line in journal if line.strip())


# -- refusals ---------------------------------------------------------------------------------

def candidate_token(kids):
    pupil = kids[0]
    assert pupil.join().status_code == 200
    return pupil.token


@pytest.mark.parametrize("make_auth", [
    pytest.param(lambda c: None, id="no-auth"),
    pytest.param(lambda c: {}, id="empty-auth"),
    pytest.param(lambda c: {"since": 3}, id="no-token"),
    pytest.param(lambda c: {"token": None}, id="null-token"),
    pytest.param(lambda c: {"token": ""}, id="empty-token"),
    pytest.param(lambda c: {"token": "   "}, id="blank-token"),
    pytest.param(lambda c: {"token": "pas-un-jeton"}, id="wrong-token"),
    pytest.param(lambda c: {"token": candidate_token(c)}, id="candidate-token"),
    pytest.param(lambda c: {"token": 12345}, id="int-token"),
    pytest.param(lambda c: {"token": True}, id="bool-token"),
    pytest.param(lambda c: {"token": ["a", "b"]}, id="list-token"),
    pytest.param(lambda c: {"token": {"token": "x"}}, id="object-token"),
])
def test_connection_refused(app, svc, connect, kids, inv, inv2, dashes, connect_errors, make_auth):
    auth = make_auth(kids)
    for dashboard in dashes:
        dashboard.take()
    refused = connect(auth=auth)
    assert not refused.connected
    assert [m for m in refused.sio.queue if m["namespace"] == "/invigilator"] == []  # no roster, nothing
    # what the page's connect_error gets: err.message (French) and err.data = {code, message}
    assert connect_errors == [{"message": REFUSED["message"], "data": REFUSED}]
    assert REFUSED["code"] == "unauthorised" and "mot de passe surveillant" in REFUSED["message"]
    assert sorted(svc.feed.on(state_of(app).id)) == sorted([inv.id, inv2.id])
    for dashboard in dashes:  # the invigilators already on hear nothing of it
        assert dashboard.take() == []


def test_token_with_spaces_around_is_accepted(connect, inv):
    assert connect(f"  {inv.token} ").connected


# -- the roster on connection ------------------------------------------------------------------------

def test_roster_on_connection_is_the_whole_picture(app, svc, clock, connect, inv):
    dashboard = connect(inv.token)
    assert dashboard.connected
    events = dashboard.take()
    assert [name for name, _ in events] == ["roster", "session_updated"]
    payload = events[0][1]
    state = state_of(app)
    assert set(payload) == SUMMARY_KEYS | {"candidates", "connected_invigilators", "timeout_s"}
    assert payload["seq"] == state.seq == journal_lines(app)
    assert payload["server_time"] == clock.now
    assert payload["session_id"] == state.id and payload["session_number"] == app.demo["session_number"]
    assert payload["status"] == "created" and payload["access_code"] is None
    assert payload["invigilators"] == {inv.id: "Mme Roux"}
    assert payload["connected_invigilators"] == [inv.id]
    assert payload["timeout_s"] == svc.settings["heartbeat_timeout_s"] == 20
    assert (payload["incidents"], payload["frauds"], payload["time_additions"], payload["comment"]) == ([], [], [], "")
    assert len(payload["candidates"]) == len(app.demo["candidates"]) == 24
    assert [row["candidate_id"] for row in payload["candidates"]] == [p["candidate_id"] for p in app.demo["candidates"]]
    for row in payload["candidates"]:
        assert set(row) == ROW_KEYS
    expected = roster(state, clock.now, {}, 20)  # core/dashboard builds every field
    assert payload["candidates"] == expected["candidates"]
    not_certifiable = [r for r in payload["candidates"] if not r["certifiable"]]
    assert len(not_certifiable) == 2
    first = payload["candidates"][0]
    demo = app.demo["candidates"][0]
    assert (first["first_name"], first["last_name"], first["birthdate"], first["extra_time_pct"]) == (
        demo["first_name"], demo["last_name"], demo["birthdate"], demo["extra_time_pct"])
    assert first["status"] == first["display_status"] == "enrolled"
    assert first["connection"] == {"state": "never", "last_seen_at": None, "silent_s": None}
    assert first["pc"] == {"host": None, "ip": None}
    assert first["time_left_s"] is None and first["clock_running"] is False and first["alerts"] == []


def test_roster_after_the_start_has_the_access_code_and_live_rows(app, clock, connect, inv, running):
    running[0].beat("10.0.0.31")
    clock.advance(90)
    dashboard = connect(inv.token)
    payload = dashboard.take("roster")[0]
    state = state_of(app)
    assert payload["status"] == "started" and payload["access_code"] == app.demo["access_code"] == state.access_code
    assert payload["started_at"] == state.started_at and payload["seq"] == state.seq == journal_lines(app)
    rows = {row["candidate_id"]: row for row in payload["candidates"]}
    row = rows[running[0].person["candidate_id"]]
    assert row["status"] == row["display_status"] == "in_test"
    assert row["total"] == state.candidates[row["candidate_id"]].total > 0 and row["answered"] == 0
    assert row["time_used_s"] == 90 and row["time_left_s"] == row["allowed_s"] - 90 and row["clock_running"]
    assert row["joined"] and not row["resume_pending"] and row["pc"] == {"host": None, "ip": "10.0.0.31"}
    assert row["connection"] == {"state": "disconnected", "last_seen_at": clock.now - 90, "silent_s": 90}
    absent = rows[person(app, 5)["candidate_id"]]
    assert absent["status"] == "enrolled" and absent["connection"]["state"] == "never"


def test_every_dashboard_sees_who_is_connected(app, connect, inv, inv2):
    first = connect(inv.token)
    first.take()
    second = connect(inv2.token)
    seen = first.take("session_updated")
    assert [p["session"]["connected_invigilators"] for p in seen] == [[inv.id, inv2.id]]
    assert seen[0]["session"]["invigilators"] == {inv.id: "Mme Roux", inv2.id: "M. Diallo"}
    own = second.take()
    assert own[0][0] == "roster" and own[0][1]["connected_invigilators"] == [inv.id, inv2.id]
    second.disconnect()
    left = first.take("session_updated")
    assert [p["session"]["connected_invigilators"] for p in left] == [[inv.id]]
    assert left[0]["seq"] == state_of(app).seq  # nothing journaled for a dashboard coming or going


def test_get_session_is_the_roster(app, connect, inv):
    dashboard = connect(inv.token)
    pushed = dashboard.take("roster")[0]
    body = inv.session().get_json()
    assert body.pop("you") == inv.id
    assert body == pushed


# -- sessions are isolated ---------------------------------------------------------------------------

@pytest.fixture
def other(app, svc, client):
    """A second session on the same server, its invigilator logged in."""
    demo = seed(svc.store, svc.pack)
    assert demo["session_number"] != app.demo["session_number"]
    return demo, login(client, demo, "M. Autre")


def test_sessions_never_hear_of_each_other(app, svc, client, connect, inv, other, kids):
    demo_b, inv_b = other
    mine = connect(inv.token)
    theirs = connect(inv_b.token)
    roster_a, roster_b = mine.take("roster")[0], theirs.take("roster")[0]
    ids_a = {row["candidate_id"] for row in roster_a["candidates"]}
    ids_b = {row["candidate_id"] for row in roster_b["candidates"]}
    assert len(ids_a) == len(ids_b) == 24 and not ids_a & ids_b
    assert roster_b["session_number"] == demo_b["session_number"] and roster_b["connected_invigilators"] == [inv_b.id]

    # a whole start in session B: session A's dashboard hears nothing of it
    pupil_b = pupils(client, demo_b, 1)[0]
    assert pupil_b.join().status_code == 200
    assert inv_b.confirm(pupil_b.id).status_code == 200
    assert inv_b.start().status_code == 200
    assert pupil_b.start().status_code == 200
    pupil_b.report()
    assert inv_b.incident(candidate_id=pupil_b.id).status_code == 200
    assert inv_b.comment("Session B : rien à signaler").status_code == 200
    pupil_b.beat()
    assert mine.take() == []
    heard_b = theirs.take()
    assert {name for name, _ in heard_b} == {"candidate_updated", "roster", "session_updated"}
    assert all(p["candidate"]["candidate_id"] in ids_b for n, p in heard_b if n == "candidate_updated")

    # and the other way round
    pupil_a = kids[0]
    assert pupil_a.join().status_code == 200
    assert inv.confirm(pupil_a.id).status_code == 200
    assert inv.comment("Session A").status_code == 200
    assert theirs.take() == []
    assert {p["candidate"]["candidate_id"] for p in mine.take("candidate_updated")} == {pupil_a.id}

    # the connections tick goes to each session with its own candidates only
    svc.feed.tick()
    assert set(mine.take("connections")[0]["candidates"]) == ids_a
    assert set(theirs.take("connections")[0]["candidates"]) == ids_b


def test_a_token_opens_its_own_session_only(app, connect, other):
    demo_b, inv_b = other
    dashboard = connect(inv_b.token)
    payload = dashboard.take("roster")[0]
    assert payload["session_id"] != state_of(app).id and payload["session_number"] == demo_b["session_number"]
