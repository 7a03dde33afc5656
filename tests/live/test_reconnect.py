"""A dashboard that lost its connection comes back with ``auth: {token, since}``: it gets the
rows of the candidates touched since (as they are now), or a fresh roster when the feed
cannot tell what it missed."""

from __future__ import annotations

import pytest

import roomserver.live.feed as feed_module

from .livekit import ROW_KEYS, state_of


def rows_now(inv) -> dict[str, dict]:
    return {row["candidate_id"]: row for row in inv.session().get_json()["candidates"]}


@pytest.fixture
def away(app, connect, inv, running):
    """A dashboard that saw everything up to now, then lost its connection: returns the last seq it saw."""
    for pupil in running:
        pupil.question()
    dashboard = connect(inv.token)
    dashboard.take()
    seen = dashboard.last_seq()
    assert seen == state_of(app).seq
    dashboard.disconnect()
    return seen


def test_catch_up_sends_the_rows_touched_since_and_no_roster(app, connect, inv, inv2, running, kids, away):
    first, second = running
    first.report("la page reste blanche")
    assert inv2.add_time(second.id, 15, "poste redémarré").status_code == 200
    assert inv2.add_time(second.id, 5, "encore une panne").status_code == 200  # touched twice: one row
    assert inv.incident("C7", "coupure réseau").status_code == 200  # no candidate: summary only

    back = connect(inv.token, since=away)
    events = back.take()
    kinds = [name for name, _ in events]
    assert "roster" not in kinds
    assert kinds == ["candidate_updated", "candidate_updated", "connections", "session_updated"]
    state = state_of(app)
    now = rows_now(inv)
    pushed = {p["candidate"]["candidate_id"]: p for name, p in events if name == "candidate_updated"}
    assert set(pushed) == {first.id, second.id}  # exactly the candidates touched since, once each
    for cid, payload in pushed.items():
        assert payload["seq"] == state.seq and set(payload["candidate"]) == ROW_KEYS
        assert payload["candidate"] == now[cid]  # the current row, not a stale one
        assert payload["candidate"]["seq"] > away
    assert pushed[first.id]["candidate"]["display_status"] == "alert"
    assert pushed[second.id]["candidate"]["added_s"] == 20 * 60
    connections = events[2][1]
    assert set(connections["candidates"]) == set(now) and connections["seq"] == state.seq
    session = events[3][1]["session"]
    assert [i["code"] for i in session["incidents"]] == ["C7"] and len(session["time_additions"]) == 2
    assert session["connected_invigilators"] == [inv.id]


def test_catch_up_with_nothing_missed(app, connect, inv, away):
    back = connect(inv.token, since=away)
    assert [name for name, _ in back.take()] == ["connections", "session_updated"]


def test_catch_up_after_a_session_wide_change_sends_a_roster(app, connect, inv, running, away):
    for pupil in running:
        assert inv.end_test(pupil.id).status_code == 200
    assert inv.close().status_code == 200
    back = connect(inv.token, since=away)
    events = back.take()
    assert [name for name, _ in events] == ["roster", "session_updated"]
    roster = events[0][1]
    assert roster["status"] == "closed" and len(roster["candidates"]) == 24
    assert {row["candidate_id"]: row for row in roster["candidates"]} == rows_now(inv)


def test_events_happening_while_connected_are_not_sent_again(app, connect, inv, running):
    dashboard = connect(inv.token)
    dashboard.take()
    assert inv.add_time(running[0].id, 10, "panne").status_code == 200
    seen = dashboard.last_seq()
    dashboard.disconnect()
    back = connect(inv.token, since=seen)
    assert back.rows() == {}


def test_since_older_than_the_feed_remembers_gets_a_roster(app, monkeypatch, connect, inv, running, away):
    monkeypatch.setattr(feed_module, "HISTORY", 3)  # the feed forgets all but the last 3 events
    for n in range(4):
        assert inv.add_time(running[n % 2].id, 1, f"panne n°{n + 1}").status_code == 200
    back = connect(inv.token, since=away)
    events = back.take()
    assert [name for name, _ in events] == ["roster", "session_updated"]
    assert events[0][1]["seq"] == state_of(app).seq
    assert {r["candidate_id"]: r for r in events[0][1]["candidates"]} == rows_now(inv)

    recent = state_of(app).seq - 3  # but a page that saw more recently still catches up
    back.disconnect()
    again = connect(inv.token, since=recent)
    assert "roster" not in [name for name, _ in again.take()]


def test_since_before_a_server_restart_gets_a_roster(app, svc, connect, inv, running, away):
    """After a restart the feed remembers nothing before the journal's seq at load time."""
    assert inv.add_time(running[0].id, 10, "panne").status_code == 200
    svc.feed._floor[state_of(app).id] = state_of(app).seq
    back = connect(inv.token, since=away)
    assert [name for name, _ in back.take()] == ["roster", "session_updated"]


@pytest.mark.parametrize("since", [
    pytest.param(lambda seq: seq + 1, id="ahead"),
    pytest.param(lambda seq: seq + 1000, id="far-ahead"),
    pytest.param(lambda seq: -1, id="negative"),
    pytest.param(lambda seq: 0, id="zero"),
    pytest.param(lambda seq: str(seq), id="string"),
    pytest.param(lambda seq: float(seq), id="float"),
    pytest.param(lambda seq: True, id="bool"),
    pytest.param(lambda seq: None, id="null"),
    pytest.param(lambda seq: [seq], id="list"),
    pytest.param(lambda seq: {"seq": seq}, id="object"),
])
def test_unusable_since_gets_a_fresh_roster(app, connect, inv, running, away, since):
    assert inv.add_time(running[0].id, 10, "panne").status_code == 200
    back = connect(inv.token, since=since(state_of(app).seq))
    assert back.connected
    events = back.take()
    assert [name for name, _ in events] == ["roster", "session_updated"]
    assert len(events[0][1]["candidates"]) == 24 and events[0][1]["seq"] == state_of(app).seq


def test_a_reconnecting_dashboard_hears_live_events_again(app, connect, inv, inv2, running, away):
    back = connect(inv.token, since=away)
    back.take()
    running[0].report()
    rows = back.rows()
    assert rows[running[0].id]["display_status"] == "alert"
