"""The receiver's database: SQLAlchemy Core, one code path for SQLite and PostgreSQL.

``sqlite:///PATH`` (the default: embedded, zero set-up; WAL so readers never wait for the
writer, a busy timeout so several worker processes share the file) or ``postgresql://...``
(psycopg 3; mapped to ``postgresql+psycopg://``). The schema is Alembic's (``migrations``);
the tables below are what the code reads and writes, kept equal to the latest migration.
Uniqueness is the database's: several receiver processes stay exactly-once.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import (Column, Engine, Float, Integer, MetaData, String, Table, Text, UniqueConstraint,
                        create_engine, event)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

metadata = MetaData()

sessions = Table(
    "received_sessions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(100), nullable=False),
    Column("final_hash", String(64), nullable=False),
    Column("number", Integer, nullable=False),
    Column("key_id", String(16), nullable=False),
    Column("room_label", Text, nullable=False, default=""),
    Column("head_hash", String(64), nullable=False),
    Column("events", Integer, nullable=False),
    Column("candidates", Integer, nullable=False),
    Column("idempotency_key", String(64), nullable=False),
    Column("received_at", Float, nullable=False),
    Column("via", String(10), nullable=False),  # http | bundle
    Column("payload", Text, nullable=False),  # the exact body received
    Column("journal", Text, nullable=False),  # the sealed journal, also inside payload (read without parsing it)
    UniqueConstraint("session_id", name="uq_received_sessions_session_id"),
    UniqueConstraint("session_id", "final_hash", name="uq_received_sessions_session_final"),
)

prepared = Table(
    "prepared_sessions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("upstream_id", String(100), nullable=False),
    Column("key_id", String(16), nullable=False),
    Column("body", Text, nullable=False),  # the session as the room receives it (JSON)
    Column("created_at", Float, nullable=False),
    Column("acked_at", Float, nullable=True),
    Column("session_number", Integer, nullable=True),
    UniqueConstraint("upstream_id", name="uq_prepared_sessions_upstream_id"),
)


class DatabaseUrlError(Exception):
    """The --db URL is not one the receiver serves: the message (French) says which are."""


def normalise_url(url: str) -> str:
    """``postgresql://`` (and ``postgres://``) served by psycopg 3; ``sqlite:///PATH`` as is."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUrlError(f"Adresse de base de données illisible\u00a0: {url!r} "
                               "(sqlite:///CHEMIN ou postgresql://utilisateur@hôte:port/base).") from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise DatabaseUrlError("SQLite\u00a0: donnez un fichier (sqlite:///CHEMIN), une base en mémoire ne "
                                   "se partage pas entre les processus.")
        return parsed.set(drivername="sqlite").render_as_string(hide_password=False)
    raise DatabaseUrlError(f"Base de données non prise en charge ({backend})\u00a0: sqlite:///CHEMIN ou postgresql://...")


def kind(engine: Engine) -> str:
    return engine.dialect.name  # "sqlite" | "postgresql"


def make_engine(url: str, pool_size: int = 4) -> Engine:
    """An engine for ``url``; SQLite files get WAL and a busy timeout (several processes write)."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = Path(make_url(url).database)
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):  # every new connection of every process
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")  # an answered 201 survives a power cut
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
                         connect_args={"connect_timeout": 10})


@contextmanager
def migration_lock(engine: Engine):
    """One migrating process at a time, whatever the number of receivers starting together:
    PostgreSQL's advisory lock, a lock file next to a SQLite database."""
    if kind(engine) == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT pg_advisory_lock(742011)")
            try:
                yield
            finally:
                conn.exec_driver_sql("SELECT pg_advisory_unlock(742011)")
                conn.commit()
        return
    lock_path = str(engine.url.database) + ".migrate-lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
