"""Benchmark of the answer path (run with `make bench`; not a test: it prints figures).

1. journal: one writer, append + fsync per event;
2. journal: 32 concurrent writers sharing fsyncs (group commit);
3. end to end: a real `roomserver demo` process (eventlet), N candidates answering over
   HTTP keep-alive connections; latency of POST /answers (acknowledged = fsync'd).
Prints a Markdown table and a final JSON line.
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ for conftest helpers
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from conftest import ServerProcess  # noqa: E402
from roomserver.content import DEMO_PACK_DIR, load_pack  # noqa: E402
from roomserver.core.matching import right_answer  # noqa: E402
from roomserver.store.journal import Journal  # noqa: E402


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def bench_single_writer(directory: Path, n=2000):
    journal, _ = Journal.open(directory / "single.jsonl")
    latencies = []
    for i in range(n):
        t0 = time.perf_counter()
        journal.wait_durable(journal.append("answer_recorded", {"i": i, "value": "x" * 60}, time.time()).seq)
        latencies.append((time.perf_counter() - t0) * 1000)
    return {"events": n, "p50_ms": statistics.median(latencies), "p99_ms": pct(latencies, 99)}


def bench_group_commit(directory: Path, writers=32, per_writer=100):
    journal, _ = Journal.open(directory / "group.jsonl")
    barrier = threading.Barrier(writers)
    latencies = []

    def writer():
        barrier.wait()
        for i in range(per_writer):
            t0 = time.perf_counter()
            journal.wait_durable(journal.append("answer_recorded", {"i": i}, time.time()).seq)
            latencies.append((time.perf_counter() - t0) * 1000)

    threads = [threading.Thread(target=writer) for _ in range(writers)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    events = writers * per_writer
    return {"events": events, "events_per_s": events / elapsed, "events_per_fsync": events / journal.fsyncs,
            "p50_ms": statistics.median(latencies), "p99_ms": pct(latencies, 99)}


class Client:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.token = None

    def call(self, method, path, body=None):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = self.conn.getresponse()
        return response.status, json.loads(response.read())


def bench_end_to_end(directory: Path, candidates=20):
    pack = load_pack(DEMO_PACK_DIR)
    server = ServerProcess(directory / "data").start()
    try:
        demo = server.demo()
        invigilator = Client(server.port)
        _, login = invigilator.call("POST", "/api/v1/invigilator/login",
                                    {"session_number": demo["session_number"], "password": demo["invigilator_password"]})
        invigilator.token = login["token"]
        clients = []
        for person in [p for p in demo["candidates"] if p["certifiable"]][:candidates]:
            client = Client(server.port)
            _, joined = client.call("POST", "/api/v1/candidate/join", {
                "session_number": demo["session_number"], "first_name": person["first_name"],
                "last_name": person["last_name"], "birthdate": person["birthdate"]})
            client.token = joined["token"]
            invigilator.call("POST", f"/api/v1/invigilator/candidates/{person['candidate_id']}/presence")
            clients.append(client)
        invigilator.call("POST", "/api/v1/invigilator/session/start")
        for client in clients:
            client.call("POST", "/api/v1/candidate/start", {"access_code": demo["access_code"]})
        latencies = []
        barrier = threading.Barrier(len(clients))

        def play(client):
            barrier.wait()
            while True:
                _, state = client.call("GET", "/api/v1/candidate/state")
                if state["question"] is None:
                    return
                challenge = pack.challenges[state["question"]["challenge_id"]]
                body = {"answer_id": str(uuid.uuid4()), "challenge_id": challenge.id, "value": right_answer(challenge)}
                t0 = time.perf_counter()
                status, _ = client.call("POST", "/api/v1/candidate/answers", body)
                latencies.append((time.perf_counter() - t0) * 1000)
                assert status == 200

        threads = [threading.Thread(target=play, args=(c,)) for c in clients]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        return {"candidates": len(clients), "answers": len(latencies), "answers_per_s": len(latencies) / elapsed,
                "p50_ms": statistics.median(latencies), "p99_ms": pct(latencies, 99)}
    finally:
        server.stop()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        results = {"journal_single_writer": bench_single_writer(tmp),
                   "journal_group_commit": bench_group_commit(tmp),
                   "answers_end_to_end": bench_end_to_end(tmp)}
    print("| measure | figures |\n|---|---|")
    for name, figures in results.items():
        shown = ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items())
        print(f"| {name} | {shown} |")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
