"""The receiver's database on SQLite and PostgreSQL (one code path): migrations on an empty
database and on one left at the previous revision, and exactly-once under concurrency: two
receiver processes (gunicorn, 2 workers each) on one database receiving the same session at
the same moment store one row; the others are answered duplicate (or conflict)."""

from __future__ import annotations

import json
import threading

import pytest
import sqlalchemy as sa
from receiverkit import post_session, receiver_cli, reforge

from sync.receiver import migrate
from sync.receiver.db import make_engine, normalise_url


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_urls_are_mapped_to_psycopg_and_refused_in_french():
    assert normalise_url("postgresql://u:p@h:5432/db").startswith("postgresql+psycopg://u:p@h:5432/db")
    assert normalise_url("postgres://u@h/db").startswith("postgresql+psycopg://")
    from sync.receiver.db import DatabaseUrlError

    for bad in ("mysql://h/db", "sqlite://", "sqlite:///:memory:", "n'importe quoi"):
        with pytest.raises(DatabaseUrlError):
            normalise_url(bad)
    done = receiver_cli("list", "--db", "mysql://h/db")
    assert done.returncode == 2 and "non prise en charge" in done.stderr


def test_migrations_on_an_empty_database(db_url):
    done = receiver_cli("migrate", "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert f"révision {migrate.head()}" in done.stdout
    assert {"received_sessions", "prepared_sessions", "alembic_version"} <= _tables(db_url)
    again = receiver_cli("migrate", "--db", db_url)  # idempotent
    assert again.returncode == 0 and again.stdout == done.stdout


def test_migration_from_the_previous_revision_keeps_the_rows(db_url, finalised_session, receiver_factory):
    """A database made by revision r0001 with a session in it: the receiver migrates it at start."""
    assert receiver_cli("migrate", "--db", db_url, "--revision", "r0001").returncode == 0
    assert "prepared_sessions" not in _tables(db_url)
    old = reforge(finalised_session, key=finalised_session.key)
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO received_sessions (session_id, final_hash, number, key_id, room_label, head_hash, events, "
            "candidates, idempotency_key, received_at, payload, journal) VALUES (:sid, :fh, :n, :k, 'Salle 1', :hh, "
            ":ev, 3, :ik, 1700000000.0, :body, :journal)"),
            {"sid": old.session_id, "fh": old.final_hash, "n": old.number, "k": old.key_id, "hh": "0" * 64,
             "ev": 108, "ik": old.idempotency, "body": old.body.decode(), "journal": old.journal})
    engine.dispose()
    receiver = receiver_factory(db_url, finalised_session.keys_line(), workers=1)
    engine = make_engine(db_url)
    assert migrate.current(engine) == migrate.head()
    engine.dispose()
    reply = post_session(receiver.url, old)  # the row kept its unique session id through the migration
    assert reply.status == 200 and reply.body["status"] == "duplicate", reply.body
    listed = receiver_cli("list", "--db", db_url, "--json")
    rows = json.loads(listed.stdout)
    assert [(r["session_id"], r["via"], r["room_label"]) for r in rows] == [(old.session_id, "http", "Salle 1")]


def _race(urls: list[str], sessions, per_url: int = 3) -> list:
    """POST each of ``sessions`` ``per_url`` times to every URL, all released at once."""
    jobs = [(url, s) for s in sessions for url in urls for _ in range(per_url)]
    barrier = threading.Barrier(len(jobs))
    replies = [None] * len(jobs)

    def send(i, url, session):
        barrier.wait(timeout=30)
        replies[i] = post_session(url, session)

    threads = [threading.Thread(target=send, args=(i, *job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(t.is_alive() for t in threads)
    return replies


def _stored(url: str, session_id: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM received_sessions WHERE session_id = :s"),
                                {"s": session_id}).scalar_one()
    finally:
        engine.dispose()


def test_two_receivers_one_database_same_session_at_once(db_url, finalised_session, receiver_factory):
    line = finalised_session.keys_line()
    first = receiver_factory(db_url, line, workers=2)
    second = receiver_factory(db_url, line, workers=2)
    for attempt in range(2):  # two different sessions, each sent 6 times at once
        session = reforge(finalised_session, key=finalised_session.key)
        replies = _race([first.url, second.url], [session])
        statuses = sorted(r.status for r in replies)
        assert statuses == [200] * 5 + [201], [(r.status, r.body) for r in replies]
        assert {r.body["final_hash"] for r in replies} == {session.final_hash}
        assert len({r.body["received_at"] for r in replies}) == 1
        assert _stored(db_url, session.session_id) == 1


def test_conflicting_seals_at_once_store_one(db_url, finalised_session, receiver_factory):
    """The same session id sealed two ways, sent at once to two receivers: one stored, the other 409."""
    line = finalised_session.keys_line()
    first = receiver_factory(db_url, line, workers=2)
    second = receiver_factory(db_url, line, workers=2)
    one = reforge(finalised_session, key=finalised_session.key)
    other = reforge(finalised_session, key=finalised_session.key, session_id=one.session_id, number=one.number + 1)
    replies = _race([first.url, second.url], [one, other], per_url=1)
    # whichever seal wins, its twin is a duplicate and both copies of the other are conflicts
    assert sorted(r.status for r in replies) == [200, 201, 409, 409], [(r.status, r.body) for r in replies]
    assert _stored(db_url, one.session_id) == 1
