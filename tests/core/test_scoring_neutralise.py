"""Neutralisation at finalisation (REFERENCE.md, "Scoring": "only failed or skipped answers,
and only where the incident fits the question"): every row of the fit table, each code on a
question it fits and on one it does not, never a right answer, a replaced question, and the
abort reasons (abandon, technical, ended by the invigilator)."""

from __future__ import annotations

import pytest
from corekit import Room, build_catalogue, profile_at
from test_scoring import sitting

from roomserver.core import invigilation
from roomserver.core.content import Attachment
from roomserver.core.incidents import INCIDENT_CODES, LEGACY_CODES, QUESTION_CODES
from roomserver.core.matching import Outcome
from roomserver.core.scoring import FITS, TECHNICAL_ABORT, Verdict, neutralisable, score_session
from roomserver.core.states import AttemptStatus

PNG = Attachment("plan.png", "attachments/plan.png", "image/png")
PDF = Attachment("consignes.pdf", "attachments/consignes.pdf", "application/pdf")

# what a question has -> the challenge's extra fields
KINDS = {
    "plain": {},
    "image": {"illustration": PNG},
    "attachment": {"attachments": (PDF,)},
    "image file attached": {"attachments": (PNG,)},  # downloaded, not shown: E3 / E9, not E1
    "timed": {"timer_s": 60},
    "focused": {"focused": True},
    "everything": {"illustration": PNG, "attachments": (PDF,), "timer_s": 60, "focused": True},
}
ATTACHED = {"attachment", "image file attached", "everything"}

# code -> the kinds of question it fits (for a failed answer; E11 asks a skipped one, below)
FITTING = {
    "E1": {"image", "everything"},
    "E2": set(),  # no embed in the content model yet
    "E3": ATTACHED,
    "E4": set(),  # no "needs an external site" in the content model yet
    "E5": set(),
    "E8": {"timed", "everything"},
    "E9": ATTACHED,
    "E10": {"focused", "everything"},
    "E11": set(),  # a ko answer was not skipped
    "E12": set(KINDS),
}
NEVER = [code for code in [*INCIDENT_CODES, *LEGACY_CODES, "E6", "Z9", ""] if code not in FITTING]


def challenge_of(kind: str):
    return sitting({"1.1": "k"}, features={"1.1#q0": KINDS[kind]}).catalogue.challenges["1.1#q0"]


def test_the_table_has_a_row_for_every_question_code_and_no_other():
    assert set(FITS) == set(QUESTION_CODES) == set(FITTING)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("code", [*FITTING, *NEVER])
def test_each_code_fits_only_its_questions(code, kind):
    expected = kind in FITTING.get(code, set())
    assert neutralisable(code, challenge_of(kind), Outcome.KO) is expected


@pytest.mark.parametrize("kind", KINDS)
def test_skipped_by_mistake_fits_only_a_skipped_question(kind):
    challenge = challenge_of(kind)
    assert neutralisable("E11", challenge, Outcome.SKIPPED)
    for outcome in (Outcome.KO, Outcome.TIMED_OUT, Outcome.FOCUSED_OUT, Outcome.OK, None):
        assert not neutralisable("E11", challenge, outcome)


# -- in a scored test --------------------------------------------------------------------------------

