"""After the test: the administrator finalises a closed session, within 48 hours of its
start (a late finalisation is still possible, and flagged). Finalising seals it.

Like ``commands``: pure functions that check the rules and return events, or refuse
with a French reason. The paperwork (question incidents added now, end screens seen,
the comment) is recorded first with the invigilator's own events; then
``session_finalised`` carries the final hash of the journal, the abort reasons and the
per-candidate incident codes. Afterwards the store appends nothing more to the session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .commands import Events
from .incidents import COMMENT_MAX, INCIDENT_CODES, QUESTION_CODES, label
from .invigilation import ENDED, mark_end_screen_seen, record_incident, set_comment
from .refusal import Refusal
from .session import CandidateState, SessionState
from .states import ATTEMPT_LABELS, AttemptStatus, SessionStatus

WINDOW_S = 48 * 3600
ABORT_REASONS = {"abandon": "abandon du candidat", "technical": "problème technique"}
# The classic algorithm uses the C-codes and the E-codes (REFERENCE.md, Incidents). The adaptive
# one only the C-codes: question problems were handled live (a validated alert, a replacement).
CLASSIC_CODES = tuple(INCIDENT_CODES)
ADAPTIVE_CODES = tuple(code for code in INCIDENT_CODES if code.startswith("C"))


@dataclass
class FinalisationRequest:
    abort_reasons: dict[str, str] = field(default_factory=dict)
    comment: str | None = None  # None: keep the comment written during the session
    incident_occurred: bool = False
    joining_issue: bool = False
    end_screens_seen: list[str] = field(default_factory=list)
    incident_codes: dict[str, list[str]] = field(default_factory=dict)  # candidate id -> codes for the report
    incidents: list[dict] = field(default_factory=list)  # question incidents added now: candidate_id, question_number, code, text


def _name(candidate: CandidateState) -> str:
    return f"{candidate.first_name} {candidate.last_name}"


def unfinished(state: SessionState) -> list[CandidateState]:
    """Tests that did not reach their last question: each needs an abort reason."""
    return [c for c in state.candidates.values()
            if c.status in (AttemptStatus.IN_TEST, AttemptStatus.ENDED_BY_INVIGILATOR) and c.answered < c.total]


def deadline(state: SessionState) -> float | None:
    start = state.started_at if state.started_at is not None else state.closed_at
    return None if start is None else start + WINDOW_S


def adaptive(state: SessionState) -> bool:
    return state.details.get("algorithm") == "adaptive"


def codes_of(state: SessionState) -> tuple[str, ...]:
    """The codes the report may carry per candidate: C and E (classic), C only (adaptive)."""
    return ADAPTIVE_CODES if adaptive(state) else CLASSIC_CODES


def live_codes(state: SessionState, candidate_id: str) -> list[str]:
    """The incident codes recorded during the session for one candidate, in order, once each
    (adaptive sessions: the C-codes only)."""
    allowed = codes_of(state)
    return list(dict.fromkeys(i.code for i in state.incidents if i.candidate_id == candidate_id
                              and i.code in allowed))


def form(state: SessionState, now: float) -> dict:
    """The finalisation form, pre-filled from what was recorded live."""
    due = deadline(state)
    reason = None
    if state.status is SessionStatus.FINALISED or state.status is SessionStatus.SYNCED:
        reason = "La session est déjà finalisée."
    elif state.status is not SessionStatus.CLOSED:
        reason = "La session doit d'abord être clôturée par le surveillant (plus personne en test)."
    return {
        "can_finalise": reason is None, "reason": reason,
        "deadline": due, "hours_left": None if due is None else round((due - now) / 3600, 1),
        "late": due is not None and now > due,
        "unfinished": [{"candidate_id": c.id, "name": _name(c), "status_label": ATTEMPT_LABELS[c.status],
                        "answered": c.answered, "total": c.total} for c in unfinished(state)],
        "candidates": [{"candidate_id": c.id, "name": _name(c), "status_label": ATTEMPT_LABELS[c.status],
                        "incident_codes": live_codes(state, c.id), "end_screen_seen": c.end_screen_seen,
                        "test_over": c.status in ENDED}
                       for c in state.candidates.values()],
        "algorithm": "adaptive" if adaptive(state) else "classic",
        "codes": {code: label(code) for code in codes_of(state)},
        "question_codes": [] if adaptive(state) else list(QUESTION_CODES),
        "end_screens": not adaptive(state),
        "comment": state.comment,
        "incident_occurred": bool(state.incidents or state.frauds),
        "joining_issue": False,
        "abort_reasons": dict(ABORT_REASONS),
        "finalisation": state.finalisation,
    }


def check(state: SessionState, request: FinalisationRequest) -> None:
    """Refuse (409/422) a finalisation that cannot be made, before anything is written."""
    if state.status in (SessionStatus.FINALISED, SessionStatus.SYNCED):
        raise Refusal(409, "session_finalised", "Cette session est déjà finalisée.")
    if state.status is not SessionStatus.CLOSED:
        raise Refusal(409, "session_not_closed", "La session doit d'abord être clôturée par le surveillant\u00a0: "
                                                 "la finalisation n'est possible qu'une fois plus personne en test.")
    waiting = unfinished(state)
    missing = [c for c in waiting if request.abort_reasons.get(c.id) not in ABORT_REASONS]
    if missing:
        names = ", ".join(_name(c) for c in missing)
        raise Refusal(409, "abort_reason_missing",
                      f"Indiquez pourquoi ce test n'est pas allé au bout (abandon ou problème technique)\u00a0: {names}."
                      if len(missing) == 1 else
                      f"Indiquez pourquoi ces {len(missing)} tests ne sont pas allés au bout (abandon ou problème "
                      f"technique)\u00a0: {names}.")
    stray = set(request.abort_reasons) - {c.id for c in waiting}
    if stray:
        raise Refusal(422, "abort_reason_unexpected",
                      "Un motif d'arrêt ne va qu'avec un test inachevé\u00a0: retirez-le pour les autres candidats.")
    for candidate_id, codes in request.incident_codes.items():
        if candidate_id not in state.candidates:
            raise Refusal(404, "candidate_not_found", "Ce candidat n'est pas inscrit à cette session.")
        unknown = [c for c in codes if c not in codes_of(state)]
        if unknown and adaptive(state) and all(c in CLASSIC_CODES for c in unknown):
            raise Refusal(422, "incident_code_invalid",
                          f"Session adaptative\u00a0: pas de code E à la finalisation (les problèmes de question ont "
                          f"été traités en direct, question remplacée)\u00a0: {', '.join(unknown)}.")
        if unknown:
            raise Refusal(422, "incident_code_invalid", f"Code d'incident inconnu\u00a0: {', '.join(unknown)}.")
    if adaptive(state) and request.incidents:
        raise Refusal(422, "question_incident_unexpected",
                      "Session adaptative\u00a0: pas d'incident de question à la finalisation (une alerte validée "
                      "en direct a remplacé la question).")
    if adaptive(state) and request.end_screens_seen:
        raise Refusal(422, "end_screen_unexpected",
                      "Session adaptative\u00a0: pas de case «\u00a0écran de fin vu\u00a0» à la finalisation.")
    if request.comment is not None and len(request.comment.strip()) > COMMENT_MAX:
        raise Refusal(422, "text_too_long", f"Commentaire de session\u00a0: {COMMENT_MAX} caractères au plus.")
    for candidate_id in request.end_screens_seen:
        found = state.candidates.get(candidate_id)
        if found is None:
            raise Refusal(404, "candidate_not_found", "Ce candidat n'est pas inscrit à cette session.")
        if found.status not in ENDED:
            raise Refusal(409, "test_not_finished",
                          f"{_name(found)} n'a pas de test terminé\u00a0: son écran de fin ne peut pas être coché.")


def paperwork(state: SessionState, request: FinalisationRequest, by: str, new_id) -> Events:
    """What the finalisation adds to the records before sealing (the invigilator's own events)."""
    events: Events = []
    for incident in request.incidents:
        events += record_incident(state, incident["candidate_id"], incident["code"], incident.get("text") or
                                  label(incident["code"]), by, new_id(), incident.get("question_number"))
    for candidate_id in request.end_screens_seen:
        events += mark_end_screen_seen(state, candidate_id, by)
    if request.comment is not None:
        events += set_comment(state, request.comment, by)
    return events


def finalise(state: SessionState, request: FinalisationRequest, final_hash: str, now: float, by: str) -> Events:
    """Seal the session: ``final_hash`` is the journal's head just before this event."""
    check(state, request)
    due = deadline(state)
    waiting = {c.id for c in unfinished(state)}
    codes = {cid: list(dict.fromkeys(request.incident_codes.get(cid, live_codes(state, cid))))
             for cid in state.candidates}
    return [("session_finalised", {
        "final_hash": final_hash,
        "abort_reasons": {cid: r for cid, r in request.abort_reasons.items() if cid in waiting},
        "incident_codes": {cid: c for cid, c in codes.items() if c},
        "incident_occurred": bool(request.incident_occurred),
        "joining_issue": bool(request.joining_issue),
        "late": due is not None and now > due,
        "by": by,
    })]
