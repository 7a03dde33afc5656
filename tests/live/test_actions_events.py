"""Each invigilator action (and each candidate move the room must see) comes back to EVERY
dashboard of the session: two invigilators, two logins, two dashboards; an action by one
shows on both, with the same payloads, built at the journal seq of the change."""

from __future__ import annotations

import pytest

from roomserver.core.matching import right_answer

from .livekit import ALERT_KEYS, ROW_KEYS, Pupil, login, state_of


def heard(dashes) -> list[tuple[str, dict]]:
    """What the two dashboards received since the last call: the same events, in the same order."""
    first, second = (dashboard.take() for dashboard in dashes)
    assert first == second
    return first


def names(events) -> list[str]:
    return [name for name, _ in events]


def only_row(events, app) -> dict:
    """The one candidate_updated among ``events``: its payload is at the journal's seq."""
    pushed = [p for name, p in events if name == "candidate_updated"]
    assert len(pushed) == 1, names(events)
    payload = pushed[0]
    assert set(payload) == {"seq", "server_time", "candidate"} and set(payload["candidate"]) == ROW_KEYS
    assert payload["seq"] == state_of(app).seq == payload["candidate"]["seq"]
    return payload["candidate"]


def summary(events) -> dict:
    pushed = [p for name, p in events if name == "session_updated"]
    assert len(pushed) == 1, names(events)
    return pushed[0]["session"]


@pytest.fixture
def room(dashes, running):
    """Two candidates in their test, their first question on screen, two dashboards listening
    (what happened before is taken)."""
    for pupil in running:
        pupil.question()  # the first display is journaled (question_shown): a row update of its own
    heard(dashes)
    return running


# -- before the start ---------------------------------------------------------------------------

def test_join_and_presence_confirmed_then_cancelled(app, dashes, inv, inv2, kids):
    heard(dashes)
    pupil = kids[2]
    assert pupil.join().status_code == 200
    joined = only_row(heard(dashes), app)
    assert joined["joined"] and joined["status"] == "enrolled" and joined["pc"]["ip"] == pupil.ip

    response = inv.confirm(pupil.id)
    events = heard(dashes)
    assert names(events) == ["candidate_updated"]  # a row-only change: no summary
    row = only_row(events, app)
    assert row["status"] == row["display_status"] == "present"
    assert response.get_json() == {"seq": events[0][1]["seq"], "candidate": row}  # the answer is the pushed row

    response = inv2.cancel(pupil.id)  # the other invigilator
    row = only_row(heard(dashes), app)
    assert row["status"] == row["display_status"] == "enrolled"
    assert response.get_json()["candidate"] == row


def test_start_sends_a_roster_to_everyone(app, dashes, inv, inv2, seated):
    heard(dashes)
    response = inv.start()
    events = heard(dashes)
    assert names(events) == ["roster"]
    payload = events[0][1]
    assert payload["status"] == "started" and payload["access_code"] == app.demo["access_code"]
    assert payload["seq"] == response.get_json()["seq"] == state_of(app).seq
    assert sorted(payload["connected_invigilators"]) == sorted([inv.id, inv2.id])
    rows = {row["candidate_id"]: row for row in payload["candidates"]}
    assert len(rows) == 24
    for pupil in seated:
        assert rows[pupil.id]["status"] == "present" and rows[pupil.id]["clock_running"]
        assert rows[pupil.id]["time_left_s"] == rows[pupil.id]["allowed_s"]


def test_another_invigilator_logging_in_is_shown(app, client, dashes):
    third = login(client, app.demo, "Mme Leroy")
    events = heard(dashes)
    assert names(events) == ["session_updated"]
    assert summary(events)["invigilators"][third.id] == "Mme Leroy"


# -- during the test ------------------------------------------------------------------------------

def test_candidate_starting_and_answering_updates_the_row(app, dashes, inv, seated):
    assert inv.start().status_code == 200
    heard(dashes)
    pupil = seated[0]
    assert pupil.start().status_code == 200
    row = only_row(heard(dashes), app)
    assert row["status"] == "in_test" and row["total"] > 0 and row["answered"] == 0
    question = pupil.question()  # the first display is journaled (question_shown)
    heard(dashes)
    challenge = app.extensions["roomserver"].pack.challenges[question["challenge_id"]]
    assert pupil.answer(challenge.id, right_answer(challenge)).status_code == 200
    assert only_row(heard(dashes), app)["answered"] == 1


