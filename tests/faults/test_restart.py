"""Restarting on the same data directory serves the same data: no re-seeding, tokens valid,
checkpoints used; a corrupt journal is set aside with a clear message, the server goes on."""

from __future__ import annotations

import json
import urllib.request

import pytest

from conftest import ROOT, ServerProcess

pytestmark = pytest.mark.slow


def post(url, body, token=None):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def get(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


@pytest.mark.parametrize("second_command", ["demo", "serve"])
def test_restart_keeps_data_and_tokens(tmp_path, second_command):
    server = ServerProcess(tmp_path / "data").start()
    demo = server.demo()
    person = next(p for p in demo["candidates"] if p["certifiable"])
    joined = post(server.url + "/api/v1/candidate/join", {
        "session_number": demo["session_number"], "first_name": person["first_name"],
        "last_name": person["last_name"], "birthdate": person["birthdate"]})
    server.stop()
    again = ServerProcess(tmp_path / "data", command=second_command).start()
    try:
        reread = again.demo()
        url = reread.pop("url")
        if second_command == "demo":
            assert url.endswith(f":{again.port}/")  # the address follows the new port
        demo.pop("url")
        assert reread == demo  # not re-seeded: same session, codes and candidates
        state = get(again.url + "/api/v1/candidate/state", joined["token"])
        assert state["status"] == "enrolled" and state["first_name"] == person["first_name"]
    finally:
        again.stop()
    assert len(list((tmp_path / "data" / "sessions").iterdir())) == 1


def test_a_corrupt_journal_is_set_aside_and_the_server_says_so(tmp_path):
    server = ServerProcess(tmp_path / "data").start()
    server.stop()
    journal = next((tmp_path / "data" / "sessions").glob("*/journal.jsonl"))
    lines = journal.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b"Martin", b"Martine")
    journal.write_bytes(b"".join(lines))
    again = ServerProcess(tmp_path / "data", command="serve").start()
    try:
        with urllib.request.urlopen(again.url + "/healthz", timeout=5) as response:
            health = json.loads(response.read())
        assert health["sessions"] == 0 and health["status"] == "degraded"
    finally:
        again.stop()
    assert "mise de côté" in again.log() and "ligne 2" in again.log()


def test_threading_mode_smoke(tmp_path):
    """The exit from eventlet stays open: the same app serves in threading mode."""
    server = ServerProcess(tmp_path / "data", extra_args=("--threading",)).start()
    try:
        demo = server.demo()
        login = post(server.url + "/api/v1/invigilator/login",
                     {"session_number": demo["session_number"], "password": demo["invigilator_password"]})
        assert get(server.url + "/api/v1/invigilator/session", login["token"])["session_number"] == demo["session_number"]
    finally:
        server.stop()
