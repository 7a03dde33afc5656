"""Test kit for the adaptive algorithm: small hand-made banks and versions.

Imported by the test modules of this folder (pytest puts the folder on ``sys.path``; the
module name is unique so it cannot clash with other test folders).
"""

from __future__ import annotations

import math
from types import MappingProxyType

from hypothesis import HealthCheck, settings

from roomserver.core.adaptive import Asked, Bank, CertificationVersion, Item

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEED_1_1 = (-2.0, -1.0, 0.5, 1.0, 2.0, 3.0, 4.0)  # ADAPTIVE.md's seed intervals for competence 1.1
COMPETENCES = ("1.1", "1.2", "2.1", "3.1")


def version(**changes) -> CertificationVersion:
    """The published settings, start at 0, the seed intervals for each competence of the kit."""
    fields = {"id": "v-test", "competence_intervals": MappingProxyType({c: SEED_1_1 for c in COMPETENCES})}
    fields.update(changes)
    return CertificationVersion(**fields)


def item(challenge_id: str, competence: str = "1.1", tube: str | None = None, skill: str | None = None,
         a: float = 1.0, b: float = 0.0, accessible: bool = True, level: int = 1) -> Item:
    skill = skill or f"s-{challenge_id}"
    return Item(challenge_id, skill, tube or f"t-{skill}", competence, level, a, b, accessible)


def grid_bank(competences=COMPETENCES, tubes: int = 4, levels: int = 6, variants: int = 1) -> Bank:
    """A regular bank: per competence ``tubes`` tubes of ``levels`` skills (b rising with the level)."""
    items = []
    for c in competences:
        for t in range(tubes):
            for level in range(1, levels + 1):
                for v in range(variants):
                    a = 0.6 + 1.6 * ((t * 7 + level * 3 + v) % 10) / 9
                    b = -2.5 + 1.3 * (level - 1) + 0.1 * ((t + v) % 3 - 1)
                    items.append(Item(f"{c}-t{t}-l{level}-v{v}", f"{c}-t{t}-l{level}", f"{c}-t{t}", c, level,
                                      round(a, 3), round(b, 3), (t + level) % 3 != 0))
    return Bank(items, competences)


def answered(bank: Bank, ids_and_results, alerts=()) -> list[Asked]:
    """Asked records for ``(challenge_id, success)`` pairs, with the bank's a and b."""
    out = []
    for challenge_id, success in ids_and_results:
        found = bank.by_id[challenge_id]
        out.append(Asked(challenge_id, found.a, found.b, success, challenge_id in alerts))
    return out


def p(a: float, b: float, theta: float) -> float:
    return 1 / (1 + math.exp(a * (b - theta)))
