"""Choosing the next question (ADAPTIVE.md, "Choosing the next question"): each filter alone and
in combination, the Fisher ranking, the 51 % cascade's frequencies, the same question again
after a reload, validated alerts, the end of the test."""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest
from adaptivekit import answered, grid_bank, item, version

from roomserver.core.adaptive import COMPLETED, TECHNICAL_END, Asked, Bank, end_reason, next_question
from roomserver.core.adaptive.estimator import information
from roomserver.core.adaptive.selection import (
    accessible_only,
    cascade,
    eligible,
    no_recent_competences,
    one_per_tube,
    ranked,
    unasked_competences_first,
    without_skills,
)
from roomserver.core.adaptive.simulation import synthetic_bank


def ids(bank: Bank, indices) -> list[str]:
    return [bank.items[i].challenge_id for i in indices]


def everything(bank: Bank) -> list[int]:
    return list(range(len(bank)))


SMALL = Bank([
    item("a1", "1.1", tube="t-a", skill="a-1", accessible=True),
    item("a1bis", "1.1", tube="t-a", skill="a-1", accessible=False),
    item("a2", "1.1", tube="t-a", skill="a-2", accessible=False),
    item("b1", "1.1", tube="t-b", skill="b-1", accessible=True),
    item("c1", "1.2", tube="t-c", skill="c-1", accessible=True),
    item("d1", "2.1", tube="t-d", skill="d-1", accessible=False),
    item("e1", "3.1", tube="t-e", skill="e-1", accessible=True),
], ["1.1", "1.2", "2.1", "3.1"])


# -- each filter alone ---------------------------------------------------------------------------------

def test_accessibility_keeps_only_challenges_marked_accessible():
    assert ids(SMALL, accessible_only(SMALL, everything(SMALL), True)) == ["a1", "b1", "c1", "e1"]
    assert ids(SMALL, accessible_only(SMALL, everything(SMALL), False)) == [i.challenge_id for i in SMALL.items]


def test_excluded_skills_leave_every_variant_out():
    assert ids(SMALL, without_skills(SMALL, everything(SMALL), frozenset({"a-1"}))) == ["a2", "b1", "c1", "d1", "e1"]


def test_one_question_per_tube_or_per_skill():
    asked = [SMALL.index["a1"]]
    assert ids(SMALL, one_per_tube(SMALL, everything(SMALL), asked, True)) == ["b1", "c1", "d1", "e1"]
    # per skill: the other variant of the skill goes, the other skill of the tube stays
    assert ids(SMALL, one_per_tube(SMALL, everything(SMALL), asked, False)) == ["a2", "b1", "c1", "d1", "e1"]


def test_unasked_competences_first_then_everything_when_all_were_asked():
    asked = [SMALL.index["a1"], SMALL.index["c1"]]
    assert ids(SMALL, unasked_competences_first(SMALL, everything(SMALL), asked)) == ["d1", "e1"]
    all_asked = [SMALL.index[c] for c in ("a1", "c1", "d1", "e1")]
    remaining = [SMALL.index[c] for c in ("a2", "b1")]
    assert ids(SMALL, unasked_competences_first(SMALL, remaining, all_asked)) == ["a2", "b1"]


def test_no_competence_of_the_last_two_answers_unless_nothing_is_left():
    asked = [SMALL.index[c] for c in ("d1", "a1", "c1")]  # last two: 1.1 then 1.2
    assert ids(SMALL, no_recent_competences(SMALL, everything(SMALL), asked, 2)) == ["d1", "e1"]
    assert ids(SMALL, no_recent_competences(SMALL, everything(SMALL), asked, 1)) == [
        "a1", "a1bis", "a2", "b1", "d1", "e1"]
    only_recent = [SMALL.index[c] for c in ("a2", "b1", "c1")]
    assert ids(SMALL, no_recent_competences(SMALL, only_recent, asked, 2)) == ["a2", "b1", "c1"]  # ignored
    assert ids(SMALL, no_recent_competences(SMALL, everything(SMALL), asked, 0)) == [i.challenge_id for i in SMALL.items]


# -- combined, in their order ----------------------------------------------------------------------------

