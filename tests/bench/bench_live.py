"""Benchmark of the live dashboard under load (run with `make bench`; not a test: it prints figures).

The issue's target: with 300 simulated candidates answering and 3 dashboards connected, the time
from a candidate's answer being acknowledged to all dashboards receiving the `candidate_updated`
event is at most 200 ms at p99 on this kind of machine.

1. A data directory is seeded before the server starts: the demo session (24 candidates, 22
   certifiable) plus certifiable candidates up to 300; then a real `roomserver demo` process
   (eventlet, the production mode) serves it (it takes the existing demo.json as is).
2. Three invigilators log in; their presence confirmations for all 300 go through the HTTP API,
   then the session starts.
3. One process holds the 3 dashboards (python-socketio clients, websocket transport, namespace
   /invigilator); two worker processes hold 150 candidates each (one thread and one HTTP
   keep-alive connection per candidate): join, start with the access code and read the first
   question (8 candidates at a time per worker: eventlet listens with a backlog of 50), then
   answer every 2-4 s (random; 10 % skips, else the right answer), read the next question
   (GET /state) and send the heartbeat every 5 s, for DURATION_S seconds.
4. An answer's latency = max over the 3 dashboards of (first receipt of a row of that candidate
   with `answered` >= the count the ack returned) - the moment the ack was read. time.monotonic()
   is system-wide on Linux, so the processes' clocks compare. A push may arrive before the ack is
   read (the server emits before it answers): such latencies are negative and reported as is.
   An update not on every dashboard within MISS_AFTER_S counts as missed and enters the
   percentiles as an infinite latency (nothing is dropped to flatter the figure).
5. To tell the server from the machine: the delay from the row's build on the server
   (`server_time`) to its receipt (wall clocks of the same host), and every second the CPU of
   the server, the dashboards, the candidates and the whole machine: on a shared 2-core box,
   what "anything else" uses is CPU the server did not get.
Prints a Markdown table and a final JSON line. `--candidates`, `--dashboards`, `--duration` change
the load (defaults: the issue's); `--raw PATH` keeps every record for analysis.
"""

from __future__ import annotations

import argparse
import bisect
import http.client
import json
import math
import multiprocessing as mp
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
import traceback
import uuid
from pathlib import Path
from typing import ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_spine's helpers
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ for conftest helpers
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench_spine import Client, pct  # noqa: E402
from conftest import ServerProcess  # noqa: E402

CANDIDATES = 300
DASHBOARDS = 3
WORKERS = 2  # candidate processes (the server and the dashboards get the rest of the 2 cores)
DURATION_S = 50.0  # of answering
THINK_S = (2.0, 4.0)  # between an answer's ack and the next answer: ~100 answers/s for 300
SKIP_SHARE = 0.1  # answers sent as {"skip": true}; the others send the right answer
HEARTBEAT_S = 5.0
MISS_AFTER_S = 5.0
SETUP_CONCURRENCY = 8  # joins at once per worker: the server's listen backlog is eventlet's default, 50
TARGET_P99_MS = 200.0
SATURATED_PCT = 190.0  # machine CPU (of 100 % per core) from which a second counts as saturated
NAMESPACE = "/invigilator"


# -- seeding ------------------------------------------------------------------------------------

def seed_data_dir(data_dir: Path, count: int) -> dict:
    """The demo session plus certifiable candidates up to ``count``; writes demo.json."""
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
    (data_dir / "demo.json").write_text(json.dumps(demo, ensure_ascii=False, indent=2), encoding="utf-8")
    return demo


# -- the dashboards (one process) ----------------------------------------------------------------

def dashboard_process(port: int, tokens: list[str], ready, stop, out_path: str) -> None:
    """3 Socket.IO clients; records (candidate_id, answered, t_recv) of every candidate_updated."""
    import engineio
    import socketio

    class SyncEngineIO(engineio.Client):
        # python-socketio's client starts a thread per received message by default: on 600
        # messages/s that adds its own jitter (and reorders). Dispatch in the read thread instead.
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
                # server_time is the server's time.time() when it built the row, just before the emit
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
        stop.wait(600)
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


# -- the candidates (WORKERS processes, one thread each) ---------------------------------------------

