"""Answer matching (REFERENCE.md, Joining and the test 6 to 9): challenge types,
tolerances T1/T2/T3 for free text, numbers, answer shapes, and outcomes."""

from __future__ import annotations

import functools
import itertools

import pytest
from corekit import PROPERTY, qcm, qcu, qroc, qrocm_dep, qrocm_ind, right_answer, wrong_answer
from hypothesis import given
from hypothesis import strategies as st

from roomserver.core.content import ALL_TOLERANCES, InputKind, Tolerance
from roomserver.core.matching import (
    MAX_FREE_TEXT,
    Outcome,
    check_shape,
    is_correct,
    levenshtein,
    normalise_text,
    outcome,
    parse_number,
    text_matches,
)
from roomserver.core.refusal import Refusal

T1, T2, T3 = Tolerance.T1, Tolerance.T2, Tolerance.T3
ALL_SUBSETS = [frozenset(c) for n in range(4) for c in itertools.combinations((T1, T2, T3), n)]


def matches(given_text, expected, *tolerances):
    return text_matches(given_text, [expected], tolerances)


# -- QCU / QCM ---------------------------------------------------------------------------------

def test_qcu_right_proposal_is_correct_and_others_are_not():
    challenge = qcu(right="b")
    assert is_correct(challenge, "b")
    assert not is_correct(challenge, "a")
    assert not is_correct(challenge, "c")


def test_qcm_needs_the_exact_set():
    challenge = qcm(right=("a", "c"))
    assert is_correct(challenge, ["a", "c"])
    assert is_correct(challenge, ["c", "a"])  # order is free
    assert not is_correct(challenge, ["a"])  # subset
    assert not is_correct(challenge, ["a", "b", "c"])  # superset
    assert not is_correct(challenge, ["b", "d"])  # disjoint
    assert not is_correct(challenge, ["a", "b"])  # overlap


# -- free text: no tolerance -----------------------------------------------------------------------

def test_without_tolerance_only_the_exact_text_matches():
    assert matches("Paris", "Paris")
    for typed in ("paris", " Paris", "Paris ", "Pa ris", "Páris", "Paris.", "Pariss"):
        assert not matches(typed, "Paris"), typed


def test_any_of_several_accepted_answers_matches():
    assert text_matches("Lutèce", ["Paris", "Lutèce"], ())
    assert not text_matches("Lyon", ["Paris", "Lutèce"], ALL_TOLERANCES)


# -- T1: trim, lower-case, strip accents, remove all white space -------------------------------------

@pytest.mark.parametrize("typed", [
    "  Saint Étienne  ", "saint étienne", "SAINT ETIENNE", "SaintEtienne", "s a i n t\tétienne",
    "Saint\u00a0Étienne", "Saint\u202fEtienne", "saint\nétienne",
])
def test_t1_ignores_surrounding_and_inner_white_space_case_and_accents(typed):
    assert matches(typed, "Saint Étienne", T1)


def test_t1_alone_keeps_punctuation_and_typos_significant():
    assert not matches("Saint-Étienne", "Saint Étienne", T1)
    assert not matches("saint etiene", "Saint Étienne", T1)


def test_normalise_text_t1():
    assert normalise_text("  Élodie  Anne\t", {T1}) == "elodieanne"


# -- T2: remove every non-alphanumeric character -----------------------------------------------------

@pytest.mark.parametrize("typed", ["Saint-Étienne", "Saint Étienne", "Saint.Étienne!", "SaintÉtienne",
                                   "(Saint) 'Étienne'"])
def test_t2_ignores_every_non_alphanumeric_character(typed):
    assert matches(typed, "Saint-Étienne", T2)


def test_t2_alone_keeps_case_and_accents_significant():
    # T2 removes non-alphanumerics only: lower-casing and accents belong to T1.
    assert not matches("saint-étienne", "Saint-Étienne", T2)
    assert not matches("Saint-Etienne", "Saint-Étienne", T2)
    assert normalise_text("Saint-Étienne !", {T2}) == "SaintÉtienne"


