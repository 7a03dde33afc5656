"""Properties of classic scoring over random tests: neutralising a failed answer never lowers a
result, a technical abort never scores lower than an abandon, scoring is deterministic, and the
totals add up."""

from __future__ import annotations

import copy

from corekit import COMPETENCE_IDS, PROPERTY
from hypothesis import assume, given
from hypothesis import strategies as st
from test_scoring import sitting

from roomserver.core.scoring import MIN_RATE, Verdict, certified_pix, explain

ORDER = [Verdict.INVALIDATED, Verdict.MINUS_ONE, Verdict.VALIDATED]
ABORTS = st.sampled_from([None, "abandon", "technical"])


@st.composite
def sittings(draw):
    """competence -> letters (1 to 3 questions), and positioning pix per competence."""
    codes = draw(st.lists(st.sampled_from(COMPETENCE_IDS), min_size=1, max_size=8, unique=True))
    test = {code: draw(st.text(alphabet="okstf-", min_size=1, max_size=3)) for code in codes}
    pix = {code: draw(st.integers(min_value=0, max_value=72)) for code in codes}
    return test, pix


def failed_positions(test: dict[str, str]) -> list[str]:
    return [f"{code}#q{j}" for code, letters in test.items() for j, letter in enumerate(letters) if letter != "o"]


@PROPERTY
@given(sittings(), ABORTS, st.data())
def test_neutralising_a_failed_answer_never_lowers_the_result(drawn, abort_reason, data):
    test, pix = drawn
    failed = failed_positions(test)
    assume(failed)
    made = sitting(test, pix)
    before = made.score(abort_reason)
    made.incident(data.draw(st.sampled_from(failed)), "E12")
    after = made.score(abort_reason)
    assert after.pix >= before.pix
    assert before.status != "validated" or after.status == "validated"
    assert after.neutralised >= before.neutralised
    for was, now in zip(before.competences, after.competences):
        assert ORDER.index(now.result) >= ORDER.index(was.result) and now.pix >= was.pix


@PROPERTY
@given(sittings())
def test_a_technical_abort_never_scores_lower_than_an_abandon(drawn):
    made = sitting(*drawn)
    abandon, technical = made.score("abandon"), made.score("technical")
    assert technical.pix >= abandon.pix
    assert abandon.status != "validated" or technical.status == "validated"


@PROPERTY
@given(sittings(), ABORTS)
def test_scoring_is_deterministic_and_reads_only(drawn, abort_reason):
    made = sitting(*drawn)
    candidate = copy.deepcopy(made.candidate)
    first = made.score(abort_reason)
    assert made.score(abort_reason) == first
    assert made.candidate == candidate  # nothing in the state was touched
    assert made.score(abort_reason).to_dict() == first.to_dict()
    assert explain(made.score(abort_reason)) == explain(first)


@PROPERTY
@given(sittings(), ABORTS)
def test_the_totals_add_up(drawn, abort_reason):
    test, pix = drawn
    result = sitting(test, pix).score(abort_reason)
    questions = [q for c in result.competences for q in c.questions]
    assert result.pix == sum(c.pix for c in result.competences)
    assert len(questions) == sum(len(letters) for letters in test.values())
    assert result.counted + result.neutralised == len(questions)
    assert result.correct == sum(1 for q in questions if q.correct) <= result.counted
    assert not any(q.correct and q.neutralised for q in questions)
    if result.counted:
        assert result.rate * result.counted == result.correct
    else:
        assert result.rate is None and result.reproducibility_rate is None
    below = result.rate is not None and result.rate < MIN_RATE
    assert (result.status == "rejected") == (below or result.pix == 0)
    for competence in result.competences:
        assert competence.pix == certified_pix(competence.result, pix.get(competence.code, 0))
        assert competence.level == competence.pix // 8 <= 8
        assert not below or competence.result is Verdict.INVALIDATED
    paragraphs = explain(result)
    assert len(paragraphs) == 1 + len(result.competences)
    assert not any(" :" in p or " %" in p or " ;" in p for p in paragraphs)  # always a non-breaking space
