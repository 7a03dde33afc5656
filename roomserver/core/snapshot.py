"""Session state <-> plain JSON, for checkpoints. A round trip gives an equal state.

A checkpoint carries ``FORMAT``: one written by another version of the state is refused
(``ValueError``) and the store folds the journal again instead.
"""

from __future__ import annotations

from dataclasses import asdict

from .generation import Profile
from .matching import Outcome
from .session import Alert, AnswerRecord, CandidateState, FraudReport, Incident, SessionState
from .states import AttemptStatus, SessionStatus

FORMAT = 8  # 6: the adaptive algorithm's fields (planned, calibration, end_reason; certification); 7: corrections;
# 8: refused entries


def candidate_to_dict(c: CandidateState) -> dict:
    return {
        "id": c.id, "last_name": c.last_name, "first_name": c.first_name, "birthdate": c.birthdate,
        "extra_time_pct": c.extra_time_pct, "profile": c.profile.to_dict(), "details": c.details,
        "status": str(c.status), "token": c.token, "pending_token": c.pending_token, "client": c.client,
        "pending_client": c.pending_client, "failed_joins": c.failed_joins,
        "refused_entries": c.refused_entries,
        "challenge_ids": c.challenge_ids,
        "answers": [[a.answer_id, a.index, a.challenge_id, str(a.outcome), a.value, a.at] for a in c.answers],
        "shown_at": {str(k): v for k, v in c.shown_at.items()}, "focus_lost": sorted(c.focus_lost),
        "added_s": c.added_s,
        "alerts": [asdict(a) for a in c.alerts],
        "end_screen_seen": c.end_screen_seen, "test_started_at": c.test_started_at, "ended_at": c.ended_at,
        "skipped_by_end": c.skipped_by_end, "replaced": {str(k): v for k, v in c.replaced.items()},
        "active_at": c.active_at, "page_gaps": c.page_gaps, "lost_since": c.lost_since,
        "pending_since": c.pending_since, "moved_tokens": c.moved_tokens,
        "corrections": c.corrections, "seq": c.seq,
        "planned": c.planned, "calibration": c.calibration, "end_reason": c.end_reason,
    }


def candidate_from_dict(d: dict) -> CandidateState:
    answers = [AnswerRecord(a[0], a[1], a[2], Outcome(a[3]), a[4], a[5]) for a in d["answers"]]
    return CandidateState(
        id=d["id"], last_name=d["last_name"], first_name=d["first_name"], birthdate=d["birthdate"],
        extra_time_pct=d["extra_time_pct"], profile=Profile.from_dict(d["profile"]), details=d["details"],
        status=AttemptStatus(d["status"]), token=d["token"], pending_token=d["pending_token"],
        client=d["client"], pending_client=d["pending_client"], failed_joins=d["failed_joins"],
        refused_entries=list(d["refused_entries"]),
        challenge_ids=list(d["challenge_ids"]), answers=answers,
        answer_ids={a.answer_id: i for i, a in enumerate(answers)},
        shown_at={int(k): v for k, v in d["shown_at"].items()}, focus_lost=set(d["focus_lost"]),
        added_s=d["added_s"], alerts=[Alert(**a) for a in d["alerts"]],
        end_screen_seen=d["end_screen_seen"], test_started_at=d["test_started_at"], ended_at=d["ended_at"],
        skipped_by_end=list(d["skipped_by_end"]), replaced={int(k): list(v) for k, v in d["replaced"].items()},
        active_at=d["active_at"], page_gaps=[list(g) for g in d["page_gaps"]], lost_since=d["lost_since"],
        pending_since=d["pending_since"], moved_tokens=list(d["moved_tokens"]),
        corrections=list(d["corrections"]), seq=d["seq"],
        planned=d["planned"], calibration={k: list(v) for k, v in d["calibration"].items()},
        end_reason=d["end_reason"],
    )


def to_dict(s: SessionState) -> dict:
    return {
        "format": FORMAT, "id": s.id, "number": s.number, "access_code": s.access_code,
        "invigilator_password": s.invigilator_password, "details": s.details, "pack": s.pack,
        "status": str(s.status), "started_at": s.started_at,
        "candidates": [candidate_to_dict(c) for c in s.candidates.values()],
        "tokens": s.tokens, "invigilator_tokens": s.invigilator_tokens, "invigilators": s.invigilators,
        "server_starts": s.server_starts, "incidents": [asdict(i) for i in s.incidents],
        "frauds": [asdict(f) for f in s.frauds], "time_additions": s.time_additions, "comment": s.comment,
        "closed_at": s.closed_at, "finalisation": s.finalisation, "certification": s.certification,
        "outages": s.outages, "corrections": s.corrections, "last_ts": s.last_ts,
        "seq": s.seq, "hash": s.hash,
    }


def from_dict(d: dict) -> SessionState:
    if d.get("format") != FORMAT:
        raise ValueError(f"checkpoint format {d.get('format')!r}, expected {FORMAT}")
    candidates = [candidate_from_dict(c) for c in d["candidates"]]
    return SessionState(
        id=d["id"], number=d["number"], access_code=d["access_code"],
        invigilator_password=d["invigilator_password"], details=d["details"], pack=d["pack"],
        status=SessionStatus(d["status"]), started_at=d["started_at"],
        candidates={c.id: c for c in candidates}, tokens=dict(d["tokens"]),
        invigilator_tokens=dict(d["invigilator_tokens"]), invigilators=dict(d["invigilators"]),
        server_starts=list(d["server_starts"]), incidents=[Incident(**i) for i in d["incidents"]],
        frauds=[FraudReport(**f) for f in d["frauds"]], time_additions=list(d["time_additions"]),
        comment=d["comment"], closed_at=d["closed_at"], finalisation=d["finalisation"],
        certification=d["certification"], outages=[list(o) for o in d["outages"]],
        corrections=d["corrections"], last_ts=d["last_ts"],
        seq=d["seq"], hash=d["hash"],
    )
