"""Commands and the fold, through a whole session on a synthetic catalogue
(REFERENCE.md: Session, Candidate, Joining and the test).

Every command's events are appended to a journal (through JSON) and applied, as the
store does; the state is then checked, and re-folding the whole journal must give the
same state."""

from __future__ import annotations

import pytest
from corekit import (
    ACCESS_CODE,
    NOT_CERTIFIABLE,
    SESSION_ID,
    T0,
    FakeEvent,
    Room,
    build_catalogue,
    event,
    full_profile,
    refused,
    right_answer,
    small_profile,
    wrong_answer,
)

from roomserver.core import commands, snapshot
from roomserver.core.generation import Profile, generate_test
from roomserver.core.matching import Outcome
from roomserver.core.refusal import Refusal
from roomserver.core.session import apply, fold
from roomserver.core.states import AttemptStatus, SessionStatus

DAY = 24 * 3600



@pytest.fixture
def room():
    return Room()


def refusal_of(call, *args, **kwargs) -> Refusal:
    with pytest.raises(Refusal) as excinfo:
        call(*args, **kwargs)
    return excinfo.value


def assert_refold_equal(room: Room) -> None:
    assert snapshot.to_dict(room.refold()) == snapshot.to_dict(room.state)


# -- fold --------------------------------------------------------------------------------------

def test_create_session_is_one_event_that_folds_into_a_fresh_session(room):
    [(type_, data)] = commands.create_session("s9", 123, "KMPT47", "C-BX3H7Q", {"room": "B12"}, {"id": "p"})
    assert type_ == "session_created"
    state = fold([event(1, T0, type_, data)])
    assert (state.id, state.number, state.access_code, state.invigilator_password) == ("s9", 123, "KMPT47",
                                                                                       "C-BX3H7Q")
    assert state.details == {"room": "B12"} and state.pack == {"id": "p"}
    assert state.status is SessionStatus.CREATED and state.started_at is None
    assert (state.seq, state.hash) == (1, "hash-1")
    assert state.candidates == {} and state.tokens == {}


def test_fold_needs_session_created_first_and_only_first(room):
    with pytest.raises(ValueError):
        fold([])
    with pytest.raises(ValueError):
        fold([event(1, T0, "server_started", {"version": "1"})])
    with pytest.raises(ValueError):
        fold(room.events + [event(2, T0, "session_created", room.events[0].data)])


def test_fold_refuses_an_unknown_event_type(room):
    with pytest.raises(ValueError, match="unknown event type"):
        fold(room.events + [event(2, T0, "moon_landed", {})])


def test_apply_records_seq_and_hash(room):
    apply(room.state, FakeEvent(7, T0, "server_started", {"version": "1"}, "abc"))
    assert (room.state.seq, room.state.hash) == (7, "abc")


def test_fold_from_a_checkpoint_continues_with_the_rest(room):
    room.enrol("c1", "Élodie", "Martin")
    checkpoint = snapshot.from_dict(snapshot.to_dict(fold(room.events[:1])))
    assert snapshot.to_dict(fold(room.events[1:], checkpoint)) == snapshot.to_dict(room.state)


def test_server_started_is_recorded_while_the_session_is_open(room):
    room.tick(5)
    assert room.run(commands.server_started, "0.1.0") == [
        ("server_started", {"version": "0.1.0", "down_from": T0, "alive_at": None})]
    assert room.state.server_starts == [T0 + 5]
    assert room.state.outages == [[T0, T0 + 5]]  # down since the last event it wrote
    room.state.status = SessionStatus.CLOSED
    assert commands.server_started(room.state, "0.1.0") == []


# -- enrolment -----------------------------------------------------------------------------------

def test_enrol_adds_a_candidate(room):
    profile = small_profile(room.catalogue)
    events = room.enrol("c1", "  Élodie ", " Le Gall ", "2011-03-14", profile, extra_time_pct=33,
                        details={"sex": "F"})
    assert [t for t, _ in events] == ["candidate_enrolled"]
    c = room.candidate("c1")
    assert (c.first_name, c.last_name, c.birthdate, c.extra_time_pct) == ("Élodie", "Le Gall", "2011-03-14", 33)
    assert c.profile == profile and c.details == {"sex": "F"}
    assert c.status is AttemptStatus.ENROLLED and c.token is None and c.challenge_ids == []
    assert c.certifiable
    assert_refold_equal(room)


def test_enrol_defaults(room):
    room.run(commands.enrol_candidate, "c1", "Léa", "Durand", "2011-02-11")
    c = room.candidate("c1")
    assert c.extra_time_pct == 0 and c.profile == Profile() and c.details == {} and not c.certifiable


