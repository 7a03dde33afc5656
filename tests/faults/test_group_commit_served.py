"""Group commit in the real served process (eventlet), decision 0006: concurrent answers share
fsyncs, and a slow fsync does not stop the server from answering meanwhile.

The journal's fsyncs are counted (and slowed down) by the LD_PRELOAD shim of the benchmark
(``tests/bench/fsync_shim.c``, compiled with gcc into the test's temporary directory), read
from a shared file while the server runs: no strace, no debug route in the server. No
assertion on a duration: the shim's counters say whether the healthz answer came back while
the journal's fsync was still in progress."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
import uuid

import pytest
from conftest import ServerProcess
from test_crash import call

from bench.slowdisk import ShimUnavailable, SlowDisk
from roomserver.content import DEMO_PACK_DIR, load_pack
from roomserver.core.matching import right_answer

pytestmark = pytest.mark.slow
JOURNAL = "journal.jsonl"


@pytest.fixture
def slow_disk(tmp_path, monkeypatch):
    """The shim preloaded into the server this test starts; only the journal's fsyncs are slowed."""
    try:
        disk = SlowDisk(0, match=JOURNAL, directory=tmp_path / "shim", delay_matched_only=True)
    except ShimUnavailable as exc:
        pytest.skip(f"the fsync shim cannot be built here: {exc}")
    for name, value in disk.env().items():
        monkeypatch.setenv(name, value)  # inherited by the server process, not used by this one
    yield disk
    disk.close()


def in_test(server: ServerProcess, count: int) -> list[str]:
    """``count`` candidates joined, present and in their test (first question shown): their tokens."""
    demo = server.demo()
    base = server.url
    _, login = call(base, "POST", "/api/v1/invigilator/login",
                    {"session_number": demo["session_number"], "password": demo["invigilator_password"]})
    tokens = []
    for person in [p for p in demo["candidates"] if p["certifiable"]][:count]:
        status, joined = call(base, "POST", "/api/v1/candidate/join", {
            "session_number": demo["session_number"], "first_name": person["first_name"],
            "last_name": person["last_name"], "birthdate": person["birthdate"]})
        assert status == 200, joined
        assert call(base, "POST", f"/api/v1/invigilator/candidates/{person['candidate_id']}/presence",
                    token=login["token"])[0] == 200
        tokens.append(joined["token"])
    assert call(base, "POST", "/api/v1/invigilator/session/start", token=login["token"])[0] == 200
    for token in tokens:
        assert call(base, "POST", "/api/v1/candidate/start", {"access_code": demo["access_code"]}, token)[0] == 200
    return tokens


def answer_body(base: str, token: str, pack) -> dict:
    status, state = call(base, "GET", "/api/v1/candidate/state", token=token)
    assert status == 200, state
    challenge = pack.challenges[state["question"]["challenge_id"]]
    return {"answer_id": str(uuid.uuid4()), "challenge_id": challenge.id, "value": right_answer(challenge)}


def journal_lines(server: ServerProcess) -> int:
    path = next((server.data_dir / "sessions").glob(f"*/{JOURNAL}"))
    return path.read_bytes().count(b"\n")


def answers_recorded(server: ServerProcess) -> int:
    path = next((server.data_dir / "sessions").glob(f"*/{JOURNAL}"))
    return path.read_bytes().count(b'"type":"answer_recorded"')


def test_concurrent_answers_share_fsyncs_in_the_served_process(tmp_path, slow_disk):
    pack = load_pack(DEMO_PACK_DIR)
    server = ServerProcess(tmp_path / "data").start()
    try:
        tokens = in_test(server, 20)
        bodies = [answer_body(server.url, token, pack) for token in tokens]
        slow_disk.set_delay(40)  # each journal fsync now lasts 40 ms: the others arrive meanwhile
        lines, answers, fsyncs = journal_lines(server), answers_recorded(server), slow_disk.read().matched
        barrier = threading.Barrier(len(tokens))
        statuses = []

        def answer(token, body):
            barrier.wait()
            statuses.append(call(server.url, "POST", "/api/v1/candidate/answers", body, token, timeout=30)[0])

        threads = [threading.Thread(target=answer, args=pair) for pair in zip(tokens, bodies)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        events, syncs = journal_lines(server) - lines, slow_disk.read().matched - fsyncs
        recorded = answers_recorded(server) - answers
    finally:
        slow_disk.set_delay(0)
        server.stop()
    assert statuses == [200] * len(tokens)
    assert recorded == len(tokens)  # one answer_recorded each, all acknowledged
    assert events - recorded <= len(tokens)  # and, with some, the display of a timed next question
    assert syncs * 4 <= events, f"{events} events took {syncs} fsyncs: the answers did not share them"


def test_a_slow_fsync_does_not_block_the_server(tmp_path, slow_disk):
    pack = load_pack(DEMO_PACK_DIR)
    server = ServerProcess(tmp_path / "data").start()
    try:
        (token,) = in_test(server, 1)
        body = answer_body(server.url, token, pack)
        before = slow_disk.read()
        slow_disk.set_delay(1500)  # the answer's fsync: 1.5 s
        reply = {}
        writer = threading.Thread(target=lambda: reply.update(
            status=call(server.url, "POST", "/api/v1/candidate/answers", body, token, timeout=30)[0]))
        writer.start()
        deadline = time.monotonic() + 20
        while slow_disk.read().in_progress == 0 and writer.is_alive() and time.monotonic() < deadline:
            time.sleep(0.005)
        during = slow_disk.read()
        assert during.in_progress == 1 and during.started == before.started + 1, "the answer's fsync never began"
        with urllib.request.urlopen(server.url + "/healthz", timeout=30) as response:
            health = json.loads(response.read())
        after = slow_disk.read()
        writer.join(30)
    finally:
        slow_disk.set_delay(0)
        server.stop()
    assert health["status"] == "ok"
    # /healthz was answered while that very fsync was still running: nothing waited for it.
    assert after.started == during.started and after.in_progress == 1 and after.matched == before.matched
    assert reply == {"status": 200}  # and the answer was acknowledged once its fsync ended
