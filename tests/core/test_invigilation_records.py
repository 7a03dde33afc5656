"""What the invigilator writes down (REFERENCE.md, Incidents and finalisation): incidents with
a current code (for the session, a candidate or one of their questions), fraud reports (one
per case), the session's comment (at most 500 characters). They may still be written after
the close, until finalisation. Also: which candidates each event touches (their row's seq)."""

from __future__ import annotations

import pytest
from corekit import T0, FakeEvent, Room, refused

from roomserver.core import commands, snapshot
from roomserver.core.incidents import (
    COMMENT_MAX,
    INCIDENT_CODES,
    LEGACY_CODES,
    TEXT_MAX,
)
from roomserver.core.invigilation import (
    add_time,
    close_session,
    dismiss_alert,
    end_test,
    mark_end_screen_seen,
    record_incident,
    report_fraud,
    set_comment,
    validate_alert,
)
from roomserver.core.session import HANDLERS, FraudReport, Incident, apply, touched
from roomserver.core.states import SessionStatus


@pytest.fixture
def room() -> Room:
    """c1 and c2 in test (5 questions each), c3 enrolled and absent."""
    room = Room()
    room.ready("c1", "Élodie", "Martin")
    room.ready("c2", "Inès", "N'Diaye", birthdate="2010-12-23")
    room.enrol("c3", "Léa", "Durand", birthdate="2011-02-11")
    room.start_session()
    room.start_test("c1")
    room.start_test("c2")
    room.tick(120)
    return room


def incident(room: Room, candidate_id=None, code="C7", text="Le vidéoprojecteur est tombé en panne",
             incident_id="inc-1", question_number=None, by="s1"):
    return room.invigilate(record_incident, candidate_id, code, text, by, incident_id, question_number)


def fraud(room: Room, candidate_ids=("c1",), observed_at="10:42", facts="Téléphone sous la table",
          measures="Téléphone confisqué", fraud_id="fr-1", by="s1"):
    return room.invigilate(report_fraud, list(candidate_ids), observed_at, facts, measures, by, fraud_id)


def assert_refold_equal(room: Room) -> None:
    assert snapshot.to_dict(room.refold()) == snapshot.to_dict(room.state)


def closed(room: Room) -> Room:
    room.invigilate(end_test, "c1", "s1")
    room.invigilate(end_test, "c2", "s1")
    room.invigilate(close_session, "s1")
    return room


# -- incidents ------------------------------------------------------------------------------------------

def test_a_session_incident_has_no_candidate(room):
    assert incident(room, code="C7", text="  Coupure du réseau  ", incident_id="i1", by="s2") == [
        ("incident_recorded", {"incident_id": "i1", "code": "C7", "text": "Coupure du réseau", "candidate_id": None,
                               "by": "s2"})]
    assert room.state.incidents == [Incident("i1", "C7", "Coupure du réseau", T0 + 120, "s2")]
    assert_refold_equal(room)


def test_a_candidate_incident_names_the_candidate(room):
    incident(room, "c2", code="C1", text="Prénom mal orthographié")
    [recorded] = room.state.incidents
    assert (recorded.candidate_id, recorded.index, recorded.challenge_id) == ("c2", None, None)


def test_an_enrolled_candidate_may_have_an_incident(room):
    incident(room, "c3", code="C8", text="Arrivé en retard, n'a pas composé")
    assert room.state.incidents[0].candidate_id == "c3"


def test_a_question_incident_records_the_question_and_its_challenge(room):
    incident(room, "c1", code="E9", text="La page s'est figée", question_number=3)
    [recorded] = room.state.incidents
    assert (recorded.index, recorded.challenge_id) == (2, room.candidate("c1").challenge_ids[2])
    assert_refold_equal(room)


@pytest.mark.parametrize("number", [1, 5])
def test_question_numbers_run_from_1_to_the_number_of_questions(room, number):
    incident(room, "c1", code="E11", text="Passée par erreur", question_number=number)
    assert room.state.incidents[0].index == number - 1


@pytest.mark.parametrize("number", [0, -1, 6, 48])
def test_a_question_number_outside_the_test_is_refused(room, number):
    refusal = refused(room.refuse(record_incident, "c1", "E11", "Passée par erreur", "s1", "i", number), 422,
                      "question_number_invalid")
    assert "entre 1 et 5" in refusal.message