def test_t2_keeps_digits():
    assert matches("A-4", "A4", T2)
    assert not matches("A-5", "A4", T2)


def test_t1_and_t2_together():
    assert matches("saint etienne", "Saint-Étienne", T1, T2)
    assert matches("SAINT_ÉTIENNE!!", "Saint-Étienne", T1, T2)
    assert normalise_text(" Saint-Étienne ! ", {T1, T2}) == "saintetienne"


# -- T3: Levenshtein distance / expected length <= 0.25 ----------------------------------------------

def test_t3_accepts_exactly_a_quarter():
    assert matches("abce", "abcd", T3)  # 1 / 4 = 0.25
    assert matches("abcdefXY", "abcdefgh", T3)  # 2 / 8 = 0.25
    assert matches("abcdefghij", "abcdefgh", T3)  # two insertions: 2 / 8
    assert matches("abcdef", "abcdefgh", T3)  # two deletions: 2 / 8


def test_t3_refuses_just_above_a_quarter():
    assert not matches("abd", "abc", T3)  # 1 / 3
    assert not matches("abcdeXYZ", "abcdefgh", T3)  # 3 / 8
    assert not matches("bonjoXX", "bonjour", T3)  # 2 / 7 = 0.2857
    assert matches("bonjoXr", "bonjour", T3)  # 1 / 7


def test_t3_divides_by_the_expected_length_not_the_given_one():
    assert not matches("abcdefXY", "abcdef", T3)  # 2 / 6 (2 / 8 would pass)
    assert matches("abcdef", "abcdefXY", T3)  # 2 / 8 (2 / 6 would fail)


def test_t3_alone_counts_case_as_an_edit():
    assert not matches("BONJOUR", "bonjour", T3)
    assert matches("Bonjour", "bonjour", T3)  # 1 / 7


def test_t3_after_t1_and_t2():
    assert matches("Sint-etiene", "Saint-Étienne", T1, T3)  # "sint-etiene" vs "saint-etienne": 2 / 13
    assert matches("SINT ETIENE", "Saint-Étienne", T1, T2, T3)
    assert not matches("Marseille", "Saint-Étienne", T1, T2, T3)


def test_t3_on_very_short_answers():
    assert not matches("b", "a", T3)  # 1 / 1
    assert not matches("ab", "aa", T3)  # 1 / 2


@pytest.mark.parametrize("tolerances", ALL_SUBSETS, ids=lambda t: "+".join(sorted(t)) or "none")
def test_each_tolerance_only_does_its_own_job(tolerances):
    expected = "Saint-Étienne"
    assert matches(expected, expected, *tolerances)
    assert matches("saint-étienne", expected, *tolerances) == (T1 in tolerances or T3 in tolerances)
    assert matches("SAINT-ÉTIENNE", expected, *tolerances) == (T1 in tolerances)
    assert matches("  Saint-Étienne ", expected, *tolerances) == bool(tolerances & {T1, T2, T3})
    assert matches("Saint Etienne", expected, *tolerances) == (T3 in tolerances or {T1, T2} <= tolerances)
    assert matches("SaintÉtienne", expected, *tolerances) == (T2 in tolerances or T3 in tolerances)
    assert matches("Sain-Étiene", expected, *tolerances) == (T3 in tolerances)
    assert matches("Marseille", expected, *tolerances) is False


def test_qroc_text_uses_the_challenge_tolerances():
    strict = qroc(accepted=("Saint-Étienne",), tolerances=())
    lenient = qroc(accepted=("Saint-Étienne",), tolerances=ALL_TOLERANCES)
    assert not is_correct(strict, "saint etienne")
    assert is_correct(lenient, "saint etienne")
    assert is_correct(qroc(accepted=("Saint-Étienne",), tolerances={T2}), "Saint Étienne")
    assert not is_correct(qroc(accepted=("Saint-Étienne",), tolerances={T2}), "saint étienne")


