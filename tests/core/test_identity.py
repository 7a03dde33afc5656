"""Identity matching (REFERENCE.md, Joining 1): strip accents, upper-case, keep only
[0-9A-Z] (spaces, hyphens, apostrophes ignored); the birthdate matches exactly."""

from __future__ import annotations

import re
import unicodedata

import pytest
from corekit import PROPERTY
from hypothesis import given
from hypothesis import strategies as st

from roomserver.core.identity import identity_key, normalise_name



@pytest.mark.parametrize("typed, expected", [
    ("  Élodie-Anne d'Hervé ", "ELODIEANNEDHERVE"),  # the docstring's example
    ("Hélène", "HELENE"),
    ("Maëlys", "MAELYS"),
    ("François", "FRANCOIS"),
    ("Anaïs Noël", "ANAISNOEL"),
    ("Ùrsula Çağlar", "URSULACAGLAR"),
    ("Ñúñez", "NUNEZ"),
])
def test_accents_are_stripped(typed, expected):
    assert normalise_name(typed) == expected


@pytest.mark.parametrize("typed, expected", [
    ("Œuvray", "OEUVRAY"), ("lœuillet", "LOEUILLET"),
    ("Æbischer", "AEBISCHER"), ("Lætitia", "LAETITIA"),
    ("Straße", "STRASSE"),
    ("Øster", "OSTER"), ("Łukasz", "LUKASZ"), ("Đorđe", "DORDE"),
])
def test_ligatures_and_stroked_letters_become_base_letters(typed, expected):
    assert normalise_name(typed) == expected


def test_lœuillet_and_loeuillet_are_the_same_name():
    assert normalise_name("Lœuillet") == normalise_name("LOEUILLET")
    assert normalise_name("Lætitia") == normalise_name("laetitia")


@pytest.mark.parametrize("typed", [
    "Dupont-Moreau", "Dupont Moreau", "DupontMoreau", "dupont - moreau", "Dupont\u2011Moreau",  # non-breaking hyphen
    "Dupont\u2013Moreau", "  dupont   moreau  ", "Dupont\tMoreau", "Dupont\u00a0Moreau",
])
def test_hyphens_and_spaces_are_ignored(typed):
    assert normalise_name(typed) == "DUPONTMOREAU"


@pytest.mark.parametrize("typed", ["N'Diaye", "N’Diaye", "Nʼ Diaye", "n diaye", "NDIAYE", "N`Diaye", "N.Diaye"])
def test_apostrophes_and_punctuation_are_ignored(typed):
    assert normalise_name(typed) == "NDIAYE"


@pytest.mark.parametrize("typed", ["martin", "MARTIN", "Martin", "mArTiN"])
def test_case_is_ignored(typed):
    assert normalise_name(typed) == "MARTIN"


def test_digits_are_kept():
    assert normalise_name("Louis 2") == "LOUIS2"
    assert normalise_name("Jean-3 Paul 09") == "JEAN3PAUL09"
    assert normalise_name("Louis2") != normalise_name("Louis3")


@pytest.mark.parametrize("typed, expected", [
    ("Ельцин", ""), ("Αλέξης", ""), ("王", ""), ("محمد", ""), ("Martin Ельцин", "MARTIN"),
])
def test_other_scripts_are_dropped(typed, expected):
    assert normalise_name(typed) == expected


def test_empty_and_blank_names_normalise_to_nothing():
    assert normalise_name("") == ""
    assert normalise_name("  - ' ") == ""


def test_identity_key_is_last_name_first_name_birthdate():
    assert identity_key("Élodie", "Le Gall", "2011-03-14") == ("LEGALL", "ELODIE", "2011-03-14")


def test_identity_key_ignores_accents_case_and_separators_in_both_names():
    assert identity_key("élodie-anne", "le gall", "2011-03-14") == identity_key("Elodie Anne", "LE-GALL",
                                                                                "2011-03-14")


def test_identity_key_keeps_the_birthdate_exactly():
    assert identity_key("A", "B", "2011-03-14") != identity_key("A", "B", "2011-03-15")
    assert identity_key("A", "B", "2011-03-14")[2] == "2011-03-14"


def test_identity_key_does_not_swap_first_and_last_name():
    assert identity_key("Martin", "Louis", "2011-03-14") != identity_key("Louis", "Martin", "2011-03-14")


def test_capital_sharp_s_matches_its_lower_case_form():
    assert normalise_name("GROẞ") == normalise_name("Groß") == "GROSS"


def test_accented_ligature_letters_keep_their_base_letters():
    assert normalise_name("Ǽ") == "AE"
    assert normalise_name("Bǿrge") == "BORGE"


# -- properties ------------------------------------------------------------------------------

SEPARATORS = st.sampled_from([" ", "-", "'", "’", "\t", "\u00a0", "  ", "--"])
# Latin text (ASCII, Latin-1, Latin Extended-A), the scripts of the names on French lists.
LATIN = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x17F, exclude_categories=("Cs",)), max_size=30)
ASCII_ALNUM = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
                      max_size=20)
COMBINING = [chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))]


@PROPERTY
@given(st.text())
def test_normalising_is_idempotent(text):
    once = normalise_name(text)
    assert normalise_name(once) == once


@PROPERTY
@given(st.text())
def test_output_is_only_digits_and_capital_ascii_letters(text):
    assert re.fullmatch(r"[0-9A-Z]*", normalise_name(text))


@PROPERTY
@given(st.text(), st.data())
def test_inserting_spaces_hyphens_apostrophes_changes_nothing(text, data):
    chars = list(text)
    for _ in range(data.draw(st.integers(0, 6))):
        chars.insert(data.draw(st.integers(0, len(chars))), data.draw(SEPARATORS))
    assert normalise_name("".join(chars)) == normalise_name(text)


@PROPERTY
@given(LATIN, st.data())
def test_changing_case_changes_nothing(text, data):
    flips = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    mixed = "".join(ch.swapcase() if flip else ch for ch, flip in zip(text, flips))
    assert normalise_name(mixed) == normalise_name(text) == normalise_name(text.upper()) == \
        normalise_name(text.lower())


@PROPERTY
@given(ASCII_ALNUM, st.data())
def test_adding_combining_accents_to_ascii_letters_changes_nothing(text, data):
    accented = "".join(
        ch + "".join(data.draw(st.lists(st.sampled_from(COMBINING), max_size=3))) if ch.isalpha() else ch
        for ch in text)
    assert normalise_name(accented) == text.upper()
    # and the precomposed form (NFC) of the same text too
    assert normalise_name(unicodedata.normalize("NFC", accented)) == text.upper()
