"""How the administrator's actions move a session (the ``apply`` side; the rules are in
``preparation`` and ``finalisation``). Registered in ``session.HANDLERS`` when ``session``
is imported.
"""

from __future__ import annotations

from .generation import Profile
from .session import SessionState, handles
from .states import SessionStatus

IDENTITY_FIELDS = ("first_name", "last_name", "birthdate")


@handles("session_edited")
def _session_edited(state: SessionState, data: dict, ts: float) -> None:
    state.details = {**state.details, **data["details"]}
    if "certification" in data:  # the algorithm changed: the adaptive version's settings, or None
        state.certification = data["certification"]


@handles("candidate_edited")
def _candidate_edited(state: SessionState, data: dict, ts: float) -> None:
    candidate = state.candidates[data["candidate_id"]]
    for name, value in data["changes"].items():
        setattr(candidate, name, value)


@handles("candidate_removed")
def _candidate_removed(state: SessionState, data: dict, ts: float) -> None:
    state.candidates.pop(data["candidate_id"])


@handles("profile_set")
def _profile_set(state: SessionState, data: dict, ts: float) -> None:
    state.candidates[data["candidate_id"]].profile = Profile.from_dict(data["profile"])


@handles("identity_corrected")
def _identity_corrected(state: SessionState, data: dict, ts: float) -> None:
    candidate = state.candidates[data["candidate_id"]]
    candidate.corrections.append({"at": ts, "by": data.get("by", ""), "before": data["before"],
                                  "after": data["after"]})
    for name, value in data["after"].items():
        if name in IDENTITY_FIELDS:
            setattr(candidate, name, value)
        else:
            candidate.details = {**candidate.details, name: value}


@handles("session_finalised")
def _session_finalised(state: SessionState, data: dict, ts: float) -> None:
    state.status = SessionStatus.FINALISED
    state.finalisation = {**data, "at": ts}
