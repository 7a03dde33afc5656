"""TinyDB files are written atomically: a crash leaves the old file or the new one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from roomserver.store.atomic import AtomicJSONStorage, open_table_db

WRITER = """
import sys
from roomserver.store.atomic import open_table_db
db = open_table_db(sys.argv[1])
i = 0
while True:
    db.table("t").insert({"i": i, "blob": "x" * 20000})
    i += 1
"""


def test_round_trip(tmp_path):
    db = open_table_db(tmp_path / "db.json")
    db.table("settings").insert({"name": "élève"})
    assert open_table_db(tmp_path / "db.json").table("settings").all() == [{"name": "élève"}]
    assert isinstance(db.storage, AtomicJSONStorage)


def test_kill_during_writes_never_leaves_a_torn_file(tmp_path):
    path = tmp_path / "db.json"
    for trial in range(8):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)])
        time.sleep(0.3 + trial * 0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        json.loads(path.read_bytes())  # parses: old or new, never half
        assert open_table_db(path).table("t").all()


def test_no_tinydb_is_opened_with_its_default_storage():
    """Every TinyDB goes through open_table_db (AtomicJSONStorage)."""
    from pathlib import Path
    import re

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in list((root / "roomserver").rglob("*.py")) + list((root / "preflight").rglob("*.py")):
        for match in re.finditer(r"TinyDB\(([^)]*)\)", path.read_text(encoding="utf-8")):
            if "storage=AtomicJSONStorage" not in match.group(1):
                offenders.append(f"{path.relative_to(root)}: {match.group(0)}")
    assert not offenders, offenders


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    import errno

    import roomserver.store.atomic as atomic

    path = tmp_path / "db.json"
    atomic.atomic_write_bytes(path, b"old")

    class Full:
        def __getattr__(self, name):
            return getattr(os, name)

        def write(self, fd, data):
            os.write(fd, bytes(data[:3]))  # a little reaches the disk, then it is full
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "os", Full())
    try:
        atomic.atomic_write_bytes(path, b"new content")
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    else:
        raise AssertionError("the write should have failed")
    assert path.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["db.json"]


def test_a_secret_is_never_readable_by_others_even_while_written(tmp_path, monkeypatch):
    import stat

    import roomserver.store.atomic as atomic

    modes = []
    real_write = os.write

    def spy(fd, data):
        modes.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return real_write(fd, data)

    monkeypatch.setattr(atomic.os, "write", spy)
    old_umask = os.umask(0)
    try:
        atomic.atomic_write_bytes(tmp_path / "secret", b"k" * 32, mode=0o600)
    finally:
        os.umask(old_umask)
    assert modes == [0o600] and stat.S_IMODE((tmp_path / "secret").stat().st_mode) == 0o600
