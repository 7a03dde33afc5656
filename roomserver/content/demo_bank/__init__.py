"""The generated part of the demo pack's calibrated bank (see ``docs/content-pack.md``).

Three tubes per competence, each with one skill per level from 1 to 6 and two challenges per
skill: 48 tubes, 288 skills, 576 challenges, every one written by a family of ``area*.py``
from a template and checked (answers computed from the data shown). ``build_demo`` adds them
to the hand-written questions of ``pack.json`` and calibrates everything with ``calibrate``.
"""

from __future__ import annotations

import random

from . import area1, area1b, area2, area2b, area3, area3b, area4, area4b, area5
from .kit import LEVELS, VARIANTS, Family

FAMILIES: tuple[Family, ...] = (
    area1.URL, area1.QUERIES, area1.TIMETABLES, area1.STORAGE, area1b.FILE_LIST, area1b.FILE_TYPES,
    area1b.FORMULAS, area1b.REFERENCES, area1b.STATISTICS,
    area2.RECIPIENTS, area2.ADDRESSES, area2.ATTACHMENTS, area2.LICENCES, area2.SHARING, area2.PUBLISHING,
    area2b.CALENDARS, area2b.TIME_ZONES, area2b.VERSIONS, area2b.SERVICES, area2b.IDENTITY, area2b.RECOMMENDATIONS,
    *area3.FAMILIES, *area3b.FAMILIES, *area4.FAMILIES, *area4b.FAMILIES, *area5.FAMILIES,
)

# Calibration of the demo (original, plausible, seeded): the difficulty rises with the level,
# b = -2.5 + 1.3 (level - 1) + a jitter of the skill and of the challenge, so levels 1 to 6 span
# about -2.8 to +4.3; discriminants are uniform in [0.6, 2.2].
B_FIRST_LEVEL = -2.5
B_PER_LEVEL = 1.3
SKILL_JITTER = 0.25
CHALLENGE_JITTER = 0.1
A_RANGE = (0.6, 2.2)


def level_difficulty(level: int) -> float:
    """The centre of the difficulties of a level."""
    return B_FIRST_LEVEL + B_PER_LEVEL * (level - 1)


def calibrate(challenge_id: str, skill_id: str, level: int) -> dict:
    """The demo calibration of one challenge: ``{"a": ..., "b": ...}``, the same at every build."""
    skill = random.Random(f"calibration-skill:{skill_id}").uniform(-SKILL_JITTER, SKILL_JITTER)
    rng = random.Random(f"calibration:{challenge_id}")
    b = level_difficulty(level) + skill + rng.uniform(-CHALLENGE_JITTER, CHALLENGE_JITTER)
    return {"a": round(rng.uniform(*A_RANGE), 3), "b": round(b, 3)}


def generated() -> tuple[list[dict], list[dict], list[dict]]:
    """Tubes, skills and challenges of the generated families, in the ``pack.json`` format."""
    tubes, skills, challenges = [], [], []
    for family in FAMILIES:
        tubes.append({"id": family.tube, "competence": family.competence, "name": family.name})
        for level in LEVELS:
            skill_id = f"{family.tube}-{level}"
            skills.append({"id": skill_id, "competence": family.competence, "level": level,
                           "name": family.skills[level], "tube": family.tube})
            for variant in range(VARIANTS):
                rng = random.Random(f"{family.tube}:{level}:{variant}")
                challenge = {"id": f"{skill_id}-{'ab'[variant]}", "skill": skill_id}
                challenge.update(family.make(level, variant, rng))
                challenges.append(challenge)
    return tubes, skills, challenges
