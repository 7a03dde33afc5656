"""Simulated candidates: a worker process holds a share of the room, one thread and one
keep-alive HTTP connection per candidate, and plays the phases the parent asks for, exactly as
the page does through the API (join, code, state, answers, heartbeat).

Phases (``Crowd.<phase>(**args)``, each returns JSON-able records; all times time.monotonic()):
- ``join``: POST /join, at most ``concurrency`` at once, then a first heartbeat (the page
  beats from its join on);
- ``burst``: every candidate types the access code at ``t0 + U(0, spread)``: POST /start,
  whose reply is the state with the first question; latency from that moment to the question;
  then a heartbeat;
- ``steady``: answer every ``think`` seconds (the reply carries the next question), heartbeat
  every 5 s, until ``t_end``. When the parent kills the server (``storm`` set) each candidate
  sends a heartbeat at once and again every 0.2-0.3 s until one succeeds (its pending request
  also retries with the same answer_id, as the page does), then goes on;
- ``flat``: answer (the reply carries the next question) without thinking, until ``t_end`` or the end;
- ``healthz``: GET /healthz in a closed loop until ``t_end`` (this stack's ceiling).
"""

from __future__ import annotations

import random
import threading
import time
import traceback
import uuid

from harness import Client, Down

SKIP_SHARE = 0.1
HEARTBEAT_S = 5.0
GIVE_UP_S = 60.0  # a request still failing after this is an error (the bench must stop by itself)


class Candidate:
    def __init__(self, port: int, person: dict, demo: dict, rng: random.Random):
        self.client = Client(port)
        self.person, self.demo, self.rng = person, demo, rng
        self.state: dict | None = None
        self.id = person["candidate_id"]

    def body(self, pack) -> dict | None:
        """The next answer (10 % skipped, else right), or None when the test is over."""
        from roomserver.core.matching import right_answer

        question = (self.state or {}).get("question")
        if question is None:
            return None
        body = {"answer_id": str(uuid.uuid4()), "challenge_id": question["challenge_id"]}
        if self.rng.random() < SKIP_SHARE:
            body["skip"] = True
        else:
            body["value"] = right_answer(pack.challenges[question["challenge_id"]])
        return body


