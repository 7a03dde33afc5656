"""Certification versions: every configurable value of the adaptive algorithm (ADAPTIVE.md).

A version is stored with the content pack (``certification_versions`` in ``pack.json``) and
the one a session uses is recorded in the session, so a later pack never changes a past
result. ``parse_version`` checks one entry and raises ``VersionError`` with a French message.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

ALGORITHM = "adaptive"
COMPETENCE_LEVELS = 7  # thresholds per competence: levels 0 to 7 (ADAPTIVE.md, "Score")

# The platform's seed values (ADAPTIVE.md); the demo pack's version uses them except where
# its own calibration asks otherwise (start capacity, competence intervals).
SEED_SCORE_INTERVALS = (-8.0, -1.4, -0.519, 0.6, 1.5, 2.25, 3.1, 4.0, 8.0)
SEED_MESHES = ((64, 0), (64, 1), (128, 1), (128, 2), (128, 3), (128, 4), (128, 5), (128, 6), (128, 7))
SEED_GLOBAL_LEVELS = (64, 128, 256, 384, 512, 640, 768, 896)
SEED_COMPETENCE_INTERVALS_1_1 = (-2.0, -1.0, 0.5, 1.0, 2.0, 3.0, 4.0)

KEYS = {"id", "algorithm", "title", "start_capacity", "variation_percent", "max_questions",
        "min_answers_for_score", "one_per_tube", "unasked_competences_first", "no_recent_competences",
        "draw_probability", "draw_pool", "score_intervals", "meshes", "max_score", "global_level_thresholds",
        "max_global_level", "competence_intervals"}
REQUIRED = KEYS - {"title"}


class VersionError(ValueError):
    """A certification version that cannot be used; the message (French) says why."""


@dataclass(frozen=True)
class CertificationVersion:
    """The settings of one adaptive certification (ADAPTIVE.md's values marked configurable)."""

    id: str
    start_capacity: float = 0.0
    variation_percent: float = 0.5  # the step cap: v, or |previous| * v beyond v
    max_questions: int = 32
    min_answers_for_score: int = 20
    one_per_tube: bool = True  # False: one question per skill
    unasked_competences_first: bool = True
    no_recent_competences: int = 2  # none of the competences of the last N answers
    draw_probability: float = 0.51  # the cascade over the best challenges
    draw_pool: int = 5
    score_intervals: tuple[float, ...] = SEED_SCORE_INTERVALS  # ascending bounds: 8 intervals
    meshes: tuple[tuple[int, int], ...] = SEED_MESHES  # (weight, coefficient), one per bound
    max_score: int = 895
    global_level_thresholds: tuple[int, ...] = SEED_GLOBAL_LEVELS
    max_global_level: int = 7
    competence_intervals: Mapping[str, tuple[float, ...]] = field(
        default_factory=lambda: MappingProxyType({}))  # competence -> 7 ascending thresholds
    title: str = ""
    algorithm: str = ALGORITHM

    def to_dict(self) -> dict:
        """The JSON form, as stored in pack.json (and in a session's record of its version)."""
        return {
            "id": self.id, "algorithm": self.algorithm, "title": self.title,
            "start_capacity": self.start_capacity, "variation_percent": self.variation_percent,
            "max_questions": self.max_questions, "min_answers_for_score": self.min_answers_for_score,
            "one_per_tube": self.one_per_tube, "unasked_competences_first": self.unasked_competences_first,
            "no_recent_competences": self.no_recent_competences, "draw_probability": self.draw_probability,
            "draw_pool": self.draw_pool, "score_intervals": list(self.score_intervals),
            "meshes": [list(m) for m in self.meshes], "max_score": self.max_score,
            "global_level_thresholds": list(self.global_level_thresholds),
            "max_global_level": self.max_global_level,
            "competence_intervals": {c: list(t) for c, t in self.competence_intervals.items()},
        }


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _ascending(values: Any, where: str, key: str, *, length: int | None = None, minimum: int = 2) -> tuple:
    ok = isinstance(values, list) and len(values) >= minimum and all(_number(v) for v in values)
    if ok and length is not None:
        ok = len(values) == length
    if not ok:
        size = f"{length} nombres" if length is not None else f"au moins {minimum} nombres"
        raise VersionError(f"{where} : « {key} » doit être une liste de {size}")
    if any(b <= a for a, b in zip(values, values[1:])):
        raise VersionError(f"{where} : les bornes de « {key} » doivent être strictement croissantes")
    return tuple(values)


def parse_version(data: Any, competence_ids: tuple[str, ...] = ()) -> CertificationVersion:
    """Check one ``certification_versions`` entry; ``competence_ids``: each needs its intervals."""
    if not isinstance(data, dict):
        raise VersionError("certification_versions : chaque version est un objet")
    vid = data.get("id")
    if not isinstance(vid, str) or not vid.strip():
        raise VersionError("version de certification : le champ « id » doit être un texte non vide")
    where = f"version de certification « {vid} »"
    unknown = set(data) - KEYS
    if unknown:
        raise VersionError(f"{where} : {'champ inconnu' if len(unknown) == 1 else 'champs inconnus'} : "
                           f"{', '.join(sorted(unknown))}")
    missing = REQUIRED - set(data)
    if missing:
        raise VersionError(f"{where} : {'champ manquant' if len(missing) == 1 else 'champs manquants'} : "
                           f"{', '.join(sorted(missing))}")
    if data["algorithm"] != ALGORITHM:
        raise VersionError(f"{where} : algorithme {data['algorithm']!r} inconnu (seul « adaptive » existe)")
    title = data.get("title", "")
    if not isinstance(title, str):
        raise VersionError(f"{where} : « title » doit être un texte")

    def check(key: str, test, wanted: str):
        value = data[key]
        if not test(value):
            raise VersionError(f"{where} : « {key} » doit être {wanted} ({value!r})")
        return value

    start = check("start_capacity", lambda v: _number(v) and -9 <= v <= 9, "un nombre entre -9 et 9")
    variation = check("variation_percent", lambda v: _number(v) and 0 < v <= 1, "un nombre entre 0 (exclu) et 1")
    max_questions = check("max_questions", lambda v: _integer(v) and v >= 1, "un entier positif")
    minimum = check("min_answers_for_score", lambda v: _integer(v) and 1 <= v <= max_questions,
                    f"un entier entre 1 et max_questions ({max_questions})")
    per_tube = check("one_per_tube", lambda v: isinstance(v, bool), "true ou false")
    unasked = check("unasked_competences_first", lambda v: isinstance(v, bool), "true ou false")
    recent = check("no_recent_competences", lambda v: _integer(v) and v >= 0, "un entier positif ou nul")
    probability = check("draw_probability", lambda v: _number(v) and 0 < v <= 1, "un nombre entre 0 (exclu) et 1")
    pool = check("draw_pool", lambda v: _integer(v) and v >= 1, "un entier positif")
    bounds = _ascending(data["score_intervals"], where, "score_intervals")
    meshes = data["meshes"]
    if not (isinstance(meshes, list) and len(meshes) == len(bounds)
            and all(isinstance(m, list) and len(m) == 2 and _integer(m[0]) and m[0] > 0
                    and _integer(m[1]) and m[1] >= 0 for m in meshes)):
        raise VersionError(f"{where} : « meshes » doit donner {len(bounds)} paires [poids, coefficient] "
                           "d'entiers (une par borne de score_intervals)")
    meshes = tuple((m[0], m[1]) for m in meshes)
    for i, ((w1, c1), (w2, c2)) in enumerate(zip(meshes, meshes[1:])):
        if w1 * (c1 + 1) > w2 * c2:  # the score must never go down when the capacity goes up
            raise VersionError(f"{where} : la tranche {i + 2} de « meshes » commence sous la fin de la "
                               f"tranche {i + 1} ({w2 * c2} < {w1 * (c1 + 1)})")
    max_score = check("max_score", lambda v: _integer(v) and v >= 1, "un entier positif")
    levels = _ascending(data["global_level_thresholds"], where, "global_level_thresholds", minimum=1)
    if not all(_integer(v) and v > 0 for v in levels):
        raise VersionError(f"{where} : « global_level_thresholds » doit être une liste d'entiers positifs")
    max_level = check("max_global_level", lambda v: _integer(v) and 1 <= v <= len(levels),
                      f"un entier entre 1 et {len(levels)}")
    intervals = data["competence_intervals"]
    if not isinstance(intervals, dict):
        raise VersionError(f"{where} : « competence_intervals » doit être un objet (compétence -> seuils)")
    unknown_competences = sorted(set(intervals) - set(competence_ids)) if competence_ids else []
    if unknown_competences:
        raise VersionError(f"{where} : « competence_intervals » nomme une compétence absente du pack : "
                           f"{', '.join(unknown_competences)}")
    lacking = [c for c in competence_ids if c not in intervals]
    if lacking:
        raise VersionError(f"{where} : « competence_intervals » ne donne pas les seuils de "
                           f"{', '.join(lacking)}")
    parsed = {c: _ascending(t, f"{where}, compétence {c}", "competence_intervals", length=COMPETENCE_LEVELS)
              for c, t in intervals.items()}
    ordered = {c: parsed[c] for c in (competence_ids or tuple(sorted(parsed)))}
    return CertificationVersion(
        id=vid, title=title, start_capacity=float(start), variation_percent=float(variation),
        max_questions=max_questions, min_answers_for_score=minimum, one_per_tube=per_tube,
        unasked_competences_first=unasked, no_recent_competences=recent, draw_probability=float(probability),
        draw_pool=pool, score_intervals=tuple(float(b) for b in bounds), meshes=meshes, max_score=max_score,
        global_level_thresholds=tuple(int(v) for v in levels), max_global_level=max_level,
        competence_intervals=MappingProxyType({c: tuple(float(x) for x in t) for c, t in ordered.items()}),
    )
