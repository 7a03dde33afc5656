"""Test generation, classic version (REFERENCE.md, Candidate: certifiable = at least 5
competences at level >= 1, 8 pix per level; Joining 5: per competence with level >= 1,
validated skills hardest first, one challenge per skill, preferably unseen, 3 per
competence, at most 48)."""

from __future__ import annotations

import random

import pytest
from corekit import COMPETENCE_IDS, PROPERTY, build_catalogue, full_profile, profile_at
from hypothesis import given
from hypothesis import strategies as st

from roomserver.core.generation import (
    MAX_QUESTIONS,
    Profile,
    competence_challenges,
    generate_test,
    is_certifiable,
    pick_variant,
)

CATALOGUE = build_catalogue(levels=range(1, 9), skills_per_level=2, variants=3)


def skills_used(test):
    return [CATALOGUE.skill_of(cid) for cid in test]


# -- certifiable ---------------------------------------------------------------------------------

def pix(*values):
    return Profile(dict(zip(COMPETENCE_IDS, values)))


def test_five_competences_at_level_one_is_certifiable():
    assert is_certifiable(pix(8, 8, 8, 8, 8))
    assert is_certifiable(pix(8, 16, 64, 100, 9, 0, 0))


def test_four_competences_at_level_one_is_not_certifiable():
    assert not is_certifiable(pix(8, 8, 8, 8))
    assert not is_certifiable(pix(64, 64, 64, 64, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7))


def test_level_one_starts_at_8_pix():
    assert not is_certifiable(pix(8, 8, 8, 8, 7))
    assert is_certifiable(pix(8, 8, 8, 8, 8))


def test_empty_profile_is_not_certifiable():
    assert not is_certifiable(Profile())


@pytest.mark.parametrize("pix_, level", [(0, 0), (7, 0), (8, 1), (15, 1), (16, 2), (63, 7), (64, 8), (65, 8),
                                         (200, 8)])
def test_level_is_pix_divided_by_8_capped_at_8(pix_, level):
    assert Profile({"1.1": pix_}).level("1.1") == level


def test_level_of_an_unpositioned_competence_is_zero():
    assert Profile({"1.1": 40}).level("5.2") == 0


def test_profile_round_trip():
    profile = Profile({"1.1": 24}, frozenset({"s1", "s2"}), frozenset({"c1"}))
    assert Profile.from_dict(profile.to_dict()) == profile
    assert Profile.from_dict({}) == Profile()


# -- per competence --------------------------------------------------------------------------------

def test_three_hardest_validated_skills_per_competence():
    profile = profile_at(CATALOGUE, {"1.1": 5})  # validated: 2 skills at each level 1..5
    chosen = competence_challenges(CATALOGUE, profile, "1.1", random.Random(1))
    assert len(chosen) == 3
    assert sorted(CATALOGUE.skill_of(c).level for c in chosen) == [4, 5, 5]


def test_skills_above_the_competence_level_are_never_used():
    catalogue = build_catalogue(levels=range(1, 9), skills_per_level=1)
    validated = frozenset(s.id for s in catalogue.skills_of("1.1"))  # all 8 validated...
    profile = Profile({"1.1": 2 * 8}, validated)  # ...but level 2
    chosen = competence_challenges(catalogue, profile, "1.1", random.Random(0))
    assert sorted(catalogue.skill_of(c).level for c in chosen) == [1, 2]


def test_skills_not_validated_are_never_used():
    catalogue = build_catalogue(levels=range(1, 9), skills_per_level=1)
    profile = Profile({"1.1": 64}, frozenset({"1.1/L2/0", "1.1/L6/0"}))
    chosen = competence_challenges(catalogue, profile, "1.1", random.Random(0))
    assert sorted(catalogue.skill_of(c).id for c in chosen) == ["1.1/L2/0", "1.1/L6/0"]


