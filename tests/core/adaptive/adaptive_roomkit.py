"""Test kit for adaptive sessions in the core: a calibrated in-memory catalogue (corekit's
challenges, with a bank and a certification version beside them, as the pack has) and a
``Room`` (corekit's: decide -> journal through JSON -> apply) whose session is adaptive.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # corekit, one folder up

from corekit import ACCESS_CODE, Room, build_catalogue, right_answer, small_profile, wrong_answer  # noqa: E402

from roomserver.core import commands  # noqa: E402
from roomserver.core.adaptive import Bank, CertificationVersion, Item  # noqa: E402
from roomserver.core.adaptive.version import SEED_COMPETENCE_INTERVALS_1_1  # noqa: E402

__all__ = ["ACCESS_CODE", "AdaptiveCatalogue", "adaptive_catalogue", "adaptive_room", "right_answer", "wrong_answer"]


@dataclass
class AdaptiveCatalogue:
    """corekit's catalogue plus what a pack gives the adaptive algorithm: ``bank`` and versions."""

    competences: dict
    skills: dict
    challenges: dict
    bank: Bank = None
    certification_versions: dict = field(default_factory=dict)

    def skills_of(self, competence_id: str):
        return [s for s in self.skills.values() if s.competence_id == competence_id]


def adaptive_catalogue(tubes_per_competence: int = 4, accessible_every: int = 1, version_changes: dict | None = None,
                       **kw) -> AdaptiveCatalogue:
    """16 competences x 8 levels (1 skill each, 2 variants); a competence's skills are grouped in
    ``tubes_per_competence`` tubes; difficulty rises with the level (b from -2.6 to +3). Every
    ``accessible_every``-th challenge is marked accessible (0: none)."""
    base = build_catalogue(**kw)
    items = []
    per_tube = max(1, 8 // tubes_per_competence)
    for n, challenge in enumerate(base.challenges.values()):
        tube = f"{challenge.competence_id}/T{(challenge.level - 1) // per_tube}"
        a = round(0.8 + 0.2 * (n % 7), 2)
        b = round(-2.6 + 0.8 * (challenge.level - 1) + 0.05 * (n % 3), 3)
        accessible = bool(accessible_every) and n % accessible_every == 0
        items.append(Item(challenge.id, challenge.skill_id, tube, challenge.competence_id, challenge.level, a, b,
                          accessible))
    intervals = MappingProxyType({cid: SEED_COMPETENCE_INTERVALS_1_1 for cid in base.competences})
    version = CertificationVersion(id="v-test", title="Version de test", competence_intervals=intervals,
                                   **(version_changes or {}))
    return AdaptiveCatalogue(base.competences, base.skills, base.challenges, Bank(items, base.competences),
                             {"v-test": version})


def adaptive_room(catalogue: AdaptiveCatalogue | None = None, **catalogue_kw) -> Room:
    """A Room whose session is adaptive, the version's settings recorded at its creation."""
    catalogue = catalogue or adaptive_catalogue(**catalogue_kw)
    room = Room.__new__(Room)
    room.catalogue = catalogue
    room.now = 1_700_000_000.0
    room.events, room.state = [], None
    room.details = {"site": "Collège Jean Moulin", "room": "B12", "date": "2026-05-12", "start_time": "09:00",
                    "invigilators": ["Mme Martin"], "notes": "", "algorithm": "adaptive"}
    room.pack = {"id": "test-pack", "version": "1", "digest": "0" * 64}
    version = next(iter(catalogue.certification_versions.values()))
    room.record(commands.create_session("sess-a", 5120, ACCESS_CODE, "C-BX3H7Q", room.details, room.pack,
                                        version.to_dict()))
    return room


def started(room: Room, candidate_id: str = "c1", first: str = "Élodie", last: str = "Martin", **kw) -> str:
    """A candidate of ``room`` present, the session started, the adaptive test running."""
    room.ready(candidate_id, first, last, profile=small_profile(room.catalogue), **kw)
    room.start_session()
    room.start_test(candidate_id)
    return candidate_id
