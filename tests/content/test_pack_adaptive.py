"""The adaptive part of a pack: tubes, calibration, accessibility and certification versions,
as the loader checks them; the demo's calibrated bank; calibration never in a candidate
payload; ``roomserver adaptive-simulate``."""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import io
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from test_pack_validation import base_pack, challenge, refused, write_pack

from roomserver.cli import main as cli_main
from roomserver.content import DEMO_PACK_DIR, FRAMEWORK_COMPETENCES, load_pack
from roomserver.content import demo_bank
from roomserver.content.demo_bank import assemble
from roomserver.core.adaptive import Asked, next_question, probability
from roomserver.core.adaptive.version import SEED_GLOBAL_LEVELS, SEED_MESHES, SEED_SCORE_INTERVALS
from roomserver.core.content import public_question

PACK = load_pack(DEMO_PACK_DIR)
SEVEN = [-2.0, -1.0, 0.5, 1.0, 2.0, 3.0, 4.0]


def adaptive_pack(tubes_per_competence: int = 2, max_questions: int = 4) -> dict:
    """The loader tests' small pack, made adaptive: tubes, calibration, one version."""
    data = base_pack()
    data["tubes"] = [{"id": "t-rech", "competence": "1.1", "name": "Chercher"},
                     {"id": "t-prog", "competence": "3.4", "name": "Programmer"}]
    data["skills"][0]["tube"] = "t-rech"
    data["skills"][1]["tube"] = "t-prog"
    for n, c in enumerate(data["challenges"]):
        c["calibration"] = {"a": 1.0 + n / 10, "b": -1.0 + n / 2}
        c["accessible"] = n % 2 == 0
    for t in range(tubes_per_competence - 1):
        for cid, comp in (("1.1", "1.1"), ("3.4", "3.4")):
            tube = f"t-{cid}-{t}"
            data["tubes"].append({"id": tube, "competence": comp, "name": f"Tube {tube}"})
            data["skills"].append({"id": f"{tube}-1", "competence": comp, "level": 1, "name": "Acquis", "tube": tube})
            data["challenges"].append({"id": f"{tube}-1-a", "skill": f"{tube}-1", "type": "QCU", "instruction": "Choisissez.",
                                       "proposals": [{"id": "a", "text": "Oui"}, {"id": "b", "text": "Non"}],
                                       "solution": "a", "calibration": {"a": 1.2, "b": 0.3}})
    data["certification_versions"] = [version_data(max_questions)]
    return data


def version_data(max_questions: int = 4, **changes) -> dict:
    data = {"id": "v1", "algorithm": "adaptive", "start_capacity": 0, "variation_percent": 0.5,
            "max_questions": max_questions, "min_answers_for_score": min(2, max_questions), "one_per_tube": True,
            "unasked_competences_first": True, "no_recent_competences": 2, "draw_probability": 0.51,
            "draw_pool": 5, "score_intervals": list(SEED_SCORE_INTERVALS), "meshes": [list(m) for m in SEED_MESHES],
            "max_score": 895, "global_level_thresholds": list(SEED_GLOBAL_LEVELS), "max_global_level": 7,
            "competence_intervals": {"1.1": SEVEN, "3.4": SEVEN}}
    data.update(changes)
    return data


def refuse(tmp_path: Path, change, *words: str) -> str:
    def apply(data):
        data.clear()
        data.update(adaptive_pack())
        change(data)
    return refused(tmp_path, apply, *words)


# -- the format ------------------------------------------------------------------------------------------

def test_an_adaptive_pack_loads_with_its_tubes_calibration_accessibility_and_versions(tmp_path):
    pack = load_pack(write_pack(tmp_path / "pack", adaptive_pack()))
    assert set(pack.tubes) == {"t-rech", "t-prog", "t-1.1-0", "t-3.4-0"}
    assert pack.tubes["t-rech"].competence_id == "1.1" and pack.skill_tubes["rech-1"] == "t-rech"
    assert (pack.calibration["qcm"].a, pack.calibration["qcm"].b) == (1.1, -0.5)
    assert "qcu" in pack.accessible and "qcm" not in pack.accessible
    version = pack.certification_versions["v1"]
    assert version.max_questions == 4 and version.competence_intervals["1.1"] == tuple(SEVEN)
    assert len(pack.bank) == len(pack.challenges) and {i.tube_id for i in pack.bank.items} == set(pack.tubes)


def test_a_classic_pack_still_loads_without_any_of_it(tmp_path):
    pack = load_pack(write_pack(tmp_path / "pack", base_pack()))
    assert pack.tubes == {} and pack.calibration == {} and pack.certification_versions == {}
    assert pack.accessible == frozenset() and len(pack.bank) == 0