class Crowd:
    def __init__(self, port: int, people: list[dict], demo: dict, seed: int, storm):
        from roomserver.content import DEMO_PACK_DIR, load_pack

        self.pack = load_pack(DEMO_PACK_DIR)
        master = random.Random(seed)
        self.candidates = [Candidate(port, p, demo, random.Random(master.random())) for p in people]
        self.demo, self.storm = demo, storm

    def _each(self, fn, deadline_s: float, **kwargs) -> list:
        """Run ``fn(candidate, out)`` in one thread per candidate; records of every thread."""
        outs: list[dict] = []

        def run(candidate):
            out = {"cid": candidate.id, "errors": [], "retries": 0}
            try:
                fn(candidate, out, **kwargs)
            except Exception as exc:
                out["errors"].append(f"{type(exc).__name__}: {exc}"[:300])
                out["trace"] = traceback.format_exc()[-1500:]
            outs.append(out)

        threads = [threading.Thread(target=run, args=(c,), daemon=True) for c in self.candidates]
        for t in threads:
            t.start()
        end = time.monotonic() + deadline_s
        for t in threads:
            t.join(max(0.1, end - time.monotonic()))
        unfinished = sum(1 for t in threads if t.is_alive())
        if unfinished:
            outs.append({"cid": None, "errors": [f"{unfinished} candidates still running at the deadline"],
                         "retries": 0})
        return outs

    # -- phases ---------------------------------------------------------------------------------

    def join(self, concurrency: int) -> list:
        slots = threading.Semaphore(concurrency)

        def one(c: Candidate, out):
            p = c.person
            with slots:
                t0 = time.monotonic()
                status, reply = c.client.call_until_up("POST", "/api/v1/candidate/join", {
                    "session_number": self.demo["session_number"], "first_name": p["first_name"],
                    "last_name": p["last_name"], "birthdate": p["birthdate"]}, deadline=t0 + GIVE_UP_S)
                out["join_ms"] = (time.monotonic() - t0) * 1000
            if status != 200:
                raise RuntimeError(f"join {status}: {reply}")
            c.client.token = reply["token"]
            status, reply = c.client.call_until_up("POST", "/api/v1/candidate/heartbeat", {},
                                                   deadline=time.monotonic() + GIVE_UP_S)
            if status != 200:  # the page beats from the join on: the room sees it connected
                raise RuntimeError(f"heartbeat {status}: {reply}")

        return self._each(one, GIVE_UP_S + 30)

    def burst(self, t0: float, spread: float) -> list:
        def one(c: Candidate, out):
            moment = t0 + c.rng.uniform(0, spread)
            time.sleep(max(0.0, moment - time.monotonic()))
            deadline = time.monotonic() + GIVE_UP_S
            status, reply = c.client.call_until_up("POST", "/api/v1/candidate/start",
                                                   {"access_code": self.demo["access_code"]}, deadline=deadline)
            if status != 200 or not reply.get("question"):  # the reply is the state, as the page uses it
                raise RuntimeError(f"start {status}: {reply}")
            c.state = reply
            out["done_at"] = time.monotonic()
            out["code_to_question_ms"] = (out["done_at"] - moment) * 1000
            status, reply = c.client.call_until_up("POST", "/api/v1/candidate/heartbeat", {}, deadline=deadline)
            if status != 200:  # the page keeps beating: no silence before the steady phase
                raise RuntimeError(f"heartbeat {status}: {reply}")

        return self._each(one, spread + GIVE_UP_S + 30)

    def steady(self, t_end: float, think: tuple[float, float]) -> list:
        def one(c: Candidate, out):
            out.update(answers=[], heartbeats_ms=[], recovered_at=None, finished=False)
            now = time.monotonic()
            next_answer = now + c.rng.uniform(0, think[1])  # the room does not answer all at once
            next_beat = now + c.rng.uniform(0, HEARTBEAT_S)
            stormed = False

            def retried(path):
                out["retries"] += 1

            def call(method, path, body=None):
                return c.client.call_until_up(method, path, body, deadline=time.monotonic() + GIVE_UP_S,
                                              on_retry=retried)

            while True:
                if self.storm.is_set() and not stormed:  # the server was killed: the page comes back
                    stormed = True
                    status, _ = call("POST", "/api/v1/candidate/heartbeat", {})
                    out["recovered_at"] = time.monotonic()
                    if status != 200:
                        out["errors"].append(f"heartbeat after restart {status}")
                now = time.monotonic()
                wake = min(next_answer, next_beat)
                if wake >= t_end:
                    return
                if wake > now:
                    if stormed:
                        time.sleep(wake - now)
                    elif self.storm.wait(wake - now):
                        continue
                if next_beat <= next_answer:
                    t0 = time.monotonic()
                    status, _ = call("POST", "/api/v1/candidate/heartbeat", {})
                    out["heartbeats_ms"].append((time.monotonic() - t0) * 1000)
                    if status != 200:
                        out["errors"].append(f"heartbeat {status}")
                    next_beat += HEARTBEAT_S
                    continue
                body = c.body(self.pack)
                if body is None:
                    out["finished"] = True
                    return
                t_send = time.monotonic()
                status, reply = call("POST", "/api/v1/candidate/answers", body)
                t_ack = time.monotonic()
                next_answer = t_ack + c.rng.uniform(*think)
                if status != 200:
                    out["errors"].append(f"answer {status}: {reply}"[:300])
                    return
                out["answers"].append((c.id, reply["answered"], t_send, t_ack, body["answer_id"]))
                c.state = reply["state"]  # the next question comes with the acknowledgement, as on the page

        return self._each(one, max(0.0, t_end - time.monotonic()) + GIVE_UP_S + 30)

    def flat(self, t_end: float) -> list:
        def one(c: Candidate, out):
            out.update(answers=[], finished=False)
            while time.monotonic() < t_end:
                body = c.body(self.pack)
                if body is None:
                    out["finished"] = True
                    return
                t_send = time.monotonic()
                status, reply = c.client.call_until_up("POST", "/api/v1/candidate/answers", body,
                                                       deadline=t_send + GIVE_UP_S)
                t_ack = time.monotonic()
                if status != 200:
                    out["errors"].append(f"answer {status}: {reply}"[:300])
                    return
                out["answers"].append((c.id, reply["answered"], t_send, t_ack, body["answer_id"]))
                c.state = reply["state"]

        return self._each(one, max(0.0, t_end - time.monotonic()) + GIVE_UP_S)

    def healthz(self, t_end: float) -> list:
        def one(c: Candidate, out):
            out["done"] = 0
            probe = Client(c.client.port)
            try:
                while time.monotonic() < t_end:
                    status, _ = probe.call("GET", "/healthz")
                    if status != 200:
                        out["errors"].append(f"healthz {status}")
                        return
                    out["done"] += 1
            finally:
                probe.close()

        return self._each(one, max(0.0, t_end - time.monotonic()) + 30)


def worker_main(port: int, people: list[dict], demo: dict, seed: int, commands, results, storm) -> None:
    """A worker process: play each (phase, kwargs) received until ("quit", {})."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    crowd = Crowd(port, people, demo, seed, storm)
    while True:
        phase, kwargs = commands.get()
        if phase == "quit":
            return
        try:
            results.put((phase, getattr(crowd, phase)(**kwargs)))
        except Exception:
            results.put((phase, [{"cid": None, "errors": [traceback.format_exc()[-2000:]], "retries": 0}]))


class Crowds:
    """The parent's side: WORKERS processes sharing the candidates, driven phase by phase."""

    def __init__(self, ctx, port: int, people: list[dict], demo: dict, workers: int, seed: int = 1000):
        self.storm = ctx.Event()
        self.channels = []
        self.processes = []
        for w in range(workers):
            commands, results = ctx.Queue(), ctx.Queue()
            process = ctx.Process(target=worker_main, name=f"candidates-{w}",
                                  args=(port, people[w::workers], demo, seed + w, commands, results, self.storm))
            process.start()
            self.channels.append((commands, results))
            self.processes.append(process)

    def run(self, phase: str, timeout: float, **kwargs) -> list:
        """Play a phase in every worker at once; the records of every candidate."""
        for commands, _ in self.channels:
            commands.put((phase, kwargs))
        return self.collect(phase, timeout)

    def start(self, phase: str, **kwargs) -> None:
        for commands, _ in self.channels:
            commands.put((phase, kwargs))

    def collect(self, phase: str, timeout: float) -> list:
        records = []
        deadline = time.monotonic() + timeout
        for _, results in self.channels:
            got, outs = results.get(timeout=max(1.0, deadline - time.monotonic()))
            assert got == phase, (got, phase)
            records += outs
        return records

    def close(self) -> None:
        for commands, _ in self.channels:
            try:
                commands.put(("quit", {}))
            except Exception:
                pass
        for process in self.processes:
            process.join(5)
            if process.is_alive():
                process.terminate()
                process.join(5)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]
