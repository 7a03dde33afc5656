"""``SessionHandle.settled_seq``: the seq a dashboard may take as ``since`` never runs ahead of
an event whose push is still on its way (roomserver/live/feed.py stamps payloads with it)."""

from __future__ import annotations

from roomserver.core import commands


def test_every_event_leaves_the_in_flight_set_once_the_listeners_ran(app):
    store = app.extensions["roomserver"].store
    handle = store.handle(store.sessions()[0].id)
    seen = []
    store.listeners.append(lambda h, events: seen.append((set(h.in_flight), h.settled_seq([e.seq for e in events]))))
    events = store.execute(handle, lambda s: commands.invigilator_login(s, "digest-1"))
    assert seen == [({events[0].seq}, events[0].seq)]  # its own event counts as reached
    assert handle.in_flight == set() and handle.settled_seq() == handle.state.seq


def test_an_event_still_in_flight_holds_the_settled_seq_below_it(app):
    store = app.extensions["roomserver"].store
    handle = store.handle(store.sessions()[0].id)
    first = store.execute(handle, lambda s: commands.invigilator_login(s, "digest-2"))[0].seq
    second = store.execute(handle, lambda s: commands.invigilator_login(s, "digest-2b"))[0].seq
    handle.in_flight.add(first)  # as if the first event's push were still on its way
    assert handle.settled_seq() == first - 1 and handle.settled_seq([first]) == second
    handle.in_flight.discard(first)
    assert handle.settled_seq() == second


def test_a_failing_listener_still_clears_the_in_flight_set(app):
    store = app.extensions["roomserver"].store
    handle = store.handle(store.sessions()[0].id)

    def broken(h, events):
        raise RuntimeError("push failed")

    store.listeners.append(broken)
    assert store.execute(handle, lambda s: commands.invigilator_login(s, "digest-3"))
    assert handle.in_flight == set()
