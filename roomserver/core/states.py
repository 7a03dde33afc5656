"""The two state machines of a certification: the session and each candidate's attempt.

Every move goes through ``transition``, which refuses an illegal one with a reason
a person can read (in French: it may be shown to the invigilator or the candidate).
"""

from __future__ import annotations

from enum import StrEnum

from .refusal import Refusal


class SessionStatus(StrEnum):
    """Where a session stands.

    CREATED   -- prepared: candidates can be enrolled, joined and marked present.
    STARTED   -- the access code was given: the 1 h 45 runs, no late arrival may start.
    CLOSED    -- the invigilator closed the room; nothing more is answered.
    FINALISED -- the administrator finalised it; the journal is sealed, read-only.
    SYNCED    -- the finalised session was acknowledged upstream.
    """

    CREATED = "created"
    STARTED = "started"
    CLOSED = "closed"
    FINALISED = "finalised"
    SYNCED = "synced"


class AttemptStatus(StrEnum):
    """Where one candidate's attempt stands.

    ENROLLED             -- on the list; presence not (or no longer) confirmed.
    PRESENT              -- the invigilator checked identity; may type the access code.
    IN_TEST              -- typed the access code; the test is generated and running.
    ENDED                -- answered or skipped every question.
    ENDED_BY_INVIGILATOR -- the invigilator ended the test; what remained counts as skipped.
    """

    ENROLLED = "enrolled"
    PRESENT = "present"
    IN_TEST = "in_test"
    ENDED = "ended"
    ENDED_BY_INVIGILATOR = "ended_by_invigilator"


SESSION_LABELS = {
    SessionStatus.CREATED: "en préparation",
    SessionStatus.STARTED: "commencée",
    SessionStatus.CLOSED: "clôturée",
    SessionStatus.FINALISED: "finalisée",
    SessionStatus.SYNCED: "transmise",
}

ATTEMPT_LABELS = {
    AttemptStatus.ENROLLED: "inscrit",
    AttemptStatus.PRESENT: "présent",
    AttemptStatus.IN_TEST: "en test",
    AttemptStatus.ENDED: "test terminé",
    AttemptStatus.ENDED_BY_INVIGILATOR: "test terminé par le surveillant",
}

SESSION_MOVES: dict[SessionStatus, set[SessionStatus]] = {
    SessionStatus.CREATED: {SessionStatus.STARTED},
    SessionStatus.STARTED: {SessionStatus.CLOSED},
    SessionStatus.CLOSED: {SessionStatus.FINALISED},
    SessionStatus.FINALISED: {SessionStatus.SYNCED},
    SessionStatus.SYNCED: set(),
}

ATTEMPT_MOVES: dict[AttemptStatus, set[AttemptStatus]] = {
    AttemptStatus.ENROLLED: {AttemptStatus.PRESENT},
    AttemptStatus.PRESENT: {AttemptStatus.ENROLLED, AttemptStatus.IN_TEST},
    AttemptStatus.IN_TEST: {AttemptStatus.ENDED, AttemptStatus.ENDED_BY_INVIGILATOR},
    AttemptStatus.ENDED: set(),
    AttemptStatus.ENDED_BY_INVIGILATOR: set(),
}


def transition(current: StrEnum, target: StrEnum) -> StrEnum:
    """Return ``target`` if the move is legal, else raise a Refusal (409) saying why."""
    if isinstance(current, SessionStatus):
        moves, labels, what = SESSION_MOVES, SESSION_LABELS, "La session"
    elif isinstance(current, AttemptStatus):
        moves, labels, what = ATTEMPT_MOVES, ATTEMPT_LABELS, "Le test du candidat"
    else:
        raise TypeError(f"not a state: {current!r}")
    if target not in moves[current]:
        allowed = ", ".join(f"« {labels[s]} »" for s in sorted(moves[current])) or "aucun"
        raise Refusal(409, "illegal_transition",
                      f"{what} est « {labels[current]} » : il ne peut pas passer à « {labels[target]} » "
                      f"(états possibles depuis celui-ci : {allowed}).")
    return target
