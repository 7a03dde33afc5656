"""The host agent on this very machine, against a real room server process."""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from boardkit import admin_get

ROOT = Path(__file__).resolve().parents[2]
LO_PROGRAM = "/usr/lib/libreoffice/program"


def which_any(*names: str) -> bool:
    return any(shutil.which(n) for n in names)


def expected_software() -> dict[str, str]:
    """What is really installed here, worked out independently of the agent's code."""
    gui = [p for p in glob.glob(f"{LO_PROGRAM}/libvclplug_*") if "svp" not in os.path.basename(p)]
    libreoffice = {c: bool(gui) and os.path.exists(f"{LO_PROGRAM}/{lib}")
                   for c, lib in (("writer", "libswlo.so"), ("calc", "libsclo.so"),
                                  ("impress", "libslideshowlo.so"), ("draw", "libsdlo.so"))}
    onlyoffice = which_any("onlyoffice-desktopeditors", "desktopeditors")
    expected = {f"office.{c}": "pass" if ok or (onlyoffice and c != "draw") else "fail" for c, ok in libreoffice.items()}
    expected["pdf_reader"] = ("pass" if which_any("evince", "okular", "atril", "xreader", "qpdfview", "mupdf", "zathura",
                                                   "xpdf", "papers")
                              else "warn" if which_any("chromium", "firefox", "firefox-esr", "google-chrome")
                              else "fail")
    expected["image_editor"] = "pass" if which_any("gimp", "krita", "pinta", "mypaint") else "fail"
    expected["video_editor"] = ("pass" if which_any("shotcut", "kdenlive") else
                                "warn" if which_any("openshot-qt") else "fail")
    expected["archive_tool"] = ("pass" if which_any("file-roller", "ark", "engrampa", "xarchiver", "peazip", "nautilus")
                                else "warn" if which_any("unzip", "7z", "7za", "7zz", "bsdtar") else "fail")
    expected["storage"] = "pass"
    expected["server"] = "pass"
    return expected


def test_agent_report_matches_this_machine_and_reaches_the_board(live_server):
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "preflight", "--json", "--server", live_server.url],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    seconds = time.monotonic() - started
    report = json.loads(result.stdout)
    statuses = {c["id"]: c["status"] for c in report["checks"]}
    expected = expected_software()
    assert {k: statuses[k] for k in expected} == expected
    assert report["host"] == socket.gethostname()
    failed = {k for k, v in statuses.items() if v == "fail"}
    assert (result.returncode != 0) == bool(failed), result.stderr
    assert all(c["remedy"] for c in report["checks"] if c["status"] != "pass")
    print(f"\nagent run: {seconds:.2f} s, failures: {sorted(failed)}")

    board = admin_get(live_server, "/api/v1/preflight/room")
    pc = next(p for p in board["pcs"] if p["host"] == socket.gethostname())
    agent_checks = {c["id"]: c["status"] for c in pc["checks"] if c["source"] == "agent"}
    assert agent_checks == statuses
    assert pc["status"] == ("not_ready" if failed else "incomplete")


def test_agent_without_a_server_says_so_and_still_prints(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "preflight", "--server", "http://127.0.0.1:9"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env)
    assert "Crash-test du poste" in result.stdout and "ne répond pas" in result.stdout
    assert result.returncode == 1
    # With discovery and no zeroconf answer, the report is printed and says no server was found.
    result = subprocess.run([sys.executable, "-m", "preflight", "--discovery-timeout", "0.5"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env)
    assert "Aucun serveur de salle trouvé" in result.stdout


def test_discovery_degrades_without_zeroconf(monkeypatch):
    import builtins

    from preflight import discovery
    real_import = builtins.__import__

    def no_zeroconf(name, *args, **kwargs):
        if name == "zeroconf":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_zeroconf)
    url, note = discovery.discover(0.1)
    assert url is None and "zeroconf" in note


def test_service_url_from_txt_record():
    from preflight.discovery import url_from_service
    assert url_from_service(["192.168.1.10"], 8080, {b"path": b"/"}) == "http://192.168.1.10:8080"
    assert url_from_service(["fe80::1", "10.0.0.2"], 443, {b"https": b"1", b"path": b"salle"}) == "https://10.0.0.2:443/salle"
    assert url_from_service([], 80, {}) is None
