"""What every benchmark scenario shares: a real server process (the tests' own,
``tests/serverproc.py``, optionally on the emulated slow disk), a keep-alive JSON client that
retries like a page does, seeding a data directory, percentiles, the server's CPU and memory,
and the journal's events and fsyncs."""

from __future__ import annotations

import http.client
import json
import os
import random
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parents[1]
sys.path.insert(0, str(BENCH_DIR.parent))  # tests/: the server process shared with the tests

from serverproc import ServerProcess  # noqa: E402

JOURNAL_MATCH = "journal.jsonl"  # the shim counts the journal's fsyncs apart from the others


def pct(values, p):
    """The p-th percentile (nearest rank); None for no values."""
    values = sorted(values)
    if not values:
        return None
    return values[min(len(values) - 1, int(len(values) * p / 100))]


class Down(Exception):
    """The server did not answer (killed, restarting, refused the connection)."""


class Client:
    """One browser's keep-alive connection, speaking JSON."""

    def __init__(self, port: int, timeout: float = 15.0):
        self.port, self.timeout = port, timeout
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.token: str | None = None

    def call(self, method: str, path: str, body=None) -> tuple[int, dict]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            self.conn.request(method, path, json.dumps(body) if body is not None else None, headers)
            response = self.conn.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as exc:  # refused, reset, closed, timed out
            self.conn.close()
            raise Down(repr(exc)) from None
        try:
            return response.status, json.loads(raw) if raw else {}
        except ValueError:
            return response.status, {"raw": raw[:200].decode(errors="replace")}

    def call_until_up(self, method: str, path: str, body=None, deadline: float = 0.0,
                      retry_s: tuple[float, float] = (0.2, 0.3), on_retry=None) -> tuple[int, dict]:
        """Send again (same body: every call used here may be repeated) until the server answers.
        The page retries the same way with the same answer_id, so nothing is recorded twice."""
        while True:
            try:
                return self.call(method, path, body)
            except Down:
                if time.monotonic() >= deadline:
                    raise
                if on_retry:
                    on_retry(path)
                time.sleep(random.uniform(*retry_s))

    def close(self) -> None:
        self.conn.close()


@dataclass
class DiskProfile:
    """This machine's disk, or the emulated one (``delay_ms`` added to every fsync)."""

    name: str
    delay_ms: float


class BenchServer(ServerProcess):
    """``roomserver demo`` as a real child process on 127.0.0.1 (eventlet, the production mode),
    with the fsync shim preloaded when a SlowDisk is given (delay 0: counting only)."""

    poll_s = 0.02  # the restart storm times the start to ready with it

    def __init__(self, data_dir: Path, disk=None, root: Path = REPO, extra_args: tuple[str, ...] = ()):
        super().__init__(data_dir, "demo", extra_args, root=root)
        self.disk = disk

    def environment(self) -> dict[str, str]:
        env = super().environment()
        return self.disk.env(env) if self.disk is not None else env

    def start(self, timeout: float = 60.0) -> "BenchServer":
        super().start(timeout)
        return self

    def stop(self, timeout: float = 15.0) -> None:
        super().stop(timeout)

    def peak_rss_mb(self) -> float | None:
        """VmHWM: the highest resident set of the process's life so far."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def cpu_s(self) -> float:
        """User + system CPU seconds of the process so far."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def journal_path(data_dir: Path) -> Path:
    return next((Path(data_dir) / "sessions").glob("*/journal.jsonl"))


def journal_lines(data_dir: Path) -> int:
    """Events in the (one) session's journal: its complete lines."""
    with open(journal_path(data_dir), "rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


class Probe:
    """Figures of one phase: wall time, server CPU, journal events and journal fsyncs."""

    def __init__(self, server: BenchServer, disk):
        self.server, self.disk = server, disk

    def __enter__(self) -> "Probe":
        self.t0 = time.monotonic()
        self.cpu0 = self.server.cpu_s()
        self.events0 = journal_lines(self.server.data_dir)
        self.fsyncs0 = self.disk.read().matched if self.disk else 0
        self.all0 = self.disk.read().calls if self.disk else 0
        return self

    def __exit__(self, *exc) -> None:
        self.wall_s = time.monotonic() - self.t0
        self.cpu_pct = (self.server.cpu_s() - self.cpu0) / self.wall_s * 100 if self.wall_s else None
        self.events = journal_lines(self.server.data_dir) - self.events0
        counters = self.disk.read() if self.disk else None
        self.fsyncs = counters.matched - self.fsyncs0 if counters else None
        self.all_fsyncs = counters.calls - self.all0 if counters else None

    @property
    def events_per_fsync(self) -> float | None:
        return self.events / self.fsyncs if self.fsyncs else None

    def figures(self) -> dict:
        return {"wall_s": round(self.wall_s, 2), "server_cpu_pct": self.cpu_pct, "journal_events": self.events,
                "journal_fsyncs": self.fsyncs, "all_fsyncs": self.all_fsyncs,
                "events_per_fsync": self.events_per_fsync}


# -- seeding ------------------------------------------------------------------------------------

def seed_data_dir(data_dir: Path, count: int) -> dict:
    """The demo session plus certifiable candidates up to ``count``; writes demo.json (the
    server's ``demo`` command then serves it as is)."""
    from roomserver.content import DEMO_PACK_DIR, load_pack
    from roomserver.core import commands
    from roomserver.demo import demo_profile, seed
    from roomserver.store.sessions import SessionStore

    pack = load_pack(DEMO_PACK_DIR)
    store = SessionStore(data_dir)
    try:
        demo = seed(store, pack)
        handle = store.by_number(demo["session_number"])
        rng = random.Random(300)
        i = 0
        while sum(1 for p in demo["candidates"] if p["certifiable"]) < count:
            i += 1
            candidate_id = uuid.uuid4().hex[:12]
            first, last, birthdate = f"Banc{i:03d}", "Charge", f"2011-{1 + i % 12:02d}-{1 + i % 28:02d}"
            profile = demo_profile(pack, rng, None)  # a full profile: certifiable
            store.execute(handle, lambda s, c=candidate_id, f=first, n=last, b=birthdate, p=profile:
                          commands.enrol_candidate(s, c, f, n, b, 0, p))
            demo["candidates"].append({"candidate_id": candidate_id, "first_name": first, "last_name": last,
                                       "birthdate": birthdate, "extra_time_pct": 0,
                                       "certifiable": handle.state.candidates[candidate_id].certifiable})
    finally:
        store.close()
    (Path(data_dir) / "demo.json").write_text(json.dumps(demo, ensure_ascii=False, indent=2), encoding="utf-8")
    return demo


def run_python(code: str, disk=None, root: Path = REPO, timeout: float = 300) -> dict:
    """Run ``code`` in a child Python (on the emulated disk when given); it prints one JSON line."""
    env = {**os.environ}
    if disk is not None:
        env = disk.env(env)
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"child failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def machine_load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"
