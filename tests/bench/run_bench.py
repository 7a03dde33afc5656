"""``make bench``: the answer path through the real HTTP API and Socket.IO, on this machine's
disk and on an emulated slow disk (5 ms per fsync: an LD_PRELOAD shim compiled at run time),
loopback only, bounded, stopping by itself. Not a test: it prints figures.

Prints a Markdown table (targets met or missed, and by how much) and, as the very last line,
one JSON object. See docs/performance.md for what each figure measures and the last results.
``--root DIR`` serves the code of another tree (e.g. an older commit, to compare before/after);
``--quick`` runs smaller scenarios (for trying the bench itself, not for figures).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import scenarios  # noqa: E402
from harness import JOURNAL_MATCH, REPO, machine_load  # noqa: E402
from slowdisk import ShimUnavailable, SlowDisk  # noqa: E402

SLOW_FSYNC_MS = 5.0
BUDGET_S = 15 * 60  # the whole bench is stopped past this, whatever happens

# (key, label, disk, target, direction): the figure must be <= target ("max") or >= ("min")
TARGETS = [
    ("start_burst_p99_ms", "start burst p99 (code -> first question)", "fast", 1000, "max"),
    ("answer_p99_ms", "steady answer p99", "fast", 50, "max"),
    ("dashboard_p99_ms", "steady ack -> all dashboards p99", "fast", 200, "max"),
    ("errors", "errors (all scenarios)", "fast", 0, "max"),
    ("saturation_ratio", "saturation answers/s ÷ /healthz rate", "fast", 0.5, "min"),
    ("events_per_fsync", "events per fsync, 300 answering flat out", "fast", 5, "min"),
    ("restart_all_served_s", "restart storm: kill -> every candidate served", "fast", 5, "max"),
    ("peak_rss_mb", "server peak RSS", "fast", 200, "max"),
    ("lost_or_doubled", "acknowledged answers lost or doubled (storm)", "fast", 0, "max"),
    ("slow_disk_start_burst_s", "start burst: everyone has question 1", "slow", 1.5, "max"),
    ("slow_disk_answer_p99_ms", "steady answer p99", "slow", 50, "max"),
    ("slow_disk_dashboard_p99_ms", "steady ack -> all dashboards p99", "slow", 200, "max"),
    ("slow_disk_errors", "errors (all scenarios)", "slow", 0, "max"),
    ("slow_disk_saturation_answers_per_s", "saturation answers/s", "slow", 500, "min"),
    ("slow_disk_lost_or_doubled", "acknowledged answers lost or doubled (storm)", "slow", 0, "max"),
]


def run_disk(name: str, delay_ms: float, tmp: Path, root: Path, quick: bool) -> dict:
    """Every answer-path scenario on one disk; the shim counts the journal's fsyncs on both."""
    size = {"candidates": 60, "steady_s": 10.0, "flat_s": 3.0} if quick else {}
    out = {"fsync_delay_ms": delay_ms}
    with SlowDisk(delay_ms, match=JOURNAL_MATCH, directory=tmp / "shim") as disk:
        print(f"[{name}] journal module benchmarks", file=sys.stderr, flush=True)
        out["storage"] = scenarios.storage(tmp / "storage", disk, root)
        print(f"[{name}] saturation (50 candidates flat out, /healthz)", file=sys.stderr, flush=True)
        out["saturation"] = scenarios.saturation(tmp / "saturation", disk, root,
                                                 **({"answers_s": 3.0} if quick else {}))
        print(f"[{name}] room: joins, start burst, steady exam, restart storm, flat out", file=sys.stderr, flush=True)
        out["room"] = scenarios.room(tmp / "room", disk, root, **size)
    return out


