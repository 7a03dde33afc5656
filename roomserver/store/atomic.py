"""Atomic file writes and a TinyDB storage built on them.

TinyDB's default JSONStorage rewrites its file in place: a kill at the wrong moment
leaves a file TinyDB refuses to open (7 of 150 kill -9 trials in the spike). Every
TinyDB file here goes through ``AtomicJSONStorage``: temp file, fsync, os.replace,
fsync of the directory. A reader therefore sees the old file or the new one, never half.
The file work (write, fsync, rename) runs through ``offload`` (off the event loop under
eventlet, decision 0006): a checkpoint or the alive mark no longer freezes the server while
its fsyncs last.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import Storage

from . import offload


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o666) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new content.

    The temporary file is created with ``mode`` (less the umask) from the start, so a secret
    is never readable by others even for a moment; a failed write (disk full) removes it.
    """
    offload.run(_replace, Path(path), data, mode)


def _replace(path: Path, data: bytes, mode: int) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)  # left by a killed process that had our pid
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never leaves a torn file behind."""

    def __init__(self, path: str | Path, create_dirs: bool = True, **_ignored):
        self.path = Path(path)
        if create_dirs:
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def read(self):
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        return json.loads(raw)

    def write(self, data) -> None:
        # Serialised here, written off the event loop: JSON is CPU work, which a pool thread
        # would only do while holding the interpreter lock the event loop needs.
        atomic_write_bytes(self.path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))

    def close(self) -> None:
        pass


class FileLock:
    """A re-entrant lock held across threads of this process AND across processes.

    Every TinyDB operation is a read-modify-write of the whole file; the server and a
    script (``roomserver admin set-password``) may both write it. Holding ``flock`` on
    ``<file>.lock`` for the whole operation means neither can undo the other's write.

    One lock per file per process: ``FileLock(path)`` gives the same object for the same path.
    Two objects would take two ``flock`` descriptors on one file in one process, and they conflict:
    under eventlet a green thread holding the first (its fsync runs in the pool, so it yields) would
    never run again while the hub waits in ``flock`` for the second. One object makes the second
    caller wait on the re-entrant thread lock instead, which yields.
    """

    _instances: dict[str, "FileLock"] = {}
    _registry_lock = threading.Lock()

    def __new__(cls, path: Path):
        key = os.path.abspath(path)
        with cls._registry_lock:
            found = cls._instances.get(key)
            if found is None:
                found = super().__new__(cls)
                found._path = Path(key)
                found._thread_lock = threading.RLock()
                found._depth = 0
                found._fd = None
                cls._instances[key] = found
            return found

    def __init__(self, path: Path):
        """Nothing more: ``__new__`` made (or found) the lock of this file."""

    def __enter__(self) -> "FileLock":
        self._thread_lock.acquire()
        try:
            if self._depth == 0:
                self._path.parent.mkdir(parents=True, exist_ok=True)
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            self._depth += 1
        except BaseException:
            self._thread_lock.release()
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            self._depth -= 1
            if self._depth == 0 and self._fd is not None:
                os.close(self._fd)  # closing the descriptor releases the flock
                self._fd = None
        finally:
            self._thread_lock.release()


def open_table_db(path: str | Path) -> TinyDB:
    """Open a TinyDB file with the atomic storage (never the default one).

    TinyDB is not thread-safe and every table operation is a read-modify-write of the
    whole file: whoever writes takes ``db.lock`` (one lock per file, shared by all tables
    and, through ``flock``, by every process that opens the same file).
    """
    path = Path(path)
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.lock = FileLock(path.with_name(path.name + ".lock"))
    return db
