"""Content model: competences, skills and challenges, as the exam core sees them.

Pure data, no I/O. The content-pack loader (``roomserver.content``) builds these
from ``pack.json``; the core only ever reads them. Solutions live here and must
never be copied into a candidate-facing payload (see ``public_question``).
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Mapping


class ChallengeType(StrEnum):
    """The five kinds of question of the certification."""

    QCU = "QCU"  # single choice: value is one proposal id
    QCM = "QCM"  # multiple choice: value is the exact set of proposal ids
    QROC = "QROC"  # one free answer (text, number or drop-down): value is a string
    QROCM_IND = "QROCM-ind"  # several independent fields: value is {field_id: string}
    QROCM_DEP = "QROCM-dep"  # several fields, each must match a distinct accepted group


class InputKind(StrEnum):
    """How a free-answer field is typed by the candidate."""

    TEXT = "text"
    NUMBER = "number"
    SELECT = "select"


class Tolerance(StrEnum):
    """Answer tolerances for free text, switchable per challenge (REFERENCE.md, 7)."""

    T1 = "T1"  # trim, lower-case, strip accents, remove all white space
    T2 = "T2"  # remove every non-alphanumeric character
    T3 = "T3"  # accept when Levenshtein distance / expected length <= 0.25


ALL_TOLERANCES = frozenset(Tolerance)


@dataclass(frozen=True)
class Competence:
    id: str  # "1.1" ... "5.2"
    area: int  # 1 ... 5
    title: str


@dataclass(frozen=True)
class Skill:
    """A skill sits at one level of one competence and has several challenge variants."""

    id: str
    competence_id: str
    level: int  # 1 ... 8
    name: str
    challenge_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposal:
    id: str
    text: str


@dataclass(frozen=True)
class Field:
    """One input of a QROC / QROCM challenge."""

    id: str
    label: str = ""
    input: InputKind = InputKind.TEXT
    options: tuple[str, ...] = ()  # only for InputKind.SELECT


@dataclass(frozen=True)
class Attachment:
    """A file the candidate downloads and opens with a program of the PC."""

    name: str  # file name offered to the browser, e.g. "budget.ods"
    path: str  # path inside the pack folder, e.g. "attachments/budget.ods"
    media_type: str  # e.g. "application/vnd.oasis.opendocument.spreadsheet"
    # What an illustration shows, in words: the image's text alternative for a pupil who does not
    # see it (content-pack.md requires one per illustration; attachments leave it empty).
    description: str = ""


@dataclass(frozen=True)
class Solution:
    """What counts as a right answer. Never leaves the server.

    - QCU: ``choices`` holds the one right proposal id.
    - QCM: ``choices`` holds the exact set of right proposal ids.
    - QROC / QROCM-ind: ``accepted`` maps each field id to its accepted answers.
    - QROCM-dep: ``groups`` lists accepted-answer groups; each field must match a
      distinct group (so the order in which the candidate fills the fields is free).
    """

    choices: frozenset[str] = frozenset()
    accepted: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    groups: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Challenge:
    """One variant of a skill: the question a candidate sees."""

    id: str
    skill_id: str
    competence_id: str
    level: int
    type: ChallengeType
    instruction: str  # French, plain text with blank lines between paragraphs
    solution: Solution
    proposals: tuple[Proposal, ...] = ()  # QCU / QCM
    fields: tuple[Field, ...] = ()  # QROC (exactly one) / QROCM (two or more)
    tolerances: frozenset[Tolerance] = ALL_TOLERANCES  # free-text fields only
    attachments: tuple[Attachment, ...] = ()
    illustration: Attachment | None = None  # an image shown in the question itself
    timer_s: int | None = None  # timed challenge: seconds allowed
    focused: bool = False  # leaving the window is detected
    keep_order: bool = False  # QCU / QCM: the proposals' order matters (e.g. "1, 2, 3, 4"): never shuffled


def proposals_in_order(challenge: Challenge, seed: str | None) -> tuple[Proposal, ...]:
    """The proposals as this candidate sees them: shuffled, deterministically from ``seed`` (the
    session and candidate ids, in the journal) and the challenge, so a resume and any document
    show the same order; in the pack's order when the challenge keeps it or without a seed.
    Answers name proposals by id, so the order never changes what is right."""
    if seed is None or challenge.keep_order or len(challenge.proposals) < 2:
        return challenge.proposals
    return tuple(challenge.proposals[i] for i in _shuffled(f"{seed}:{challenge.id}", len(challenge.proposals)))


@functools.lru_cache(maxsize=8192)
def _shuffled(seed: str, n: int) -> tuple[int, ...]:
    """The order ``random.Random(seed)`` shuffles ``n`` items into (a shuffle depends only on the
    generator and the length). Remembered: seeding a generator costs more than the rest of a
    question's view, and every state read shows the same two questions again."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return tuple(order)


def public_question(challenge: Challenge, index: int, seed: str | None = None) -> dict:
    """The candidate-facing view of a challenge: everything but the solution; QCU / QCM
    proposals in the candidate's own order (``seed``: see ``proposals_in_order``).

    Built field by field from an allow-list, so a field added to ``Challenge``
    later never leaks by accident.
    """
    question: dict = {
        "challenge_id": challenge.id,
        "index": index,
        "type": str(challenge.type),
        "instruction": challenge.instruction,
        "timer_s": challenge.timer_s,
        "focused": challenge.focused,
        "attachments": [
            {"name": a.name, "media_type": a.media_type} for a in challenge.attachments
        ],
        "illustration": (
            {"name": challenge.illustration.name, "media_type": challenge.illustration.media_type,
             "description": challenge.illustration.description}
            if challenge.illustration
            else None
        ),
    }
    if challenge.type in (ChallengeType.QCU, ChallengeType.QCM):
        question["proposals"] = [{"id": p.id, "text": p.text} for p in proposals_in_order(challenge, seed)]
    else:
        question["fields"] = [
            {"id": f.id, "label": f.label, "input": str(f.input), "options": list(f.options)}
            for f in challenge.fields
        ]
    return question