def test_a_question_number_for_a_candidate_without_a_test_is_refused(room):
    refused(room.refuse(record_incident, "c3", "E11", "?", "s1", "i", 1), 422, "question_number_invalid")


def test_a_question_number_without_a_candidate_is_refused(room):
    refused(room.refuse(record_incident, None, "E1", "Image absente", "s1", "i", 2), 422, "question_number_invalid")


@pytest.mark.parametrize("code", INCIDENT_CODES)
def test_every_current_code_is_accepted(room, code):
    incident(room, "c1", code=code)
    assert room.state.incidents[0].code == code


@pytest.mark.parametrize("code", list(LEGACY_CODES) + ["C9", "E13", "c1", "", " C1", None])
def test_legacy_and_unknown_codes_are_refused(room, code):
    refused(room.refuse(record_incident, "c1", code, "Texte", "s1", "i"), 422, "incident_code_invalid")


@pytest.mark.parametrize("text", ["", "   ", "\n", None])
def test_an_incident_needs_a_description(room, text):
    refused(room.refuse(record_incident, None, "C7", text, "s1", "i"), 422, "text_required")


def test_an_incident_description_is_at_most_2000_characters_once_trimmed(room):
    refused(room.refuse(record_incident, None, "C7", "x" * (TEXT_MAX + 1), "s1", "i"), 422, "text_too_long")
    incident(room, text=" " + "x" * TEXT_MAX + " ")
    assert room.state.incidents[0].text == "x" * TEXT_MAX


def test_an_incident_for_an_unknown_candidate_is_not_found(room):
    refused(room.refuse(record_incident, "ghost", "C1", "Texte", "s1", "i"), 404, "candidate_not_found")


def test_the_same_incident_sent_twice_is_recorded_once(room):
    incident(room, incident_id="i1")
    assert incident(room, code="C8", text="autre", incident_id="i1") == []
    assert len(room.state.incidents) == 1


def test_an_incident_id_taken_by_a_validated_alert_records_nothing_more(room):
    room.report("c1", "al-1")
    room.invigilate(validate_alert, "c1", "al-1", "E1", room.catalogue, "s1", "i1")
    assert incident(room, incident_id="i1") == []


def test_incidents_can_still_be_written_after_the_close(room):
    closed(room)
    incident(room, "c1", code="C4", text="A oublié de signer", question_number=2)
    assert room.state.incidents[-1].code == "C4"


@pytest.mark.parametrize("sealed", [SessionStatus.FINALISED, SessionStatus.SYNCED])
def test_no_incident_once_finalised(room, sealed):
    incident(room, incident_id="before")
    room.state.status = sealed
    refused(room.refuse(record_incident, None, "C7", "Texte", "s1", "i"), 409, "session_finalised")
    assert incident(room, incident_id="before") == []  # a resent one is still a no-op


def test_incidents_can_be_written_before_the_start():
    room = Room()
    room.enrol("c1", "Élodie", "Martin")
    room.invigilate(record_incident, "c1", "C1", "Date de naissance erronée", "s1", "i")
    assert room.state.incidents[0].candidate_id == "c1"


# -- fraud reports ----------------------------------------------------------------------------------------

def test_a_fraud_report_records_who_when_what_and_the_measures(room):
    assert fraud(room, ["c2", "c1"], " 10:42 ", "  Échange de copies  ", " Avertissement ", "f1", "s2") == [
        ("fraud_reported", {"fraud_id": "f1", "candidate_ids": ["c2", "c1"], "observed_at": "10:42",
                            "facts": "Échange de copies", "measures": "Avertissement", "by": "s2"})]
    assert room.state.frauds == [FraudReport("f1", ["c2", "c1"], "10:42", "Échange de copies", "Avertissement",
                                             T0 + 120, "s2")]
    assert_refold_equal(room)


def test_a_fraud_report_names_each_candidate_once_in_the_order_given(room):
    fraud(room, ["c2", "c1", "c2", "c1", "c3"])
    assert room.state.frauds[0].candidate_ids == ["c2", "c1", "c3"]


@pytest.mark.parametrize("candidate_ids", [[], None])
def test_a_fraud_report_needs_a_candidate(room, candidate_ids):
    refused(room.refuse(report_fraud, candidate_ids, "10:42", "Faits", "Mesures", "s1", "f"), 422,
            "candidates_required")


