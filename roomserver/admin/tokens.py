"""Administrator login tokens: bearer tokens, only their SHA-256 kept, valid 12 hours.

Kept in the ``admin_tokens`` table (so a restart on exam day does not log the
administrator out); a logout deletes the row. Expired rows are swept at each login.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from typing import Callable

from tinydb import Query


LIFETIME_S = 12 * 3600


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class AdminTokens:
    def __init__(self, tables, clock: Callable[[], float] = time.time):
        self.tables, self.clock = tables, clock

    @property
    def _table(self):
        return self.tables.table("admin_tokens")

    def issue(self) -> str:
        token = secrets.token_urlsafe(32)
        now = self.clock()
        with self.tables.lock:
            self._table.remove(Query().expires < now)
            self._table.insert({"sha256": token_digest(token), "created": now, "expires": now + LIFETIME_S})
        return token

    def valid(self, digest: str) -> bool:
        with self.tables.lock:
            row = self._table.get(Query().sha256 == digest)
        return row is not None and row["expires"] > self.clock()

    def revoke(self, digest: str) -> None:
        with self.tables.lock:
            self._table.remove(Query().sha256 == digest)

    def revoke_all(self) -> None:
        """After a password change every open admin page must log in again."""
        with self.tables.lock:
            self._table.truncate()
