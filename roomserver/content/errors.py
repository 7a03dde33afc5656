"""The loader's one error type and its small checking helpers (shared by ``pack`` and ``calibration``)."""

from __future__ import annotations

from typing import Any


class PackError(Exception):
    """A content pack that cannot be used; the message (in French) names what is wrong."""


def require(condition: bool, message: str) -> None:
    """Raise ``PackError(message)`` unless ``condition``."""
    if not condition:
        raise PackError(message)


def text(obj: dict, key: str, where: str, *, allow_empty: bool = False) -> str:
    """``obj[key]``, which must be a (non-empty) string."""
    value = obj.get(key)
    require(isinstance(value, str) and (allow_empty or value.strip() != ""),
            f"{where} : le champ « {key} » doit être un texte non vide")
    return value


def unknown_keys(item: dict, allowed: set[str], where: str) -> None:
    """Refuse any key outside ``allowed``, so that a typo never goes unnoticed."""
    unknown = set(item) - allowed
    require(not unknown, f"{where} : {'champ inconnu' if len(unknown) == 1 else 'champs inconnus'} : "
                         f"{', '.join(sorted(unknown))}")


def is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
