"""What the serving process keeps beside the app for operations, and the background loops
(companions) that ``serve.py`` starts: systemd watchdog pings, health watch, journal mirror.

Kept in ``app.extensions["roomserver_ops"]`` (``ops_state``); an app made by a test
without ``serve.py`` gets a bare one, so ``/api/v1/health`` answers there too.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .health import FsyncProbe, measure, warnings_for

log = logging.getLogger("roomserver.ops")
EXTENSION = "roomserver_ops"
MIRROR_EVERY_S = 2.0
HEALTH_EVENT = "server_health"  # Socket.IO event on /invigilator; keep in sync with the dashboard when it shows it


@dataclass
class OpsState:
    data_dir: Path
    started_at: float = field(default_factory=time.time)
    connections: object | None = None  # ConnectionTable, under eventlet
    mirror: object | None = None  # backup.Mirror when mirror_dir is set
    advertiser: object | None = None  # advert.AdvertiserProcess when advertising
    fsync: FsyncProbe = None  # type: ignore[assignment]
    last_warnings: list = field(default_factory=list)

    def __post_init__(self):
        import psutil

        self.fsync = self.fsync or FsyncProbe(self.data_dir)
        psutil.cpu_percent(interval=None)  # the first reading only sets the baseline of the next


def ops_state(app) -> OpsState:
    state = app.extensions.get(EXTENSION)
    if state is None:
        state = app.extensions[EXTENSION] = OpsState(Path(app.extensions["roomserver"].settings["data_dir"]))
    return state


def storage_warnings(store) -> list[dict]:
    """The store's own damage report, as warnings of the same shape."""
    report = store.storage_report()
    out = []
    if report["writes_failing"]:
        out.append({"code": "writes_failing", "message": "Le disque refuse d'enregistrer (plein ou en lecture "
                    "seule)\u00a0: les réponses attendent. Libérez de la place."})
    out += [{"code": "session_set_aside", "message": item["reason"]} for item in report["set_aside"]]
    out += [{"code": "storage_warning", "message": text} for text in report["warnings"]]
    return out


def health_report(app) -> dict:
    """Figures and warnings for ``GET /api/v1/health`` and the dashboards."""
    svc = app.extensions["roomserver"]
    state = ops_state(app)
    advertiser = state.advertiser
    figures = measure(state.data_dir, sessions=svc.store.sessions(), fsync=state.fsync, started_at=state.started_at,
                      connections=state.connections.report() if state.connections is not None else None,
                      mirror=state.mirror.status() if state.mirror is not None else None)
    figures["zeroconf"] = None if advertiser is None else {"advertising": advertiser.running,
                                                          "name": advertiser.advert.name}
    warnings = storage_warnings(svc.store) + warnings_for(figures)
    if advertiser is not None and not advertiser.running:
        warnings.append({"code": "zeroconf_stopped", "message": "Le serveur ne s'annonce plus sur le réseau "
                         "(zeroconf)\u00a0: les postes doivent utiliser l'adresse écrite au tableau."})
    return {"status": "warning" if warnings else "ok", "warnings": warnings, **figures}


def run_companions(app, notifier, start: Callable, sleep: Callable, offload: Callable) -> None:
    """Start the background loops. ``start(fn)`` starts a green thread (or a thread),
    ``sleep`` is the matching sleep, ``offload(fn)`` runs blocking disk work off the hub."""
    state = ops_state(app)
    socketio = app.extensions["roomserver"].socketio
    every_s = app.extensions["roomserver"].settings["health_every_s"]
    if notifier.ping_interval_s:
        def watchdog():
            # Pinged from the serving loop itself: a hub that stops turning stops the pings,
            # and systemd restarts the server (WatchdogSec in the unit).
            while True:
                notifier.watchdog()
                sleep(notifier.ping_interval_s)
        start(watchdog)

    def watch_health():
        while True:
            try:
                offload(state.fsync.measure)
                with app.app_context():
                    report = health_report(app)
                if report["warnings"] != state.last_warnings:
                    state.last_warnings = report["warnings"]
                    for warning in report["warnings"]:
                        log.warning("health: %s", warning["message"], extra={"fields": {"code": warning["code"]}})
                    socketio.emit(HEALTH_EVENT, {"status": report["status"], "warnings": report["warnings"],
                                                 "at": time.time()}, namespace="/invigilator")
                    notifier.status(status_line(report["warnings"]))
            except Exception:  # the watch must outlive any one bad reading
                log.exception("health watch failed; next try in %d s", every_s)
            sleep(every_s)
    start(watch_health)

    if state.mirror is not None:
        def mirror():
            while True:
                offload(state.mirror.sync_once)
                sleep(MIRROR_EVERY_S)
        start(mirror)


def status_line(warnings: list[dict]) -> str:
    """The one line ``systemctl status roomserver`` shows."""
    if not warnings:
        return "En service."
    first = warnings[0]["message"]
    return f"En service, {len(warnings)} avertissement{'s' if len(warnings) > 1 else ''}\u00a0: {first}"
