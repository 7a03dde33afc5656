"""``roomserver sync pull``: sessions prepared upstream become ordinary local sessions.

``GET /api/v1/prepared-sessions`` (signed) lists what upstream prepared for this room. Each one
not imported before (its ``upstream_id`` is remembered in the outbox file, table ``pulled``) is
checked through the same validation as the administrator's creation and enrolment (the API's
JSON schemas, ``preparation.session_details``, ``enrolment.fields.validate_candidate``, the
core's enrolment rules), all or nothing, then created with the same events as
``POST /api/v1/admin/sessions`` and ``.../candidates``: afterwards nothing tells it apart from a
session made here. Then ``POST /api/v1/prepared-sessions/<upstream_id>/ack`` tells upstream; an
ack that fails is sent again at the next pull (the session is never imported twice).
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass, field

from roomserver.api.admin_schemas import CANDIDATE_CREATE, SESSION_CREATE
from roomserver.api.validation import validate
from roomserver.core import codes, commands, preparation
from roomserver.core.generation import Profile
from roomserver.core.refusal import Refusal
from roomserver.enrolment.fields import refusal as field_refusal
from roomserver.enrolment.fields import validate_candidate
from roomserver.enrolment.profiles import fill_validated_skills

from .client import Client
from .outbox import Outbox

MAX_CANDIDATES = 1000
SESSION_KEYS = ("site", "room", "invigilators", "notes")


@dataclass
class PullReport:
    imported: list[dict] = field(default_factory=list)  # {"upstream_id", "session_number"}
    skipped: list[str] = field(default_factory=list)  # upstream ids imported before
    refused: list[dict] = field(default_factory=list)  # {"upstream_id", "reason"}
    ack_failed: list[str] = field(default_factory=list)
    error: str | None = None  # the list could not be fetched


def _session_data(prepared: dict) -> dict:
    details = prepared.get("details") if isinstance(prepared.get("details"), dict) else {}
    data = {k: details[k] for k in SESSION_KEYS if k in details}
    for name in ("date", "start_time", "algorithm"):
        if name in prepared:
            data[name] = prepared[name]
    return data


def check_prepared(prepared: dict, today: dt.date) -> tuple[dict, list[dict]]:
    """(session details, clean candidates with their raw profile) of one prepared session, or a
    Refusal (French)."""
    data = _session_data(prepared)
    validate(SESSION_CREATE, data)
    details = preparation.session_details(data)
    candidates = prepared.get("candidates") or []
    if not isinstance(candidates, list) or len(candidates) > MAX_CANDIDATES:
        raise Refusal(422, "candidates_invalid", f"Liste de candidats illisible ou de plus de {MAX_CANDIDATES} lignes.")
    clean = []
    for number, raw in enumerate(candidates, start=1):
        if not isinstance(raw, dict):
            raise Refusal(422, "candidate_invalid", f"Candidat n°{number}\u00a0: un objet est attendu.")
        profile = raw.get("profile")
        flat = {k: v for k, v in raw.items() if k not in ("profile", "details")}
        nested = raw.get("details") if isinstance(raw.get("details"), dict) else {}
        try:
            validate(CANDIDATE_CREATE, {**flat, **nested, **({"profile": profile} if profile else {})})
        except Refusal as refused:
            raise Refusal(422, "candidate_invalid", f"Candidat n°{number}\u00a0: {refused.message}") from None
        fields, errors = validate_candidate({**flat, "details": nested} if nested else flat, today=today)
        if errors:
            raise Refusal(422, "candidate_invalid", f"Candidat n°{number}\u00a0: {field_refusal(errors).message}")
        fields["profile"] = profile or None
        clean.append(fields)
    return details, clean


def import_prepared(store, pack, prepared: dict, today: dt.date) -> int:
    """Create one prepared session and enrol its candidates, all or nothing; its number.
    A profile given as pix only gets its validated skills as the profile import gives them
    (``fill_validated_skills``): otherwise no question could be generated."""
    details, candidates = check_prepared(prepared, today)
    for fields in candidates:
        given = fields["profile"]
        fields["profile"] = Profile.from_dict(fill_validated_skills(given, pack)) if given else Profile()
    system = secrets.SystemRandom()
    pack_ref = {"id": pack.id, "version": pack.version, "digest": pack.digest}
    handle = store.create(lambda sid: commands.create_session(
        sid, codes.session_number(system, store.taken_numbers()), codes.access_code(system),
        codes.invigilator_password(system), details, pack_ref))

    def enrol(state):
        events = []
        for fields in candidates:
            candidate_id = uuid.uuid4().hex[:12]
            decided = commands.enrol_candidate(state, candidate_id, fields["first_name"], fields["last_name"],
                                               fields["birthdate"], fields["extra_time_pct"], fields["profile"],
                                               fields["details"])
            preparation.check_external_id(state, candidate_id, fields["details"])
            events += decided
            _fold_into(state, decided)  # the next candidate's duplicate check sees this one
        return events

    if candidates:
        try:
            store.execute(handle, _all_or_nothing(handle, enrol))
        except Refusal:
            with handle.lock:
                store.remove(handle)  # created a moment ago, never started: nothing of it is kept
            raise
    return handle.state.number


def _all_or_nothing(handle, enrol):
    """Decide on a copy of the state (the checks fold each candidate in), so a refusal at the
    n-th candidate leaves the session's real state untouched."""
    import copy

    def command(state):
        return enrol(copy.deepcopy(state))
    return command


def _fold_into(state, decided) -> None:
    from roomserver.core.session import apply

    class _Event:  # just enough of a journal event for ``apply``
        def __init__(self, seq, kind, data):
            self.seq, self.ts, self.type, self.data, self.hash = seq, state.last_ts, kind, data, state.hash

    for kind, data in decided:
        apply(state, _Event(state.seq + 1, kind, data))


def pull(store, pack, client: Client, outbox: Outbox, today: dt.date) -> PullReport:
    """Fetch, import what is new, acknowledge (see the module's docstring)."""
    report = PullReport()
    answer = client.prepared_sessions()
    if answer.status != 200 or not isinstance(answer.body, dict) or not isinstance(answer.body.get("sessions"), list):
        said = answer.message or answer.error or f"HTTP {answer.status}"
        report.error = f"La liste des sessions préparées n'a pas pu être lue\u00a0: {said}."
        return report
    for prepared in answer.body["sessions"]:
        upstream_id = str(prepared.get("upstream_id", "")) if isinstance(prepared, dict) else ""
        if not upstream_id or len(upstream_id) > 200:
            report.refused.append({"upstream_id": upstream_id[:200], "reason": "Session sans identifiant amont."})
            continue
        known = outbox.pulled_row(upstream_id)
        if known is not None:
            report.skipped.append(upstream_id)
            number = known["session_number"]
            if known.get("acked"):
                continue
        else:
            try:
                number = import_prepared(store, pack, prepared, today)
            except Refusal as refused:
                report.refused.append({"upstream_id": upstream_id, "reason": refused.message})
                continue
            outbox.remember_pulled(upstream_id, store.by_number(number).state.id, number)
            report.imported.append({"upstream_id": upstream_id, "session_number": number})
        acked = client.ack_prepared(upstream_id, number)
        if acked.status is not None and 200 <= acked.status < 300:
            outbox.mark_acked(upstream_id)
        else:
            report.ack_failed.append(upstream_id)
    return report
