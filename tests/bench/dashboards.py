"""The invigilators' dashboards under load: one process holding several Socket.IO clients
(websocket transport, namespace /invigilator), and the latency of each acknowledged answer to
every dashboard.

An answer's latency = max over the dashboards of (first receipt of a row of that candidate
with ``answered`` >= the count the acknowledgement returned) - the moment the acknowledgement
was read. ``time.monotonic()`` is system-wide on Linux, so the processes' clocks compare. A push
may arrive before the ack is read (the server emits before it answers): such latencies are
negative and kept as they are. An update not on every dashboard within MISS_AFTER_S counts as
missed and enters the percentiles as an infinite latency (nothing is dropped to flatter a figure).
"""

from __future__ import annotations

import bisect
import json
import math
import threading
import time
import traceback
from pathlib import Path

NAMESPACE = "/invigilator"
MISS_AFTER_S = 5.0


def dashboard_process(port: int, tokens: list[str], ready, stop, out_path: str) -> None:
    """Connect one Socket.IO client per token; record (candidate_id, answered, t_recv, seq) of
    every candidate_updated until ``stop``; write everything to ``out_path``."""
    import engineio
    import socketio

    class SyncEngineIO(engineio.Client):
        # python-socketio's client starts a thread per received message by default: on hundreds
        # of messages a second that adds its own jitter (and reorders). Dispatch in the read thread.
        def _trigger_event(self, event, *args, **kwargs):
            if event == "message":
                kwargs["run_async"] = False
            return super()._trigger_event(event, *args, **kwargs)

    class Dashboard(socketio.Client):
        def _engineio_client_class(self):
            return SyncEngineIO

    result = {"dashboards": [], "error": None}
    clients = []
    stopping = threading.Event()  # disconnects after it are ours
    try:
        for token in tokens:
            record = {"updates": [], "built_to_recv_ms": [], "rosters": 0, "session_updated": 0, "connections": 0,
                      "disconnects": 0, "connect_error": None}
            got_roster = threading.Event()
            sio = Dashboard(reconnection=False)

            def on_update(payload, record=record):
                t, wall = time.monotonic(), time.time()
                row = payload["candidate"]
                record["updates"].append((row["candidate_id"], row["answered"], t, payload["seq"]))
                record["built_to_recv_ms"].append((wall - payload["server_time"]) * 1000)

            def on_roster(payload, record=record, got_roster=got_roster):
                record["rosters"] += 1
                got_roster.set()

            def count(name, record=record):
                def handler(*_):
                    if not stopping.is_set():
                        record[name] += 1
                return handler

            def on_connect_error(data, record=record):
                record["connect_error"] = data

            sio.on("candidate_updated", on_update, namespace=NAMESPACE)
            sio.on("roster", on_roster, namespace=NAMESPACE)
            sio.on("session_updated", count("session_updated"), namespace=NAMESPACE)
            sio.on("connections", count("connections"), namespace=NAMESPACE)
            sio.on("disconnect", count("disconnects"), namespace=NAMESPACE)
            sio.on("connect_error", on_connect_error, namespace=NAMESPACE)
            sio.connect(f"http://127.0.0.1:{port}", namespaces=[NAMESPACE], auth={"token": token},
                        transports=["websocket"], wait_timeout=15)
            if not got_roster.wait(15):
                raise RuntimeError(f"no roster on dashboard {len(clients) + 1}: {record['connect_error']}")
            clients.append(sio)
            result["dashboards"].append(record)
        ready.set()
        stop.wait(900)
        stopping.set()
    except Exception:
        result["error"] = traceback.format_exc()
        ready.set()
    finally:
        for sio in clients:
            try:
                sio.disconnect()
            except Exception:
                pass
        Path(out_path).write_text(json.dumps(result), encoding="utf-8")


def latencies(answers, dashboards) -> tuple[list[float], int]:
    """Ack -> all dashboards in ms for each (cid, answered, t_send, t_ack); inf when missed."""
    index = []  # per dashboard: candidate id -> (running max of answered, receipt times)
    for record in dashboards:
        by_candidate: dict[str, tuple[list[int], list[float]]] = {}
        for cid, answered, t, _seq in record["updates"]:
            counts, times = by_candidate.setdefault(cid, ([], []))
            counts.append(max(answered, counts[-1]) if counts else answered)
            times.append(t)
        index.append(by_candidate)
    from_ack, missed = [], 0
    for cid, n, _t_send, t_ack in answers:
        last = -math.inf
        for by_candidate in index:
            counts, times = by_candidate.get(cid, ([], []))
            i = bisect.bisect_left(counts, n)
            if i == len(counts) or times[i] - t_ack > MISS_AFTER_S:
                last = math.inf
                break
            last = max(last, times[i])
        if math.isinf(last):
            missed += 1
        from_ack.append((last - t_ack) * 1000)
    return from_ack, missed
