"""Live alerts (REFERENCE.md, Joining and the test, 10; docs/live-dashboard.md, Actions): a
candidate reports a problem on the question on screen; the invigilator dismisses it (the
candidate keeps the question) or validates it with an E-code (the incident is recorded and,
if the question is still on screen, it is replaced by another of the same competence)."""

from __future__ import annotations

import pytest
from corekit import T0, Room, build_catalogue, refused, right_answer

from roomserver.core import commands, snapshot
from roomserver.core.dashboard import display_status
from roomserver.core.incidents import INCIDENT_CODES, LEGACY_CODES, QUESTION_CODES
from roomserver.core.invigilation import (
    close_session,
    dismiss_alert,
    end_test,
    validate_alert,
)
from roomserver.core.matching import Outcome
from roomserver.core.session import Incident
from roomserver.core.states import AttemptStatus, SessionStatus
from roomserver.core.views import candidate_view

MESSAGE = "L'image ne s'affiche pas"


def alerted(catalogue=None, **kw) -> Room:
    """c1 in test, an open alert "al-1" on question 1."""
    room = Room(catalogue or build_catalogue(), **kw)
    room.in_test("c1", token="tok-1")
    room.tick(30)
    room.report("c1", "al-1", MESSAGE)
    room.tick(15)
    return room


def validate(room: Room, alert_id="al-1", code="E1", incident_id="inc-1", candidate_id="c1", by="s1"):
    return room.invigilate(validate_alert, candidate_id, alert_id, code, room.catalogue, by, incident_id)


def assert_refold_equal(room: Room) -> None:
    assert snapshot.to_dict(room.refold()) == snapshot.to_dict(room.state)


# -- dismiss ---------------------------------------------------------------------------------------

def test_dismissing_an_alert_keeps_the_question():
    room = alerted()
    before = list(room.candidate("c1").challenge_ids)
    assert room.invigilate(dismiss_alert, "c1", "al-1", "s1") == [
        ("alert_dismissed", {"candidate_id": "c1", "alert_id": "al-1", "by": "s1"})]
    c1 = room.candidate("c1")
    assert c1.challenge_ids == before and c1.current_index == 0 and c1.replaced == {}
    assert c1.alerts[0].status == "dismissed" and c1.alerts[0].code is None
    assert room.state.incidents == []
    assert_refold_equal(room)


def test_a_dismissed_alert_lets_the_candidate_report_the_same_question_again():
    room = alerted()
    room.invigilate(dismiss_alert, "c1", "al-1", "s1")
    assert room.report("c1", "al-2")
    assert [a.status for a in room.candidate("c1").alerts] == ["dismissed", "open"]


def test_dismissing_twice_is_a_no_op():
    room = alerted()
    room.invigilate(dismiss_alert, "c1", "al-1", "s1")
    assert room.invigilate(dismiss_alert, "c1", "al-1", "s2") == []


# -- validate ---------------------------------------------------------------------------------------

def test_validating_records_an_incident_with_the_code_the_message_the_question_and_its_challenge():
    room = alerted()
    challenge = room.candidate("c1").challenge_ids[0]
    [(type_, data)] = validate(room, code="E3", incident_id="inc-7", by="s2")
    assert type_ == "alert_validated"
    assert data["code"] == "E3" and data["incident_id"] == "inc-7" and data["by"] == "s2"
    assert room.state.incidents == [Incident("inc-7", "E3", MESSAGE, T0 + 45, "s2", "c1", 0, challenge, "al-1")]
    alert = room.candidate("c1").alerts[0]
    assert (alert.status, alert.code) == ("validated", "E3")
    assert_refold_equal(room)


def test_validating_replaces_the_question_still_on_screen_by_another_of_the_same_competence():
    room = alerted()
    old = room.current("c1")
    [(_, data)] = validate(room)
    c1 = room.candidate("c1")
    new = room.current("c1")
    assert c1.current_index == 0 and c1.answered == 0 and c1.total == 5
    assert new.id == data["replacement"] != old.id
    assert new.competence_id == old.competence_id
    assert c1.replaced == {0: [old.id]}
    assert c1.alerts[0].replacement == new.id
    assert new.id not in c1.challenge_ids[1:]
    assert_refold_equal(room)


def test_the_other_questions_are_untouched_by_a_replacement():
    room = alerted()
    before = list(room.candidate("c1").challenge_ids)
    validate(room)
    assert room.candidate("c1").challenge_ids[1:] == before[1:]


def test_a_replacement_forgets_when_the_old_question_was_shown_and_that_focus_was_lost():
    room = Room(build_catalogue(focused=True))
    room.in_test("c1")
    room.answer("c1", right=True)
    room.show("c1")
    room.run(commands.record_focus_lost, "c1", room.current("c1").id, room.catalogue)
    room.report("c1")
    assert 1 in room.candidate("c1").shown_at and room.candidate("c1").focus_lost == {1}
    validate(room)
    c1 = room.candidate("c1")
    assert 1 not in c1.shown_at and c1.focus_lost == set()
    room.answer("c1", right=True)
    assert c1.answers[1].outcome is Outcome.OK  # the replacement is not "focused-out"