def test_filters_combined_in_the_published_order():
    v = version()
    history = answered(SMALL, [("a1", True)])
    # asked a1 (tube t-a, 1.1): its tube goes; unasked competences first: 1.2, 2.1, 3.1 only
    assert ids(SMALL, eligible(v, SMALL, history, frozenset(), False)) == ["c1", "d1", "e1"]
    # with an accessibility adjustment, d1 (not accessible) goes too
    assert ids(SMALL, eligible(v, SMALL, history, frozenset(), True)) == ["c1", "e1"]
    history = answered(SMALL, [("a1", True), ("c1", False), ("d1", True), ("e1", True)])
    # every competence asked; the last two (2.1, 3.1) are recent: 1.1 and 1.2 are left, t-a is used
    assert ids(SMALL, eligible(v, SMALL, history, frozenset(), False)) == ["b1"]
    assert ids(SMALL, eligible(version(one_per_tube=False), SMALL, history, frozenset(), False)) == ["a2", "b1"]
    first = answered(SMALL, [("a1", True)])
    # without "unasked first", only the recent-competences filter keeps 1.1 out; without both, b1 comes back
    assert ids(SMALL, eligible(version(unasked_competences_first=False), SMALL, first, frozenset(), False)) == [
        "c1", "d1", "e1"]
    assert ids(SMALL, eligible(version(unasked_competences_first=False, no_recent_competences=0), SMALL, first,
                               frozenset(), False)) == ["b1", "c1", "d1", "e1"]
    # excluded skill b-1: nothing of 1.1 or 1.2 is left, so the recent-competences filter is dropped
    assert ids(SMALL, eligible(v, SMALL, history, frozenset({"b-1"}), False)) == []
    history = answered(SMALL, [("a1", True), ("d1", True), ("e1", True), ("c1", False)])
    assert ids(SMALL, eligible(v, SMALL, history, frozenset({"b-1"}), False)) == []


def test_the_recent_filter_is_dropped_when_it_would_leave_nothing():
    bank = Bank([item("x1", "1.1", tube="tx1"), item("x2", "1.1", tube="tx2"), item("y1", "1.2", tube="ty1")])
    history = answered(bank, [("y1", True), ("x1", True)])
    assert ids(bank, eligible(version(), bank, history, frozenset(), False)) == ["x2"]


# -- ranking and the cascade -------------------------------------------------------------------------------

def test_ranking_by_fisher_information_at_the_estimate():
    bank = Bank([item(f"q{n}", b=b, a=a) for n, (a, b) in enumerate(
        [(1.0, -2.0), (2.0, 0.1), (0.6, 0.0), (1.5, 1.0), (2.2, 3.0), (1.8, -0.2)])])
    for theta in (-1.5, 0.0, 1.0, 2.5):
        expected = sorted(range(len(bank)), key=lambda i: -information(bank.a[i], bank.b[i], theta))[:3]
        assert ranked(bank, everything(bank), theta, 3) == expected


def test_equal_information_keeps_the_bank_order():
    bank = Bank([item(f"q{n}", a=1.0, b=0.5) for n in range(7)])
    assert ranked(bank, everything(bank), 0.0, 5) == [0, 1, 2, 3, 4]
    assert ranked(bank, [6, 2, 4], 0.0, 2) == [6, 2]  # ties keep the order given (bank order in eligible)


def test_the_cascade_draws_the_best_five_at_51_25_12_6_6_percent():
    draws = 40_000
    counts = Counter(cascade(list("ABCDE"), 0.51, random.Random(f"draw-{n}")) for n in range(draws))
    expected = {"A": 0.51, "B": 0.49 * 0.51, "C": 0.49 ** 2 * 0.51, "D": 0.49 ** 3 * 0.51, "E": 0.49 ** 4}
    for letter, share in expected.items():
        assert counts[letter] / draws == pytest.approx(share, abs=0.01), letter
    assert [round(100 * expected[x]) for x in "ABCDE"] == [51, 25, 12, 6, 6]


def test_the_cascade_with_certainty_or_a_single_candidate():
    assert all(cascade(list("ABC"), 1.0, random.Random(n)) == "A" for n in range(50))
    assert cascade(["only"], 0.51, random.Random(1)) == "only"


def test_the_draw_is_among_the_five_most_informative():
    bank = grid_bank()
    v = version()
    best = set(ids(bank, ranked(bank, eligible(v, bank, [], frozenset(), False), v.start_capacity, 5)))
    chosen = {next_question(v, bank, [], rng_seed=n).challenge_id for n in range(300)}
    assert chosen == best


# -- next_question ------------------------------------------------------------------------------------------

def test_the_same_seed_and_history_give_the_same_question():
    bank, v = grid_bank(), version()
    history = answered(bank, [(bank.items[0].challenge_id, True), (bank.items[40].challenge_id, False)])
    first = next_question(v, bank, history, rng_seed="cand-7:3")
    assert all(next_question(v, bank, history, rng_seed="cand-7:3") == first for _ in range(5))
    assert len({next_question(v, bank, history, rng_seed=f"cand-{n}:3") for n in range(40)}) > 1


