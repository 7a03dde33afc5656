"""What the administrator's pages and API show of a session. Pure functions of the state."""

from __future__ import annotations

import datetime as dt

from ..core.preparation import ALGORITHMS, warnings
from ..core.session import CandidateState, SessionState
from ..core.states import ATTEMPT_LABELS, SESSION_LABELS, SessionStatus

DOCUMENTS = (
    ("attendance-sheet.pdf", "Feuille d'émargement"),
    ("invigilator-kit.pdf", "Dossier du surveillant"),
    ("candidate-notice.pdf", "Convocations des candidats"),
    ("incident-report.pdf", "Procès-verbal d'incident"),
    ("fraud-reports.pdf", "Procès-verbaux de fraude"),
)


def competences_at_level(candidate: CandidateState) -> int:
    return sum(1 for pix in candidate.profile.pix.values() if pix >= 8)


def candidate_entry(candidate: CandidateState) -> dict:
    return {
        "candidate_id": candidate.id, "first_name": candidate.first_name, "last_name": candidate.last_name,
        "birthdate": candidate.birthdate, "extra_time_pct": candidate.extra_time_pct,
        "details": dict(candidate.details), "certifiable": candidate.certifiable,
        "competences_at_level": competences_at_level(candidate),
        "profile": candidate.profile.to_dict(),
        "status": str(candidate.status), "status_label": ATTEMPT_LABELS[candidate.status],
        "end_screen_seen": candidate.end_screen_seen, "corrections": list(candidate.corrections),
    }


def session_line(state: SessionState) -> dict:
    """One line of the session list."""
    return {
        "session_id": state.id, "session_number": state.number, "status": str(state.status),
        "status_label": SESSION_LABELS[state.status], "site": state.details.get("site", ""),
        "room": state.details.get("room", ""), "date": state.details.get("date", ""),
        "start_time": state.details.get("start_time", ""),
        "invigilators": list(state.details.get("invigilators", [])),
        "algorithm": state.details.get("algorithm", "classic"), "candidates": len(state.candidates),
    }


def session_page(state: SessionState, candidate_url: str, today: dt.date) -> dict:
    """Everything the session page shows (the "page de la session" of the invigilator login)."""
    started = state.status is not SessionStatus.CREATED
    base = f"/api/v1/admin/sessions/{state.number}/documents/"
    return {
        **session_line(state),
        "notes": state.details.get("notes", ""),
        "algorithm_label": ALGORITHMS.get(state.details.get("algorithm", "classic"), ""),
        "certification_version": (state.certification or {}).get("id"),
        "invigilator_password": state.invigilator_password,
        "access_code": state.access_code if started else None,
        "candidate_url": candidate_url,
        "editable": not started,
        "started_at": state.started_at, "closed_at": state.closed_at,
        "candidates_list": sorted((candidate_entry(c) for c in state.candidates.values()),
                                  key=lambda c: (c["last_name"].casefold(), c["first_name"].casefold())),
        "warnings": warnings(state, today),
        "documents": [{"name": name, "label": label, "url": base + name} for name, label in DOCUMENTS],
        "finalisation": state.finalisation,
    }


def upcoming_first(states: list[SessionState], today: dt.date) -> list[SessionState]:
    """Today's and future sessions first (soonest first), then past ones (latest first)."""
    def key(state: SessionState):
        date, time = state.details.get("date", ""), state.details.get("start_time", "")
        past = date < today.isoformat()
        return (past, _reverse(date + time) if past else date + time)
    return sorted(states, key=key)


def _reverse(text: str) -> tuple:
    return tuple(-ord(ch) for ch in text)
