"""The adaptive certification in a session: the bridge between the journal and the pure
algorithm of ``core.adaptive`` (docs/adaptive.md, "For the session flow").

Events (decided by ``commands`` and ``invigilation``, applied in ``session`` / ``room_events``):

- ``test_started`` with ``planned`` (the version's number of questions) and no challenge;
- ``question_asked`` {index, challenge_id, a, b, version}: the next question with the
  calibration it was chosen with, journaled in the same write as the answer before it (or as
  the start), so it is durable before the page can read it, and a reload serves it again;
- ``alert_validated`` with the replacement's ``a`` and ``b`` (a question on screen), or
  ``extends`` (an answer given before the alert was validated: it no longer counts, one more
  question is asked);
- ``test_completed`` {reason}: no question left to ask, "completed" or "technical_end".

Pure, no I/O. The version is the one recorded in the session (``state.certification``).
"""

from __future__ import annotations

import json
from functools import lru_cache

from .adaptive import AdaptiveResult, Asked, Bank, CertificationVersion, Choice, end_reason, next_question, \
    parse_version, score_candidate
from .matching import Outcome
from .refusal import Refusal
from .session import AnswerRecord, CandidateState, SessionState
from .states import AttemptStatus

ADAPTIVE = "adaptive"
NOT_STARTED = (AttemptStatus.ENROLLED, AttemptStatus.PRESENT)

Event = tuple[str, dict]


def is_adaptive(state: SessionState) -> bool:
    return state.details.get("algorithm") == ADAPTIVE


@lru_cache(maxsize=64)
def _parse(recorded: str) -> CertificationVersion:
    return parse_version(json.loads(recorded))


def version_of(state: SessionState) -> CertificationVersion:
    """The certification version recorded with the session (never the pack's current one)."""
    if not state.certification:
        raise Refusal(409, "certification_missing",
                      "Cette session adaptative n'a pas de version de certification enregistrée. "
                      "Appelez l'administrateur.")
    return _parse(json.dumps(state.certification, sort_keys=True))


def bank_of(catalogue) -> Bank:
    """The calibrated challenges of the content (``pack.bank``)."""
    bank = getattr(catalogue, "bank", None)
    if bank is None or not len(bank):
        raise Refusal(409, "no_calibration",
                      "Le contenu installé sur ce serveur n'a pas de questions calibrées\u00a0: le test adaptatif "
                      "ne peut pas être préparé. Appelez l'administrateur.")
    return bank


def accessibility(candidate: CandidateState) -> bool:
    """The candidate needs an accessibility adjustment (enrolment's flag)."""
    return candidate.details.get("accessibility") is True


def history(candidate: CandidateState, pending: AnswerRecord | None = None) -> tuple[list[Asked], Asked | None]:
    """Every question asked, in order, with the recorded a and b, and the one assigned and not
    answered (None when there is none). ``pending``: an answer being recorded, not applied yet.

    A question replaced after a validated alert, or whose answer an alert validated later
    removed, is flagged ``alert_validated`` (it leaves the estimate, its skill is excluded)."""
    ids = candidate.challenge_ids
    answers = {a.index: a for a in candidate.answers if a.index < len(ids) and a.challenge_id == ids[a.index]}
    if pending is not None:
        answers[pending.index] = pending
    validated = {(alert.index, alert.challenge_id) for alert in candidate.alerts if alert.status == "validated"}
    asked: list[Asked] = []
    assigned = None
    for index, challenge_id in enumerate(ids):
        for old in candidate.replaced.get(index, ()):
            a, b = candidate.calibration[old]
            asked.append(Asked(old, a, b, None, True))
        a, b = candidate.calibration[challenge_id]
        answer = answers.get(index)
        flagged = (index, challenge_id) in validated
        if answer is not None:
            asked.append(Asked(challenge_id, a, b, answer.outcome is Outcome.OK, flagged))
        elif flagged:  # validated with nothing left to replace it
            asked.append(Asked(challenge_id, a, b, None, True))
        else:
            assigned = Asked(challenge_id, a, b)
    return asked, assigned


def seed(state: SessionState, candidate: CandidateState, asked: int) -> str:
    """The cascade's seed for the next choice: the session, the candidate, the questions asked so
    far (replaced ones included). Recorded ids only, so a recomputation gives the same question."""
    return f"{state.id}:{candidate.id}:{asked}"


def _choose(state: SessionState, candidate: CandidateState, catalogue, asked: list[Asked],
            assigned: Asked | None = None) -> Choice | None:
    count = len(asked) + (assigned is not None)
    return next_question(version_of(state), bank_of(catalogue), asked, assigned, (), accessibility(candidate),
                         seed(state, candidate, count))


