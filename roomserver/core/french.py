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


_INLINE_CODE = re.compile(r"(`[^`]*`)")


def prose_typo(text: str) -> str:
    """``typo`` on the prose of a question, never on its code (content-pack.md): inline code
    between backticks and blocks (paragraphs whose every line starts with four spaces) are kept
    exactly, so ``x > 5 ? a : b`` in a program is not "corrected"."""
    paragraphs = re.split(r"(\n[ \t]*\n)", text)
    out = []
    for paragraph in paragraphs:
        lines = paragraph.split("\n")
        if paragraph.strip() and all(line.startswith("    ") for line in lines if line.strip()):
            out.append(paragraph)  # a code block
        else:
            out.append("".join(part if part.startswith("`") else typo(part) for part in _INLINE_CODE.split(paragraph)))
    return "".join(out)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 candidat', '2 candidats', '0 candidat' (French: 0 and 1 are singular)."""
    word = singular if abs(count) < 2 else (plural_form or singular + "s")
    return f"{count}{NBSP}{word}"