def test_a_replacement_keeps_what_the_other_questions_recorded():
    room = Room(build_catalogue(focused=True))
    room.in_test("c1")
    room.show("c1")
    room.run(commands.record_focus_lost, "c1", room.current("c1").id, room.catalogue)
    room.answer("c1", right=True)
    room.report("c1")
    validate(room)
    c1 = room.candidate("c1")
    assert 0 in c1.shown_at and c1.focus_lost == {0}


def test_a_timed_replacement_counts_its_timer_from_its_own_display():
    room = Room(build_catalogue(timer_s=60))
    room.in_test("c1", token="tok-1")
    room.show("c1")
    room.tick(50)
    room.report("c1")
    validate(room)
    view = candidate_view(room.state, room.candidate("c1"), "tok-1", room.catalogue, room.now)
    assert view["question"]["timer_left_s"] == 60  # not shown yet: the whole timer
    room.tick(30)
    room.show("c1")
    assert room.candidate("c1").shown_at[0] == room.now
    room.tick(55)  # 135 s after the first display, 55 s after its own
    room.answer("c1", right=True)
    assert room.candidate("c1").answers[0].outcome is Outcome.OK


def test_an_answer_to_the_replaced_challenge_is_refused_and_one_to_the_new_accepted():
    room = alerted()
    old = room.current("c1").id
    validate(room)
    new = room.current("c1").id
    refused(room.refuse(commands.record_answer, "c1", "late", old, right_answer(room.catalogue.challenges[old]),
                        False, room.catalogue, room.now), 409, "not_current_challenge")
    room.answer("c1", right=True, challenge_id=new)
    answer = room.candidate("c1").answers[0]
    assert (answer.challenge_id, answer.index, answer.outcome) == (new, 0, Outcome.OK)


def test_the_candidate_sees_the_replacement_and_a_new_version():
    room = alerted()
    version = room.candidate("c1").seq
    validate(room)
    view = candidate_view(room.state, room.candidate("c1"), "tok-1", room.catalogue, room.now)
    assert view["question"]["challenge_id"] == room.current("c1").id and view["question"]["index"] == 1
    assert view["alert"] == {"question_number": 1, "status": "validated", "replaced": True}
    assert view["version"] == room.state.seq > version
    assert "code" not in view["alert"]  # the candidate does not see the incident code


def test_after_the_candidate_moved_on_validation_records_the_incident_without_replacement():
    room = alerted()
    before = list(room.candidate("c1").challenge_ids)
    room.answer("c1", right=True)
    [(_, data)] = validate(room)
    c1 = room.candidate("c1")
    assert data["replacement"] is None
    assert c1.challenge_ids == before and c1.replaced == {}
    assert c1.alerts[0].status == "validated" and c1.alerts[0].replacement is None
    assert [(i.code, i.index, i.challenge_id) for i in room.state.incidents] == [("E1", 0, before[0])]


def test_after_the_test_ended_validation_records_the_incident_without_replacement():
    room = alerted()
    room.invigilate(end_test, "c1", "s1")
    [(_, data)] = validate(room)
    assert data["replacement"] is None and room.candidate("c1").replaced == {}
    assert len(room.state.incidents) == 1


def test_validating_when_nothing_can_replace_the_question_records_the_incident_and_no_replacement():
    room = alerted(build_catalogue(variants=1))  # level 1 everywhere, one variant: nothing left
    before = list(room.candidate("c1").challenge_ids)
    [(_, data)] = validate(room)
    assert data["replacement"] is None
    assert room.candidate("c1").challenge_ids == before and room.candidate("c1").current_index == 0
    assert room.state.incidents[0].code == "E1"
    assert room.candidate("c1").alerts[0].replacement is None


def test_a_second_alert_on_a_replacement_never_brings_back_the_first_question():
    room = Room(build_catalogue(variants=3))
    room.in_test("c1")
    first = room.current("c1").id
    room.report("c1", "al-1")
    validate(room, "al-1", incident_id="i1")
    second = room.current("c1").id
    room.report("c1", "al-2")
    validate(room, "al-2", incident_id="i2")
    third = room.current("c1").id
    assert len({first, second, third}) == 3
    assert room.candidate("c1").replaced == {0: [first, second]}
    room.report("c1", "al-3")
    [(_, data)] = validate(room, "al-3", incident_id="i3")
    assert data["replacement"] is None  # three variants of the only level 1 skill: none left
    assert room.current("c1").id == third and len(room.state.incidents) == 3


def test_the_replacement_is_the_same_whoever_decides_it_again():
    # the seed is the session, the candidate and the alert: a fold gives back the same question
    a, b = alerted(), alerted()
    validate(a, by="s1", incident_id="x")
    validate(b, by="s2", incident_id="y")
    assert a.current("c1").id == b.current("c1").id