def test_a_fraud_report_about_an_unknown_candidate_is_not_found(room):
    refused(room.refuse(report_fraud, ["c1", "ghost"], "10:42", "Faits", "Mesures", "s1", "f"), 404,
            "candidate_not_found")


@pytest.mark.parametrize("field", ["observed_at", "facts", "measures"])
@pytest.mark.parametrize("blank", ["", "   ", None])
def test_every_field_of_a_fraud_report_is_required(room, field, blank):
    values = {"observed_at": "10:42", "facts": "Faits", "measures": "Mesures", field: blank}
    refused(room.refuse(report_fraud, ["c1"], values["observed_at"], values["facts"], values["measures"], "s1",
                        "f"), 422, "text_required")


@pytest.mark.parametrize("field, limit", [("observed_at", 20), ("facts", TEXT_MAX), ("measures", TEXT_MAX)])
def test_fraud_report_fields_have_a_length_limit(room, field, limit):
    values = {"observed_at": "10:42", "facts": "Faits", "measures": "Mesures"}
    refused(room.refuse(report_fraud, ["c1"], *{**values, field: "x" * (limit + 1)}.values(), "s1", "f"), 422,
            "text_too_long")
    fraud(room, ["c1"], *{**values, field: f"  {'x' * limit}  "}.values())
    assert getattr(room.state.frauds[0], field) == "x" * limit


def test_the_same_fraud_report_sent_twice_is_recorded_once(room):
    fraud(room, fraud_id="f1")
    assert fraud(room, ["c2"], fraud_id="f1") == []
    assert len(room.state.frauds) == 1


def test_one_report_per_case(room):
    fraud(room, ["c1"], fraud_id="f1")
    fraud(room, ["c1"], facts="Autre fait plus tard", fraud_id="f2")
    assert [f.fraud_id for f in room.state.frauds] == ["f1", "f2"]


def test_fraud_reports_can_be_written_after_the_close_but_not_once_finalised(room):
    closed(room)
    fraud(room, fraud_id="f1")
    room.state.status = SessionStatus.FINALISED
    refused(room.refuse(report_fraud, ["c1"], "10:42", "Faits", "Mesures", "s1", "f2"), 409, "session_finalised")


# -- the session comment -----------------------------------------------------------------------------------

def test_the_comment_is_recorded_trimmed(room):
    assert room.invigilate(set_comment, "  Session calme.  ", "s2") == [
        ("comment_set", {"comment": "Session calme.", "by": "s2"})]
    assert room.state.comment == "Session calme."
    assert_refold_equal(room)


def test_the_comment_is_at_most_500_characters(room):
    room.invigilate(set_comment, "x" * COMMENT_MAX, "s1")
    assert len(room.state.comment) == 500
    refusal = refused(room.refuse(set_comment, "y" * (COMMENT_MAX + 1), "s1"), 422, "text_too_long")
    assert "500" in refusal.message and room.state.comment == "x" * 500


def test_the_same_comment_again_records_nothing(room):
    room.invigilate(set_comment, "Session calme.", "s1")
    assert room.invigilate(set_comment, " Session calme. ", "s2") == []


def test_an_empty_comment_clears_it(room):
    room.invigilate(set_comment, "Session calme.", "s1")
    assert room.invigilate(set_comment, "   ", "s1") == [("comment_set", {"comment": "", "by": "s1"})]
    assert room.state.comment == ""
    assert room.invigilate(set_comment, "", "s1") == []  # already empty


def test_the_comment_can_change_after_the_close_but_not_once_finalised(room):
    closed(room)
    room.invigilate(set_comment, "Écrit après la clôture", "s1")
    room.state.status = SessionStatus.FINALISED
    refused(room.refuse(set_comment, "Trop tard", "s1"), 409, "session_finalised")
    assert room.state.comment == "Écrit après la clôture"


# -- which rows an event touches ------------------------------------------------------------------------------

def seqs(room: Room) -> dict[str, int]:
    return {cid: c.seq for cid, c in room.state.candidates.items()}


def touched_by_last(room: Room, before: dict[str, int]) -> set[str]:
    return {cid for cid, seq in seqs(room).items() if seq != before.get(cid)}


