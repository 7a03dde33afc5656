"""Corrections through the API reach every dashboard: an alert dismissed by mistake reopens
(within two minutes, on the journal's clock), a withdrawn incident leaves the summary and the
row, and the journal keeps the original."""

from __future__ import annotations

import pytest

from .livekit import state_of


@pytest.fixture
def room(dashes, running):
    for pupil in running:
        pupil.question()
    for dashboard in dashes:
        dashboard.take()
    return running


def pushed(dashes, name):
    first, second = (dashboard.take() for dashboard in dashes)
    assert first == second
    return [payload for event, payload in first if event == name]


def test_an_alert_dismissed_by_mistake_is_reopened_on_every_dashboard(app, dashes, inv, inv2, room, clock):
    pupil = room[0]
    pupil.report("rien ne s'affiche")
    [row] = pushed(dashes, "candidate_updated")
    alert_id = row["candidate"]["alerts"][0]["alert_id"]
    assert inv.dismiss(pupil.id, alert_id).status_code == 200
    pushed(dashes, "candidate_updated")
    clock.advance(90)
    response = inv2.post(f"/candidates/{pupil.id}/alerts/{alert_id}/undo-dismiss")
    assert response.status_code == 200, response.get_json()
    [row] = pushed(dashes, "candidate_updated")
    assert row["candidate"]["display_status"] == "alert" and row["candidate"]["open_alerts"] == 1
    assert state_of(app).candidates[pupil.id].alerts[0].status == "open"

    assert inv.dismiss(pupil.id, alert_id).status_code == 200
    clock.advance(121)
    response = inv2.post(f"/candidates/{pupil.id}/alerts/{alert_id}/undo-dismiss")
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "undo_too_late"


def test_a_withdrawn_incident_leaves_the_summary_and_the_row(app, dashes, inv, inv2, room):
    pupil = room[0]
    assert inv.incident(candidate_id=pupil.id, incident_id="6f1c0d7e-8f0a-4a59-9f3e-2f1b7c2d9a11").status_code == 200
    [summary] = pushed(dashes, "session_updated")
    [incident] = summary["session"]["incidents"]
    response = inv2.post("/records/withdraw", {"kind": "incident", "id": incident["incident_id"],
                                               "reason": "Noté sur le mauvais candidat"})
    assert response.status_code == 200, response.get_json()
    [summary] = pushed(dashes, "session_updated")
    assert summary["session"]["incidents"] == []
    [withdrawn] = summary["session"]["withdrawn"]
    assert withdrawn["by"] == inv2.id and withdrawn["reason"] == "Noté sur le mauvais candidat"
    assert state_of(app).incidents == []
    response = inv2.post("/records/correct", {"kind": "incident", "id": incident["incident_id"], "changes": {"text": "x"}})
    assert response.status_code == 404
