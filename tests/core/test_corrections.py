"""Mistakes can be corrected (issue 15): "Écarter" and "Écran de fin vu" undone within two
minutes, registry entries (incidents, frauds, added time) corrected or withdrawn before
finalisation, always as new journal events that keep the original and name who wrote them."""

from __future__ import annotations

import pytest
from corekit import Room, refused

from roomserver.core.dashboard import candidate_row, session_summary
from roomserver.core.invigilation import (
    UNDO_WINDOW_S,
    add_time,
    correct_record,
    dismiss_alert,
    end_test,
    mark_end_screen_seen,
    record_incident,
    report_fraud,
    undo_alert_dismissal,
    undo_end_screen_seen,
    withdraw_record,
)
from roomserver.core.refusal import Refusal
from roomserver.core.room_events import ledger
from roomserver.core.session import touched


@pytest.fixture
def room() -> Room:
    """c1 and c2 in test (5 questions each)."""
    room = Room()
    room.ready("c1", "Élodie", "Martin")
    room.ready("c2", "Inès", "N'Diaye", birthdate="2010-12-23")
    room.start_session()
    room.start_test("c1")
    room.start_test("c2")
    room.show("c1")
    return room


def journal_types(room: Room) -> list[str]:
    return [e.type for e in room.events]


# -- undoing "Écarter" ---------------------------------------------------------------------------

def test_a_dismissed_alert_reopens_within_two_minutes_and_the_journal_keeps_both(room):
    room.report("c1", "al-1")
    room.run(dismiss_alert, "c1", "al-1", "s1")
    room.tick(UNDO_WINDOW_S - 1)
    events = room.run(undo_alert_dismissal, "c1", "al-1", "s2", room.now)
    assert events == [("alert_dismissal_undone", {"candidate_id": "c1", "alert_id": "al-1", "by": "s2"})]
    assert room.candidate("c1").alerts[0].status == "open"
    assert candidate_row(room.state, room.candidate("c1"), room.now)["display_status"] == "alert"
    assert journal_types(room)[-2:] == ["alert_dismissed", "alert_dismissal_undone"]
    assert room.refold().candidates["c1"].alerts[0].status == "open"
    # It can be dismissed again, then undone again.
    room.run(dismiss_alert, "c1", "al-1", "s1")
    room.run(undo_alert_dismissal, "c1", "al-1", "s1", room.now)
    assert room.candidate("c1").alerts[0].status == "open"


def test_undoing_a_dismissal_after_two_minutes_is_refused(room):
    room.report("c1", "al-1")
    room.run(dismiss_alert, "c1", "al-1", "s1")
    room.tick(UNDO_WINDOW_S + 1)
    with pytest.raises(Refusal) as refusal:
        undo_alert_dismissal(room.state, "c1", "al-1", "s1", room.now)
    refused(refusal.value, 409, "undo_too_late")
    assert "2 minutes" in refusal.value.message


def test_an_open_alert_has_nothing_to_undo_and_an_unknown_one_is_not_found(room):
    room.report("c1", "al-1")
    assert undo_alert_dismissal(room.state, "c1", "al-1", "s1", room.now) == []
    with pytest.raises(Refusal) as refusal:
        undo_alert_dismissal(room.state, "c1", "nope", "s1", room.now)
    refused(refusal.value, 404, "alert_not_found")


# -- undoing "Écran de fin vu" ----------------------------------------------------------------------

def test_an_end_screen_ticked_by_mistake_is_unticked_within_two_minutes(room):
    room.run(end_test, "c1", "s1")
    room.run(mark_end_screen_seen, "c1", "s1")
    room.tick(60)
    events = room.run(undo_end_screen_seen, "c1", "s2", room.now)
    assert events == [("end_screen_unseen", {"candidate_id": "c1", "by": "s2"})]
    assert room.candidate("c1").end_screen_seen is False
    assert room.refold().candidates["c1"].end_screen_seen is False
    assert undo_end_screen_seen(room.state, "c1", "s2", room.now) == []  # nothing left to undo
    assert touched(room.state, "end_screen_unseen", events[0][1]) == ["c1"]


def test_unticking_an_end_screen_after_two_minutes_is_refused(room):
    room.run(end_test, "c1", "s1")
    room.run(mark_end_screen_seen, "c1", "s1")
    room.tick(UNDO_WINDOW_S + 5)
    with pytest.raises(Refusal) as refusal:
        undo_end_screen_seen(room.state, "c1", "s1", room.now)
    refused(refusal.value, 409, "undo_too_late")


# -- withdrawing registry entries ---------------------------------------------------------------------