@pytest.mark.parametrize("first, last", [
    ("Élodie", "Martin"), ("ELODIE", "MARTIN"), ("elodie", " martin "), ("Elodie", "Mar-tin"), ("É'lodie", "Martín"),
])
def test_duplicate_after_normalisation_is_refused(room, first, last):
    room.enrol("c1", "Élodie", "Martin", "2011-03-14")
    refused(refusal_of(room.enrol, "c2", first, last, "2011-03-14"), 409, "candidate_duplicate")
    assert list(room.state.candidates) == ["c1"]


def test_same_name_other_birthdate_is_not_a_duplicate(room):
    room.enrol("c1", "Élodie", "Martin", "2011-03-14")
    room.enrol("c2", "Élodie", "Martin", "2011-03-15")
    assert len(room.state.candidates) == 2


def test_same_candidate_id_twice_is_refused(room):
    room.enrol("c1", "Élodie", "Martin")
    refused(refusal_of(room.enrol, "c1", "Léa", "Durand"), 409, "candidate_duplicate")


@pytest.mark.parametrize("first, last", [("", "Martin"), ("Élodie", "  "), ("Ельцин", "Martin"), ("-", "'")])
def test_name_without_any_letter_or_digit_is_refused(room, first, last):
    refused(refusal_of(room.enrol, "c1", first, last), 422, "identity_invalid")


def test_enrolment_is_refused_after_the_start(room):
    room.ready("c1", "Élodie", "Martin")
    room.start_session()
    refused(refusal_of(room.enrol, "c2", "Léa", "Durand"), 409, "session_started")


# -- join ---------------------------------------------------------------------------------------------

def test_join_hands_out_a_token(room):
    room.enrol("c1", "Élodie", "Martin", "2011-03-14")
    candidate_id, events = room.join("elodie", "MARTIN", "2011-03-14", token="t1", client={"ip": "10.0.0.7"})
    assert candidate_id == "c1"
    assert events == [("candidate_joined", {"candidate_id": "c1", "token_sha256": "t1", "authorised": True,
                                            "client": {"ip": "10.0.0.7"}})]
    c = room.candidate("c1")
    assert c.token == "t1" and c.pending_token is None and c.client == {"ip": "10.0.0.7"}
    assert room.state.tokens == {"t1": "c1"}
    assert_refold_equal(room)


@pytest.mark.parametrize("first, last", [("Elodie", "Le Gall"), ("ÉLODIE", "LEGALL"), ("elodie", "le-gall"),
                                         (" Élodie ", "l'e gall")])
def test_join_matches_names_after_normalisation(room, first, last):
    room.enrol("c1", "Élodie", "Le Gall", "2011-03-14")
    assert room.join(first, last, "2011-03-14")[0] == "c1"


@pytest.mark.parametrize("first, last, birthdate", [
    ("Élodie", "Martin", "2011-03-15"),  # birthdate matches exactly
    ("Élodie", "Martine", "2011-03-14"),
    ("Martin", "Élodie", "2011-03-14"),  # first and last swapped
    ("", "", "2011-03-14"),
])
def test_join_not_found(room, first, last, birthdate):
    room.enrol("c1", "Élodie", "Martin", "2011-03-14")
    refused(refusal_of(room.join, first, last, birthdate), 404, "identity_not_found")


def test_join_ambiguous_when_two_enrolments_share_the_identity(room):
    # enrol refuses this; a journal may still hold it (e.g. an import): fold the events directly
    for seq, (cid, first, last) in enumerate([("c1", "Élodie", "Le Gall"), ("c2", "ELODIE", "LEGALL")], start=2):
        room.state = apply(room.state, event(seq, T0, "candidate_enrolled", {
            "candidate_id": cid, "first_name": first, "last_name": last, "birthdate": "2011-03-14",
            "profile": small_profile(room.catalogue).to_dict()}))
    assert len(room.state.find("Elodie", "Le Gall", "2011-03-14")) == 2
    refused(refusal_of(room.join, "Elodie", "Le Gall", "2011-03-14"), 409, "identity_ambiguous")


def test_join_refused_when_not_certifiable(room):
    room.enrol("c1", "Élodie", "Martin", profile=NOT_CERTIFIABLE)
    refused(refusal_of(room.join, "Élodie", "Martin"), 403, "not_certifiable")
    assert room.state.tokens == {}


def test_late_arrival_refused_after_the_start(room):
    room.ready("c1", "Élodie", "Martin")
    room.enrol("c2", "Léa", "Durand")
    room.start_session()
    refused(refusal_of(room.join, "Léa", "Durand"), 403, "late_arrival")