def test_uncalibrated_challenges_stay_out_of_the_bank(tmp_path):
    data = adaptive_pack()
    del challenge(data, "dep")["calibration"]
    pack = load_pack(write_pack(tmp_path / "pack", data))
    assert "dep" not in pack.bank.by_id and "dep" in pack.challenges


REFUSALS = [
    ("calibration without b", lambda d: challenge(d, "qcu").update(calibration={"a": 1}), ["qcu", "calibration"]),
    ("calibration with an extra key", lambda d: challenge(d, "qcu").update(calibration={"a": 1, "b": 0, "c": 2}),
     ["qcu", "calibration"]),
    ("calibration not an object", lambda d: challenge(d, "qcu").update(calibration=[1, 0]), ["qcu", "calibration"]),
    ("a zero", lambda d: challenge(d, "qcu").update(calibration={"a": 0, "b": 0}), ["qcu", "discriminant"]),
    ("a negative", lambda d: challenge(d, "qcu").update(calibration={"a": -1.2, "b": 0}), ["qcu", "discriminant"]),
    ("a too large", lambda d: challenge(d, "qcu").update(calibration={"a": 12, "b": 0}), ["qcu", "discriminant"]),
    ("b off the grid", lambda d: challenge(d, "qcu").update(calibration={"a": 1, "b": 9.5}), ["qcu", "difficulté"]),
    ("b a text", lambda d: challenge(d, "qcu").update(calibration={"a": 1, "b": "0,5"}), ["qcu", "« b »"]),
    ("a a boolean", lambda d: challenge(d, "qcu").update(calibration={"a": True, "b": 0}), ["qcu", "« a »"]),
    ("accessible not a boolean", lambda d: challenge(d, "qcu").update(accessible="oui"), ["qcu", "accessible"]),
    ("unknown tube", lambda d: d["skills"][0].update(tube="t-nulle-part"), ["rech-1", "t-nulle-part"]),
    ("tube of another competence", lambda d: d["skills"][0].update(tube="t-prog"), ["rech-1", "t-prog", "3.4"]),
    ("two skills of a tube at one level", lambda d: d["skills"].append(
        {"id": "rech-1-bis", "competence": "1.1", "level": 1, "name": "Encore", "tube": "t-rech"}) or
        d["challenges"].append({"id": "bis", "skill": "rech-1-bis", "type": "QCU", "instruction": "Choisissez.",
                                "proposals": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], "solution": "a"}),
     ["rech-1-bis", "t-rech", "niveau 1"]),
    ("duplicate tube", lambda d: d["tubes"].append(dict(d["tubes"][0])), ["t-rech", "double"]),
    ("tube on an unknown competence", lambda d: d["tubes"][0].update(competence="9.9"), ["t-rech", "9.9"]),
    ("tube with an unknown key", lambda d: d["tubes"][0].update(niveau=2), ["t-rech", "niveau"]),
    ("tube without a name", lambda d: d["tubes"][0].pop("name"), ["t-rech", "name"]),
    ("tubes not a list", lambda d: d.update(tubes={"t": 1}), ["tubes"]),
    ("skill with an unknown key", lambda d: d["skills"][0].update(tubes="t-rech"), ["rech-1", "tubes"]),
    ("calibrated challenge without a tube", lambda d: d["skills"][0].pop("tube"), ["qcu", "rech-1", "tube"]),
    ("version with an unknown key", lambda d: d["certification_versions"][0].update(questions=32), ["v1", "questions"]),
    ("version missing a setting", lambda d: d["certification_versions"][0].pop("draw_pool"), ["v1", "draw_pool"]),
    ("unknown algorithm", lambda d: d["certification_versions"][0].update(algorithm="classic"), ["v1", "algorithme"]),
    ("draw probability above 1", lambda d: d["certification_versions"][0].update(draw_probability=1.5),
     ["v1", "draw_probability"]),
    ("variation of 0", lambda d: d["certification_versions"][0].update(variation_percent=0), ["v1", "variation_percent"]),
    ("start capacity off the grid", lambda d: d["certification_versions"][0].update(start_capacity=12),
     ["v1", "start_capacity"]),
    ("more answers needed than asked", lambda d: d["certification_versions"][0].update(min_answers_for_score=5),
     ["v1", "min_answers_for_score"]),
    ("a negative recent-competence count", lambda d: d["certification_versions"][0].update(no_recent_competences=-1),
     ["v1", "no_recent_competences"]),
    ("one_per_tube not a boolean", lambda d: d["certification_versions"][0].update(one_per_tube="oui"),
     ["v1", "one_per_tube"]),
    ("intervals not rising", lambda d: d["certification_versions"][0].update(score_intervals=[-8, 1, 0.5, 8]),
     ["v1", "croissantes"]),
    ("one mesh short", lambda d: d["certification_versions"][0]["meshes"].pop(), ["v1", "meshes", "9"]),
    ("a score going down", lambda d: d["certification_versions"][0]["meshes"].__setitem__(2, [64, 1]),
     ["v1", "meshes", "tranche 3"]),
    ("competence without intervals", lambda d: d["certification_versions"][0]["competence_intervals"].pop("3.4"),
     ["v1", "3.4"]),
    ("competence intervals on an unknown competence",
     lambda d: d["certification_versions"][0]["competence_intervals"].update({"5.2": SEVEN}), ["v1", "5.2"]),
    ("six thresholds", lambda d: d["certification_versions"][0]["competence_intervals"].update({"1.1": SEVEN[:6]}),
     ["v1", "1.1", "7 nombres"]),
    ("global level above the thresholds", lambda d: d["certification_versions"][0].update(max_global_level=9),
     ["v1", "max_global_level"]),
    ("duplicate version", lambda d: d["certification_versions"].append(copy.deepcopy(d["certification_versions"][0])),
     ["v1", "double"]),
    ("not enough tubes", lambda d: d["certification_versions"][0].update(max_questions=5, min_answers_for_score=2),
     ["v1", "5 questions", "5 tubes", "que 4"]),
    ("versions without calibration", lambda d: [c.pop("calibration", None) for c in d["challenges"]],
     ["aucune épreuve calibrée"]),
    ("versions not a list", lambda d: d.update(certification_versions={"id": "v1"}), ["certification_versions"]),
]


