"""Enrol a whole candidate file in one journal write: all the lines or none.

The file is parsed by ``roomserver.enrolment`` (CSV, ODS, XLSX); then every line is
checked against the session (duplicates, session already started) and, only when no
line is wrong, every enrolment is appended in one command, so a crash or a refusal in
the middle can never leave half a list.
"""

from __future__ import annotations

import datetime as dt
import uuid

from ..core import commands
from ..core.refusal import Refusal
from ..core.states import SessionStatus
from ..enrolment.importing import duplicates_against, error, parse_candidate_file


def import_candidate_file(store, handle, data: bytes, media_type_or_filename: str, today: dt.date,
                          by: str = "admin") -> dict:
    """{"imported": n, "errors": []} or {"imported": 0, "errors": [{"line", "column", "message"}]}."""
    parsed = parse_candidate_file(data, media_type_or_filename, today=today)
    if parsed.errors:
        return {"imported": 0, "errors": parsed.errors}
    report = {"imported": 0, "errors": []}

    def command(state):
        if state.status is not SessionStatus.CREATED:
            raise Refusal(409, "session_started", "La session a commencé\u00a0: on ne peut plus inscrire de candidat.")
        existing = [c.key for c in state.candidates.values()]
        ids = [c.details["external_id"] for c in state.candidates.values() if c.details.get("external_id")]
        report["errors"] = duplicates_against(parsed.rows, existing, ids)
        if report["errors"]:
            return []
        events = []
        for row in parsed.rows:
            try:
                events += commands.enrol_candidate(state, uuid.uuid4().hex[:12], row["first_name"], row["last_name"],
                                                   row["birthdate"], row["extra_time_pct"], None, row["details"])
            except Refusal as refusal:  # a rule of the core the parser did not foresee
                report["errors"].append(error(row["line"], None, refusal.message))
        return [] if report["errors"] else events

    events = store.execute(handle, command)
    report["imported"] = len(events)
    return report


def import_profile_file(store, handle, catalogue, data: bytes, media_type_or_filename: str, today: dt.date,
                        by: str = "admin") -> dict:
    """Set the positioning profiles of enrolled candidates from a file, all or nothing."""
    from ..core.generation import Profile
    from ..core.preparation import set_profile
    from ..enrolment.profiles import fill_validated_skills, match_profiles, parse_profiles

    entries, errors = parse_profiles(data, media_type_or_filename, list(catalogue.competences), today=today)
    if errors:
        return {"imported": 0, "errors": errors}
    report = {"imported": 0, "errors": []}

    def command(state):
        matched, report["errors"] = match_profiles(
            entries, [(c.id, c.key, c.details.get("external_id")) for c in state.candidates.values()])
        if report["errors"]:
            return []
        events = []
        for candidate_id, profile in matched.items():
            events += set_profile(state, candidate_id, Profile.from_dict(fill_validated_skills(profile, catalogue)), by)
        return events

    store.execute(handle, command)
    report["imported"] = len(entries) if not report["errors"] else 0
    return report