def test_a_second_browser_after_the_start_waits_for_the_invigilator(room):
    room.ready("c1", "Élodie", "Martin", token="old")
    room.start_session()
    _, [(_, data)] = room.join("Élodie", "Martin", token="new")
    assert data["authorised"] is False
    assert room.state.tokens == {"old": "c1", "new": "c1"}  # the candidate's own page keeps its token
    assert room.candidate("c1").token == "old" and room.candidate("c1").pending_token == "new"


def test_a_second_browser_before_the_test_waits_for_the_invigilator(room):
    """A classmate who knows the names and birthdate gets nothing without the invigilator."""
    room.enrol("c1", "Élodie", "Martin")
    room.join("Élodie", "Martin", token="t1", client={"ip": "10.0.0.1", "user_agent": "A"})
    _, [(_, data)] = room.join("Élodie", "Martin", token="t2", client={"ip": "10.0.0.2", "user_agent": "B"})
    c = room.candidate("c1")
    assert data["authorised"] is False
    assert c.token == "t1" and c.pending_token == "t2" and room.state.tokens == {"t1": "c1", "t2": "c1"}
    assert c.client == {"ip": "10.0.0.1", "user_agent": "A"} and c.pending_client == {"ip": "10.0.0.2", "user_agent": "B"}
    assert_refold_equal(room)


def test_the_same_join_sent_again_is_not_a_second_browser(room):
    room.enrol("c1", "Élodie", "Martin")
    room.join("Élodie", "Martin", token="t1", client={"ip": "10.0.0.1", "join_sha256": "f" * 64})
    _, [(_, data)] = room.join("Élodie", "Martin", token="t2", client={"ip": "10.0.0.1", "join_sha256": "f" * 64})
    assert data["authorised"] is True and room.state.tokens == {"t2": "c1"}
    _, [(_, data)] = room.join("Élodie", "Martin", token="t3", client={"ip": "10.0.0.1", "join_sha256": "e" * 64})
    assert data["authorised"] is False
    room.run(commands.confirm_presence, "c1")
    room.start_session()
    room.start_test("c1")
    _, [(_, data)] = room.join("Élodie", "Martin", token="t4", client={"ip": "10.0.0.1", "join_sha256": "f" * 64})
    assert data["authorised"] is False  # during the test, always the invigilator


def test_the_invigilator_authorises_or_refuses_the_other_browser(room):
    room.enrol("c1", "Élodie", "Martin")
    room.join("Élodie", "Martin", token="t1", client={"ip": "10.0.0.1"})
    room.join("Élodie", "Martin", token="t2", client={"ip": "10.0.0.2"})
    room.run(commands.refuse_resume, "c1", "s1")
    c = room.candidate("c1")
    assert (c.token, c.pending_token, c.pending_client) == ("t1", None, None) and room.state.tokens == {"t1": "c1"}
    with pytest.raises(Refusal) as refused:
        commands.refuse_resume(room.state, "c1", "s1")
    assert refused.value.status == 409
    room.join("Élodie", "Martin", token="t3", client={"ip": "10.0.0.3"})
    room.run(commands.authorise_resume, "c1", room.now, "s1")
    c = room.candidate("c1")
    assert c.token == "t3" and c.client == {"ip": "10.0.0.3"} and c.pending_client is None
    assert c.moved_tokens == ["t1"]  # the first PC is told it moved, never sent back to the form
    assert_refold_equal(room)


def test_a_wrong_birthdate_is_counted_on_every_candidate_it_names(room):
    room.enrol("c1", "Élodie", "Martin", "2011-03-14")
    room.enrol("c2", "Elodie", "MARTIN", "2010-01-01")  # a namesake
    room.enrol("c3", "Lucas", "Bernard", "2011-07-02")
    room.run(commands.refused_join, "Élodie", "Martin", "2011-03-15")
    room.run(commands.refused_join, "élodie", "martin", "2011-03-16")
    assert [room.candidate(c).failed_joins for c in ("c1", "c2", "c3")] == [2, 2, 0]
    assert commands.refused_join(room.state, "Lucas", "Bernard", "2011-07-02") == []  # right birthdate: not a guess
    assert commands.refused_join(room.state, "Inconnu", "Personne", "2011-07-02") == []
    assert_refold_equal(room)


def test_a_second_join_during_the_test_waits_for_the_invigilator(room):
    cid = room.in_test("c1", token="first")
    _, [(_, data)] = room.join("Élodie", "Martin", token="second")
    assert data["authorised"] is False
    c = room.candidate(cid)
    assert c.token == "first" and c.pending_token == "second"
    assert room.state.tokens == {"first": "c1", "second": "c1"}
    assert_refold_equal(room)


