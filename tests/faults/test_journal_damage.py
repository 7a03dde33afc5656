"""The journal is the record of truth, also at its tail: a checkpoint ahead of its journal means
acknowledged lines were lost, and that session is set aside (named, with what to do) rather
than served with less than it acknowledged; a checkpoint that disagrees is ignored and the
journal replayed; one damaged session never stops the others."""

from __future__ import annotations

import json
import logging

import pytest

from conftest import ServerProcess
from journal_kit import journal_of, make_session, open_store, verify
from roomserver.core.refusal import Refusal


@pytest.fixture
def two_sessions(tmp_path):
    """Two closed sessions (checkpointed at their last line); return (data_dir, victim, other)."""
    store = open_store(tmp_path / "data")
    victim = make_session(store, 1001)
    other = make_session(store, 1002)
    store.close()
    return tmp_path / "data", store, victim, other


def _checkpoints(data_dir) -> dict:
    return json.loads((data_dir / "roomserver.json").read_bytes())["checkpoints"]


def _edit_checkpoint(data_dir, session_id, change) -> None:
    tables = json.loads((data_dir / "roomserver.json").read_bytes())
    row = next(r for r in tables["checkpoints"].values() if r["session_id"] == session_id)
    change(row)
    (data_dir / "roomserver.json").write_text(json.dumps(tables), encoding="utf-8")


def _served(data_dir) -> tuple[list[int], list[dict]]:
    store = open_store(data_dir)
    try:
        return sorted(s.number for s in store.sessions()), store.set_aside
    finally:
        store.close()


def test_a_torn_last_line_is_cut_logged_and_served(two_sessions, caplog):
    data_dir, store, victim, _ = two_sessions
    path = journal_of(store, victim)
    with open(path, "ab") as out:
        out.write(b'{"seq":7,"ts":1.0,"type":"answer_rec')  # the power went out mid-write: never acknowledged
    caplog.set_level(logging.WARNING)
    served, aside = _served(data_dir)
    assert served == [1001, 1002] and not aside
    assert "torn" in caplog.text and path.read_bytes().endswith(b"}\n")
    assert verify(path).returncode == 0


@pytest.mark.parametrize("damage", ["last_line_deleted", "last_line_torn", "journal_emptied", "journal_deleted",
                                    "session_folder_deleted"])
def test_a_journal_behind_its_checkpoint_is_set_aside_and_named(two_sessions, damage):
    data_dir, store, victim, other = two_sessions
    path = journal_of(store, victim)
    original = path.read_bytes()
    body = original.splitlines(keepends=True)
    remains = {"last_line_deleted": 5, "last_line_torn": 5, "journal_emptied": 0, "journal_deleted": 0,
               "session_folder_deleted": 0}[damage]
    if damage == "last_line_deleted":
        path.write_bytes(b"".join(body[:-1]))
    elif damage == "last_line_torn":  # the checkpoint had the line: it had been acknowledged
        path.write_bytes(original[:-20])
    elif damage == "journal_emptied":
        path.write_bytes(b"")
    elif damage == "journal_deleted":
        path.unlink()
    else:
        path.unlink()
        path.parent.rmdir()
    damaged = path.read_bytes() if path.exists() else None

    store = open_store(data_dir)
    assert [s.number for s in store.sessions()] == [1002]  # the other one is served
    (aside,) = store.set_aside
    reason = aside["reason"]
    assert aside["session_id"] == victim.state.id and aside["number"] == 1001 and aside["kind"] == "lost"
    assert "n°1001" in reason and victim.state.id in reason
    assert "événement 6" in reason and (f"événement {remains}" in reason or "disparu" in reason)
    assert "sudo systemctl stop roomserver" in reason and f"sudo mv {data_dir} {data_dir}.endommage" in reason
    if damage == "last_line_torn":
        assert "dernière ligne incomplète" in reason
    with pytest.raises(Refusal) as refused:
        store.by_number(1001)
    assert refused.value.status == 503
    store.close()
    assert (path.read_bytes() if path.exists() else None) == damaged  # set aside: nothing changed on disk
    assert _checkpoints(data_dir)  # and its checkpoint is still there, for whoever restores
    if path.exists():
        result = verify(path)
        assert result.returncode == 1 and "EN AVANCE" in result.stderr


def test_an_empty_journal_without_checkpoint_was_never_acknowledged(tmp_path, caplog):
    store = open_store(tmp_path / "data")
    (store.sessions_dir / "abc").mkdir()
    (store.sessions_dir / "abc" / "journal.jsonl").write_bytes(b"")
    store = open_store(tmp_path / "data")
    assert not store.sessions() and not store.set_aside and "never acknowledged" in caplog.text