def test_a_withdrawn_incident_leaves_the_state_so_scoring_never_sees_it(room):
    room.run(record_incident, "c1", "E4", "Site indisponible", "s1", "inc-1", 1)
    room.run(record_incident, "c2", "C2", "Arrivé en retard", "s1", "inc-2")
    events = room.run(withdraw_record, "incident", "inc-1", "Noté sur le mauvais candidat", "s2")
    assert events == [("record_withdrawn", {"kind": "incident", "id": "inc-1", "reason": "Noté sur le mauvais candidat",
                                            "candidate_ids": ["c1"], "by": "s2"})]
    assert [i.incident_id for i in room.state.incidents] == ["inc-2"]
    assert [i.incident_id for i in room.refold().incidents] == ["inc-2"]
    summary = session_summary(room.state, room.now)
    assert [i["incident_id"] for i in summary["incidents"]] == ["inc-2"]
    [withdrawn] = summary["withdrawn"]
    assert withdrawn["kind"] == "incident" and withdrawn["by"] == "s2" and withdrawn["summary"] == "E4 — Site indisponible"
    assert candidate_row(room.state, room.candidate("c1"), room.now)["incidents"] == 0
    # The original is still in the journal, with who wrote it.
    recorded = next(e for e in room.events if e.type == "incident_recorded" and e.data["incident_id"] == "inc-1")
    assert recorded.data["by"] == "s1" and recorded.data["text"] == "Site indisponible"
    # Twice is once; a retried request of the withdrawn record does not bring it back.
    assert withdraw_record(room.state, "incident", "inc-1", "encore", "s2") == []
    assert record_incident(room.state, "c1", "E4", "Site indisponible", "s1", "inc-1", 1) == []


def test_a_withdrawn_fraud_report_leaves_the_state(room):
    room.run(report_fraud, ["c1", "c2"], "10:42", "Échange de réponses", "Avertissement", "s1", "fr-1")
    room.run(withdraw_record, "fraud", "fr-1", "Erreur de candidat", "s1")
    assert room.state.frauds == [] and room.refold().frauds == []
    assert report_fraud(room.state, ["c1", "c2"], "10:42", "Échange de réponses", "Avertissement", "s1", "fr-1") == []
    assert touched(room.state, "record_withdrawn", room.events[-1].data) == ["c1", "c2"]


def test_a_withdrawn_added_time_is_taken_back_and_stays_listed_as_withdrawn(room):
    room.run(add_time, ["c1"], 10, "Panne du poste", "s1", "add-1")
    allowed = candidate_row(room.state, room.candidate("c1"), room.now)["allowed_s"]
    room.run(withdraw_record, "time_addition", "add-1", "Mauvais candidat", "s2")
    assert room.candidate("c1").added_s == 0 and room.refold().candidates["c1"].added_s == 0
    assert candidate_row(room.state, room.candidate("c1"), room.now)["allowed_s"] == allowed - 600
    [addition] = session_summary(room.state, room.now)["time_additions"]
    assert addition["withdrawn"]["by"] == "s2" and addition["withdrawn"]["reason"] == "Mauvais candidat"
    assert withdraw_record(room.state, "time_addition", "add-1", "encore", "s2") == []
    with pytest.raises(Refusal) as refusal:
        correct_record(room.state, "time_addition", "add-1", {"reason": "x"}, "s1")
    refused(refusal.value, 404, "record_not_found")


def test_a_withdrawal_needs_a_reason_an_existing_record_and_a_known_kind(room):
    room.run(record_incident, "c1", "C2", "Retard", "s1", "inc-1")
    with pytest.raises(Refusal) as refusal:
        withdraw_record(room.state, "incident", "inc-1", "  ", "s1")
    refused(refusal.value, 422, "text_required")
    with pytest.raises(Refusal) as refusal:
        withdraw_record(room.state, "incident", "nope", "Erreur", "s1")
    refused(refusal.value, 404, "record_not_found")
    with pytest.raises(Refusal) as refusal:
        withdraw_record(room.state, "comment", "x", "Erreur", "s1")
    refused(refusal.value, 422, "record_kind_invalid")


# -- correcting registry entries ------------------------------------------------------------------------