def test_a_third_join_replaces_the_pending_one(room):
    room.in_test("c1", token="first")
    room.join("Élodie", "Martin", token="second")
    room.join("Élodie", "Martin", token="third")
    c = room.candidate("c1")
    assert c.pending_token == "third" and room.state.tokens == {"first": "c1", "third": "c1"}


def test_authorise_resume_swaps_tokens_and_revokes_the_old_ones(room):
    room.in_test("c1", token="first")
    room.answer("c1", right=True)
    room.join("Élodie", "Martin", token="second")
    assert room.run(commands.authorise_resume, "c1", room.now) == [("resume_authorised", {"candidate_id": "c1", "by": ""})]
    c = room.candidate("c1")
    assert c.token == "second" and c.pending_token is None
    # the old token is kept as moved: the old PC is told the test goes on elsewhere
    assert room.state.tokens == {"first": "c1", "second": "c1"} and c.moved_tokens == ["first"]
    assert c.current_index == 1  # the test continues where it was
    assert_refold_equal(room)


def test_authorise_resume_without_a_pending_join_is_refused(room):
    room.in_test("c1")
    refused(refusal_of(commands.authorise_resume, room.state, "c1", room.now), 409, "no_resume_pending")
    refused(refusal_of(commands.authorise_resume, room.state, "nobody", room.now), 404, "candidate_not_found")


def test_resume_up_to_24_hours_then_refused(room):
    room.in_test("c1")
    room.tick(DAY)
    room.join("Élodie", "Martin", token="at-24h")
    assert room.candidate("c1").pending_token == "at-24h"
    room.tick(1)
    refused(refusal_of(room.join, "Élodie", "Martin", token="late"), 403, "resume_expired")
    refused(refusal_of(commands.authorise_resume, room.state, "c1", room.now), 409, "resume_expired")


def test_join_refused_once_the_session_is_closed(room):
    room.in_test("c1")
    room.state.status = SessionStatus.CLOSED  # no close command yet in the core
    refused(refusal_of(room.join, "Élodie", "Martin"), 409, "session_closed")
    refused(refusal_of(commands.authorise_resume, room.state, "c1", room.now), 409, "session_closed")


# -- presence ----------------------------------------------------------------------------------------

def test_confirm_then_cancel_presence(room):
    room.enrol("c1", "Élodie", "Martin")
    assert room.run(commands.confirm_presence, "c1") == [("presence_confirmed", {"candidate_id": "c1", "by": ""})]
    assert room.candidate("c1").status is AttemptStatus.PRESENT
    assert room.run(commands.confirm_presence, "c1") == []  # idempotent
    assert room.run(commands.cancel_presence, "c1") == [("presence_cancelled", {"candidate_id": "c1", "by": ""})]
    assert room.candidate("c1").status is AttemptStatus.ENROLLED
    assert room.run(commands.cancel_presence, "c1") == []  # idempotent
    assert_refold_equal(room)


def test_presence_of_a_non_certifiable_candidate_is_refused(room):
    room.enrol("c1", "Élodie", "Martin", profile=NOT_CERTIFIABLE)
    refused(refusal_of(commands.confirm_presence, room.state, "c1"), 409, "not_certifiable")


def test_presence_of_an_unknown_candidate(room):
    refused(refusal_of(commands.confirm_presence, room.state, "ghost"), 404, "candidate_not_found")
    refused(refusal_of(commands.cancel_presence, room.state, "ghost"), 404, "candidate_not_found")


def test_presence_cannot_change_after_the_start(room):
    room.ready("c1", "Élodie", "Martin")
    room.enrol("c2", "Léa", "Durand")
    room.start_session()
    refused(refusal_of(commands.confirm_presence, room.state, "c2"), 409, "session_started")
    refused(refusal_of(commands.cancel_presence, room.state, "c1"), 409, "session_started")
    assert room.candidate("c1").status is AttemptStatus.PRESENT


# -- start of the session --------------------------------------------------------------------------

def test_start_session_needs_someone_present(room):
    room.enrol("c1", "Élodie", "Martin")
    refused(refusal_of(commands.start_session, room.state), 409, "nobody_present")
    room.run(commands.confirm_presence, "c1")
    room.tick(60)
    assert room.start_session() == [("session_started", {"by": ""})]
    assert room.state.status is SessionStatus.STARTED and room.state.started_at == T0 + 60
    assert room.start_session() == []  # idempotent
    assert_refold_equal(room)


