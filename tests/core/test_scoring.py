"""Classic scoring (REFERENCE.md, "Scoring (classic version)"): the per-competence table at
every rate band, the 50 % rejection, pix arithmetic, absent candidates, the API shape.

The builders here (``sitting``, ``fillers``) are shared by the other test_scoring_* files.
A test is written as letters, one per question: o ok, k ko, s skipped, t timed-out,
f focused-out, - never reached; a capital letter is the same answer with an E12
incident recorded on it (E12 fits every question, so a failed one gets neutralised).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction

import pytest
from corekit import COMPETENCE_IDS, Catalogue, qcu

from roomserver.core.content import Competence
from roomserver.core.generation import Profile
from roomserver.core.matching import Outcome
from roomserver.core.scoring import (
    CandidateResult,
    Verdict,
    certified_pix,
    competence_verdict,
    percent,
    score_candidate,
)
from roomserver.core.session import AnswerRecord, CandidateState, Incident
from roomserver.core.states import AttemptStatus

LETTERS = {"o": Outcome.OK, "k": Outcome.KO, "s": Outcome.SKIPPED, "t": Outcome.TIMED_OUT,
           "f": Outcome.FOCUSED_OUT, "-": None}
TITLES = {"1.1": "Mener une recherche et une veille d'information", "1.2": "Gérer des données"}


@dataclass
class Sitting:
    """One candidate's finished test, with its catalogue and its incidents."""

    candidate: CandidateState
    catalogue: Catalogue
    incidents: list[Incident] = field(default_factory=list)

    def score(self, abort_reason: str | None = None) -> CandidateResult:
        return score_candidate(self.candidate, self.catalogue, self.incidents, abort_reason)

    def index_of(self, challenge_id: str) -> int:
        return self.candidate.challenge_ids.index(challenge_id)

    def incident(self, challenge_id: str, code: str, **kw) -> Incident:
        """Record an incident on a question (by its challenge id), as the invigilator would."""
        incident = Incident(f"inc-{len(self.incidents) + 1}", code, "Constaté en salle", 0.0, "s1",
                            kw.pop("candidate_id", self.candidate.id), kw.pop("index", self.index_of(challenge_id)),
                            kw.pop("about", challenge_id), **kw)
        self.incidents.append(incident)
        return incident


def sitting(test: dict[str, str], pix: dict[str, int] | None = None, features: dict[str, dict] | None = None,
            status: AttemptStatus | None = None, candidate_id: str = "c1") -> Sitting:
    """A candidate whose test is ``test`` (competence -> letters), positioned at ``pix``
    (default 32, level 4, for every competence of the test). Challenge ids are "1.1#q0"...;
    ``features`` gives a challenge's extra fields (illustration, attachments, timer_s,
    focused). Answered questions come first in the test, never-reached ones last, as in a
    real test; the status is ENDED, or ENDED_BY_INVIGILATOR when some were never reached."""
    features = features or {}
    pix = pix if pix is not None else {code: 32 for code in test}
    catalogue = Catalogue({code: Competence(code, int(code[0]), TITLES.get(code, f"Compétence {code}"))
                           for code in COMPETENCE_IDS})
    questions = []
    for code, letters in test.items():
        for j, letter in enumerate(letters):
            challenge_id = f"{code}#q{j}"
            catalogue.challenges[challenge_id] = qcu(challenge_id, competence_id=code, skill_id=f"{code}/s{j}",
                                                     level=3, **features.get(challenge_id, {}))
            questions.append((challenge_id, letter))
    questions.sort(key=lambda q: q[1] == "-")  # stable: the unreached ones go last
    candidate = CandidateState(candidate_id, "Martin", "Élodie", "2011-03-14", 0, Profile(pix))
    candidate.challenge_ids = [challenge_id for challenge_id, _ in questions]
    candidate.test_started_at = 1000.0
    made = Sitting(candidate, catalogue)
    for index, (challenge_id, letter) in enumerate(questions):
        outcome = LETTERS[letter.lower()]
        if outcome is not None:
            candidate.answers.append(AnswerRecord(f"a{index}", index, challenge_id, outcome, None, 1000.0 + index))
        if letter.isupper():
            made.incident(challenge_id, "E12")
    unreached = [index for index, (_, letter) in enumerate(questions) if letter == "-"]
    candidate.skipped_by_end = unreached
    candidate.status = status or (AttemptStatus.ENDED_BY_INVIGILATOR if unreached else AttemptStatus.ENDED)
    return made


