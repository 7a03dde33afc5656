"""Helpers for the journal integrity tests: real stores on real files, and an attacker who
rewrites a journal and recomputes its hashes the way anyone without the key could."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

from roomserver.core import commands
from roomserver.store.journal import GENESIS, canonical
from roomserver.store.sessions import SessionStore

ROOT = Path(__file__).resolve().parents[2]


def open_store(data_dir: Path, **options) -> SessionStore:
    store = SessionStore(data_dir, **options)
    store.load_all()
    return store


def make_session(store: SessionStore, number: int, candidates: int = 2, extra_events: int = 3):
    """A session with enrolled candidates and a few ``server_started`` events; durable."""
    handle = store.create(lambda sid: commands.create_session(
        sid, number, "ABC234", "C-ABCDEF", {"site": "Lycée Test", "room": "B12"}, {"id": "demo", "version": "1"}))
    for i in range(candidates):
        store.execute(handle, lambda s, i=i: commands.enrol_candidate(s, f"c{i}", f"Élodie{i}", "Martin",
                                                                      f"2010-03-{i + 1:02d}"))
    for _ in range(extra_events):
        store.execute(handle, lambda s: [("server_started", {"version": "test"})])
    return handle


def journal_of(store: SessionStore, handle) -> Path:
    return store.sessions_dir / handle.state.id / "journal.jsonl"


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_bytes().splitlines()]


def write_lines(path: Path, objs: list[dict]) -> None:
    Path(path).write_bytes(b"".join(json.dumps(o, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
                                    for o in objs))


def recompute_sha256(objs: list[dict], start: int = 0, keep_markers: bool = True) -> list[dict]:
    """What an attacker without the key can do: recompute every hash from line ``start`` on with
    plain SHA-256 (keeping the lines' chain markers, or dropping them to pass for the old format)."""
    prev = objs[start - 1]["hash"] if start else GENESIS
    out = [dict(o) for o in objs]
    for o in out[start:]:
        if not keep_markers:
            o.pop("chain", None)
            o.pop("key_id", None)
        o["prev"] = prev
        o["hash"] = hashlib.sha256(canonical([o["prev"], o["seq"], o["ts"], o["type"], o["data"]])).hexdigest()
        prev = o["hash"]
    return out


def cli(*args: str) -> subprocess.CompletedProcess:
    """The real command, in a child process."""
    return subprocess.run([sys.executable, "-m", "roomserver", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def verify(path: Path, key: Path | None = None) -> subprocess.CompletedProcess:
    """``roomserver verify-journal`` in this process (the same code as ``cli``, without the start-up cost)."""
    from roomserver.cli.journal import verify_journal

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = verify_journal(Path(path), key)
    return subprocess.CompletedProcess(["verify-journal", str(path)], code, out.getvalue(), err.getvalue())