class Candidate(Client):
    retries: ClassVar[list] = []  # (path, error) of every retried request, per process

    def call(self, method, path, body=None):
        """bench_spine's call, retried (new connection) when the connection was refused or dropped.
        Every request used here is safe to repeat (an answer is idempotent by its answer_id)."""
        for attempt in range(4):
            try:
                return super().call(method, path, body)
            except (ConnectionError, http.client.RemoteDisconnected, http.client.CannotSendRequest,
                    http.client.ResponseNotReady) as exc:
                if attempt == 3:
                    raise
                self.retries.append((path, repr(exc)))
                self.conn.close()
                time.sleep(0.2 * (attempt + 1))


def candidate_process(port: int, demo: dict, people: list[dict], status_queue, go, t_end, out_path: str,
                      seed: int, duration_s: float) -> None:
    from roomserver.content import DEMO_PACK_DIR, load_pack
    from roomserver.core.matching import right_answer

    pack = load_pack(DEMO_PACK_DIR)
    answers, errors, heartbeats, finished = [], [], [], []
    setup_barrier = threading.Barrier(len(people) + 1)
    setup_failed = []
    setup_slots = threading.Semaphore(SETUP_CONCURRENCY)

    def run(person, rng):
        client = Candidate(port)
        try:
            with setup_slots:
                status, joined = client.call("POST", "/api/v1/candidate/join", {
                    "session_number": demo["session_number"], "first_name": person["first_name"],
                    "last_name": person["last_name"], "birthdate": person["birthdate"]})
                assert status == 200, (status, joined)
                client.token = joined["token"]
                status, state = client.call("POST", "/api/v1/candidate/start", {"access_code": demo["access_code"]})
                assert status == 200, (status, state)
                status, state = client.call("GET", "/api/v1/candidate/state")  # the first question shows
                assert status == 200, (status, state)
        except Exception as exc:
            setup_failed.append(f"{person['candidate_id']}: {exc!r}")
        try:
            setup_barrier.wait()
        except threading.BrokenBarrierError:
            return
        if setup_failed or not go.wait(120):
            return
        end = t_end.value
        now = time.monotonic()
        next_answer = now + rng.uniform(0, THINK_S[1])  # candidates do not all answer at once
        next_beat = now + rng.uniform(0, HEARTBEAT_S)
        cid = person["candidate_id"]
        try:
            while True:
                now = time.monotonic()
                wake = min(next_answer, next_beat)
                if wake >= end:
                    return
                if wake > now:
                    time.sleep(wake - now)
                if next_beat <= next_answer:
                    t0 = time.monotonic()
                    status, _ = client.call("POST", "/api/v1/candidate/heartbeat", {})
                    heartbeats.append((time.monotonic() - t0) * 1000)
                    if status != 200:
                        errors.append(f"heartbeat {status}")
                    next_beat += HEARTBEAT_S
                    continue
                question = state["question"]
                if question is None:
                    finished.append(cid)
                    return
                body = {"answer_id": str(uuid.uuid4()), "challenge_id": question["challenge_id"]}
                if rng.random() < SKIP_SHARE:
                    body["skip"] = True
                else:
                    body["value"] = right_answer(pack.challenges[question["challenge_id"]])
                t_send = time.monotonic()
                status, reply = client.call("POST", "/api/v1/candidate/answers", body)
                t_ack = time.monotonic()
                if status != 200:
                    errors.append(f"answer {status}: {reply}")
                else:
                    answers.append((cid, reply["answered"], t_send, t_ack))
                next_answer = t_ack + rng.uniform(*THINK_S)
                status, state = client.call("GET", "/api/v1/candidate/state")
                if status != 200:
                    errors.append(f"state {status}: {state}")
                    return
        except Exception as exc:
            errors.append(f"{cid}: {exc!r}")

    master = random.Random(seed)
    threads = [threading.Thread(target=run, args=(p, random.Random(master.random())), daemon=True) for p in people]
    for t in threads:
        t.start()
    try:
        setup_barrier.wait(120)
    except threading.BrokenBarrierError:
        setup_failed.append("setup did not finish in 120 s")
    setup_retries = len(Candidate.retries)
    status_queue.put(("ready", len(people), setup_failed[:5]))
    deadline = time.monotonic() + duration_s + 150  # go waits up to 120 s, then the load
    for t in threads:
        t.join(max(0.1, deadline - time.monotonic()))
    Path(out_path).write_text(json.dumps({"answers": answers, "errors": errors, "heartbeats_ms": heartbeats,
                                          "finished": finished, "setup_retries": setup_retries,
                                          "load_retries": Candidate.retries[setup_retries:]}),
                          encoding="utf-8")
    status_queue.put(("done", len(answers), errors[:5]))