@pytest.mark.parametrize("action, expected", [
    (lambda r: r.report("c1", "al-1"), {"c1"}),
    (lambda r: r.answer("c2", right=True), {"c2"}),
    (lambda r: r.answer("c2", skip=True, answer_id="a-skip") and r.show("c2"), {"c2"}),
    (lambda r: r.invigilate(add_time, ["c2"], 5, "Motif", "s1", "a"), {"c2"}),
    (lambda r: r.invigilate(add_time, None, 5, "Motif", "s1", "a"), {"c1", "c2"}),
    (lambda r: r.invigilate(end_test, "c1", "s1"), {"c1"}),
    (lambda r: r.invigilate(record_incident, "c2", "C7", "Texte", "s1", "i"), {"c2"}),
    (lambda r: r.invigilate(record_incident, None, "C7", "Texte", "s1", "i"), set()),
    (lambda r: r.invigilate(report_fraud, ["c1", "c3"], "10:42", "Faits", "Mesures", "s1", "f"), {"c1", "c3"}),
    (lambda r: r.invigilate(set_comment, "Calme", "s1"), set()),
    (lambda r: r.run(commands.invigilator_login, "tok-s", "M. Diallo"), set()),
    (lambda r: r.run(commands.server_started, "0.2.0"), {"c1", "c2", "c3"}),
], ids=["problem", "answer", "shown", "time-one", "time-all", "end-test", "incident-candidate",
        "incident-session", "fraud", "comment", "login", "server-start"])
def test_an_event_touches_the_rows_of_the_candidates_it_concerns(room, action, expected):
    before = seqs(room)
    room.tick(1)
    action(room)
    assert touched_by_last(room, before) == expected
    for cid in expected:
        assert room.candidate(cid).seq == room.state.seq


def test_alert_decisions_touch_the_candidate(room):
    room.report("c1", "al-1")
    room.report("c2", "al-2")
    before = seqs(room)
    room.invigilate(dismiss_alert, "c1", "al-1", "s1")
    assert touched_by_last(room, before) == {"c1"}
    before = seqs(room)
    room.invigilate(validate_alert, "c2", "al-2", "E1", room.catalogue, "s1", "i")
    assert touched_by_last(room, before) == {"c2"}


def test_end_screens_touch_the_candidates_ticked(room):
    room.finish("c1")
    room.invigilate(end_test, "c2", "s1")
    before = seqs(room)
    room.invigilate(mark_end_screen_seen, None, "s1")
    assert touched_by_last(room, before) == {"c1", "c2"}


def test_closing_and_starting_the_session_touch_everyone(room):
    room.invigilate(end_test, "c1", "s1")
    room.invigilate(end_test, "c2", "s1")
    before = seqs(room)
    room.invigilate(close_session, "s1")
    assert touched_by_last(room, before) == {"c1", "c2", "c3"}
    fresh = Room()
    fresh.ready("c1", "Élodie", "Martin")
    fresh.enrol("c2", "Léa", "Durand")
    fresh.start_session()
    assert seqs(fresh) == {"c1": fresh.state.seq, "c2": fresh.state.seq}


@pytest.mark.parametrize("event_type", ["session_started", "session_closed", "server_started"])
def test_session_wide_events_touch_every_candidate(room, event_type):
    assert touched(room.state, event_type, {}) == ["c1", "c2", "c3"]


def test_touched_ignores_candidates_that_do_not_exist(room):
    assert touched(room.state, "fraud_reported", {"candidate_ids": ["c1", "ghost"]}) == ["c1"]
    assert touched(room.state, "incident_recorded", {"candidate_id": "ghost"}) == []
    assert touched(room.state, "incident_recorded", {"candidate_id": None}) == []
    assert touched(room.state, "comment_set", {"comment": "x"}) == []


def test_apply_sets_the_seq_of_the_touched_candidates_only(room):
    others = room.candidate("c2").seq
    apply(room.state, FakeEvent(500, room.now, "time_added", {
        "addition_id": "z", "candidate_ids": ["c1"], "seconds": 60, "reason": "r", "everyone": False, "by": "s1"},
        "h500"))
    assert room.candidate("c1").seq == 500 and room.candidate("c2").seq == others
    assert (room.state.seq, room.state.hash) == (500, "h500")


def test_every_invigilator_event_has_a_handler():
    for event_type in ("alert_dismissed", "alert_validated", "time_added", "test_ended_by_invigilator",
                       "end_screen_seen", "incident_recorded", "fraud_reported", "comment_set", "session_closed"):
        assert event_type in HANDLERS
