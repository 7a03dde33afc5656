"""Backups while the server runs: ``roomserver backup --to DIR`` copies a consistent data
directory (journals to their last whole line, tables and keys atomic, a manifest) that a server
then serves; the journal mirror follows every append onto another folder and says when it is gone."""

from __future__ import annotations

import hashlib
import json
import stat
import threading
import time
import uuid

import pytest
from opskit import OpsServer, call

from roomserver.cli import main as roomserver
from roomserver.ops.backup import Mirror, complete_lines
from roomserver.store.journal import verify_journal
from roomserver.store.keys import read_key


class Writer(threading.Thread):
    """Candidates joining and answering without pause while the copy is made."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.stop, self.writes, self.error = server, threading.Event(), 0, None

    def run(self):
        api = self.server.url + "/api/v1"
        demo = self.server.demo()
        try:
            status, inv, _ = call(api + "/invigilator/login", {"session_number": demo["session_number"],
                                                               "password": demo["invigilator_password"]})
            tokens = []
            for person in [p for p in demo["candidates"] if p["certifiable"]][:3]:
                joined = call(api + "/candidate/join", {"session_number": demo["session_number"], **{
                    k: person[k] for k in ("first_name", "last_name", "birthdate")}})[1]
                tokens.append(joined["token"])
                call(api + f"/invigilator/candidates/{person['candidate_id']}/presence", {}, inv["token"])
            code = call(api + "/invigilator/session/start", {}, inv["token"])[1]["access_code"]
            for token in tokens:
                call(api + "/candidate/start", {"access_code": code}, token)
            while not self.stop.is_set():
                for token in tokens:
                    question = call(api + "/candidate/state", token=token)[1].get("question")
                    if question:
                        assert call(api + "/candidate/answers", {"answer_id": str(uuid.uuid4()), "skip": True,
                                                                 "challenge_id": question["challenge_id"]}, token)[0] == 200
                        self.writes += 1
                    else:
                        call(api + "/candidate/heartbeat", {}, token)
        except BaseException as exc:  # reported by the test
            self.error = exc


def test_complete_lines_leave_a_torn_tail_out():
    assert complete_lines(b'{"seq":1}\n{"seq":2}\n{"se') == b'{"seq":1}\n{"seq":2}\n'
    assert complete_lines(b'{"se') == b""


@pytest.mark.slow
def test_a_backup_while_answers_are_written_is_served_as_it_is(tmp_path, capsys):
    server = OpsServer(tmp_path / "data").start()
    writer = Writer(server)
    writer.start()
    try:
        time.sleep(1.0)
        capsys.readouterr()
        assert roomserver(["backup", "--data-dir", str(server.data_dir), "--to", str(tmp_path / "usb")]) == 0
        out = capsys.readouterr().out
        writes_before = writer.writes
        time.sleep(0.3)
    finally:
        writer.stop.set()
        writer.join(10)
        server.stop()
    assert writer.error is None, writer.error
    assert writes_before > 0 and "Sauvegarde écrite\u00a0:" in out and "journaux" in out
    copy = next((tmp_path / "usb").iterdir())
    assert not copy.name.endswith(".partial")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o700
    assert stat.S_IMODE((copy / "keys" / "journal.key").stat().st_mode) == 0o600
    assert not list(copy.glob("*.lock")) and not list(copy.rglob("*.tmp-*"))  # the live server's locks stay behind

    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    for name, entry in manifest["files"].items():
        assert hashlib.sha256((copy / name).read_bytes()).hexdigest() == entry["sha256"], name
    key = read_key(copy / "keys" / "journal.key")
    journals = list(copy.glob("sessions/*/journal.jsonl"))
    assert journals
    for journal in journals:
        events, last_hash, torn = verify_journal(journal, key)
        entry = manifest["files"][str(journal.relative_to(copy))]
        assert torn == 0 and events == entry["events"] and last_hash == entry["last_hash"]

    restored = OpsServer(copy, command="serve").start()  # the copy is a data directory as it is
    try:
        health = call(restored.url + "/healthz")[1]
        assert health["status"] == "ok" and health["sessions"] == 1, restored.log()
    finally:
        restored.stop()
    print(f"\nbackup during {writes_before} answers: {len(manifest['files'])} files in {manifest['seconds']} s")


def test_a_backup_of_something_else_is_refused_in_french(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert roomserver(["backup", "--data-dir", str(tmp_path / "empty"), "--to", str(tmp_path / "usb")]) == 2
    assert "n'est pas un dossier de données" in capsys.readouterr().err


def test_the_mirror_copies_appends_and_resumes_after_a_restart(tmp_path):
    data, usb = tmp_path / "data", tmp_path / "usb"
    journal = data / "sessions" / "s1" / "journal.jsonl"
    journal.parent.mkdir(parents=True)
    (data / "keys").mkdir()
    (data / "keys" / "journal.key").write_bytes(b"k" * 32)
    journal.write_bytes(b'{"seq":1}\n{"seq":2}\n{"se')  # a torn tail is never mirrored
    usb.mkdir()
    mirror = Mirror(data, usb)
    assert mirror.sync_once() == 2
    assert (usb / "sessions" / "s1" / "journal.jsonl").read_bytes() == b'{"seq":1}\n{"seq":2}\n'
    assert (usb / "keys" / "journal.key").read_bytes() == b"k" * 32
    assert "même disque" in mirror.status()["problem"]  # tmp_path is one disk: said, copy made anyway
    journal.write_bytes(b'{"seq":1}\n{"seq":2}\n{"seq":3}\n')
    assert mirror.sync_once() == 1
    again = Mirror(data, usb)  # the server restarted: continue after what is there
    with open(journal, "ab") as handle:
        handle.write(b'{"seq":4}\n')
    assert again.sync_once() == 1
    assert (usb / "sessions" / "s1" / "journal.jsonl").read_bytes() == journal.read_bytes()
    usb.rename(tmp_path / "usb-removed")
    with open(journal, "ab") as handle:
        handle.write(b'{"seq":5}\n')
    assert again.sync_once() == 0 and not usb.exists()  # the stick's folder is never made up
    assert "absent" in again.status()["problem"] and "Rebranchez" in again.status()["problem"]


@pytest.mark.slow
def test_the_running_server_mirrors_every_append_and_warns_when_the_mirror_is_gone(tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    server = OpsServer(tmp_path / "data", env={"ROOMSERVER_MIRROR_DIR": str(usb)}).start()
    writer = Writer(server)
    writer.start()
    try:
        time.sleep(1.5)
        writer.stop.set()
        writer.join(10)
        source = next(server.data_dir.glob("sessions/*/journal.jsonl"))
        target = usb / source.relative_to(server.data_dir)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (not target.exists() or target.read_bytes() != source.read_bytes()):
            time.sleep(0.2)
        assert target.read_bytes() == source.read_bytes() and writer.writes > 0
        usb.rename(tmp_path / "usb-removed")
        deadline = time.monotonic() + 10
        health = call(server.url + "/api/v1/health")[1]
        assert "même disque" in str(health["warnings"])  # tmp_path is one disk: said from the start
        gone = []
        while time.monotonic() < deadline and not gone:
            time.sleep(0.3)
            gone = [w for w in call(server.url + "/api/v1/health")[1]["warnings"] if "absent" in w["message"]]
        assert gone and gone[0]["code"] == "mirror_failing" and "Rebranchez-la" in gone[0]["message"]
    finally:
        writer.stop.set()
        server.stop()
    assert writer.error is None, writer.error
