"""Verify and store a session exactly once, whichever process or path (HTTP, bundle) brings it.

The database decides: insert, and on an IntegrityError (the unique session id, or the
unique (session id, final hash)) read what is there. The same final hash is a duplicate
(200, nothing stored again); another final hash is a conflict (409, never overwritten).
No read-then-write race: two receivers inserting the same session at the same moment both
reach the unique index, one wins, the other reads the winner's row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from ..protocol import Room, SyncRefusal
from ..verify import Verified, verify_payload
from .db import sessions

LIST_COLUMNS = (sessions.c.session_id, sessions.c.number, sessions.c.final_hash, sessions.c.key_id,
                sessions.c.room_label, sessions.c.events, sessions.c.candidates, sessions.c.received_at,
                sessions.c.via)


@dataclass(frozen=True)
class Outcome:
    status: int  # 201 stored, 200 duplicate
    body: dict


def iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def store(engine: Engine, verified: Verified, room: Room, idempotency: str, body: bytes, via: str,
          now: float) -> Outcome:
    """Insert the verified session; 201, 200 (duplicate) or SyncRefusal 409 (conflict)."""
    row = {"session_id": verified.session_id, "final_hash": verified.final_hash, "number": verified.number,
           "key_id": room.key_id, "room_label": room.label, "head_hash": verified.head_hash,
           "events": verified.events, "candidates": verified.candidates, "idempotency_key": idempotency,
           "received_at": now, "via": via, "payload": body.decode("utf-8"), "journal": verified.journal}
    for _ in range(3):  # a row that vanished between the IntegrityError and the read: insert again
        try:
            with engine.begin() as conn:
                conn.execute(insert(sessions).values(**row))
            return Outcome(201, _answer("stored", verified.session_id, verified.final_hash, now))
        except IntegrityError:
            pass
        with engine.connect() as conn:
            found = conn.execute(select(sessions.c.final_hash, sessions.c.received_at, sessions.c.key_id)
                                 .where(sessions.c.session_id == verified.session_id)).first()
        if found is None:
            continue
        if found.final_hash == verified.final_hash:
            return Outcome(200, _answer("duplicate", verified.session_id, verified.final_hash, found.received_at))
        raise SyncRefusal(409, "session_conflict", f"La session {verified.session_id} a déjà été reçue avec un "
                          f"autre hash final ({found.final_hash[:12]}…, reçue le {iso(found.received_at)})\u00a0: "
                          "elle n'est jamais remplacée. Vérifiez le journal de ce serveur de salle.")
    raise SyncRefusal(503, "database_busy", "La base de données n'a pas pu enregistrer la session\u00a0: "
                      "réessayez dans un instant.")


def _answer(status: str, session_id: str, final_hash: str, received_at: float) -> dict:
    return {"status": status, "session_id": session_id, "final_hash": final_hash, "received_at": iso(received_at)}


def receive(engine: Engine, body: bytes, room: Room, idempotency: str | None, via: str, now: float) -> Outcome:
    """Verify ``body`` (sent by ``room``) from its journal, then store it once."""
    verified = verify_payload(body, room, idempotency)
    return store(engine, verified, room, idempotency or "", body, via, now)


def list_sessions(engine: Engine, limit: int | None = None) -> list[dict]:
    """The received sessions, newest first, without payloads."""
    query = select(*LIST_COLUMNS).order_by(sessions.c.received_at.desc(), sessions.c.id.desc())
    if limit:
        query = query.limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [{**row, "received_at": iso(row["received_at"])} for row in rows]


def count_sessions(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(sessions)).scalar_one()


def stored_payload(engine: Engine, session_id: str) -> Mapping | None:
    with engine.connect() as conn:
        return conn.execute(select(sessions).where(sessions.c.session_id == session_id)).mappings().first()

