"""Impersonation (issue 13): a classmate who knows a candidate's names and birthdate gets nothing
without the invigilator, before and after the start; wrong birthdates are counted per candidate
(journaled, shown on the row) and throttled per candidate, from however many addresses."""

from __future__ import annotations

import pytest

from roomserver.app import create_app

INV = "/api/v1/invigilator"


def at(address: str, agent: str = "Firefox") -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}, "headers": {"User-Agent": agent}}


def join(client, demo, person, address="10.0.0.1", agent="Firefox", **changes):
    body = {"session_number": demo["session_number"], "first_name": person["first_name"],
            "last_name": person["last_name"], "birthdate": person["birthdate"], **changes}
    return client.post("/api/v1/candidate/join", json=body, **at(address, agent))


def state(client, token):
    return client.get("/api/v1/candidate/state", headers={"Authorization": f"Bearer {token}"})


def row(invigilator, candidate_id) -> dict:
    roster = invigilator.session().get_json()
    return next(r for r in roster["candidates"] if r["candidate_id"] == candidate_id)


def lines(app) -> int:
    store = app.extensions["roomserver"].store
    return sum(h.journal.path.read_bytes().count(b"\n") for h in store._handles.values())


@pytest.fixture
def person(app):
    return next(p for p in app.demo["candidates"] if p["certifiable"])


def test_a_second_browser_before_the_start_waits_and_cannot_start(client, app, invigilator, person):
    demo, cid = app.demo, person["candidate_id"]
    real = join(client, demo, person, "10.0.0.11", "Firefox réel").get_json()
    assert real["status"] == "enrolled"
    impostor = join(client, demo, person, "10.0.0.66", "Chromium intrus")
    assert impostor.status_code == 200 and impostor.get_json()["status"] == "awaiting_resume"
    intruder = impostor.get_json()["token"]
    # The real page keeps its token and is told another PC asks.
    seen = state(client, real["token"]).get_json()
    assert seen["status"] == "enrolled" and seen["resume_requested"] is True
    assert state(client, intruder).get_json()["status"] == "awaiting_resume"
    # The row shows both PCs.
    shown = row(invigilator, cid)
    assert shown["resume_pending"] and shown["pc"]["ip"] == "10.0.0.11"
    assert shown["pending_client"] == {"ip": "10.0.0.66", "user_agent": "Chromium intrus"}
    # Present, started: the impostor still cannot type the code; the candidate can.
    assert invigilator.confirm_presence(cid).status_code == 200
    assert invigilator.start_session().status_code == 200
    code = {"access_code": demo["access_code"]}
    refused = client.post("/api/v1/candidate/start", json=code, headers={"Authorization": f"Bearer {intruder}"})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "resume_not_authorised"
    started = client.post("/api/v1/candidate/start", json=code, headers={"Authorization": f"Bearer {real['token']}"})
    assert started.status_code == 200 and started.get_json()["status"] == "in_test"


