"""Group commit through ``store/offload.py`` (decision 0006): the journal's write + fsync go
through the installed runner, writers queued during a sync share the next one, a failure still
cuts the file back; checkpoints are written once however many requests settle meanwhile."""

from __future__ import annotations

import os
import threading
import time

import pytest

from roomserver.core import commands
from roomserver.core.refusal import Refusal
from roomserver.store import journal as journal_module
from roomserver.store import offload
from roomserver.store.integrity import checkpoint_mac
from roomserver.store.journal import Journal, JournalWriteError, verify_journal
from roomserver.store.sessions import SessionStore


@pytest.fixture
def runner():
    """A runner standing for eventlet's thread pool: counts the calls, may make them slow."""
    calls = []
    slow = {"s": 0.0}

    def run(fn, *args):
        calls.append(fn.__name__)
        if slow["s"]:
            time.sleep(slow["s"])
        return fn(*args)

    run.calls, run.slow = calls, slow
    offload.install(run)
    yield run
    offload.install(None)


def test_the_journal_writes_and_syncs_through_the_installed_runner(tmp_path, runner):
    journal, _ = Journal.open(tmp_path / "journal.jsonl")
    journal.wait_durable(journal.append("note", {"i": 1}, 1.0).seq)
    assert runner.calls == ["_write"] and journal.fsyncs == 1
    assert verify_journal(journal.path)[0] == 1


def test_writers_queued_during_a_slow_sync_share_the_next_one(tmp_path, runner):
    runner.slow["s"] = 0.05  # every sync lasts 50 ms: the 31 others queue meanwhile
    journal, _ = Journal.open(tmp_path / "journal.jsonl")
    barrier = threading.Barrier(32)

    def writer(k):
        barrier.wait()
        journal.wait_durable(journal.append("note", {"k": k}, 1.0).seq)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert verify_journal(journal.path)[0] == 32
    assert journal.fsyncs <= 4  # one leader alone, then everyone queued behind it at once


def test_a_write_the_disk_refuses_is_cut_back_and_every_waiter_learns_it(tmp_path, runner, monkeypatch):
    journal, _ = Journal.open(tmp_path / "journal.jsonl")
    journal.wait_durable(journal.append("note", {"i": 0}, 1.0).seq)
    size = journal.path.stat().st_size

    class Full:
        def __getattr__(self, name):
            return getattr(os, name)

        @staticmethod
        def fsync(fd):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal_module, "os", Full())
    first = journal.append("note", {"i": 1}, 1.0)
    second = journal.append("note", {"i": 2}, 1.0)
    with pytest.raises(JournalWriteError):
        journal.wait_durable(first.seq)
    with pytest.raises(JournalWriteError):
        journal.wait_durable(second.seq)  # the batch failed as a whole
    assert journal.path.stat().st_size == size and journal.broken


def _session(tmp_path, **options):
    store = SessionStore(tmp_path / "data", **options)
    store.load_all()
    handle = store.create(lambda sid: commands.create_session(sid, 1001, "ABC234", "C-ABCDEF", {}, {"id": "demo"}))
    return store, handle


def test_only_one_checkpoint_is_written_when_many_requests_cross_the_threshold(tmp_path, runner):
    runner.slow["s"] = 0.02  # the checkpoint's file work yields: others settle meanwhile
    store, handle = _session(tmp_path, checkpoint_every=10)
    store.checkpoint(handle)  # the row exists: a checkpoint is now one write of the tables file
    runner.calls.clear()
    barrier = threading.Barrier(12)

    def login(k):
        barrier.wait()
        store.execute(handle, lambda s: commands.invigilator_login(s, f"digest-{k}"))

    threads = [threading.Thread(target=login, args=(k,)) for k in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert runner.calls.count("_replace") == 1  # one checkpoint (the tables file written once)
    assert handle.checkpoint_seq > 1 and handle.since_checkpoint < 10
    store.close()


def test_a_refused_write_is_a_507_and_the_session_reloads_from_disk(tmp_path, runner, monkeypatch):
    store, handle = _session(tmp_path)

    def refuse(fn, *args):
        raise OSError(30, "Read-only file system")

    offload.install(refuse)
    with pytest.raises(Refusal) as refused:
        store.execute(handle, lambda s: commands.invigilator_login(s, "digest"))
    assert refused.value.status == 507
    assert handle.state.seq == 1 and not handle.state.invigilator_tokens  # nothing half-kept
    offload.install(runner)
    store.execute(handle, lambda s: commands.invigilator_login(s, "digest"))
    assert verify_journal(handle.journal.path)[0] == 2
    store.close()


def test_the_session_is_not_locked_while_its_checkpoint_is_written(tmp_path, runner):
    store, handle = _session(tmp_path)
    locked = []

    def try_lock():
        got = handle.lock.acquire(timeout=0.5)
        locked.append(not got)
        if got:
            handle.lock.release()

    def probe(fn, *args):
        if fn.__name__ == "_replace":  # the tables file being written
            other = threading.Thread(target=try_lock)
            other.start()
            other.join()
        return fn(*args)

    offload.install(probe)
    store.checkpoint(handle)
    assert locked and not any(locked)  # another request could use the session meanwhile
    row = store.checkpoint_row(handle.state.id)
    assert checkpoint_mac(store.key, row["session_id"], row["seq"], row["hash"], row["state"]) == row["mac"]
    store.close()