# -- numbers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, value", [
    ("12,5", "12.5"), ("12.5", "12.5"), (" 12,50 ", "12.5"), ("1 200", "1200"), ("1\u00a0200", "1200"),
    ("1\u202f200,75", "1200.75"), ("-3,5", "-3.5"), ("+7", "7"), (",5", "0.5"), ("12.", "12"), ("007", "7"),
])
def test_parse_number_accepts_decimal_comma_and_spaces(typed, value):
    from decimal import Decimal
    assert parse_number(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["", "douze", "12 €", "12,5,3", "1.2.3", "1e3", "0x10", "12a", "-", ".", "NaN",
                                   "Infinity", "1/2"])
def test_parse_number_refuses_what_is_not_a_number(typed):
    assert parse_number(typed) is None


@pytest.mark.parametrize("typed", ["12,5", "12.5", "12,50", "12.500", " 12 , 5 ", "+12.5"])
def test_number_field_compares_as_numbers(typed):
    assert is_correct(qroc(accepted=("12.5",), input=InputKind.NUMBER), typed)
    assert is_correct(qroc(accepted=("12,50",), input=InputKind.NUMBER), typed)


@pytest.mark.parametrize("typed", ["12,6", "125", "1,25", "douze et demi", "12,5 €", "-12,5"])
def test_number_field_wrong_or_non_numbers_are_ko(typed):
    assert not is_correct(qroc(accepted=("12.5",), input=InputKind.NUMBER), typed)


def test_number_field_ignores_text_tolerances():
    # as text with T3, "1201" vs "1200" would pass (1 / 4); as numbers they differ
    assert not is_correct(qroc(accepted=("1200",), input=InputKind.NUMBER, tolerances=ALL_TOLERANCES), "1201")


# -- drop-down -------------------------------------------------------------------------------------

def test_select_field_right_option_only():
    challenge = qroc(accepted=("Mardi",), input=InputKind.SELECT, options=("Lundi", "Mardi", "Mercredi"))
    assert is_correct(challenge, "Mardi")
    assert not is_correct(challenge, "Lundi")


# -- QROCM-ind ---------------------------------------------------------------------------------------

def test_qrocm_ind_every_field_must_be_right():
    challenge = qrocm_ind(accepted={"ville": ("Paris",), "annee": ("1789",)}, inputs={"annee": InputKind.NUMBER})
    assert is_correct(challenge, {"ville": "paris", "annee": "1789"})
    assert is_correct(challenge, {"annee": "1789,0", "ville": " PARIS "})
    assert not is_correct(challenge, {"ville": "Paris", "annee": "1790"})
    assert not is_correct(challenge, {"ville": "Lyon", "annee": "1789"})


def test_qrocm_ind_fields_are_not_interchangeable():
    challenge = qrocm_ind(accepted={"a": ("Paris",), "b": ("Lyon",)}, inputs={})
    assert is_correct(challenge, {"a": "Paris", "b": "Lyon"})
    assert not is_correct(challenge, {"a": "Lyon", "b": "Paris"})


# -- QROCM-dep ---------------------------------------------------------------------------------------

def test_qrocm_dep_order_is_free():
    challenge = qrocm_dep(groups=(("Paris",), ("Lyon",)))
    assert is_correct(challenge, {"v1": "Paris", "v2": "Lyon"})
    assert is_correct(challenge, {"v1": "Lyon", "v2": "Paris"})


def test_qrocm_dep_same_answer_twice_is_ko():
    challenge = qrocm_dep(groups=(("Paris",), ("Lyon",)))
    assert not is_correct(challenge, {"v1": "Paris", "v2": "Paris"})
    assert not is_correct(challenge, {"v1": "Paris", "v2": "paris "})  # same group after T1


