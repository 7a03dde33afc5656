"""The live feed: after the store made events durable, push what they changed to every
dashboard of the session (a Socket.IO room per session).

Events (all carry a journal ``seq`` and ``server_time``). The ``seq`` is the highest one up to
which every event has already been pushed (``SessionHandle.settled_seq``), never one whose push
is still on its way: a dashboard reconnecting with it as ``since`` cannot skip a change.
- ``roster``: the whole picture, sent on connection (and when catching up is impossible),
  and to everyone when an event changes every row (start, close, server restart);
- ``candidate_updated``: one candidate's full row, after each change to it;
- ``session_updated``: the session's summary (status, code, incidents, comment, who is on);
- ``connections``: every candidate's connection state, every ``tick_s`` seconds.

A dashboard that reconnects sends the last ``seq`` it saw: if the feed still remembers
every event since, it gets the rows those events touched, now; otherwise (or when it missed
a session-wide change) a fresh roster.
Rows are always built from the current state, so a dashboard never shows a stale row.
"""

from __future__ import annotations

import logging
import threading
from collections import deque

from ..core.connection import connection_lost
from ..core.dashboard import candidate_row, roster, session_summary, whereabouts
from ..core.refusal import Refusal
from ..core.session import SESSION_WIDE, SessionState, touched
from ..store.sessions import SessionHandle, SessionStore
from .presence import Presence

log = logging.getLogger(__name__)
NAMESPACE = "/invigilator"
HISTORY = 5000  # events remembered per session for catching up (a whole exam is ~3000)

# Events that change only candidates' rows; any other also changes the session summary.
ROW_ONLY = frozenset({"candidate_enrolled", "candidate_joined", "resume_authorised", "presence_confirmed",
                      "presence_cancelled", "test_started", "question_shown", "focus_lost", "answer_recorded",
                      "problem_reported", "alert_dismissed", "test_ended_by_invigilator", "end_screen_seen",
                      "connection_lost", "connection_back", "alert_dismissal_undone", "end_screen_unseen"})


