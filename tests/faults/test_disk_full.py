"""A disk that is full (or refuses writes): a write that cannot be made durable answers 507 and
leaves nothing half-written; reads go on; the retry succeeds once there is space again, with
nothing doubled; the server starts and stops on a full disk. Injected ENOSPC for the API, and a
real full filesystem (a small tmpfs) when this machine lets us mount one."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import time
import uuid
import urllib.error
import urllib.request

import pytest

import roomserver.store.atomic as atomic_module
import roomserver.store.journal as journal_module
from conftest import ServerProcess
from journal_kit import journal_of, make_session, open_store, verify
from roomserver.core.refusal import Refusal
from roomserver.store.journal import verify_journal


class DiskFull:
    """Stands in for ``os`` inside one module: while ``full``, writes fail with ENOSPC (after
    letting ``partial`` bytes through, as a disk filling up mid-write does)."""

    def __init__(self):
        self.full, self.partial, self.refused, self.fsync_fails = False, 0, 0, False

    def __getattr__(self, name):
        return getattr(os, name)

    def write(self, fd, data):
        if self.full:
            if self.partial:
                written = os.write(fd, bytes(data[: self.partial]))
                self.partial = 0
                return written
            self.refused += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return os.write(fd, data)

    def fsync(self, fd):
        if self.fsync_fails:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return os.fsync(fd)


@pytest.fixture
def disk(monkeypatch):
    fake = DiskFull()
    monkeypatch.setattr(journal_module, "os", fake)
    monkeypatch.setattr(atomic_module, "os", fake)
    return fake


# -- through the API ----------------------------------------------------------------------------

def test_an_answer_on_a_full_disk_gets_507_then_the_retry_records_it_once(app, invigilator, started, disk):
    candidate = started[0]
    question = candidate.state().get_json()["question"]
    store = app.extensions["roomserver"].store
    handle = store.by_number(app.demo["session_number"])
    before = handle.journal.path.read_bytes()
    answer_id = str(uuid.uuid4())

    disk.full, disk.partial = True, 40  # the first 40 bytes of the line reach the disk, then it is full
    refused = candidate.answer(question["challenge_id"], skip=True, answer_id=answer_id)
    assert refused.status_code == 507
    error = refused.get_json()["error"]
    assert error["code"] == "storage_failed" and "disque" in error["message"] and "réessayez" in error["message"]
    assert handle.journal.path.read_bytes() == before  # nothing half-written
    assert store.write_failures == 1 and store.writes_failing
    assert store.last_write_error["what"] == "journal" and "No space" in store.last_write_error["error"]

    state = candidate.state()  # reading needs no write: still served, same question
    assert state.status_code == 200 and state.get_json()["question"] == question
    assert invigilator.session().status_code == 200
    assert candidate.answer(question["challenge_id"], skip=True, answer_id=answer_id).status_code == 507

    disk.full = False  # space again: the page retries with the same answer_id
    first = candidate.answer(question["challenge_id"], skip=True, answer_id=answer_id)
    again = candidate.answer(question["challenge_id"], skip=True, answer_id=answer_id)
    assert first.status_code == 200 and again.status_code == 200 and first.get_json() == again.get_json()
    assert not store.writes_failing
    _, events = journal_module.Journal.open(handle.journal.path, store.key)
    recorded = [e for e in events if e.type == "answer_recorded" and e.data["answer_id"] == answer_id]
    assert len(recorded) == 1
    assert verify_journal(handle.journal.path, store.key)[2] == 0


def test_the_first_read_of_a_question_on_a_full_disk_still_shows_it(app, started, disk):
    candidate = started[0]
    first = candidate.state().get_json()["question"]
    assert candidate.answer(first["challenge_id"], skip=True).status_code == 200
    disk.full = True  # the next question was never shown: showing it would write question_shown
    state = candidate.state()
    assert state.status_code == 200 and state.get_json()["question"]["index"] == 2


# -- in the store --------------------------------------------------------------------------------

def test_a_best_effort_write_is_skipped_on_a_full_disk(tmp_path, disk, caplog):
    store = open_store(tmp_path / "data")
    handle = make_session(store, 1001)
    disk.full = True
    assert store.execute_best_effort(handle, lambda s: [("server_started", {"version": "t"})]) == []
    assert handle.state.seq == 6 and store.read(handle, lambda s: s.seq) == 6
    assert "best-effort" in caplog.text and store.write_failures == 1
    with pytest.raises(Refusal) as refused:  # a write that matters still says so
        store.execute(handle, lambda s: [("server_started", {"version": "t"})])
    assert refused.value.status == 507
    disk.full = False
    assert len(store.execute_best_effort(handle, lambda s: [("server_started", {"version": "t"})])) == 1
    with pytest.raises(Refusal) as refused:  # other refusals are not swallowed
        store.execute_best_effort(handle, lambda s: (_ for _ in ()).throw(Refusal(409, "x", "Non.")))
    assert refused.value.code == "x"


def test_the_store_starts_on_a_full_disk_and_serves_reads(tmp_path, disk):
    store = open_store(tmp_path / "data")
    make_session(store, 1001)
    store.close()
    disk.full = True
    store = open_store(tmp_path / "data")  # loading writes nothing
    handle = store.by_number(1001)
    assert store.execute_best_effort(handle, lambda s: [("server_started", {"version": "t"})]) == []
    assert store.read(handle, lambda s: len(s.candidates)) == 2
    with pytest.raises(Refusal) as refused:
        store.create(lambda sid: [("session_created", {"session_id": sid, "number": 1002})])
    assert refused.value.status == 507
    assert [p.name for p in store.sessions_dir.iterdir()] == [handle.state.id]  # no unborn session left
    store.close()  # its checkpoint cannot be written: logged and counted, no exception, no hang
    assert store.last_write_error["what"] in ("checkpoint", "creation")
    assert not list((tmp_path / "data").glob(".*tmp*")) and not list((tmp_path / "data").rglob("*.tmp-*"))


def test_a_failed_checkpoint_leaves_no_temporary_file(tmp_path, disk):
    store = open_store(tmp_path / "data")
    make_session(store, 1001)
    store.close()
    store = open_store(tmp_path / "data")
    handle = store.by_number(1001)
    store.execute(handle, lambda s: [("server_started", {"version": "t"})])
    tables = tmp_path / "data" / "roomserver.json"
    before = tables.read_bytes()
    disk.full, disk.partial = True, 100  # the temporary copy gets 100 bytes, then the disk is full
    store.close()
    assert store.write_failures == 1 and store.last_write_error["what"] == "checkpoint"
    assert tables.read_bytes() == before
    left = sorted(p.name for p in (tmp_path / "data").iterdir() if not p.name.endswith(".lock"))  # the flock file stays
    assert left == ["keys", "roomserver.json", "sessions"]
    disk.full = False
    assert open_store(tmp_path / "data").by_number(1001).state.seq == handle.state.seq


def test_a_failed_fsync_is_a_failed_write(tmp_path, disk):
    store = open_store(tmp_path / "data")
    handle = make_session(store, 1001)
    before = handle.journal.path.read_bytes()
    disk.fsync_fails = True  # the line was written, but the disk could not make it durable
    with pytest.raises(Refusal) as refused:
        store.execute(handle, lambda s: [("server_started", {"version": "t"})])
    disk.fsync_fails = False
    assert refused.value.status == 507 and handle.journal.path.read_bytes() == before
    assert len(store.execute(handle, lambda s: [("server_started", {"version": "t"})])) == 1


# -- a real full filesystem ---------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs: a real filesystem that really fills up (mounting needs root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root; the injected-ENOSPC tests cover the same code")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"this machine does not let us mount a tmpfs ({done.stderr.strip()})")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(directory) -> "os.PathLike":
    """Write a filler file until the filesystem says ENOSPC."""
    filler = directory / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC
                    break
    finally:
        os.close(fd)
    return filler


def test_a_real_full_filesystem(small_disk):
    store = open_store(small_disk / "data")
    handle = make_session(store, 1001)
    filler = fill(small_disk)
    for _ in range(200):  # the journal's last block has some room left: fill it with real events
        size = handle.journal.path.stat().st_size
        try:
            store.execute(handle, lambda s: [("server_started", {"version": "t" * 300})])
        except Refusal as refused:
            assert refused.status == 507
            break
    else:
        pytest.fail("the disk never filled up")
    assert handle.journal.path.stat().st_size == size  # the refused line left nothing
    assert store.read(handle, lambda s: len(s.candidates)) == 2
    seq = handle.state.seq
    store.close()  # the checkpoint cannot be written: no exception, no temporary file left
    assert not [p for p in small_disk.rglob("*") if ".tmp-" in p.name]
    filler.unlink()
    store = open_store(small_disk / "data")
    handle = store.by_number(1001)
    assert handle.state.seq == seq and len(store.execute(handle, lambda s: [("server_started", {"version": "t"})]))
    store.close()
    assert verify(journal_of(store, handle)).returncode == 0


def _call(url, body=None, token=None):
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(),
                                     method="GET" if body is None else "POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_real_server_on_a_full_disk_refuses_writes_serves_reads_stops_and_starts(small_disk):
    server = ServerProcess(small_disk, command="demo").start()  # its log is outside the small disk
    try:
        demo = server.demo()
        login = {"session_number": demo["session_number"], "password": demo["invigilator_password"],
                 "name": "M. Diallo"}
        token = _call(server.url + "/api/v1/invigilator/login", login)[1]["token"]
        filler = fill(small_disk)
        statuses = []
        while 507 not in statuses and len(statuses) < 60:  # each login writes a line: the disk fills up
            statuses.append(_call(server.url + "/api/v1/invigilator/login", login)[0])
        assert statuses[-1] == 507 and set(statuses[:-1]) <= {200}, statuses
        assert _call(server.url + "/api/v1/invigilator/login", login)[0] == 507  # and keeps refusing
        assert _call(server.url + "/api/v1/invigilator/session", token=token)[0] == 200  # reads go on
        started = time.monotonic()
        server.proc.terminate()  # SIGTERM while writes are failing
        assert server.proc.wait(15) == 0 and time.monotonic() - started < 15
    finally:
        server.stop()
    assert "write failed" in server.log()
    assert not [p for p in small_disk.rglob("*") if ".tmp-" in p.name]
    journal = next((small_disk / "sessions").glob("*/journal.jsonl"))
    assert verify(journal).returncode == 0

    again = ServerProcess(small_disk, command="serve").start()  # starts on the full disk
    try:
        assert _call(again.url + "/api/v1/invigilator/session", token=token)[0] == 200
        assert _call(again.url + "/api/v1/invigilator/login", login)[0] == 507
        health = _call(again.url + "/healthz")[1]
        if "storage" in health:  # /healthz reports it (api/meta.py, the integrator's)
            assert health["status"] == "degraded" and health["storage"]["writes_failing"]
        filler.unlink()  # space again: the same request now succeeds
        assert _call(again.url + "/api/v1/invigilator/login", login)[0] == 200
    finally:
        again.stop()
    assert verify(journal).returncode == 0