def test_qrocm_dep_two_spellings_of_one_group_count_once():
    challenge = qrocm_dep(groups=(("Paris", "Lutèce"), ("Lyon", "Lugdunum")))
    assert is_correct(challenge, {"v1": "Lugdunum", "v2": "Lutèce"})
    assert not is_correct(challenge, {"v1": "Paris", "v2": "Lutèce"})


def test_qrocm_dep_finds_an_assignment_a_greedy_match_would_miss():
    # v1 fits both groups, v2 only the first: v1 must take the second group
    challenge = qrocm_dep(groups=(("Paris", "Lyon"), ("Paris",)))
    assert is_correct(challenge, {"v1": "Paris", "v2": "Lyon"})


def test_qrocm_dep_fewer_groups_than_answers_cannot_all_match():
    challenge = qrocm_dep(groups=(("Paris", "Lyon"),), field_ids=("v1", "v2"))
    assert not is_correct(challenge, {"v1": "Paris", "v2": "Lyon"})


def test_qrocm_dep_more_groups_than_fields_any_distinct_ones():
    challenge = qrocm_dep(groups=(("Paris",), ("Lyon",), ("Nantes",), ("Lille",)), field_ids=("v1", "v2", "v3"))
    assert is_correct(challenge, {"v1": "Lille", "v2": "Paris", "v3": "Nantes"})
    assert not is_correct(challenge, {"v1": "Lille", "v2": "Paris", "v3": "Lille"})
    assert not is_correct(challenge, {"v1": "Lille", "v2": "Paris", "v3": "Brest"})


def test_qrocm_dep_applies_tolerances():
    assert is_correct(qrocm_dep(groups=(("Saint-Étienne",), ("Lyon",))), {"v1": "lyon", "v2": "saint etiene"})
    assert not is_correct(qrocm_dep(groups=(("Saint-Étienne",), ("Lyon",)), tolerances=()),
                          {"v1": "lyon", "v2": "Saint-Étienne"})


# -- shape -----------------------------------------------------------------------------------------

def shape_refusal(challenge, value) -> str:
    with pytest.raises(Refusal) as excinfo:
        check_shape(challenge, value)
    assert excinfo.value.status == 422 and excinfo.value.code == "answer_invalid"
    return excinfo.value.message


@pytest.mark.parametrize("value", ["z", "", "B", None, 2, ["b"], {"b": True}])
def test_qcu_must_be_one_existing_proposal_id(value):
    assert "Choisissez une des propositions" in shape_refusal(qcu(), value)


@pytest.mark.parametrize("value", ["a", None, 1, {"a": True}, ["a", 2], [None]])
def test_qcm_must_be_a_list_of_ids(value):
    assert "liste de propositions" in shape_refusal(qcm(), value)


def test_qcm_empty_list_refused():
    assert "Cochez au moins une proposition" in shape_refusal(qcm(), [])


@pytest.mark.parametrize("value", [["a", "z"], ["a", "a"], ["a", "c", "a"], ["A"]])
def test_qcm_unknown_or_duplicate_ids_refused(value):
    assert "n'existe pas" in shape_refusal(qcm(), value)


@pytest.mark.parametrize("value", [None, 12, ["Paris"], {"r": "Paris"}])
def test_qroc_must_be_a_text(value):
    assert "est un texte" in shape_refusal(qroc(), value)


@pytest.mark.parametrize("value", ["", "   ", "\t\n"])
def test_empty_text_refused(value):
    assert "La réponse est vide" in shape_refusal(qroc(), value)
    assert "La réponse est vide" in shape_refusal(qrocm_ind(), {"ville": value, "annee": "1789"})


def test_text_longer_than_the_limit_refused_and_the_limit_itself_accepted():
    assert MAX_FREE_TEXT == 500
    check_shape(qroc(), "x" * 500)
    assert "trop longue" in shape_refusal(qroc(), "x" * 501)
    assert "500" in shape_refusal(qrocm_ind(), {"ville": "x" * 501, "annee": "1"})


