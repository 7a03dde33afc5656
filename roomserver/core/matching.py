"""Answer matching (REFERENCE.md, Joining and the test, 6 to 9).

``check_shape`` refuses a value that cannot be an answer to the challenge (a proposal
id that does not exist, a missing field): that is a client error, not a wrong answer.
``is_correct`` then compares with the solution, applying the challenge's tolerances to
free text, and ``outcome`` turns correctness plus timing and focus into ok / ko /
timed-out / focused-out. Skipping is decided before matching and is always "skipped".
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Iterable

from .content import Challenge, ChallengeType, Field, InputKind, Tolerance
from .identity import plain_letters
from .refusal import Refusal

MAX_FREE_TEXT = 500


class Outcome(StrEnum):
    OK = "ok"
    KO = "ko"
    SKIPPED = "skipped"
    TIMED_OUT = "timed-out"  # right answer, given after the timer ran out
    FOCUSED_OUT = "focused-out"  # right answer, but the window was left on a focused challenge


# -- free text -------------------------------------------------------------------------

def normalise_text(text: str, tolerances: Iterable[Tolerance]) -> str:
    """Apply T1 and T2 (T3 is a comparison, not a normalisation)."""
    tolerances = set(tolerances)
    if Tolerance.T1 in tolerances:  # casefold: 'STRASSE' matches 'straße'; ligatures: 'coeur' matches 'cœur'
        text = re.sub(r"\s+", "", plain_letters(text.strip().casefold()))
    if Tolerance.T2 in tolerances:
        text = "".join(ch for ch in text if ch.isalnum())
    return text


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def text_matches(given: str, accepted: Iterable[str], tolerances: Iterable[Tolerance]) -> bool:
    tolerances = frozenset(tolerances)
    answer = normalise_text(given, tolerances)
    for expected in accepted:
        target = normalise_text(expected, tolerances)
        if answer == target:
            return True
        if Tolerance.T3 in tolerances and target and levenshtein(answer, target) / len(target) <= 0.25:
            return True
    return False


def parse_number(text: str) -> Decimal | None:
    """'12,5' / ' 12.50 ' / '1 200' -> Decimal; anything else -> None."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def field_matches(field: Field, given: str, accepted: Iterable[str], tolerances: Iterable[Tolerance]) -> bool:
    if field.input is InputKind.NUMBER:
        number = parse_number(given)
        return number is not None and any(number == parse_number(a) for a in accepted)
    if field.input is InputKind.SELECT:
        return given.strip() in {a.strip() for a in accepted}
    return text_matches(given, accepted, tolerances)


# -- shape -----------------------------------------------------------------------------

def _refuse(message: str) -> Refusal:
    return Refusal(422, "answer_invalid", message)


def check_shape(challenge: Challenge, value: Any) -> None:
    """Refuse (422) a value that cannot be an answer to this challenge."""
    kind = challenge.type
    ids = {p.id for p in challenge.proposals}
    if kind is ChallengeType.QCU:
        if not isinstance(value, str) or value not in ids:
            raise _refuse("Choisissez une des propositions, ou « Je passe ».")
    elif kind is ChallengeType.QCM:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _refuse("Pour cette question, la réponse est une liste de propositions.")
        if not value:
            raise _refuse("Cochez au moins une proposition, ou choisissez « Je passe ».")
        if len(set(value)) != len(value) or not set(value) <= ids:
            raise _refuse("Une des propositions cochées n'existe pas pour cette question.")
    elif kind is ChallengeType.QROC:
        if not isinstance(value, str):
            raise _refuse("Pour cette question, la réponse est un texte.")
        _check_field(challenge.fields[0], value)
    else:
        if not isinstance(value, dict) or set(value) != {f.id for f in challenge.fields}:
            raise _refuse("Remplissez chacune des cases de la question, ou choisissez « Je passe ».")
        for f in challenge.fields:
            if not isinstance(value[f.id], str):
                raise _refuse("Chaque case se remplit avec un texte.")
            _check_field(f, value[f.id])


