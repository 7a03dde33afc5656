"""The journal: chain, fsync before acknowledgement, group commit, torn tail, corruption."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from roomserver.store.journal import GENESIS, Journal, JournalCorrupt, JournalWriteError, verify_journal


def write_events(path, n, start=0):
    journal, _ = Journal.open(path)
    for i in range(start, start + n):
        event = journal.append("note", {"i": i, "texte": "élève"}, 1763740800.0 + i)
        journal.wait_durable(event.seq)
    journal.close()


def test_each_line_is_chained_to_the_previous_one(tmp_path):
    path = tmp_path / "journal.jsonl"
    write_events(path, 3)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["seq"] for line in lines] == [1, 2, 3]
    assert lines[0]["prev"] == GENESIS
    assert lines[1]["prev"] == lines[0]["hash"] and lines[2]["prev"] == lines[1]["hash"]
    assert verify_journal(path) == (3, lines[2]["hash"], 0)


def test_reopening_continues_the_chain(tmp_path):
    path = tmp_path / "journal.jsonl"
    write_events(path, 2)
    write_events(path, 2, start=2)
    journal, events = Journal.open(path)
    assert [e.data["i"] for e in events] == [0, 1, 2, 3]
    assert journal.last_seq == 4


def test_nothing_is_on_disk_before_wait_durable_and_everything_after(tmp_path):
    path = tmp_path / "journal.jsonl"
    journal, _ = Journal.open(path)
    event = journal.append("note", {}, 1.0)
    assert path.read_bytes() == b""
    journal.wait_durable(event.seq)
    assert path.read_bytes().count(b"\n") == 1


def test_concurrent_appends_share_fsyncs(tmp_path):
    journal, _ = Journal.open(tmp_path / "journal.jsonl")
    barrier = threading.Barrier(16)

    def writer(k):
        barrier.wait()
        for i in range(20):
            journal.wait_durable(journal.append("note", {"k": k, "i": i}, 1.0).seq)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    count, _, _ = verify_journal(journal.path)
    assert count == 320
    assert journal.fsyncs < 320  # group commit: some fsyncs covered several events


def test_a_torn_last_line_is_cut_and_logged(tmp_path, caplog):
    path = tmp_path / "journal.jsonl"
    write_events(path, 3)
    with open(path, "ab") as handle:
        handle.write(b'{"seq":4,"ts":1.0,"type":"no')  # the power went out mid-write
    assert verify_journal(path)[2] > 0
    journal, events = Journal.open(path)
    assert len(events) == 3
    assert "torn" in caplog.text
    event = journal.append("note", {"after": True}, 2.0)
    journal.wait_durable(event.seq)
    assert verify_journal(path) == (4, event.hash, 0)


@pytest.mark.parametrize("damage", ["edit", "delete", "garbage", "reorder"])
def test_damage_before_the_last_line_stops_loading(tmp_path, damage):
    path = tmp_path / "journal.jsonl"
    write_events(path, 4)
    lines = path.read_bytes().splitlines(keepends=True)
    if damage == "edit":
        lines[1] = lines[1].replace("élève".encode(), "eleve".encode())
    elif damage == "delete":
        del lines[1]
    elif damage == "garbage":
        lines[1] = b"not json\n"
    else:
        lines[1], lines[2] = lines[2], lines[1]
    path.write_bytes(b"".join(lines))
    with pytest.raises(JournalCorrupt, match="ligne 2"):
        Journal.open(path)


def test_a_failed_write_rolls_back_and_refuses_further_appends(tmp_path):
    path = tmp_path / "journal.jsonl"
    journal, _ = Journal.open(path)
    journal.wait_durable(journal.append("note", {"i": 0}, 1.0).seq)
    event = journal.append("note", {"i": 1}, 1.0)
    os.close(journal._fd)
    journal._fd = os.open(os.devnull, os.O_RDONLY)  # the next write fails with EBADF
    with pytest.raises(JournalWriteError):
        journal.wait_durable(event.seq)
    with pytest.raises(JournalWriteError):
        journal.append("note", {"i": 2}, 1.0)
    assert verify_journal(path)[0] == 1


def test_verify_journal_command(tmp_path):
    path = tmp_path / "journal.jsonl"
    write_events(path, 5)  # an unsigned journal, outside any data directory
    run = lambda: subprocess.run([sys.executable, "-m", "roomserver", "verify-journal", str(path)],
                                 capture_output=True, text=True)
    ok = run()
    assert ok.returncode == 0, ok.stderr
    assert "Événements\u00a0: 5" in ok.stdout and verify_journal(path)[1] in ok.stdout
    assert "chaîne non signée (ancien format" in ok.stdout and "Résultat\u00a0: OK." in ok.stdout
    path.write_bytes(path.read_bytes().replace(b'"i":2', b'"i":9'))
    broken = run()
    assert broken.returncode == 1 and "CORROMPU" in broken.stderr and "ligne 3" in broken.stderr
    assert "Résultat\u00a0: ÉCHEC." in broken.stdout
    assert run_missing(tmp_path).returncode == 2


def run_missing(tmp_path):
    return subprocess.run([sys.executable, "-m", "roomserver", "verify-journal", str(tmp_path / "nope.jsonl")],
                          capture_output=True, text=True)
