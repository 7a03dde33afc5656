"""The administrator's password: stored as a slow salted hash (scrypt), never in clear.

The hash lives in the ``settings`` table of the data directory's TinyDB file (atomic
storage), row ``{"name": "admin_password", "salt", "scrypt"}``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from tinydb import Query

from ..core.refusal import Refusal

ROW = "admin_password"
MIN_LENGTH = 10
MAX_LENGTH = 200
# scrypt cost: about 50 ms per check on the room server (slow for a guesser, fine for a login)
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}


def _digest(password: str, salt: bytes) -> str:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, **SCRYPT).hex()


def check_strength(password: str) -> None:
    """Refuse a password too short to resist a patient guesser in the room (422)."""
    if len(password) < MIN_LENGTH:
        raise Refusal(422, "password_too_short",
                      f"Le mot de passe administrateur doit contenir au moins {MIN_LENGTH} caractères.")
    if len(password) > MAX_LENGTH:
        raise Refusal(422, "password_too_long",
                      f"Le mot de passe administrateur doit contenir au plus {MAX_LENGTH} caractères.")


def is_set(tables) -> bool:
    with tables.lock:
        return tables.table("settings").get(Query().name == ROW) is not None


def set_password(tables, password: str) -> None:
    """Store a new administrator password (replacing the old one)."""
    check_strength(password)
    salt = secrets.token_bytes(16)
    row = {"name": ROW, "salt": salt.hex(), "scrypt": _digest(password, salt)}
    with tables.lock:
        tables.table("settings").upsert(row, Query().name == ROW)


def verify(tables, password: str) -> bool:
    with tables.lock:
        row = tables.table("settings").get(Query().name == ROW)
    if row is None or not password or len(password) > MAX_LENGTH:
        return False
    return hmac.compare_digest(_digest(password, bytes.fromhex(row["salt"])), row["scrypt"])
