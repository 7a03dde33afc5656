"""The zeroconf advertisement: the value object round-trips through zeroconf's ServiceInfo and
JSON without a network; the child's announcer re-publishes when addresses change; a real server
on loopback is found by ``roomserver discover`` and by the host agent without --server, and its
advertisement is withdrawn when it stops."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from opskit import OpsServer, call

from conftest import ROOT
from roomserver.ops.advert import SERVICE_TYPE, Advertisement, listen_addresses, wanted
from roomserver.ops.advertiser import Announcer

AD = Advertisement(room="Salle B12", port=8080, addresses=("192.168.1.20", "2001:db8::20"),
                   version="0.1.0", host="pc-salle", path="/", https=False)


# -- the value object, no network ---------------------------------------------------------------------------

def test_round_trip_through_service_info():
    info = AD.to_service_info()
    assert info.type == SERVICE_TYPE and info.name == "Salle B12 (pc-salle:8080)." + SERVICE_TYPE
    assert info.properties == {b"version": b"0.1.0", b"room": b"Salle B12", b"path": b"/", b"https": b"0"}
    assert info.server == "pc-salle.local."
    assert Advertisement.from_service_info(info) == AD


def test_round_trip_through_json_and_https():
    secure = Advertisement("Salle d'Élodie", 443, ("10.0.0.5",), "0.1.0", "serveur-cdi", "/", True)
    assert Advertisement.from_json(secure.to_json()) == secure
    assert Advertisement.from_service_info(secure.to_service_info()) == secure
    assert secure.url() == "https://10.0.0.5:443" and AD.url() == "http://192.168.1.20:8080"


def test_a_long_room_name_still_makes_a_valid_instance_name():
    long = Advertisement("Salle informatique du bâtiment Est, deuxième étage, au fond du couloir", 8080,
                         ("10.0.0.5",), "0.1.0", "pc")
    assert len(long.instance.encode("utf-8")) <= 63
    assert Advertisement.from_service_info(long.to_service_info()).room == long.room  # the TXT keeps it whole


def test_the_addresses_announced_are_the_ones_pcs_can_reach():
    fake = {"lo": [SimpleNamespace(family=socket.AF_INET, address="127.0.0.1")],
            "eth0": [SimpleNamespace(family=socket.AF_INET, address="192.168.1.20"),
                     SimpleNamespace(family=socket.AF_INET6, address="fe80::1%eth0"),
                     SimpleNamespace(family=socket.AF_INET6, address="2001:db8::20")],
            "wlan0": [SimpleNamespace(family=socket.AF_INET, address="10.0.0.7")]}
    assert listen_addresses("0.0.0.0", fake) == ("10.0.0.7", "192.168.1.20")
    assert listen_addresses("::", fake) == ("10.0.0.7", "192.168.1.20", "2001:db8::20")
    assert listen_addresses("192.168.1.20", fake) == ("192.168.1.20",)
    assert wanted("auto", "0.0.0.0") and not wanted("auto", "127.0.0.1") and wanted("on", "127.0.0.1")
    assert not wanted("off", "0.0.0.0")


class FakeZeroconf:
    def __init__(self, log, interfaces):
        self.log = log
        log.append(("open", tuple(interfaces)))

    def register_service(self, info, allow_name_change=False):
        self.log.append(("register", tuple(info.parsed_addresses())))

    def unregister_all_services(self):
        self.log.append(("unregister",))

    def close(self):
        self.log.append(("close",))


def test_the_announcer_republishes_when_the_addresses_change_and_withdraws():
    log, current = [], [("192.168.1.20",)]
    announcer = Announcer(AD, lambda: current[0], lambda interfaces: FakeZeroconf(log, interfaces))
    assert announcer.refresh() and not announcer.refresh()  # nothing changed: nothing sent
    current[0] = ("192.168.1.20", "10.0.0.7")  # a second cable plugged in
    assert announcer.refresh()
    current[0] = ()  # network gone: withdrawn, published again when it comes back
    assert not announcer.refresh() and announcer.published is None
    announcer.withdraw()
    assert log == [("open", ("192.168.1.20",)), ("register", ("192.168.1.20",)), ("unregister",), ("close",),
                   ("open", ("192.168.1.20", "10.0.0.7")), ("register", ("192.168.1.20", "10.0.0.7")),
                   ("unregister",), ("close",)]


# -- a real server, on loopback ------------------------------------------------------------------------------

def discover(timeout: float = 3.0) -> dict:
    result = subprocess.run([sys.executable, "-m", "roomserver", "discover", "--json", "--timeout", str(timeout)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    return json.loads(result.stdout)


PROBE = """
import os, sys, time
from zeroconf import IPVersion, ServiceBrowser, Zeroconf
from roomserver.ops.advert import SERVICE_TYPE, Advertisement
probe = Advertisement("sonde", 9, ("127.0.0.1",), "0", "sonde-" + str(os.getpid()))
seen = []
publisher = Zeroconf(interfaces=["127.0.0.1"], ip_version=IPVersion.V4Only)
browser = Zeroconf(interfaces=["127.0.0.1"], ip_version=IPVersion.V4Only)
try:
    publisher.register_service(probe.to_service_info(), allow_name_change=True)
    ServiceBrowser(browser, SERVICE_TYPE, handlers=[lambda **kw: seen.append(kw["name"])])
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and not any("sonde" in n for n in seen):
        time.sleep(0.05)
finally:
    publisher.close()
    browser.close()
sys.exit(0 if any("sonde" in n for n in seen) else 1)
"""


def multicast_on_loopback() -> bool:
    """Whether this machine delivers multicast on 127.0.0.1 (a container may not). Tried in a
    child process: zeroconf's own event loop does not mix with other loops of this one."""
    try:
        return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, timeout=60).returncode == 0
    except subprocess.TimeoutExpired:
        return False


@pytest.mark.slow
def test_a_running_server_is_found_on_loopback_then_withdrawn(tmp_path):
    if not multicast_on_loopback():
        pytest.skip("multicast is not delivered on 127.0.0.1 here: zeroconf cannot be tried on loopback")
    server = OpsServer(tmp_path / "data", env={"ROOMSERVER_ZEROCONF": "on", "ROOMSERVER_ROOM": "Salle B12"}).start()
    try:
        found = []
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not found:
            found = [s for s in discover()["servers"] if s["port"] == server.port]
        assert found, server.log()
        assert found[0]["url"] == server.url and found[0]["room"] == "Salle B12" and found[0]["version"] == "0.1.0"
        assert call(server.url + "/api/v1/health")[1]["zeroconf"]["advertising"] is True

        # The host agent finds the same server without --server, and reports to it.
        agent = subprocess.run([sys.executable, "-m", "preflight", "--json", "--discovery-timeout", "3"],
                               cwd=tmp_path, capture_output=True, text=True, timeout=90,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
        report = json.loads(agent.stdout)
        check = next(c for c in report["checks"] if c["id"] == "server")
        assert check["status"] == "pass" and server.url in check["detail"], check
        assert "Rapport enregistré" in agent.stderr
    finally:
        server.stop()
    assert not [s for s in discover(2.0)["servers"] if s["port"] == server.port]  # withdrawn with the server
