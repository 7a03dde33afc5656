"""A throwaway PostgreSQL cluster for the tests: Debian's binaries, a temporary directory,
127.0.0.1 on a free port, stopped at the end. Run as the ``postgres`` user (``runuser``)
when we are root, since PostgreSQL refuses to run as root. Every wait is bounded.

``PgUnavailable`` says why it could not start (the caller skips the PostgreSQL tests with it).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

BIN_GLOB = "/usr/lib/postgresql/*/bin"


class PgUnavailable(Exception):
    """PostgreSQL cannot run here: the message says why."""


def find_bin() -> Path | None:
    candidates = sorted(glob.glob(BIN_GLOB), key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit()
                        else 0)
    for directory in reversed(candidates):
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and (Path(found).parent / "initdb").exists() else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    """``start()`` it, ``url(db)`` to connect, ``create_database()`` for a fresh one, ``stop()``."""

    def __init__(self, fsync: bool = False):
        self.bin = find_bin()
        self.fsync = fsync  # off for the tests (a throwaway cluster); on for the benchmark
        self.port = _free_port()
        self.root: Path | None = None
        self.user: str | None = None

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        command = list(args)
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout)

    def start(self) -> "PgCluster":
        if self.bin is None:
            raise PgUnavailable(f"binaires PostgreSQL introuvables ({BIN_GLOB}\u00a0; make test-tools les installe "
                                "quand on est root)")
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError:
                raise PgUnavailable("on est root et l'utilisateur postgres n'existe pas") from None
            if not shutil.which("runuser"):
                raise PgUnavailable("on est root et runuser est introuvable")
            self.user = "postgres"
        self.root = Path(tempfile.mkdtemp(prefix="roomserver-pg-"))
        if self.user:
            os.chown(self.root, account.pw_uid, account.pw_gid)
        try:
            done = self._run(str(self.bin / "initdb"), "-D", str(self.datadir), "-U", "postgres", "-A", "trust",
                             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", timeout=120)
            if done.returncode != 0:
                raise PgUnavailable(f"initdb a échoué\u00a0: {done.stderr.strip()[-500:]}")
            with open(self.datadir / "postgresql.conf", "a", encoding="utf-8") as conf:
                conf.write(f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                           f"unix_socket_directories = '{self.root}'\nfsync = {'on' if self.fsync else 'off'}\n"
                           f"synchronous_commit = {'on' if self.fsync else 'off'}\nfull_page_writes = "
                           f"{'on' if self.fsync else 'off'}\nmax_connections = 200\nshared_buffers = 64MB\n")
            done = self._run(str(self.bin / "pg_ctl"), "-D", str(self.datadir), "-l", str(self.root / "server.log"),
                             "-w", "-t", "30", "start", timeout=60)
            if done.returncode != 0:
                raise PgUnavailable(f"pg_ctl start a échoué\u00a0: {done.stderr.strip()[-300:]} {self.log()[-500:]}")
            self._wait_ready()
        except (PgUnavailable, subprocess.TimeoutExpired, OSError) as exc:
            self.stop()
            if isinstance(exc, PgUnavailable):
                raise
            raise PgUnavailable(f"PostgreSQL n'a pas démarré ({exc})") from None
        return self

    def _wait_ready(self, timeout: float = 30) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(self.dsn("postgres"), connect_timeout=2):
                    return
            except psycopg.OperationalError as exc:
                if time.monotonic() > deadline:
                    raise PgUnavailable(f"PostgreSQL ne répond pas ({exc})") from None
                time.sleep(0.2)

    def log(self) -> str:
        path = self.root / "server.log" if self.root else None
        return path.read_text(errors="replace") if path and path.exists() else ""

    def dsn(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def url(self, database: str) -> str:
        """The URL the receiver takes (``--db``)."""
        return self.dsn(database)

    def create_database(self, name: str | None = None) -> str:
        """A fresh empty database; its URL."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.root is None:
            return
        if (self.datadir / "postmaster.pid").exists():
            try:
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "-w", "-t", "30",
                          "stop", timeout=45)
            except subprocess.TimeoutExpired:
                pass
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None