def _asked_event(state: SessionState, candidate: CandidateState, choice: Choice, index: int) -> Event:
    return ("question_asked", {"candidate_id": candidate.id, "index": index, "challenge_id": choice.challenge_id,
                               "a": choice.a, "b": choice.b, "version": version_of(state).id})


def _ended(state: SessionState, candidate: CandidateState, asked: list[Asked]) -> Event:
    return ("test_completed", {"candidate_id": candidate.id, "reason": end_reason(version_of(state), asked)})


def start(state: SessionState, candidate: CandidateState, catalogue) -> list[Event]:
    """The adaptive test's start: its length, then the first question, chosen and recorded."""
    version = version_of(state)
    choice = _choose(state, candidate, catalogue, [])
    if choice is None:
        raise Refusal(409, "no_questions",
                      "Aucune question n'a pu être préparée pour ce candidat. Appelez le surveillant.")
    return [("test_started", {"candidate_id": candidate.id, "challenge_ids": [], "seed": seed(state, candidate, 0),
                              "algorithm": ADAPTIVE, "planned": version.max_questions, "version": version.id}),
            _asked_event(state, candidate, choice, 0)]


def after_answer(state: SessionState, candidate: CandidateState, catalogue, answer: AnswerRecord) -> list[Event]:
    """What follows an answer, decided with it: the next question, or the end of the test."""
    asked, _ = history(candidate, answer)
    choice = _choose(state, candidate, catalogue, asked)
    if choice is None:
        return [_ended(state, candidate, asked)]
    return [_asked_event(state, candidate, choice, answer.index + 1)]


def on_alert_validated(state: SessionState, candidate: CandidateState, alert, catalogue) -> tuple[dict, list[Event]]:
    """What a validated alert changes: (data to add to ``alert_validated``, events after it).

    On the question on screen: a replacement is chosen, its skill excluded (or, nothing left,
    the test ends). On a question answered since, while the test runs: that answer no longer
    counts and one more question will be asked (``extends``). Otherwise (test over): nothing."""
    if candidate.status is not AttemptStatus.IN_TEST:
        return {"replacement": None}, []
    asked, assigned = history(candidate)
    on_screen = candidate.current_index == alert.index and assigned is not None \
        and assigned.challenge_id == alert.challenge_id
    if on_screen:
        flagged = Asked(assigned.challenge_id, assigned.a, assigned.b, None, True)
        choice = _choose(state, candidate, catalogue, asked, flagged)
        if choice is None:
            return {"replacement": None}, [_ended(state, candidate, asked + [flagged])]
        return {"replacement": choice.challenge_id, "a": choice.a, "b": choice.b,
                "version": version_of(state).id}, []
    answered_here = any(a.index == alert.index and a.challenge_id == alert.challenge_id for a in candidate.answers)
    return {"replacement": None, "extends": answered_here}, []


def result(state: SessionState, candidate: CandidateState, catalogue, abort_reason: str | None) -> AdaptiveResult:
    """The candidate's adaptive result (ADAPTIVE.md "Score" and "Outcomes"), from the recorded
    a and b, validated alerts excluded. ``abort_reason``: finalisation's, for a test ended by the
    invigilator. A test that ended by itself (32 answers, or nothing left to ask) but counts
    fewer answers (an alert validated after its last answer) is technical: scored on its answers."""
    version = version_of(state)
    if candidate.status in NOT_STARTED:
        return AdaptiveResult.absent(candidate.id, version.id)
    asked, _ = history(candidate)
    counted = sum(1 for q in asked if not q.alert_validated)
    if candidate.end_reason is not None and counted < version.max_questions:
        abort_reason = "technical"
    titles = {code: c.title for code, c in catalogue.competences.items()}
    return score_candidate(version, bank_of(catalogue), candidate.id, asked, abort_reason, titles=titles,
                           accessibility=accessibility(candidate))


def questions_owed(state: SessionState, catalogue) -> list[Event]:
    """The questions a crash may have kept from being recorded: an answer (or the start) and the
    question chosen with it are written together, but a power cut in the middle of that write may
    keep only the first line. At the next start the rules choose again, from the recorded history
    and the same seed, so the candidate gets exactly the question that was lost (or the end)."""
    if not is_adaptive(state):
        return []
    owed: list[Event] = []
    for candidate in state.candidates.values():
        if candidate.status is not AttemptStatus.IN_TEST or candidate.end_reason is not None:
            continue
        asked, assigned = history(candidate)
        if assigned is not None:
            continue
        if candidate.answers:
            owed += after_answer(state, candidate, catalogue, candidate.answers[-1])
        elif not candidate.challenge_ids:
            choice = _choose(state, candidate, catalogue, [])
            owed += [_asked_event(state, candidate, choice, 0)] if choice else [_ended(state, candidate, asked)]
    return owed
