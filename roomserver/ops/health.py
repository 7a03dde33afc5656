"""Health figures of the room server (psutil) and the warnings they raise, in French.

``measure`` gathers the figures; ``warnings_for`` is a pure function of them (unit-tested
with made-up figures); ``FsyncProbe`` measures how long the data directory's disk takes to
make a small write durable (the journal does one such fsync per group of answers).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.states import SessionStatus

DISK_MIN_BYTES = 500 * 1024 * 1024
MEMORY_MAX_PCT = 90.0
FSYNC_SLOW_MS = 100.0  # a journal fsync this slow makes every answer wait (SD cards can)
CONNECTIONS_HIGH_PCT = 90.0
# What one candidate's test adds on disk: measured about 28 kB of journal for 13 questions
# (so about 100 kB for 48), with room for focus events, alerts and the checkpoint's share.
BYTES_PER_CANDIDATE = 256 * 1024


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.0f}\u00a0Mo".replace(",", "\u202f")


@dataclass(frozen=True)
class Thresholds:
    disk_min_bytes: int = DISK_MIN_BYTES
    memory_max_pct: float = MEMORY_MAX_PCT
    fsync_slow_ms: float = FSYNC_SLOW_MS
    connections_high_pct: float = CONNECTIONS_HIGH_PCT


class FsyncProbe:
    """Time a 4 KiB write + fsync in the data directory; keeps the last result ``max_age_s``."""

    def __init__(self, directory: Path, max_age_s: float = 60.0, samples: int = 3):
        self.directory, self.max_age_s, self.samples = Path(directory), max_age_s, samples
        self.last: dict | None = None
        self.measured_at = 0.0

    def measure(self) -> dict:
        path = self.directory / f".fsync-probe-{os.getpid()}"
        timings = []
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                for _ in range(self.samples):
                    os.write(fd, os.urandom(4096))
                    started = time.perf_counter()
                    os.fsync(fd)
                    timings.append((time.perf_counter() - started) * 1000)
            finally:
                os.close(fd)
                path.unlink(missing_ok=True)
        except OSError as exc:
            self.last = {"ok": False, "error": exc.strerror or str(exc)}
        else:
            self.last = {"ok": True, "median_ms": round(statistics.median(timings), 3),
                         "max_ms": round(max(timings), 3), "samples": len(timings)}
        self.measured_at = time.monotonic()
        return self.last

    def current(self) -> dict:
        if self.last is None or time.monotonic() - self.measured_at > self.max_age_s:
            return self.measure()
        return self.last


def day_need_bytes(sessions, tables_size: int, today: str | None = None) -> int:
    """Disk the sessions of the day may still need: every candidate of today's sessions not yet
    closed, plus room for one more atomic copy of the tables file (written beside the old one)."""
    today = today or dt.date.today().isoformat()
    candidates = sum(len(s.candidates) for s in sessions
                     if s.details.get("date") == today and s.status in (SessionStatus.CREATED, SessionStatus.STARTED))
    return candidates * BYTES_PER_CANDIDATE + 2 * tables_size


def measure(data_dir: Path, *, sessions=(), fsync: FsyncProbe | None = None, started_at: float | None = None,
            connections: dict | None = None, mirror: dict | None = None) -> dict:
    """Every figure of ``GET /api/v1/health``; psutil for the machine, the store for the rest."""
    import psutil

    data_dir = Path(data_dir)
    disk = psutil.disk_usage(str(data_dir))
    memory = psutil.virtual_memory()
    tables = data_dir / "roomserver.json"
    tables_size = tables.stat().st_size if tables.exists() else 0
    process = psutil.Process()
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = None
    battery = psutil.sensors_battery() if hasattr(psutil, "sensors_battery") else None
    now = time.time()
    try:
        open_files = process.num_fds()
    except (AttributeError, psutil.Error):
        open_files = None
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return {
        "cpu": {"percent": psutil.cpu_percent(interval=None), "count": psutil.cpu_count()},
        "memory": {"percent": memory.percent, "total_bytes": memory.total, "available_bytes": memory.available,
                   "process_rss_bytes": process.memory_info().rss},
        "disk": {"path": str(data_dir), "free_bytes": disk.free, "total_bytes": disk.total, "percent": disk.percent,
                 "day_need_bytes": day_need_bytes(sessions, tables_size)},
        "load": load,
        "uptime": {"server_s": round(now - started_at, 1) if started_at else None,
                   "machine_s": round(now - psutil.boot_time(), 1)},
        "power": None if battery is None else {"percent": round(battery.percent, 1),
                                               "plugged": battery.power_plugged,
                                               "seconds_left": battery.secsleft if battery.secsleft >= 0 else None},
        "fsync": (fsync or FsyncProbe(data_dir)).current(),
        "sync": sync_figures(data_dir, now),
        "files": {"open": open_files, "limit": soft},
        "connections": connections,
        "mirror": mirror,
    }


def sync_figures(data_dir: Path, now: float) -> dict:
    """The outbox of finalised sessions (sync/outbox.py): what waits, what needs a person. Read
    only: a data directory that never sealed a session has no outbox file, and gets none."""
    from sync import outbox

    counts = {state: 0 for state in outbox.STATES}
    oldest = None
    if outbox.outbox_path(data_dir).exists():
        for job in outbox.Outbox(data_dir).all():
            counts[job["state"]] += 1
            if job["state"] in (outbox.PENDING, outbox.SENDING):
                oldest = job["created_at"] if oldest is None else min(oldest, job["created_at"])
    return {"backlog": counts[outbox.PENDING] + counts[outbox.SENDING],
            "needs_attention": counts[outbox.NEEDS_ATTENTION], "delivered": counts[outbox.DELIVERED],
            "oldest_waiting_s": None if oldest is None else round(max(0.0, now - oldest), 1)}


def warnings_for(figures: dict, thresholds: Thresholds = Thresholds()) -> list[dict]:
    """The French warnings the figures call for: ``[{"code", "message"}]``, most urgent first."""
    out = []
    disk = figures.get("disk") or {}
    if disk:
        need = max(thresholds.disk_min_bytes, disk.get("day_need_bytes", 0))
        if disk["free_bytes"] < need:
            why = ("ce que demandent les sessions du jour" if disk.get("day_need_bytes", 0) > thresholds.disk_min_bytes
                   else "le minimum de " + _mb(thresholds.disk_min_bytes))
            out.append({"code": "disk_low", "message": f"Espace disque faible\u00a0: {_mb(disk['free_bytes'])} libres "
                        f"dans le dossier de données, moins que {why} ({_mb(need)}). Libérez de la place."})
    power = figures.get("power")
    if power and power.get("plugged") is False:
        left = power.get("seconds_left")
        more = f", environ {round(left / 60)}\u00a0min d'autonomie" if left else ""
        out.append({"code": "on_battery", "message": f"Le serveur fonctionne sur batterie ({power['percent']:.0f}\u00a0%"
                    f"{more})\u00a0: vérifiez l'alimentation secteur."})
    memory = figures.get("memory") or {}
    if memory and memory["percent"] > thresholds.memory_max_pct:
        out.append({"code": "memory_high", "message": f"Mémoire presque pleine\u00a0: {memory['percent']:.0f}\u00a0% "
                    "utilisés. Fermez les autres programmes du serveur."})
    fsync = figures.get("fsync") or {}
    if fsync and not fsync.get("ok", True):
        out.append({"code": "disk_unwritable", "message": "Le dossier de données refuse les écritures "
                    f"({fsync.get('error')})\u00a0: les réponses ne peuvent plus être enregistrées."})
    elif fsync.get("median_ms", 0) > thresholds.fsync_slow_ms:
        out.append({"code": "disk_slow", "message": f"Disque lent\u00a0: {fsync['median_ms']:.0f}\u00a0ms pour "
                    "rendre une écriture durable. Les réponses des candidats attendent d'autant."})
    connections = figures.get("connections") or {}
    if connections and connections["busy"] >= connections["cap"] * thresholds.connections_high_pct / 100:
        out.append({"code": "connections_high", "message": f"{connections['busy']} connexions actives pour "
                    f"{connections['cap']} au plus\u00a0: le serveur approche de sa limite."})
    sync = figures.get("sync") or {}
    if sync.get("needs_attention"):
        n = sync["needs_attention"]
        out.append({"code": "sync_needs_attention", "message": (
            "Une session finalisée n'a pas pu être envoyée à l'organisme" if n == 1 else
            f"{n} sessions finalisées n'ont pas pu être envoyées à l'organisme")
            + "\u00a0: voyez la page de la session ou roomserver sync status."})
    mirror = figures.get("mirror") or {}
    if mirror and mirror.get("problem"):
        out.append({"code": "mirror_failing", "message": mirror["problem"]})
    return out