def test_start_session_refused_once_closed(room):
    room.ready("c1", "Élodie", "Martin")
    room.start_session()
    room.state.status = SessionStatus.CLOSED
    refused(refusal_of(commands.start_session, room.state), 409, "illegal_transition")


# -- start of the test ------------------------------------------------------------------------------

def test_start_test_refused_before_presence(room):
    room.enrol("c1", "Élodie", "Martin")
    room.join("Élodie", "Martin")
    refused(refusal_of(room.start_test, "c1"), 403, "presence_not_confirmed")


def test_start_test_refused_before_the_session_starts(room):
    room.ready("c1", "Élodie", "Martin")
    refused(refusal_of(room.start_test, "c1"), 403, "session_not_started")


@pytest.mark.parametrize("code", ["KMPT48", "", "KMPT4", "KMPT477", "C-BX3H7Q", "BX3H7Q"])
def test_start_test_refused_with_a_wrong_code(room, code):
    room.ready("c1", "Élodie", "Martin")
    room.start_session()
    refused(refusal_of(room.start_test, "c1", code), 422, "access_code_incorrect")
    assert room.candidate("c1").status is AttemptStatus.PRESENT


@pytest.mark.parametrize("code", [ACCESS_CODE, "kmpt47", " KMPT 47 ", "kmpt-47"])
def test_start_test_generates_the_test(room, code):
    room.ready("c1", "Élodie", "Martin")
    room.start_session()
    room.tick(30)
    [(type_, data), shown] = room.start_test("c1", code)
    expected = generate_test(room.catalogue, room.candidate("c1").profile, seed=f"{SESSION_ID}:c1")
    assert type_ == "test_started" and data["challenge_ids"] == expected and len(expected) == 5
    assert shown == ("question_shown", {"candidate_id": "c1", "index": 0})  # its timer starts with the code
    c = room.candidate("c1")
    assert c.status is AttemptStatus.IN_TEST and c.challenge_ids == expected and c.test_started_at == T0 + 30
    assert (c.total, c.answered, c.current_index) == (5, 0, 0)
    assert_refold_equal(room)


def test_start_test_is_idempotent_once_started(room):
    room.in_test("c1")
    before = list(room.candidate("c1").challenge_ids)
    assert room.start_test("c1") == []
    assert room.start_test("c1", "WRONG1") == []
    assert room.candidate("c1").challenge_ids == before


def test_start_test_unknown_candidate(room):
    refused(refusal_of(room.start_test, "ghost"), 404, "candidate_not_found")


def test_start_test_refused_when_no_question_can_be_made(room):
    hollow = Profile({cid: 16 for cid in room.catalogue.competences})  # certifiable, no validated skill
    room.ready("c1", "Élodie", "Martin", profile=hollow)
    room.start_session()
    refused(refusal_of(room.start_test, "c1"), 409, "no_questions")


def test_start_test_refused_in_a_closed_session(room):
    room.ready("c1", "Élodie", "Martin")
    room.start_session()
    room.state.status = SessionStatus.CLOSED
    refused(refusal_of(room.start_test, "c1"), 409, "session_closed")


def test_two_candidates_get_their_own_tests(room):
    room.ready("c1", "Élodie", "Martin", profile=full_profile(room.catalogue, 3))
    room.ready("c2", "Léa", "Durand", profile=full_profile(room.catalogue, 3))
    room.start_session()
    room.start_test("c1")
    room.start_test("c2")
    assert len(room.candidate("c1").challenge_ids) == 48
    assert room.candidate("c1").challenge_ids != room.candidate("c2").challenge_ids


# -- questions and answers --------------------------------------------------------------------------

def test_show_question_is_recorded_once_per_question(room):
    room.in_test("c1")  # the first question is shown by the answer to the access code
    assert room.candidate("c1").shown_at == {0: T0}
    room.tick(3)
    assert room.show("c1") == []
    room.answer("c1", right=True)
    room.tick(10)
    assert room.show("c1") == [("question_shown", {"candidate_id": "c1", "index": 1})]
    assert room.show("c1") == []
    assert room.candidate("c1").shown_at == {0: T0, 1: T0 + 13}
    assert_refold_equal(room)


def test_fold_keeps_the_first_time_a_question_was_shown(room):
    # two browsers may both report the same question before either event is applied
    cid = room.in_test("c1")
    room.answer(cid, right=True)
    for seq, ts in ((90, T0 + 5), (91, T0 + 9)):
        apply(room.state, event(seq, ts, "question_shown", {"candidate_id": cid, "index": 1}))
    assert room.candidate(cid).shown_at == {0: T0, 1: T0 + 5}


def test_show_question_records_nothing_outside_the_test(room):
    room.ready("c1", "Élodie", "Martin")
    assert commands.show_question(room.state, "c1") == []


