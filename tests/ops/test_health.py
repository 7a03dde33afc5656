"""Health: thresholds raise French warnings (disk below 500 MB or below what the day's sessions
need, memory above 90 %, on battery, a slow or refusing disk, connections near the cap, the
mirror gone); /api/v1/health gives real figures, /healthz keeps its fields; both are in OpenAPI."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from opskit import OpsServer, call

from roomserver.core.states import SessionStatus
from roomserver.ops.health import BYTES_PER_CANDIDATE, FsyncProbe, Thresholds, day_need_bytes, warnings_for

MB = 1024 * 1024
BAD_TYPOGRAPHY = re.compile(r"[^\u00a0\u202f][:;!?»](?=\s|$)|«(?![\u00a0\u202f])")
HEALTHY = {"disk": {"free_bytes": 20_000 * MB, "day_need_bytes": 10 * MB}, "memory": {"percent": 42.0},
           "power": None, "fsync": {"ok": True, "median_ms": 0.5, "max_ms": 0.9, "samples": 3},
           "connections": {"busy": 10, "cap": 2000}, "mirror": None}


def codes(figures) -> list[str]:
    found = warnings_for(figures)
    for warning in found:
        assert not BAD_TYPOGRAPHY.search(warning["message"]), warning["message"]
    return [w["code"] for w in found]


def changed(**parts) -> dict:
    return {**HEALTHY, **parts}


def test_healthy_figures_raise_nothing():
    assert warnings_for(HEALTHY) == []


def test_disk_below_500_mb_or_below_the_day_s_need():
    assert codes(changed(disk={"free_bytes": 499 * MB, "day_need_bytes": 10 * MB})) == ["disk_low"]
    assert codes(changed(disk={"free_bytes": 501 * MB, "day_need_bytes": 10 * MB})) == []
    need = warnings_for(changed(disk={"free_bytes": 800 * MB, "day_need_bytes": 900 * MB}))
    assert [w["code"] for w in need] == ["disk_low"] and "sessions du jour" in need[0]["message"]
    assert "800\u00a0Mo libres" in need[0]["message"]


def test_memory_battery_disk_speed_connections_and_mirror():
    assert codes(changed(memory={"percent": 90.5})) == ["memory_high"]
    assert codes(changed(memory={"percent": 90.0})) == []
    battery = warnings_for(changed(power={"percent": 64.0, "plugged": False, "seconds_left": 1800}))
    assert battery[0]["code"] == "on_battery" and "64\u00a0%" in battery[0]["message"] and "30\u00a0min" in battery[0]["message"]
    assert codes(changed(power={"percent": 100.0, "plugged": True, "seconds_left": None})) == []
    assert codes(changed(fsync={"ok": True, "median_ms": 250.0, "max_ms": 400.0, "samples": 3})) == ["disk_slow"]
    assert codes(changed(fsync={"ok": False, "error": "Read-only file system"})) == ["disk_unwritable"]
    assert codes(changed(connections={"busy": 1900, "cap": 2000})) == ["connections_high"]
    assert codes(changed(mirror={"problem": "La copie de secours est impossible\u00a0: clé retirée."})) == ["mirror_failing"]
    assert codes(changed(memory={"percent": 95}, power={"percent": 10, "plugged": False, "seconds_left": None})) == \
        ["on_battery", "memory_high"]
    assert warnings_for(changed(memory={"percent": 80}), Thresholds(memory_max_pct=75))[0]["code"] == "memory_high"


def test_the_day_s_need_counts_today_s_open_sessions_only():
    today = dt.date(2026, 5, 12).isoformat()

    def session(date, status, candidates):
        return SimpleNamespace(details={"date": date}, status=status, candidates=dict.fromkeys(range(candidates)))

    sessions = [session(today, SessionStatus.CREATED, 20), session(today, SessionStatus.STARTED, 10),
                session(today, SessionStatus.CLOSED, 30), session("2026-05-13", SessionStatus.CREATED, 25)]
    assert day_need_bytes(sessions, tables_size=MB, today=today) == 30 * BYTES_PER_CANDIDATE + 2 * MB


def test_the_fsync_probe_measures_the_data_directory(tmp_path):
    result = FsyncProbe(tmp_path, samples=5).measure()
    assert result["ok"] and result["samples"] == 5 and 0 < result["median_ms"] <= result["max_ms"]
    assert list(tmp_path.iterdir()) == []  # the probe file is removed
    print(f"\nfsync of 4 KiB in {tmp_path.parent}: median {result['median_ms']} ms, max {result['max_ms']} ms")
    assert FsyncProbe(tmp_path / "absent").measure()["ok"] is False


def test_the_health_endpoint_gives_every_figure(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    health = response.get_json()
    for key in ("cpu", "memory", "disk", "load", "uptime", "power", "fsync", "sync", "files", "warnings", "status"):
        assert key in health, key
    assert health["disk"]["free_bytes"] > 0 and health["memory"]["total_bytes"] > 0
    assert health["fsync"]["ok"] and health["fsync"]["median_ms"] > 0
    assert health["sync"] == {"backlog": 0, "needs_attention": 0, "delivered": 0,
                              "oldest_waiting_s": None}  # nothing sealed yet: the real outbox is empty
    assert health["uptime"]["server_s"] >= 0 and health["files"]["open"] > 0
    assert health["status"] == ("warning" if health["warnings"] else "ok")
    assert response.headers["X-Request-Id"]


def test_healthz_keeps_its_fields_and_both_are_documented(client):
    health = client.get("/healthz").get_json()
    assert {"status", "version", "sessions", "storage", "content_pack"} <= set(health)
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "get" in paths["/healthz"] and "get" in paths["/api/v1/health"]


def test_a_caller_s_request_id_is_kept_and_a_bad_one_replaced(client):
    assert client.get("/healthz", headers={"X-Request-Id": "poste-12-abcdef"}).headers["X-Request-Id"] == \
        "poste-12-abcdef"
    replaced = client.get("/healthz", headers={"X-Request-Id": "a b=c;d"}).headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{16}", replaced)


@pytest.mark.slow
def test_warnings_are_pushed_to_the_invigilators_dashboards(tmp_path):
    """A new warning reaches a connected dashboard as ``server_health`` (the hook for the
    dashboard to show it), without a reload."""
    import threading

    import socketio

    usb = tmp_path / "usb"
    usb.mkdir()
    server = OpsServer(tmp_path / "data", env={"ROOMSERVER_MIRROR_DIR": str(usb),
                                                "ROOMSERVER_HEALTH_EVERY_S": "1"}).start()
    pushed, arrived = [], threading.Event()
    client = socketio.Client(reconnection=False)

    def on_health(data):
        pushed.append(data)
        if any("absent" in w["message"] for w in data["warnings"]):
            arrived.set()

    client.on("server_health", on_health, namespace="/invigilator")
    try:
        demo = server.demo()
        token = call(server.url + "/api/v1/invigilator/login", {"session_number": demo["session_number"],
                                                                 "password": demo["invigilator_password"]})[1]["token"]
        client.connect(server.url, namespaces=["/invigilator"], auth={"token": token}, transports=["websocket"],
                       wait_timeout=10)
        usb.rename(tmp_path / "usb-removed")  # the stick is pulled out during the exam
        assert arrived.wait(15), pushed
        latest = pushed[-1]
        assert latest["status"] == "warning" and latest["at"] > 0
        assert any(w["code"] == "mirror_failing" and "Rebranchez-la" in w["message"] for w in latest["warnings"])
    finally:
        client.disconnect()
        server.stop()


def test_the_sync_figures_come_from_the_real_outbox(tmp_path):
    """Backlog, sessions needing a person, delivered: read from DATA/sync/outbox.json, never made up;
    a session the receiver refused raises a warning that says where to look."""
    from roomserver.ops.health import sync_figures
    from sync.outbox import Outbox

    assert sync_figures(tmp_path, 1000.0) == {"backlog": 0, "needs_attention": 0, "delivered": 0,
                                              "oldest_waiting_s": None}
    assert not (tmp_path / "sync").exists()  # reading creates nothing
    box = Outbox(tmp_path, clock=lambda: 900.0)
    box.enqueue("s-1", 101, "a" * 64)
    box.enqueue("s-2", 102, "b" * 64)
    box.enqueue("s-3", 103, "c" * 64)
    box.claim("s-2")
    box.needs_attention("s-2", "Clé inconnue de l'organisme.", "unknown_key", 401)
    box.claim("s-3")
    box.delivered("s-3", {"status": "stored"})
    figures = sync_figures(tmp_path, 1000.0)
    assert figures == {"backlog": 1, "needs_attention": 1, "delivered": 1, "oldest_waiting_s": 100.0}
    assert codes(changed(sync=figures)) == ["sync_needs_attention"]
    assert "Une session finalisée n'a pas pu" in warnings_for(changed(sync=figures))[0]["message"]
    assert "2 sessions finalisées" in warnings_for(changed(sync={**figures, "needs_attention": 2}))[0]["message"]
