"""The candidate heartbeat: nothing journaled, the connection column of the rows, the push
when a silent page is heard again, and the ``connections`` tick. Time is the injected
clock (tests/live/conftest.py): nobody sleeps."""

from __future__ import annotations

import time

import pytest

from roomserver.app import create_app
from roomserver.demo import seed

from .livekit import NS, Pupil, login, pupils, state_of

TIMEOUT = 20


def journal_bytes(app) -> int:
    handle = app.extensions["roomserver"].store.by_number(app.demo["session_number"])
    return handle.journal.path.stat().st_size


def row_of(inv, cid) -> dict:
    return next(r for r in inv.session().get_json()["candidates"] if r["candidate_id"] == cid)


# -- the reply, and nothing written -----------------------------------------------------------------

def test_heartbeat_writes_nothing_and_answers_the_version(app, inv, running):
    pupil = running[0]
    seq, size = state_of(app).seq, journal_bytes(app)
    response = pupil.beat()
    assert response.status_code == 200
    body = response.get_json()
    assert body == {"version": state_of(app).candidates[pupil.id].seq, "status": "in_test",
                    "session_status": "started", "interval_s": 5}
    for _ in range(3):
        assert pupil.beat().get_json() == body  # nothing changed: the same version
    assert state_of(app).seq == seq and journal_bytes(app) == size

    assert inv.add_time(pupil.id, 10, "panne du poste").status_code == 200  # the page must re-read its state
    assert pupil.beat().get_json()["version"] > body["version"]


def test_heartbeat_of_a_page_waiting_for_its_resume(app, client, running):
    elsewhere = Pupil(client, app.demo, running[0].person, ip="10.0.0.77")
    assert elsewhere.join().status_code == 200
    assert elsewhere.beat().get_json()["status"] == "awaiting_resume"


def test_heartbeat_before_the_start(app, seated):
    assert seated[0].beat().get_json()["status"] == "present"
    assert seated[0].beat().get_json()["session_status"] == "created"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}])
def test_heartbeat_needs_a_candidate_token(app, client, headers):
    response = client.post("/api/v1/candidate/heartbeat", headers=headers)
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorised"


def test_an_invigilator_token_is_no_heartbeat(app, client, inv):
    response = client.post("/api/v1/candidate/heartbeat", headers=inv.headers)
    assert response.status_code == 401


# -- the connection column ---------------------------------------------------------------------------

def test_connection_never_then_connected_then_disconnected(app, clock, inv, kids):
    pupil = kids[0]
    assert row_of(inv, pupil.id)["connection"] == {"state": "never", "last_seen_at": None, "silent_s": None}
    assert pupil.join().status_code == 200
    joined_at = clock.now
    # joining is journaled: it already counts as a sign of life
    assert row_of(inv, pupil.id)["connection"] == {"state": "connected", "last_seen_at": joined_at, "silent_s": 0}

    clock.advance(12)
    assert pupil.beat().status_code == 200
    row = row_of(inv, pupil.id)
    assert row["connection"] == {"state": "connected", "last_seen_at": clock.now, "silent_s": 0}
    assert row["pc"] == {"host": None, "ip": pupil.ip}

    clock.advance(TIMEOUT - 1)
    assert row_of(inv, pupil.id)["connection"]["state"] == "connected"
    clock.advance(1)  # heartbeat_timeout_s without a beat
    row = row_of(inv, pupil.id)
    assert row["connection"] == {"state": "disconnected", "last_seen_at": clock.now - TIMEOUT, "silent_s": TIMEOUT}
    clock.advance(100)
    assert row_of(inv, pupil.id)["connection"]["silent_s"] == TIMEOUT + 100

    assert pupil.beat().status_code == 200
    assert row_of(inv, pupil.id)["connection"] == {"state": "connected", "last_seen_at": clock.now, "silent_s": 0}


def test_a_journaled_action_counts_as_a_sign_of_life(app, clock, inv, running):
    pupil = running[0]
    question = pupil.question()  # shown with the answer to the access code: nothing new journaled
    clock.advance(60)
    assert row_of(inv, pupil.id)["connection"]["state"] == "disconnected"
    assert pupil.answer(question["challenge_id"], skip=True).status_code == 200  # journaled
    assert row_of(inv, pupil.id)["connection"]["state"] == "connected"


# -- the push when a page is heard again -------------------------------------------------------------------

