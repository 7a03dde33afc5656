"""The USB way and the pull, with real processes: ``roomserver sync export`` (while the server
runs) writes a bundle the receiver's ``import`` takes once, idempotently, and refuses when one
byte changed; ``roomserver sync pull`` imports a session prepared upstream, which then behaves
like a session made here (edited, joined, started), and is never imported twice."""

from __future__ import annotations

import json

import pytest
from roomsynckit import Receiver, RoomServer, finalised_session, new_room, roomserver, run

from adminkit import Api, InvigilatorOverHttp, PupilOverHttp, admin_token

pytestmark = pytest.mark.slow


def test_export_bundle_imports_once_and_a_changed_byte_is_refused(tmp_path):
    data_dir, line = new_room(tmp_path)
    room = RoomServer(data_dir).start()  # no upstream: the school has no network
    receiver = Receiver(tmp_path, line)  # the receiver's CLI only, no server
    try:
        session = finalised_session(room)
        number = session["session_number"]
        waiting = room.wait_job(number, lambda j: j.get("last_error_code") == "no_upstream")
        assert waiting["state"] == "pending" and "clé USB" in waiting["summary"]
        bundle = tmp_path / "usb" / f"session-{number}.rsbundle"
        bundle.parent.mkdir()
        done = roomserver("sync", "export", "--data-dir", str(data_dir), "--session", str(number), "--out", str(bundle))
        assert done.returncode == 0, done.stderr  # while the server runs
        assert f"session n°{number}" in done.stdout and session["final_hash"] in done.stdout
    finally:
        room.stop()
    first = run("sync.receiver", "import", str(bundle), "--db", receiver.db, "--keys", str(receiver.keys))
    assert first.returncode == 0, first.stderr
    again = run("sync.receiver", "import", str(bundle), "--db", receiver.db, "--keys", str(receiver.keys))
    assert again.returncode == 0 and "déjà reçue" in again.stdout
    data = bytearray(bundle.read_bytes())
    where = data.index(b'\\"late\\":') + 9  # inside the body: a byte of the payload, not of the envelope
    data[where:where + 1] = b"t" if data[where:where + 1] == b"f" else b"f"
    changed = tmp_path / "usb" / "changed.rsbundle"
    changed.write_bytes(bytes(data))
    refused = run("sync.receiver", "import", str(changed), "--db", receiver.db, "--keys", str(receiver.keys))
    assert refused.returncode != 0 and "refusé" in refused.stderr
    stored = receiver.stored()
    assert [(s["session_id"], s["final_hash"]) for s in stored] == [(session["session_id"], session["final_hash"])]


def test_export_of_a_session_not_finalised_is_refused_in_french(tmp_path):
    data_dir, _ = new_room(tmp_path)
    done = roomserver("sync", "export", "--data-dir", str(data_dir), "--session", "1234", "--out",
                      str(tmp_path / "x.rsbundle"))
    assert done.returncode != 0 and "Aucune session n°1234" in done.stderr
    assert not (tmp_path / "x.rsbundle").exists()


PREPARED = {"sessions": [{
    "upstream_id": "academie-lyon:2026-12-07:salle-2",
    "date": "2026-12-07", "start_time": "09:30", "algorithm": "classic",
    "details": {"site": "Collège Jean Moulin", "room": "Salle 2", "invigilators": ["Mme Garnier"],
                "notes": "Préparée par l'académie"},
    "candidates": [
        {"last_name": "Lefèvre", "first_name": "Chloé", "birthdate": "2011-05-02", "extra_time_pct": 33,
         "details": {"external_id": "INE-0001"}, "profile": {"pix": {"1.1": 16, "1.2": 8, "2.1": 24, "3.1": 8, "4.1": 16}}},
        {"last_name": "Diallo", "first_name": "Moussa", "birthdate": "2010-11-19", "extra_time_pct": 0,
         "profile": None},
    ]}]}


