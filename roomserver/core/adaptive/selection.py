"""Choosing the next question (ADAPTIVE.md, "Choosing the next question").

``next_question`` is pure and deterministic for a given seed. In order:

1. a question already assigned and not answered is served again (reload, resume);
2. answers whose live alert was validated leave the history, and their skill is excluded;
3. a candidate needing an accessibility adjustment only gets challenges marked accessible;
4. filters: one question per tube (or per skill); while a competence is unasked, only unasked
   competences; none of the competences of the last N answers (dropped if it leaves nothing);
5. the remaining challenges ranked by Fisher information at the current estimate, the best
   ``draw_pool`` kept, one drawn by the cascade: the first with probability p, else recurse;
6. the caller records the choice with its a and b before showing it;
7. None once ``max_questions`` answers are counted, or when the filters leave nothing
   (``end_reason`` says which).
"""

from __future__ import annotations

import itertools
import math
import operator
import random
from dataclasses import dataclass
from typing import Iterable, NamedTuple, Sequence

from .bank import Bank
from .estimator import Estimate, estimate
from .version import CertificationVersion

COMPLETED = "completed"
TECHNICAL_END = "technical_end"


@dataclass(frozen=True)
class Asked:
    """One question asked to a candidate, as journaled: the a and b are those of that moment.

    ``success``: True only for a right answer (wrong, skipped, timed-out and focused-out are
    all failures); None while unanswered. ``alert_validated``: the invigilator validated a
    live alert on it, so it leaves the history and its skill is excluded.
    """

    challenge_id: str
    a: float
    b: float
    success: bool | None = None
    alert_validated: bool = False


class Choice(NamedTuple):
    """The next question and the calibration to record with it."""

    challenge_id: str
    a: float
    b: float


def counted(history: Iterable[Asked]) -> list[Asked]:
    """The answers that count: answered, and not removed by a validated alert."""
    kept = []
    for asked in history:
        if asked.alert_validated:
            continue
        if asked.success is None:
            raise ValueError(f"unanswered question {asked.challenge_id} in the history")
        kept.append(asked)
    return kept


def excluded_skills_of(bank: Bank, history: Iterable[Asked], extra: Iterable[str] = ()) -> frozenset[str]:
    """The skills of the questions whose alert was validated, plus ``extra``."""
    skills = set(extra)
    for asked in history:
        item = bank.by_id.get(asked.challenge_id)
        if asked.alert_validated and item is not None:
            skills.add(item.skill_id)
    return frozenset(skills)


def capacity_of(version: CertificationVersion, answers: Sequence[Asked]) -> Estimate:
    """The estimate from counted answers, with the a and b recorded when each was asked."""
    return estimate(((q.a, q.b, bool(q.success)) for q in answers), version.start_capacity,
                    version.variation_percent)


# -- the filters, in their order: each takes and returns bank indices, in bank order -----------

def accessible_only(bank: Bank, indices: Sequence[int], accessibility: bool) -> list[int]:
    """Only challenges marked accessible, for a candidate who needs an adjustment."""
    if not accessibility:
        return list(indices)
    marked = set(bank.accessible)
    return [i for i in indices if i in marked]


def without_skills(bank: Bank, indices: Sequence[int], skills: frozenset[str]) -> list[int]:
    """No challenge of an excluded skill (validated alerts)."""
    skill = bank.skill
    return [i for i in indices if skill[i] not in skills] if skills else list(indices)


def one_per_tube(bank: Bank, indices: Sequence[int], asked: Sequence[int], per_tube: bool) -> list[int]:
    """Drop every challenge of a tube (or, when ``per_tube`` is off, of a skill) already asked."""
    family = bank.tube if per_tube else bank.skill
    used = {family[i] for i in asked}
    return [i for i in indices if family[i] not in used]


def unasked_competences_first(bank: Bank, indices: Sequence[int], asked: Sequence[int]) -> list[int]:
    """While a competence is unasked, only its challenges (unchanged if none of them is left)."""
    competence = bank.competence
    used = {competence[i] for i in asked}
    fresh = [i for i in indices if competence[i] not in used]
    return fresh if fresh else list(indices)


def no_recent_competences(bank: Bank, indices: Sequence[int], asked: Sequence[int], count: int) -> list[int]:
    """None of the competences of the last ``count`` answers, unless that leaves nothing."""
    if count <= 0 or not asked:
        return list(indices)
    competence = bank.competence
    recent = {competence[i] for i in asked[-count:]}
    kept = [i for i in indices if competence[i] not in recent]
    return kept if kept else list(indices)


