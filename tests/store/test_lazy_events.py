"""Events that ride with the next sync (``execute(..., wait=False)``, decision 0006): not waited
for, not pushed, not waited for by reads either; made durable by the next strict write, by
``flush`` or at close; lost by a crash before that, with the journal still whole."""

from __future__ import annotations

from roomserver.core import commands
from roomserver.store.journal import verify_journal
from roomserver.store.sessions import SessionStore


def _session(tmp_path):
    store = SessionStore(tmp_path / "data")
    store.load_all()
    handle = store.create(lambda sid: commands.create_session(sid, 1001, "ABC234", "C-ABCDEF", {}, {"id": "demo"}))
    pushed = []
    store.listeners.append(lambda h, events: pushed.extend(e.seq for e in events))
    return store, handle, pushed


def login(digest):
    return lambda s: commands.invigilator_login(s, digest)


def test_a_lazy_event_is_applied_but_neither_written_nor_pushed(tmp_path):
    store, handle, pushed = _session(tmp_path)
    (event,) = store.execute(handle, login("lazy"), wait=False)
    assert handle.state.seq == event.seq and "lazy" in handle.state.invigilator_tokens
    assert handle.journal.pending and handle.journal.durable_seq == event.seq - 1
    assert verify_journal(handle.journal.path)[0] == 1  # only session_created on disk
    assert pushed == []
    assert store.read(handle, lambda s: s.seq) == event.seq
    assert handle.journal.pending  # a read does not wait for it
    assert handle.settled_seq() == event.seq - 1  # never handed to a dashboard as a "since"


def test_the_next_strict_write_carries_it_in_the_same_fsync(tmp_path):
    store, handle, pushed = _session(tmp_path)
    fsyncs = handle.journal.fsyncs
    (lazy,) = store.execute(handle, login("lazy"), wait=False)
    (strict,) = store.execute(handle, login("strict"))
    assert handle.journal.fsyncs == fsyncs + 1 and not handle.journal.pending
    assert verify_journal(handle.journal.path)[0] == strict.seq == lazy.seq + 1
    assert pushed == [strict.seq]
    assert handle.settled_seq() == strict.seq


def test_flush_and_close_make_it_durable(tmp_path):
    store, handle, _ = _session(tmp_path)
    store.execute(handle, login("one"), wait=False)
    store.flush()
    assert not handle.journal.pending and verify_journal(handle.journal.path)[0] == 2
    store.execute(handle, login("two"), wait=False)
    store.close()
    again = SessionStore(tmp_path / "data")
    again.load_all()
    assert set(again.by_number(1001).state.invigilator_tokens) == {"one", "two"}


def test_a_crash_before_the_next_sync_loses_it_and_nothing_else(tmp_path):
    store, handle, _ = _session(tmp_path)
    store.execute(handle, login("kept"))
    store.execute(handle, login("lost"), wait=False)
    # the process dies here: the lazy line was only in memory
    again = SessionStore(tmp_path / "data")
    again.load_all()
    state = again.by_number(1001).state
    assert set(state.invigilator_tokens) == {"kept"} and state.seq == 2
    assert verify_journal(handle.journal.path)[2] == 0  # whole, no torn tail


def test_a_wait_rule_is_judged_on_the_events_decided(tmp_path):
    store, handle, pushed = _session(tmp_path)
    seen = []

    def rule(state, decided):
        seen.append((state.seq, [kind for kind, _ in decided]))
        return decided[0][1]["token_sha256"] == "must-wait"

    (lazy,) = store.execute(handle, login("may-ride"), wait=rule)
    assert handle.journal.pending and pushed == []
    (strict,) = store.execute(handle, login("must-wait"), wait=rule)
    assert not handle.journal.pending and pushed == [strict.seq]
    assert seen == [(1, ["invigilator_logged_in"]), (2, ["invigilator_logged_in"])]
    assert store.execute(handle, lambda s: [], wait=rule) == [] and len(seen) == 2  # nothing decided: no rule
