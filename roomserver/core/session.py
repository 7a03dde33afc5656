"""Session state as the fold of its journal.

``fold(events)`` rebuilds a session from its journal; ``apply(state, event)`` moves it
by one event. Applying is deterministic and does no I/O: the same journal always
gives the same state. (It mutates ``state`` in place for speed; nothing else does.)
Whether an event is *allowed* is decided beforehand in ``commands``; ``apply`` trusts
the journal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Protocol

from .generation import Profile, is_certifiable
from .identity import identity_key
from .matching import Outcome
from .states import AttemptStatus, SessionStatus


class EventLike(Protocol):
    seq: int
    ts: float
    type: str
    data: dict
    hash: str


@dataclass
class AnswerRecord:
    answer_id: str
    index: int  # 0-based position in the test
    challenge_id: str
    outcome: Outcome
    value: Any  # None when skipped
    at: float


@dataclass
class Alert:
    alert_id: str
    index: int
    challenge_id: str
    message: str
    at: float
    status: str = "open"  # open, dismissed, validated
    code: str | None = None  # the E-code when validated
    replacement: str | None = None  # the challenge that replaced the question, if any


@dataclass
class Incident:
    """An incident with its code, for one candidate (and question) or the whole session."""

    incident_id: str
    code: str
    text: str
    at: float
    by: str  # invigilator id
    candidate_id: str | None = None
    index: int | None = None  # 0-based question position, for a question incident
    challenge_id: str | None = None
    alert_id: str | None = None


@dataclass
class FraudReport:
    """One procès-verbal de fraude: what was seen, when, who, what was done."""

    fraud_id: str
    candidate_ids: list[str]
    observed_at: str  # as the invigilator wrote it, e.g. "10:42"
    facts: str
    measures: str
    at: float
    by: str


@dataclass
class CandidateState:
    id: str
    last_name: str
    first_name: str
    birthdate: str  # YYYY-MM-DD
    extra_time_pct: int
    profile: Profile
    details: dict = field(default_factory=dict)  # optional enrolment fields (sex, birthplace...)
    status: AttemptStatus = AttemptStatus.ENROLLED
    token: str | None = None  # sha256 of the one valid candidate token
    pending_token: str | None = None  # a join from a new browser, waiting for the invigilator
    client: dict = field(default_factory=dict)  # address and browser of the candidate's own page
    pending_client: dict | None = None  # {"ip", "user_agent"} of the browser asking to take over, if any
    failed_joins: int = 0  # joins naming this candidate with a wrong birthdate (join_refused)
    refused_entries: list[float] = field(default_factory=list)  # when a late join or start was refused (entry_refused)
    challenge_ids: list[str] = field(default_factory=list)
    answers: list[AnswerRecord] = field(default_factory=list)
    answer_ids: dict[str, int] = field(default_factory=dict)  # answer_id -> position in answers
    shown_at: dict[int, float] = field(default_factory=dict)  # question index -> first shown
    focus_lost: set[int] = field(default_factory=set)
    added_s: int = 0
    alerts: list[Alert] = field(default_factory=list)
    end_screen_seen: bool = False
    test_started_at: float | None = None
    ended_at: float | None = None
    skipped_by_end: list[int] = field(default_factory=list)  # indexes left when the invigilator ended the test
    replaced: dict[int, list[str]] = field(default_factory=dict)  # index -> challenges replaced there
    active_at: float | None = None  # last journaled action of the candidate's page
    page_gaps: list[list] = field(default_factory=list)  # [from, to, reason]: the page could not reach the server
    lost_since: float | None = None  # connection_lost journaled, the page not heard back yet
    pending_since: float | None = None  # a new browser asked to resume the test (the old PC may not answer)
    moved_tokens: list[str] = field(default_factory=list)  # sha256 of tokens of PCs the test moved away from
    corrections: list[dict] = field(default_factory=list)  # identity corrections (C1): {"at", "by", "before", "after"}
    seq: int = 0  # journal seq of the last event that changed this candidate
    # The adaptive algorithm only (None / empty in the classic one):
    planned: int | None = None  # questions the test has: the version's max, one more per answer an alert removed
    calibration: dict[str, list[float]] = field(default_factory=dict)  # challenge id -> [a, b] recorded when asked
    end_reason: str | None = None  # "completed" or "technical_end" (nothing left to ask)

    @property
    def key(self) -> tuple[str, str, str]:
        return identity_key(self.first_name, self.last_name, self.birthdate)

    @property
    def certifiable(self) -> bool:
        return is_certifiable(self.profile)

    @property
    def adaptive(self) -> bool:
        return self.planned is not None

    @property
    def total(self) -> int:
        """The test's length: drawn at the start (classic), or the adaptive version's length."""
        return len(self.challenge_ids) if self.planned is None else self.planned

    @property
    def answered(self) -> int:
        return len(self.answers)

    @property
    def current_index(self) -> int | None:
        """0-based index of the question on screen, or None when none is."""
        if self.status is AttemptStatus.IN_TEST and self.answered < self.total:
            return self.answered
        return None

    @property
    def current_challenge_id(self) -> str | None:
        index = self.current_index
        # adaptive: the question is assigned by its own event; none yet when a write was torn between
        return None if index is None or index >= len(self.challenge_ids) else self.challenge_ids[index]


@dataclass
class SessionState:
    id: str
    number: int
    access_code: str
    invigilator_password: str
    details: dict  # site, room, date, start_time, invigilators, notes
    pack: dict  # id, version, digest of the content pack the tests come from
    status: SessionStatus = SessionStatus.CREATED
    started_at: float | None = None
    candidates: dict[str, CandidateState] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # candidate token sha256 -> candidate id
    invigilator_tokens: dict[str, str] = field(default_factory=dict)  # token sha256 -> invigilator id
    invigilators: dict[str, str] = field(default_factory=dict)  # invigilator id -> name given at login
    server_starts: list[float] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    frauds: list[FraudReport] = field(default_factory=list)
    time_additions: list[dict] = field(default_factory=list)  # the time_added events' data, with "at"
    comment: str = ""
    closed_at: float | None = None
    finalisation: dict | None = None  # the session_finalised event's data, with "at"
    certification: dict | None = None  # adaptive sessions: the certification version's settings, as recorded
    outages: list[list[float]] = field(default_factory=list)  # [down_from, server_started]: the server was down
    # The invigilator's corrections (room_events.ledger): when alerts were dismissed and end
    # screens ticked (the undo window), the withdrawn records with their original, the corrections.
    corrections: dict = field(default_factory=lambda: {"dismissed_at": {}, "seen_at": {}, "withdrawn": [],
                                                       "corrected": []})
    last_ts: float = 0.0  # time of the last event applied (a sign of life of the server)
    seq: int = 0
    hash: str = ""

    def find(self, first_name: str, last_name: str, birthdate: str) -> list[CandidateState]:
        key = identity_key(first_name, last_name, birthdate)
        return [c for c in self.candidates.values() if c.key == key]

    def named(self, first_name: str, last_name: str) -> list[CandidateState]:
        """The candidates with these names, whatever their birthdate."""
        names = identity_key(first_name, last_name, "")[:2]
        return [c for c in self.candidates.values() if c.key[:2] == names]


# -- apply -------------------------------------------------------------------------------

Handler = Callable[[SessionState, dict, float], None]
HANDLERS: dict[str, Handler] = {}


def handles(event_type: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[event_type] = fn
        return fn
    return register


def new_state(data: dict) -> SessionState:
    """The state right after ``session_created``."""
    return SessionState(id=data["session_id"], number=data["number"], access_code=data["access_code"],
                        invigilator_password=data["invigilator_password"], details=data["details"],
                        pack=data["pack"], certification=data.get("certification"))


# Events that change every candidate's row (their status, time or what they may do).
SESSION_WIDE = frozenset({"session_started", "session_closed", "server_started", "session_finalised"})


def touched(state: SessionState, event_type: str, data: dict) -> list[str]:
    """The ids of the candidates whose situation an event changes (for the live rows)."""
    if event_type in SESSION_WIDE:
        return list(state.candidates)
    if "candidate_ids" in data:
        return [cid for cid in data["candidate_ids"] if cid in state.candidates]
    if "candidate_id" in data and data["candidate_id"] in state.candidates:
        return [data["candidate_id"]]
    return []


def apply(state: SessionState, event: EventLike) -> SessionState:
    """Move ``state`` by one journal event and return it."""
    handler = HANDLERS.get(event.type)
    if handler is None:
        raise ValueError(f"unknown event type {event.type!r} at seq {event.seq}")
    handler(state, event.data, event.ts)  # sees state.last_ts of the previous event
    state.seq, state.hash, state.last_ts = event.seq, event.hash, event.ts
    for candidate_id in touched(state, event.type, event.data):
        state.candidates[candidate_id].seq = event.seq
    return state


def fold(events: Iterable[EventLike], state: SessionState | None = None) -> SessionState:
    """Rebuild a session from its journal (optionally from a checkpointed state)."""
    for event in events:
        if state is None:
            if event.type != "session_created":
                raise ValueError("a journal must begin with session_created")
            state = new_state(event.data)
            state.seq, state.hash, state.last_ts = event.seq, event.hash, event.ts
            continue
        apply(state, event)
    if state is None:
        raise ValueError("empty journal")
    return state


@handles("session_created")
def _created(state: SessionState, data: dict, ts: float) -> None:
    raise ValueError("session_created can only be the first event")


@handles("server_started")
def _server_started(state: SessionState, data: dict, ts: float) -> None:
    state.server_starts.append(ts)
    down_from = data.get("down_from", state.last_ts)  # journals written before down_from: the last event
    if down_from is not None and down_from < ts:
        state.outages.append([down_from, ts])


@handles("candidate_enrolled")
def _enrolled(state: SessionState, data: dict, ts: float) -> None:
    state.candidates[data["candidate_id"]] = CandidateState(
        id=data["candidate_id"], last_name=data["last_name"], first_name=data["first_name"],
        birthdate=data["birthdate"], extra_time_pct=data.get("extra_time_pct", 0),
        profile=Profile.from_dict(data.get("profile", {})), details=data.get("details", {}))


@handles("candidate_joined")
def _joined(state: SessionState, data: dict, ts: float) -> None:
    """A browser joined: the candidate's page when authorised; else a browser asking to take
    over (a resume, or a second browser for the same identity), until the invigilator decides."""
    candidate = state.candidates[data["candidate_id"]]
    candidate.active_at = ts
    if data["authorised"]:
        _revoke(state, candidate)
        candidate.client = data.get("client", {})
        candidate.pending_client = None
        candidate.token = data["token_sha256"]
        state.tokens[candidate.token] = candidate.id
        candidate.pending_since = None
    else:
        if candidate.pending_token:
            state.tokens.pop(candidate.pending_token, None)
        candidate.pending_client = data.get("client", {})
        candidate.pending_token = data["token_sha256"]
        state.tokens[candidate.pending_token] = candidate.id
        if candidate.status is AttemptStatus.IN_TEST and candidate.pending_since is None:
            candidate.pending_since = ts


@handles("entry_refused")
def _entry_refused(state: SessionState, data: dict, ts: float) -> None:
    """The entry was closed when this candidate tried to join or start: the row tells when."""
    state.candidates[data["candidate_id"]].refused_entries.append(ts)


@handles("join_refused")
def _join_refused(state: SessionState, data: dict, ts: float) -> None:
    """A join named this candidate with another birthdate: counted (shown on the dashboard row)."""
    state.candidates[data["candidate_id"]].failed_joins += 1


@handles("candidate_left")
def _left(state: SessionState, data: dict, ts: float) -> None:
    """A browser said "Ce n'est pas moi" before the start: its token is forgotten."""
    candidate = state.candidates[data["candidate_id"]]
    if data["browser"] == "own":
        state.tokens.pop(candidate.token, None)
        candidate.token, candidate.client = None, {}
    else:
        state.tokens.pop(candidate.pending_token, None)
        candidate.pending_token, candidate.pending_client, candidate.pending_since = None, None, None


def _revoke(state: SessionState, candidate: CandidateState) -> None:
    for token in (candidate.token, candidate.pending_token):
        if token:
            state.tokens.pop(token, None)
    candidate.token = candidate.pending_token = None


@handles("resume_authorised")
def _resume_authorised(state: SessionState, data: dict, ts: float) -> None:
    """The new browser gets the test. The old token stays known, as moved: the old PC is told
    that the test goes on elsewhere (and refused) instead of being sent back to the join form."""
    candidate = state.candidates[data["candidate_id"]]
    pending, old = candidate.pending_token, candidate.token
    _revoke(state, candidate)
    if old:
        candidate.moved_tokens.append(old)
        state.tokens[old] = candidate.id
    candidate.token = pending
    state.tokens[pending] = candidate.id
    candidate.client = candidate.pending_client or candidate.client
    candidate.pending_client = None
    if candidate.lost_since is not None:  # the old PC was lost: its silence ends with the move
        candidate.page_gaps.append([candidate.lost_since, ts, "page_lost"])
        candidate.lost_since = None
    if candidate.pending_since is not None:
        candidate.page_gaps.append([candidate.pending_since, ts, "resume"])
        candidate.pending_since = None


@handles("resume_refused")
def _resume_refused(state: SessionState, data: dict, ts: float) -> None:
    """The invigilator refused the browser asking to take over: its token is worth nothing, the
    candidate's own page goes on (the time it was held, waiting, is given back)."""
    candidate = state.candidates[data["candidate_id"]]
    if candidate.pending_token:
        state.tokens.pop(candidate.pending_token, None)
    candidate.pending_token = None
    candidate.pending_client = None
    if candidate.pending_since is not None:
        candidate.page_gaps.append([candidate.pending_since, ts, "resume"])
        candidate.pending_since = None


