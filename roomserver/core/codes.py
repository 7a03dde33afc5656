"""Session number, access code and invigilator password (REFERENCE.md, Session).

Letters have no vowels (so no words) and digits no look-alikes (0/1/5). The caller
passes the random source: ``secrets.SystemRandom()`` in production, a seeded
``random.Random`` in tests.
"""

from __future__ import annotations

import random

LETTERS = "BCDFGHJKMPQRTVWXY"
DIGITS = "2346789"
ACCESS_CODE_PATTERN = f"[{LETTERS}]{{4}}[{DIGITS}]{{2}}"
PASSWORD_PATTERN = f"C-[{LETTERS}{DIGITS}]{{6}}"


def access_code(rng: random.Random) -> str:
    """Four letters then two digits, e.g. 'KMPT47'."""
    return "".join(rng.choice(LETTERS) for _ in range(4)) + "".join(rng.choice(DIGITS) for _ in range(2))


def invigilator_password(rng: random.Random) -> str:
    """Six characters from the same alphabets, shown as 'C-XXXXXX'."""
    return "C-" + "".join(rng.choice(LETTERS + DIGITS) for _ in range(6))


def session_number(rng: random.Random, taken: set[int]) -> int:
    """A plain integer of 3 to 4 digits that no other session on this server uses."""
    free = [n for n in range(100, 10000) if n not in taken]
    if not free:
        raise ValueError("no free session number left")
    return rng.choice(free)


def normalise_code(text: str) -> str:
    """What the candidate typed, as compared: no spaces or hyphens, upper-case."""
    return "".join(ch for ch in text.upper() if ch.isalnum())
