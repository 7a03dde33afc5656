"""An emulated slow disk: ``fsync_shim.c`` compiled with gcc into a temporary directory and
preloaded into a child process (``SlowDisk.env()``), with counters read from this process.

Used by ``make bench`` (5 ms per fsync) and by the group-commit tests (to count the served
process's fsyncs without strace, and to make one fsync last long enough to see what the server
does meanwhile).
"""

from __future__ import annotations

import mmap
import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SOURCE = Path(__file__).resolve().with_name("fsync_shim.c")
LAYOUT = struct.Struct("<5Q")  # the counters; then the live delay (see fsync_shim.c)
LIVE_DELAY = struct.Struct("<Q")


class ShimUnavailable(RuntimeError):
    """gcc is missing or failed: the caller says so (a test skips, the bench reports it)."""


def compile_shim(directory: Path) -> Path:
    """Build the shared object in ``directory``; ShimUnavailable when that is impossible."""
    gcc = shutil.which("gcc")
    if gcc is None:
        raise ShimUnavailable("gcc is not installed")
    target = Path(directory) / "fsync_shim.so"
    result = subprocess.run([gcc, "-O2", "-shared", "-fPIC", "-o", str(target), str(SOURCE), "-ldl", "-lpthread"],
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise ShimUnavailable(f"gcc failed: {result.stderr.strip()[:500]}")
    return target


@dataclass
class Counters:
    calls: int
    matched: int
    in_progress: int
    delayed_us: int
    started: int


class SlowDisk:
    """One compiled shim and one counters file; ``env()`` gives what a child process needs."""

    def __init__(self, delay_ms: float = 0.0, match: str | None = None, directory: Path | None = None,
                 delay_matched_only: bool = False):
        self._tmp = None
        if directory is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="slowdisk-")
            directory = Path(self._tmp.name)
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.delay_ms, self.match, self.delay_matched_only = delay_ms, match, delay_matched_only
        self.library = compile_shim(self.directory)
        self.counters_path = self.directory / "counters"
        self.counters_path.write_bytes(b"\0" * 4096)
        self._file = open(self.counters_path, "r+b")
        self._map = mmap.mmap(self._file.fileno(), 4096)

    def env(self, base: dict | None = None) -> dict:
        """Environment variables for a child process on the emulated disk."""
        env = dict(base or {})
        env["LD_PRELOAD"] = f"{self.library} {env['LD_PRELOAD']}" if env.get("LD_PRELOAD") else str(self.library)
        env["RS_FSYNC_DELAY_US"] = str(int(self.delay_ms * 1000))
        env["RS_FSYNC_COUNTERS"] = str(self.counters_path)
        if self.match:
            env["RS_FSYNC_MATCH"] = self.match
        else:
            env.pop("RS_FSYNC_MATCH", None)
        env["RS_FSYNC_DELAY_MATCHED_ONLY"] = "1" if self.delay_matched_only else "0"
        return env

    def read(self) -> Counters:
        return Counters(*LAYOUT.unpack_from(self._map, 0))

    def reset(self) -> None:
        self._map[:LAYOUT.size] = b"\0" * LAYOUT.size

    def set_delay(self, ms: float) -> None:
        """Change the delay of the running child at once (0: back to the one it started with)."""
        LIVE_DELAY.pack_into(self._map, LAYOUT.size, int(ms * 1000))

    def close(self) -> None:
        self._map.close()
        self._file.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    def __enter__(self) -> "SlowDisk":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