@pytest.mark.parametrize("code", [code for code in FITTING if code != "E11"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_code_neutralises_a_failed_answer_only_where_it_fits(code, kind):
    made = sitting({"1.1": "ook", "1.2": "ooo", "1.3": "ooo"}, features={"1.1#q2": KINDS[kind]})
    made.incident("1.1#q2", code)
    result = made.score()
    fits = kind in FITTING[code]
    question = result.competences[0].questions[2]
    assert (question.neutralised, question.neutralised_by) == ((True, code) if fits else (False, None))
    assert (result.counted, result.neutralised) == ((8, 1) if fits else (9, 0))
    # 2 right + 1 neutralised is validated; 2 right of 3 at 8/9 (89 %) is validated too
    assert result.competences[0].result is Verdict.VALIDATED


@pytest.mark.parametrize("letter, code, kind", [("k", "E1", "image"), ("s", "E3", "attachment"),
                                                ("s", "E11", "plain"), ("t", "E8", "timed"),
                                                ("f", "E10", "focused"), ("t", "E12", "plain"),
                                                ("k", "E9", "attachment")])
def test_every_kind_of_failed_answer_can_be_neutralised(letter, code, kind):
    made = sitting({"1.1": "oo" + letter, "1.2": "oko", "1.3": "oko"}, features={"1.1#q2": KINDS[kind]})
    before = made.score()
    assert before.competences[0].result is Verdict.MINUS_ONE  # 2 of 3 at 7/9 (77 %)
    made.incident("1.1#q2", code)
    after = made.score()
    assert after.competences[0].questions[2].neutralised_by == code
    assert after.competences[0].result is Verdict.VALIDATED and after.pix == before.pix + 8


@pytest.mark.parametrize("code", [*FITTING, *NEVER])
def test_a_right_answer_is_never_neutralised(code):
    made = sitting({"1.1": "ooo", "1.2": "ook"}, features={"1.1#q0": KINDS["everything"]})
    before = made.score()
    made.incident("1.1#q0", code)
    after = made.score()
    assert not after.competences[0].questions[0].neutralised
    assert after == before


def test_the_first_fitting_incident_of_a_question_is_the_reason():
    made = sitting({"1.1": "ook"}, features={"1.1#q2": KINDS["attachment"]})
    made.incident("1.1#q2", "E1")  # no image: does not fit
    made.incident("1.1#q2", "C7")  # not a question code
    made.incident("1.1#q2", "E9")
    made.incident("1.1#q2", "E3")
    assert made.score().competences[0].questions[2].neutralised_by == "E9"


def test_incidents_about_someone_else_or_no_question_are_ignored():
    made = sitting({"1.1": "ook"})
    made.incident("1.1#q2", "E12", candidate_id="c2")  # another pupil's question 3
    made.incident("1.1#q2", "E12", index=None)  # about the candidate, not a question
    made.incident("1.1#q2", "E12", index=1)  # question 2, which was right
    assert made.score().neutralised == 0


def test_an_incident_without_a_challenge_id_is_read_by_its_place():
    made = sitting({"1.1": "ook"})
    made.incident("1.1#q2", "E12", about=None)
    assert made.score().competences[0].questions[2].neutralised_by == "E12"


def test_a_replaced_question_is_scored_on_its_replacement_only():
    made = sitting({"1.1": "ook", "1.2": "ooo"}, features={"1.1#q2": KINDS["image"]})
    index = made.index_of("1.1#q2")
    # the question first shown there was "1.1#old": replaced after an E1 alert on it
    made.catalogue.challenges["1.1#old"] = sitting({"1.1": "k"}, features={"1.1#q0": KINDS["image"]}) \
        .catalogue.challenges["1.1#q0"]
    made.candidate.replaced[index] = ["1.1#old"]
    made.incident("1.1#q2", "E1", about="1.1#old")
    result = made.score()
    assert [q.challenge_id for c in result.competences for q in c.questions] == made.candidate.challenge_ids
    assert "1.1#old" not in [q.challenge_id for c in result.competences for q in c.questions]
    assert result.neutralised == 0  # the E1 was about the replaced challenge, not its replacement
    made.incident("1.1#q2", "E1")  # the replacement's image did not show either
    assert made.score().competences[0].questions[2].neutralised_by == "E1"


# -- unreached questions and the abort reason ---------------------------------------------------------

def test_unreached_questions_count_as_skipped_unless_the_abort_is_technical():
    made = sitting({"1.1": "oo-", "1.2": "o--", "1.3": "ooo"})  # ended by the invigilator
    assert made.candidate.status is AttemptStatus.ENDED_BY_INVIGILATOR
    for abort_reason in (None, "abandon"):
        result = made.score(abort_reason)
        assert (result.correct, result.counted, result.neutralised) == (6, 9, 0)
        assert [c.result for c in result.competences] == [Verdict.MINUS_ONE, Verdict.INVALIDATED, Verdict.VALIDATED]
    technical = made.score("technical")
    assert (technical.correct, technical.counted, technical.neutralised) == (6, 6, 3)
    assert [c.result for c in technical.competences] == [Verdict.VALIDATED] * 3
    unreached = [q for c in technical.competences for q in c.questions if q.outcome is None]
    assert len(unreached) == 3 and {q.neutralised_by for q in unreached} == {TECHNICAL_ABORT}


def test_a_technical_abort_never_neutralises_what_was_answered():
    made = sitting({"1.1": "okk", "1.2": "ss-"})
    result = made.score("technical")
    assert [q.neutralised_by for c in result.competences for q in c.questions] == [None] * 5 + [TECHNICAL_ABORT]


@pytest.mark.parametrize("status", [AttemptStatus.ENDED_BY_INVIGILATOR, AttemptStatus.IN_TEST])
def test_the_abort_reason_decides_whatever_the_status(status):
    made = sitting({"1.1": "oo-", "1.2": "ooo"}, status=status)
    assert made.score(None) == made.score("abandon")  # a running test is read as abandoned
    assert made.score("technical").neutralised == 1


def test_an_incident_on_an_unreached_question_neutralises_it_when_it_fits():
    made = sitting({"1.1": "oo-", "1.2": "oo-", "1.3": "oo-"}, features={"1.2#q2": KINDS["attachment"]})
    made.incident("1.1#q2", "E11")  # the invigilator ended the test by mistake: read as skipped
    made.incident("1.2#q2", "E3")
    made.incident("1.3#q2", "E1")  # no image there
    result = made.score("abandon")
    assert [c.questions[2].neutralised_by for c in result.competences] == ["E11", "E3", None]
    # with a technical abort the fitting incident is still named as the reason
    assert [c.questions[2].neutralised_by for c in made.score("technical").competences] == ["E11", "E3",
                                                                                              TECHNICAL_ABORT]


# -- a real session ----------------------------------------------------------------------------------

def test_a_session_run_through_the_commands():
    """c1: an alert validated on screen (the question is replaced), one validated after a skip,
    an incident typed later on a wrong answer, one on a right answer, then the invigilator ends
    the test; c2 never came."""
    inv = invigilation
    catalogue = build_catalogue(variants=3, illustration=PNG, attachments=(PDF,))
    room = Room(catalogue)
    codes = list(catalogue.competences)[:5]
    room.enrol("c2", "Inès", "N'Diaye", "2010-12-23")
    room.in_test("c1", profile=profile_at(catalogue, {code: 3 for code in codes}))
    room.show("c1")
    first = room.current("c1").id
    room.report("c1", "al-1", "L'image ne s'affiche pas")
    room.run(inv.validate_alert, "c1", "al-1", "E1", catalogue, "s1", "inc-1")
    assert room.candidate("c1").replaced == {0: [first]}
    room.answer("c1", right=False)  # question 1: the replacement, wrong
    room.answer("c1", right=False)  # question 2: wrong
    room.report("c1", "al-2", "La pièce jointe ne s'ouvre pas")
    room.answer("c1", skip=True)  # question 3: skipped, then the alert is validated
    room.run(inv.validate_alert, "c1", "al-2", "E3", catalogue, "s1", "inc-2")
    for _ in range(9):  # questions 4 to 12: right
        room.answer("c1", right=True)
    room.run(inv.record_incident, "c1", "E3", "Le tableur ne s'ouvrait pas", "s1", "inc-3", 2)
    room.run(inv.record_incident, "c1", "E12", "Police trop petite", "s1", "inc-4", 4)
    room.run(inv.end_test, "c1", "s1")  # questions 13 to 15 never reached

    results = {r.candidate_id: r for r in score_session(room.state, catalogue, {"c1": "abandon"})}
    assert results["c2"].status == "absent"
    c1 = results["c1"]
    questions = {q.number: q for c in c1.competences for q in c.questions}
    assert sorted(questions) == list(range(1, 16))
    assert questions[1].challenge_id == room.candidate("c1").challenge_ids[0] != first
    assert (questions[1].outcome, questions[1].neutralised) == (Outcome.KO, False)
    assert questions[2].neutralised_by == "E3" and questions[3].neutralised_by == "E3"
    assert not questions[4].neutralised  # right: the E12 changes nothing
    assert [questions[n].outcome for n in (13, 14, 15)] == [None] * 3
    assert (c1.correct, c1.counted, c1.neutralised) == (9, 13, 2)
    technical = {r.candidate_id: r for r in score_session(room.state, catalogue, {"c1": "technical"})}["c1"]
    assert (technical.correct, technical.counted, technical.neutralised) == (9, 10, 5)
    assert technical.pix >= c1.pix
