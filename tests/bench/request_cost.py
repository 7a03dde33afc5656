"""Server CPU per request, by kind, on the real served process (one client, one request at a
time, so nothing else runs in the server): /healthz, GET /candidate/state (no write), POST
/candidate/answers (the answer path: its reply carries the next question), POST /candidate/heartbeat.
Not a test: it prints milliseconds of server CPU (user + system) per request.

    .venv/bin/python tests/bench/request_cost.py [--root DIR] [--candidates 20]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from harness import REPO, BenchServer, Client, seed_data_dir  # noqa: E402


def measure(server: BenchServer, fn, n: int) -> dict:
    cpu0, t0 = server.cpu_s(), time.perf_counter()
    for _ in range(n):
        fn()
    wall, cpu = time.perf_counter() - t0, server.cpu_s() - cpu0
    return {"n": n, "server_cpu_ms": cpu / n * 1000, "wall_ms": wall / n * 1000}


def main() -> None:
    from roomserver.content import DEMO_PACK_DIR, load_pack
    from roomserver.core.matching import right_answer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--spy", type=Path, help="record the answer path with py-spy (collapsed stacks) there")
    args = parser.parse_args()
    pack = load_pack(DEMO_PACK_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        demo = seed_data_dir(Path(tmp) / "data", args.candidates)
        server = BenchServer(Path(tmp) / "data", None, args.root).start()
        try:
            port = server.port
            invigilator = Client(port)
            _, login = invigilator.call("POST", "/api/v1/invigilator/login", {
                "session_number": demo["session_number"], "password": demo["invigilator_password"]})
            invigilator.token = login["token"]
            pupils = []
            for p in [p for p in demo["candidates"] if p["certifiable"]][:args.candidates]:
                client = Client(port)
                _, joined = client.call("POST", "/api/v1/candidate/join", {
                    "session_number": demo["session_number"], "first_name": p["first_name"],
                    "last_name": p["last_name"], "birthdate": p["birthdate"]})
                client.token = joined["token"]
                invigilator.call("POST", f"/api/v1/invigilator/candidates/{p['candidate_id']}/presence")
                pupils.append(client)
            invigilator.call("POST", "/api/v1/invigilator/session/start")
            for client in pupils:
                client.call("POST", "/api/v1/candidate/start", {"access_code": demo["access_code"]})
            probe = Client(port)
            results = {"healthz": measure(server, lambda: probe.call("GET", "/healthz"), args.n),
                       "state (read only)": measure(server, lambda: pupils[0].call("GET", "/api/v1/candidate/state"),
                                                    args.n),
                       "heartbeat": measure(server, lambda: pupils[0].call("POST", "/api/v1/candidate/heartbeat", {}),
                                            args.n)}
            turn = {"i": 0}
            states = [client.call("GET", "/api/v1/candidate/state")[1] for client in pupils]

            def answer():  # one request: the reply carries the next question, as the page uses it
                for _ in range(len(pupils)):
                    k = turn["i"] % len(pupils)
                    turn["i"] += 1
                    if states[k].get("question"):
                        break
                else:
                    raise RuntimeError("every candidate finished: use more --candidates")
                challenge = pack.challenges[states[k]["question"]["challenge_id"]]
                status, reply = pupils[k].call("POST", "/api/v1/candidate/answers", {
                    "answer_id": uuid.uuid4().hex, "challenge_id": challenge.id, "value": right_answer(challenge)})
                assert status == 200, reply
                states[k] = reply["state"]

            n = min(args.n, 40 * len(pupils))
            spy = None
            if args.spy:
                import subprocess
                spy = subprocess.Popen([str(Path(sys.executable).with_name("py-spy")), "record", "--pid",
                                        str(server.proc.pid), "--format", "raw", "--output", str(args.spy),
                                        "--rate", "500", "--nonblocking", "--gil"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(1)
            cost = measure(server, answer, n)
            if spy:
                import signal
                spy.send_signal(signal.SIGINT)  # py-spy writes its file on Ctrl-C
                spy.wait(30)
            results["answer, next question in the reply"] = cost
        finally:
            server.stop()
    for name, figures in results.items():
        print(f"{name:40s} server CPU {figures['server_cpu_ms']:.2f} ms, wall {figures['wall_ms']:.2f} ms "
              f"(n={figures['n']})")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
