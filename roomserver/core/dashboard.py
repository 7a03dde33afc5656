"""What the invigilators see of a session: a row per candidate and the session's summary.
Pure functions of the state (and, for the connection, of when each page was last heard).

Nothing here carries a solution, an answer value or a question's text: an invigilator
sees progress, time, alerts and records, never what is right.
"""

from __future__ import annotations

from typing import Mapping

from .incidents import label
from .room_events import ledger
from .session import CandidateState, SessionState
from .states import AttemptStatus, SessionStatus
from .timing import allowed_s
from .views import given_back_detail, time_left, time_used

HEARTBEAT_TIMEOUT_S = 20  # a page unheard for this long shows as disconnected


def display_status(candidate: CandidateState) -> str:
    """The one status a row shows: an open alert or a seen end screen wins over the attempt's."""
    if any(a.status == "open" for a in candidate.alerts):
        return "alert"
    if candidate.pending_token is not None and candidate.status is AttemptStatus.IN_TEST:
        return "awaiting_resume"
    if candidate.end_screen_seen:
        return "end_screen_seen"
    return str(candidate.status)


def connection(candidate: CandidateState, heard_at: float | None, now: float,
               timeout_s: float = HEARTBEAT_TIMEOUT_S) -> dict:
    """connected / disconnected (with for how long) / never (the page never joined)."""
    last = max((t for t in (heard_at, candidate.active_at) if t is not None), default=None)
    if last is None or (candidate.token is None and candidate.pending_token is None):
        return {"state": "never", "last_seen_at": None, "silent_s": None}
    silent = max(0, int(now - last))
    return {"state": "connected" if silent < timeout_s else "disconnected", "last_seen_at": last, "silent_s": silent}


def whereabouts(candidate: CandidateState, seen: Mapping | None, now: float,
                timeout_s: float = HEARTBEAT_TIMEOUT_S) -> dict:
    """Connection state and the PC the candidate sits at (host name when known, and IP)."""
    seen = seen or {}
    client = candidate.client or {}
    return {"connection": connection(candidate, seen.get("at"), now, timeout_s),
            "pc": {"host": seen.get("host") or client.get("host"), "ip": seen.get("ip") or client.get("ip")}}


def _alert(alert) -> dict:
    return {"alert_id": alert.alert_id, "question_number": alert.index + 1, "message": alert.message,
            "status": alert.status, "code": alert.code, "at": alert.at, "replaced": alert.replacement is not None}


def happenings(state: SessionState, candidate: CandidateState) -> dict:
    """What happened to this candidate that the row tells in words (focus left, frauds, other PCs)."""
    pending = getattr(candidate, "pending_client", None)  # another PC asking to take over
    return {
        "focus_lost": sorted(i + 1 for i in candidate.focus_lost),  # question numbers
        "frauds": sum(1 for f in state.frauds if candidate.id in f.candidate_ids),
        "incidents": sum(1 for i in state.incidents if i.candidate_id == candidate.id),
        "pending_client": {"ip": pending.get("ip"), "user_agent": pending.get("user_agent")} if pending else None,
        "failed_joins": int(getattr(candidate, "failed_joins", 0) or 0),  # wrong birthdate
        "refused_entries": list(candidate.refused_entries),  # late: entry closed, when
        "corrections": [{"at": c.get("at"), "by": c.get("by"), "fields": sorted((c.get("after") or {}).keys())}
                        for c in candidate.corrections],
    }


