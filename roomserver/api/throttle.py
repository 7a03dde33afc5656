"""Throttling of guessable secrets: identities, access codes, passwords.

A sliding window per (kind, client address): after ``attempts`` failures within
``window_s`` seconds, further tries are refused with 429 until the window frees up.
In memory on purpose: a restart resets it, which an attacker in the room cannot
trigger, and nothing secret is ever stored.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from ..core.french import plural
from ..core.refusal import Refusal


class Throttle:
    def __init__(self, attempts: int, window_s: int, clock=time.monotonic):
        self.attempts = attempts
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        failures = self._failures[key]
        horizon = self.clock() - self.window_s
        while failures and failures[0] < horizon:
            failures.popleft()
        return failures

    def check(self, kind: str, client: str) -> None:
        """Refuse (429) when this client failed too often lately."""
        with self._lock:
            failures = self._recent((kind, client))
            if len(failures) >= self.attempts:
                wait_s = int(failures[0] + self.window_s - self.clock()) + 1
                minutes = max(1, round(wait_s / 60))
                raise Refusal(429, "too_many_attempts",
                              f"Trop d'essais infructueux depuis ce poste. Réessayez dans {plural(minutes, 'minute')}, "
                              "ou appelez le surveillant.")

    def failed(self, kind: str, client: str) -> None:
        with self._lock:
            self._recent((kind, client)).append(self.clock())
