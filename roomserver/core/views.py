"""What a candidate may see of a session, built from the state. Pure functions.

Candidates get their own progress and the current question without its solution
(the invigilator's view is in ``dashboard``).
"""

from __future__ import annotations

from .content import public_question
from .generation import Catalogue
from .session import CandidateState, SessionState
from .timing import allowed_s, time_left_s, time_used_s


def candidate_status(candidate: CandidateState, token_sha256: str | None) -> str:
    """The attempt status, or 'awaiting_resume' for a new browser not yet authorised."""
    if token_sha256 is not None and token_sha256 == candidate.pending_token:
        return "awaiting_resume"
    return str(candidate.status)


def time_left(state: SessionState, candidate: CandidateState, now: float) -> int | None:
    """Seconds left; the clock stops when the test ends. None before the session starts."""
    if state.started_at is None:
        return None
    return time_left_s(state.started_at, _clock_end(state, candidate, now), candidate.extra_time_pct, candidate.added_s)


def time_used(state: SessionState, candidate: CandidateState, now: float) -> int:
    return 0 if state.started_at is None else time_used_s(state.started_at, _clock_end(state, candidate, now))


def _clock_end(state: SessionState, candidate: CandidateState, now: float) -> float:
    """The clock stops when the candidate's test ends, or for everyone when the session closes."""
    ends = [t for t in (candidate.ended_at, state.closed_at) if t is not None]
    return min(ends) if ends else now


def alert_notice(candidate: CandidateState) -> dict | None:
    """The candidate's latest alert, as the candidate may know it (no code, no invigilator)."""
    if not candidate.alerts:
        return None
    alert = candidate.alerts[-1]
    return {"question_number": alert.index + 1, "status": alert.status,
            "replaced": alert.replacement is not None}


def candidate_view(state: SessionState, candidate: CandidateState, token_sha256: str | None,
                   catalogue: Catalogue, now: float) -> dict:
    """GET /api/v1/candidate/state: progress, time, and the current question (no solution)."""
    status = candidate_status(candidate, token_sha256)
    question = None
    challenge_id = candidate.current_challenge_id
    if status != "awaiting_resume" and challenge_id is not None:
        challenge = catalogue.challenges[challenge_id]
        question = public_question(challenge, candidate.current_index + 1)
        shown = candidate.shown_at.get(candidate.current_index)
        if challenge.timer_s is not None:  # counted from the first display, on any PC
            question["timer_left_s"] = max(0, int(challenge.timer_s - (now - shown))) if shown else challenge.timer_s
    return {
        "status": status,
        "session_status": str(state.status),
        "session_number": state.number,
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "answered": candidate.answered,
        "total": candidate.total,
        "time_left_s": time_left(state, candidate, now),
        "allowed_s": allowed_s(candidate.extra_time_pct, candidate.added_s),
        "added_s": candidate.added_s,
        "alert": alert_notice(candidate),
        "end_screen_seen": candidate.end_screen_seen,
        "version": candidate.seq,
        "question": question,
    }
