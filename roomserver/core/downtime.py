"""Time given back (REFERENCE.md, Joining and the test, 9; ARCHITECTURE.md, offline-first).

A candidate is never charged for time during which the room server was down or their
page could not reach it. Both kinds of gap come from the journal:

- **server down**: ``server_started`` carries ``down_from``, the last sign of life before
  the start (the last journaled event or the alive mark, whichever is later);
- **page gaps**: ``connection_back`` closes a silence of the candidate's page (bounded by
  what the server itself observed), and ``resume_authorised`` closes the wait for a resume
  on another PC.

Gaps overlap (the page is silent while the server is down): they are merged first, so a
second is given back once. The same gaps stop a timed question's timer. Pure functions.
"""

from __future__ import annotations

from typing import Iterable

from .session import CandidateState, SessionState

Interval = tuple[float, float]

SERVER_DOWN = "server_down"
PAGE_LOST = "page_lost"
RESUME = "resume"
REASONS = {SERVER_DOWN: "serveur indisponible", PAGE_LOST: "poste sans connexion",
           RESUME: "reprise sur un autre poste"}


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, merged intervals; empty or reversed ones dropped."""
    merged: list[list[float]] = []
    for start, end in sorted((float(a), float(b)) for a, b in intervals if b > a):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def overlap(intervals: Iterable[Interval], start: float, end: float) -> float:
    """Seconds of the union of ``intervals`` that fall within [start, end]."""
    if end <= start:
        return 0.0
    return sum(max(0.0, min(b, end) - max(a, start)) for a, b in union(intervals))


def outages(state: SessionState) -> list[Interval]:
    """When the room server was down, from its own journal."""
    return [(a, b) for a, b in state.outages]


def page_gaps(candidate: CandidateState, now: float, reason: str | None = None) -> list[Interval]:
    """When this candidate's page could not reach the server (closed gaps), and the wait for a
    resume elsewhere still pending (certain: the old PC may not answer, the new one waits)."""
    gaps = [(g[0], g[1]) for g in candidate.page_gaps if reason is None or g[2] == reason]
    if candidate.pending_since is not None and reason in (None, RESUME):
        gaps.append((candidate.pending_since, now))
    return gaps


def gaps(state: SessionState, candidate: CandidateState, now: float) -> list[Interval]:
    """Every interval that does not count against this candidate, merged."""
    return union(outages(state) + page_gaps(candidate, now))


def given_back(state: SessionState, candidate: CandidateState, start: float, end: float) -> dict[str, float]:
    """Seconds given back within [start, end], by reason. A second covered by several reasons
    counts once, under the first of server down, page lost, resume."""
    counted: list[Interval] = []
    result: dict[str, float] = {}
    for reason in (SERVER_DOWN, PAGE_LOST, RESUME):
        own = outages(state) if reason == SERVER_DOWN else page_gaps(candidate, end, reason)
        before = overlap(counted, start, end)
        counted = union(counted + own)
        result[reason] = overlap(counted, start, end) - before
    return result


def question_elapsed(state: SessionState, candidate: CandidateState, index: int, now: float,
                     claim_s: float | None = None, tolerance_s: float = 0.0) -> float | None:
    """How long question ``index`` has run for its timer, as judged at ``now``.

    The server's view counts from the first display it recorded (else from when the question
    became current: the page may have shown it offline, before the server knew), without the
    gaps. The page may claim less (its own clock, from display to click: the answer may have
    waited on the PC): the claim is accepted down to ``tolerance_s`` below the server's view,
    never above it. None when the server cannot tell when the question started.
    """
    since = candidate.shown_at.get(index)
    if since is None:
        since = became_current(candidate, index)
    if since is None:
        return None
    server_view = max(0.0, now - since - overlap(gaps(state, candidate, now), since, now))
    if claim_s is None:
        return server_view
    return min(server_view, max(float(claim_s), server_view - tolerance_s, 0.0))


def became_current(candidate: CandidateState, index: int) -> float | None:
    """When the server learned that question ``index`` was the one on screen."""
    if index == 0:
        return candidate.test_started_at
    if 0 < index <= len(candidate.answers):
        return candidate.answers[index - 1].at
    return None