def _check_field(field: Field, text: str) -> None:
    if not text.strip():
        raise _refuse("La réponse est vide : écrivez-la, ou choisissez « Je passe ».")
    if len(text) > MAX_FREE_TEXT:
        raise _refuse(f"La réponse est trop longue (au plus {MAX_FREE_TEXT} caractères).")
    if field.input is InputKind.SELECT and text not in field.options:
        raise _refuse("Choisissez une des valeurs de la liste.")


# -- correctness -----------------------------------------------------------------------

def is_correct(challenge: Challenge, value: Any) -> bool:
    """Compare a well-shaped value with the solution."""
    solution, tol = challenge.solution, challenge.tolerances
    kind = challenge.type
    if kind is ChallengeType.QCU:
        return value in solution.choices
    if kind is ChallengeType.QCM:
        return set(value) == set(solution.choices)
    if kind is ChallengeType.QROC:
        field = challenge.fields[0]
        return field_matches(field, value, solution.accepted[field.id], tol)
    if kind is ChallengeType.QROCM_IND:
        return all(field_matches(f, value[f.id], solution.accepted[f.id], tol) for f in challenge.fields)
    return _dependent_fields_match(challenge, value)


def _dependent_fields_match(challenge: Challenge, value: dict) -> bool:
    """QROCM-dep: each field must match a group, and no two fields the same group."""
    candidates = [
        {g for g, group in enumerate(challenge.solution.groups)
         if field_matches(f, value[f.id], group, challenge.tolerances)}
        for f in challenge.fields
    ]
    return _distinct_assignment(candidates, set())


def _distinct_assignment(options: list[set[int]], used: set[int]) -> bool:
    if not options:
        return True
    first, rest = options[0], options[1:]
    return any(_distinct_assignment(rest, used | {g}) for g in first - used)


def outcome(challenge: Challenge, value: Any, *, answered_after_s: float | None = None,
            focus_lost: bool = False, extra_time: bool = False) -> Outcome:
    """The outcome of a submitted (not skipped) answer. A candidate with extra time may answer a
    timed question after its timer: a right answer is then ok (REFERENCE.md, 9)."""
    if not is_correct(challenge, value):
        return Outcome.KO
    if challenge.timer_s is not None and answered_after_s is not None and answered_after_s > challenge.timer_s \
            and not extra_time:
        return Outcome.TIMED_OUT
    if challenge.focused and focus_lost:
        return Outcome.FOCUSED_OUT
    return Outcome.OK


def right_answer(challenge: Challenge) -> Any:
    """A value that the solution accepts: for pack self-checks, simulators and tests."""
    solution = challenge.solution
    if challenge.type is ChallengeType.QCU:
        return next(iter(solution.choices))
    if challenge.type is ChallengeType.QCM:
        return sorted(solution.choices)
    if challenge.type is ChallengeType.QROC:
        return solution.accepted[challenge.fields[0].id][0]
    if challenge.type is ChallengeType.QROCM_IND:
        return {f.id: solution.accepted[f.id][0] for f in challenge.fields}
    return {f.id: solution.groups[i][0] for i, f in enumerate(challenge.fields)}


def wrong_answer(challenge: Challenge) -> Any:
    """A well-shaped value that the solution refuses (for tests and simulators)."""
    if challenge.type is ChallengeType.QCU:
        return next(p.id for p in challenge.proposals if p.id not in challenge.solution.choices)
    if challenge.type is ChallengeType.QCM:
        ids = [p.id for p in challenge.proposals]
        return [i for i in ids if i not in challenge.solution.choices] or ids[:1]
    def bad(field: Field) -> str:
        if field.input is InputKind.SELECT:
            return next(o for o in field.options if not field_matches(field, o, _accepted_for(challenge, field), challenge.tolerances))
        return "999999" if field.input is InputKind.NUMBER else "zzzz réponse fausse zzzz"
    if challenge.type is ChallengeType.QROC:
        return bad(challenge.fields[0])
    return {f.id: bad(f) for f in challenge.fields}


def _accepted_for(challenge: Challenge, field: Field) -> tuple[str, ...]:
    if challenge.type is ChallengeType.QROCM_DEP:
        return tuple(a for group in challenge.solution.groups for a in group)
    return challenge.solution.accepted[field.id]