def test_select_value_must_be_one_of_the_options():
    challenge = qroc(accepted=("Mardi",), input=InputKind.SELECT, options=("Lundi", "Mardi"))
    check_shape(challenge, "Lundi")
    for value in ("Jeudi", "mardi", " Mardi"):
        assert "valeurs de la liste" in shape_refusal(challenge, value)


@pytest.mark.parametrize("value", [
    {"ville": "Paris"},  # missing field
    {"ville": "Paris", "annee": "1789", "pays": "France"},  # extra field
    {"town": "Paris", "annee": "1789"},  # wrong field id
    {},
    "Paris", ["Paris", "1789"], None,
])
def test_qrocm_must_fill_exactly_its_fields(value):
    assert "Remplissez chacune des cases" in shape_refusal(qrocm_ind(), value)
    assert "Remplissez chacune des cases" in shape_refusal(qrocm_dep(field_ids=("ville", "annee")), value)


@pytest.mark.parametrize("bad", [None, 1789, ["1789"], {"x": 1}])
def test_qrocm_fields_are_texts(bad):
    assert "Chaque case se remplit avec un texte" in shape_refusal(qrocm_ind(), {"ville": "Paris", "annee": bad})


def test_well_shaped_wrong_answers_pass_the_shape_check():
    for challenge in (qcu(), qcm(), qroc(), qrocm_ind(), qrocm_dep(),
                      qroc(accepted=("1",), input=InputKind.NUMBER),
                      qroc(accepted=("L",), input=InputKind.SELECT, options=("L", "M"))):
        check_shape(challenge, right_answer(challenge))
        check_shape(challenge, wrong_answer(challenge))


def test_number_field_shape_accepts_a_non_number_which_is_then_ko():
    challenge = qroc(accepted=("12",), input=InputKind.NUMBER)
    check_shape(challenge, "douze")
    assert outcome(challenge, "douze") is Outcome.KO


# -- outcome -----------------------------------------------------------------------------------------

def test_outcome_ok_and_ko():
    assert outcome(qcu(), "b") is Outcome.OK
    assert outcome(qcu(), "a") is Outcome.KO


def test_right_answer_after_the_timer_is_timed_out():
    timed = qcu(timer_s=60)
    assert outcome(timed, "b", answered_after_s=59.9) is Outcome.OK
    assert outcome(timed, "b", answered_after_s=60) is Outcome.OK  # exactly on time
    assert outcome(timed, "b", answered_after_s=60.001) is Outcome.TIMED_OUT
    assert outcome(timed, "b", answered_after_s=None) is Outcome.OK  # never recorded as shown


def test_with_extra_time_a_right_answer_after_the_timer_is_ok_and_a_wrong_one_still_ko():
    """REFERENCE.md, 9: « Les élèves bénéficiant d'un temps majoré peuvent répondre à la question
    même après le temps imparti »."""
    timed = qcu(timer_s=60)
    assert outcome(timed, "b", answered_after_s=1200, extra_time=True) is Outcome.OK
    assert outcome(timed, "a", answered_after_s=1200, extra_time=True) is Outcome.KO
    assert outcome(qcu(timer_s=60, focused=True), "b", answered_after_s=1200, focus_lost=True,
                   extra_time=True) is Outcome.FOCUSED_OUT  # extra time does not excuse leaving the window


def test_untimed_challenge_is_never_timed_out():
    assert outcome(qcu(), "b", answered_after_s=10_000) is Outcome.OK


def test_right_answer_after_losing_focus_on_a_focused_challenge_is_focused_out():
    assert outcome(qcu(focused=True), "b", focus_lost=True) is Outcome.FOCUSED_OUT
    assert outcome(qcu(focused=True), "b", focus_lost=False) is Outcome.OK
    assert outcome(qcu(focused=False), "b", focus_lost=True) is Outcome.OK