def test_the_invigilator_refuses_the_other_browser(client, app, invigilator, person):
    demo, cid = app.demo, person["candidate_id"]
    real = join(client, demo, person, "10.0.0.11").get_json()["token"]
    intruder = join(client, demo, person, "10.0.0.66").get_json()["token"]
    headers = {"Authorization": f"Bearer {invigilator.token}"}
    refused = client.post(f"{INV}/candidates/{cid}/refuse-resume", headers=headers)
    assert refused.status_code == 200
    assert refused.get_json()["candidate"]["resume_pending"] is False
    assert refused.get_json()["candidate"]["pending_client"] is None
    assert state(client, intruder).status_code == 401
    assert state(client, real).get_json()["resume_requested"] is False
    again = client.post(f"{INV}/candidates/{cid}/refuse-resume", headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "no_resume_pending"


def test_the_invigilator_authorises_the_other_browser_before_the_start(client, app, invigilator, person):
    demo, cid = app.demo, person["candidate_id"]
    old = join(client, demo, person, "10.0.0.11").get_json()["token"]
    new = join(client, demo, person, "10.0.0.12").get_json()["token"]
    assert invigilator.authorise_resume(cid).status_code == 200
    assert state(client, new).get_json()["status"] == "enrolled"
    assert state(client, old).get_json()["status"] == "moved"
    assert row(invigilator, cid)["pc"]["ip"] == "10.0.0.12"


def test_during_the_test_a_second_browser_still_waits(client, app, started, invigilator):
    actor = started[0]
    intruder = join(client, app.demo, actor.person, "10.0.0.66")
    assert intruder.get_json()["status"] == "awaiting_resume"
    assert state(client, intruder.get_json()["token"]).get_json()["question"] is None
    assert actor.state().get_json()["resume_requested"] is True


def test_wrong_birthdates_are_counted_per_candidate_and_survive_a_restart(client, app, invigilator, person, tmp_path):
    demo, cid = app.demo, person["candidate_id"]
    before = lines(app)
    for i, day in enumerate(("2011-01-01", "2011-01-02", "2011-01-03")):
        refused = join(client, demo, person, f"10.0.1.{i}", birthdate=day)
        assert refused.status_code == 404 and refused.get_json()["error"]["code"] == "identity_not_found"
    assert lines(app) == before + 3  # one join_refused each
    assert row(invigilator, cid)["failed_joins"] == 3
    app.extensions["roomserver"].store.close()
    again = create_app({"data_dir": tmp_path / "data", "async_mode": "threading", "live_tick_s": 0})
    try:
        number = demo["session_number"]
        assert again.extensions["roomserver"].store.by_number(number).state.candidates[cid].failed_joins == 3
    finally:
        again.extensions["roomserver"].store.close()


def test_guesses_from_many_addresses_are_throttled_per_candidate(client, app, person):
    demo = app.demo
    other = [p for p in demo["candidates"] if p["certifiable"]][1]
    for i in range(5):  # five PCs, one wrong birthdate each: no address is throttled
        assert join(client, demo, person, f"10.0.2.{i}", birthdate=f"2011-02-{i + 1:02d}").status_code == 404
    before = lines(app)
    blocked = join(client, demo, person, "10.0.2.99")  # the right birthdate, from a fresh PC: told nothing
    assert blocked.status_code == 429 and blocked.get_json()["error"]["code"] == "too_many_attempts"
    wrong = join(client, demo, person, "10.0.2.98", birthdate="2011-02-20")
    assert wrong.status_code == 429 and wrong.get_json()["error"]["message"] == blocked.get_json()["error"]["message"]
    assert lines(app) == before  # nothing written while throttled
    assert join(client, demo, other, "10.0.2.99").status_code == 200  # another candidate is not concerned


def test_the_same_form_sent_again_is_still_the_candidates_own_browser(client, app, person):
    """The reply to a join was lost and the page sends it again (same join_id): no wait for the
    invigilator. Another form (another join_id, or none) is a second browser."""
    demo = app.demo
    form = "0b7c6f0e-5d43-4c1e-9a8e-2f3c4d5e6f70"
    first = join(client, demo, person, join_id=form).get_json()
    again = join(client, demo, person, join_id=form).get_json()
    assert first["status"] == again["status"] == "enrolled"
    assert state(client, again["token"]).get_json()["resume_requested"] is False
    assert state(client, first["token"]).status_code == 401  # the lost reply's token is replaced
    other = join(client, demo, person, join_id="1b7c6f0e-5d43-4c1e-9a8e-2f3c4d5e6f71").get_json()
    assert other["status"] == "awaiting_resume"
    assert join(client, demo, person).get_json()["status"] == "awaiting_resume"
    journal = app.extensions["roomserver"].store.by_number(demo["session_number"]).journal.path.read_text()
    assert form not in journal  # only its hash is kept


def leave(client, token):
    return client.post("/api/v1/candidate/leave", headers={"Authorization": f"Bearer {token}"})


def test_ce_n_est_pas_moi_gives_the_candidate_back_before_the_start(client, app, invigilator, person):
    """The wrong pupil clicks "Ce n'est pas moi": the row is "pas encore connecté" again, the
    token is dead, and the real pupil's browser is the first one (no invigilator needed)."""
    demo, cid = app.demo, person["candidate_id"]
    wrong = join(client, demo, person, "10.0.0.12").get_json()["token"]
    assert row(invigilator, cid)["connection"]["state"] == "connected"
    assert leave(client, wrong).get_json() == {"left": True}
    shown = row(invigilator, cid)
    assert shown["connection"]["state"] == "never" and shown["resume_pending"] is False
    assert state(client, wrong).status_code == 401
    assert leave(client, wrong).status_code == 401  # sent again: the token is gone, nothing more
    real = join(client, demo, person, "10.0.0.13").get_json()
    assert real["status"] == "enrolled" and state(client, real["token"]).status_code == 200


def test_a_browser_waiting_to_take_over_withdraws_and_after_the_start_it_is_refused(client, app, invigilator, person):
    demo, cid = app.demo, person["candidate_id"]
    real = join(client, demo, person, "10.0.0.11").get_json()["token"]
    other = join(client, demo, person, "10.0.0.66").get_json()["token"]
    assert row(invigilator, cid)["resume_pending"] is True
    assert leave(client, other).get_json() == {"left": True}
    assert row(invigilator, cid)["resume_pending"] is False and state(client, real).status_code == 200
    invigilator.confirm_presence(cid)
    invigilator.start_session()
    started = client.post("/api/v1/candidate/start", json={"access_code": app.demo["access_code"]},
                          headers={"Authorization": f"Bearer {real}"})
    assert started.status_code == 200, started.get_json()
    before = lines(app)
    refused = leave(client, real)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "test_already_started"
    assert lines(app) == before


def test_a_late_pupil_is_refused_and_the_row_shows_when(client, app, invigilator):
    """Entry closed: a pupil absent at the start who joins, and a joined pupil whose presence was
    not confirmed who types the code, are refused; each attempt and its time are on their row."""
    late, unconfirmed = [p for p in app.demo["candidates"] if p["certifiable"]][1:3]
    token = join(client, app.demo, unconfirmed, "10.0.0.21").get_json()["token"]
    present = next(p for p in app.demo["candidates"] if p["certifiable"])
    join(client, app.demo, present, "10.0.0.20")
    invigilator.confirm_presence(present["candidate_id"])
    invigilator.start_session()
    refused = join(client, app.demo, late, "10.0.0.22")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "late_arrival"
    assert len(row(invigilator, late["candidate_id"])["refused_entries"]) == 1
    started = client.post("/api/v1/candidate/start", json={"access_code": app.demo["access_code"]},
                          headers={"Authorization": f"Bearer {token}"})
    assert started.status_code == 403 and started.get_json()["error"]["code"] == "entry_closed"
    [at] = row(invigilator, unconfirmed["candidate_id"])["refused_entries"]
    assert abs(at - app.extensions["roomserver"].store.clock()) < 60