def test_competence_with_fewer_than_three_validated_skills_gives_fewer_questions():
    catalogue = build_catalogue(levels=range(1, 9), skills_per_level=1)
    assert len(competence_challenges(catalogue, profile_at(catalogue, {"1.1": 2}), "1.1", random.Random(0))) == 2
    assert len(competence_challenges(catalogue, profile_at(catalogue, {"1.1": 1}), "1.1", random.Random(0))) == 1
    assert competence_challenges(catalogue, Profile({"1.1": 40}), "1.1", random.Random(0)) == []


def test_competence_below_level_one_gives_nothing_even_with_validated_skills():
    validated = frozenset(s.id for s in CATALOGUE.skills_of("1.1"))
    assert competence_challenges(CATALOGUE, Profile({"1.1": 7}, validated), "1.1", random.Random(0)) == []


def test_one_challenge_per_skill():
    profile = profile_at(CATALOGUE, {"1.1": 8})
    chosen = competence_challenges(CATALOGUE, profile, "1.1", random.Random(3))
    assert len({CATALOGUE.skill_of(c).id for c in chosen}) == len(chosen) == 3


def test_equal_level_skills_are_drawn_by_the_seed():
    profile = profile_at(CATALOGUE, {"1.1": 1})  # two skills at level 1 only
    drawn = {tuple(sorted(CATALOGUE.skill_of(c).id for c in
                          competence_challenges(CATALOGUE, profile, "1.1", random.Random(seed))))
             for seed in range(20)}
    assert drawn == {("1.1/L1/0", "1.1/L1/1")}  # both, whatever the seed (only 2 exist)
    profile = profile_at(CATALOGUE, {"1.1": 2})  # 2 at level 2 then 1 of the 2 at level 1
    firsts = {next(CATALOGUE.skill_of(c).id for c in competence_challenges(
        CATALOGUE, profile, "1.1", random.Random(seed)) if CATALOGUE.skill_of(c).level == 1) for seed in range(40)}
    assert firsts == {"1.1/L1/0", "1.1/L1/1"}


# -- variants ---------------------------------------------------------------------------------------

def test_an_unseen_variant_is_preferred():
    skill = CATALOGUE.skills["1.1/L1/0"]
    seen = frozenset(skill.challenge_ids[:2])
    for seed in range(30):
        assert pick_variant(skill, Profile(seen_challenges=seen), random.Random(seed)) == skill.challenge_ids[2]


def test_a_seen_variant_is_used_only_when_all_are_seen():
    skill = CATALOGUE.skills["1.1/L1/0"]
    every = frozenset(skill.challenge_ids)
    picked = {pick_variant(skill, Profile(seen_challenges=every), random.Random(s)) for s in range(40)}
    assert picked == set(skill.challenge_ids)


def test_unseen_variants_are_drawn_among_themselves():
    skill = CATALOGUE.skills["1.1/L1/0"]
    seen = frozenset(skill.challenge_ids[:1])
    picked = {pick_variant(skill, Profile(seen_challenges=seen), random.Random(s)) for s in range(40)}
    assert picked == set(skill.challenge_ids[1:])


def test_pick_variant_honours_exclusions():
    skill = CATALOGUE.skills["1.1/L1/0"]
    assert pick_variant(skill, Profile(), random.Random(0), exclude=frozenset(skill.challenge_ids[1:])) == \
        skill.challenge_ids[0]
    assert pick_variant(skill, Profile(), random.Random(0), exclude=frozenset(skill.challenge_ids)) is None


def test_generated_test_prefers_unseen_variants():
    profile = full_profile(CATALOGUE, level=8)
    seen = frozenset(s.challenge_ids[0] for s in CATALOGUE.skills.values())
    profile = Profile(profile.pix, profile.validated_skills, seen)
    assert not set(generate_test(CATALOGUE, profile, "seed")) & seen


# -- the whole test ----------------------------------------------------------------------------------

