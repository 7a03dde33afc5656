"""A real ``roomserver`` process on 127.0.0.1, for the tests and the benchmark alike (one
definition: ``tests/bench/harness.py`` extends it; ``tests/conftest.py`` may re-export it).
Plain module, no pytest: the benchmark imports it outside pytest."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG_TAIL = 5000  # characters of the server's log shown when it does not start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """``roomserver demo`` (or serve) as a real child process on 127.0.0.1.

    ``root``: the tree whose code is served (the benchmark measures older commits too);
    ``env``: variables added to the environment (an LD_PRELOAD shim, settings)."""

    poll_s = 0.05  # how often readiness is probed: the benchmark times the start with it

    def __init__(self, data_dir: Path, command: str = "demo", extra_args: tuple[str, ...] = (), *,
                 root: Path = ROOT, env: dict[str, str] | None = None):
        self.data_dir, self.command, self.extra_args = Path(data_dir), command, tuple(extra_args)
        self.root, self.env = Path(root), dict(env or {})
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log_path = self.data_dir.parent / f"server-{self.port}.log"
        self.started_at = self.ready_at = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        return {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}

    def start(self, timeout: float = 30.0) -> "ServerProcess":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.started_at = time.monotonic()
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "roomserver", self.command, "--data-dir", str(self.data_dir),
                 "--host", "127.0.0.1", "--port", str(self.port), *self.extra_args],
                cwd=self.root, stdout=log, stderr=subprocess.STDOUT, env=self.environment())
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float) -> None:
        """Return once ``/healthz`` answers 200 (``ready_at``); fail if the process exits."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()[-LOG_TAIL:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        self.ready_at = time.monotonic()
                        return
            except OSError:
                time.sleep(self.poll_s)
        raise RuntimeError(f"server not ready after {timeout} s:\n{self.log()[-LOG_TAIL:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def demo(self) -> dict:
        return json.loads((self.data_dir / "demo.json").read_text(encoding="utf-8"))

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self, timeout: float = 10.0) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