def summary(fast: dict, slow: dict | None, replay: dict | None) -> dict:
    """The last line's object: issue 13's keys (this disk) and issue 16's (slow disk)."""
    def keys(run: dict, prefix: str) -> dict:
        room, sat = run["room"], run["saturation"]
        errors = (room["join"]["errors"] + room["start_burst"]["errors"] + room["steady"]["errors"]
                  + room["flat_out"]["errors"] + sat["healthz"]["errors"] + sat["answers"]["errors"])
        check = room["acknowledged_check"]
        return {
            f"{prefix}start_burst_p99_ms": room["start_burst"]["p99_ms"],
            f"{prefix}start_burst_s": room["start_burst"]["all_have_question_s"],
            f"{prefix}answer_p99_ms": room["steady"]["answer"]["p99_ms"],
            f"{prefix}dashboard_p99_ms": finite(room["steady"]["dashboard"]["p99_ms"]),
            f"{prefix}dashboard_missed": room["steady"]["dashboard"]["missed"],
            f"{prefix}errors": errors,
            f"{prefix}saturation_answers_per_s": sat["answers"]["answers_per_s"],
            f"{prefix}healthz_rps": sat["healthz"]["rps"],
            f"{prefix}saturation_ratio": sat["ratio_to_healthz"],
            f"{prefix}fsync_appends_per_s": run["storage"]["single_writer"]["appends_per_s"],
            f"{prefix}saturation_ratio_to_fsync": (sat["answers"]["answers_per_s"]
                                                   / run["storage"]["single_writer"]["appends_per_s"]),
            f"{prefix}restart_all_served_s": room["restart_storm"]["all_served_after_kill_s"],
            f"{prefix}events_per_fsync": room["flat_out"]["events_per_fsync"],
            f"{prefix}peak_rss_mb": max(room["peak_rss_mb"] or 0, sat["peak_rss_mb"] or 0),
            f"{prefix}lost_or_doubled": check["lost"] + check["doubled"],
        }

    result = keys(fast, "")
    result["replay_s"] = replay["full_replay_s"] if replay else None
    if slow is not None:
        result.update(keys(slow, "slow_disk_"))
    return result


