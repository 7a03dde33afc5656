"""How the invigilator's actions move a session (the ``apply`` side; the rules are in
``invigilation``). Registered in ``session.HANDLERS`` when ``session`` is imported.
"""

from __future__ import annotations

from dataclasses import asdict

from .session import FraudReport, Incident, SessionState, handles
from .states import AttemptStatus, SessionStatus


def ledger(state: SessionState) -> dict:
    """What the corrections need beside the records: when alerts were dismissed and end screens
    ticked (the undo window), and the withdrawn and corrected records (the registry shows them).
    A field of the state, in its snapshot: an undo still works, and the registry still lists
    every correction, after a restart from a checkpoint."""
    return state.corrections


def _alert(state: SessionState, data: dict):
    candidate = state.candidates[data["candidate_id"]]
    return candidate, next(a for a in candidate.alerts if a.alert_id == data["alert_id"])


@handles("alert_dismissed")
def _alert_dismissed(state: SessionState, data: dict, ts: float) -> None:
    _, alert = _alert(state, data)
    alert.status = "dismissed"
    ledger(state)["dismissed_at"][alert.alert_id] = ts


@handles("alert_dismissal_undone")
def _alert_dismissal_undone(state: SessionState, data: dict, ts: float) -> None:
    _, alert = _alert(state, data)
    alert.status = "open"
    ledger(state)["dismissed_at"].pop(alert.alert_id, None)


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
        if "a" in data:  # adaptive: the replacement's calibration, recorded when it was chosen
            candidate.calibration[replacement] = [data["a"], data["b"]]
    if data.get("extends"):  # adaptive: an answer given before the alert was validated no longer counts
        candidate.planned += 1


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
        ledger(state)["seen_at"][candidate_id] = ts


@handles("end_screen_unseen")
def _end_screen_unseen(state: SessionState, data: dict, ts: float) -> None:
    state.candidates[data["candidate_id"]].end_screen_seen = False
    ledger(state)["seen_at"].pop(data["candidate_id"], None)


@handles("record_withdrawn")
def _record_withdrawn(state: SessionState, data: dict, ts: float) -> None:
    """Withdrawn incidents and frauds leave ``state.incidents`` / ``state.frauds`` (scoring and
    documents never see them); a withdrawn time addition is marked and its seconds taken back."""
    kind, record_id = data["kind"], data["id"]
    original = None
    if kind == "incident":
        original = next((i for i in state.incidents if i.incident_id == record_id), None)
        state.incidents = [i for i in state.incidents if i.incident_id != record_id]
    elif kind == "fraud":
        original = next((f for f in state.frauds if f.fraud_id == record_id), None)
        state.frauds = [f for f in state.frauds if f.fraud_id != record_id]
    elif kind == "time_addition":
        addition = next(a for a in state.time_additions if a["addition_id"] == record_id)
        addition["withdrawn"] = {"by": data.get("by", ""), "reason": data["reason"], "at": ts}
        for candidate_id in addition["candidate_ids"]:
            state.candidates[candidate_id].added_s -= addition["seconds"]
        original = addition
    record = original if isinstance(original, dict) or original is None else asdict(original)
    ledger(state)["withdrawn"].append({"kind": kind, "id": record_id, "by": data.get("by", ""),
                                       "reason": data["reason"], "at": ts, "record": record})


@handles("record_corrected")
def _record_corrected(state: SessionState, data: dict, ts: float) -> None:
    kind, record_id, after = data["kind"], data["id"], data["after"]
    if kind == "time_addition":
        addition = next(a for a in state.time_additions if a["addition_id"] == record_id)
        addition.update(after)
        addition.setdefault("corrections", []).append({"by": data.get("by", ""), "at": ts, "before": data["before"]})
    else:
        records = state.incidents if kind == "incident" else state.frauds
        key = "incident_id" if kind == "incident" else "fraud_id"
        record = next(r for r in records if getattr(r, key) == record_id)
        for field_name, value in after.items():
            setattr(record, field_name, value)
    ledger(state)["corrected"].append({"kind": kind, "id": record_id, "by": data.get("by", ""), "at": ts,
                                       "before": data["before"], "after": after})


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