def test_an_incident_is_corrected_and_the_before_and_after_are_kept(room):
    room.run(record_incident, "c1", "E4", "Site indisponible", "s1", "inc-1", 2)
    events = room.run(correct_record, "incident", "inc-1", {"code": "E5", "text": "Vidéo indisponible"}, "s2")
    assert events[0][1]["before"] == {"code": "E4", "text": "Site indisponible"}
    assert events[0][1]["after"] == {"code": "E5", "text": "Vidéo indisponible"} and events[0][1]["by"] == "s2"
    [incident] = room.refold().incidents
    assert (incident.code, incident.text, incident.by) == ("E5", "Vidéo indisponible", "s1")
    [corrected] = session_summary(room.state, room.now)["corrected"]
    assert corrected["by"] == "s2" and corrected["before"]["code"] == "E4"
    assert correct_record(room.state, "incident", "inc-1", {"code": "E5"}, "s2") == []  # nothing changes


def test_a_question_incident_keeps_an_e_code_and_unknown_fields_are_refused(room):
    room.run(record_incident, "c1", "E4", "Site indisponible", "s1", "inc-1", 2)
    with pytest.raises(Refusal) as refusal:
        correct_record(room.state, "incident", "inc-1", {"code": "C2"}, "s1")
    refused(refusal.value, 422, "incident_code_invalid")
    with pytest.raises(Refusal) as refusal:
        correct_record(room.state, "incident", "inc-1", {"candidate_id": "c2"}, "s1")
    refused(refusal.value, 422, "field_not_correctable")


def test_a_fraud_report_and_an_added_time_reason_are_corrected(room):
    room.run(report_fraud, ["c1"], "10:42", "Téléphone", "Avertissement", "s1", "fr-1")
    room.run(correct_record, "fraud", "fr-1", {"observed_at": "10:45", "measures": "Téléphone confisqué"}, "s2")
    fraud = room.refold().frauds[0]
    assert (fraud.observed_at, fraud.measures, fraud.facts) == ("10:45", "Téléphone confisqué", "Téléphone")
    room.run(add_time, ["c2"], 5, "Panne", "s1", "add-1")
    room.run(correct_record, "time_addition", "add-1", {"reason": "Panne du poste 12"}, "s2")
    addition = room.refold().time_additions[0]
    assert addition["reason"] == "Panne du poste 12" and addition["corrections"][0]["before"] == {"reason": "Panne"}


def test_after_finalisation_nothing_is_corrected(room):
    room.run(record_incident, "c1", "C2", "Retard", "s1", "inc-1")
    room.report("c1", "al-1")
    room.run(dismiss_alert, "c1", "al-1", "s1")
    room.state.status = type(room.state.status)("finalised")
    for call in (lambda: withdraw_record(room.state, "incident", "inc-1", "Erreur", "s1"),
                 lambda: correct_record(room.state, "incident", "inc-1", {"text": "Autre"}, "s1"),
                 lambda: undo_alert_dismissal(room.state, "c1", "al-1", "s1", room.now)):
        with pytest.raises(Refusal) as refusal:
            call()
        refused(refusal.value, 409, "session_finalised")


def test_the_ledger_is_rebuilt_by_a_fold_of_the_journal(room):
    room.run(record_incident, "c1", "C2", "Retard", "s1", "inc-1")
    room.run(withdraw_record, "incident", "inc-1", "Erreur", "s1")
    assert ledger(room.refold())["withdrawn"][0]["record"]["text"] == "Retard"


# -- the ledger is part of the checkpoint -----------------------------------------------------------

def test_the_undo_window_and_the_registry_survive_a_restart_from_a_checkpoint(room):
    """A server restarted from its checkpoint (not the whole journal) still allows the undo
    within the window and still lists every withdrawal and correction."""
    import json

    from roomserver.core import snapshot

    room.report("c1", "al-1")
    room.run(dismiss_alert, "c1", "al-1", "s1")
    room.run(record_incident, "c2", "C2", "Arrivé en retard", "s1", "inc-2")
    room.run(record_incident, "c1", "E4", "Site indisponible", "s1", "inc-1", 1)
    room.run(withdraw_record, "incident", "inc-1", "Noté sur le mauvais candidat", "s2")
    room.run(correct_record, "incident", "inc-2", {"text": "Arrivé à 9 h 20"}, "s2")
    restored = snapshot.from_dict(json.loads(json.dumps(snapshot.to_dict(room.state))))
    assert ledger(restored) == ledger(room.state)
    assert [w["id"] for w in ledger(restored)["withdrawn"]] == ["inc-1"]
    assert [c["id"] for c in ledger(restored)["corrected"]] == ["inc-2"]
    room.tick(UNDO_WINDOW_S - 5)
    assert undo_alert_dismissal(restored, "c1", "al-1", "s1", room.now) == [
        ("alert_dismissal_undone", {"candidate_id": "c1", "alert_id": "al-1", "by": "s1"})]
