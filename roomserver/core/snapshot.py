"""Session state <-> plain JSON, for checkpoints. A round trip gives an equal state."""

from __future__ import annotations

from .generation import Profile
from .matching import Outcome
from .session import Alert, AnswerRecord, CandidateState, SessionState
from .states import AttemptStatus, SessionStatus


def candidate_to_dict(c: CandidateState) -> dict:
    return {
        "id": c.id, "last_name": c.last_name, "first_name": c.first_name, "birthdate": c.birthdate,
        "extra_time_pct": c.extra_time_pct, "profile": c.profile.to_dict(), "details": c.details,
        "status": str(c.status), "token": c.token, "pending_token": c.pending_token, "client": c.client,
        "challenge_ids": c.challenge_ids,
        "answers": [[a.answer_id, a.index, a.challenge_id, str(a.outcome), a.value, a.at] for a in c.answers],
        "shown_at": {str(k): v for k, v in c.shown_at.items()}, "focus_lost": sorted(c.focus_lost),
        "added_s": c.added_s,
        "alerts": [[a.alert_id, a.index, a.challenge_id, a.message, a.at, a.status] for a in c.alerts],
        "end_screen_seen": c.end_screen_seen, "test_started_at": c.test_started_at,
    }


def candidate_from_dict(d: dict) -> CandidateState:
    answers = [AnswerRecord(a[0], a[1], a[2], Outcome(a[3]), a[4], a[5]) for a in d["answers"]]
    return CandidateState(
        id=d["id"], last_name=d["last_name"], first_name=d["first_name"], birthdate=d["birthdate"],
        extra_time_pct=d["extra_time_pct"], profile=Profile.from_dict(d["profile"]), details=d["details"],
        status=AttemptStatus(d["status"]), token=d["token"], pending_token=d["pending_token"],
        client=d["client"], challenge_ids=list(d["challenge_ids"]), answers=answers,
        answer_ids={a.answer_id: i for i, a in enumerate(answers)},
        shown_at={int(k): v for k, v in d["shown_at"].items()}, focus_lost=set(d["focus_lost"]),
        added_s=d["added_s"], alerts=[Alert(*a) for a in d["alerts"]],
        end_screen_seen=d["end_screen_seen"], test_started_at=d["test_started_at"],
    )


def to_dict(s: SessionState) -> dict:
    return {
        "id": s.id, "number": s.number, "access_code": s.access_code,
        "invigilator_password": s.invigilator_password, "details": s.details, "pack": s.pack,
        "status": str(s.status), "started_at": s.started_at,
        "candidates": [candidate_to_dict(c) for c in s.candidates.values()],
        "tokens": s.tokens, "invigilator_tokens": sorted(s.invigilator_tokens),
        "server_starts": s.server_starts, "seq": s.seq, "hash": s.hash,
    }


def from_dict(d: dict) -> SessionState:
    candidates = [candidate_from_dict(c) for c in d["candidates"]]
    return SessionState(
        id=d["id"], number=d["number"], access_code=d["access_code"],
        invigilator_password=d["invigilator_password"], details=d["details"], pack=d["pack"],
        status=SessionStatus(d["status"]), started_at=d["started_at"],
        candidates={c.id: c for c in candidates}, tokens=dict(d["tokens"]),
        invigilator_tokens=set(d["invigilator_tokens"]), server_starts=list(d["server_starts"]),
        seq=d["seq"], hash=d["hash"],
    )
