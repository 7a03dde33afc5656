"""``roomserver session create --algorithm adaptive``: the version recorded in the journal, an
unknown version refused in French, the classic default unchanged."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

BASE = ["session", "create", "--site", "Collège Jean Moulin", "--room", "B12", "--date", "2026-06-01",
        "--start-time", "09:00", "--invigilator", "Mme Martin"]


def run(capsys, data_dir, *args) -> tuple[int, str]:
    """The real command in its own process, as a script would run it."""
    done = subprocess.run([sys.executable, "-m", "roomserver", *BASE, "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    return done.returncode, done.stdout + done.stderr


def created_events(data_dir) -> list[dict]:
    journals = sorted((data_dir / "sessions").glob("*/journal.jsonl"))
    return [json.loads(j.read_bytes().splitlines()[0])["data"] for j in journals]


def test_an_adaptive_session_from_the_command_line_records_its_version(tmp_path, capsys):
    data_dir = tmp_path / "data"
    code, out = run(capsys, data_dir, "--algorithm", "adaptive")
    assert code == 0 and "test adaptatif, version de certification\u00a0: adaptatif-demo-2026 (32 questions)" in out
    [created] = created_events(data_dir)
    assert created["details"]["algorithm"] == "adaptive"
    assert created["certification"]["id"] == "adaptatif-demo-2026" and created["certification"]["max_questions"] == 32
    code, out = run(capsys, data_dir, "--algorithm", "adaptive", "--certification-version", "v-inconnue")
    assert code != 0 and "Version de certification inconnue\u00a0: «\u00a0v-inconnue\u00a0»" in out
    code, out = run(capsys, data_dir)
    assert code == 0 and "adaptatif" not in out
    classic = [c for c in created_events(data_dir) if c["details"]["algorithm"] == "classic"]
    assert len(classic) == 1 and "certification" not in classic[0]
