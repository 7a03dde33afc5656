"""Fixtures shared by the sync tests (room side in tests/sync/room, receiver side in
tests/sync/receiver): a real finalised session, the reference receiver as real processes,
a throwaway PostgreSQL server.

- ``finalised_session`` (session scope): a room data directory with one finalised session
  (3 candidates), its key, sealed journal and POST body (receiverkit.FinalisedSession).
- ``fresh_session``: a distinct valid copy of it (new id, new key), for tests that store it.
- ``receiver_factory``: ``receiver_factory(db_url, *keys_lines, workers=2)`` starts a real
  receiver (gunicorn) and stops every one it started at the end.
- ``sqlite_url``: a fresh SQLite database URL in the test's temporary directory.
- ``pg_server`` (session scope): the PostgreSQL cluster (pg.PgCluster); skips, saying why,
  when PostgreSQL cannot run here. ``pg_url``: a fresh empty database on it.
- ``db_url``: parametrised over "sqlite" and "postgresql" (the latter skipped when unavailable).

This file is imported as the module ``conftest`` (tests/ has no packages), which hides the
root conftest's module for later ``from conftest import ...``: its plain helpers are
re-exported below so such imports keep working.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "receiver"))

import receiverkit  # noqa: E402
from pg import PgCluster, PgUnavailable  # noqa: E402

_spec = importlib.util.spec_from_file_location("roomserver_tests_root_conftest", HERE.parent / "conftest.py")
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
ROOT, free_port, ServerProcess = _root.ROOT, _root.free_port, _root.ServerProcess  # re-exported, see above
CandidateActor, InvigilatorActor, CHROMIUM, CHROMIUM_ARGS = (_root.CandidateActor, _root.InvigilatorActor,
                                                             _root.CHROMIUM, _root.CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def finalised_session(tmp_path_factory) -> receiverkit.FinalisedSession:
    return receiverkit.make_finalised_session(tmp_path_factory.mktemp("room") / "data", candidates=3)


@pytest.fixture
def fresh_session(finalised_session) -> receiverkit.FinalisedSession:
    return receiverkit.reforge(finalised_session)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'receiver.db'}"


@pytest.fixture
def receiver_factory(tmp_path):
    started: list[receiverkit.ReceiverProcess] = []
    counter = iter(range(1000))

    def start(db_url: str, *keys_lines: str, workers: int = 2) -> receiverkit.ReceiverProcess:
        keys = receiverkit.write_keys(tmp_path / f"keys-{next(counter)}.txt", *keys_lines)
        process = receiverkit.ReceiverProcess(db_url, keys, workers, tmp_path)
        started.append(process)
        return process.start()

    yield start
    for process in started:
        process.stop()


@pytest.fixture(scope="session")
def pg_server():
    cluster = PgCluster()
    try:
        cluster.start()
    except PgUnavailable as exc:
        pytest.skip(f"PostgreSQL indisponible, tests PostgreSQL sautés\u00a0: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    return pg_server.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'receiver.db'}"
    return request.getfixturevalue("pg_url")
