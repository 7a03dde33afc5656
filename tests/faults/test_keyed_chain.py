"""The journal is signed with the room server's key: anyone who can write the file but has not
the key cannot change an outcome and pass verification, nor pass a signed journal off as an
old unsigned one. Old unsigned journals still load, as such. A finalised journal is sealed."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import shutil
import stat
import subprocess
import sys

import pytest

from journal_kit import (ROOT, cli, journal_of, lines, make_session, open_store, recompute_sha256, verify,
                         write_lines)
from roomserver.core import commands
from roomserver.core.refusal import Refusal
from roomserver.store.journal import CHAIN_HMAC, Journal, JournalReadOnly, canonical, verify_journal
from roomserver.store.keys import KeyProblem, key_id, key_path


def test_a_new_session_is_signed_with_the_data_directory_key(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    store = open_store(tmp_path / "data")
    handle = make_session(store, 1001)
    store.close()
    key_file = key_path(tmp_path / "data")
    key = key_file.read_bytes()
    assert len(key) == 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert store.key_id == key_id(key) and len(store.key_id) == 16
    for line in lines(journal_of(store, handle)):
        assert line["chain"] == CHAIN_HMAC and line["key_id"] == store.key_id
        body = canonical([line["prev"], line["seq"], line["ts"], line["type"], line["data"]])
        assert line["hash"] == hmac.new(key, body, hashlib.sha256).hexdigest()
        assert line["hash"] != hashlib.sha256(body).hexdigest()
    tables = (tmp_path / "data" / "roomserver.json").read_text()
    everything = caplog.text + journal_of(store, handle).read_text() + tables
    assert key.hex() not in everything and repr(key) not in everything
    assert store.key_id in caplog.text  # the fingerprint only
    assert open_store(tmp_path / "data").key == key  # created once, then kept


def test_a_key_readable_by_others_is_closed_again(tmp_path, caplog):
    open_store(tmp_path / "data").close()
    key_file = key_path(tmp_path / "data")
    os.chmod(key_file, 0o644)
    open_store(tmp_path / "data").close()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and "readable by others" in caplog.text


@pytest.mark.parametrize("attack", ["edit_and_recompute", "edit_and_downgrade_the_tail", "downgrade_everything"])
def test_an_attacker_without_the_key_fails_the_keyed_check(tmp_path, attack):
    store = open_store(tmp_path / "data")
    victim = make_session(store, 1001)
    other = make_session(store, 1002)
    store.close()
    path = journal_of(store, victim)
    objs = lines(path)
    assert objs[2]["type"] == "candidate_enrolled"
    objs[2]["data"]["first_name"] = "Mallory"  # what someone might want to change: an outcome, a name
    if attack == "edit_and_recompute":
        forged = recompute_sha256(objs, start=2)
    elif attack == "edit_and_downgrade_the_tail":
        forged = recompute_sha256(objs, start=2, keep_markers=False)
    else:
        forged = recompute_sha256(objs, start=0, keep_markers=False)
    write_lines(path, forged)

    again = open_store(tmp_path / "data")
    assert [s.number for s in again.sessions()] == [1002]  # the other session is served
    (aside,) = again.set_aside
    assert aside["session_id"] == victim.state.id and aside["number"] == 1001
    assert "n°1001" in aside["reason"] and "sauvegarde" in aside["reason"]
    with pytest.raises(Refusal) as refused:
        again.by_number(1001)
    assert refused.value.status == 503 and refused.value.code == "session_set_aside"
    assert 1001 in again.taken_numbers()

    result = verify(path)
    assert result.returncode == 1, result.stdout + result.stderr
    if attack == "downgrade_everything":
        assert "n'est pas signé alors que ce serveur signe" in result.stderr
    else:
        assert "ligne 3" in result.stderr
    if attack == "edit_and_recompute":
        assert "Clé\u00a0: ÉCHEC à la ligne 3" in result.stderr
    assert verify(journal_of(store, other)).returncode == 0


def test_verify_journal_reports_the_key_check(tmp_path):
    store = open_store(tmp_path / "data")
    handle = make_session(store, 1001)
    store.close()
    path = journal_of(store, handle)
    ok = cli("verify-journal", path)
    assert ok.returncode == 0, ok.stderr
    assert "Événements\u00a0: 6" in ok.stdout and "signée (hmac-sha256" in ok.stdout
    assert f"Clé\u00a0: OK, 6\u00a0lignes signées vérifiées avec la clé {store.key_id}" in ok.stdout
    assert "Fin\u00a0: intacte." in ok.stdout and "Point de reprise\u00a0: OK" in ok.stdout
    assert f"hash final\u00a0: {handle.journal.last_hash}" in ok.stdout

    elsewhere = tmp_path / "copy" / "x" / "y" / "journal.jsonl"  # no data directory around it
    elsewhere.parent.mkdir(parents=True)
    shutil.copy(path, elsewhere)
    unchecked = verify(elsewhere)
    assert unchecked.returncode == 3 and "signatures ne sont pas vérifiées" in unchecked.stdout
    assert verify(elsewhere, key_path(tmp_path / "data")).returncode == 0
    open_store(tmp_path / "other").close()
    wrong = verify(elsewhere, key_path(tmp_path / "other"))
    assert wrong.returncode == 1 and "autre clé" in wrong.stderr and "ligne 1" in wrong.stderr


def _legacy_session(data_dir, number: int) -> str:
    """A session written by a version without keys: format 1 lines, plain SHA-256."""
    session_id = f"old{number}"
    journal, _ = Journal.open(data_dir / "sessions" / session_id / "journal.jsonl")
    decided = commands.create_session(session_id, number, "ABC234", "C-ABCDEF", {}, {"id": "demo", "version": "1"})
    decided += [("server_started", {"version": "0.9"})] * 3
    for kind, data in decided:
        journal.wait_durable(journal.append(kind, data, 1763740800.0).seq)
    journal.close()
    return session_id


def test_old_unsigned_journals_still_load_and_say_so(tmp_path):
    data = tmp_path / "data"
    session_id = _legacy_session(data, 2001)
    path = data / "sessions" / session_id / "journal.jsonl"
    assert "chain" not in lines(path)[0]
    before = verify(path)  # no key yet: an old data directory
    assert before.returncode == 0 and "chaîne non signée (ancien format" in before.stdout

    store = open_store(data)  # the first run of this version: the key is created
    assert [s.number for s in store.sessions()] == [2001] and not store.set_aside
    store.close()
    upgraded = verify(path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "chaîne non signée (ancien format" in upgraded.stdout and "création de la clé" in upgraded.stdout

    store = open_store(data)  # it goes on: new lines are signed, the old ones stay as they were
    store.execute(store.by_number(2001), lambda s: [("server_started", {"version": "1.0"})])
    store.close()
    assert "chain" not in lines(path)[3] and lines(path)[4]["chain"] == CHAIN_HMAC
    mixed = verify(path)
    assert mixed.returncode == 0 and "mixte\u00a0: lignes 1 à 4 non signées" in mixed.stdout
    assert [s.seq for s in open_store(data).sessions()] == [5]


def test_an_old_journal_rewritten_after_the_upgrade_is_set_aside(tmp_path):
    data = tmp_path / "data"
    session_id = _legacy_session(data, 2001)
    open_store(data).close()  # upgrade: its 4 unsigned lines are recorded, signed
    path = data / "sessions" / session_id / "journal.jsonl"
    objs = lines(path)
    objs[1]["data"]["version"] = "9.9"
    write_lines(path, recompute_sha256(objs, start=1, keep_markers=False))
    assert verify_journal(path)[0] == 4  # a plain SHA-256 chain: it holds without the key...
    store = open_store(data)
    assert not store.sessions() and "ne correspond plus" in store.set_aside[0]["reason"]  # ...not with it
    assert verify(path).returncode == 1


def test_a_lost_key_stops_the_server_rather_than_start_a_new_chain(tmp_path):
    store = open_store(tmp_path / "data")
    make_session(store, 1001)
    store.close()
    key_path(tmp_path / "data").unlink()
    with pytest.raises(KeyProblem, match="a disparu"):
        open_store(tmp_path / "data")
    assert not key_path(tmp_path / "data").exists()  # no new key was made
    key_path(tmp_path / "data").write_bytes(b"short")
    with pytest.raises(KeyProblem, match="endommagée"):
        open_store(tmp_path / "data")
    result = subprocess.run([sys.executable, "-m", "roomserver", "serve", "--data-dir", str(tmp_path / "data"),
                             "--port", "0"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "ARRÊT" in result.stderr and "clé des journaux" in result.stderr


# -- sealing -----------------------------------------------------------------------------------------

def _finalise(store, handle):
    final_hash = handle.journal.last_hash
    store.execute(handle, lambda s: [("session_finalised", {"final_hash": final_hash, "by": "admin"})])
    store.seal(handle)
    return final_hash


def test_a_finalised_journal_is_sealed_read_only(tmp_path):
    store = open_store(tmp_path / "data")
    handle = make_session(store, 1001)
    key = key_path(tmp_path / "data").read_bytes()
    final_hash = handle.journal.last_hash
    objs = lines(journal_of(store, handle))
    body = canonical([objs[-1][k] for k in ("prev", "seq", "ts", "type", "data")])
    assert final_hash == hmac.new(key, body, hashlib.sha256).hexdigest()  # the keyed hash
    assert _finalise(store, handle) == final_hash
    path = journal_of(store, handle)
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert handle.journal.read_only and "scellé" in handle.journal.read_only
    with pytest.raises(JournalReadOnly, match="scellé"):
        handle.journal.append("server_started", {"version": "x"}, 1.0)
    with pytest.raises(Refusal) as refused:
        store.execute(handle, lambda s: [("server_started", {"version": "x"})])
    assert refused.value.status == 409
    sealed_bytes = path.read_bytes()
    store.close()

    again = open_store(tmp_path / "data")  # on load: read-only, and the start writes nothing in it
    reopened = again.by_number(1001)
    assert reopened.journal.read_only
    assert commands.server_started(reopened.state, "1.0") == []
    with pytest.raises(JournalReadOnly):
        reopened.journal.append("server_started", {"version": "x"}, 1.0)
    again.close()
    assert path.read_bytes() == sealed_bytes
    assert verify(path).returncode == 0


def test_a_seal_that_did_not_reach_the_disk_is_finished_at_the_next_start(tmp_path):
    store = open_store(tmp_path / "data")
    handle = make_session(store, 1001)
    final_hash = handle.journal.last_hash
    store.execute(handle, lambda s: [("session_finalised", {"final_hash": final_hash, "by": "admin"})])
    store.close()  # the power went out before the seal: the event is durable, the mode is not
    path = journal_of(store, handle)
    assert stat.S_IMODE(path.stat().st_mode) & 0o200
    again = open_store(tmp_path / "data")
    assert stat.S_IMODE(path.stat().st_mode) == 0o444 and again.by_number(1001).journal.read_only


def test_bytes_added_after_the_seal_set_the_session_aside(tmp_path):
    store = open_store(tmp_path / "data")
    handle = make_session(store, 1001)
    _finalise(store, handle)
    store.close()
    path = journal_of(store, handle)
    os.chmod(path, 0o644)
    with open(path, "ab") as out:
        out.write(b'{"seq":99')
    again = open_store(tmp_path / "data")
    assert not again.sessions() and "après le scellement" in again.set_aside[0]["reason"]
    assert path.read_bytes().endswith(b'{"seq":99')  # set aside: nothing on disk changed


def test_a_signed_journal_opened_without_its_key_is_read_only(tmp_path):
    store = open_store(tmp_path / "data")
    handle = make_session(store, 1001)
    store.close()
    journal, events = Journal.open(journal_of(store, handle))
    assert len(events) == 6 and journal.read_only
    with pytest.raises(JournalReadOnly, match="sans sa clé"):
        journal.append("server_started", {}, 1.0)
    json.loads(journal_of(store, handle).read_bytes().splitlines()[-1])