@handles("presence_confirmed")
def _present(state: SessionState, data: dict, ts: float) -> None:
    state.candidates[data["candidate_id"]].status = AttemptStatus.PRESENT


@handles("presence_cancelled")
def _absent(state: SessionState, data: dict, ts: float) -> None:
    state.candidates[data["candidate_id"]].status = AttemptStatus.ENROLLED


@handles("invigilator_logged_in")
def _invigilator(state: SessionState, data: dict, ts: float) -> None:
    invigilator_id = f"s{len(state.invigilators) + 1}"  # s1, s2... in order of login
    state.invigilators[invigilator_id] = data.get("name", "")
    state.invigilator_tokens[data["token_sha256"]] = invigilator_id


@handles("session_started")
def _started(state: SessionState, data: dict, ts: float) -> None:
    state.status = SessionStatus.STARTED
    state.started_at = ts


@handles("test_started")
def _test_started(state: SessionState, data: dict, ts: float) -> None:
    candidate = state.candidates[data["candidate_id"]]
    candidate.status = AttemptStatus.IN_TEST
    candidate.challenge_ids = list(data["challenge_ids"])
    candidate.planned = data.get("planned")  # adaptive: the questions come one by one (question_asked)
    candidate.test_started_at = candidate.active_at = ts


@handles("question_asked")
def _asked(state: SessionState, data: dict, ts: float) -> None:
    """Adaptive: the next question, with the a and b it was chosen with, before it is shown."""
    candidate = state.candidates[data["candidate_id"]]
    candidate.calibration[data["challenge_id"]] = [data["a"], data["b"]]
    candidate.challenge_ids.append(data["challenge_id"])


