"""How the invigilator's actions move a session (the ``apply`` side; the rules are in
``invigilation``). Registered in ``session.HANDLERS`` when ``session`` is imported.
"""

from __future__ import annotations

from .session import FraudReport, Incident, SessionState, handles
from .states import AttemptStatus, SessionStatus


def _alert(state: SessionState, data: dict):
    candidate = state.candidates[data["candidate_id"]]
    return candidate, next(a for a in candidate.alerts if a.alert_id == data["alert_id"])


@handles("alert_dismissed")
def _alert_dismissed(state: SessionState, data: dict, ts: float) -> None:
    _, alert = _alert(state, data)
    alert.status = "dismissed"


@handles("alert_validated")
def _alert_validated(state: SessionState, data: dict, ts: float) -> None:
    candidate, alert = _alert(state, data)
    alert.status, alert.code, alert.replacement = "validated", data["code"], data.get("replacement")
    state.incidents.append(Incident(data["incident_id"], data["code"], alert.message, ts, data.get("by", ""),
                                    candidate.id, alert.index, alert.challenge_id, alert.alert_id))
    replacement = data.get("replacement")
    if replacement:
        index = alert.index
        candidate.replaced.setdefault(index, []).append(candidate.challenge_ids[index])
        candidate.challenge_ids[index] = replacement
        candidate.shown_at.pop(index, None)  # a timed replacement counts from its own display
        candidate.focus_lost.discard(index)


@handles("time_added")
def _time_added(state: SessionState, data: dict, ts: float) -> None:
    for candidate_id in data["candidate_ids"]:
        state.candidates[candidate_id].added_s += data["seconds"]
    state.time_additions.append({**data, "at": ts})


@handles("test_ended_by_invigilator")
def _test_ended(state: SessionState, data: dict, ts: float) -> None:
    candidate = state.candidates[data["candidate_id"]]
    candidate.status = AttemptStatus.ENDED_BY_INVIGILATOR
    candidate.skipped_by_end = list(data["skipped_indexes"])
    candidate.ended_at = ts


@handles("end_screen_seen")
def _end_screen_seen(state: SessionState, data: dict, ts: float) -> None:
    for candidate_id in data["candidate_ids"]:
        state.candidates[candidate_id].end_screen_seen = True


@handles("incident_recorded")
def _incident(state: SessionState, data: dict, ts: float) -> None:
    state.incidents.append(Incident(data["incident_id"], data["code"], data["text"], ts, data.get("by", ""),
                                    data.get("candidate_id"), data.get("index"), data.get("challenge_id")))


@handles("fraud_reported")
def _fraud(state: SessionState, data: dict, ts: float) -> None:
    state.frauds.append(FraudReport(data["fraud_id"], list(data["candidate_ids"]), data["observed_at"],
                                    data["facts"], data["measures"], ts, data.get("by", "")))


@handles("comment_set")
def _comment(state: SessionState, data: dict, ts: float) -> None:
    state.comment = data["comment"]


@handles("session_closed")
def _closed(state: SessionState, data: dict, ts: float) -> None:
    state.status = SessionStatus.CLOSED
    state.closed_at = ts
