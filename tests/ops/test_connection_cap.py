"""The connection cap: more idle connections than the cap (and than the file limit) never stop a
candidate from being served nor make the server exit; when every connection is busy, a new one
gets a clear 503 in French; idle keep-alive connections are closed after their timeout."""

from __future__ import annotations

import json
import socket
import time

import pytest
from opskit import OpsServer, call, close_all, idle_connections

from roomserver.ops.connections import (BUSY_BODY, Connection, ConnectionTable, busy_response, connection_cap,
                                        raise_file_limit)

pytestmark = pytest.mark.slow


# -- the policy, without a server -----------------------------------------------------------------------------

def test_the_cap_stays_below_the_file_limit():
    assert connection_cap(2000, 8192, open_at_start=40) == 2000
    assert connection_cap(2000, 1024, open_at_start=40) == 1024 - 40 - 128
    assert connection_cap(2000, 100, open_at_start=40) == 16  # never zero: the room must still get in


def test_idle_connections_give_way_oldest_first_and_busy_ones_never():
    table = ConnectionTable(cap=3, file_limit=1024)
    busy, old, young = Connection("a", None), Connection("b", None), Connection("c", None)
    busy.waiting_since, old.waiting_since, young.waiting_since = None, 1.0, 2.0
    for connection in (busy, old, young):
        table.add(connection)
    assert table.full and table.make_room() is old and table.live == 2
    assert table.make_room() is young and table.make_room() is None  # the busy one stays
    table.remove(old)
    assert table.live == 1 and table.report()["closed_idle"] == 2


def test_the_busy_answer_is_the_one_error_shape_in_french():
    head, body = busy_response().split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 503 ") and b"Retry-After: 5" in head
    assert json.loads(body) == BUSY_BODY and "\u00a0:" in BUSY_BODY["error"]["message"]
    for header in (b"Content-Security-Policy: default-src 'self'", b"X-Content-Type-Options: nosniff",
                   b"X-Frame-Options: DENY", b"Referrer-Policy: no-referrer"):
        assert header in head, header  # the same headers as every other answer


def test_the_soft_file_limit_is_raised_towards_the_wanted_one():
    soft, hard = raise_file_limit(wanted=64)  # never lowers what is already higher
    assert soft >= 64 and soft <= hard


# -- a real server ---------------------------------------------------------------------------------------------

def candidate_answers(server) -> float:
    """A candidate joins and reads their state: seconds taken (each call must succeed)."""
    demo = server.demo()
    person = next(p for p in demo["candidates"] if p["certifiable"])
    started = time.monotonic()
    status, joined, _ = call(server.url + "/api/v1/candidate/join", {
        "session_number": demo["session_number"], "first_name": person["first_name"],
        "last_name": person["last_name"], "birthdate": person["birthdate"]}, timeout=10)
    assert status == 200, joined
    status, state, _ = call(server.url + "/api/v1/candidate/state", token=joined["token"], timeout=10)
    assert status == 200 and state["status"] == "enrolled"
    return time.monotonic() - started


def test_more_idle_connections_than_the_file_limit_allow_the_candidate_is_still_served(tmp_path):
    """The issue's crash: about 1 020 idle connections under a 1 024 file limit made accept()
    fail with "Too many open files" and the server exit. Here: 1 100 under that same limit."""
    server = OpsServer(tmp_path / "data", file_limit=1024).start()
    opened = []
    try:
        cap = call(server.url + "/api/v1/health")[1]["connections"]["cap"]
        assert cap < 1024 - 128  # below the file limit, with room for journals and tables
        started = time.monotonic()
        opened = idle_connections(server.port, 1100)
        opening = time.monotonic() - started
        time.sleep(0.5)  # let the server accept them all
        seconds = candidate_answers(server)
        assert seconds < 5, seconds
        assert server.alive
        status, health, _ = call(server.url + "/api/v1/health")
        connections = health["connections"]
        assert status == 200 and connections["open"] <= cap and connections["closed_idle"] >= 1100 - cap
        print(f"\nfile limit 1024, cap {cap}: 1100 idle connections opened in {opening:.2f} s; candidate "
              f"join + state in {seconds * 1000:.0f} ms; {connections['closed_idle']} idle closed, "
              f"{connections['accept_failures']} accept failures survived")
    finally:
        close_all(opened)
        server.stop()
    assert server.proc.returncode in (0, -15)


def test_when_every_connection_is_busy_a_new_one_gets_503_and_the_server_goes_on(tmp_path):
    server = OpsServer(tmp_path / "data", env={"ROOMSERVER_MAX_CONNECTIONS": "16"}).start()
    busy = []
    try:
        for _ in range(16):  # each has begun a request and not finished its headers: busy, never closed
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: salle\r\n")
            busy.append(sock)
        time.sleep(0.5)
        status, body, headers = call(server.url + "/healthz", timeout=5)
        assert status == 503 and body["error"]["code"] == "server_busy", body
        assert "saturé" in body["error"]["message"] and headers["Retry-After"] == "5"
        for sock in busy[:4]:  # four finish their requests: room again
            sock.sendall(b"Connection: close\r\n\r\n")
            assert sock.recv(4096).startswith(b"HTTP/1.1 200")
        time.sleep(0.3)
        assert call(server.url + "/healthz")[0] == 200 and server.alive
        assert call(server.url + "/api/v1/health")[1]["connections"]["refused_busy"] >= 1
    finally:
        close_all(busy)
        server.stop()


def test_an_idle_keep_alive_connection_is_closed_after_its_timeout(tmp_path):
    server = OpsServer(tmp_path / "data", env={"ROOMSERVER_KEEPALIVE_TIMEOUT_S": "1"}).start()
    try:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: salle\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        assert sock.recv(4096) == b""  # closed by the server, not by us
        waited = time.monotonic() - started
        assert 0.5 < waited < 4, waited
        sock.close()
    finally:
        server.stop()