BANDS = {"high": (Fraction(80, 100), Fraction(1)), "mid": (Fraction(70, 100), Fraction(80, 100)),
         "low": (Fraction(50, 100), Fraction(70, 100))}


def band_of(rate: Fraction) -> str:
    return "high" if rate >= Fraction(80, 100) else "mid" if rate >= Fraction(70, 100) else "low"


def fillers(target: str, band: str) -> dict[str, str]:
    """Other competences (3 questions each) that bring the candidate's rate into ``band``
    (50 % or more) around a target competence written as letters."""
    lo, hi = BANDS[band]
    kept = [letter for letter in target if not (letter.isupper() and letter != "O")]
    correct, counted = sum(1 for letter in kept if letter.lower() == "o"), len(kept)
    for right, wrong in itertools.product(range(1, 40), range(0, 15)):  # one "ooo" at least: some pix
        rate = Fraction(correct + 3 * right + wrong, counted + 3 * right + 3 * wrong)
        if lo <= rate and (rate < hi or hi == 1):
            codes = [code for code in COMPETENCE_IDS if code != "1.1"]
            blocks = ["ooo"] * right + ["okk"] * wrong
            if len(blocks) <= len(codes):
                return dict(zip(codes, blocks))
    raise AssertionError(f"no filler for {target} in {band}")


def judged(target: str, band: str, level: int = 4) -> tuple[CandidateResult, object]:
    """Score competence 1.1 (``target`` letters, positioned at ``level``) with fillers that set the band."""
    test = {"1.1": target, **fillers(target, band)}
    pix = {code: 32 for code in test} | {"1.1": level * 8}
    result = sitting(test, pix).score()
    assert band_of(result.rate) == band, (target, band, result.rate)
    return result, next(c for c in result.competences if c.code == "1.1")


# -- the per-competence table, on candidates ----------------------------------------------------------

