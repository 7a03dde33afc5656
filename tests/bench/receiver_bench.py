"""``make bench-receiver`` (also run by ``make bench``): finalised sessions of 300 candidates
ingested per second by the reference receiver into PostgreSQL, with 1 and with 4 gunicorn
workers. Not a test: it prints a Markdown table and, as the very last line, one JSON object.

The session is real: 300 candidates run through the room server's APIs (enrol, join,
presence, start, every question answered, close, finalise), its payload made by the room's
builder (sync.payload). Each copy sent is a distinct valid session: new id and number, every
journal line signed again with a new key registered upstream, so the receiver verifies every
line's HMAC and stores every copy. The session is built once (about a minute on this
machine; on tmpfs when /dev/shm exists) and kept in the temporary directory for later runs.

What is measured is the served process: N copies posted by 2 x workers client threads (the
client signs in advance), wall time from the first request to the last answer, and the CPU
time of the receiver's processes (gunicorn master and workers) and of PostgreSQL's. Bounded:
each phase stops after PHASE_S seconds, whatever was sent.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "sync"))
sys.path.insert(0, str(REPO / "tests" / "sync" / "receiver"))

import psutil  # noqa: E402
import receiverkit  # noqa: E402
from pg import PgCluster, PgUnavailable  # noqa: E402

from roomserver import __version__  # noqa: E402
from roomserver.store.journal import GENESIS, canonical  # noqa: E402
from roomserver.store.keys import key_id as fingerprint  # noqa: E402
from sync.protocol import idempotency_key, keys_line, sign_headers  # noqa: E402

CANDIDATES = 300
PHASE_S = 25.0
WORKERS = (1, 4)
CACHE = Path(tempfile.gettempdir()) / "roomserver-receiver-bench" / f"session-{CANDIDATES}-{__version__}.json"


def the_session() -> tuple[receiverkit.FinalisedSession, float]:
    """The 300-candidate finalised session (cached); seconds spent building it (0 when cached)."""
    if CACHE.exists():
        d = json.loads(CACHE.read_text(encoding="utf-8"))
        return receiverkit.FinalisedSession(Path(d["data_dir"]), bytes.fromhex(d["key"]), d["session_id"],
                                            d["number"], d["final_hash"], d["journal"], d["body"].encode("utf-8"),
                                            d["candidates"]), 0.0
    started = time.monotonic()
    base = Path(tempfile.mkdtemp(prefix="receiver-bench-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    try:
        print(f"building a finalised session of {CANDIDATES} candidates through the room server's APIs...",
              file=sys.stderr, flush=True)
        session = receiverkit.make_finalised_session(base / "data", CANDIDATES)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(json.dumps({"data_dir": str(session.data_dir), "key": session.key.hex(),
                                 "session_id": session.session_id, "number": session.number,
                                 "final_hash": session.final_hash, "journal": session.journal,
                                 "body": session.body.decode("utf-8"), "candidates": session.candidates}),
                     encoding="utf-8")
    return session, time.monotonic() - started


class Copier:
    """Distinct valid copies of one session, fast: each line's canonical tail and JSON prefix are
    computed once; a copy only recomputes the HMAC chain (as reforge does, without re-parsing)."""

    def __init__(self, session: receiverkit.FinalisedSession):
        self.lines = [json.loads(line) for line in session.journal.splitlines()]
        self.tails = [canonical([o["seq"], o["ts"], o["type"], o["data"]])[1:] for o in self.lines[1:-1]]
        self.prefixes = [json.dumps({k: o[k] for k in ("seq", "ts", "type", "data")}, ensure_ascii=False,
                                    separators=(",", ":"))[:-1].encode("utf-8") for o in self.lines[1:-1]]
        payload = json.loads(session.body)
        payload["journal"] = "@@JOURNAL@@"
        self.payload = payload

    def _line(self, prefix: bytes, prev: str, digest: str, signer: str) -> bytes:
        return (prefix + b',"prev":"' + prev.encode() + b'","hash":"' + digest.encode()
                + b'","chain":"hmac-sha256","key_id":"' + signer.encode() + b'"}\n')

    def _full(self, obj: dict, data: dict, prev: str, key: bytes, signer: str) -> tuple[bytes, str]:
        digest = hmac.new(key, canonical([prev, obj["seq"], obj["ts"], obj["type"], data]), hashlib.sha256).hexdigest()
        body = {"seq": obj["seq"], "ts": obj["ts"], "type": obj["type"], "data": data, "prev": prev, "hash": digest,
                "chain": "hmac-sha256", "key_id": signer}
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n", digest

    def copy(self) -> tuple[bytes, bytes, str]:
        """(key, body, idempotency key) of a new session."""
        key, session_id = secrets.token_bytes(32), secrets.token_hex(16)
        number, signer = 100000 + secrets.randbelow(900000), fingerprint(key)
        first, last = self.lines[0], self.lines[-1]
        out = []
        line, prev = self._full(first, {**first["data"], "session_id": session_id, "number": number}, GENESIS, key,
                                signer)
        out.append(line)
        for tail, prefix in zip(self.tails, self.prefixes):
            digest = hmac.new(key, b'["' + prev.encode() + b'",' + tail, hashlib.sha256).hexdigest()
            out.append(self._line(prefix, prev, digest, signer))
            prev = digest
        final_hash = prev
        line, head = self._full(last, {**last["data"], "final_hash": final_hash}, prev, key, signer)
        out.append(line)
        payload = {**self.payload, "key_id": signer,
                   "session": {**self.payload["session"], "id": session_id, "number": number,
                               "final_hash": final_hash, "head_hash": head}}
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        body = text.replace('"@@JOURNAL@@"', json.dumps(b"".join(out).decode("utf-8"), ensure_ascii=False)).encode()
        return key, body, idempotency_key(session_id, final_hash)


def cpu_of(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            proc = psutil.Process(pid)
            for p in [proc, *proc.children(recursive=True)]:
                times = p.cpu_times()
                total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def postgres_pids(cluster: PgCluster) -> list[int]:
    pid_file = cluster.datadir / "postmaster.pid"
    return [int(pid_file.read_text().split()[0])] if pid_file.exists() else []


def phase(cluster: PgCluster, copies: list, workers: int, tmp: Path) -> dict:
    """Post every copy to a receiver with ``workers`` workers on a fresh database; the figures."""
    db_url = cluster.create_database(f"bench_w{workers}")
    keys = receiverkit.write_keys(tmp / f"keys-{workers}.txt", *(keys_line(key, f"Salle {i}")
                                                                  for i, (key, _, _) in enumerate(copies)))
    receiver = receiverkit.ReceiverProcess(db_url, keys, workers, tmp).start(timeout=60)
    try:
        warm_key, warm_body, warm_idem = copies[0]
        warm = receiverkit.signed(receiver.url, warm_key, "POST", "/api/v1/sessions", warm_body, idempotency=warm_idem)
        assert warm.status == 201, (warm.status, warm.body)
        todo = list(copies[1:])
        lock = threading.Lock()
        statuses, latencies = [], []
        deadline = time.monotonic() + PHASE_S

        def client():
            while time.monotonic() < deadline:
                with lock:
                    if not todo:
                        return
                    key, body, idem = todo.pop()
                headers = sign_headers(key, "POST", "/api/v1/sessions", body, time.time(), idem)
                sent = time.monotonic()
                reply = receiverkit.http("POST", receiver.url + "/api/v1/sessions", body, headers, timeout=120)
                with lock:
                    statuses.append(reply.status)
                    latencies.append(time.monotonic() - sent)

        cpu_receiver, cpu_pg = cpu_of([receiver.proc.pid]), cpu_of(postgres_pids(cluster))
        started = time.monotonic()
        threads = [threading.Thread(target=client) for _ in range(2 * workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(PHASE_S + 130)
        wall = time.monotonic() - started
        cpu_receiver = cpu_of([receiver.proc.pid]) - cpu_receiver
        cpu_pg = cpu_of(postgres_pids(cluster)) - cpu_pg
        stored = sum(1 for s in statuses if s == 201)
        latencies.sort()
        return {"workers": workers, "sessions": stored, "errors": len(statuses) - stored, "wall_s": round(wall, 2),
                "sessions_per_s": round(stored / wall, 3) if wall else 0.0,
                "median_latency_s": round(latencies[len(latencies) // 2], 2) if latencies else None,
                "receiver_cpu_s_per_session": round(cpu_receiver / stored, 3) if stored else None,
                "postgres_cpu_s_per_session": round(cpu_pg / stored, 3) if stored else None}
    finally:
        receiver.stop(graceful=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=24, help="sessions sent per phase (one more to warm up)")
    args = parser.parse_args()
    started = time.monotonic()
    session, built_s = the_session()
    body_mib = len(session.body) / (1024 * 1024)
    copier = Copier(session)
    t = time.monotonic()
    per_phase = {w: [copier.copy() for _ in range(args.copies + 1)] for w in WORKERS}
    copy_s = time.monotonic() - t
    cluster = PgCluster(fsync=True)
    try:
        cluster.start()
    except PgUnavailable as exc:
        print(f"PostgreSQL indisponible ({exc})\u00a0: lancez make test-tools (root) puis make bench-receiver.",
              file=sys.stderr)
        print(json.dumps({"receiver": None, "skipped": str(exc)}))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="receiver-bench-"))
    try:
        results = []
        for workers in WORKERS:
            print(f"receiver with {workers} worker(s): posting {args.copies} sessions...", file=sys.stderr, flush=True)
            results.append(phase(cluster, per_phase[workers], workers, tmp))
    finally:
        cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    one, four = results
    lines = session.journal.count("\n")
    print(f"\n## Receiver: sessions of {CANDIDATES} candidates into PostgreSQL "
          f"({lines} journal lines, body {body_mib:.1f} MiB each)\n")
    print(f"machine: {os.cpu_count()} cores, load {' / '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"(1/5/15 min); session built in {built_s:.0f} s (0: cached), copies signed in {copy_s:.1f} s\n")
    print("| workers | sessions stored | errors | wall (s) | sessions/s | median latency (s) | receiver CPU s/session "
          "| PostgreSQL CPU s/session |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['workers']} | {r['sessions']} | {r['errors']} | {r['wall_s']} | {r['sessions_per_s']} | "
              f"{r['median_latency_s']} | {r['receiver_cpu_s_per_session']} | {r['postgres_cpu_s_per_session']} |")
    speedup = round(four["sessions_per_s"] / one["sessions_per_s"], 2) if one["sessions_per_s"] else None
    print(f"\n4 workers / 1 worker: x{speedup}; total {time.monotonic() - started:.0f} s\n")
    print(json.dumps({"receiver": {"candidates": CANDIDATES, "journal_lines": lines, "body_mib": round(body_mib, 2),
                                   "sessions_per_s_1_worker": one["sessions_per_s"],
                                   "sessions_per_s_4_workers": four["sessions_per_s"], "speedup": speedup,
                                   "errors": one["errors"] + four["errors"], "phases": results,
                                   "cores": os.cpu_count(), "built_s": round(built_s, 1)}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
