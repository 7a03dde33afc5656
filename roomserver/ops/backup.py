"""Backups while the server runs, and the journal mirror on a second disk.

Why a plain copy is consistent here: a journal only ever grows by whole lines, and a line is
on disk before its answer is acknowledged, so the complete lines present when we read are a
valid chain (a torn last line was never acknowledged: left out). The tables file
(``roomserver.json``) and the files of ``keys/`` are replaced atomically, so a read sees a whole
version. The order matters: the tables file (with its checkpoints) is copied *before* the
journals, so no checkpoint of the copy is ahead of its journal (that would set the session aside).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from .. import __version__

SKIPPED_SUFFIXES = (".lock",)  # the live server's locks (.serving.lock, roomserver.json.lock): meaningless in a copy
TOP_FIRST = ("keys", "roomserver.json")  # copied before the journals (see the module's docstring)


def _skip(name: str) -> bool:
    return name.endswith(SKIPPED_SUFFIXES) or ".tmp-" in name or name.startswith(".fsync-probe")


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write(path: Path, data: bytes, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def complete_lines(data: bytes) -> bytes:
    """The bytes up to the last newline: what was durable and acknowledged (a torn tail never was)."""
    end = data.rfind(b"\n")
    return data[: end + 1] if end >= 0 else b""


def _copy_file(source: Path, target: Path, journal: bool) -> dict:
    data = source.read_bytes()
    if journal:
        data = complete_lines(data)
    _write(target, data, source.stat().st_mode & 0o777)
    entry = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if journal and data:
        last = json.loads(data[data.rfind(b"\n", 0, len(data) - 1) + 1:])
        entry.update(events=last.get("seq"), last_hash=last.get("hash"))
    return entry


def _ordered_files(data_dir: Path) -> list[Path]:
    first = [p for name in TOP_FIRST for p in ([data_dir / name] if (data_dir / name).is_file()
                                                else sorted((data_dir / name).rglob("*")) if (data_dir / name).is_dir()
                                                else [])]
    rest = sorted(p for p in data_dir.rglob("*") if p not in first)
    return [p for p in first + rest if p.is_file() and not any(_skip(part) for part in p.relative_to(data_dir).parts)]


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict


def backup(data_dir: Path, to: Path, now: dt.datetime | None = None) -> BackupResult:
    """Copy ``data_dir`` into a new folder of ``to``; returns it with its manifest.

    Written as ``NAME.partial`` and renamed at the end: a folder without that suffix is complete."""
    data_dir, to = Path(data_dir), Path(to)
    if not (data_dir / "sessions").is_dir() and not (data_dir / "roomserver.json").exists():
        raise FileNotFoundError(f"{data_dir} n'est pas un dossier de données du serveur de salle")
    now = now or dt.datetime.now()
    name = f"roomserver-{socket.gethostname()}-{now:%Y%m%d-%H%M%S}"
    final = to / name
    work = to / (name + ".partial")
    to.mkdir(parents=True, exist_ok=True)
    work.mkdir(mode=0o700)  # journals hold the session's codes: the copy is as private as the original
    files = {}
    started = time.monotonic()
    for source in _ordered_files(data_dir):
        relative = source.relative_to(data_dir)
        try:
            files[str(relative)] = _copy_file(source, work / relative, source.suffix == ".jsonl")
        except FileNotFoundError:
            continue  # a session removed meanwhile (moved to deleted/, copied from there)
    manifest = {"kind": "roomserver-backup", "version": __version__, "created_at": now.isoformat(timespec="seconds"),
                "source": str(data_dir.resolve()), "host": socket.gethostname(),
                "seconds": round(time.monotonic() - started, 3), "files": files}
    _write(work / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"), 0o600)
    for directory in sorted({p.parent for p in work.rglob("*")} | {work}, key=lambda p: len(p.parts), reverse=True):
        _fsync_dir(directory)
    os.replace(work, final)
    _fsync_dir(to)
    return BackupResult(final, manifest)


class Mirror:
    """A second copy of the data directory on another disk, kept up to date every few seconds:
    the lines appended to each journal, the tables file and the keys when they change.
    ``status()`` says in French what is wrong (disk gone, same disk, write refused)."""

    def __init__(self, data_dir: Path, mirror_dir: Path):
        self.data_dir, self.mirror_dir = Path(data_dir), Path(mirror_dir)
        self.offsets: dict[Path, int] = {}  # journal -> bytes already mirrored
        self.stamps: dict[Path, tuple] = {}  # other files -> (size, mtime_ns) last copied
        self.problem: str | None = None
        self.last_ok: float | None = None
        self.lines_copied = 0

    def status(self) -> dict:
        return {"dir": str(self.mirror_dir), "problem": self.problem, "last_ok": self.last_ok,
                "journals": len(self.offsets)}

    def _check_target(self) -> str | None:
        if not self.mirror_dir.is_dir():
            return (f"La copie de secours est impossible\u00a0: le dossier {self.mirror_dir} est absent "
                    "(clé USB retirée\u00a0?). Rebranchez-la.")
        if os.stat(self.mirror_dir).st_dev == os.stat(self.data_dir).st_dev:
            return (f"La copie de secours {self.mirror_dir} est sur le même disque que les données\u00a0: "
                    "elle ne protège pas d'une panne de ce disque (clé USB non montée\u00a0?).")
        return None

    def sync_once(self) -> int:
        """Copy what changed since the last call; the number of journal lines copied. Never raises."""
        problem = self._check_target()
        copied = 0
        if not self.mirror_dir.is_dir():  # never create it: a stick removed must not become a folder
            self.problem = problem
            return 0
        try:
            for source in _ordered_files(self.data_dir):
                target = self.mirror_dir / source.relative_to(self.data_dir)
                if source.suffix == ".jsonl":
                    copied += self._append_journal(source, target)
                else:
                    stamp = (source.stat().st_size, source.stat().st_mtime_ns)
                    if self.stamps.get(source) != stamp:
                        _write(target, source.read_bytes(), source.stat().st_mode & 0o777)
                        self.stamps[source] = stamp
        except FileNotFoundError:
            pass  # a file moved meanwhile: the next round sees it in its new place
        except OSError as exc:
            problem = problem or f"La copie de secours sur {self.mirror_dir} échoue\u00a0: {exc.strerror or exc}."
        self.problem = problem
        if problem is None:
            self.last_ok = time.time()
        self.lines_copied += copied
        return copied

    def _append_journal(self, source: Path, target: Path) -> int:
        offset = self.offsets.get(source)
        if offset is None:
            offset = self._resume_offset(source, target)
        with open(source, "rb") as handle:
            handle.seek(offset)
            new = complete_lines(handle.read())
        if new:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "ab") as out:
                out.write(new)
                out.flush()
                os.fsync(out.fileno())
            mode = source.stat().st_mode & 0o777
            if target.stat().st_mode & 0o777 != mode:
                os.chmod(target, mode)
        self.offsets[source] = offset + len(new)
        return new.count(b"\n")

    def _resume_offset(self, source: Path, target: Path) -> int:
        """Where to continue: after the copy already on the mirror when it is a prefix of the
        journal, else from scratch (the copy is replaced)."""
        if target.exists():
            size = target.stat().st_size
            with open(source, "rb") as a, open(target, "rb") as b:
                if size <= source.stat().st_size and a.read(size) == b.read():
                    return size
            os.chmod(target, 0o600)
            target.unlink()
        return 0