def test_wrong_answers_stay_ko_even_late_or_unfocused():
    challenge = qcu(timer_s=60, focused=True)
    assert outcome(challenge, "a", answered_after_s=600) is Outcome.KO
    assert outcome(challenge, "a", focus_lost=True) is Outcome.KO
    assert outcome(challenge, "a", answered_after_s=600, focus_lost=True) is Outcome.KO


def test_outcome_values_are_the_documented_strings():
    assert {str(o) for o in Outcome} == {"ok", "ko", "skipped", "timed-out", "focused-out"}


@pytest.mark.parametrize("challenge", [qcu(), qcm(), qroc(), qrocm_ind(), qrocm_dep(),
                                       qroc(accepted=("4,5",), input=InputKind.NUMBER),
                                       qroc(accepted=("M",), input=InputKind.SELECT, options=("L", "M"))],
                         ids=lambda c: c.id)
def test_every_type_right_is_ok_and_wrong_is_ko(challenge):
    assert outcome(challenge, right_answer(challenge)) is Outcome.OK
    assert outcome(challenge, wrong_answer(challenge)) is Outcome.KO


# -- properties --------------------------------------------------------------------------------------

FRENCH = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
          "àâäçéèêëîïôöùûüÿÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ0123456789-'.,")
WHITESPACE = st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u202f", "\r\n"])


@PROPERTY
@given(st.text(st.sampled_from(FRENCH), min_size=1, max_size=25), st.data())
def test_t1_makes_matching_invariant_to_case_and_white_space(expected, data):
    flips = data.draw(st.lists(st.booleans(), min_size=len(expected), max_size=len(expected)))
    typed = list(ch.swapcase() if flip else ch for ch, flip in zip(expected, flips))
    for _ in range(data.draw(st.integers(0, 5))):
        typed.insert(data.draw(st.integers(0, len(typed))), data.draw(WHITESPACE))
    typed = data.draw(WHITESPACE) + "".join(typed) + data.draw(WHITESPACE)
    assert text_matches(typed, [expected], {T1})
    assert is_correct(qroc(accepted=(expected,), tolerances={T1}), typed)


@functools.lru_cache(maxsize=None)
def reference_distance(a: str, b: str) -> int:
    if not a or not b:
        return len(a) + len(b)
    return min(reference_distance(a[1:], b) + 1, reference_distance(a, b[1:]) + 1,
               reference_distance(a[1:], b[1:]) + (a[0] != b[0]))


SHORT = st.text(st.sampled_from("abcé "), max_size=7)


@PROPERTY
@given(SHORT, SHORT)
def test_levenshtein_is_the_edit_distance(a, b):
    assert levenshtein(a, b) == reference_distance(a, b)


@PROPERTY
@given(st.text(max_size=30), st.text(max_size=30))
def test_levenshtein_is_symmetric_and_bounded(a, b):
    d = levenshtein(a, b)
    assert d == levenshtein(b, a)
    assert abs(len(a) - len(b)) <= d <= max(len(a), len(b))
    assert (d == 0) == (a == b)


@PROPERTY
@given(st.text(max_size=30))
def test_levenshtein_identity(a):
    assert levenshtein(a, a) == 0
    assert levenshtein(a, "") == len(a)


@PROPERTY
@given(st.text("abc", max_size=12), st.text("abc", max_size=12), st.text("abc", max_size=12))
def test_levenshtein_triangle_inequality(a, b, c):
    assert levenshtein(a, c) <= levenshtein(a, b) + levenshtein(b, c)


@PROPERTY
@given(st.text(st.sampled_from("abcdefgh"), min_size=1, max_size=16), st.text(st.sampled_from("abcdefgh"), max_size=16))
def test_t3_accepts_exactly_when_the_ratio_is_at_most_a_quarter(expected, typed):
    assert matches(typed, expected, T3) == (reference_distance(typed, expected) * 4 <= len(expected))
