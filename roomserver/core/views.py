"""What each audience may see of a session, built from the state. Pure functions.

Candidates get their own progress and the current question without its solution;
invigilators get rows about every candidate, never a solution or an answer value.
"""

from __future__ import annotations

from .content import public_question
from .generation import Catalogue
from .session import CandidateState, SessionState
from .states import SessionStatus
from .timing import allowed_s, time_left_s, time_used_s


def candidate_status(candidate: CandidateState, token_sha256: str | None) -> str:
    """The attempt status, or 'awaiting_resume' for a new browser not yet authorised."""
    if token_sha256 is not None and token_sha256 == candidate.pending_token:
        return "awaiting_resume"
    return str(candidate.status)


def time_left(state: SessionState, candidate: CandidateState, now: float) -> int | None:
    if state.started_at is None:
        return None
    return time_left_s(state.started_at, now, candidate.extra_time_pct, candidate.added_s)


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
        "question": question,
    }


def candidate_row(state: SessionState, candidate: CandidateState, now: float) -> dict:
    """One line of the invigilator's roster."""
    return {
        "candidate_id": candidate.id,
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "birthdate": candidate.birthdate,
        "extra_time_pct": candidate.extra_time_pct,
        "certifiable": candidate.certifiable,
        "status": str(candidate.status),
        "joined": candidate.token is not None or candidate.pending_token is not None,
        "resume_pending": candidate.pending_token is not None,
        "open_alerts": sum(1 for a in candidate.alerts if a.status == "open"),
        "end_screen_seen": candidate.end_screen_seen,
        "answered": candidate.answered,
        "total": candidate.total,
        "added_s": candidate.added_s,
        "allowed_s": allowed_s(candidate.extra_time_pct, candidate.added_s),
        "time_used_s": time_used_s(state.started_at, now) if state.started_at is not None else 0,
        "time_left_s": time_left(state, candidate, now),
        "client": candidate.client,
    }


def session_view(state: SessionState, now: float) -> dict:
    """The invigilator's view of the session: details, status, access code once started."""
    return {
        "session_id": state.id,
        "session_number": state.number,
        "status": str(state.status),
        "details": state.details,
        "started_at": state.started_at,
        "access_code": state.access_code if state.status is not SessionStatus.CREATED else None,
        "seq": state.seq,
        "candidates": [candidate_row(state, c, now) for c in state.candidates.values()],
    }
