"""French wording shared by the store's messages (the store may not import the documents layer)."""

from __future__ import annotations

NBSP = "\u00a0"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """'1 ligne', '3 lignes', '0 octet' (French: 0 and 1 take the singular)."""
    return f"{n}{NBSP}{singular if abs(n) < 2 else (plural or singular + 's')}"
