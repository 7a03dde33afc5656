"""Building blocks of the generated demo bank: a family (tube) of skills, and question makers.

A ``Family`` is one tube: a competence, a name, one skill name per level (1 to 6), and a
``make(level, variant, rng)`` that writes one challenge of that level. Computed families draw
their data with ``rng`` and compute the answer; listed families pick from a written table.
Each challenge is a plain dict in the ``pack.json`` format (without ``id`` and ``skill``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Sequence

LEVELS = (1, 2, 3, 4, 5, 6)
VARIANTS = 2
LETTERS = "abcdefgh"

Maker = Callable[[int, int, random.Random], dict]


@dataclass(frozen=True)
class Family:
    """A tube of the demo bank: skills of rising level in one competence."""

    tube: str
    competence: str
    name: str
    skills: dict[int, str]  # level -> skill name
    make: Maker


def code(text: str) -> str:
    """A code block of an instruction (content-pack.md): every line indented by four spaces, so the
    page shows it in a monospace font with its own indentation."""
    return "\n".join(f"    {line}" if line else "" for line in text.split("\n"))


def shuffled(items: Sequence, rng: random.Random) -> list:
    out = list(items)
    rng.shuffle(out)
    return out


def qcu(instruction: str, right: str, wrongs: Sequence[str], rng: random.Random) -> dict:
    """A single-choice question: the right text among the wrong ones, in a seeded order."""
    texts = shuffled([right, *wrongs], rng)
    if len(set(texts)) != len(texts) or len(texts) < 4:
        raise ValueError(f"QCU needs 4 distinct proposals: {texts}")
    proposals = [{"id": LETTERS[n], "text": t} for n, t in enumerate(texts)]
    return {"type": "QCU", "instruction": instruction, "proposals": proposals,
            "solution": LETTERS[texts.index(right)]}


def qcm(instruction: str, rights: Sequence[str], wrongs: Sequence[str], rng: random.Random) -> dict:
    """A multiple-choice question: tick exactly the right texts."""
    texts = shuffled([*rights, *wrongs], rng)
    if len(set(texts)) != len(texts) or len(texts) < 4 or not wrongs:
        raise ValueError(f"QCM needs 4 distinct proposals and a wrong one: {texts}")
    proposals = [{"id": LETTERS[n], "text": t} for n, t in enumerate(texts)]
    return {"type": "QCM", "instruction": instruction, "proposals": proposals,
            "solution": sorted(LETTERS[texts.index(r)] for r in rights)}


def number(value: int | float | Fraction) -> str:
    """A number as a French pupil writes it: decimal comma, no useless zeros."""
    if isinstance(value, Fraction):
        if value.denominator != 1:
            value = float(value)
        else:
            value = int(value)
    if isinstance(value, float):
        if value != round(value, 2):
            raise ValueError(f"{value} needs more than two decimals")
        if value == int(value):
            value = int(value)
        else:
            return f"{value:.2f}".rstrip("0").replace(".", ",")
    return str(value)


def qroc_number(instruction: str, label: str, answer: int | float | Fraction) -> dict:
    """A free answer that is a number (compared as a number; decimal comma accepted)."""
    return {"type": "QROC", "instruction": instruction, "fields": [{"id": "reponse", "label": label, "input": "number"}],
            "solution": [number(answer)]}


def qroc_text(instruction: str, label: str, answers: Sequence[str], tolerances: Sequence[str] | None = None) -> dict:
    """A free answer in words; ``tolerances`` default to all three."""
    challenge = {"type": "QROC", "instruction": instruction, "fields": [{"id": "reponse", "label": label}],
                 "solution": list(answers)}
    if tolerances is not None:
        challenge["tolerances"] = list(tolerances)
    return challenge


def qroc_select(instruction: str, label: str, options: Sequence[str], answer: str) -> dict:
    """A free answer picked from a drop-down list."""
    if answer not in options or len(set(options)) != len(options):
        raise ValueError(f"{answer!r} is not one of {options}")
    return {"type": "QROC", "instruction": instruction,
            "fields": [{"id": "reponse", "label": label, "input": "select", "options": list(options)}],
            "solution": [answer]}


def qrocm_ind(instruction: str, fields: Sequence[tuple[str, str, str]], answers: dict[str, Sequence[str]],
              tolerances: Sequence[str] | None = None) -> dict:
    """Several independent boxes: ``fields`` as (id, label, input)."""
    challenge = {"type": "QROCM-ind", "instruction": instruction,
                 "fields": [{"id": f, "label": label, "input": kind} for f, label, kind in fields],
                 "solution": {k: list(v) for k, v in answers.items()}}
    if tolerances is not None:
        challenge["tolerances"] = list(tolerances)
    return challenge


def listed(table: dict[int, Sequence[Callable[[random.Random], dict]]]) -> Maker:
    """A maker reading a written table: level -> one writer per variant."""
    def make(level: int, variant: int, rng: random.Random) -> dict:
        return table[level][variant](rng)
    return make


def choice(instruction: str, right: str, *wrongs: str) -> Callable[[random.Random], dict]:
    """A written QCU, for ``listed`` tables."""
    return lambda rng: qcu(instruction, right, wrongs, rng)


def choices(instruction: str, rights: Sequence[str], wrongs: Sequence[str]) -> Callable[[random.Random], dict]:
    """A written QCM, for ``listed`` tables."""
    return lambda rng: qcm(instruction, rights, wrongs, rng)


def minutes(total: int) -> str:
    """Minutes since midnight as "7 h 05"."""
    return f"{total // 60} h {total % 60:02d}"
