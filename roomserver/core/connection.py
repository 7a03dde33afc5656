"""When a candidate's page could not reach the room server while the server was up.

The heartbeat itself lives in memory (``live/presence.py``); only the transitions are
journaled, so the record (and the time given back) survives a restart:

- ``connection_lost`` {candidate_id, since}: the page has been silent for the heartbeat
  timeout (written by the live feed's sweep; a record for the invigilators and the report);
- ``connection_back`` {candidate_id, from, to, claimed_s}: the page is heard again after a
  silence and says how long it could not reach the server (its own clock). The server gives
  back at most what it observed itself: the time since it last heard the page (or since the
  journaled ``connection_lost``, or since it started). ``[from, to]`` is what is given back.

Commands decide (no I/O), handlers apply; registered when ``session`` is imported.
"""

from __future__ import annotations

from .session import CandidateState, SessionState, handles
from .states import AttemptStatus, SessionStatus

MIN_GAP_S = 2.0  # shorter silences are ordinary network jitter: nothing is journaled
MIN_AFTER_START_S = 0.1  # the first beat after a start: the page's delay in coming back is given back


def _sitting(state: SessionState, candidate: CandidateState | None) -> bool:
    return (candidate is not None and state.status is SessionStatus.STARTED
            and candidate.status is AttemptStatus.IN_TEST and candidate.token is not None)


def last_contact(state: SessionState, candidate: CandidateState, heard_at: float | None) -> float | None:
    """The last moment the server knows the page reached it (or it started: it could not have
    heard anything before): the heartbeat in memory, the last journaled action, the last start."""
    known = [t for t in (heard_at, candidate.active_at, state.server_starts[-1] if state.server_starts else None)
             if t is not None]
    return max(known) if known else None


def connection_lost(state: SessionState, candidate_id: str, heard_at: float | None, now: float,
                    timeout_s: float) -> list[tuple[str, dict]]:
    """Journal that a page in its test has been silent for ``timeout_s`` (once per silence)."""
    candidate = state.candidates.get(candidate_id)
    if not _sitting(state, candidate) or candidate.lost_since is not None or candidate.pending_token is not None:
        return []
    since = last_contact(state, candidate, heard_at)
    if since is None or now - since < timeout_s:
        return []
    return [("connection_lost", {"candidate_id": candidate_id, "since": round(since, 3)})]


def connection_back(state: SessionState, candidate_id: str, claimed_s: float | None, heard_at: float | None,
                    now: float) -> list[tuple[str, dict]]:
    """The page is heard again and claims it could not reach the server for ``claimed_s``.

    What is given back is the claim bounded by the silence the server observed. A page that
    claims nothing (it did not notice: a throttled background tab) gets nothing back, even
    after a journaled ``connection_lost``, which is then simply closed."""
    candidate = state.candidates.get(candidate_id)
    if candidate is None or (candidate.lost_since is None and not _sitting(state, candidate)):
        return []
    silent_from = candidate.lost_since if candidate.lost_since is not None else last_contact(state, candidate, heard_at)
    observed = 0.0 if silent_from is None else max(0.0, now - silent_from)
    claim = max(0.0, float(claimed_s or 0.0))
    given = min(claim, observed) if _sitting(state, candidate) else 0.0
    # A short silence is network jitter, except the first beat after the server started: the
    # page's retry delay after an outage is the outage's, however short.
    threshold = MIN_GAP_S if heard_at is not None else MIN_AFTER_START_S
    if candidate.lost_since is None and given < threshold:
        return []
    return [("connection_back", {"candidate_id": candidate_id, "from": round(now - given, 3), "to": round(now, 3),
                                 "claimed_s": round(claim, 3)})]


@handles("connection_lost")
def _lost(state: SessionState, data: dict, ts: float) -> None:
    state.candidates[data["candidate_id"]].lost_since = data["since"]


@handles("connection_back")
def _back(state: SessionState, data: dict, ts: float) -> None:
    candidate = state.candidates[data["candidate_id"]]
    candidate.lost_since = None
    if data["to"] > data["from"]:
        candidate.page_gaps.append([data["from"], data["to"], "page_lost"])
    candidate.active_at = ts