# (letters of competence 1.1, band) -> expected verdict. Capitals are neutralised failed answers.
TABLE_CASES = [
    # 3 questions kept (REFERENCE.md's table)
    ("ooo", "high", Verdict.VALIDATED), ("ooo", "mid", Verdict.VALIDATED), ("ooo", "low", Verdict.VALIDATED),
    ("ook", "high", Verdict.VALIDATED), ("ook", "mid", Verdict.MINUS_ONE), ("ook", "low", Verdict.MINUS_ONE),
    ("oks", "high", Verdict.INVALIDATED), ("okt", "mid", Verdict.INVALIDATED), ("okf", "low", Verdict.INVALIDATED),
    ("kkk", "high", Verdict.INVALIDATED), ("ssk", "mid", Verdict.INVALIDATED), ("kft", "low", Verdict.INVALIDATED),
    # one neutralised: judged on the 2 that remain
    ("ooK", "high", Verdict.VALIDATED), ("ooS", "mid", Verdict.VALIDATED), ("ooT", "low", Verdict.VALIDATED),
    ("okF", "high", Verdict.VALIDATED), ("okK", "mid", Verdict.MINUS_ONE), ("okS", "low", Verdict.INVALIDATED),
    ("kkK", "high", Verdict.INVALIDATED), ("ksK", "mid", Verdict.INVALIDATED), ("kkS", "low", Verdict.INVALIDATED),
    # two neutralised: judged on the one that remains
    ("oKK", "high", Verdict.VALIDATED), ("oKS", "mid", Verdict.VALIDATED), ("oTF", "low", Verdict.MINUS_ONE),
    ("kKK", "high", Verdict.INVALIDATED), ("sKS", "mid", Verdict.INVALIDATED), ("kKK", "low", Verdict.INVALIDATED),
    # all neutralised: nothing proved
    ("KKK", "high", Verdict.INVALIDATED), ("SKT", "mid", Verdict.INVALIDATED), ("KFS", "low", Verdict.INVALIDATED),
    # fewer questions from the start (fewer validated skills): the same rows
    ("oo", "high", Verdict.VALIDATED), ("oo", "low", Verdict.VALIDATED),
    ("ok", "high", Verdict.VALIDATED), ("ok", "mid", Verdict.MINUS_ONE), ("ok", "low", Verdict.INVALIDATED),
    ("kk", "high", Verdict.INVALIDATED), ("oK", "mid", Verdict.VALIDATED), ("oK", "low", Verdict.MINUS_ONE),
    ("o", "high", Verdict.VALIDATED), ("o", "mid", Verdict.VALIDATED), ("o", "low", Verdict.MINUS_ONE),
    ("k", "high", Verdict.INVALIDATED), ("s", "low", Verdict.INVALIDATED), ("K", "mid", Verdict.INVALIDATED),
]


