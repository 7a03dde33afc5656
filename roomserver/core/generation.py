"""Test generation, classic version (REFERENCE.md, Joining and the test, 5).

For each competence where the candidate has level >= 1, take the skills validated
during positioning, hardest first, and pose one challenge per skill (preferably a
variant the candidate has not seen), 3 per competence, so at most 48 questions.
A competence with fewer than 3 validated skills gets fewer questions. Skills of
equal level are ordered by a seeded shuffle, so the same seed gives the same test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Mapping, Protocol

from .content import Challenge, Competence, Skill

PIX_PER_LEVEL = 8
QUESTIONS_PER_COMPETENCE = 3
CERTIFIABLE_COMPETENCES = 5
MAX_QUESTIONS = 48


class Catalogue(Protocol):
    competences: Mapping[str, Competence]
    challenges: Mapping[str, Challenge]

    def skills_of(self, competence_id: str) -> list[Skill]: ...


@dataclass(frozen=True)
class Profile:
    """What positioning established: pix per competence, validated skills, seen challenges."""

    pix: Mapping[str, int] = field(default_factory=dict)
    validated_skills: frozenset[str] = frozenset()
    seen_challenges: frozenset[str] = frozenset()

    def level(self, competence_id: str) -> int:
        return min(8, self.pix.get(competence_id, 0) // PIX_PER_LEVEL)

    def to_dict(self) -> dict:
        return {"pix": dict(self.pix), "validated_skills": sorted(self.validated_skills),
                "seen_challenges": sorted(self.seen_challenges)}

    @classmethod
    def from_dict(cls, data: Mapping) -> "Profile":
        return cls(dict(data.get("pix", {})), frozenset(data.get("validated_skills", ())),
                   frozenset(data.get("seen_challenges", ())))


def is_certifiable(profile: Profile) -> bool:
    """At least 5 of the 16 competences at level 1 or more."""
    return sum(1 for pix in profile.pix.values() if pix >= PIX_PER_LEVEL) >= CERTIFIABLE_COMPETENCES


def pick_variant(skill: Skill, profile: Profile, rng: random.Random, exclude: frozenset[str] = frozenset()) -> str | None:
    """One challenge of the skill, an unseen variant when there is one."""
    variants = [c for c in skill.challenge_ids if c not in exclude]
    unseen = [c for c in variants if c not in profile.seen_challenges]
    pool = unseen or variants
    return rng.choice(pool) if pool else None


def competence_challenges(catalogue: Catalogue, profile: Profile, competence_id: str,
                          rng: random.Random) -> list[str]:
    """Up to 3 challenges for one competence, hardest validated skills first."""
    level = profile.level(competence_id)
    if level < 1:
        return []
    skills = [s for s in catalogue.skills_of(competence_id)
              if s.id in profile.validated_skills and s.level <= level]
    rng.shuffle(skills)
    skills.sort(key=lambda s: -s.level)  # stable: equal levels keep the seeded order
    chosen = []
    for skill in skills[:QUESTIONS_PER_COMPETENCE]:
        challenge_id = pick_variant(skill, profile, rng)
        if challenge_id:
            chosen.append(challenge_id)
    return chosen


def generate_test(catalogue: Catalogue, profile: Profile, seed: str) -> list[str]:
    """The ordered challenge ids of a candidate's test (deterministic for a seed)."""
    rng = random.Random(seed)
    test: list[str] = []
    for competence_id in catalogue.competences:
        test.extend(competence_challenges(catalogue, profile, competence_id, rng))
    rng.shuffle(test)
    return test[:MAX_QUESTIONS]


def replacement_challenge(catalogue: Catalogue, profile: Profile, test: list[str], index: int,
                          replaced: frozenset[str], seed: str) -> str | None:
    """A challenge to replace ``test[index]`` after a validated alert (REFERENCE.md, 10).

    Same competence, never a challenge already in the test or replaced before. In order of
    preference: another variant of the same skill; a challenge of another validated skill
    of the competence not yet in the test (hardest first); any skill of the competence up
    to the candidate's level. Unseen variants first. None when the competence has nothing
    left (the incident is still recorded; finalisation can neutralise the question).
    """
    current = catalogue.challenges[test[index]]
    competence_id = current.competence_id
    rng = random.Random(seed)
    excluded = frozenset(test) | replaced
    used_skills = {catalogue.challenges[c].skill_id for c in test if c in catalogue.challenges}
    skills = list(catalogue.skills_of(competence_id))  # shuffled below: never reorder the catalogue's own list
    level = max(profile.level(competence_id), current.level)
    rng.shuffle(skills)
    skills.sort(key=lambda s: -s.level)
    same = [s for s in skills if s.id == current.skill_id]
    validated = [s for s in skills if s.id not in used_skills and s.id in profile.validated_skills
                 and s.level <= level]
    any_level = [s for s in skills if s.id not in used_skills and s.level <= level]
    for group in (same, validated, any_level):
        for skill in group:
            challenge_id = pick_variant(skill, profile, rng, exclude=excluded)
            if challenge_id:
                return challenge_id
    return None
