"""After the test, through the API: finalisation (refusals, the seal, read-only afterwards),
the keyed chain against a rewritten journal, a late finalisation, the results (JSON, CSV, PDF,
never to the candidates) and the school's archive with its verification."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import stat
import uuid
import zipfile

import pytest
from adminapikit import Run, admin, error_message, flat, footprint, ok, pdf_text, refused  # noqa: F401

from roomserver.cli import main as roomserver


@pytest.fixture
def run(app, client, admin) -> Run:
    return Run(app, client, admin)


@pytest.fixture
def closed(run) -> Run:
    run.close()
    return run


@pytest.fixture
def finalised(closed) -> tuple[Run, dict]:
    return closed, closed.finalise_ok()


def journal_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def key_file(app):
    return app.extensions["roomserver"].store.data_dir / "keys" / "journal.key"


def cli(capsys, *args) -> tuple[int, str]:
    """The ``roomserver`` command, in process: (exit code, what it printed)."""
    capsys.readouterr()
    code = roomserver([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out + out.err


# -- refusals before the seal --------------------------------------------------------------------------------

def test_finalise_refused_while_the_session_is_not_closed(app, run):
    message = refused(app, lambda: run.finalise(abort_reasons={run.ended_id: "technical"}), 409, "session_not_closed")
    assert "clôturée" in message
    form = ok(run.admin.get(f"/sessions/{run.number}/finalisation"))
    assert form["can_finalise"] is False and "clôturée" in form["reason"]
    run.end_the_unfinished()
    refused(app, lambda: run.finalise(abort_reasons={run.ended_id: "technical"}), 409, "session_not_closed")


def test_finalise_refused_without_an_abort_reason(app, closed):
    message = refused(app, lambda: closed.finalise(), 409, "abort_reason_missing")
    assert "Elif Şahin" in message and "abandon" in message and "Élodie" not in message
    refused(app, lambda: closed.finalise(abort_reasons={closed.finisher_id: "abandon"}), 409, "abort_reason_missing")
    refused(app, lambda: closed.finalise(abort_reasons={closed.ended_id: "fatigue"}), 400)
    refused(app, lambda: closed.finalise(abort_reasons={closed.ended_id: "abandon", closed.finisher_id: "abandon"}),
            422, "abort_reason_unexpected")
    refused(app, lambda: closed.finalise(abort_reasons={closed.ended_id: "abandon"}, comment="x" * 501), 400)
    refused(app, lambda: closed.finalise(abort_reasons={closed.ended_id: "abandon"},
                                         incident_codes={closed.finisher_id: ["Z9"]}), 422, "incident_code_invalid")
    refused(app, lambda: closed.finalise(abort_reasons={closed.ended_id: "abandon"},
                                         end_screens_seen=[closed.absent_id]), 409, "test_not_finished")
    assert closed.handle.state.status.value == "closed"


def test_finalisation_form_is_prefilled(app, closed):
    ok(closed.invigilator.post("/incidents", {"candidate_id": closed.ended_id, "code": "E1", "question_number": 2,
                                              "text": "Image absente."}))
    form = ok(closed.admin.get(f"/sessions/{closed.number}/finalisation"))
    assert form["can_finalise"] is True and form["late"] is False and 47 < form["hours_left"] <= 48
    assert [u["candidate_id"] for u in form["unfinished"]] == [closed.ended_id]
    rows = {c["candidate_id"]: c for c in form["candidates"]}
    assert rows[closed.ended_id]["incident_codes"] == ["E1"] and rows[closed.finisher_id]["test_over"] is True
    assert form["incident_occurred"] is True


# -- the seal -------------------------------------------------------------------------------------------------

def test_finalise_seals_the_session(app, closed):
    journal = closed.handle.journal.path
    response = closed.finalise(abort_reasons={closed.ended_id: "technical"}, comment="Coupure réseau à 10 h.",
                               incident_occurred=True, joining_issue=False,
                               end_screens_seen=[closed.finisher_id],
                               incidents=[{"candidate_id": closed.ended_id, "code": "E9", "question_number": 4,
                                           "text": "Le poste s'est figé."}])
    body = ok(response)
    assert set(body) >= {"final_hash", "finalised_at", "late", "results"} and body["late"] is False
    lines = journal_lines(journal)
    assert lines[-1]["type"] == "session_finalised"
    assert body["final_hash"] == lines[-2]["hash"] == lines[-1]["data"]["final_hash"] == lines[-1]["prev"]
    sealed = lines[-1]["data"]
    assert sealed["abort_reasons"] == {closed.ended_id: "technical"} and sealed["incident_occurred"] is True
    assert "E9" in sealed["incident_codes"][closed.ended_id]
    kinds = [line["type"] for line in lines[-5:]]
    assert "comment_set" in kinds or any("comment" in k for k in kinds), kinds
    state = closed.handle.state
    assert state.status.value == "finalised" and state.comment == "Coupure réseau à 10 h."
    assert state.candidates[closed.finisher_id].end_screen_seen is True
    assert stat.S_IMODE(os.stat(journal).st_mode) & 0o222 == 0  # read-only on disk
    page = closed.admin.page(closed.number)
    assert page["status"] == "finalised" and page["finalisation"]["final_hash"] == body["final_hash"]


def test_every_write_refused_after_finalisation(app, finalised):
    run, _ = finalised
    number = run.number
    journal = run.handle.journal.path
    size = journal.stat().st_size
    refused(app, lambda: run.finalise(abort_reasons={run.ended_id: "technical"}), 409, "session_finalised")
    message = refused(app, lambda: run.invigilator.post("/incidents", {
        "candidate_id": run.ended_id, "code": "C7", "text": "Ajout après coup."}), 409, "session_finalised")
    assert "finalisée" in message
    refused(app, lambda: run.invigilator.post("/frauds", {
        "candidate_ids": [run.ended_id], "observed_at": "11:00", "facts": "x", "measures": "y"}), 409)
    refused(app, lambda: run.invigilator.post(f"/candidates/{run.ended_id}/end-screen-seen"), 409)
    unanswered = run.handle.state.candidates[run.ended_id].challenge_ids[5]
    refused(app, lambda: run.ended.answer(unanswered, "réponse"), 409)
    refused(app, lambda: run.admin.post(f"/sessions/{number}/candidates", {
        "first_name": "Tard", "last_name": "Venu", "birthdate": "2011-01-01", "extra_time_pct": 0}), 409)
    refused(app, lambda: run.admin.post(f"/sessions/{number}/candidates/{run.ended_id}/identity-correction",
                                        {"last_name": "Şahin-Korrigé"}), 409, "session_finalised")
    refused(app, lambda: run.admin.patch(f"/sessions/{number}", {"room": "Ailleurs"}), 409)
    refused(app, lambda: run.admin.delete(f"/sessions/{number}"), 409)
    refused(app, lambda: run.admin.upload(number, "Nom de naissance;Prénom;Date de naissance;Temps majoré\r\n"
                                                  "Venu;Tard;01/01/2011;0\r\n".encode(), "text/csv"), 409)
    assert journal.stat().st_size == size


def test_comment_after_finalisation_refused(app, finalised):
    run, _ = finalised
    response = run.invigilator.client.put("/api/v1/invigilator/session/comment", json={"comment": "Après coup."},
                                          headers={"Authorization": f"Bearer {run.invigilator.token}"})
    error_message(response, 409)


def sealed_and_intact(path, key: bytes) -> bool:
    """The check an auditor makes with the key: every line signed and chained, nothing torn,
    the seal last."""
    from roomserver.store.journal import JournalCorrupt, iter_journal, verify_journal

    try:
        count, _, torn = verify_journal(path, key)
    except JournalCorrupt:
        return False
    events = [event for event, _ in iter_journal(path, key)]
    return torn == 0 and bool(events) and events[-1].type == "session_finalised" and count == len(events)


def test_sealed_journal_verifies_with_the_key_and_fails_after_any_change(app, finalised, capsys, tmp_path):
    run, body = finalised
    journal = run.handle.journal.path
    key = key_file(app).read_bytes()
    code, out = cli(capsys, "verify-journal", journal, "--key", key_file(app))
    assert code == 0, out
    assert body["final_hash"] in out or journal_lines(journal)[-1]["hash"] in out
    assert sealed_and_intact(journal, key)
    raw = journal.read_bytes()
    lines = raw.splitlines(keepends=True)
    copy = tmp_path / "changed.jsonl"
    starts = [sum(len(x) for x in lines[:n]) for n in range(len(lines))]
    positions = set()
    for number, line in enumerate(lines):  # a spread of bytes in every line, a third of the seal's
        step = 3 if number == len(lines) - 1 else 53
        positions.update(starts[number] + offset for offset in range(number % step, len(line), step))
    positions.add(len(raw) - 1)  # the seal's newline
    for at in sorted(positions):
        changed = bytearray(raw)
        changed[at] ^= 0x01  # the smallest change: one bit
        copy.write_bytes(bytes(changed))
        assert not sealed_and_intact(copy, key), (at, raw[max(0, at - 20):at + 20])
    # and through the command, on a change inside an answer, in the data directory's own layout
    answer = next(n for n, line in enumerate(lines) if b'"answer_recorded"' in line)
    at = starts[answer] + lines[answer].index(b'"data":') + 12
    changed = bytearray(raw)
    changed[at] = ord("7") if changed[at] != ord("7") else ord("8")
    copy.write_bytes(bytes(changed))
    code, out = cli(capsys, "verify-journal", copy, "--key", key_file(app))
    assert code == 1, out


def test_sealed_journal_cut_before_its_seal_fails_verification(app, finalised, capsys, tmp_path):
    """The seal's newline made a torn tail: the journal would look closed, not finalised."""
    import shutil

    run, _ = finalised
    store = app.extensions["roomserver"].store
    store.close()
    data = tmp_path / "copie"
    shutil.copytree(store.data_dir, data)
    journal = data / "sessions" / run.handle.state.id / "journal.jsonl"
    os.chmod(journal, 0o644)
    journal.write_bytes(journal.read_bytes()[:-1] + b"x")
    code, out = cli(capsys, "verify-journal", journal, "--key", data / "keys" / "journal.key")
    assert code == 1, out


