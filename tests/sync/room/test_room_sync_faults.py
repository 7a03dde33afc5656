"""Fault tests of delivery, with real processes on loopback: a room server (``roomserver serve``)
finalises a session; the reference receiver (``python -m sync.receiver``, SQLite) stores it;
between them, when a fault is needed, a real HTTP proxy answers 500, drops the connection after
the receiver stored, or holds the request while the room server is killed. Exactly once is
checked in the receiver's database (``sync.receiver list``)."""

from __future__ import annotations

import json
import time

import pytest
from roomsynckit import (Proxy, Receiver, RoomServer, finalised_session, new_room, register_line, room_with_admin,
                         roomserver)

from conftest import free_port

pytestmark = pytest.mark.slow
NBSP = "\u00a0"


def test_upstream_down_at_finalisation_then_up_later_delivers_once(tmp_path):
    port = free_port()  # nothing listens there yet: the upstream is down
    room = room_with_admin(tmp_path, f"http://127.0.0.1:{port}")
    receiver = None
    try:
        session = finalised_session(room)
        number = session["session_number"]
        down = room.wait_job(number, lambda j: j["attempts"] >= 2 and j["state"] == "pending")
        assert down["last_error_code"] == "refused" and "connexion refusée" in down["last_error"]
        assert down["next_attempt_at"] is not None and "prochain essai à" in down["summary"]
        receiver = Receiver(tmp_path, register_line(room.data_dir), port).start()
        done = room.wait_job(number, lambda j: j["state"] == "delivered")
        assert done["summary"].startswith("Envoyée à l'organisme")
        stored = receiver.stored()
        assert [(s["session_id"], s["final_hash"]) for s in stored] == [(session["session_id"], session["final_hash"])]
    finally:
        room.stop()
        if receiver:
            receiver.stop()


def test_500_three_times_then_200_and_a_dropped_answer_store_one_row(tmp_path):
    data_dir, line = new_room(tmp_path)
    receiver = Receiver(tmp_path, line).start()
    room = None
    try:
        with Proxy(receiver.url, ["500", "500", "500", "drop"]) as proxy:
            room = RoomServer(data_dir, proxy.url).start()
            session = finalised_session(room)
            job = room.wait_job(session["session_number"], lambda j: j["state"] == "delivered", timeout=40)
            assert proxy.seen == ["500", "500", "500", "drop", "pass"]
            assert job["attempts"] == 5
        stored = receiver.stored()
        assert len(stored) == 1 and stored[0]["final_hash"] == session["final_hash"]
        log = room.log()
        assert "next attempt in" in log
    finally:
        if room:
            room.stop()
        receiver.stop()


def test_room_server_killed_while_sending_completes_after_restart_with_one_copy(tmp_path):
    data_dir, line = new_room(tmp_path)
    receiver = Receiver(tmp_path, line).start()
    room = None
    try:
        with Proxy(receiver.url, ["hold"]) as proxy:
            room = RoomServer(data_dir, proxy.url).start()
            session = finalised_session(room)
            number = session["session_number"]
            assert proxy.held.wait(20), room.log()
            assert room.wait_job(number, lambda j: j["state"] == "sending")["attempts"] == 1
            assert len(receiver.stored()) == 1  # the receiver has it; the room never heard back
            room.kill()  # SIGKILL while the job is "sending"
            assert room.job(number)["state"] == "sending"
            room = RoomServer(data_dir, proxy.url).start()
            job = room.wait_job(number, lambda j: j["state"] == "delivered")
            assert job["attempts"] == 2 and proxy.seen == ["hold", "pass"]
        stored = receiver.stored()
        assert [s["session_id"] for s in stored] == [session["session_id"]]
        assert "interrupted while sending" in room.log()
    finally:
        if room:
            room.stop()
        receiver.stop()


def test_wrong_key_needs_attention_with_a_reason_and_is_not_retried_until_send_now(tmp_path):
    _, stranger = new_room(tmp_path / "other")  # another room's key: the receiver knows only that one
    receiver = Receiver(tmp_path, stranger).start()
    room = None
    try:
        room = room_with_admin(tmp_path, receiver.url)
        session = finalised_session(room)
        number = session["session_number"]
        job = room.wait_job(number, lambda j: j["state"] == "needs_attention")
        assert job["last_error_code"] == "unknown_key" and job["attempts"] == 1
        assert "ne connaît pas la clé de ce serveur" in job["last_error"] and "sync register" in job["last_error"]
        assert job["summary"].startswith(f"À vérifier{NBSP}: ") and job["next_attempt_at"] is None
        time.sleep(4)  # four retry periods at the fast settings: still one attempt
        assert room.job(number)["attempts"] == 1 and receiver.stored() == []
        key_line = register_line(room.data_dir)
        assert key_line.split()[1] not in room.log()  # the key is never logged
        # the upstream administrator adds the line; the operator sends again (server running)
        receiver.stop()
        receiver.keys.write_text(receiver.keys.read_text() + key_line + "\n", encoding="utf-8")
        receiver.start()
        done = roomserver("sync", "send-now", "--data-dir", str(room.data_dir), "--session", str(number), "--json")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "en marche" in done.stderr
        assert [j["state"] for j in json.loads(done.stdout)] == ["delivered"]
        assert [s["session_id"] for s in receiver.stored()] == [session["session_id"]]
    finally:
        if room:
            room.stop()
        receiver.stop()
