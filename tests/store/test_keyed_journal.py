"""The journal's keyed format (version 2), the key file, sealing, and the list of old journals."""

from __future__ import annotations

import json
import os
import stat

import pytest

from roomserver.store.journal import (ChainReader, Journal, JournalCorrupt, JournalReadOnly, JournalScan, event_hash,
                                      verify_journal)
from roomserver.store.keys import KeyProblem, key_id, load_or_create_key, read_unkeyed, write_unkeyed

KEY = bytes(range(32))
OTHER = bytes(range(1, 33))


def keyed(path, n, key=KEY):
    journal, _ = Journal.open(path, key)
    for i in range(n):
        journal.wait_durable(journal.append("note", {"i": i}, 1763740800.0 + i).seq)
    return journal


def test_a_keyed_line_names_its_chain_and_key(tmp_path):
    path = tmp_path / "journal.jsonl"
    keyed(path, 2).close()
    first = path.read_bytes().splitlines()[0]
    assert first.endswith(b',"chain":"hmac-sha256","key_id":"' + key_id(KEY).encode() + b'"}')
    assert json.loads(first)["prev"] == "0" * 64
    assert verify_journal(path, KEY)[0] == 2
    with pytest.raises(JournalCorrupt, match="autre clé") as wrong:
        verify_journal(path, OTHER)
    assert wrong.value.lineno == 1 and wrong.value.kind == "other_key"


def test_without_the_key_only_the_links_are_checked(tmp_path):
    path = tmp_path / "journal.jsonl"
    keyed(path, 3).close()
    assert verify_journal(path)[0] == 3
    lines = path.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b'"i":1', b'"i":7')  # same length, links untouched
    path.write_bytes(b"".join(lines))
    assert verify_journal(path)[0] == 3  # nobody without the key can tell...
    with pytest.raises(JournalCorrupt, match="signature") as caught:  # ...the key can
        verify_journal(path, KEY)
    assert caught.value.lineno == 2


def test_an_unsigned_line_after_a_signed_one_is_refused(tmp_path):
    path = tmp_path / "journal.jsonl"
    old, _ = Journal.open(path)  # format 1 first, as an old journal
    old.wait_durable(old.append("note", {"i": 0}, 1.0).seq)
    old.close()
    keyed(path, 1).close()  # then the upgrade signs what follows
    without_key, _ = Journal.open(path)
    assert without_key.read_only  # a signed journal opened without its key: read only
    scan = JournalScan.read(path, KEY)
    assert (scan.unkeyed, scan.keyed) == (1, 1)
    last = scan.events[-1]
    forged = {"seq": 3, "ts": 3.0, "type": "note", "data": {"i": 9}, "prev": last.hash}  # well linked, unsigned
    forged["hash"] = event_hash(forged["prev"], 3, 3.0, "note", {"i": 9})
    with open(path, "ab") as out:
        out.write(json.dumps(forged, separators=(",", ":")).encode() + b"\n")
    with pytest.raises(JournalCorrupt, match="non signée après") as caught:
        verify_journal(path, KEY)
    assert caught.value.lineno == 3 and caught.value.kind == "downgrade"


def test_an_unknown_chain_is_refused(tmp_path):
    path = tmp_path / "journal.jsonl"
    keyed(path, 1).close()
    path.write_bytes(path.read_bytes().replace(b"hmac-sha256", b"hmac-md5"))
    with pytest.raises(JournalCorrupt, match="inconnu"):
        ChainReader(path, KEY).read(path.read_bytes(), 1)


def test_seal_makes_the_file_read_only_and_append_raises(tmp_path):
    path = tmp_path / "journal.jsonl"
    journal = keyed(path, 2)
    journal.append("session_finalised", {"final_hash": journal.last_hash}, 5.0)  # queued, not yet durable
    journal.seal()
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert verify_journal(path, KEY)[0] == 3  # the seal flushed what was queued
    with pytest.raises(JournalReadOnly, match="scellé"):
        journal.append("note", {}, 6.0)
    journal.close()
    journal.close()  # idempotent
    again, events = Journal.open(path, KEY)
    assert again.read_only and events[-1].type == "session_finalised"


def test_a_closed_journal_refuses_appends(tmp_path):
    journal = keyed(tmp_path / "journal.jsonl", 1)
    journal.close()
    with pytest.raises(JournalReadOnly, match="fermé"):
        journal.append("note", {}, 1.0)


# -- the key file ------------------------------------------------------------------------------------

def test_the_key_is_created_once_with_private_modes(tmp_path):
    old_umask = os.umask(0)  # even with a permissive umask
    try:
        key = load_or_create_key(tmp_path)
    finally:
        os.umask(old_umask)
    path = tmp_path / "keys" / "journal.key"
    assert len(key) == 32 and path.read_bytes() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_or_create_key(tmp_path) == key
    assert key_id(key) == key_id(key) and len(key_id(key)) == 16 and key.hex()[:16] != key_id(key)
    assert not [p for p in path.parent.iterdir() if ".tmp-" in p.name]


def test_before_create_runs_before_the_key_exists(tmp_path):
    seen = []
    load_or_create_key(tmp_path, before_create=lambda key: seen.append((tmp_path / "keys" / "journal.key").exists()))
    assert seen == [False]
    load_or_create_key(tmp_path, before_create=lambda key: seen.append("again"))
    assert seen == [False]


def test_a_damaged_key_is_refused(tmp_path):
    load_or_create_key(tmp_path)
    (tmp_path / "keys" / "journal.key").write_bytes(b"x" * 31)
    with pytest.raises(KeyProblem, match="31\u00a0octets"):
        load_or_create_key(tmp_path)


def test_the_list_of_old_journals_is_signed(tmp_path):
    write_unkeyed(tmp_path, KEY, {"abc": {"seq": 4, "hash": "ab" * 32}})
    key_file = tmp_path / "keys" / "journal.key"
    assert read_unkeyed(key_file, KEY) == {"abc": {"seq": 4, "hash": "ab" * 32}}
    listing = tmp_path / "keys" / "unkeyed-journals.json"
    listing.write_text(listing.read_text().replace('"seq": 4', '"seq": 9'))
    with pytest.raises(KeyProblem, match="modifiée"):
        read_unkeyed(key_file, KEY)
    with pytest.raises(KeyProblem):
        read_unkeyed(key_file, OTHER)
    listing.unlink()
    assert read_unkeyed(key_file, KEY) == {}
