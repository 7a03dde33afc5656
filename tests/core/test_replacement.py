"""The question that replaces another after a validated alert (REFERENCE.md, Joining and the
test, 10: "replaced by another of the same competence"; generation.replacement_challenge).

In order of preference: another variant of the same skill; a challenge of another validated
skill of the competence not in the test, hardest first; any skill of the competence up to
the candidate's level, hardest first. Within a skill, a variant the candidate has not seen
first. Never a challenge already in the test or replaced before; the same seed gives the
same question; None when the competence has nothing left."""

from __future__ import annotations

import pytest
from corekit import PROPERTY, Catalogue, build_catalogue, profile_at
from hypothesis import assume, given
from hypothesis import strategies as st

from roomserver.core.generation import Profile, generate_test, replacement_challenge

CATALOGUE = build_catalogue(levels=range(1, 9), skills_per_level=2, variants=3)
SEEDS = [f"sess-1:c1:al-{i}" for i in range(40)]


def v(skill: str, variant: int = 0) -> str:
    """The challenge id of a variant: v("1.1/L5/0", 2) -> "1.1/L5/0#v2"."""
    return f"{skill}#v{variant}"


def variants(skill: str) -> set[str]:
    return set(CATALOGUE.skills[skill].challenge_ids)


def skill_of(challenge_id: str) -> str:
    return CATALOGUE.challenges[challenge_id].skill_id


def replace(test, index=0, profile=None, replaced=(), seed="seed", catalogue=CATALOGUE):
    profile = profile if profile is not None else profile_at(catalogue, {"1.1": 5})
    return replacement_challenge(catalogue, profile, list(test), index, frozenset(replaced), seed)


def every_seed(**kw) -> set[str | None]:
    return {replace(seed=seed, **kw) for seed in SEEDS}


LEVEL_5 = [v("1.1/L5/0"), v("1.1/L5/1"), v("1.1/L4/0"), v("2.1/L3/0")]  # a test (1.1 at level 5) and one more


# -- 1. another variant of the same skill ------------------------------------------------------------

def test_another_variant_of_the_same_skill_comes_first():
    assert every_seed(test=LEVEL_5) == {v("1.1/L5/0", 1), v("1.1/L5/0", 2)}


def test_an_unseen_variant_of_the_same_skill_comes_before_a_seen_one():
    profile = profile_at(CATALOGUE, {"1.1": 5}, seen=[v("1.1/L5/0", 1)])
    assert every_seed(test=LEVEL_5, profile=profile) == {v("1.1/L5/0", 2)}


def test_a_seen_variant_of_the_same_skill_still_comes_before_another_skill():
    profile = profile_at(CATALOGUE, {"1.1": 5}, seen=[v("1.1/L5/0", 1), v("1.1/L5/0", 2)])
    assert every_seed(test=LEVEL_5, profile=profile) == {v("1.1/L5/0", 1), v("1.1/L5/0", 2)}


def test_a_variant_already_in_the_test_is_not_taken():
    test = [v("1.1/L5/0", 0), v("1.1/L5/0", 1)]  # not a real test: checks the exclusion alone
    assert every_seed(test=test) == {v("1.1/L5/0", 2)}


def test_a_variant_replaced_before_is_not_taken_again():
    assert every_seed(test=LEVEL_5, replaced={v("1.1/L5/0", 1)}) == {v("1.1/L5/0", 2)}


# -- 2. another validated skill not in the test, hardest first ------------------------------------------

SAME_SKILL_USED_UP = {v("1.1/L5/0", 1), v("1.1/L5/0", 2)}


def test_then_a_validated_skill_not_in_the_test_hardest_first():
    # validated at level 5: L5/0, L5/1 (both in the test), L4/0 (in the test), L4/1 (free), L3...
    picked = every_seed(test=LEVEL_5, replaced=SAME_SKILL_USED_UP)
    assert {skill_of(c) for c in picked} == {"1.1/L4/1"}


def test_validated_skills_of_equal_level_are_drawn_by_the_seed():
    test = [v("1.1/L5/0"), v("1.1/L5/1"), v("1.1/L3/0")]
    picked = every_seed(test=test, index=2, replaced={v("1.1/L3/0", 1), v("1.1/L3/0", 2)})
    assert {skill_of(c) for c in picked} == {"1.1/L4/0", "1.1/L4/1"}


def test_an_unseen_variant_of_the_validated_skill_comes_first():
    seen = [v("1.1/L4/1", 0), v("1.1/L4/1", 2)]
    profile = profile_at(CATALOGUE, {"1.1": 5}, seen=seen)
    assert every_seed(test=LEVEL_5, profile=profile, replaced=SAME_SKILL_USED_UP) == {v("1.1/L4/1", 1)}