def eligible(version: CertificationVersion, bank: Bank, answers: Sequence[Asked], excluded: frozenset[str],
             accessibility: bool) -> list[int]:
    """The indices of the challenges left after every filter, in bank order.

    An answered challenge no longer in the bank (another pack) still counts as asked, but
    tells nothing about tubes or competences.
    """
    asked = [bank.index[q.challenge_id] for q in answers if q.challenge_id in bank.index]
    done = set(asked)
    indices = [i for i in range(len(bank)) if i not in done]
    indices = accessible_only(bank, indices, accessibility)
    indices = without_skills(bank, indices, excluded)
    indices = one_per_tube(bank, indices, asked, version.one_per_tube)
    if version.unasked_competences_first:
        indices = unasked_competences_first(bank, indices, asked)
    return no_recent_competences(bank, indices, asked, version.no_recent_competences)


# -- ranking and the draw ----------------------------------------------------------------------

def ranked(bank: Bank, indices: Sequence[int], capacity: float, keep: int) -> list[int]:
    """The ``keep`` most informative of ``indices`` at ``capacity``, best first.

    Fisher information a² · P · (1 − P), computed as a² / (2 + 2 cosh(a (b − θ))), the same
    value (finite: the bank bounds a and b, the estimate stays on the grid). ``indices`` are in
    bank order and the sort is stable, so among equal information the earlier challenge wins.
    The arithmetic runs in ``map`` (C loops): this runs before every question of every candidate.
    """
    if not indices:
        return []
    pick = operator.itemgetter(*indices)
    a, b, a2 = pick(bank.a), pick(bank.b), pick(bank.a2)
    if len(indices) == 1:
        a, b, a2 = (a,), (b,), (a2,)
    cosh = map(math.cosh, map(operator.mul, a, map(operator.sub, b, itertools.repeat(capacity))))
    scores = list(map(operator.truediv, a2, map(operator.add, itertools.repeat(2.0),
                                                  map(operator.mul, itertools.repeat(2.0), cosh))))
    best = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)[:keep]
    return [indices[n] for n in best]


def cascade(candidates: Sequence, probability: float, rng: random.Random):
    """The first with ``probability``, else the same draw over the rest; the last takes what is left."""
    for candidate in candidates[:-1]:
        if rng.random() < probability:
            return candidate
    return candidates[-1]


def next_question(version: CertificationVersion, bank: Bank, history: Sequence[Asked],
                  assigned: Asked | None = None, excluded_skills: Iterable[str] = (),
                  accessibility: bool = False, rng_seed: int | str | None = 0) -> Choice | None:
    """The question to show now, with the a and b to record; None when the test is over.

    ``history``: the questions asked and answered, in order (validated alerts included, flagged).
    ``assigned``: the question recorded as asked and not answered yet: served again as recorded.
    ``excluded_skills``: skills excluded besides those of validated alerts.
    ``rng_seed``: the cascade's seed (the same seed and history give the same question).
    """
    if assigned is not None and not assigned.alert_validated:
        return Choice(assigned.challenge_id, assigned.a, assigned.b)
    answers = counted(history)
    if len(answers) >= version.max_questions:
        return None
    excluded = excluded_skills_of(bank, history, excluded_skills)
    if assigned is not None:  # its alert was validated before it was answered
        excluded = excluded_skills_of(bank, [assigned], excluded)
    return choose(version, bank, answers, excluded, accessibility, capacity_of(version, answers).capacity, rng_seed)


def choose(version: CertificationVersion, bank: Bank, answers: Sequence[Asked], excluded: frozenset[str],
           accessibility: bool, capacity: float, rng_seed: int | str | None) -> Choice | None:
    """Steps 3 to 5 for counted ``answers`` whose estimate is ``capacity`` (simulations keep it up to date)."""
    indices = eligible(version, bank, answers, excluded, accessibility)
    if not indices:
        return None
    best = ranked(bank, indices, capacity, version.draw_pool)
    chosen = bank.items[cascade(best, version.draw_probability, random.Random(rng_seed))]
    return Choice(chosen.challenge_id, chosen.a, chosen.b)


def end_reason(version: CertificationVersion, history: Sequence[Asked]) -> str:
    """Why ``next_question`` returned None: all questions answered, or nothing left to ask."""
    return COMPLETED if len(counted(history)) >= version.max_questions else TECHNICAL_END
