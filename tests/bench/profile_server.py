"""Profile the real served process (eventlet) under load with py-spy (``pip install py-spy``
into .venv; not needed by ``make bench``). Not a test: it prints where the server's time goes.

    .venv/bin/python tests/bench/profile_server.py --phase flat --candidates 50 --seconds 6
    .venv/bin/python tests/bench/profile_server.py --phase burst --candidates 300 --dashboards 3

``--phase join``: the candidates join (25 at a time); ``--phase burst``: all candidates type
the code within one second; ``--phase steady``: an answer every 6 s each (``make bench``'s
steady exam); ``--phase flat``: every candidate answers without think time. py-spy samples
every thread (``--idle`` too: a thread waiting on the disk shows). The report gives the share of
samples per function (self and total) for the hub thread, and the collapsed stacks file.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing as mp
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from crowd import Crowds  # noqa: E402
from dashboards import dashboard_process  # noqa: E402
from harness import REPO, BenchServer, seed_data_dir  # noqa: E402
from scenarios import _login  # noqa: E402
from slowdisk import SlowDisk  # noqa: E402


def summarise(raw: Path, top: int) -> str:
    """Self and total share per function from py-spy's collapsed stacks (``--format raw``);
    the pool threads count only while they do disk work (not while waiting for some)."""
    pool = [0]
    self_count: collections.Counter = collections.Counter()
    total_count: collections.Counter = collections.Counter()
    threads: collections.Counter = collections.Counter()
    samples = 0
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue  # not a stack line
        n = int(n)
        frames = stack.split(";")
        if pool and any("tworker" in f for f in frames):
            pool[0] += n
            if not any("Journal._write" in f or "_replace" in f or "_read" in f for f in frames):
                continue  # a pool thread waiting for work
        threads[frames[0]] += n
        samples += n
        self_count[frames[-1]] += n
        for frame in set(frames[1:]):
            total_count[frame] += n
    out = [f"{samples} samples; by thread: " + ", ".join(f"{t} {n / samples:.0%}" for t, n in threads.most_common(5))]
    out.append("\nself (the function itself was running or waiting):")
    out += [f"  {n / samples:6.1%}  {f}" for f, n in self_count.most_common(top)]
    out.append("\ntotal (the function was on the stack):")
    out += [f"  {n / samples:6.1%}  {f}" for f, n in total_count.most_common(top)]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", choices=("join", "burst", "steady", "flat"), default="flat")
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--fsync-ms", type=float, default=0.0, help="emulated fsync delay")
    parser.add_argument("--root", type=Path, default=REPO)
    parser.add_argument("--dashboards", type=int, default=0, help="Socket.IO dashboards connected meanwhile")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--out", type=Path, help="keep the collapsed stacks there")
    parser.add_argument("--idle", action="store_true", help="also count threads waiting (py-spy --idle)")
    args = parser.parse_args()
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory() as tmp, SlowDisk(args.fsync_ms, match="journal.jsonl") as disk:
        tmp = Path(tmp)
        demo = seed_data_dir(tmp / "data", args.candidates)
        people = [p for p in demo["candidates"] if p["certifiable"]][:args.candidates]
        server = BenchServer(tmp / "data", disk, args.root).start()
        crowds = Crowds(ctx, server.port, people, demo, 2)
        raw = args.out or tmp / "stacks.txt"
        dash = None
        spy_args = [spy, "record", "--pid", str(server.proc.pid), "--format", "raw", "--output", str(raw),
                    "--rate", "500", "--threads", "--nonblocking", "--gil"] + (["--idle"] if args.idle else [])
        try:
            invigilator = _login(server.port, demo, "Profil")
            if args.phase == "join":
                record = subprocess.Popen(spy_args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(1)
            crowds.run("join", timeout=120, concurrency=25)
            if args.phase == "join":
                record.send_signal(signal.SIGINT)  # py-spy writes its file on Ctrl-C
            for person in people:
                invigilator.call("POST", f"/api/v1/invigilator/candidates/{person['candidate_id']}/presence")
            invigilator.call("POST", "/api/v1/invigilator/session/start")
            if args.dashboards:
                tokens = [_login(server.port, demo, f"Profil {i}").token for i in range(args.dashboards)]
                ready, stop_dash = ctx.Event(), ctx.Event()
                dash = ctx.Process(target=dashboard_process,
                                   args=(server.port, tokens, ready, stop_dash, str(tmp / "dash.json")))
                dash.start()
                ready.wait(60)
            if args.phase == "burst":
                record = subprocess.Popen(spy_args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(1)
                crowds.run("burst", timeout=120, t0=time.monotonic() + 0.5, spread=1.0)
                record.send_signal(signal.SIGINT)
            elif args.phase == "steady":  # an answer every 6 s each, heartbeats every 5 s
                crowds.run("burst", timeout=120, t0=time.monotonic(), spread=1.0)
                record = subprocess.Popen(spy_args + ["--duration", str(int(args.seconds))],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                crowds.run("steady", timeout=args.seconds + 120, t_end=time.monotonic() + args.seconds,
                           think=(5.0, 7.0))
            elif args.phase == "flat":
                crowds.run("burst", timeout=120, t0=time.monotonic(), spread=0.2)
                record = subprocess.Popen(spy_args + ["--duration", str(int(args.seconds))],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(0.5)
                t0 = time.monotonic()
                records = crowds.run("flat", timeout=args.seconds + 60, t_end=time.monotonic() + args.seconds)
                answers = sum(len(r.get("answers", [])) for r in records)
                print(f"{answers} answers in {time.monotonic() - t0:.1f} s", file=sys.stderr)
            record.wait(60)
        finally:
            if dash is not None:
                stop_dash.set()
                dash.join(10)
            crowds.close()
            server.stop()
        print(summarise(raw, args.top))


if __name__ == "__main__":
    main()
