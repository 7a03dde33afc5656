"""One ``FileLock`` per file per process (roomserver/store/atomic.py). Two would take two flock
descriptors on one file, which conflict even inside one process: under eventlet, a green thread
holding the first while its fsync runs in the pool would never run again while the hub waits in
``flock`` for the second (the server froze: the health figures read the sync outbox while the
worker was writing it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from roomserver.store.atomic import FileLock, open_table_db

ROOT = Path(__file__).resolve().parents[2]


def test_the_same_file_gives_the_same_lock(tmp_path):
    assert FileLock(tmp_path / "a.lock") is FileLock(tmp_path / "sub" / ".." / "a.lock")
    assert FileLock(tmp_path / "a.lock") is not FileLock(tmp_path / "b.lock")
    assert open_table_db(tmp_path / "t.json").lock is open_table_db(tmp_path / "t.json").lock


def test_two_tables_on_one_file_never_freeze_the_event_loop(tmp_path):
    """Green thread A holds the file (and yields, as a write offloaded to the pool does); green
    thread B opens the same file again. B waits its turn; nothing freezes."""
    script = textwrap.dedent(f"""
        import eventlet
        eventlet.monkey_patch()
        from roomserver.store.atomic import open_table_db

        path = {str(tmp_path / "outbox.json")!r}
        order = []

        def writer():
            db = open_table_db(path)
            with db.lock:
                order.append("a in")
                eventlet.sleep(0.3)  # the fsync in the pool: the hub runs others meanwhile
                db.table("jobs").insert({{"n": 1}})
                order.append("a out")

        def reader():
            eventlet.sleep(0.05)
            db = open_table_db(path)  # another TinyDB object on the same file, as a health probe makes
            with db.lock:
                order.append("b %d" % len(db.table("jobs")))

        eventlet.spawn(writer)
        eventlet.spawn(reader).wait()
        print(order)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['a in', 'a out', 'b 1']"