# -- measuring --------------------------------------------------------------------------------------

def latencies(answers, dashboards) -> tuple[list[float], list[float], int]:
    """(ack->all dashboards, send->all dashboards) in ms per answer (inf when missed), missed count."""
    index = []  # per dashboard: candidate id -> (running max of answered, receipt times)
    for record in dashboards:
        by_candidate: dict[str, tuple[list[int], list[float]]] = {}
        for cid, answered, t, _seq in record["updates"]:
            counts, times = by_candidate.setdefault(cid, ([], []))
            counts.append(max(answered, counts[-1]) if counts else answered)
            times.append(t)
        index.append(by_candidate)
    from_ack, from_send, missed = [], [], 0
    for cid, n, t_send, t_ack in answers:
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
        from_send.append((last - t_send) * 1000)
    return from_ack, from_send, missed


def sampler(pids: dict[str, int], stop: threading.Event, samples: dict) -> None:
    """Every second: CPU % of each process (100 = one core) and of the machine, the server's RSS."""
    import psutil

    processes = {name: psutil.Process(pid) for name, pid in pids.items()}
    for process in processes.values():
        process.cpu_percent(None)
    psutil.cpu_percent(None)
    while not stop.wait(1.0):
        try:
            for name, process in processes.items():
                samples.setdefault(name, []).append(process.cpu_percent(None))
            samples.setdefault("machine", []).append(psutil.cpu_percent(None) * psutil.cpu_count())
            samples.setdefault("server_rss", []).append(processes["server"].memory_info().rss)
        except psutil.Error:
            return