def test_a_skill_validated_above_the_candidates_level_is_not_taken():
    validated = frozenset(s.id for s in CATALOGUE.skills_of("1.1"))  # every level validated...
    profile = Profile({"1.1": 2 * 8}, validated)  # ...but level 2
    test = [v("1.1/L2/0"), v("1.1/L2/1"), v("1.1/L1/0")]
    picked = every_seed(test=test, profile=profile, replaced={v("1.1/L2/0", 1), v("1.1/L2/0", 2)})
    assert {skill_of(c) for c in picked} == {"1.1/L1/1"}


def test_a_skill_of_another_competence_is_never_taken():
    catalogue = build_catalogue(levels=[1], variants=1)
    profile = profile_at(catalogue, {cid: 1 for cid in catalogue.competences})
    test = generate_test(catalogue, profile, "s")
    for index, challenge_id in enumerate(test):
        assert replace(test, index, profile, catalogue=catalogue) is None  # 16 other competences have plenty


# -- 3. any skill of the competence up to the level ---------------------------------------------------------

def test_then_any_skill_of_the_competence_up_to_the_level_hardest_first():
    validated = frozenset({"1.1/L3/0", "1.1/L3/1", "1.1/L2/0"})  # all three in the test
    profile = Profile({"1.1": 3 * 8}, validated)
    test = [v("1.1/L3/0"), v("1.1/L3/1"), v("1.1/L2/0")]
    picked = every_seed(test=test, profile=profile, replaced={v("1.1/L3/0", 1), v("1.1/L3/0", 2)})
    assert {skill_of(c) for c in picked} == {"1.1/L2/1"}  # not validated, level 2 <= 3, the hardest free


def test_a_validated_skill_comes_before_a_harder_unvalidated_one():
    validated = frozenset({"1.1/L3/0", "1.1/L3/1", "1.1/L2/0", "1.1/L1/0"})
    profile = Profile({"1.1": 3 * 8}, validated)
    test = [v("1.1/L3/0"), v("1.1/L3/1"), v("1.1/L2/0")]
    picked = every_seed(test=test, profile=profile, replaced={v("1.1/L3/0", 1), v("1.1/L3/0", 2)})
    assert {skill_of(c) for c in picked} == {"1.1/L1/0"}  # validated L1 before unvalidated L2/1


def test_no_skill_above_the_candidates_level_even_as_a_last_resort():
    profile = Profile({"1.1": 1 * 8}, frozenset({"1.1/L1/0"}))
    test = [v("1.1/L1/0")]
    picked = every_seed(test=test, profile=profile, replaced={v("1.1/L1/0", 1), v("1.1/L1/0", 2)})
    assert {skill_of(c) for c in picked} == {"1.1/L1/1"}
    everything_at_level_1 = variants("1.1/L1/0") | variants("1.1/L1/1")
    assert replace(test, 0, profile, replaced=everything_at_level_1 - {v("1.1/L1/0")}) is None  # L2..L8 left


# -- nothing left, determinism, inputs ------------------------------------------------------------------------

def test_none_when_the_competence_has_nothing_left():
    catalogue = build_catalogue(levels=[1], variants=1)
    profile = profile_at(catalogue, {"1.1": 1})
    assert replace([v("1.1/L1/0")], 0, profile, catalogue=catalogue) is None


def test_none_when_everything_left_was_replaced_before():
    profile = profile_at(CATALOGUE, {"1.1": 1})
    test = [v("1.1/L1/0")]
    others = (variants("1.1/L1/0") | variants("1.1/L1/1")) - set(test)
    assert replace(test, 0, profile, replaced=others) is None
    assert replace(test, 0, profile, replaced=others - {v("1.1/L1/1", 2)}) == v("1.1/L1/1", 2)


def test_the_same_seed_gives_the_same_question():
    for seed in SEEDS:
        assert replace(LEVEL_5, seed=seed) == replace(LEVEL_5, seed=seed)
        assert replace(LEVEL_5, seed=seed, replaced=SAME_SKILL_USED_UP) == \
            replace(LEVEL_5, seed=seed, replaced=SAME_SKILL_USED_UP)


def test_different_seeds_can_give_different_questions():
    assert len(every_seed(test=LEVEL_5)) > 1


def test_the_test_and_the_catalogue_are_left_as_they_were():
    test = list(LEVEL_5)
    order = [s.id for s in CATALOGUE.skills_of("1.1")]
    replacement_challenge(CATALOGUE, profile_at(CATALOGUE, {"1.1": 5}), test, 0, frozenset(SAME_SKILL_USED_UP),
                          "seed")
    assert test == LEVEL_5 and [s.id for s in CATALOGUE.skills_of("1.1")] == order


