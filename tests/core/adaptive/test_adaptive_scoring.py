"""Adaptive scoring and outcomes (ADAPTIVE.md, "Score" and "Outcomes"): the score at each
interval's bounds and the worked example, global and competence levels, each outcome rule,
the simulated completion after an abandon, the result's shape and its French report."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from adaptivekit import COMPETENCES, PROPERTY, SEED_1_1, grid_bank, version
from hypothesis import given
from hypothesis import strategies as st

from roomserver.core.adaptive import Asked, competence_level, global_level, next_question, pix_of, score_candidate
from roomserver.core.adaptive.selection import capacity_of
from roomserver.core.adaptive.version import SEED_MESHES, SEED_SCORE_INTERVALS

TITLES = {"1.1": "Mener une recherche et une veille d'information", "1.2": "Gérer des données",
          "2.1": "Interagir", "3.1": "Développer des documents textuels"}


# -- the score -------------------------------------------------------------------------------------------

def test_the_worked_example():
    assert pix_of(version(), 2.0) == 469  # [1.5, 2.25), weight 128, coefficient 3: floor(128 x 3.667)


@pytest.mark.parametrize("i", range(8))
def test_the_score_at_each_interval_bounds(i):
    v = version()
    low, high = SEED_SCORE_INTERVALS[i], SEED_SCORE_INTERVALS[i + 1]
    weight, coefficient = SEED_MESHES[i]
    assert pix_of(v, low) == weight * coefficient  # p = 0 at the lower bound
    assert pix_of(v, math.nextafter(high, -math.inf)) == min(895, weight * (coefficient + 1) - 1)  # p just below 1
    middle = float((Fraction(str(low)) + Fraction(str(high))) / 2)  # 0.0405, not the float sum's 0.04049999…
    assert pix_of(v, middle) == weight * coefficient + weight // 2


def test_the_bands_and_the_ends_of_the_scale():
    v = version()
    assert [pix_of(v, b) for b in SEED_SCORE_INTERVALS[:-1]] == [0, 64, 128, 256, 384, 512, 640, 768]
    assert pix_of(v, 8.0) == pix_of(v, 8.9) == 895  # at or above the last bound: the maximum
    assert pix_of(v, math.nextafter(8.0, -math.inf)) == 895  # 128 x (6 + p) capped at 895
    assert pix_of(v, -8.0) == 0
    assert pix_of(v, math.nextafter(-8.0, -math.inf)) is None and pix_of(v, -9) is None  # no interval


@pytest.mark.parametrize("pix, level", [(0, 0), (63, 0), (64, 1), (127, 1), (128, 2), (255, 2), (256, 3), (384, 4),
                                        (512, 5), (640, 6), (767, 6), (768, 7), (895, 7), (896, 7)])
def test_the_global_level_from_the_score_capped_at_7(pix, level):
    assert global_level(version(), pix) == level


@pytest.mark.parametrize("theta, level", [(-2.5, 0), (-2.0, 1), (-1.01, 1), (-1.0, 2), (0.49, 2), (0.5, 3), (1.0, 4),
                                          (2.0, 5), (2.99, 5), (3.0, 6), (4.0, 7), (8.0, 7)])
def test_a_competence_level_from_its_own_intervals(theta, level):
    assert SEED_1_1 == (-2.0, -1.0, 0.5, 1.0, 2.0, 3.0, 4.0)
    assert competence_level(version(), "1.1", theta) == level


@PROPERTY
@given(st.floats(-9, 9), st.floats(-9, 9))
def test_the_score_never_goes_down_when_the_capacity_goes_up(x, y):
    low, high = sorted((x, y))
    v = version()
    assert (pix_of(v, low) or 0) <= (pix_of(v, high) or 0)
    assert global_level(v, pix_of(v, low) or 0) <= global_level(v, pix_of(v, high) or 0)


# -- outcomes --------------------------------------------------------------------------------------------

BANK = grid_bank(tubes=9)  # 36 tubes of 6 levels over 4 competences


def run(theta: float, answers: int, seed: int = 1, v=None) -> list[Asked]:
    """A simulated candidate of capacity ``theta`` answering ``answers`` questions."""
    v = v or version()
    rng = random.Random(seed)
    history: list[Asked] = []
    while len(history) < answers and (choice := next_question(v, BANK, history, rng_seed=len(history))):
        p = 1 / (1 + math.exp(choice.a * (choice.b - theta)))
        history.append(Asked(choice.challenge_id, choice.a, choice.b, rng.random() < p))
    return history


def test_a_full_test_is_validated_with_a_score_and_every_competence():
    history = run(1.8, 32)
    result = score_candidate(version(), BANK, "c1", history, titles=TITLES)
    found = capacity_of(version(), history)
    assert result.status == "validated" and result.reasons == ()
    assert result.capacity == found.capacity and result.capacity_error == found.error
    assert result.pix == pix_of(version(), found.capacity) > 0
    assert result.global_level == global_level(version(), result.pix)
    assert [c.code for c in result.competences] == list(COMPETENCES)
    assert all(c.level == competence_level(version(), c.code, found.capacity) and c.pix == 8 * c.level
               for c in result.competences)
    assert result.answers_counted == 32 and result.simulated == 0 and result.abort_reason is None


@pytest.mark.parametrize("reason, status", [("abandon", "rejected"), ("technical", "cancelled")])
def test_fewer_than_20_answers_rejected_after_an_abandon_cancelled_after_a_technical_cause(reason, status):
    result = score_candidate(version(), BANK, "c1", run(0.5, 19), reason)
    assert (result.status, result.reasons, result.pix) == (status, ("too_few_answers",), None)
    assert result.competences == () and result.answers_counted == 19
    assert score_candidate(version(), BANK, "c1", run(0.5, 20), reason).status == "validated"


def test_an_abandon_with_20_to_31_answers_adds_failures_on_the_most_informative_challenges():
    for answers in (20, 27, 31):
        history = run(1.0, answers)
        result = score_candidate(version(), BANK, "c1", history, "abandon")
        assert result.simulated == 32 - answers and result.answers_counted == answers
        added = list(result.questions[answers:])
        assert all(q.success is False for q in added)
        # each is what the selection takes with p = 100 % after the answers (and failures) before it
        certain = version(draw_probability=1.0)
        so_far = list(history)
        for q in added:
            assert next_question(certain, BANK, so_far, rng_seed=12345).challenge_id == q.challenge_id
            so_far.append(q)
        assert result.capacity == capacity_of(version(), history + added).capacity
        assert result.capacity < capacity_of(version(), history).capacity


def test_a_technical_abort_with_20_to_31_answers_is_scored_on_the_answers_given():
    history = run(1.0, 25)
    result = score_candidate(version(), BANK, "c1", history, "technical")
    assert result.simulated == 0 and result.status == "validated"
    assert result.capacity == capacity_of(version(), history).capacity


def test_without_a_reason_a_short_test_counts_as_abandoned_unless_the_bank_ran_out():
    history = run(1.0, 24)
    assert score_candidate(version(), BANK, "c1", history).simulated == 8
    small = grid_bank(competences=("1.1", "1.2"), tubes=11)  # 22 tubes: a technical end after 22 answers
    rng = random.Random(3)
    ended: list[Asked] = []
    while (choice := next_question(version(), small, ended, rng_seed=len(ended))) is not None:
        ended.append(Asked(choice.challenge_id, choice.a, choice.b, rng.random() < 0.5))
    result = score_candidate(version(), small, "c1", ended)
    assert len(ended) == 22 and result.abort_reason == "technical" and result.simulated == 0


def test_validated_alerts_do_not_count():
    history = run(1.5, 32)
    alerted = [Asked(q.challenge_id, q.a, q.b, q.success, alert_validated=n in (3, 9)) for n, q in enumerate(history)]
    result = score_candidate(version(), BANK, "c1", alerted, "abandon")
    kept = [q for n, q in enumerate(history) if n not in (3, 9)]
    assert result.alerts_validated == 2 and result.answers_counted == 30 and result.simulated == 2
    assert result.questions[:30] == tuple(Asked(q.challenge_id, q.a, q.b, q.success) for q in kept)


def test_a_capacity_below_the_first_interval_is_rejected():
    v = version(score_intervals=(0.0, 1.0, 8.0), meshes=((64, 0), (64, 1), (128, 7)))
    result = score_candidate(v, BANK, "c1", run(-3.0, 32, v=v))
    assert (result.status, result.reasons, result.pix, result.global_level) == (
        "rejected", ("capacity_below_scale",), 0, 0)
    assert all(c.level == 0 and c.pix == 0 for c in result.competences)


def test_a_score_of_zero_is_rejected():
    v = version(meshes=((1, 0),) + tuple(SEED_MESHES[1:]))  # the first interval scores floor(p) = 0
    history = run(-4.0, 32, v=v)
    assert -8 <= capacity_of(v, history).capacity < -1.4
    result = score_candidate(v, BANK, "c1", history)
    assert (result.status, result.reasons, result.pix) == ("rejected", ("no_pix",), 0)


def test_an_unknown_abort_reason_is_a_programming_error():
    with pytest.raises(ValueError):
        score_candidate(version(), BANK, "c1", [], "fire")


# -- the result ------------------------------------------------------------------------------------------

def test_the_result_has_the_classic_keys_and_the_adaptive_ones():
    result = score_candidate(version(), BANK, "c9", run(2.0, 32), titles=TITLES)
    data = result.to_dict()
    for key in ("candidate_id", "status", "reasons", "pix", "reproducibility_rate", "competences", "capacity",
                "capacity_error", "answers_counted", "global_level"):
        assert key in data, key
    assert data["candidate_id"] == "c9" and data["reproducibility_rate"] is None
    assert data["competences"][0] == {"code": "1.1", "title": TITLES["1.1"], "level": result.competences[0].level,
                                      "pix": result.competences[0].pix}
    assert len(data["questions"]) == 32 and {"challenge_id", "a", "b", "success"} <= set(data["questions"][0])


def test_the_report_in_french():
    nbsp = "\u00a0"
    validated = score_candidate(version(), BANK, "c1", run(2.0, 27), "abandon", titles=TITLES).explain()
    assert validated[0].startswith(f"Certification validée{nbsp}: ")
    assert f"niveau global" in validated[0] and "5\u00a0questions manquantes comptées comme échouées" in validated[0]
    assert validated[1].startswith(f"Compétence 1.1 (Mener une recherche et une veille d'information){nbsp}: niveau ")
    cancelled = score_candidate(version(), BANK, "c1", run(0.0, 12), "technical").explain()
    assert cancelled == [f"Certification annulée{nbsp}: 12{nbsp}réponses prises en compte, il en faut au moins 20 "
                         "pour un score (problème technique)."]
    rejected = score_candidate(version(), BANK, "c1", run(0.0, 1), "abandon").explain()[0]
    assert rejected.startswith(f"Certification rejetée{nbsp}: 1{nbsp}réponse prise en compte,")
    for line in validated + cancelled:
        assert " :" not in line and " ;" not in line  # French typography: non-breaking spaces