def test_right_answer_is_ok_and_moves_to_the_next_question(room):
    room.in_test("c1")
    challenge = room.current("c1")
    [(type_, data)] = room.answer("c1", right=True, answer_id="a1")
    assert type_ == "answer_recorded"
    assert data == {"candidate_id": "c1", "answer_id": "a1", "index": 0, "challenge_id": challenge.id,
                    "value": right_answer(challenge), "outcome": "ok"}
    c = room.candidate("c1")
    assert c.answered == 1 and c.current_index == 1 and c.answers[0].outcome is Outcome.OK
    assert c.answer_ids == {"a1": 0}
    assert_refold_equal(room)


def test_wrong_answer_is_ko(room):
    room.in_test("c1")
    room.answer("c1", right=False)
    assert room.candidate("c1").answers[0].outcome is Outcome.KO


def test_the_same_answer_id_records_nothing_the_second_time(room):
    room.in_test("c1")
    first = room.current("c1")
    room.answer("c1", right=True, answer_id="a1")
    # resent (e.g. after a network loss), even with another value or challenge: nothing new
    assert room.run(commands.record_answer, "c1", "a1", first.id, wrong_answer(first), False, room.catalogue,
                    room.now) == []
    assert room.answer("c1", right=False, answer_id="a1") == []
    c = room.candidate("c1")
    assert c.answered == 1 and c.answers[0].outcome is Outcome.OK


def test_answer_for_another_question_is_refused(room):
    cid = room.in_test("c1")
    ids = room.candidate(cid).challenge_ids
    refused(refusal_of(room.answer, cid, right=True, challenge_id=ids[1]), 409, "not_current_challenge")
    room.answer(cid, right=True)
    refused(refusal_of(room.answer, cid, right=True, challenge_id=ids[0]), 409, "not_current_challenge")


def test_skip_counts_as_skipped_and_cannot_be_revisited(room):
    cid = room.in_test("c1")
    skipped = room.current(cid)
    [(_, data)] = room.answer(cid, right_answer(skipped), skip=True)
    assert data["outcome"] == "skipped" and data["value"] is None
    assert room.candidate(cid).answers[0].outcome is Outcome.SKIPPED
    refused(refusal_of(room.answer, cid, right=True, challenge_id=skipped.id), 409, "not_current_challenge")


def test_skip_needs_no_well_shaped_value(room):
    cid = room.in_test("c1")
    [(_, data)] = room.answer(cid, {"nonsense": 1}, skip=True)
    assert data["outcome"] == "skipped"


def test_badly_shaped_answer_is_refused_and_not_recorded(room):
    cid = room.in_test("c1")
    refused(refusal_of(room.answer, cid, 12345), 422, "answer_invalid")
    assert room.candidate(cid).answered == 0


def test_last_answer_ends_the_test(room):
    cid = room.in_test("c1")
    total = room.candidate(cid).total
    outcomes = []
    for i in range(total):
        assert room.candidate(cid).status is AttemptStatus.IN_TEST
        room.answer(cid, right=i % 2 == 0, skip=i == 3)
        outcomes.append(str(room.candidate(cid).answers[-1].outcome))
    c = room.candidate(cid)
    assert outcomes == ["ok", "ko", "ok", "skipped", "ok"]
    assert c.status is AttemptStatus.ENDED and c.current_index is None and c.current_challenge_id is None
    last = c.challenge_ids[-1]
    refused(refusal_of(room.run, commands.record_answer, cid, "after", last, "b", False, room.catalogue, room.now),
            409, "test_finished")
    assert room.start_test(cid) == []  # typing the code again does not restart it
    assert_refold_equal(room)


def test_answer_before_the_test_is_refused(room):
    room.ready("c1", "Élodie", "Martin")
    some = next(iter(room.catalogue.challenges))
    refused(refusal_of(commands.record_answer, room.state, "c1", "a1", some, "b", False, room.catalogue, room.now),
            403, "test_not_started")


def test_answer_refused_once_the_session_is_closed_but_a_resent_one_is_a_no_op(room):
    cid = room.in_test("c1")
    room.answer(cid, right=True, answer_id="a1")
    room.state.status = SessionStatus.CLOSED
    current = room.current(cid)
    refused(refusal_of(room.answer, cid, right=True, answer_id="a2"), 409, "test_finished")
    assert commands.record_answer(room.state, cid, "a1", current.id, "x", False, room.catalogue, room.now) == []


# -- timed and focused challenges -------------------------------------------------------------------

@pytest.fixture
def timed_room():
    return Room(build_catalogue(timer_s=60, focused=True))