def test_authorise_resume(app, dashes, inv2, room):
    pupil = room[0]
    elsewhere = Pupil(pupil.client, pupil.demo, pupil.person, ip="10.0.0.99")  # a new browser, another PC
    assert elsewhere.join().status_code == 200
    row = only_row(heard(dashes), app)
    assert row["display_status"] == "awaiting_resume" and row["resume_pending"]
    # The PC asking to take over shows as pending_client (the row's pc stays the candidate's own
    # until the resume is authorised); before CandidateState had pending_client, the pc moved at once.
    assert (row["pending_client"] or {}).get("ip") == "10.0.0.99" or row["pc"]["ip"] == "10.0.0.99"

    response = inv2.authorise_resume(pupil.id)
    assert response.status_code == 200
    row = only_row(heard(dashes), app)
    assert row["display_status"] == row["status"] == "in_test" and not row["resume_pending"]
    assert row["pc"]["ip"] == "10.0.0.99" and row["pending_client"] is None
    assert response.get_json()["candidate"] == row


def test_alert_raised_by_a_candidate_then_dismissed(app, dashes, inv2, room):
    pupil = room[0]
    challenge_id = pupil.report("la vidéo ne démarre pas")
    events = heard(dashes)
    assert names(events) == ["candidate_updated"]
    row = only_row(events, app)
    assert row["display_status"] == "alert" and row["status"] == "in_test" and row["open_alerts"] == 1
    (alert,) = row["alerts"]
    assert set(alert) == ALERT_KEYS
    assert (alert["question_number"], alert["message"], alert["status"], alert["code"], alert["replaced"]) == (
        1, "la vidéo ne démarre pas", "open", None, False)

    response = inv2.dismiss(pupil.id, alert["alert_id"])
    events = heard(dashes)
    assert names(events) == ["candidate_updated"]
    row = only_row(events, app)
    assert row["display_status"] == "in_test" and row["open_alerts"] == 0
    assert row["alerts"][0]["status"] == "dismissed" and not row["alerts"][0]["replaced"]
    assert response.get_json()["candidate"] == row
    assert pupil.question()["challenge_id"] == challenge_id  # the candidate keeps the question

    assert inv2.dismiss(pupil.id, alert["alert_id"]).status_code == 200
    assert heard(dashes) == []  # the same decision again records and pushes nothing


def test_alert_validated_replaces_the_question_and_records_the_incident(app, dashes, inv, room):
    pupil = room[1]
    challenge_id = pupil.report("l'image ne s'affiche pas")
    alert_id = only_row(heard(dashes), app)["alerts"][0]["alert_id"]

    response = inv.validate(pupil.id, alert_id, "E1")
    events = heard(dashes)
    assert names(events) == ["candidate_updated", "session_updated"]
    row = only_row(events, app)
    (alert,) = row["alerts"]
    assert (alert["status"], alert["code"], alert["replaced"]) == ("validated", "E1", True)
    assert row["display_status"] == "in_test" and row["open_alerts"] == 0
    assert response.get_json()["candidate"] == row
    (incident,) = summary(events)["incidents"]
    assert incident["code"] == "E1" and incident["label"] == "L'image ne s'affiche pas"
    assert (incident["candidate_id"], incident["question_number"], incident["by"]) == (pupil.id, 1, inv.id)
    assert incident["text"] == "l'image ne s'affiche pas"
    assert pupil.question()["challenge_id"] != challenge_id  # replaced by another of the same competence


def test_time_added_to_one(app, dashes, inv, room):
    pupil = room[0]
    response = inv.add_time(pupil.id, 10, "panne du poste")
    events = heard(dashes)
    assert names(events) == ["candidate_updated", "session_updated"]
    row = only_row(events, app)
    assert row["added_s"] == 600 and response.get_json()["candidate"] == row
    assert row["time_left_s"] == row["allowed_s"]  # the clock stands still in these tests
    (addition,) = summary(events)["time_additions"]
    assert addition["minutes"] == 10 and addition["reason"] == "panne du poste" and not addition["everyone"]
    assert addition["candidates"] == [f"{pupil.person['first_name']} {pupil.person['last_name']}"]
    assert addition["by"] == inv.id


def test_time_added_to_all(app, dashes, inv2, room):
    response = inv2.add_time_all(5, "alarme incendie")
    events = heard(dashes)
    assert names(events) == ["candidate_updated", "candidate_updated", "session_updated"]
    rows = {p["candidate"]["candidate_id"]: p["candidate"] for n, p in events if n == "candidate_updated"}
    assert set(rows) == {pupil.id for pupil in room}
    assert all(row["added_s"] == 300 for row in rows.values())
    (addition,) = summary(events)["time_additions"]
    assert addition["everyone"] and addition["minutes"] == 5 and addition["by"] == inv2.id
    assert response.get_json()["session"]["time_additions"] == summary(events)["time_additions"]