@pytest.mark.parametrize("target, band, verdict", TABLE_CASES)
def test_each_row_of_the_table_at_each_rate_band(target, band, verdict):
    result, competence = judged(target, band)
    assert result.status == "validated"
    assert competence.result is verdict
    expected_pix = {Verdict.VALIDATED: 32, Verdict.MINUS_ONE: 24, Verdict.INVALIDATED: 0}[verdict]
    assert (competence.pix, competence.level) == (expected_pix, expected_pix // 8)
    assert competence.positioning_level == 4


@pytest.mark.parametrize("kept, correct", [(k, c) for k in range(0, 6) for c in range(0, k + 1)])
def test_the_table_function_is_monotone_in_rate_and_answers(kept, correct):
    order = [Verdict.INVALIDATED, Verdict.MINUS_ONE, Verdict.VALIDATED]
    rates = [Fraction(n, 100) for n in (50, 69, 70, 79, 80, 100)]
    verdicts = [order.index(competence_verdict(kept, correct, rate)) for rate in rates]
    assert verdicts == sorted(verdicts)  # a higher rate never lowers a verdict
    if correct < kept:  # one more right answer (instead of a wrong one) never lowers it
        assert all(order.index(competence_verdict(kept, correct + 1, r)) >= v for r, v in zip(rates, verdicts))
        # and dropping a wrong answer (neutralising it) never lowers it either
        assert all(order.index(competence_verdict(kept - 1, correct, r)) >= v for r, v in zip(rates, verdicts))


@pytest.mark.parametrize("rate, verdict", [(Fraction(80, 100), Verdict.VALIDATED),
                                           (Fraction(7999, 10000), Verdict.MINUS_ONE),
                                           (Fraction(70, 100), Verdict.MINUS_ONE),
                                           (Fraction(6999, 10000), Verdict.INVALIDATED)])
def test_band_edges_compare_the_exact_rate(rate, verdict):
    assert competence_verdict(2, 1, rate) is verdict


def test_more_than_three_questions_read_as_three_with_the_same_wrong_answers():
    for rate in (Fraction(1), Fraction(75, 100), Fraction(60, 100)):
        assert competence_verdict(4, 4, rate) is competence_verdict(3, 3, rate)
        assert competence_verdict(5, 4, rate) is competence_verdict(3, 2, rate)
        assert competence_verdict(5, 3, rate) is Verdict.INVALIDATED


# -- the reproducibility rate -------------------------------------------------------------------------

def test_exactly_50_percent_passes_and_just_below_is_rejected():
    at_50 = sitting({"1.1": "ooo", "1.2": "ook", "1.3": "kkk", "2.1": "okk"}).score()  # 6 / 12
    assert (at_50.rate, at_50.reproducibility_rate, at_50.status, at_50.reasons) == (Fraction(1, 2), 50,
                                                                                        "validated", ())
    below = sitting({"1.1": "ooo", "1.2": "ook", "1.3": "kkk", "2.1": "okk", "2.2": "k"}).score()  # 6 / 13
    assert below.status == "rejected" and below.reasons == ("reproducibility_below_50",)
    assert below.reproducibility_rate == 46


def test_a_rejection_for_the_rate_certifies_nothing():
    result = sitting({"1.1": "ooo", "1.2": "ooo", "1.3": "kkk", "2.1": "kkk", "2.2": "kkk"}).score()
    assert result.rate == Fraction(6, 15) and result.status == "rejected"
    assert result.pix == 0 and all(c.pix == 0 and c.result is Verdict.INVALIDATED for c in result.competences)


def test_the_rate_counts_only_non_neutralised_questions():
    # 6 right of 13, but the 2 neutralised ko leave 6 right of 11: 54 %, passes
    result = sitting({"1.1": "ooo", "1.2": "ooK", "1.3": "kkk", "2.1": "okK", "2.2": "k"}).score()
    assert (result.correct, result.counted, result.neutralised) == (6, 11, 2)
    assert result.rate == Fraction(6, 11) and result.reproducibility_rate == 54 and result.status == "validated"


@pytest.mark.parametrize("rate, shown", [(Fraction(2, 3), 66), (Fraction(199, 250), 79), (Fraction(4, 5), 80),
                                         (Fraction(1, 2), 50), (Fraction(99, 199), 49), (Fraction(1), 100),
                                         (Fraction(0), 0), (None, None)])
def test_the_shown_rate_is_rounded_down(rate, shown):
    assert percent(rate) == shown


def test_timed_out_and_focused_out_answers_are_failed():
    result = sitting({"1.1": "ttt", "1.2": "fff", "1.3": "ooo", "2.1": "ooo", "2.2": "ooo"}).score()
    assert (result.correct, result.counted) == (9, 15)
    assert [c.result for c in result.competences[:2]] == [Verdict.INVALIDATED] * 2


# -- pix -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("verdict, positioning, pix", [
    (Verdict.VALIDATED, 32, 32), (Verdict.VALIDATED, 30, 30), (Verdict.VALIDATED, 64, 64), (Verdict.VALIDATED, 70, 64),
    (Verdict.MINUS_ONE, 32, 24), (Verdict.MINUS_ONE, 30, 22), (Verdict.MINUS_ONE, 8, 0), (Verdict.MINUS_ONE, 12, 4),
    (Verdict.MINUS_ONE, 70, 56), (Verdict.INVALIDATED, 32, 0), (Verdict.INVALIDATED, 64, 0)])
def test_certified_pix(verdict, positioning, pix):
    assert certified_pix(verdict, positioning) == pix


def test_pix_and_levels_per_competence_and_in_total():
    result = sitting({"1.1": "ooo", "1.2": "ook", "1.3": "okk", "2.1": "ooo", "2.2": "ook"},
                     pix={"1.1": 30, "1.2": 30, "1.3": 40, "2.1": 70, "2.2": 12}).score()  # 11 / 15: 73 %, mid
    assert band_of(result.rate) == "mid"
    got = {c.code: (c.positioning_level, str(c.result), c.level, c.pix) for c in result.competences}
    assert got == {"1.1": (3, "validated_at_level", 3, 30), "1.2": (3, "validated_level_minus_one", 2, 22),
                   "1.3": (5, "invalidated", 0, 0), "2.1": (8, "validated_at_level", 8, 64),
                   "2.2": (1, "validated_level_minus_one", 0, 4)}
    assert result.pix == 30 + 22 + 64 + 4 == sum(c.pix for c in result.competences)