def test_full_profile_gives_48_questions_three_per_competence():
    test = generate_test(CATALOGUE, full_profile(CATALOGUE, level=8), "s")
    assert len(test) == MAX_QUESTIONS == 48
    per_competence = {}
    for skill in skills_used(test):
        per_competence[skill.competence_id] = per_competence.get(skill.competence_id, 0) + 1
    assert per_competence == {cid: 3 for cid in COMPETENCE_IDS}
    assert {s.level for s in skills_used(test)} == {7, 8}  # 2 skills at 8, then one of the two at 7


def test_no_duplicate_challenge():
    test = generate_test(CATALOGUE, full_profile(CATALOGUE, level=5), "s")
    assert len(test) == len(set(test))


def test_same_seed_gives_the_same_test():
    profile = full_profile(CATALOGUE, level=4)
    assert generate_test(CATALOGUE, profile, "sess-1:c1") == generate_test(CATALOGUE, profile, "sess-1:c1")


def test_different_seeds_can_give_different_tests():
    profile = full_profile(CATALOGUE, level=4)
    tests = {tuple(generate_test(CATALOGUE, profile, f"sess-1:c{i}")) for i in range(10)}
    assert len(tests) > 1
    assert len({frozenset(t) for t in tests}) > 1  # not only the order: the variants differ too


def test_competences_below_level_one_are_left_out():
    levels = {cid: 3 for cid in COMPETENCE_IDS[:5]} | {cid: 0 for cid in COMPETENCE_IDS[5:]}
    test = generate_test(CATALOGUE, profile_at(CATALOGUE, levels), "s")
    assert len(test) == 15
    assert {s.competence_id for s in skills_used(test)} == set(COMPETENCE_IDS[:5])


def test_no_validated_skill_no_question():
    assert generate_test(CATALOGUE, Profile({cid: 40 for cid in COMPETENCE_IDS}), "s") == []


# -- property: every generated test respects every rule ------------------------------------------

@st.composite
def profiles(draw):
    pix = {cid: draw(st.integers(0, 80)) for cid in COMPETENCE_IDS if draw(st.booleans())}  # some unpositioned
    skills, challenges = sorted(CATALOGUE.skills), sorted(CATALOGUE.challenges)
    validated = [s for s, keep in zip(skills, draw(st.lists(st.booleans(), min_size=len(skills),
                                                                max_size=len(skills)))) if keep]
    seen = [c for c, keep in zip(challenges, draw(st.lists(st.booleans(), min_size=len(challenges),
                                                               max_size=len(challenges)))) if keep]
    return Profile(pix, frozenset(validated), frozenset(seen))


@PROPERTY
@given(profiles(), st.text(max_size=10))
def test_every_generated_test_respects_the_rules(profile, seed):
    test = generate_test(CATALOGUE, profile, seed)
    assert test == generate_test(CATALOGUE, profile, seed)  # deterministic
    assert len(test) <= 48
    assert len(test) == len(set(test))  # no duplicate challenge
    skills = skills_used(test)
    assert len({s.id for s in skills}) == len(skills)  # one challenge per skill
    for competence_id in COMPETENCE_IDS:
        level = profile.level(competence_id)
        eligible = [s for s in CATALOGUE.skills_of(competence_id)
                    if s.id in profile.validated_skills and s.level <= level] if level >= 1 else []
        chosen = [s for s in skills if s.competence_id == competence_id]
        assert len(chosen) == min(3, len(eligible))  # 3 per competence, fewer when fewer validated
        assert all(s in eligible for s in chosen)  # validated, not above the level
        unchosen = [s for s in eligible if s not in chosen]
        if chosen and unchosen:  # hardest first
            assert min(s.level for s in chosen) >= max(s.level for s in unchosen)
    for challenge_id in test:
        skill = CATALOGUE.skill_of(challenge_id)
        if any(c not in profile.seen_challenges for c in skill.challenge_ids):
            assert challenge_id not in profile.seen_challenges  # unseen preferred