@handles("test_completed")
def _completed(state: SessionState, data: dict, ts: float) -> None:
    """Adaptive: nothing more to ask (all questions answered, or the bank has nothing left)."""
    candidate = state.candidates[data["candidate_id"]]
    candidate.status = AttemptStatus.ENDED
    candidate.ended_at = ts
    candidate.end_reason = data["reason"]


@handles("question_shown")
def _shown(state: SessionState, data: dict, ts: float) -> None:
    candidate = state.candidates[data["candidate_id"]]
    candidate.shown_at.setdefault(data["index"], ts)
    candidate.active_at = ts


@handles("focus_lost")
def _focus_lost(state: SessionState, data: dict, ts: float) -> None:
    candidate = state.candidates[data["candidate_id"]]
    candidate.focus_lost.add(data["index"])
    candidate.active_at = ts


@handles("answer_recorded")
def _answer(state: SessionState, data: dict, ts: float) -> None:
    candidate = state.candidates[data["candidate_id"]]
    candidate.answer_ids[data["answer_id"]] = len(candidate.answers)
    candidate.answers.append(AnswerRecord(data["answer_id"], data["index"], data["challenge_id"],
                                          Outcome(data["outcome"]), data.get("value"), ts))
    candidate.active_at = ts
    if candidate.planned is None and candidate.answered >= candidate.total:  # adaptive: test_completed ends it
        candidate.status = AttemptStatus.ENDED
        candidate.ended_at = ts


@handles("problem_reported")
def _problem(state: SessionState, data: dict, ts: float) -> None:
    candidate = state.candidates[data["candidate_id"]]
    candidate.alerts.append(Alert(data["alert_id"], data["index"], data["challenge_id"], data.get("message", ""), ts))
    candidate.active_at = ts


from . import room_events  # noqa: E402,F401  (registers the invigilator's event handlers)
from . import connection  # noqa: E402,F401  (registers the page's connection events)
from . import admin_events  # noqa: E402,F401  (registers the administrator's event handlers)
