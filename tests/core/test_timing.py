"""Time accounting (REFERENCE.md, Session: 1 h 45 of test; Candidate: extra time %,
33 % -> 1 h 45 + 35 min = 2 h 20; Joining 11: the invigilator may add time)."""

from __future__ import annotations

import pytest
from corekit import PROPERTY
from hypothesis import given
from hypothesis import strategies as st

from roomserver.core.timing import BASE_TEST_S, allowed_s, time_left_s, time_used_s

T = 1_700_000_000.0


def test_the_test_lasts_one_hour_forty_five():
    assert BASE_TEST_S == 6300
    assert allowed_s(0) == 6300


def test_a_third_more_time_gives_two_hours_twenty():
    assert allowed_s(33) == 8400 == 2 * 3600 + 20 * 60


@pytest.mark.parametrize("pct, extra_min", [
    (1, 2),  # 1.05 min -> 2
    (10, 11),  # 10.5 -> 11
    (25, 27),  # 26.25 -> 27
    (33, 35),  # 34.65 -> 35
    (20, 21),  # exactly 21: no rounding up
    (40, 42),  # exactly 42
    (50, 53),  # 52.5 -> 53
    (60, 63),  # exactly 63
    (100, 105),  # double time
])
def test_extra_time_is_rounded_up_to_the_whole_minute(pct, extra_min):
    assert allowed_s(pct) == 6300 + extra_min * 60


@PROPERTY
@given(st.integers(0, 300))
def test_extra_time_is_the_smallest_whole_minute_count_covering_the_percentage(pct):
    extra = allowed_s(pct) - 6300
    assert extra % 60 == 0
    assert extra * 100 >= 6300 * pct  # covers the percentage
    assert (extra - 60) * 100 < 6300 * pct or extra == 0  # and not a minute more


def test_added_time_adds_to_the_allowance():
    assert allowed_s(0, added_s=600) == 6900
    assert allowed_s(33, added_s=300) == 8700


def test_time_used_counts_from_the_start():
    assert time_used_s(T, T) == 0
    assert time_used_s(T, T + 125.9) == 125


def test_time_used_is_never_negative_even_with_a_clock_behind_the_start():
    assert time_used_s(T, T - 50) == 0


def test_downtime_is_not_counted_as_used():
    assert time_used_s(T, T + 1000, downtime_s=400) == 600


def test_time_left_at_start_is_the_whole_allowance():
    assert time_left_s(T, T, 0) == 6300
    assert time_left_s(T, T, 33) == 8400


def test_time_left_decreases_with_time():
    assert time_left_s(T, T + 300, 0) == 6000


def test_time_left_includes_added_time():
    assert time_left_s(T, T + 6300, 0, added_s=600) == 600


def test_downtime_is_given_back():
    assert time_left_s(T, T + 3600, 0, downtime_s=900) == 6300 - 2700
    assert time_left_s(T, T + 3600, 0, downtime_s=900) == time_left_s(T, T + 2700, 0)


def test_time_left_stops_at_zero_and_the_test_does_not_end_by_itself():
    assert time_left_s(T, T + 6300, 0) == 0
    assert time_left_s(T, T + 99_999, 0) == 0


@PROPERTY
@given(st.floats(-1e6, 1e6), st.integers(0, 200), st.integers(0, 10_000), st.floats(0, 1e5))
def test_time_left_is_never_negative_and_never_above_the_allowance(elapsed, pct, added, downtime):
    left = time_left_s(T, T + elapsed, pct, added, downtime)
    assert 0 <= left <= allowed_s(pct, added)