def test_right_answer_within_the_timer_is_ok(timed_room):
    cid = timed_room.in_test("c1")
    timed_room.show(cid)
    timed_room.tick(60)
    timed_room.answer(cid, right=True)
    assert timed_room.candidate(cid).answers[0].outcome is Outcome.OK


def test_right_answer_after_the_timer_is_timed_out(timed_room):
    cid = timed_room.in_test("c1")
    timed_room.show(cid)
    timed_room.tick(30)
    timed_room.show(cid)  # a reload does not restart the timer
    timed_room.tick(31)
    timed_room.answer(cid, right=True)
    assert timed_room.candidate(cid).answers[0].outcome is Outcome.TIMED_OUT


def test_wrong_answer_after_the_timer_stays_ko(timed_room):
    cid = timed_room.in_test("c1")
    timed_room.show(cid)
    timed_room.tick(600)
    timed_room.answer(cid, right=False)
    assert timed_room.candidate(cid).answers[0].outcome is Outcome.KO


def test_focus_lost_is_recorded_once_and_makes_a_right_answer_focused_out(timed_room):
    cid = timed_room.in_test("c1")
    current = timed_room.current(cid).id
    assert timed_room.run(commands.record_focus_lost, cid, current, timed_room.catalogue) == [
        ("focus_lost", {"candidate_id": cid, "index": 0})]
    assert timed_room.run(commands.record_focus_lost, cid, current, timed_room.catalogue) == []
    assert timed_room.candidate(cid).focus_lost == {0}
    timed_room.answer(cid, right=True)
    assert timed_room.candidate(cid).answers[0].outcome is Outcome.FOCUSED_OUT
    timed_room.answer(cid, right=True)  # focus lost on question 1 does not follow to question 2
    assert timed_room.candidate(cid).answers[1].outcome is Outcome.OK
    assert_refold_equal(timed_room)


def test_focus_lost_then_wrong_answer_stays_ko(timed_room):
    cid = timed_room.in_test("c1")
    timed_room.run(commands.record_focus_lost, cid, timed_room.current(cid).id, timed_room.catalogue)
    timed_room.answer(cid, right=False)
    assert timed_room.candidate(cid).answers[0].outcome is Outcome.KO


def test_focus_lost_on_a_challenge_that_is_not_focused_records_nothing(room):
    cid = room.in_test("c1")
    assert room.run(commands.record_focus_lost, cid, room.current(cid).id, room.catalogue) == []
    room.answer(cid, right=True)
    assert room.candidate(cid).answers[0].outcome is Outcome.OK


def test_focus_lost_on_another_question_is_refused(timed_room):
    cid = timed_room.in_test("c1")
    other = timed_room.candidate(cid).challenge_ids[1]
    refused(refusal_of(commands.record_focus_lost, timed_room.state, cid, other, timed_room.catalogue),
            409, "not_current_challenge")


# -- report a problem ---------------------------------------------------------------------------------

def test_report_problem_opens_one_alert_per_question(room):
    cid = room.in_test("c1")
    current = room.current(cid).id
    room.tick(12)
    assert room.run(commands.report_problem, cid, current, "al1", "La pièce jointe ne s'ouvre pas") == [
        ("problem_reported", {"candidate_id": cid, "index": 0, "challenge_id": current, "alert_id": "al1",
                              "message": "La pièce jointe ne s'ouvre pas"})]
    assert room.run(commands.report_problem, cid, current, "al2", "encore") == []  # one open alert
    [alert] = room.candidate(cid).alerts
    assert (alert.alert_id, alert.index, alert.challenge_id, alert.status, alert.at) == ("al1", 0, current, "open",
                                                                                         T0 + 12)
    room.answer(cid, right=True)
    room.run(commands.report_problem, cid, room.current(cid).id, "al3", "")
    assert [a.index for a in room.candidate(cid).alerts] == [0, 1]
    assert_refold_equal(room)


def test_report_problem_on_another_question_is_refused(room):
    cid = room.in_test("c1")
    other = room.candidate(cid).challenge_ids[2]
    refused(refusal_of(commands.report_problem, room.state, cid, other, "al1", "?"), 409, "not_current_challenge")


def test_report_problem_after_the_end_is_refused(room):
    cid = room.in_test("c1")
    ids = list(room.candidate(cid).challenge_ids)
    for _ in ids:
        room.answer(cid, skip=True)
    refused(refusal_of(commands.report_problem, room.state, cid, ids[-1], "al", "?"), 409, "test_finished")


# -- a whole room ------------------------------------------------------------------------------------

