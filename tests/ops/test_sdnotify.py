"""systemd notifications: the messages a unit with Type=notify and WatchdogSec needs, seen on a
fake $NOTIFY_SOCKET, from the Notifier alone and from a real server process."""

from __future__ import annotations

import os
import socket
import time
import uuid

import pytest
from opskit import OpsServer

from roomserver.ops.sdnotify import Notifier


@pytest.fixture
def notify_socket():
    """A datagram socket standing in for systemd's (abstract namespace: no path length limit)."""
    name = f"@roomserver-test-{uuid.uuid4().hex}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name[1:])
    sock.settimeout(0.2)
    yield name, sock
    sock.close()


def received(sock, until: float) -> list[dict]:
    messages = []
    while time.monotonic() < until:
        try:
            raw = sock.recv(4096)
        except socket.timeout:
            continue
        messages.append(dict(line.split("=", 1) for line in raw.decode("utf-8").splitlines()))
    return messages


def test_the_notifier_sends_each_message(notify_socket):
    name, sock = notify_socket
    notifier = Notifier({"NOTIFY_SOCKET": name, "WATCHDOG_USEC": "4000000"})
    assert notifier.enabled and notifier.ping_interval_s == 2.0
    assert notifier.ready("En service.") and notifier.watchdog() and notifier.stopping("Arrêt en cours.")
    got = received(sock, time.monotonic() + 0.5)
    assert got[0]["READY"] == "1" and got[0]["STATUS"] == "En service." and got[0]["MAINPID"] == str(os.getpid())
    assert got[1] == {"WATCHDOG": "1"}
    assert got[2] == {"STOPPING": "1", "STATUS": "Arrêt en cours."}


def test_outside_systemd_nothing_is_sent_and_nothing_fails():
    notifier = Notifier({})
    assert not notifier.enabled and notifier.ping_interval_s is None
    assert notifier.ready("x") is False and notifier.watchdog() is False
    gone = Notifier({"NOTIFY_SOCKET": "@roomserver-nobody-listens-" + uuid.uuid4().hex})
    assert gone.ready("x") is False  # systemd gone: never an exception in the server


def test_the_watchdog_period_is_for_this_process_only():
    assert Notifier({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}).watchdog_s == 30.0
    assert Notifier({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}).watchdog_s is None  # meant for another
    assert Notifier({"WATCHDOG_USEC": "soon"}).watchdog_s is None


@pytest.mark.slow
def test_a_real_server_says_ready_pings_the_watchdog_and_says_stopping(tmp_path, notify_socket):
    name, sock = notify_socket
    server = OpsServer(tmp_path / "data", env={"NOTIFY_SOCKET": name, "WATCHDOG_USEC": "1000000"}).start()
    try:
        early = received(sock, time.monotonic() + 2.5)
        assert server.terminate() == 0
        late = received(sock, time.monotonic() + 0.5)
    finally:
        server.stop()
    kinds = [next(iter(m)) for m in early + late]
    assert kinds[0] == "READY" and early[0]["MAINPID"] == str(server.proc.pid)
    assert early[0]["STATUS"] == "En service."
    pings = kinds.count("WATCHDOG")
    assert pings >= 3, kinds  # every 0.5 s for a 1 s watchdog
    assert kinds[-1] == "STOPPING", kinds
    print(f"\nnotify: READY, {pings} WATCHDOG in 2.5 s, STOPPING")
    log = server.log()
    assert "Eventlet is deprecated" not in log and "DeprecationWarning" not in log  # a clean start