def candidate_row(state: SessionState, candidate: CandidateState, now: float, seen: Mapping | None = None,
                  timeout_s: float = HEARTBEAT_TIMEOUT_S) -> dict:
    """One line of the invigilators' roster. ``seen``: {"at", "ip", "host"} from the heartbeat."""
    return {
        "candidate_id": candidate.id,
        "seq": candidate.seq,
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "birthdate": candidate.birthdate,
        "extra_time_pct": candidate.extra_time_pct,
        "certifiable": candidate.certifiable,
        "status": str(candidate.status),
        "display_status": display_status(candidate),
        "joined": candidate.token is not None or candidate.pending_token is not None,
        "resume_pending": candidate.pending_token is not None,
        "open_alerts": sum(1 for a in candidate.alerts if a.status == "open"),
        "alerts": [_alert(a) for a in candidate.alerts],
        "end_screen_seen": candidate.end_screen_seen,
        "answered": candidate.answered,
        "total": candidate.total,
        "skipped_by_end": len(candidate.skipped_by_end),
        "added_s": candidate.added_s,
        "allowed_s": allowed_s(candidate.extra_time_pct, candidate.added_s),
        "time_used_s": time_used(state, candidate, now),
        "time_left_s": time_left(state, candidate, now),
        "given_back": given_back_detail(state, candidate, now),  # outages not counted: [{reason, label, seconds}]
        "clock_running": state.status is SessionStatus.STARTED and candidate.ended_at is None
                         and candidate.status in (AttemptStatus.PRESENT, AttemptStatus.IN_TEST),
        **whereabouts(candidate, seen, now, timeout_s),
        **happenings(state, candidate),
    }


def _who(state: SessionState, candidate_id: str | None) -> str | None:
    found = state.candidates.get(candidate_id) if candidate_id else None
    return f"{found.first_name} {found.last_name}" if found else None


def session_summary(state: SessionState, now: float) -> dict:
    """The session's own state and records: status, code once started, incidents, comment."""
    started = state.status is not SessionStatus.CREATED
    return {
        "session_id": state.id,
        "session_number": state.number,
        "seq": state.seq,
        "server_time": now,
        "status": str(state.status),
        "details": state.details,
        "started_at": state.started_at,
        "closed_at": state.closed_at,
        "access_code": state.access_code if started else None,
        "comment": state.comment,
        "invigilators": dict(state.invigilators),
        "incidents": [{"incident_id": i.incident_id, "code": i.code, "label": label(i.code), "text": i.text,
                       "candidate_id": i.candidate_id, "candidate": _who(state, i.candidate_id),
                       "question_number": None if i.index is None else i.index + 1, "at": i.at, "by": i.by}
                      for i in state.incidents],
        "frauds": [{"fraud_id": f.fraud_id, "candidates": [_who(state, c) for c in f.candidate_ids],
                    "candidate_ids": f.candidate_ids, "observed_at": f.observed_at, "facts": f.facts,
                    "measures": f.measures, "at": f.at, "by": f.by} for f in state.frauds],
        "outages": [{"from": a, "to": b, "seconds": int(b - a)} for a, b in state.outages],
        "time_additions": [{"addition_id": a.get("addition_id"), "minutes": a["seconds"] // 60, "reason": a["reason"],
                            "everyone": a.get("everyone", False),
                            "candidates": [_who(state, c) for c in a["candidate_ids"]], "at": a["at"],
                            "by": a.get("by", ""), "withdrawn": a.get("withdrawn")} for a in state.time_additions],
        # Corrections (core/invigilation.py): what was withdrawn, with the original, and what was corrected.
        "withdrawn": [{"kind": w["kind"], "id": w["id"], "by": w["by"], "reason": w["reason"], "at": w["at"],
                       "summary": _record_words(w["kind"], w["record"])} for w in ledger(state)["withdrawn"]],
        "corrected": [dict(c) for c in ledger(state)["corrected"]],
    }


def _record_words(kind: str, record: dict | None) -> str:
    """A withdrawn record in a few words, for the registry."""
    if not record:
        return ""
    if kind == "incident":
        return f"{record['code']} — {record['text']}"
    if kind == "fraud":
        return record["facts"]
    return f"{record['seconds'] // 60}\u00a0min — {record['reason']}"


def roster(state: SessionState, now: float, seen: Mapping[str, Mapping] | None = None,
           timeout_s: float = HEARTBEAT_TIMEOUT_S) -> dict:
    """Everything a dashboard shows, at the state's journal seq."""
    seen = seen or {}
    return {**session_summary(state, now),
            "candidates": [candidate_row(state, c, now, seen.get(c.id), timeout_s)
                           for c in state.candidates.values()]}
