"""Classic scoring (REFERENCE.md, "Scoring (classic version)" and "Incidents and finalisation").

How a test becomes a result, at finalisation:

1. Each question is the challenge now at its place in the test (a question replaced after a
   validated alert is scored on its replacement; the replaced challenge is never scored).
   Its outcome is the answer's; a question the candidate never reached counts as skipped,
   except after a technical abort, where it is neutralised.
2. A failed (ko, timed-out, focused-out) or skipped question is neutralised when an incident
   recorded on it fits it (``neutralisable``). A right answer is never neutralised.
3. Reproducibility rate = correct / non-neutralised questions. Below 50 %: rejected.
4. Each competence is judged on the questions it keeps (``competence_verdict``), then
   certified pix follow from its verdict (``certified_pix``). No pix at all: rejected.

Where REFERENCE.md is silent, the choice made is marked "Decision" below. The plain-French
report is in ``scoring_report`` (``explain``, re-exported here).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Callable, Iterable, Mapping

from .content import Challenge
from .generation import PIX_PER_LEVEL, Catalogue
from .matching import Outcome
from .session import AnswerRecord, CandidateState, Incident, SessionState
from .states import AttemptStatus

MIN_RATE = Fraction(50, 100)  # below: the certification is rejected (exactly 50 % passes)
TRUSTED_RATE = Fraction(80, 100)
DOUBTFUL_RATE = Fraction(70, 100)
MAX_LEVEL = 8
MAX_PIX = MAX_LEVEL * PIX_PER_LEVEL  # 64: positioning pix above it are not certified

ABORT_REASONS = (None, "abandon", "technical")  # None: ended normally or by the invigilator
TECHNICAL_ABORT = "technical_abort"  # neutralised_by of a question a technical abort left unreached

NOT_STARTED = frozenset({AttemptStatus.ENROLLED, AttemptStatus.PRESENT})


# -- which incident fits which question ---------------------------------------------------------

# code -> does it fit this question? (the challenge, and the outcome it is scored with).
# "Only where the incident fits the question (image / embed / attachment / timer)", plus focus.
# A code missing from the table (C-codes, legacy A1/A2/C3/C5) never neutralises anything.
FITS: dict[str, Callable[[Challenge, Outcome | None], bool]] = {
    # E1 image not shown: only a question that shows an image (an image attachment is
    # downloaded, not shown, so it is E3's business).
    "E1": lambda challenge, outcome: challenge.illustration is not None,
    # E2 embedded app not shown: only a question with an embed. The content model has no
    # embed yet, so this never fits; when Challenge gains one, test it here.
    "E2": lambda challenge, outcome: False,
    # E3 attachment will not open: only a question with attachments.
    "E3": lambda challenge, outcome: bool(challenge.attachments),
    # E4 site unavailable, E5 site blocked by the school's filter: only a question that needs
    # an external web site. The content model does not mark those yet, so these never fit.
    "E4": lambda challenge, outcome: False,
    "E5": lambda challenge, outcome: False,
    # E8 extra time exceeded on a timed question: only a timed question.
    "E8": lambda challenge, outcome: challenge.timer_s is not None,
    # E9 software problem: the program of the PC that opens an attachment failed, so only a
    # question with attachments (the browser itself is not "software" here: that is E1/E2).
    "E9": lambda challenge, outcome: bool(challenge.attachments),
    # E10 focus lost: only a focused question (elsewhere leaving the window costs nothing).
    "E10": lambda challenge, outcome: challenge.focused,
    # E11 skipped by mistake: only a question scored as skipped ("Je passe", or never reached
    # and counted as skipped).
    "E11": lambda challenge, outcome: outcome is Outcome.SKIPPED,
    # E12 accessibility: any question can be out of reach of a pupil's needs.
    "E12": lambda challenge, outcome: True,
}


def neutralisable(code: str, challenge: Challenge, outcome: Outcome | None = None) -> bool:
    """Whether an incident code fits a question (``outcome``: how it is scored; only E11 asks)."""
    fits = FITS.get(code)
    return fits is not None and fits(challenge, outcome)


# -- the per-competence table -------------------------------------------------------------------

class Verdict(StrEnum):
    VALIDATED = "validated_at_level"
    MINUS_ONE = "validated_level_minus_one"
    INVALIDATED = "invalidated"


V, M, X = Verdict.VALIDATED, Verdict.MINUS_ONE, Verdict.INVALIDATED

# (questions kept, correct) -> verdict when the rate is >= 80 %, 70-80 %, < 70 %
TABLE: dict[tuple[int, int], tuple[Verdict, Verdict, Verdict]] = {
    (3, 3): (V, V, V), (3, 2): (V, M, M), (3, 1): (X, X, X), (3, 0): (X, X, X),
    (2, 2): (V, V, V), (2, 1): (V, M, X), (2, 0): (X, X, X),
    (1, 1): (V, V, M), (1, 0): (X, X, X),
    (0, 0): (X, X, X),
}


def competence_verdict(kept: int, correct: int, rate: Fraction) -> Verdict:
    """Judge one competence on the questions it keeps (the classic table).

    ``kept``: its questions that were not neutralised; ``correct``: how many of them are
    right; ``rate``: the candidate's reproducibility rate over the whole test.

    | kept | correct | rate >= 80 %  | 70-80 %       | < 70 %        |
    |------|---------|---------------|---------------|---------------|
    | 3    | 3       | at level      | at level      | at level      |
    | 3    | 2       | at level      | level - 1     | level - 1     |
    | 3    | 0-1     | invalidated   | invalidated   | invalidated   |
    | 2    | 2       | at level      | at level      | at level      |
    | 2    | 1       | at level      | level - 1     | invalidated   |
    | 2    | 0       | invalidated   | invalidated   | invalidated   |
    | 1    | 1       | at level      | at level      | level - 1     |
    | 1    | 0       | invalidated   | invalidated   | invalidated   |
    | 0    | -       | invalidated   | invalidated   | invalidated   |

    The first three rows are REFERENCE.md's. Decision: a neutralised question counts as
    neither right nor wrong, so a competence is judged on the questions that remain, the
    same way whether it lost some to neutralisation or had fewer from the start (fewer
    validated skills): 2 right + 1 neutralised is "2 of 2", validated. The 2- and 1-question
    rows are the platform's published rules for those cases; "2 of 2" is as sure as "3 of 3",
    "1 of 2" needs a trusted rate, a lone right answer is weaker evidence than two. Nothing
    kept, nothing proved: invalidated. More than 3 kept (never with the classic generation)
    reads as 3 with the same number of wrong answers.
    """
    wrong = kept - correct
    if kept > 3:
        kept, correct = 3, max(0, 3 - wrong)
    verdicts = TABLE[(kept, correct)]
    if rate >= TRUSTED_RATE:
        return verdicts[0]
    return verdicts[1] if rate >= DOUBTFUL_RATE else verdicts[2]


def certified_pix(verdict: Verdict, positioning_pix: int) -> int:
    """The positioning pix (at most 64) if validated, 8 fewer at level - 1, 0 if invalidated."""
    pix = min(positioning_pix, MAX_PIX)
    if verdict is Verdict.VALIDATED:
        return pix
    if verdict is Verdict.MINUS_ONE:
        return max(0, pix - PIX_PER_LEVEL)
    return 0


def percent(rate: Fraction | None) -> int | None:
    """A rate as a whole percentage, rounded down.

    Decision: rounding down keeps every shown rate on the same side of the 50, 70 and 80 %
    thresholds as the exact fraction (79.6 % shows as 79 %, never as an "80 %" that was not
    trusted). The thresholds themselves compare the exact fraction.
    """
    return None if rate is None else math.floor(rate * 100)


# -- results ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionResult:
    number: int  # 1-based position in the test, as the invigilator and the pupil see it
    challenge_id: str
    competence_id: str
    outcome: Outcome | None  # None: never reached (scored as skipped unless neutralised)
    neutralised_by: str | None = None  # the incident code, or TECHNICAL_ABORT

    @property
    def neutralised(self) -> bool:
        return self.neutralised_by is not None

    @property
    def correct(self) -> bool:
        return self.outcome is Outcome.OK

    def to_dict(self) -> dict:
        return {"number": self.number, "challenge_id": self.challenge_id,
                "outcome": None if self.outcome is None else str(self.outcome),
                "neutralised": self.neutralised, "neutralised_by": self.neutralised_by}


@dataclass(frozen=True)
class CompetenceResult:
    code: str  # "1.1"
    title: str
    positioning_level: int
    positioning_pix: int
    result: Verdict
    level: int  # certified level: pix // 8 (0 when invalidated)
    pix: int
    questions: tuple[QuestionResult, ...]

    @property
    def kept(self) -> int:
        return sum(1 for q in self.questions if not q.neutralised)

    @property
    def correct(self) -> int:
        return sum(1 for q in self.questions if q.correct)

    def to_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "level": self.level, "pix": self.pix,
                "positioning_level": self.positioning_level, "result": str(self.result),
                "questions": [q.to_dict() for q in self.questions]}


@dataclass(frozen=True)
class CandidateResult:
    candidate_id: str
    status: str  # "validated" | "rejected" | "absent"
    reasons: tuple[str, ...] = ()  # "reproducibility_below_50", "no_pix"
    pix: int | None = None  # None: absent, no score
    rate: Fraction | None = None  # exact; None when no question was kept (or absent)
    reproducibility_rate: int | None = None  # percent(rate)
    correct: int = 0
    counted: int = 0  # questions not neutralised
    neutralised: int = 0
    competences: tuple[CompetenceResult, ...] = ()

    def to_dict(self) -> dict:
        return {"candidate_id": self.candidate_id, "status": self.status, "reasons": list(self.reasons),
                "pix": self.pix, "reproducibility_rate": self.reproducibility_rate, "correct": self.correct,
                "counted": self.counted, "neutralised": self.neutralised,
                "competences": [c.to_dict() for c in self.competences]}


# -- scoring ------------------------------------------------------------------------------------

def score_candidate(candidate: CandidateState, catalogue: Catalogue, incidents: Iterable[Incident],
                    abort_reason: str | None) -> CandidateResult:
    """Score one candidate's test at finalisation.

    ``incidents``: the session's records about this candidate (others are ignored).
    ``abort_reason``: None (ended normally or by the invigilator), "abandon" (what was not
    reached counts as skipped) or "technical" (what was not reached is neutralised).
    Decision: before finalisation gives a reason, a test still running is scored as if
    abandoned (the unreached questions count as skipped), the cautious reading.
    """
    if abort_reason not in ABORT_REASONS:
        raise ValueError(f"unknown abort reason {abort_reason!r}")
    if candidate.status in NOT_STARTED:
        return CandidateResult(candidate.id, "absent")
    incidents = [i for i in incidents if i.candidate_id == candidate.id and i.index is not None]
    answers = _answers_by_index(candidate)
    questions = [_question(index, catalogue.challenges[challenge_id], answers.get(index), incidents, abort_reason)
                 for index, challenge_id in enumerate(candidate.challenge_ids)]
    kept = [q for q in questions if not q.neutralised]
    correct = sum(1 for q in kept if q.correct)
    rate = Fraction(correct, len(kept)) if kept else None
    rejected_by_rate = rate is not None and rate < MIN_RATE
    competences = tuple(_competence(code, candidate, catalogue, questions, rate, rejected_by_rate)
                        for code in _competences_of(candidate, catalogue, questions))
    pix = sum(c.pix for c in competences)
    reasons = ("reproducibility_below_50",) if rejected_by_rate else ("no_pix",) if pix == 0 else ()
    return CandidateResult(candidate.id, "rejected" if reasons else "validated", reasons, pix, rate, percent(rate),
                           correct, len(kept), len(questions) - len(kept), competences)


def score_session(state: SessionState, catalogue: Catalogue,
                  abort_reasons: Mapping[str, str | None]) -> list[CandidateResult]:
    """Score every candidate of a session (``abort_reasons``: candidate id -> reason)."""
    return [score_candidate(candidate, catalogue, [i for i in state.incidents if i.candidate_id == candidate.id],
                            abort_reasons.get(candidate.id))
            for candidate in state.candidates.values()]


def _answers_by_index(candidate: CandidateState) -> dict[int, AnswerRecord]:
    """The answer given at each place, when it is about the challenge now there."""
    answers: dict[int, AnswerRecord] = {}
    for answer in candidate.answers:
        if answer.index < len(candidate.challenge_ids) and answer.challenge_id == candidate.challenge_ids[answer.index]:
            answers.setdefault(answer.index, answer)
    return answers


def _question(index: int, challenge: Challenge, answer: AnswerRecord | None, incidents: list[Incident],
              abort_reason: str | None) -> QuestionResult:
    """One question: its outcome, and whether (and by what) it is neutralised."""
    outcome = answer.outcome if answer else None
    scored_as = outcome if outcome is not None else Outcome.SKIPPED
    neutralised_by = None
    if scored_as is not Outcome.OK:  # a right answer is never neutralised
        # an incident about a challenge replaced since then says nothing about its replacement
        neutralised_by = next((i.code for i in incidents if i.index == index
                               and i.challenge_id in (None, challenge.id)
                               and neutralisable(i.code, challenge, scored_as)), None)
        if neutralised_by is None and outcome is None and abort_reason == "technical":
            neutralised_by = TECHNICAL_ABORT
    return QuestionResult(index + 1, challenge.id, challenge.competence_id, outcome, neutralised_by)


def _competences_of(candidate: CandidateState, catalogue: Catalogue, questions: list[QuestionResult]) -> list[str]:
    """The competences tested, or positioned at level 1 or more, in the framework's order.

    Decision: a competence positioned at level >= 1 but given no question (no challenge
    left in the pack) is listed, invalidated: nothing was proved there.
    """
    codes = {q.competence_id for q in questions}
    codes |= {code for code in candidate.profile.pix if candidate.profile.level(code) >= 1}
    order = {code: n for n, code in enumerate(catalogue.competences)}
    return sorted(codes, key=lambda code: (order.get(code, len(order)), code))


def _competence(code: str, candidate: CandidateState, catalogue: Catalogue, questions: list[QuestionResult],
                rate: Fraction | None, rejected_by_rate: bool) -> CompetenceResult:
    """One competence's verdict, level and pix.

    Decision (as the platform): a certification rejected for its reproducibility rate
    certifies nothing, so every competence is then invalidated with 0 pix.
    """
    own = tuple(q for q in questions if q.competence_id == code)
    kept = [q for q in own if not q.neutralised]
    correct = sum(1 for q in kept if q.correct)
    if rate is None or rejected_by_rate:
        verdict = Verdict.INVALIDATED
    else:
        verdict = competence_verdict(len(kept), correct, rate)
    positioning_pix = candidate.profile.pix.get(code, 0)
    pix = certified_pix(verdict, positioning_pix)
    competence = catalogue.competences.get(code)
    return CompetenceResult(code, competence.title if competence else code, candidate.profile.level(code),
                            positioning_pix, verdict, pix // PIX_PER_LEVEL, pix, own)


from .scoring_report import explain  # noqa: E402,F401  (the report reads the results defined above)
