"""Session number, access code and invigilator password (REFERENCE.md, Session)."""

from __future__ import annotations

import random
import re

import pytest
from corekit import PROPERTY, Room
from hypothesis import given
from hypothesis import strategies as st

from roomserver.core import codes
from roomserver.core.commands import password_matches

LETTERS = "BCDFGHJKMPQRTVWXY"  # the rule's alphabets, written out again on purpose
DIGITS = "2346789"
ACCESS_CODE = re.compile(f"[{LETTERS}]{{4}}[{DIGITS}]{{2}}")
PASSWORD = re.compile(f"C-[{LETTERS}{DIGITS}]{{6}}")


def test_the_alphabets_are_the_rules():
    assert codes.LETTERS == LETTERS and codes.DIGITS == DIGITS
    assert not set("AEIOUaeiou") & set(codes.LETTERS)  # no vowels, so no words
    assert not set("015") & set(codes.DIGITS)  # no look-alikes
    assert re.fullmatch(codes.ACCESS_CODE_PATTERN, "KMPT47")
    assert re.fullmatch(codes.PASSWORD_PATTERN, "C-BX3H7Q")


@PROPERTY
@given(st.integers())
def test_access_code_is_four_letters_then_two_digits(seed):
    code = codes.access_code(random.Random(seed))
    assert ACCESS_CODE.fullmatch(code), code
    assert re.fullmatch(codes.ACCESS_CODE_PATTERN, code)
    assert not set(code) & set("AEIOU015")


@PROPERTY
@given(st.integers())
def test_invigilator_password_is_c_dash_six_characters_of_the_same_alphabets(seed):
    password = codes.invigilator_password(random.Random(seed))
    assert PASSWORD.fullmatch(password), password
    assert not set(password[2:]) & set("AEIOU015")


def test_codes_use_the_whole_alphabets_over_many_draws():
    rng = random.Random(7)
    drawn = [codes.access_code(rng) for _ in range(2000)]
    assert {ch for code in drawn for ch in code[:4]} == set(LETTERS)
    assert {ch for code in drawn for ch in code[4:]} == set(DIGITS)
    passwords = [codes.invigilator_password(rng) for _ in range(2000)]
    assert {ch for p in passwords for ch in p[2:]} == set(LETTERS + DIGITS)


def test_same_seed_same_code_and_different_seeds_differ():
    assert codes.access_code(random.Random(1)) == codes.access_code(random.Random(1))
    assert len({codes.access_code(random.Random(s)) for s in range(50)}) > 40


@PROPERTY
@given(st.integers(), st.sets(st.integers(0, 10_500), max_size=300))
def test_session_number_has_3_or_4_digits_and_is_not_taken(seed, taken):
    number = codes.session_number(random.Random(seed), taken)
    assert 100 <= number <= 9999
    assert len(str(number)) in (3, 4)
    assert number not in taken


def test_session_number_finds_the_last_free_number():
    taken = set(range(100, 10000)) - {4321}
    assert codes.session_number(random.Random(0), taken) == 4321


def test_session_number_refuses_when_every_number_is_taken():
    with pytest.raises(ValueError):
        codes.session_number(random.Random(0), set(range(100, 10000)))


@pytest.mark.parametrize("typed, expected", [
    ("KMPT47", "KMPT47"), ("kmpt47", "KMPT47"), (" kmpt 47 ", "KMPT47"), ("KMPT-47", "KMPT47"),
    ("k m p t 4 7", "KMPT47"), ("C-BX3H7Q", "CBX3H7Q"), ("c-bx3h7q\n", "CBX3H7Q"), ("", ""),
])
def test_normalise_code_drops_spaces_and_hyphens_and_upper_cases(typed, expected):
    assert codes.normalise_code(typed) == expected


@pytest.mark.parametrize("typed", ["C-BX3H7Q", "c-bx3h7q", "BX3H7Q", "bx3h7q", " C BX3 H7Q ", "CBX3H7Q"])
def test_invigilator_password_accepted_with_or_without_prefix_in_any_case(typed):
    assert password_matches(Room(password="C-BX3H7Q").state, typed)


@pytest.mark.parametrize("typed", ["", "C-", "BX3H7", "BX3H7QQ", "C-BX3H7R", "X3H7Q", "CC-BX3H7Q"])
def test_wrong_invigilator_password_refused(typed):
    assert not password_matches(Room(password="C-BX3H7Q").state, typed)