def canonical(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def rewrite_unkeyed(lines: list[dict], change) -> bytes:
    """What an attacker without the key does: change an outcome, then recompute every hash as
    the old unkeyed format did (plain SHA-256), the seal's final hash included."""
    prev, out = "0" * 64, []
    for obj in lines:
        obj = json.loads(json.dumps(obj))
        change(obj)
        obj.pop("chain", None)
        obj.pop("key_id", None)
        obj["prev"] = prev
        if obj["type"] == "session_finalised":
            obj["data"]["final_hash"] = prev
        obj["hash"] = hashlib.sha256(canonical([prev, obj["seq"], obj["ts"], obj["type"], obj["data"]])).hexdigest()
        prev = obj["hash"]
        body = {k: obj[k] for k in ("seq", "ts", "type", "data", "prev", "hash")}
        out.append(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
    return b"".join(out)


def flip_a_wrong_answer(obj: dict) -> None:
    if obj["type"] == "answer_recorded" and obj["data"].get("outcome") == "ko":
        obj["data"]["outcome"] = "ok"


def test_a_recomputed_unkeyed_chain_does_not_verify_with_the_key(app, finalised, capsys, tmp_path):
    import shutil

    run, _ = finalised
    lines = journal_lines(run.handle.journal.path)
    assert any(line["type"] == "answer_recorded" and line["data"].get("outcome") == "ko" for line in lines)
    store = app.extensions["roomserver"].store
    store.close()
    data = tmp_path / "copie"  # the attacker's copy of the data directory, the journal rewritten in place
    shutil.copytree(store.data_dir, data)
    forged = data / "sessions" / run.handle.state.id / "journal.jsonl"
    os.chmod(forged, 0o644)
    for change in (flip_a_wrong_answer, lambda obj: None):  # even unchanged: a signed session cannot turn unsigned
        forged.write_bytes(rewrite_unkeyed(lines, change))
        code, out = cli(capsys, "verify-journal", forged, "--key", data / "keys" / "journal.key")
        assert code == 1, out
        elsewhere = tmp_path / "ailleurs" / "journal.jsonl"  # and out of its data directory, the key given
        elsewhere.parent.mkdir(exist_ok=True)
        elsewhere.write_bytes(forged.read_bytes())
        code, out = cli(capsys, "verify-journal", elsewhere, "--key", data / "keys" / "journal.key")
        assert code == 1, out


def test_final_hash_is_the_line_before_the_seal(app, finalised):
    run, body = finalised
    lines = journal_lines(run.handle.journal.path)
    sealed = [i for i, line in enumerate(lines) if line["type"] == "session_finalised"]
    assert sealed == [len(lines) - 1]
    assert body["final_hash"] == lines[-2]["hash"] and lines[-1]["data"]["final_hash"] == lines[-2]["hash"]
    assert all(line.get("chain") == "hmac-sha256" for line in lines)


def test_sealed_session_stays_sealed_after_a_restart(app, finalised):
    from roomserver.app import create_app

    run, body = finalised
    store = app.extensions["roomserver"].store
    store.close()
    again = create_app({"data_dir": store.data_dir, "async_mode": "threading", "live_tick_s": 0})
    try:
        handle = again.extensions["roomserver"].store.by_number(run.number)
        assert handle.state.status.value == "finalised"
        assert handle.state.finalisation["final_hash"] == body["final_hash"]
        assert handle.journal.read_only
    finally:
        again.extensions["roomserver"].store.close()


def test_late_finalisation_is_flagged(app, closed):
    store = app.extensions["roomserver"].store
    started_at = closed.handle.state.started_at
    store.clock = lambda: started_at + 49 * 3600
    form = ok(closed.admin.get(f"/sessions/{closed.number}/finalisation"))
    assert form["late"] is True and form["hours_left"] < 0
    body = closed.finalise_ok()
    assert body["late"] is True
    assert journal_lines(closed.handle.journal.path)[-1]["data"]["late"] is True
    results = ok(closed.admin.get(f"/sessions/{closed.number}/results"))
    assert results["late"] is True


def test_finalisation_just_inside_the_window_is_not_late(app, closed):
    store = app.extensions["roomserver"].store
    started_at = closed.handle.state.started_at
    store.clock = lambda: started_at + 47.9 * 3600
    assert closed.finalise_ok()["late"] is False


# -- results -------------------------------------------------------------------------------------------------

def test_results_shape(app, finalised):
    run, body = finalised
    results = ok(run.admin.get(f"/sessions/{run.number}/results"))
    assert set(results) >= {"candidates"}
    entries = {entry["candidate_id"]: entry for entry in results["candidates"]}
    assert set(entries) == {run.finisher_id, run.ended_id, run.absent_id}
    for entry in results["candidates"]:
        assert set(entry) >= {"candidate_id", "status", "pix", "reproducibility_rate", "competences"}
        assert entry["status"] in ("validated", "rejected", "absent")
        for competence in entry["competences"]:
            assert set(competence) >= {"code", "level", "pix"}
            assert isinstance(competence["level"], int) and isinstance(competence["pix"], int)
    finisher = entries[run.finisher_id]
    assert finisher["status"] == "validated" and finisher["pix"] > 0
    assert isinstance(finisher["reproducibility_rate"], int) and 50 <= finisher["reproducibility_rate"] <= 100
    assert sum(c["pix"] for c in finisher["competences"]) == finisher["pix"]
    assert {c["code"] for c in finisher["competences"]} >= set(list(run.pack.competences)[:5])
    assert entries[run.absent_id]["status"] == "absent"
    assert entries[run.ended_id]["status"] in ("validated", "rejected")
    assert body["results"] == results["candidates"]


def test_results_refused_before_finalisation(app, closed):
    for path in ("/results", "/results.csv", "/documents/results.pdf", "/archive.zip"):
        refused(app, lambda: closed.admin.get(f"/sessions/{closed.number}{path}"), 409, "session_not_finalised")


def walk_keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from walk_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_keys(item)


def test_candidates_never_see_results(app, finalised):
    run, _ = finalised
    for pupil in (run.finisher, run.ended):
        response = pupil.client.get("/api/v1/candidate/state", headers=pupil.headers)
        assert response.status_code in (200, 401, 409), response.get_data(as_text=True)
        payload = response.get_json()
        keys = set(walk_keys(payload))
        assert not keys & {"pix", "results", "reproducibility_rate", "competences", "level", "final_hash"}, keys
        text = json.dumps(payload, ensure_ascii=False)
        assert "validated" not in text and "rejected" not in text
    document = ok(run.client.get("/api/v1/openapi.json"))
    assert not any("result" in path for path in document["paths"] if path.startswith("/api/v1/candidate"))


def test_results_csv(app, finalised):
    run, _ = finalised
    response = run.admin.get(f"/sessions/{run.number}/results.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 3 and all(len(row) == len(rows[0]) for row in rows)
    assert rows[0][:3] == ["Numéro de session", "Nom de naissance", "Prénom"]
    assert {row[1] for row in rows[1:]} == {"Martin", "Şahin", "Ørsted"}
    results = ok(run.admin.get(f"/sessions/{run.number}/results"))["candidates"]
    finisher = next(r for r in results if r["candidate_id"] == run.finisher_id)
    martin = next(row for row in rows if row[1] == "Martin")
    assert str(finisher["pix"]) in martin and martin[0] == str(run.number)


def test_results_pdf_carries_the_final_hash(app, finalised):
    run, body = finalised
    response = run.admin.get(f"/sessions/{run.number}/documents/results.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert body["final_hash"] in "".join(text.split())
    assert "Şahin" in text and "Ørsted" in text


# -- the archive ---------------------------------------------------------------------------------------------

def download_archive(run, tmp_path):
    response = run.admin.get(f"/sessions/{run.number}/archive.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    path = tmp_path / "archive.zip"
    path.write_bytes(response.data)
    return path


def rezip(source, target, change) -> None:
    """A copy of the archive where ``change(name, data)`` gives each member's new bytes."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info.filename)))


def test_archive_round_trip(app, finalised, tmp_path, capsys):
    run, body = finalised
    path = download_archive(run, tmp_path)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read("journal.jsonl") == run.handle.journal.path.read_bytes()
        assert archive.read("resultats.csv") == run.admin.get(f"/sessions/{run.number}/results.csv").data
        for name in names:
            if name.endswith(".pdf"):
                assert pdf_text(archive.read(name))
    assert {"manifest.json", "journal.jsonl", "resultats.csv", "feuille-emargement.pdf", "pv-incident.pdf",
            "pv-fraude.pdf", "resultats.pdf"} <= names
    assert manifest["final_hash"] == body["final_hash"] and manifest["session_number"] == run.number
    code, out = cli(capsys, "archive", "verify", path)
    assert code == 0 and "OK" in out and body["final_hash"] in out, out
    code, out = cli(capsys, "archive", "verify", path, "--key", key_file(app))
    assert code == 0 and "OK" in out, out


def test_archive_with_any_byte_changed_is_invalid(app, finalised, tmp_path, capsys):
    run, _ = finalised
    path = download_archive(run, tmp_path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    for name in names:
        target = tmp_path / f"changed-{name}.zip"

        def change(member, data, name=name):
            if member != name:
                return data
            changed = bytearray(data)
            middle = len(changed) // 2
            changed[middle] = (changed[middle] + 1) % 256
            return bytes(changed)

        rezip(path, target, change)
        code, out = cli(capsys, "archive", "verify", target)
        assert code == 1 and "INVALIDE" in out, (name, out)


def test_archive_with_a_forged_journal_and_manifest_is_invalid_with_the_key(app, finalised, tmp_path, capsys):
    """The attacker rewrites the journal as an unkeyed chain and recomputes the manifest to match."""
    run, _ = finalised
    path = download_archive(run, tmp_path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        journal = [json.loads(line) for line in archive.read("journal.jsonl").splitlines()]
    forged_journal = rewrite_unkeyed(journal, flip_a_wrong_answer)
    last = json.loads(forged_journal.splitlines()[-1])
    forged_manifest = {**manifest, "final_hash": last["data"]["final_hash"], "head_hash": last["hash"],
                       "key_id": None}
    forged_manifest.pop("mac", None)
    forged_manifest["files"] = {**manifest["files"], "journal.jsonl": hashlib.sha256(forged_journal).hexdigest()}
    target = tmp_path / "forged.zip"
    rezip(path, target, lambda name, data: forged_journal if name == "journal.jsonl" else
          json.dumps(forged_manifest).encode() if name == "manifest.json" else data)
    code, out = cli(capsys, "archive", "verify", target, "--key", key_file(app))
    assert code == 1 and "INVALIDE" in out, out
    code, out = cli(capsys, "archive", "verify", target)  # even without the key: the seal is not signed
    assert code == 1 and "INVALIDE" in out, out


def test_archive_with_changed_results_and_a_recomputed_manifest_is_invalid_with_the_key(app, finalised, tmp_path,
                                                                                       capsys):
    run, _ = finalised
    path = download_archive(run, tmp_path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        results = archive.read("resultats.csv")
    forged = results.replace("certification rejetée".encode(), "certification validée".encode()) + b"\r\n"
    manifest["files"]["resultats.csv"] = hashlib.sha256(forged).hexdigest()
    target = tmp_path / "forged.zip"
    rezip(path, target, lambda name, data: forged if name == "resultats.csv" else
          json.dumps(manifest).encode() if name == "manifest.json" else data)
    code, out = cli(capsys, "archive", "verify", target, "--key", key_file(app))
    assert code == 1 and "INVALIDE" in out, out


def test_archive_of_another_server_is_invalid_with_this_key(app, finalised, tmp_path, capsys):
    run, _ = finalised
    path = download_archive(run, tmp_path)
    other = tmp_path / "other.key"
    other.write_bytes(os.urandom(32))
    code, out = cli(capsys, "archive", "verify", path, "--key", other)
    assert code == 1 and "INVALIDE" in out, out


def test_archive_verify_of_a_file_that_is_not_an_archive(tmp_path, capsys):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"pas une archive " + uuid.uuid4().bytes)
    code, out = cli(capsys, "archive", "verify", junk)
    assert code == 1 and "INVALIDE" in out


def test_two_finalisations_at_once_record_the_paperwork_once(app, closed):
    import threading

    store = app.extensions["roomserver"].store
    checked = threading.Barrier(2, timeout=1.5)
    plain_read = store.read

    def read(handle, reader):  # both requests checked the session before either writes its paperwork
        result = plain_read(handle, reader)
        if threading.current_thread().name.startswith("finaliser"):
            try:
                checked.wait()
            except threading.BrokenBarrierError:
                pass  # the other one is held back until this one has sealed: what the lock is for
        return result

    store.read = read
    body = {"abort_reasons": {closed.ended_id: "abandon"},
            "incidents": [{"candidate_id": closed.ended_id, "code": "E9", "question_number": 1, "text": "Figé."}]}
    statuses = []

    def finalise():
        client = app.test_client()
        statuses.append(client.post(f"/api/v1/admin/sessions/{closed.number}/finalise", json=body,
                                    headers=closed.admin.headers).status_code)

    threads = [threading.Thread(target=finalise, name=f"finaliser-{i}") for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    del store.read
    assert sorted(statuses) == [200, 409]
    assert [i.code for i in closed.handle.state.incidents].count("E9") == 1
    assert journal_lines(closed.handle.journal.path)[-1]["type"] == "session_finalised"


@pytest.mark.parametrize("reason", ["abandon", "technical"])
def test_abort_reason_decides_the_unanswered_questions(app, closed, reason):
    body = closed.finalise_ok(abort_reasons={closed.ended_id: reason})
    ended = next(entry for entry in body["results"] if entry["candidate_id"] == closed.ended_id)
    answered = closed.handle.state.candidates[closed.ended_id].answered
    assert answered == 3
    if reason == "abandon":  # the questions left count as skipped: 3 right answers of the whole test
        assert ended["counted"] == closed.total and ended["neutralised"] == 0
        assert ended["status"] == "rejected" and "reproducibility_below_50" in ended["reasons"]
    else:  # a technical abort neutralises them: judged on the 3 questions answered
        assert ended["counted"] == answered and ended["neutralised"] == closed.total - answered
        assert ended["reproducibility_rate"] == 100


def test_archive_with_damaged_compressed_bytes_is_invalid(app, finalised, tmp_path, capsys):
    """Bytes flipped in the ZIP file itself (a bad USB key): INVALIDE, never a traceback."""
    run, _ = finalised
    path = download_archive(run, tmp_path)
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        spots = [info.header_offset + 30 + len(info.filename) + info.compress_size // 2 for info in archive.infolist()]
    for at in spots + [len(raw) // 3, len(raw) // 2]:
        damaged = bytearray(raw)
        damaged[at] ^= 0xFF
        target = tmp_path / f"damaged-{at}.zip"
        target.write_bytes(bytes(damaged))
        code, out = cli(capsys, "archive", "verify", target)
        assert code == 1 and "INVALIDE" in out, (at, out)