def test_a_beat_after_silence_is_pushed_at_once(app, clock, connect, inv, running):
    pupil = running[0]
    dashboard = connect(inv.token)
    dashboard.take()

    assert pupil.beat().status_code == 200  # the first beat ever: pushed
    rows = dashboard.rows()
    assert list(rows) == [pupil.id] and rows[pupil.id]["connection"]["state"] == "connected"

    clock.advance(5)
    pupil.beat()  # a regular beat: nothing to say
    assert dashboard.take() == []

    clock.advance(TIMEOUT + 10)  # silent: the dashboard learns it from the tick (which journals the loss)
    app.extensions["roomserver"].feed.tick()
    events = dashboard.take()
    (ticked,) = [payload for name, payload in events if name == "connections"]
    assert ticked["candidates"][pupil.id]["connection"]["state"] == "disconnected"
    # both pupils were silent: connection_lost journaled for each, their rows pushed
    assert [name for name, _ in events] == ["candidate_updated", "candidate_updated", "connections"]
    assert {p["candidate"]["candidate_id"] for n, p in events if n == "candidate_updated"} == {s.id for s in running}

    pupil.beat()  # heard again: pushed at once (with connection_back), without waiting for the tick
    events = dashboard.take()
    assert [name for name, _ in events] == ["candidate_updated"]
    payload = events[0][1]
    assert payload["candidate"]["connection"] == {"state": "connected", "last_seen_at": clock.now, "silent_s": 0}
    assert payload["seq"] == state_of(app).seq and payload["server_time"] == clock.now


def test_a_beat_from_another_pc_is_pushed_at_once(app, clock, connect, inv, running):
    pupil = running[0]
    pupil.beat()
    dashboard = connect(inv.token)
    dashboard.take()
    clock.advance(3)
    pupil.beat(ip="10.0.0.88")  # the same page, now from another address
    rows = dashboard.rows()
    assert rows[pupil.id]["pc"]["ip"] == "10.0.0.88"


def test_beats_reach_every_dashboard_and_nothing_when_nobody_watches(app, clock, connect, inv, inv2, running):
    pupil = running[0]
    pupil.beat()  # nobody watching: nothing to push, no error
    clock.advance(TIMEOUT)
    first, second = connect(inv.token), connect(inv2.token)
    first.take(), second.take()
    pupil.beat()
    assert first.rows().keys() == second.rows().keys() == {pupil.id}


# -- the connections tick -------------------------------------------------------------------------------

def test_tick_sends_every_candidates_connection(app, svc, clock, connect, inv, inv2, seated, kids):
    silent = kids[2]
    assert silent.join().status_code == 200  # joined, never beat, never present
    assert inv.start().status_code == 200
    for pupil in seated:
        assert pupil.start().status_code == 200
    running = seated
    clock.advance(TIMEOUT + 5)
    running[0].beat("10.0.0.50")
    first, second = connect(inv.token), connect(inv2.token)
    first.take(), second.take()

    svc.feed.tick()
    (payload,) = first.take("connections")
    assert second.take("connections") == [payload]
    assert set(payload) == {"seq", "server_time", "timeout_s", "candidates"}
    assert payload["seq"] == state_of(app).seq and payload["server_time"] == clock.now
    assert payload["timeout_s"] == TIMEOUT
    candidates = payload["candidates"]
    assert set(candidates) == set(state_of(app).candidates) and len(candidates) == 24
    assert all(set(entry) == {"connection", "pc"} for entry in candidates.values())
    assert candidates[running[0].id] == {"connection": {"state": "connected", "last_seen_at": clock.now, "silent_s": 0},
                                         "pc": {"host": None, "ip": "10.0.0.50"}}
    assert candidates[running[1].id]["connection"]["state"] == "disconnected"
    assert candidates[silent.id]["connection"]["state"] == "disconnected"
    assert candidates[kids[3].id]["connection"]["state"] == "never"


def test_tick_without_dashboards_sends_nothing(app, svc, connect, inv):
    svc.feed.tick()  # nobody connected: no error
    dashboard = connect(inv.token)
    dashboard.take()
    dashboard.disconnect()
    svc.feed.tick()
    assert svc.feed.on(state_of(app).id) == []


def test_the_ticker_runs_while_a_dashboard_is_connected(tmp_path):
    """With live_tick_s > 0 a background task ticks; it stops once no dashboard is left."""
    app = create_app({"data_dir": tmp_path / "data", "async_mode": "threading", "live_tick_s": 1})
    svc = app.extensions["roomserver"]
    svc.feed.tick_s = 0.02
    try:
        demo = seed(svc.store, svc.pack)
        inv = login(app.test_client(), demo)
        sio = svc.socketio.test_client(app, namespace=NS, auth={"token": inv.token})
        received = []
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and sum(m["name"] == "connections" for m in received) < 2:
            time.sleep(0.01)
            received += sio.get_received(NS)
        assert sum(m["name"] == "connections" for m in received) >= 2
        assert pupils(app.test_client(), demo, 1)[0].id in received[-1]["args"][0]["candidates"]
        sio.disconnect(namespace=NS)
        deadline = time.monotonic() + 3
        while svc.feed._ticking and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not svc.feed._ticking
    finally:
        svc.store.close()


def test_a_browser_awaiting_its_resume_does_not_count_as_the_test_page(app, clock, connect, inv, running):
    pupil = running[0]
    pupil.beat()
    spare = Pupil(pupil.client, pupil.demo, pupil.person, ip="10.0.0.77")  # the spare PC, not authorised yet
    assert spare.join().status_code == 200
    clock.advance(3)
    assert spare.beat().status_code == 200
    seen = app.extensions["roomserver"].presence.one(state_of(app).id, pupil.id)
    assert seen["ip"] == pupil.ip  # the row still shows the PC the test runs on