@pytest.mark.parametrize("edit", ["state", "hash", "seq_back", "signature", "unsigned", "truncated_row"])
def test_a_checkpoint_that_disagrees_is_ignored_and_the_journal_replayed(two_sessions, caplog, edit):
    data_dir, store, victim, _ = two_sessions

    def change(row):
        if edit == "state":  # the forger keeps seq and hash, and changes what the state says
            row["state"]["candidates"][0]["first_name"] = "Mallory"
        elif edit == "hash":
            row["hash"] = "f" * 64
        elif edit == "seq_back":
            row["seq"] = 3
        elif edit == "signature":
            row["mac"] = "0" * 64
        elif edit == "unsigned":  # written by a version without keys
            del row["mac"]
        else:
            del row["state"]

    _edit_checkpoint(data_dir, victim.state.id, change)
    result = verify(journal_of(store, victim))
    if edit == "unsigned":
        assert result.returncode == 0 and "non signé" in result.stdout
    else:
        assert result.returncode == 1 and "Point de reprise\u00a0: ÉCHEC" in result.stderr
    caplog.set_level(logging.WARNING)
    store = open_store(data_dir)
    handle = store.by_number(1001)
    assert not store.set_aside and handle.state.seq == 6
    assert handle.state.candidates["c0"].first_name == "Élodie0"  # from the journal, not the checkpoint
    assert handle.checkpoint_seq == 0 and "ignored" in caplog.text and "replaying" in caplog.text
    store.close()  # a good checkpoint again
    assert _served(data_dir) == ([1001, 1002], [])
    assert verify(journal_of(store, victim)).returncode == 0


def test_verify_journal_fails_on_an_edited_checkpoint(two_sessions):
    data_dir, store, victim, _ = two_sessions
    _edit_checkpoint(data_dir, victim.state.id, lambda row: row["state"].update(comment="forgé"))
    result = verify(journal_of(store, victim))
    assert result.returncode == 1 and "signature du point de reprise est fausse" in result.stderr


def test_a_good_checkpoint_is_used(two_sessions):
    data_dir, store, victim, _ = two_sessions
    _edit_checkpoint(data_dir, victim.state.id, lambda row: None)  # rewritten, unchanged
    store = open_store(data_dir)
    assert store.by_number(1001).checkpoint_seq == 6


def test_an_unreadable_tables_file_is_kept_aside_and_the_journals_replayed(two_sessions, caplog):
    data_dir, store, victim, _ = two_sessions
    tables = data_dir / "roomserver.json"
    with store.tables.lock:
        store.tables.table("settings").insert({"name": "admin_password", "salt": "00", "scrypt": "00"})
    broken = tables.read_bytes()[: tables.stat().st_size // 2]  # a disk error, or a hand edit gone wrong
    tables.write_bytes(broken)

    store = open_store(data_dir)
    assert sorted(s.number for s in store.sessions()) == [1001, 1002] and not store.set_aside
    (kept,) = data_dir.glob("roomserver.json.damaged-*")
    assert kept.read_bytes() == broken  # never overwritten, never deleted
    (warning,) = store.warnings
    assert kept.name in warning and "mot de passe administrateur" in warning
    assert store.storage_report()["warnings"] == [warning]
    store.close()
    assert len(_checkpoints(data_dir)) == 2  # rebuilt from the journals
    assert not json.loads(tables.read_bytes()).get("settings")


def test_a_stale_checkpoint_of_a_deleted_session_is_dropped(two_sessions):
    data_dir, store, victim, _ = two_sessions
    deleted = data_dir / "deleted" / victim.state.id
    deleted.parent.mkdir()
    journal_of(store, victim).parent.rename(deleted)  # a crash between the move and the checkpoint removal
    assert _served(data_dir) == ([1002], [])
    assert victim.state.id not in {r["session_id"] for r in _checkpoints(data_dir).values()}


def test_a_real_server_serves_the_other_session_and_says_which_one_is_set_aside(two_sessions):
    data_dir, store, victim, _ = two_sessions
    path = journal_of(store, victim)
    path.write_bytes(b"".join(path.read_bytes().splitlines(keepends=True)[:-1]))  # the last line is gone
    damaged = path.read_bytes()
    server = ServerProcess(data_dir, command="serve").start()
    try:
        health = _get(server.url + "/healthz")
        assert health["sessions"] == 1
        if "storage" in health:  # /healthz reports it (api/meta.py, the integrator's)
            assert health["status"] == "degraded"
            assert [s["number"] for s in health["storage"]["set_aside"]] == [1001]
        login = server.url + "/api/v1/invigilator/login"
        served = _post(login, {"session_number": "1002", "password": "C-ABCDEF", "name": "Mme Martin"})
        assert served[0] == 200, served
        refused = _post(login, {"session_number": "1001", "password": "C-ABCDEF", "name": "Mme Martin"})
        assert refused[0] == 503 and refused[1]["error"]["code"] == "session_set_aside"
    finally:
        server.stop()
    log = server.log()
    assert f"Session n°1001 (id {victim.state.id}) mise de côté" in log
    assert "événement 6" in log and "événement 5" in log and "sert l'autre session" in log
    assert path.read_bytes() == damaged


def _get(url):
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def _post(url, body):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