def test_pull_imports_a_prepared_session_that_then_behaves_like_a_local_one(tmp_path):
    data_dir, line = new_room(tmp_path)
    key_id = line.split()[0]
    receiver = Receiver(tmp_path, line)
    prepared_file = tmp_path / "prepared.json"
    prepared_file.write_text(json.dumps(PREPARED, ensure_ascii=False), encoding="utf-8")
    done = run("sync.receiver", "prepare", str(prepared_file), "--db", receiver.db, "--room", key_id,
               "--keys", str(receiver.keys))
    assert done.returncode == 0, done.stderr
    receiver.start()
    env = {"ROOMSERVER_UPSTREAM_URL": receiver.url}
    room = None
    try:
        pulled = roomserver("sync", "pull", "--data-dir", str(data_dir), "--json", env=env)
        assert pulled.returncode == 0, pulled.stderr
        report = json.loads(pulled.stdout)
        assert [i["upstream_id"] for i in report["imported"]] == ["academie-lyon:2026-12-07:salle-2"]
        assert report["refused"] == [] and report["ack_failed"] == []
        number = report["imported"][0]["session_number"]
        again = roomserver("sync", "pull", "--data-dir", str(data_dir), "--json", env=env)
        assert again.returncode == 0 and json.loads(again.stdout)["imported"] == []  # acknowledged upstream

        room = RoomServer(data_dir, receiver.url).start()
        busy = roomserver("sync", "pull", "--data-dir", str(data_dir), env=env)  # it creates sessions
        assert busy.returncode != 0 and "arrêtez-le d'abord" in busy.stderr
        api = Api(room.url, admin_token(room.url))
        page = api.ok("GET", f"/api/v1/admin/sessions/{number}")
        assert (page["site"], page["room"], page["date"], page["start_time"]) == (
            "Collège Jean Moulin", "Salle 2", "2026-12-07", "09:30")
        people = {c["last_name"]: c for c in page["candidates_list"]}
        assert set(people) == {"Lefèvre", "Diallo"} and people["Lefèvre"]["extra_time_pct"] == 33
        # an ordinary session: edited, joined, started like any other
        edited = api.ok("PATCH", f"/api/v1/admin/sessions/{number}/candidates/{people['Diallo']['candidate_id']}",
                        {"first_name": "Moussa Ibrahima"})
        assert edited["candidate"]["first_name"] == "Moussa Ibrahima"
        pupil = PupilOverHttp(room.url, number, {"first_name": "Chloé", "last_name": "Lefèvre",
                                                 "birthdate": "2011-05-02"})
        pupil.join()
        desk = InvigilatorOverHttp(room.url, number, page["invigilator_password"])
        desk.confirm_presence(pupil.candidate_id)
        assert pupil.start(desk.start_session())["status"] in ("in_test", "ended")
    finally:
        if room:
            room.stop()
        receiver.stop()


def test_a_prepared_session_with_a_wrong_candidate_is_refused_whole(tmp_path):
    data_dir, line = new_room(tmp_path)
    receiver = Receiver(tmp_path, line)
    wrong = json.loads(json.dumps(PREPARED))
    wrong["sessions"][0]["upstream_id"] = "wrong-1"
    wrong["sessions"][0]["candidates"].append(dict(wrong["sessions"][0]["candidates"][0]))  # the same pupil twice
    prepared_file = tmp_path / "prepared.json"
    prepared_file.write_text(json.dumps(wrong, ensure_ascii=False), encoding="utf-8")
    assert run("sync.receiver", "prepare", str(prepared_file), "--db", receiver.db, "--room",
               line.split()[0]).returncode == 0
    receiver.start()
    try:
        done = roomserver("sync", "pull", "--data-dir", str(data_dir), "--json",
                          env={"ROOMSERVER_UPSTREAM_URL": receiver.url})
        report = json.loads(done.stdout)
        assert done.returncode == 1 and report["imported"] == []
        assert report["refused"][0]["upstream_id"] == "wrong-1" and "déjà inscrit" in report["refused"][0]["reason"]
        listed = roomserver("session", "list", "--data-dir", str(data_dir), "--json")
        assert json.loads(listed.stdout)["sessions"] == []  # nothing half-made is left
    finally:
        receiver.stop()
