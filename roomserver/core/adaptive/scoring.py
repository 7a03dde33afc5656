"""Adaptive scoring and outcomes (ADAPTIVE.md, "Score" and "Outcomes").

The capacity comes from the counted answers with the a and b recorded when each question was
asked (validated alerts excluded). Pix: the capacity's interval and mesh,
``floor(weight · (coefficient + p))`` capped at the maximum. Global level from the pix; each
competence's level from the same capacity in its own intervals.

Outcomes, with the minimum of 20 answers (configurable):
- fewer than the minimum: rejected after a candidate abandon, cancelled after a technical cause;
- from the minimum to one short of the full test after an abandon: the missing questions are
  simulated as failures, each the most informative challenge left (the draw always takes the
  first), then scored;
- a capacity below the first interval, or 0 pix: rejected; otherwise validated.

Decisions where ADAPTIVE.md is silent are marked "Decision".
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Mapping, Sequence

from .bank import Bank
from .estimator import INITIAL_ERROR
from .selection import Asked, capacity_of, counted, excluded_skills_of, next_question
from .version import CertificationVersion

PIX_PER_LEVEL = 8
ABANDON = "abandon"
TECHNICAL = "technical"
ABORT_REASONS = (None, ABANDON, TECHNICAL)


def pix_of(version: CertificationVersion, theta: float) -> int | None:
    """The score of a capacity; None below the first bound (no interval)."""
    bounds = version.score_intervals
    if theta < bounds[0]:
        return None
    if theta >= bounds[-1]:
        weight, coefficient = version.meshes[-1]  # p = 0 in the last mesh: 128 × 7 = 896, capped
        return min(version.max_score, math.floor(weight * coefficient))
    i = max(n for n in range(len(bounds) - 1) if bounds[n] <= theta)
    # Exact decimal arithmetic on the numbers as written (3.1 is 31/10, not the float next to it):
    # just below a bound the score is the last of its band (383, not 384), a midpoint is exact.
    low, high, exact = (Fraction(repr(float(x))) for x in (bounds[i], bounds[i + 1], theta))
    weight, coefficient = version.meshes[i]
    p = 1 - (high - exact) / (high - low)
    return min(version.max_score, math.floor(weight * (coefficient + p)))


def global_level(version: CertificationVersion, pix: int) -> int:
    """How many level thresholds the score reaches, capped (64 → 1, 768 → 7)."""
    return min(version.max_global_level, sum(1 for t in version.global_level_thresholds if pix >= t))


def competence_level(version: CertificationVersion, competence_id: str, theta: float) -> int:
    """The level of one competence: how many of its thresholds the capacity reaches (0 to 7)."""
    return sum(1 for t in version.competence_intervals[competence_id] if theta >= t)


def simulate_completion(version: CertificationVersion, bank: Bank, history: Sequence[Asked],
                        excluded_skills: Iterable[str] = (), accessibility: bool = False) -> list[Asked]:
    """The failures added after an abandon: up to the full test, each the most informative left."""
    certain = dataclasses.replace(version, draw_probability=1.0)
    history = list(history)
    added: list[Asked] = []
    while True:
        choice = next_question(certain, bank, history, None, excluded_skills, accessibility, 0)
        if choice is None:
            return added
        failure = Asked(choice.challenge_id, choice.a, choice.b, success=False)
        history.append(failure)
        added.append(failure)


@dataclass(frozen=True)
class CompetenceLevel:
    code: str
    title: str
    level: int
    pix: int  # Decision: level × 8, so classic columns (8 pix per level) keep their meaning

    def to_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "level": self.level, "pix": self.pix}


@dataclass(frozen=True)
class AdaptiveResult:
    """One candidate's adaptive result; ``to_dict`` has the classic result's keys and more."""

    candidate_id: str
    status: str  # "validated" | "rejected" | "cancelled" | "absent"
    version_id: str
    reasons: tuple[str, ...] = ()  # "too_few_answers", "capacity_below_scale", "no_pix"
    pix: int | None = None
    capacity: float | None = None
    capacity_error: float | None = None
    answers_counted: int = 0  # real answers that count (validated alerts excluded)
    correct: int = 0
    simulated: int = 0  # failures added after an abandon
    alerts_validated: int = 0
    global_level: int | None = None
    abort_reason: str | None = None
    minimum: int = 0  # the version's min_answers_for_score, for the report
    competences: tuple[CompetenceLevel, ...] = ()
    questions: tuple[Asked, ...] = ()  # the counted answers, then the simulated failures

    def to_dict(self) -> dict:
        return {
            "candidate_id": self.candidate_id, "status": self.status, "reasons": list(self.reasons),
            "pix": self.pix, "reproducibility_rate": None, "correct": self.correct,
            "counted": self.answers_counted, "neutralised": 0,
            "competences": [c.to_dict() for c in self.competences],
            "algorithm": "adaptive", "version": self.version_id, "capacity": self.capacity,
            "capacity_error": self.capacity_error, "answers_counted": self.answers_counted,
            "simulated_failures": self.simulated, "alerts_validated": self.alerts_validated,
            "global_level": self.global_level, "abort_reason": self.abort_reason,
            "questions": [{"number": n, "challenge_id": q.challenge_id, "a": q.a, "b": q.b, "success": q.success,
                           "simulated": n > self.answers_counted}
                          for n, q in enumerate(self.questions, start=1)],
        }

    def explain(self) -> list[str]:
        """The report in plain French (see ``report``)."""
        from .report import explain
        return explain(self)

    @classmethod
    def absent(cls, candidate_id: str, version_id: str) -> "AdaptiveResult":
        return cls(candidate_id, "absent", version_id)


def score_candidate(version: CertificationVersion, bank: Bank, candidate_id: str, history: Sequence[Asked],
                    abort_reason: str | None = None, *, titles: Mapping[str, str] | None = None,
                    excluded_skills: Iterable[str] = (), accessibility: bool = False) -> AdaptiveResult:
    """Score one candidate's adaptive test.

    ``history``: every question asked, in order, answered or flagged ``alert_validated`` (an
    assigned, unanswered question is left out: it counts for nothing). ``abort_reason``: None
    (the test ran to its end), "abandon" or "technical" (finalisation's abort reason).
    Decision: a test short of its full length with no reason given is scored as abandoned
    (the cautious reading, as for classic tests), unless the bank had nothing left to ask
    (the technical end of ADAPTIVE.md), which is technical.
    """
    if abort_reason not in ABORT_REASONS:
        raise ValueError(f"unknown abort reason {abort_reason!r}")
    answers = [q for q in history if q.alert_validated or q.success is not None]
    kept = counted(answers)
    alerts = sum(1 for q in answers if q.alert_validated)
    excluded = excluded_skills_of(bank, answers, excluded_skills)
    if len(kept) < version.max_questions and abort_reason is None:
        left = next_question(version, bank, answers, None, excluded, accessibility, 0)
        abort_reason = ABANDON if left is not None else TECHNICAL
    base = dict(candidate_id=candidate_id, version_id=version.id, answers_counted=len(kept),
                correct=sum(1 for q in kept if q.success), alerts_validated=alerts,
                abort_reason=abort_reason if len(kept) < version.max_questions else None,
                minimum=version.min_answers_for_score)
    if len(kept) < version.min_answers_for_score:
        found = capacity_of(version, kept) if kept else None
        return AdaptiveResult(status="rejected" if abort_reason == ABANDON else "cancelled",
                              reasons=("too_few_answers",), questions=tuple(kept),
                              capacity=found.capacity if found else None,
                              capacity_error=found.error if found else INITIAL_ERROR, **base)
    simulated: list[Asked] = []
    if abort_reason == ABANDON and len(kept) < version.max_questions:
        simulated = simulate_completion(version, bank, answers, excluded, accessibility)
    scored = kept + simulated
    found = capacity_of(version, scored)
    pix = pix_of(version, found.capacity)
    titles = titles or {}
    if pix is None or pix == 0:
        reasons = ("capacity_below_scale",) if pix is None else ("no_pix",)
        competences = tuple(CompetenceLevel(c, titles.get(c, c), 0, 0) for c in version.competence_intervals)
        return AdaptiveResult(status="rejected", reasons=reasons, pix=0, capacity=found.capacity,
                              capacity_error=found.error, simulated=len(simulated), global_level=0,
                              competences=competences, questions=tuple(scored), **base)
    competences = []
    for code in version.competence_intervals:
        level = competence_level(version, code, found.capacity)
        competences.append(CompetenceLevel(code, titles.get(code, code), level, level * PIX_PER_LEVEL))
    return AdaptiveResult(status="validated", pix=pix, capacity=found.capacity, capacity_error=found.error,
                          simulated=len(simulated), global_level=global_level(version, pix),
                          competences=tuple(competences), questions=tuple(scored), **base)