def bench_live(directory: Path, candidates: int = CANDIDATES, dashboards: int = DASHBOARDS,
               duration_s: float = DURATION_S, raw_path: Path | None = None) -> dict:
    import psutil

    t_begin = time.monotonic()
    ctx = mp.get_context("spawn")  # no fork after threads; children import this module afresh
    data_dir = directory / "data"
    data_dir.mkdir(parents=True)
    demo = seed_data_dir(data_dir, candidates)
    people = [p for p in demo["candidates"] if p["certifiable"]][:candidates]
    server = ServerProcess(data_dir).start()
    children = []
    stop_dashboards = ctx.Event()
    try:
        assert server.demo()["session_number"] == demo["session_number"], "the server did not keep the seeded demo"
        tokens = []
        for i in range(dashboards):
            invigilator = Client(server.port)
            status, login = invigilator.call("POST", "/api/v1/invigilator/login", {
                "session_number": demo["session_number"], "password": demo["invigilator_password"],
                "name": f"Banc {i + 1}"})
            assert status == 200, login
            tokens.append(login["token"])
        invigilator.token = tokens[-1]
        for person in people:
            status, reply = invigilator.call("POST", f"/api/v1/invigilator/candidates/{person['candidate_id']}/presence")
            assert status == 200, reply
        status, reply = invigilator.call("POST", "/api/v1/invigilator/session/start")
        assert status == 200, reply

        dashboards_ready = ctx.Event()
        dashboards_out = directory / "dashboards.json"
        dash = ctx.Process(target=dashboard_process, name="dashboards",
                           args=(server.port, tokens, dashboards_ready, stop_dashboards, str(dashboards_out)))
        dash.start()
        children.append(dash)
        if not dashboards_ready.wait(60):
            raise RuntimeError("the dashboards did not connect within 60 s")

        status_queue, go, t_end = ctx.Queue(), ctx.Event(), ctx.Value("d", 0.0)
        outs = [directory / f"candidates-{w}.json" for w in range(WORKERS)]
        for w in range(WORKERS):
            worker = ctx.Process(target=candidate_process, name=f"candidates-{w}",
                                 args=(server.port, demo, people[w::WORKERS], status_queue, go, t_end,
                                       str(outs[w]), 1000 + w, duration_s))
            worker.start()
            children.append(worker)
        for _ in range(WORKERS):
            _, _, problems = status_queue.get(timeout=150)
            if problems:
                raise RuntimeError(f"candidate setup failed: {problems}")
        if not dash.is_alive():
            raise RuntimeError("the dashboards process died")
        setup_s = time.monotonic() - t_begin

        samples, sampler_stop = {}, threading.Event()
        pids = {"server": server.proc.pid, "dashboards": dash.pid,
                **{f"candidates-{w}": worker.pid for w, worker in enumerate(children[1:])}}
        probe = threading.Thread(target=sampler, args=(pids, sampler_stop, samples), daemon=True)
        t_end.value = time.monotonic() + duration_s
        probe.start()
        go.set()
        t_load = time.monotonic()
        for _ in range(WORKERS):
            status_queue.get(timeout=duration_s + 90)
        load_s = time.monotonic() - t_load
        sampler_stop.set()
        for worker in children[1:]:
            worker.join(30)
        results = [json.loads(out.read_text(encoding="utf-8")) for out in outs]
        answers = [tuple(a) for r in results for a in r["answers"]]
        errors = [e for r in results for e in r["errors"]]
        if answers:  # the last acks get their full chance to arrive
            time.sleep(max(0.0, max(a[3] for a in answers) + MISS_AFTER_S + 0.2 - time.monotonic()))
        rss_end = psutil.Process(server.proc.pid).memory_info().rss
        stop_dashboards.set()
        dash.join(30)
        seen = json.loads(dashboards_out.read_text(encoding="utf-8"))
        if seen["error"]:
            raise RuntimeError("dashboards failed:\n" + seen["error"])
    except BaseException:
        print("server log (end):\n" + server.log()[-3000:], file=sys.stderr)
        raise
    finally:
        stop_dashboards.set()
        for child in children:
            child.join(2)
            if child.is_alive():
                child.terminate()
                child.join(5)
        server.stop()

    if raw_path:
        raw_path.write_text(json.dumps({"answers": answers, "dashboards": seen["dashboards"], "samples": samples}))
    if not answers:
        raise RuntimeError(f"no answer acknowledged; errors: {errors[:5]}")
    from_ack, from_send, missed = latencies(answers, seen["dashboards"])
    ack_ms = [(a[3] - a[2]) * 1000 for a in answers]
    answer_window = max(a[3] for a in answers) - min(a[2] for a in answers)
    cpu = samples.get("server", [])
    built_to_recv = [x for d in seen["dashboards"] for x in d["built_to_recv_ms"]]

    def mean_cpu(name):
        return statistics.mean(samples[name]) if samples.get(name) else None

    p99 = pct(from_ack, 99)
    return {
        "candidates": len(people), "dashboards": len(seen["dashboards"]), "duration_s": round(load_s, 1),
        "answers_acknowledged": len(answers), "answers_per_s": len(answers) / answer_window,
        "answer_errors": len(errors), "candidates_finished_test": sum(len(r["finished"]) for r in results),
        "heartbeats": sum(len(r["heartbeats_ms"]) for r in results),
        "setup_connection_retries": sum(r["setup_retries"] for r in results),
        "load_connection_retries": sum(len(r["load_retries"]) for r in results),
        "ack_p50_ms": statistics.median(ack_ms), "ack_p99_ms": pct(ack_ms, 99),
        "push_p50_ms": pct(from_ack, 50), "push_p95_ms": pct(from_ack, 95), "push_p99_ms": p99,
        "push_max_ms": max(from_ack), "push_min_ms": min(from_ack),
        "push_negative_share": sum(1 for x in from_ack if x < 0) / len(from_ack),
        "send_to_push_p50_ms": pct(from_send, 50), "send_to_push_p99_ms": pct(from_send, 99),
        "missed_updates": missed,
        "updates_received": [len(d["updates"]) for d in seen["dashboards"]],
        "dashboard_disconnects": sum(d["disconnects"] for d in seen["dashboards"]),
        "server_cpu_mean_pct": statistics.mean(cpu) if cpu else None,
        "server_cpu_max_pct": max(cpu) if cpu else None,
        "server_rss_peak_mb": max(samples["server_rss"]) / 2 ** 20 if samples.get("server_rss") else None,
        "dashboards_cpu_mean_pct": mean_cpu("dashboards"),
        "candidates_cpu_mean_pct": sum(mean_cpu(f"candidates-{w}") or 0 for w in range(WORKERS)),
        "machine_cpu_mean_pct": mean_cpu("machine"),
        "load_samples": len(samples.get("machine", [])),
        "machine_saturated_s": sum(1 for x in samples.get("machine", []) if x >= SATURATED_PCT),
        "others_cpu_mean_pct": (mean_cpu("machine") - mean_cpu("server") - mean_cpu("dashboards")
                                - sum(mean_cpu(f"candidates-{w}") or 0 for w in range(WORKERS))) if cpu else None,
        "built_to_recv_p50_ms": pct(built_to_recv, 50), "built_to_recv_p99_ms": pct(built_to_recv, 99),
        "server_rss_end_mb": rss_end / 2 ** 20,
        "setup_s": round(setup_s, 1),
        "target_p99_ms": TARGET_P99_MS, "target_met": p99 <= TARGET_P99_MS and missed == 0,
        "first_errors": errors[:3],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=CANDIDATES)
    parser.add_argument("--dashboards", type=int, default=DASHBOARDS)
    parser.add_argument("--duration", type=float, default=DURATION_S, help="seconds of answering")
    parser.add_argument("--raw", type=Path, help="also write every record (acks, receipts, samples) there as JSON")
    args = parser.parse_args()
    if args.candidates < 1 or args.dashboards < 1 or args.duration <= 0:
        parser.error("--candidates and --dashboards must be at least 1, --duration positive")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench_live: terminated"))  # clean up as on Ctrl-C
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        figures = bench_live(Path(tmp), args.candidates, args.dashboards, args.duration, args.raw)
    figures["total_run_s"] = round(time.monotonic() - t0, 1)

    def show(v):
        if isinstance(v, float):
            return "inf" if math.isinf(v) else f"{v:.2f}"
        return str(v)

    f = figures

    def ms(*keys):
        return " / ".join(show(f[k]) for k in keys) + " ms"

    answered = (f"{f['answers_acknowledged']} in {f['duration_s']} s ({f['answer_errors']} errors, "
                f"{f['candidates_finished_test']} tests finished, {f['load_connection_retries']} retries)")
    cpu = (f"{show(f['dashboards_cpu_mean_pct'])} / {show(f['candidates_cpu_mean_pct'])} / "
           f"{show(f['others_cpu_mean_pct'])} / {show(f['machine_cpu_mean_pct'])} %")
    rows = [
        ("candidates / dashboards", f"{f['candidates']} / {f['dashboards']}"),
        ("answers acknowledged", answered),
        ("answers/s", show(f["answers_per_s"])),
        ("answer ack latency (client) p50 / p99", ms("ack_p50_ms", "ack_p99_ms")),
        ("ack → all dashboards p50 / p95 / p99 / max", ms("push_p50_ms", "push_p95_ms", "push_p99_ms", "push_max_ms")),
        ("ack → all dashboards min (negative: pushed before the ack was read)",
         f"{ms('push_min_ms')} ({f['push_negative_share']:.1%} negative)"),
        ("send → all dashboards p50 / p99", ms("send_to_push_p50_ms", "send_to_push_p99_ms")),
        ("missed updates (not on every dashboard within 5 s)", str(f["missed_updates"])),
        ("candidate_updated received per dashboard (disconnects)",
         " / ".join(map(str, f["updates_received"])) + f" ({f['dashboard_disconnects']})"),
        ("row built on the server → received (wall clocks, every update) p50 / p99",
         ms("built_to_recv_p50_ms", "built_to_recv_p99_ms")),
        ("server CPU during load, mean / max (100 % = one core)",
         f"{show(f['server_cpu_mean_pct'])} / {show(f['server_cpu_max_pct'])} %"),
        ("CPU mean: dashboards / candidates / anything else / whole machine (of 200 %)", cpu),
        (f"seconds of load with the machine saturated (≥ {SATURATED_PCT:.0f} %)",
         f"{f['machine_saturated_s']} of {f['load_samples']}"),
        ("server RSS at the end (peak)", f"{show(f['server_rss_end_mb'])} MB ({show(f['server_rss_peak_mb'])} MB)"),
        (f"p99 ≤ {TARGET_P99_MS:.0f} ms and nothing missed",
         "objectif atteint" if f["target_met"] else "objectif NON atteint"),
        ("run time (setup)", f"{f['total_run_s']} s ({f['setup_s']} s)"),
    ]
    print("| live dashboards under load | figures |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    print(json.dumps({"live_dashboards": figures}))


if __name__ == "__main__":
    main()