def finite(value):
    """JSON has no infinity: an update missed by a dashboard makes the p99 null (see *_missed)."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def verdict(value, target, direction) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not measured (or infinite: see the missed updates)"
    met = value <= target if direction == "max" else value >= target
    if met:
        return "met"
    if target == 0:
        return f"MISSED ({value} instead of 0)"
    factor = value / target if direction == "max" else target / value if value else math.inf
    return f"MISSED by {abs(value - target):.3g} ({factor:.2f}x the target)"


def show(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return "inf" if math.isinf(value) else f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return str(value)


def table(summary_: dict, runs: dict, replay: dict | None) -> str:
    lines = ["| target | disk | measured | target | verdict |", "|---|---|---|---|---|"]
    for key, label, disk, target, direction in TARGETS:
        if key not in summary_:
            continue
        sign = "≤" if direction == "max" else "≥"
        lines.append(f"| {label} | {disk} | {show(summary_[key])} | {sign} {target} | "
                     f"{verdict(summary_[key], target, direction)} |")
    lines += ["", "| figure | " + " | ".join(runs) + " |", "|---|" + "---|" * len(runs)]

    def row(label, get):
        cells = []
        for run in runs.values():
            try:
                cells.append(show(get(run)))
            except (KeyError, TypeError):
                cells.append("—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("fsync added per call (ms)", lambda r: r["fsync_delay_ms"])
    row("raw journal append+fsync, one writer (/s)", lambda r: r["storage"]["single_writer"]["appends_per_s"])
    row("journal, 32 threads: events/s", lambda r: r["storage"]["group_commit_32_threads"]["events_per_s"])
    row("journal, 32 threads: events per fsync", lambda r: r["storage"]["group_commit_32_threads"]["events_per_fsync"])
    row("join p50 / p99 (ms)", lambda r: f"{show(r['room']['join']['p50_ms'])} / {show(r['room']['join']['p99_ms'])}")
    row("start burst p50 / p99 (ms)",
        lambda r: f"{show(r['room']['start_burst']['p50_ms'])} / {show(r['room']['start_burst']['p99_ms'])}")
    row("start burst: all have question 1 (s after the code)", lambda r: r["room"]["start_burst"]["all_have_question_s"])
    row("start burst: events per fsync", lambda r: r["room"]["start_burst"]["events_per_fsync"])
    row("start burst: server CPU (%)", lambda r: r["room"]["start_burst"]["server_cpu_pct"])
    row("steady: answers/s", lambda r: r["room"]["steady"]["answers_per_s"])
    row("steady: answer, next question with it, p50 / p99 (ms)",
        lambda r: f"{show(r['room']['steady']['answer']['p50_ms'])} / {show(r['room']['steady']['answer']['p99_ms'])}")
    row("steady: ack -> all dashboards p50 / p99 / max (ms)",
        lambda r: " / ".join(show(r["room"]["steady"]["dashboard"][k]) for k in ("p50_ms", "p99_ms", "max_ms")))
    row("steady: dashboard updates missed", lambda r: r["room"]["steady"]["dashboard"]["missed"])
    row("steady: events per fsync", lambda r: r["room"]["steady"]["events_per_fsync"])
    row("steady: server CPU (%)", lambda r: r["room"]["steady"]["server_cpu_pct"])
    row("restart storm: server ready after restart (s)",
        lambda r: r["room"]["restart_storm"]["server_ready_after_restart_s"])
    row("restart storm: kill -> all served (s)", lambda r: r["room"]["restart_storm"]["all_served_after_kill_s"])
    row("restart storm: acknowledged / lost / doubled", lambda r: "{acknowledged} / {lost} / {doubled}".format(
        **r["room"]["acknowledged_check"]))
    row("300 flat out: answers/s", lambda r: r["room"]["flat_out"]["answers_per_s"])
    row("300 flat out: answer p50 / p99 (ms)",
        lambda r: f"{show(r['room']['flat_out']['answer']['p50_ms'])} / {show(r['room']['flat_out']['answer']['p99_ms'])}")
    row("300 flat out: journal events / fsyncs",
        lambda r: f"{r['room']['flat_out']['journal_events']} / {r['room']['flat_out']['journal_fsyncs']}")
    row("300 flat out: events per fsync", lambda r: r["room"]["flat_out"]["events_per_fsync"])
    row("300 flat out: server CPU (%)", lambda r: r["room"]["flat_out"]["server_cpu_pct"])
    row("saturation (50): answers/s", lambda r: r["saturation"]["answers"]["answers_per_s"])
    row("saturation (50): /healthz per s, mean (before / after the answers)",
        lambda r: "{} ({})".format(show(r["saturation"]["healthz"]["rps"]), " / ".join(
            show(w["rps"]) for w in r["saturation"]["healthz"]["windows"])))
    row("saturation (50): ratio to /healthz", lambda r: r["saturation"]["ratio_to_healthz"])
    row("saturation (50): ratio to the raw append+fsync rate",
        lambda r: r["saturation"]["answers"]["answers_per_s"] / r["storage"]["single_writer"]["appends_per_s"])
    row("saturation (50): answer p50 / p99 (ms)", lambda r: f"{show(r['saturation']['answers']['answer']['p50_ms'])} / "
                                                         f"{show(r['saturation']['answers']['answer']['p99_ms'])}")
    row("saturation (50): events per fsync", lambda r: r["saturation"]["answers"]["events_per_fsync"])
    row("saturation (50): server CPU (%)", lambda r: r["saturation"]["answers"]["server_cpu_pct"])
    row("peak RSS room / saturation (MB)",
        lambda r: f"{show(r['room']['peak_rss_mb'])} / {show(r['saturation']['peak_rss_mb'])}")
    if replay:
        lines += ["", f"Replay ({replay['answers']} answers, {replay['events']} events, "
                      f"{replay['journal_mb']:.1f} MiB journal, this disk): full verify + fold "
                      f"{replay['full_replay_s']:.2f} s; with the checkpoint {replay['load_with_checkpoint_s']:.2f} s; "
                      f"served process start to ready {replay['served_start_to_ready_s']:.2f} s."]
    return "\n".join(lines)


def receiver_figures(quick: bool) -> dict | None:
    """Sessions of 300 candidates ingested per second by the reference receiver into PostgreSQL,
    with 1 and 4 gunicorn workers (``receiver_bench.py``, its own process; None when skipped)."""
    if quick:
        return None
    print("[receiver] sessions of 300 candidates into PostgreSQL, 1 and 4 workers", file=sys.stderr, flush=True)
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("receiver_bench.py"))], capture_output=True,
                          text=True, timeout=6 * 60)
    sys.stderr.write(done.stdout)  # its own table, for the record
    try:
        return json.loads(done.stdout.strip().splitlines()[-1]).get("receiver")
    except (IndexError, ValueError):
        print(f"[receiver] no figure: {done.stderr[-500:]}", file=sys.stderr)
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO, help="the tree whose server is measured")
    parser.add_argument("--disks", default="fast,slow", help="fast, slow or both (default)")
    parser.add_argument("--quick", action="store_true", help="smaller scenarios, to try the bench itself")
    parser.add_argument("--no-replay", action="store_true")
    parser.add_argument("--no-receiver", action="store_true", help="skip the upstream receiver's figure")
    parser.add_argument("--raw", type=Path, help="also write every figure there as JSON")
    args = parser.parse_args()
    disks = [d for d in args.disks.split(",") if d]
    if not set(disks) <= {"fast", "slow"} or not disks:
        parser.error("--disks takes fast, slow or fast,slow")

    def out_of_time(*_):
        raise TimeoutError(f"the bench ran past {BUDGET_S} s: stopped")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(BUDGET_S)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("run_bench: terminated"))  # clean up as on Ctrl-C
    load_before, t0 = machine_load(), time.monotonic()
    runs: dict[str, dict] = {}
    replay = None
    try:
        with tempfile.TemporaryDirectory(prefix="roomserver-bench-") as tmp:
            tmp = Path(tmp)
            for name in disks:
                delay = 0.0 if name == "fast" else SLOW_FSYNC_MS
                label = "this disk" if name == "fast" else f"emulated {delay:g} ms fsync"
                runs[label] = run_disk(name, delay, tmp / name, args.root, args.quick)
            if not args.no_replay:
                print("[replay] journal of 300 candidates x 48 answers", file=sys.stderr, flush=True)
                replay = scenarios.replay(tmp / "replay", args.root, 60 if args.quick else 300)
        receiver = None if args.no_receiver else receiver_figures(args.quick)
    except ShimUnavailable as exc:
        sys.exit(f"run_bench: the emulated disk needs gcc ({exc})")
    finally:
        signal.alarm(0)
    fast = runs.get("this disk")
    slow = next((r for label, r in runs.items() if label != "this disk"), None)
    result = summary(fast, slow, replay) if fast else summary(slow, None, replay)
    if receiver:
        result["receiver_sessions_per_s_1_worker"] = receiver["sessions_per_s_1_worker"]
        result["receiver_sessions_per_s_4_workers"] = receiver["sessions_per_s_4_workers"]
    machine = {"load_before": load_before, "load_after": machine_load(), "cores": os.cpu_count(),
               "run_s": round(time.monotonic() - t0, 1), "root": str(args.root), "quick": args.quick}
    print(f"\nMachine load (1/5/15 min) before {machine['load_before']}, after {machine['load_after']}; "
          f"{machine['cores']} cores; run {machine['run_s']} s.\n")
    print(table(result, runs, replay))
    if receiver:
        print(f"\n| upstream receiver (PostgreSQL, sessions of {receiver['candidates']} candidates, "
              f"{receiver['body_mib']} MiB each) | 1 worker | 4 workers |\n|---|---|---|\n"
              f"| sessions stored per second | {receiver['sessions_per_s_1_worker']} | "
              f"{receiver['sessions_per_s_4_workers']} |\n| errors | {receiver['errors']} | |")
    if args.raw:
        args.raw.write_text(json.dumps({"summary": result, "runs": runs, "replay": replay, "machine": machine},
                                       default=str, indent=1))
    print(json.dumps({**result, "machine_load_before": load_before, "machine_load_after": machine["load_after"]},
                     default=str))


if __name__ == "__main__":
    main()
