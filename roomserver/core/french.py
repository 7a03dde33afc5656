"""French wording shared by every message the room server writes: typography and plurals.

Pure functions (no locale, no I/O). Every refusal goes through ``typo`` (see ``refusal``),
so a message written with an ordinary space before ``:`` reaches the user correctly.
"""

from __future__ import annotations

import re
import unicodedata

NBSP = "\u00a0"

_SPACE_BEFORE = re.compile(r"[ \u202f]+([:;!?»])")
_SPACE_AFTER = re.compile(r"«[ \u202f]+")
_PERCENT = re.compile(r"(\d)[ \u202f]+%")


def typo(text: str) -> str:
    """A non-breaking space before ``: ; ! ? » %`` and after ``«``; NFC text.

    Only a space already written is made non-breaking, so "09:00" and "http://" stay as
    they are. NFC makes a decomposed "Nguyễn" show with precomposed letters.
    """
    text = unicodedata.normalize("NFC", text)
    text = _SPACE_BEFORE.sub(NBSP + r"\1", text)
    text = _SPACE_AFTER.sub("«" + NBSP, text)
    return _PERCENT.sub(r"\1" + NBSP + "%", text)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 candidat', '2 candidats', '0 candidat' (French: 0 and 1 are singular)."""
    word = singular if abs(count) < 2 else (plural_form or singular + "s")
    return f"{count}{NBSP}{word}"