def test_an_assigned_question_is_served_again_with_its_recorded_calibration():
    bank, v = grid_bank(), version()
    history = answered(bank, [(bank.items[0].challenge_id, True)])
    assigned = Asked(bank.items[0].challenge_id, 1.7, -0.3)  # even one the filters would now refuse
    for seed in range(5):
        assert next_question(v, bank, history, assigned, rng_seed=seed) == (bank.items[0].challenge_id, 1.7, -0.3)


def test_a_validated_alert_removes_the_answer_and_excludes_the_skill():
    bank, v = grid_bank(variants=2), version()
    alerted = bank.items[0]
    history = [Asked(alerted.challenge_id, alerted.a, alerted.b, False, alert_validated=True)]
    for seed in range(200):
        choice = next_question(v, bank, history, rng_seed=seed)
        assert bank.by_id[choice.challenge_id].skill_id != alerted.skill_id
    # the answer is gone from the history: exactly as if nothing had been answered, that skill excluded
    for seed in range(50):
        assert next_question(v, bank, history, rng_seed=seed) == \
            next_question(v, bank, [], excluded_skills={alerted.skill_id}, rng_seed=seed)
    eligible_now = eligible(v, bank, [], frozenset({alerted.skill_id}), False)
    assert ids(bank, eligible_now) == [i.challenge_id for i in bank.items if i.skill_id != alerted.skill_id]
    # its tube is free again (the alerted answer no longer counts), only its skill is excluded
    assert any(bank.items[i].tube_id == alerted.tube_id for i in eligible_now)


def test_an_alert_validated_on_the_assigned_question_gives_a_replacement():
    bank, v = grid_bank(variants=2), version()
    assigned = Asked(bank.items[3].challenge_id, bank.items[3].a, bank.items[3].b, None, alert_validated=True)
    choice = next_question(v, bank, [], assigned, rng_seed=1)
    assert choice.challenge_id != assigned.challenge_id
    assert bank.by_id[choice.challenge_id].skill_id != bank.items[3].skill_id


def test_the_test_ends_after_32_answers():
    bank, v = grid_bank(tubes=9), version()  # 36 tubes
    history: list[Asked] = []
    rng = random.Random(5)
    while (choice := next_question(v, bank, history, rng_seed=len(history))) is not None:
        history.append(Asked(choice.challenge_id, choice.a, choice.b, rng.random() < 0.6))
    assert len(history) == 32 and end_reason(v, history) == COMPLETED
    assert len({bank.by_id[q.challenge_id].tube_id for q in history}) == 32  # one per tube
    alert = history[5]
    with_alert = history[:5] + [Asked(alert.challenge_id, alert.a, alert.b, alert.success, True)] + history[6:]
    assert next_question(v, bank, with_alert, rng_seed=1) is not None  # a validated alert is replaced
    assert end_reason(version(max_questions=10), history[:10]) == COMPLETED


def test_the_test_ends_early_when_no_challenge_is_left():
    bank = grid_bank(competences=("1.1",), tubes=2, levels=2)  # two tubes: two questions at most
    v = version()
    history: list[Asked] = []
    while (choice := next_question(v, bank, history, rng_seed=len(history))) is not None:
        history.append(Asked(choice.challenge_id, choice.a, choice.b, True))
    assert len(history) == 2 and end_reason(v, history) == TECHNICAL_END
    assert next_question(v, bank, [], accessibility=True, excluded_skills=[i.skill_id for i in bank.items]) is None


def test_an_unanswered_question_in_the_history_is_a_programming_error():
    bank = grid_bank()
    with pytest.raises(ValueError):
        next_question(version(), bank, [Asked(bank.items[0].challenge_id, 1.0, 0.0)])


def test_selection_on_a_bank_of_2000_is_fast():
    """A loose bound (the figures are measured by roomserver adaptive-simulate)."""
    bank, v = synthetic_bank(2000, 1, ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1"]), version()
    history: list[Asked] = []
    rng = random.Random(2)
    spent = 0.0
    for n in range(32):
        started = time.thread_time()
        choice = next_question(v, bank, history, rng_seed=n)
        spent = max(spent, time.thread_time() - started)
        history.append(Asked(choice.challenge_id, choice.a, choice.b, rng.random() < 0.5))
    assert spent < 0.05