@pytest.mark.parametrize("code", QUESTION_CODES)
def test_every_question_code_validates_an_alert(code):
    room = alerted()
    validate(room, code=code)
    assert room.state.incidents[0].code == code


@pytest.mark.parametrize("code", [c for c in INCIDENT_CODES if not c.startswith("E")] + list(LEGACY_CODES)
                         + ["", "E6", "E7", "E13", "e1", " E1", None])
def test_only_question_codes_validate_an_alert(code):
    room = alerted()
    refused(room.refuse(validate_alert, "c1", "al-1", code, room.catalogue, "s1", "inc"), 422,
            "incident_code_invalid")


# -- who and which ----------------------------------------------------------------------------------

def test_an_unknown_alert_is_not_found():
    room = alerted()
    refused(room.refuse(dismiss_alert, "c1", "ghost", "s1"), 404, "alert_not_found")
    refused(room.refuse(validate_alert, "c1", "ghost", "E1", room.catalogue, "s1", "i"), 404, "alert_not_found")


def test_another_candidates_alert_is_not_found():
    room = Room()
    room.ready("c1", "Élodie", "Martin")
    room.ready("c2", "Léa", "Durand")
    room.start_session()
    room.start_test("c1")
    room.start_test("c2")
    room.report("c1", "al-1")
    refused(room.refuse(dismiss_alert, "c2", "al-1", "s1"), 404, "alert_not_found")
    refused(room.refuse(validate_alert, "c2", "al-1", "E1", room.catalogue, "s1", "i"), 404, "alert_not_found")


def test_an_unknown_candidate_is_not_found():
    room = alerted()
    refused(room.refuse(dismiss_alert, "ghost", "al-1", "s1"), 404, "candidate_not_found")
    refused(room.refuse(validate_alert, "ghost", "al-1", "E1", room.catalogue, "s1", "i"), 404,
            "candidate_not_found")


# -- one decision per alert --------------------------------------------------------------------------

def test_validating_twice_with_the_same_code_is_a_no_op():
    room = alerted()
    validate(room, incident_id="i1")
    replacement = room.current("c1").id
    assert validate(room, incident_id="i2") == []
    assert room.current("c1").id == replacement and len(room.state.incidents) == 1


def test_validating_again_with_another_code_is_refused():
    room = alerted()
    validate(room, code="E1")
    refusal = refused(room.refuse(validate_alert, "c1", "al-1", "E3", room.catalogue, "s1", "i2"), 409,
                      "alert_already_handled")
    assert "E1" in refusal.message


def test_dismissing_a_validated_alert_is_refused():
    room = alerted()
    validate(room)
    refused(room.refuse(dismiss_alert, "c1", "al-1", "s1"), 409, "alert_already_handled")


def test_validating_a_dismissed_alert_is_refused():
    room = alerted()
    room.invigilate(dismiss_alert, "c1", "al-1", "s1")
    refusal = refused(room.refuse(validate_alert, "c1", "al-1", "E1", room.catalogue, "s1", "i"), 409,
                      "alert_already_handled")
    assert "écarté" in refusal.message


# -- after the close --------------------------------------------------------------------------------

def closed_with_an_open_alert() -> Room:
    room = alerted()
    room.invigilate(end_test, "c1", "s1")
    room.invigilate(close_session, "s1")
    return room


def test_an_open_alert_can_still_be_decided_after_the_close_but_replaces_nothing():
    room = closed_with_an_open_alert()
    before = list(room.candidate("c1").challenge_ids)
    validate(room)
    alert = room.candidate("c1").alerts[0]
    assert alert.status == "validated" and alert.replacement is None
    assert room.candidate("c1").challenge_ids == before and [i.code for i in room.state.incidents] == ["E1"]


def test_an_open_alert_can_be_dismissed_after_the_close():
    room = closed_with_an_open_alert()
    room.invigilate(dismiss_alert, "c1", "al-1", "s1")
    assert room.candidate("c1").alerts[0].status == "dismissed"


def test_an_open_alert_cannot_be_decided_once_finalised():
    room = closed_with_an_open_alert()
    room.state.status = SessionStatus.FINALISED
    refused(room.refuse(dismiss_alert, "c1", "al-1", "s1"), 409, "session_finalised")
    refused(room.refuse(validate_alert, "c1", "al-1", "E1", room.catalogue, "s1", "i"), 409, "session_finalised")


def test_a_decision_sent_again_after_the_close_is_still_a_no_op():
    room = alerted()
    validate(room)
    room.invigilate(end_test, "c1", "s1")
    room.invigilate(close_session, "s1")
    assert validate(room, incident_id="again") == []


def test_the_row_of_an_ended_candidate_with_an_open_alert_shows_the_alert_until_decided():
    room = closed_with_an_open_alert()
    assert room.candidate("c1").status is AttemptStatus.ENDED_BY_INVIGILATOR
    assert display_status(room.candidate("c1")) == "alert"
