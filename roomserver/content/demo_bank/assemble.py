"""``pack.json``'s calibrated bank, assembled from the hand-written questions and the families.

``build_pack`` keeps the hand-written skills and challenges of the current ``pack.json`` as they
are, puts each hand-written skill in its own tube, adds the generated families of ``demo_bank``,
calibrates every challenge (seeded), marks it accessible or not, and writes the demo
certification version. Called by ``roomserver.content.build_demo``.
"""

from __future__ import annotations

import json
import re

from roomserver.core.adaptive.version import SEED_GLOBAL_LEVELS, SEED_MESHES, SEED_SCORE_INTERVALS

from . import B_PER_LEVEL, calibrate, generated, level_difficulty

PACK_VERSION = "2026.12"
CERTIFICATION_VERSION = "adaptatif-demo-2026"
THRESHOLD_BELOW_DIFFICULTY = 0.2  # a competence reaches level L a little below its level-L difficulty


def handwritten_tube(skill_id: str) -> str:
    """A hand-written skill's tube: its id without the level ("rech-mots-cles-1" -> "rech-mots-cles")."""
    return re.sub(r"-\d+$", "", skill_id)


def accessible(challenge: dict) -> bool:
    """Accessible to a candidate needing an adjustment: text only, no picture, no file, no timer."""
    return not (challenge.get("illustration") or challenge.get("attachments") or challenge.get("timer_s"))


def competence_intervals(skills: list[dict], challenges: list[dict]) -> dict[str, list[float]]:
    """Each competence's 7 thresholds from the demo calibration: level L from just below the mean
    difficulty of its level-L challenges (levels 1 to 6), level 7 one level step above level 6."""
    level_of = {s["id"]: (s["competence"], s["level"]) for s in skills}
    sums: dict[tuple[str, int], list[float]] = {}
    for c in challenges:
        sums.setdefault(level_of[c["skill"]], []).append(c["calibration"]["b"])
    out = {}
    for competence in dict.fromkeys(s["competence"] for s in skills):
        thresholds = []
        for level in range(1, 7):
            values = sums.get((competence, level)) or [level_difficulty(level)]
            thresholds.append(round(sum(values) / len(values) - THRESHOLD_BELOW_DIFFICULTY, 2))
        thresholds.append(round(thresholds[-1] + B_PER_LEVEL, 2))
        out[competence] = thresholds
    return out


def certification_version(skills: list[dict], challenges: list[dict]) -> dict:
    """The demo's adaptive certification version: the platform's published settings, a start at 0
    (the middle of this bank) and competence intervals drawn from this bank's calibration."""
    return {
        "id": CERTIFICATION_VERSION, "algorithm": "adaptive",
        "title": "Certification adaptative de démonstration (32 questions)",
        "start_capacity": 0, "variation_percent": 0.5, "max_questions": 32, "min_answers_for_score": 20,
        "one_per_tube": True, "unasked_competences_first": True, "no_recent_competences": 2,
        "draw_probability": 0.51, "draw_pool": 5, "score_intervals": list(SEED_SCORE_INTERVALS),
        "meshes": [list(m) for m in SEED_MESHES], "max_score": 895,
        "global_level_thresholds": list(SEED_GLOBAL_LEVELS), "max_global_level": 7,
        "competence_intervals": competence_intervals(skills, challenges),
    }


def build_pack(current: dict) -> dict:
    """``pack.json`` rebuilt from its hand-written questions and the generated families.

    Hand-written: every skill whose tube is not one of ``demo_bank``'s families (a family renamed
    leaves its old skills behind: delete them from pack.json before building).
    """
    tubes, skills, challenges = generated()
    family_tubes = {t["id"] for t in tubes}
    hand_skills = [dict(s) for s in current["skills"] if s.get("tube") not in family_tubes]
    hand_ids = {s["id"] for s in hand_skills}
    hand_challenges = [dict(c) for c in current["challenges"] if c["skill"] in hand_ids]
    hand_tubes: dict[str, dict] = {}
    for skill in sorted(hand_skills, key=lambda s: s["level"]):
        tube = handwritten_tube(skill["id"])
        if tube in family_tubes:
            raise ValueError(f"hand-written tube {tube} has the name of a generated family")
        hand_tubes.setdefault(tube, {"id": tube, "competence": skill["competence"], "name": skill["name"]})
        skill["tube"] = tube
    order = {s["id"]: n for n, s in enumerate(current["skills"])}
    tube_order = sorted(hand_tubes.values(), key=lambda t: min(order[s["id"]] for s in hand_skills
                                                               if s["tube"] == t["id"]))
    all_skills = hand_skills + skills
    level_of = {s["id"]: s["level"] for s in all_skills}
    all_challenges = []
    for challenge in hand_challenges + challenges:
        challenge.pop("calibration", None)
        challenge.pop("accessible", None)
        challenge["calibration"] = calibrate(challenge["id"], challenge["skill"], level_of[challenge["skill"]])
        challenge["accessible"] = accessible(challenge)
        all_challenges.append(challenge)
    keep = ("format", "id", "version", "title", "language", "description", "license", "competences")
    pack = {key: current[key] for key in keep if key in current}
    pack["version"] = PACK_VERSION
    pack["tubes"] = tube_order + tubes
    pack["skills"] = all_skills
    pack["challenges"] = all_challenges
    pack["certification_versions"] = [certification_version(all_skills, all_challenges)]
    return pack


def pack_text(pack: dict) -> str:
    """pack.json as committed: indent 2, real accents."""
    return json.dumps(pack, ensure_ascii=False, indent=2) + "\n"
