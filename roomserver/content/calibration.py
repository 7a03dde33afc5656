"""The adaptive certification's part of a pack: tubes, calibration, accessibility, versions.

All optional: a pack without them loads for the classic algorithm. Checked here, with French
messages naming the culprit (``PackError``); documented in ``docs/content-pack.md``.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

from roomserver.core.adaptive import Calibration, CertificationVersion, Tube, VersionError, parse_version
from roomserver.core.adaptive.bank import MAX_A, MAX_B
from roomserver.core.content import Challenge, Competence

from .errors import PackError, require, text, unknown_keys


def tubes(value: Any, competences: dict[str, Competence]) -> dict[str, Tube]:
    """The ``tubes`` list: each a family of skills of one competence."""
    if value is None:
        return {}
    require(isinstance(value, list) and bool(value), "pack.json : « tubes » doit être une liste non vide")
    found: dict[str, Tube] = {}
    for i, item in enumerate(value):
        require(isinstance(item, dict), f"pack.json : tubes[{i}] doit être un objet")
        tid = text(item, "id", "tube")
        where = f"tube « {tid} »"
        unknown_keys(item, {"id", "competence", "name"}, where)
        require(tid not in found, f"{where} : identifiant en double")
        cid = item.get("competence")
        require(cid in competences, f"{where} : compétence {cid!r} inconnue")
        found[tid] = Tube(tid, cid, text(item, "name", where))
    return found


def skill_tube(tube_id: Any, skill_id: str, competence_id: str, level: int, tubes: dict[str, Tube],
               levels: dict[str, dict[int, str]]) -> str:
    """Check a skill's ``tube``: known, of the skill's competence, one skill per level."""
    where = f"acquis « {skill_id} »"
    tube = tubes.get(tube_id) if isinstance(tube_id, str) else None
    require(tube is not None, f"{where} : tube {tube_id!r} inconnu")
    require(tube.competence_id == competence_id,
            f"{where} : le tube « {tube.id} » appartient à la compétence {tube.competence_id}, pas à {competence_id}")
    same = levels.setdefault(tube.id, {}).get(level)
    require(same is None, f"{where} : le tube « {tube.id} » a déjà un acquis de niveau {level} (« {same} ») ; "
                          "les acquis d'un tube ont des niveaux croissants, un par niveau")
    levels[tube.id][level] = skill_id
    return tube.id


def calibration(value: Any, where: str) -> Calibration:
    """A challenge's ``{"a": discriminant, "b": difficulty}``."""
    require(isinstance(value, dict) and set(value) == {"a", "b"},
            f'{where} : « calibration » doit être un objet {{"a": discriminant, "b": difficulté}}')
    a, b = value["a"], value["b"]
    for name, number in (("a", a), ("b", b)):
        require(isinstance(number, (int, float)) and not isinstance(number, bool) and math.isfinite(number),
                f"{where} : la calibration « {name} » doit être un nombre ({number!r})")
    require(0 < a <= MAX_A, f"{where} : le discriminant a = {a} doit être positif et au plus {MAX_A:g}")
    require(-MAX_B <= b <= MAX_B, f"{where} : la difficulté b = {b} doit être comprise entre -{MAX_B:g} et {MAX_B:g}")
    return Calibration(float(a), float(b))


def versions(value: Any, competence_ids: tuple[str, ...], skill_tubes: dict[str, str],
             calibrated: Sequence[Challenge]) -> dict[str, CertificationVersion]:
    """The ``certification_versions``: each checked, and the bank must be able to give a full test."""
    if value is None:
        return {}
    require(isinstance(value, list) and bool(value), "pack.json : « certification_versions » doit être une liste non vide")
    require(bool(calibrated), "pack.json : des versions de certification sans aucune épreuve calibrée")
    families = {True: {skill_tubes[c.skill_id] for c in calibrated}, False: {c.skill_id for c in calibrated}}
    found: dict[str, CertificationVersion] = {}
    for item in value:
        try:
            version = parse_version(item, competence_ids)
        except VersionError as exc:
            raise PackError(str(exc)) from None
        where = f"version de certification « {version.id} »"
        require(version.id not in found, f"{where} : identifiant en double")
        have, word = len(families[version.one_per_tube]), "tubes" if version.one_per_tube else "acquis"
        require(have >= version.max_questions, f"{where} : {version.max_questions} questions demandent au moins "
                                               f"{version.max_questions} {word} calibrés, le pack n'en a que {have}")
        found[version.id] = version
    return found
