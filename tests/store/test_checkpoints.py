"""Checkpoints: signed, never ahead of what is durable, checked against the journal on load."""

from __future__ import annotations

import json

from roomserver.core import commands
from roomserver.core.session import apply
from roomserver.store.integrity import checkpoint_mac, judge_checkpoint
from roomserver.store.sessions import SessionStore


def _store(tmp_path):
    store = SessionStore(tmp_path / "data")
    store.load_all()
    handle = store.create(lambda sid: commands.create_session(sid, 1001, "ABC234", "C-ABCDEF", {}, {"id": "demo"}))
    return store, handle


def test_a_checkpoint_waits_for_what_it_saves_to_be_durable(tmp_path):
    store, handle = _store(tmp_path)
    event = handle.journal.append("server_started", {"version": "t"}, 2.0)  # appended, applied, not yet fsync'd
    apply(handle.state, event)
    assert handle.journal.durable_seq == 1
    store.checkpoint(handle)
    assert handle.journal.durable_seq == 2 == handle.checkpoint_seq
    row = store.checkpoint_row(handle.state.id)
    assert row["seq"] == 2 and row["hash"] == event.hash
    assert row["mac"] == checkpoint_mac(store.key, handle.state.id, 2, event.hash, row["state"])
    assert judge_checkpoint(row, handle.state.id, ["x", event.hash], store.key).trusted


def test_the_signature_survives_the_round_trip_through_the_file(tmp_path):
    store, handle = _store(tmp_path)
    store.execute(handle, lambda s: commands.enrol_candidate(s, "c1", "Zoë", "Łukasiewicz", "2010-01-31"))
    store.close()
    tables = json.loads((tmp_path / "data" / "roomserver.json").read_bytes())
    (row,) = tables["checkpoints"].values()
    hashes = [json.loads(line)["hash"] for line in handle.journal.path.read_bytes().splitlines()]
    assert judge_checkpoint(row, handle.state.id, hashes, store.key).kind == "ok"
    again = SessionStore(tmp_path / "data")
    again.load_all()
    assert again.by_number(1001).checkpoint_seq == 2
    assert again.by_number(1001).state.candidates["c1"].last_name == "Łukasiewicz"


def test_verdicts(tmp_path):
    store, handle = _store(tmp_path)
    store.checkpoint(handle)
    row = store.checkpoint_row(handle.state.id)
    sid, key = handle.state.id, store.key
    assert judge_checkpoint(None, sid, [row["hash"]], key).kind == "none"
    assert judge_checkpoint(row, sid, [], key).loss
    assert judge_checkpoint(row, sid, ["other"], key).kind == "mismatch"
    assert judge_checkpoint(dict(row, mac="0" * 64), sid, [row["hash"]], key).kind == "bad_signature"
    assert judge_checkpoint(row, "another-session", [row["hash"]], key).kind == "bad_signature"
    assert judge_checkpoint({"seq": 1}, sid, [row["hash"]], key).kind == "unreadable"
    unsigned = {k: v for k, v in row.items() if k != "mac"}
    assert judge_checkpoint(unsigned, sid, [], key).kind == "unsigned"  # never a loss on an unsigned word
