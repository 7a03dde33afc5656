"""What a candidate may see of a session, built from the state. Pure functions.

Candidates get their own progress, the current question without its solution and, in the
classic algorithm, the next one too (so the page can go on through a blip of the room
server; the invigilator's view is in ``dashboard``).
"""

from __future__ import annotations

from .content import public_question
from .downtime import REASONS, gaps, given_back, overlap, question_elapsed
from .generation import Catalogue
from .session import CandidateState, SessionState
from .timing import allowed_s, time_left_s, time_used_s

CLASSIC = "classic"


def algorithm(state: SessionState) -> str:
    """classic (the whole test is drawn at the start) or adaptive (each question depends on the
    answers before it: the next one cannot be sent ahead)."""
    return str(state.details.get("algorithm", CLASSIC))


def candidate_status(candidate: CandidateState, token_sha256: str | None) -> str:
    """The attempt status; 'awaiting_resume' for a new browser not yet authorised; 'moved' for
    the PC the test moved away from."""
    if token_sha256 is not None and token_sha256 == candidate.pending_token:
        return "awaiting_resume"
    if token_sha256 is not None and token_sha256 in candidate.moved_tokens:
        return "moved"
    return str(candidate.status)


def given_back_s(state: SessionState, candidate: CandidateState, now: float) -> float:
    """Seconds of outages and page gaps within the candidate's clock, counted once."""
    if state.started_at is None:
        return 0.0
    end = _clock_end(state, candidate, now)
    return overlap(gaps(state, candidate, end), state.started_at, end)


def time_left(state: SessionState, candidate: CandidateState, now: float,
              given_back: float | None = None) -> int | None:
    """Seconds left; the clock stops when the test ends. None before the session starts.
    ``given_back``: ``given_back_s`` at ``now`` when the caller has it already."""
    if state.started_at is None:
        return None
    if given_back is None:
        given_back = given_back_s(state, candidate, now)
    return time_left_s(state.started_at, _clock_end(state, candidate, now), candidate.extra_time_pct,
                       candidate.added_s, given_back)


def time_used(state: SessionState, candidate: CandidateState, now: float) -> int:
    if state.started_at is None:
        return 0
    return time_used_s(state.started_at, _clock_end(state, candidate, now), given_back_s(state, candidate, now))


def clock_s(state: SessionState, candidate: CandidateState, now: float) -> float:
    """Exact seconds counted against the candidate at ``now`` (time_used without rounding)."""
    if state.started_at is None:
        return 0.0
    end = _clock_end(state, candidate, now)
    return max(0.0, end - state.started_at - given_back_s(state, candidate, now))


def _clock_end(state: SessionState, candidate: CandidateState, now: float) -> float:
    """The clock stops when the candidate's test ends, or for everyone when the session closes."""
    ends = [t for t in (candidate.ended_at, state.closed_at) if t is not None]
    return min(ends) if ends else now


def given_back_detail(state: SessionState, candidate: CandidateState, now: float) -> list[dict]:
    """The time given back, by reason, in whole seconds (for the dashboard and the report)."""
    if state.started_at is None:
        return []
    end = _clock_end(state, candidate, now)
    return [{"reason": reason, "label": REASONS[reason], "seconds": round(seconds)}
            for reason, seconds in given_back(state, candidate, state.started_at, end).items() if round(seconds) > 0]


def alert_notice(candidate: CandidateState) -> dict | None:
    """The candidate's latest alert, as the candidate may know it (no code, no invigilator)."""
    if not candidate.alerts:
        return None
    alert = candidate.alerts[-1]
    return {"question_number": alert.index + 1, "status": alert.status,
            "replaced": alert.replacement is not None}


def order_seed(state: SessionState, candidate: CandidateState) -> str:
    """What a candidate's proposal order is drawn from: recorded ids, so it never changes."""
    return f"{state.id}:{candidate.id}"


def _next_question(state: SessionState, candidate: CandidateState, catalogue: Catalogue) -> dict | None:
    """The question after the current one, sent ahead in the classic algorithm only (never in
    the adaptive one: both possible next questions would tell which answer was right)."""
    index = candidate.current_index
    if algorithm(state) != CLASSIC or index is None or index + 1 >= candidate.total:
        return None
    challenge = catalogue.challenges[candidate.challenge_ids[index + 1]]
    question = public_question(challenge, index + 2, order_seed(state, candidate))
    if challenge.timer_s is not None:
        question["timer_left_s"] = challenge.timer_s  # not shown yet: counts from its display
    return question


def candidate_view(state: SessionState, candidate: CandidateState, token_sha256: str | None,
                   catalogue: Catalogue, now: float) -> dict:
    """GET /api/v1/candidate/state: progress, time, the current question and, in the classic
    algorithm, the next one (never a solution)."""
    status = candidate_status(candidate, token_sha256)
    question = next_question = None
    challenge_id = candidate.current_challenge_id
    if status not in ("awaiting_resume", "moved") and challenge_id is not None:
        challenge = catalogue.challenges[challenge_id]
        question = public_question(challenge, candidate.current_index + 1, order_seed(state, candidate))
        if challenge.timer_s is not None:  # counted from the first display, on any PC, gaps excluded
            elapsed = question_elapsed(state, candidate, candidate.current_index, now) \
                if candidate.current_index in candidate.shown_at else 0.0
            question["timer_left_s"] = max(0, int(challenge.timer_s - elapsed))
        next_question = _next_question(state, candidate, catalogue)
    back = given_back_s(state, candidate, now)
    return {
        "status": status,
        "session_status": str(state.status),
        "session_number": state.number,
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "answered": candidate.answered,
        "total": candidate.total,
        "time_left_s": None if status == "moved" else time_left(state, candidate, now, back),
        "allowed_s": allowed_s(candidate.extra_time_pct, candidate.added_s),
        "added_s": candidate.added_s,
        "extra_time_pct": candidate.extra_time_pct,
        "given_back_s": round(back),
        "alert": alert_notice(candidate),
        "end_screen_seen": candidate.end_screen_seen,
        "version": candidate.seq,
        "algorithm": algorithm(state),
        "resume_requested": status == str(candidate.status) and candidate.pending_token is not None,
        "question": question,
        "next_offered": next_question is not None,
        "next_question": next_question,
    }