def test_end_test_counts_the_rest_as_skipped(app, dashes, inv, room):
    pupil = room[0]
    question = pupil.question()
    challenge = app.extensions["roomserver"].pack.challenges[question["challenge_id"]]
    assert pupil.answer(challenge.id, right_answer(challenge)).status_code == 200
    heard(dashes)
    response = inv.end_test(pupil.id)
    events = heard(dashes)
    assert names(events) == ["candidate_updated"]
    row = only_row(events, app)
    assert row["status"] == row["display_status"] == "ended_by_invigilator"
    assert row["answered"] == 1 and row["skipped_by_end"] == row["total"] - 1 and not row["clock_running"]
    assert response.get_json()["candidate"] == row
    assert inv.end_test(pupil.id).status_code == 200 and heard(dashes) == []  # irreversible, and once


def test_end_screen_seen_one_then_all(app, dashes, inv, inv2, room):
    for pupil in room:
        assert inv.end_test(pupil.id).status_code == 200
    heard(dashes)
    first, second = room
    response = inv.end_screen(first.id)
    row = only_row(heard(dashes), app)
    assert row["candidate_id"] == first.id and row["display_status"] == "end_screen_seen" and row["end_screen_seen"]
    assert response.get_json()["candidate"] == row

    response = inv2.end_screens()  # everyone whose test is over and not yet ticked: the second one only
    events = heard(dashes)
    assert names(events) == ["candidate_updated"]
    row = only_row(events, app)
    assert row["candidate_id"] == second.id and row["display_status"] == "end_screen_seen"
    assert response.status_code == 200 and set(response.get_json()) == {"seq", "session"}
    assert inv2.end_screens().status_code == 200 and heard(dashes) == []


def test_session_incident(app, dashes, inv, room):
    response = inv.incident("C7", "coupure du réseau pendant deux minutes")
    events = heard(dashes)
    assert names(events) == ["session_updated"]
    (incident,) = summary(events)["incidents"]
    assert (incident["code"], incident["candidate_id"], incident["candidate"], incident["question_number"]) == (
        "C7", None, None, None)
    assert incident["text"] == "coupure du réseau pendant deux minutes" and incident["by"] == inv.id
    assert response.get_json()["session"]["incidents"] == [incident]


def test_candidate_incident_on_a_question(app, dashes, inv2, room):
    pupil = room[1]
    response = inv2.incident("E9", "le logiciel s'est fermé", candidate_id=pupil.id, question_number=1)
    events = heard(dashes)
    assert names(events) == ["candidate_updated", "session_updated"]
    assert only_row(events, app)["candidate_id"] == pupil.id
    (incident,) = summary(events)["incidents"]
    assert (incident["code"], incident["candidate_id"], incident["question_number"], incident["by"]) == (
        "E9", pupil.id, 1, inv2.id)
    assert incident["candidate"] == f"{pupil.person['first_name']} {pupil.person['last_name']}"
    assert response.status_code == 200


def test_fraud_report(app, dashes, inv, room):
    ids = [pupil.id for pupil in room]
    response = inv.fraud(ids)
    events = heard(dashes)
    assert names(events) == ["candidate_updated", "candidate_updated", "session_updated"]
    assert {p["candidate"]["candidate_id"] for n, p in events if n == "candidate_updated"} == set(ids)
    (fraud,) = summary(events)["frauds"]
    assert fraud["candidate_ids"] == ids and fraud["observed_at"] == "10:42" and fraud["by"] == inv.id
    assert fraud["facts"] == "téléphone allumé sur la table" and len(fraud["candidates"]) == 2
    assert response.get_json()["session"]["frauds"] == [fraud]


def test_comment(app, dashes, inv2, room):
    response = inv2.comment("  Salle calme, une coupure réseau.  ")
    events = heard(dashes)
    assert names(events) == ["session_updated"]
    assert summary(events)["comment"] == "Salle calme, une coupure réseau."
    assert response.get_json()["session"]["comment"] == "Salle calme, une coupure réseau."
    assert inv2.comment("Salle calme, une coupure réseau.").status_code == 200 and heard(dashes) == []


def test_close_sends_a_roster(app, dashes, inv, room):
    for pupil in room:
        assert inv.end_test(pupil.id).status_code == 200
    heard(dashes)
    response = inv.close()
    events = heard(dashes)
    assert names(events) == ["roster"]
    payload = events[0][1]
    assert payload["status"] == "closed" and payload["closed_at"] is not None
    assert payload["seq"] == response.get_json()["seq"] == state_of(app).seq
    assert not any(row["clock_running"] for row in payload["candidates"])
    # records can still be written after closing, and still reach everyone
    assert inv.incident("C8", "un candidat a oublié sa carte").status_code == 200
    assert names(heard(dashes)) == ["session_updated"]