def test_no_pix_at_all_is_a_rejection():
    # 2 right of 3 at level 1 with a rate under 80 %: level 0, 0 pix everywhere
    result = sitting({"1.1": "ook", "1.2": "ook", "1.3": "ook"}, pix={"1.1": 8, "1.2": 8, "1.3": 8}).score()
    assert result.rate == Fraction(2, 3)
    assert (result.status, result.reasons, result.pix) == ("rejected", ("no_pix",), 0)
    assert all(c.result is Verdict.MINUS_ONE and c.level == 0 for c in result.competences)


def test_a_positioned_competence_without_questions_is_listed_invalidated():
    result = sitting({"1.1": "ooo"}, pix={"1.1": 32, "4.2": 24, "5.1": 0}).score()
    assert [(c.code, str(c.result), c.pix, c.questions) for c in result.competences] == [
        ("1.1", "validated_at_level", 32, result.competences[0].questions), ("4.2", "invalidated", 0, ())]


def test_competences_follow_the_framework_order_and_questions_their_number():
    made = sitting({"2.1": "o-", "1.1": "oo"}, pix={"1.1": 16, "2.1": 16})
    result = made.score()
    assert [c.code for c in result.competences] == ["1.1", "2.1"]
    assert [(q.number, q.challenge_id) for q in result.competences[1].questions] == [(1, "2.1#q0"), (4, "2.1#q1")]


# -- absent candidates and the API shape --------------------------------------------------------------

@pytest.mark.parametrize("status", [AttemptStatus.ENROLLED, AttemptStatus.PRESENT])
@pytest.mark.parametrize("abort_reason", [None, "abandon", "technical"])
def test_a_candidate_who_never_started_is_absent_without_score(status, abort_reason):
    made = sitting({}, pix={"1.1": 32, "1.2": 32}, status=status)
    result = made.score(abort_reason)
    assert result.to_dict() == {"candidate_id": "c1", "status": "absent", "reasons": [], "pix": None,
                                "reproducibility_rate": None, "correct": 0, "counted": 0, "neutralised": 0,
                                "competences": []}


def test_an_unknown_abort_reason_is_a_programming_error():
    with pytest.raises(ValueError):
        sitting({"1.1": "ooo"}).score("fatigue")


def test_to_dict_has_exactly_the_api_keys():
    made = sitting({"1.1": "ooK", "1.2": "ok-"}, pix={"1.1": 32, "1.2": 16})
    data = made.score().to_dict()
    assert set(data) == {"candidate_id", "status", "reasons", "pix", "reproducibility_rate", "correct", "counted",
                         "neutralised", "competences"}
    assert data["competences"][0] == {
        "code": "1.1", "title": "Mener une recherche et une veille d'information", "level": 4, "pix": 32,
        "positioning_level": 4, "result": "validated_at_level",
        "questions": [
            {"number": 1, "challenge_id": "1.1#q0", "outcome": "ok", "neutralised": False, "neutralised_by": None},
            {"number": 2, "challenge_id": "1.1#q1", "outcome": "ok", "neutralised": False, "neutralised_by": None},
            {"number": 3, "challenge_id": "1.1#q2", "outcome": "ko", "neutralised": True, "neutralised_by": "E12"}]}
    assert data["competences"][1]["questions"][-1] == {"number": 6, "challenge_id": "1.2#q2", "outcome": None,
                                                       "neutralised": False, "neutralised_by": None}
    assert (data["status"], data["reasons"], data["pix"], data["reproducibility_rate"]) == ("validated", [], 32, 60)
    assert (data["correct"], data["counted"], data["neutralised"]) == (3, 5, 1)
    assert type(data["reproducibility_rate"]) is int and type(data["reasons"]) is list