class CachingCatalogue(Catalogue):
    """A catalogue that hands out the same list on each call (the protocol allows it)."""

    def skills_of(self, competence_id):
        cache = self.__dict__.setdefault("_by_competence", {})
        return cache.setdefault(competence_id, super().skills_of(competence_id))


def test_a_replacement_does_not_reorder_a_catalogues_skills():
    # generate_test draws in skills_of order: reordering it would change the next candidates' tests
    plain = build_catalogue(skills_per_level=2, variants=1)
    catalogue = CachingCatalogue(plain.competences, plain.skills, plain.challenges)
    profile = profile_at(catalogue, {cid: 3 for cid in catalogue.competences})
    before = generate_test(catalogue, profile, "sess-1:c2")
    test = generate_test(catalogue, profile, "sess-1:c1")
    for index in range(len(test)):
        replacement_challenge(catalogue, profile, test, index, frozenset(), f"seed-{index}")
    assert generate_test(catalogue, profile, "sess-1:c2") == before


# -- property: over random catalogues and profiles ----------------------------------------------------------

@st.composite
def situations(draw):
    competences = ["1.1", "1.2", "2.1", "2.2", "3.1", "4.1"]
    catalogue = build_catalogue(levels=range(1, draw(st.integers(1, 5)) + 1),
                                skills_per_level=draw(st.integers(1, 3)), variants=draw(st.integers(1, 3)),
                                competences=competences)
    pix = {cid: draw(st.integers(0, 48)) for cid in competences}
    skills, challenges = sorted(catalogue.skills), sorted(catalogue.challenges)
    validated = frozenset(skills) - draw(st.sets(st.sampled_from(skills)))  # most skills validated
    seen = frozenset(draw(st.sets(st.sampled_from(challenges))))
    profile = Profile(pix, validated, seen)
    test = generate_test(catalogue, profile, draw(st.text(max_size=5)))
    assume(test)
    index = draw(st.integers(0, len(test) - 1))
    replaced = set(draw(st.sets(st.sampled_from(challenges))))
    if draw(st.booleans()):  # often the same skill has nothing left: the other groups get their turn
        replaced |= set(catalogue.skill_of(test[index]).challenge_ids)
    replaced = frozenset(replaced - set(test))
    return catalogue, profile, test, index, replaced, draw(st.text(max_size=8))


@PROPERTY
@given(situations())
def test_a_replacement_follows_every_rule(situation):
    catalogue, profile, test, index, replaced, seed = situation
    result = replacement_challenge(catalogue, profile, test, index, replaced, seed)
    assert result == replacement_challenge(catalogue, profile, list(test), index, replaced, seed)  # deterministic

    current = catalogue.challenges[test[index]]
    level = max(profile.level(current.competence_id), current.level)
    used = {catalogue.challenges[c].skill_id for c in test}

    def free(skill):
        return [c for c in skill.challenge_ids if c not in test and c not in replaced]

    same = [s for s in catalogue.skills_of(current.competence_id) if s.id == current.skill_id and free(s)]
    validated = [s for s in catalogue.skills_of(current.competence_id)
                 if s.id not in used and s.id in profile.validated_skills and s.level <= level and free(s)]
    anyone = [s for s in catalogue.skills_of(current.competence_id) if s.id not in used and s.level <= level
              and free(s)]

    if not (same or validated or anyone):
        assert result is None  # None only when nothing is left
        return
    assert result is not None
    chosen = catalogue.challenges[result]
    assert chosen.competence_id == current.competence_id  # same competence
    assert result not in test and result not in replaced  # never in the test, never replaced before
    group = same or validated or anyone  # the first group with something left
    assert chosen.skill_id in {s.id for s in group}
    if group is not same:
        assert catalogue.skills[chosen.skill_id].level == max(s.level for s in group)  # hardest first
    if any(c not in profile.seen_challenges for c in free(catalogue.skills[chosen.skill_id])):
        assert result not in profile.seen_challenges  # unseen first


@pytest.mark.parametrize("seed", SEEDS[:5])
def test_every_question_of_a_full_test_can_be_replaced_within_its_competence(seed):
    profile = profile_at(CATALOGUE, {cid: 4 for cid in CATALOGUE.competences})
    test = generate_test(CATALOGUE, profile, seed)
    for index, challenge_id in enumerate(test):
        result = replace(test, index, profile, seed=seed)
        assert result is not None and result not in test
        assert CATALOGUE.challenges[result].competence_id == CATALOGUE.challenges[challenge_id].competence_id
        assert skill_of(result) == skill_of(challenge_id)  # three variants: the same skill always has one left