def test_a_whole_session_folds_back_to_the_same_state():
    room = Room(build_catalogue(timer_s=45, focused=True))
    room.run(commands.invigilator_login, "inv-token")
    for i, (first, last) in enumerate([("Élodie", "Martin"), ("Inès", "N'Diaye"), ("Noah", "Dupont-Moreau")]):
        room.ready(f"c{i}", first, last, extra_time_pct=33 * (i == 1))
    room.enrol("absent", "Léa", "Durand")
    room.start_session()
    for cid in ("c0", "c1", "c2"):
        room.start_test(cid)
    room.show("c0")
    room.tick(50)
    room.answer("c0", right=True)
    room.run(commands.record_focus_lost, "c1", room.current("c1").id, room.catalogue)
    room.answer("c1", right=True)
    room.run(commands.report_problem, "c2", room.current("c2").id, "al", "écran noir")
    room.join("Noah", "Dupont-Moreau", token="new-pc")
    room.run(commands.authorise_resume, "c2", room.now)
    assert [room.candidate(c).answers[0].outcome for c in ("c0", "c1")] == [Outcome.TIMED_OUT, Outcome.FOCUSED_OUT]
    assert room.state.invigilator_tokens == {"inv-token": "s1"}
    assert room.candidate("absent").status is AttemptStatus.ENROLLED
    assert_refold_equal(room)


# -- a closed or finalised session records nothing more -------------------------------------------------
# REFERENCE.md, Incidents and finalisation: "Finalising locks the session"; states.py: CLOSED -- "nothing
# more is answered", FINALISED -- "the journal is sealed, read-only". Unfinished tests stay "in test"
# after the close (finalisation asks an abort reason for each), so the candidate's page may still call.

def records_nothing(call, *args, **kwargs) -> None:
    try:
        events = call(*args, **kwargs)
    except Refusal as refusal:
        assert refusal.status == 409
    else:
        assert events == [], events


@pytest.mark.parametrize("closed", [SessionStatus.CLOSED, SessionStatus.FINALISED, SessionStatus.SYNCED])
def test_a_closed_session_refuses_answers(closed):
    room = Room()
    cid = room.in_test("c1")
    room.state.status = closed
    records_nothing(room.answer, cid, None, right=True)
    records_nothing(room.answer, cid, None, skip=True)


@pytest.mark.parametrize("closed", [SessionStatus.CLOSED, SessionStatus.FINALISED])
def test_a_closed_session_records_no_question_shown(closed):
    room = Room()
    cid = room.in_test("c1")
    room.state.status = closed
    records_nothing(commands.show_question, room.state, cid)


@pytest.mark.parametrize("closed", [SessionStatus.CLOSED, SessionStatus.FINALISED])
def test_a_closed_session_records_no_focus_lost(closed):
    room = Room(build_catalogue(focused=True))
    cid = room.in_test("c1")
    room.state.status = closed
    records_nothing(commands.record_focus_lost, room.state, cid, room.current(cid).id, room.catalogue)


@pytest.mark.parametrize("closed", [SessionStatus.CLOSED, SessionStatus.FINALISED])
def test_a_closed_session_records_no_problem_report(closed):
    room = Room()
    cid = room.in_test("c1")
    room.state.status = closed
    records_nothing(commands.report_problem, room.state, cid, room.current(cid).id, "al", "?")


# -- enrolment fields ----------------------------------------------------------------------------------
# REFERENCE.md, Candidate: birthdate is required; Joining 1: the birthdate matches exactly (the join form
# sends YYYY-MM-DD, session.py documents birthdate as YYYY-MM-DD).

@pytest.mark.parametrize("birthdate", ["", "   "])
def test_enrolment_without_birthdate_is_refused(room, birthdate):
    assert refusal_of(room.enrol, "c1", "Élodie", "Martin", birthdate).status == 422


@pytest.mark.parametrize("birthdate", ["14/03/2011", "2011-3-14", "2011-02-30", "14 mars 2011"])
def test_enrolled_birthdate_is_refused_or_made_joinable(room, birthdate):
    try:
        room.enrol("c1", "Élodie", "Martin", birthdate)
    except Refusal as refusal:
        assert refusal.status == 422
    else:
        if birthdate == "2011-02-30":
            pytest.fail("a date that does not exist was enrolled")
        try:
            room.join("Élodie", "Martin", "2011-03-14")
        except Refusal as refusal:
            pytest.fail(f"enrolled with {birthdate!r}, the candidate cannot join: {refusal.code}")


def test_negative_extra_time_is_refused(room):
    assert refusal_of(room.enrol, "c1", "Élodie", "Martin", extra_time_pct=-50).status == 422