@pytest.mark.parametrize("change, words", [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_refusals(tmp_path, change, words):
    refuse(tmp_path, change, *words)


def test_per_skill_versions_count_skills(tmp_path):
    refuse(tmp_path, lambda d: d["certification_versions"][0].update(one_per_tube=False, max_questions=5),
           "5 questions", "5 acquis", "que 4")


# -- the demo bank --------------------------------------------------------------------------------------

def test_the_demo_bank_is_calibrated_and_counted():
    bank = PACK.bank
    assert len(bank) == len(PACK.challenges) == 774  # every challenge is calibrated
    assert len(PACK.tubes) == 124 and len(PACK.skills) == 365
    assert len(demo_bank.FAMILIES) == 48
    full = defaultdict(list)  # tubes with a skill at every level 1 to 6
    levels = defaultdict(set)
    for skill_id, tube_id in PACK.skill_tubes.items():
        levels[tube_id].add(PACK.skills[skill_id].level)
    for tube_id, found in levels.items():
        if found == set(range(1, 7)):
            full[PACK.tubes[tube_id].competence_id].append(tube_id)
    assert set(full) == set(FRAMEWORK_COMPETENCES) and all(len(t) >= 3 for t in full.values())
    assert sum(len(t) for t in full.values()) >= 37  # 32 questions, and still 5 to draw from at the last one
    assert all(0.6 <= i.a <= 2.2 for i in bank.items)
    by_level = defaultdict(list)
    for i in bank.items:
        by_level[i.level].append(i.b)
    means = [sum(by_level[level]) / len(by_level[level]) for level in range(1, 7)]
    assert means == sorted(means) and means[0] < -2.2 and means[-1] > 3.7
    assert all(abs(i.b - demo_bank.level_difficulty(i.level)) <= 0.35 for i in bank.items)
    accessible = Counter(i.tube_id for i in bank.items if i.accessible)
    assert sum(1 for tube in full.values() for t in tube if accessible[t]) >= 37


def test_the_demo_calibration_is_the_seeded_one():
    for item in PACK.bank.items[::37]:
        assert demo_bank.calibrate(item.challenge_id, item.skill_id, item.level) == {"a": item.a, "b": item.b}
        challenge_ = PACK.challenges[item.challenge_id]
        assert item.accessible == (not challenge_.attachments and challenge_.illustration is None
                                   and challenge_.timer_s is None)


def test_the_demo_version():
    (version,) = PACK.certification_versions.values()
    assert (version.max_questions, version.min_answers_for_score, version.draw_probability, version.draw_pool,
            version.no_recent_competences, version.variation_percent) == (32, 20, 0.51, 5, 2, 0.5)
    assert version.one_per_tube and version.unasked_competences_first
    assert tuple(version.competence_intervals) == FRAMEWORK_COMPETENCES
    assert version.to_dict() == assemble.certification_version(
        json.loads((DEMO_PACK_DIR / "pack.json").read_text(encoding="utf-8"))["skills"],
        json.loads((DEMO_PACK_DIR / "pack.json").read_text(encoding="utf-8"))["challenges"]) | {
        "title": version.title, "start_capacity": 0.0}


@pytest.mark.parametrize("theta", [-4, -3, -2, -1, 0, 1, 2, 3, 4, 5])
@pytest.mark.parametrize("accessibility", [False, True])
def test_the_demo_bank_gives_32_questions_at_every_capacity(theta, accessibility):
    (version,) = PACK.certification_versions.values()
    rng = random.Random(theta)
    history: list[Asked] = []
    while (choice := next_question(version, PACK.bank, history, None, (), accessibility, len(history))) is not None:
        history.append(Asked(choice.challenge_id, choice.a, choice.b, rng.random() < probability(choice.a, choice.b, theta)))
    assert len(history) == 32
    tubes = [PACK.bank.by_id[q.challenge_id].tube_id for q in history]
    assert len(set(tubes)) == 32
    if accessibility:
        assert all(PACK.bank.by_id[q.challenge_id].accessible for q in history)


def test_the_generated_questions_are_deterministic():
    assert demo_bank.generated() == demo_bank.generated()


# -- calibration never reaches a candidate ------------------------------------------------------------------

SECRET_KEYS = {"a", "b", "calibration", "discriminant", "difficulty", "tube", "tube_id", "accessible", "level",
               "skill", "skill_id", "solution", "tolerances"}
PUBLIC_KEYS = {"challenge_id", "index", "type", "instruction", "timer_s", "focused", "attachments", "illustration",
               "proposals", "fields"}


def keys_of(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


def test_public_question_never_carries_calibration_tubes_or_accessibility():
    for challenge_id, challenge_ in PACK.challenges.items():
        question = public_question(challenge_, 1)
        assert set(question) <= PUBLIC_KEYS, challenge_id
        assert not keys_of(question) & SECRET_KEYS, challenge_id
        assert "calibration" not in json.dumps(question, ensure_ascii=False)


def corekit():
    """The core tests' Room (tests/core/corekit.py), loaded by path."""
    if "corekit" not in sys.modules:
        spec = importlib.util.spec_from_file_location("corekit", Path(__file__).parents[1] / "core" / "corekit.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["corekit"] = module
        spec.loader.exec_module(module)
    return sys.modules["corekit"]


def test_the_candidate_view_never_carries_calibration():
    from roomserver.core.views import candidate_view

    kit = corekit()
    room = kit.Room(PACK)
    candidate_id = room.in_test("c1", profile=kit.full_profile(PACK, level=5))
    seen = 0
    while room.candidate(candidate_id).current_index is not None:
        view = candidate_view(room.state, room.candidate(candidate_id), "tok-c1", PACK, room.now)
        assert not keys_of(view) & SECRET_KEYS
        for question in (view["question"], view["next_question"]):
            if question is not None:
                assert set(question) <= PUBLIC_KEYS | {"timer_left_s"}
        room.answer(candidate_id, right=seen % 2 == 0)
        seen += 1
    assert seen >= 40


# -- roomserver adaptive-simulate -------------------------------------------------------------------------

def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_adaptive_simulate_json():
    code, out, _ = run_cli("adaptive-simulate", "--candidates", "6", "--seed", "4", "--timing-candidates", "1",
                           "--json")
    assert code == 0
    report = json.loads(out)
    for side in ("adaptive", "classic"):
        assert set(report[side]["rmse_by_length"]) == {"8", "16", "24", "32"}
        assert all(isinstance(x, float) and x >= 0 for x in report[side]["rmse_by_length"].values())
        assert set(report[side]["bias_by_length"]) == set(report[side]["correlation_by_length"]) == {"8", "16", "24", "32"}
    assert report["candidates"] == 6 and report["capacities"] == [-2.0, 4.0]
    assert report["wide"]["capacities"] == [-4.0, 5.0]
    assert report["selection_ms"]["bank_size"] == 2000 and report["selection_ms"]["choices"] == 32
    assert report["selection_ms"]["cpu"]["median"] > 0
    assert report["pack"]["challenges"] == 774 and report["certification_version"] == "adaptatif-demo-2026"
    assert isinstance(report["target"]["met"], bool)

    from roomserver.cli.adaptive import render
    text = render(report)
    assert "Objectif RMSE ≤ 0,3 après 32 questions" in text and "p99" in text
    assert " :" not in text and " ;" not in text  # non-breaking spaces before : and ;


def test_adaptive_simulate_refuses_a_pack_without_versions(tmp_path):
    code, out, err = run_cli("adaptive-simulate", "--content-pack", str(write_pack(tmp_path / "p", base_pack())),
                             "--candidates", "2")
    assert code == 2 and out == "" and "aucune version de certification adaptative" in err
    code, _, err = run_cli("adaptive-simulate", "--version", "nope", "--candidates", "2")
    assert code == 2 and "Version de certification inconnue" in err


def test_adaptive_simulate_is_a_listed_command():
    from roomserver.cli import build_parser
    assert "adaptive-simulate" in build_parser().format_help()
