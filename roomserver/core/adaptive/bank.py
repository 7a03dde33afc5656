"""The calibrated bank: what the adaptive algorithm knows of each challenge.

Calibration (a, b), tubes and accessibility never sit on ``Challenge``: the candidate-facing
payloads are built from challenges, so a secret kept beside them cannot leak through them.
The pack loader builds the mappings; ``Bank.from_catalogue`` turns them into items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping


@dataclass(frozen=True)
class Calibration:
    """Discriminant ``a`` (> 0) and difficulty ``b`` of a challenge (2PL model)."""

    a: float
    b: float


@dataclass(frozen=True)
class Tube:
    """A family of skills of rising level in one competence."""

    id: str
    competence_id: str
    name: str = ""


@dataclass(frozen=True)
class Item:
    """One calibrated challenge, with what the filters need to know about it."""

    challenge_id: str
    skill_id: str
    tube_id: str
    competence_id: str
    level: int
    a: float
    b: float
    accessible: bool = False


MAX_A = 10.0  # beyond, a single answer decides everything; also keeps exp() finite
MAX_B = 9.0  # the grid's edge


class Bank:
    """The calibrated challenges of a pack, in pack order (the order breaks ties).

    Besides ``items``, parallel lists indexed like them (the selection works on indices:
    it runs before every question, over banks of thousands of challenges).
    """

    def __init__(self, items: Iterable[Item], competences: Iterable[str] = ()):
        self.items: tuple[Item, ...] = tuple(items)
        self.by_id: dict[str, Item] = {item.challenge_id: item for item in self.items}
        if len(self.by_id) != len(self.items):
            raise ValueError("duplicate challenge id in the bank")
        for item in self.items:
            if not (0 < item.a <= MAX_A and -MAX_B <= item.b <= MAX_B):
                raise ValueError(f"calibration out of range for {item.challenge_id}: a={item.a}, b={item.b}")
        order = list(competences)
        for item in self.items:
            if item.competence_id not in order:
                order.append(item.competence_id)
        self.competences: tuple[str, ...] = tuple(order)
        self.index = {item.challenge_id: n for n, item in enumerate(self.items)}
        self.a = [item.a for item in self.items]
        self.b = [item.b for item in self.items]
        self.a2 = [item.a * item.a for item in self.items]
        self.tube = [item.tube_id for item in self.items]
        self.skill = [item.skill_id for item in self.items]
        self.competence = [item.competence_id for item in self.items]
        self.accessible = [n for n, item in enumerate(self.items) if item.accessible]

    def __len__(self) -> int:
        return len(self.items)

    def tubes(self) -> set[str]:
        return {item.tube_id for item in self.items}

    @classmethod
    def from_catalogue(cls, catalogue: Any) -> "Bank":
        """The bank of a loaded pack: its calibrated challenges (others are classic-only)."""
        calibration: Mapping[str, Calibration] = getattr(catalogue, "calibration", {})
        skill_tubes: Mapping[str, str] = getattr(catalogue, "skill_tubes", {})
        accessible = getattr(catalogue, "accessible", frozenset())
        items = []
        for challenge in catalogue.challenges.values():
            cal = calibration.get(challenge.id)
            if cal is None:
                continue
            items.append(Item(challenge.id, challenge.skill_id, skill_tubes.get(challenge.skill_id, challenge.skill_id),
                              challenge.competence_id, challenge.level, cal.a, cal.b, challenge.id in accessible))
        return cls(items, catalogue.competences)