class LiveFeed:
    def __init__(self, socketio, store: SessionStore, presence: Presence, timeout_s: int, tick_s: float):
        self.socketio, self.store, self.presence = socketio, store, presence
        self.timeout_s, self.tick_s = timeout_s, tick_s
        self._lock = threading.Lock()
        self._recent: dict[str, deque] = {}  # session id -> (seq, candidate ids) of recent events
        self._floor: dict[str, int] = {s.id: s.seq for s in store.sessions()}  # catch-up possible from here
        self._dashboards: dict[str, tuple[str, str]] = {}  # socket sid -> (session id, invigilator id)
        self._ticking = False
        store.listeners.append(self.on_events)

    # -- dashboards come and go -------------------------------------------------------------------

    def joined(self, sid: str, handle: SessionHandle, invigilator_id: str, since) -> None:
        with self._lock:
            self._dashboards[sid] = (handle.state.id, invigilator_id)
        try:
            if not self.catch_up(handle, since, sid):
                self._emit("roster", self.roster_payload(handle), to=sid)
            self._emit_summary(handle)  # the others see who is on
        except Exception:  # the connection will be refused: no ghost dashboard left behind
            self.left(sid)
            raise
        self._start_ticker()

    def left(self, sid: str) -> None:
        with self._lock:
            found = self._dashboards.pop(sid, None)
        if found:
            try:
                self._emit_summary(self.store.handle(found[0]))
            except KeyError:
                pass

    def on(self, session_id: str) -> list[str]:
        """The ids of the invigilators whose dashboard is connected (one per dashboard)."""
        with self._lock:
            return [inv for sess, inv in self._dashboards.values() if sess == session_id]

    # -- pushing --------------------------------------------------------------------------------

    def on_events(self, handle: SessionHandle, events: list) -> None:
        """Store listener: called once the events are durable."""
        state = handle.state
        candidate_ids: dict[str, None] = {}
        with handle.lock:  # another request may be enrolling or applying meanwhile
            changes = [(event.seq, touched(state, event.type, event.data), event.type in SESSION_WIDE)
                       for event in events]
        with self._lock:
            recent = self._recent.setdefault(state.id, deque())
            self._floor.setdefault(state.id, 1)
            for seq, ids, wide in changes:
                recent.append((seq, ids, wide))
                candidate_ids.update(dict.fromkeys(ids))
            while len(recent) > HISTORY:
                self._floor[state.id] = recent.popleft()[0]
        if not self.on(state.id):
            return
        own = [event.seq for event in events]
        if any(event.type in SESSION_WIDE for event in events):  # every row changed: one roster
            self._emit("roster", self.roster_payload(handle, own), to=state.id)
            return
        self._emit_rows(handle, list(candidate_ids), own=own)
        if any(event.type not in ROW_ONLY for event in events):
            self._emit_summary(handle, own)

    def push_rows(self, handle: SessionHandle, candidate_ids: list[str]) -> None:
        """Push rows whose change is not journaled (a page heard again after a silence)."""
        if self.on(handle.state.id):
            self._emit_rows(handle, candidate_ids)

    def catch_up(self, handle: SessionHandle, since, sid: str) -> bool:
        """Send what a reconnecting dashboard missed since ``since``; False if it cannot."""
        if isinstance(since, bool) or not isinstance(since, int):
            return False
        with self._lock:
            current = handle.state.seq
            if since > current or since < self._floor.get(handle.state.id, current):
                return False
            missed_events = [(ids, wide) for seq, ids, wide in self._recent.get(handle.state.id, ()) if seq > since]
            if any(wide for _, wide in missed_events):
                return False  # every row changed (start, close): a roster says it in one event
            missed = {cid: None for ids, _ in missed_events for cid in ids}
        self._emit_rows(handle, list(missed), to=sid)
        self._emit("connections", self._connections(handle), to=sid)
        return True

    def tick(self) -> None:
        """Every dashboard gets the connection state of every candidate (the heartbeat's news);
        pages silent for the timeout are journaled as lost (``sweep``)."""
        with self._lock:
            sessions = {sess for sess, _ in self._dashboards.values()}
        for session_id in sessions:
            try:
                handle = self.store.handle(session_id)
            except KeyError:
                continue
            self.sweep(handle)
            self._emit("connections", self._connections(handle), to=session_id)

    def sweep(self, handle: SessionHandle) -> None:
        """Journal ``connection_lost`` for every page in its test silent for the timeout (once per
        silence: the record says when it began; the time is given back when the page says how long
        it could not reach the server, see ``core.connection``)."""
        seen = self.presence.seen(handle.state.id)

        def lost(state: SessionState):
            now = self.store.clock()
            events = []
            for cid in list(state.candidates):
                events += connection_lost(state, cid, (seen.get(cid) or {}).get("at"), now, self.timeout_s)
            return events

        try:
            self.store.execute(handle, lost)
        except Refusal as refusal:  # a full disk: the next tick tries again
            log.warning("live feed: silent pages not journaled (%s)", refusal.message)

    # -- building payloads -------------------------------------------------------------------------

    def roster_payload(self, handle: SessionHandle, own=()) -> dict:
        """The whole picture, as the ``roster`` event and ``GET /invigilator/session`` give it."""
        seen = self.presence.seen(handle.state.id)
        payload = self.store.read(handle, lambda s: {**roster(s, self.store.clock(), seen, self.timeout_s),
                                                     "seq": handle.settled_seq(own)})
        return {**payload, "connected_invigilators": self.on(handle.state.id), "timeout_s": self.timeout_s}

    def rows(self, handle: SessionHandle, candidate_ids: list[str], own=()) -> tuple[int, float, list[dict]]:
        """(seq, server time, current rows) of some candidates, once what they show is durable."""
        seen = {cid: self.presence.one(handle.state.id, cid) for cid in candidate_ids}

        def build(state: SessionState):
            now = self.store.clock()
            return handle.settled_seq(own), now, [candidate_row(state, state.candidates[cid], now, seen[cid],
                                                                self.timeout_s)
                                                  for cid in candidate_ids if cid in state.candidates]

        return self.store.read(handle, build)

    def _emit_rows(self, handle: SessionHandle, candidate_ids: list[str], to: str | None = None, own=()) -> None:
        if not candidate_ids:
            return
        seq, now, rows = self.rows(handle, candidate_ids, own)
        for row in rows:
            self._emit("candidate_updated", {"seq": seq, "server_time": now, "candidate": row},
                       to=to or handle.state.id)

    def _emit_summary(self, handle: SessionHandle, own=()) -> None:
        summary = self.store.read(handle, lambda s: {**session_summary(s, self.store.clock()),
                                                     "seq": handle.settled_seq(own)})
        self._emit("session_updated", {"seq": summary["seq"], "server_time": summary["server_time"],
                                       "session": {**summary, "connected_invigilators": self.on(handle.state.id)}},
                   to=handle.state.id)

    def _connections(self, handle: SessionHandle) -> dict:
        seen = self.presence.seen(handle.state.id)

        def build(state: SessionState):
            now = self.store.clock()
            return {"seq": handle.settled_seq(), "server_time": now, "timeout_s": self.timeout_s,
                    "candidates": {cid: whereabouts(c, seen.get(cid), now, self.timeout_s)
                                   for cid, c in state.candidates.items()}}

        return self.store.read(handle, build)  # it reads journaled fields too (tokens, client)

    def _emit(self, event: str, payload: dict, to: str) -> None:
        self.socketio.emit(event, payload, namespace=NAMESPACE, to=to)

    # -- the ticker ------------------------------------------------------------------------------------

    def _start_ticker(self) -> None:
        with self._lock:
            if self._ticking or self.tick_s <= 0:
                return
            self._ticking = True
        self.socketio.start_background_task(self._tick_loop)

    def _tick_loop(self) -> None:
        while True:
            self.socketio.sleep(self.tick_s)
            with self._lock:
                if not self._dashboards:
                    self._ticking = False
                    return
            try:
                self.tick()
            except Exception:  # the ticker must survive anything; the next tick retries
                log.exception("live feed: the connections tick failed")
