"""Time accounting (REFERENCE.md, Session and Candidate).

The test lasts 1 h 45 from the moment the access code is given, times
(1 + extra time %), plus time the invigilator added, plus server downtime (given
back). Extra time is rounded up to the whole minute: 33 % gives 1 h 45 + 35 min.
The test never ends by itself: the invigilator decides.
"""

from __future__ import annotations

import math

BASE_TEST_S = 105 * 60


def allowed_s(extra_time_pct: int, added_s: int = 0) -> int:
    """Total seconds a candidate is entitled to."""
    extra_min = math.ceil(BASE_TEST_S / 60 * extra_time_pct / 100)
    return BASE_TEST_S + extra_min * 60 + added_s


def time_used_s(started_at: float, now: float, downtime_s: float = 0.0) -> int:
    return max(0, int(now - started_at - downtime_s))


def time_left_s(started_at: float, now: float, extra_time_pct: int, added_s: int = 0,
                downtime_s: float = 0.0) -> int:
    """Seconds left, never negative (at 0 the candidate goes on until the invigilator ends the test)."""
    return max(0, allowed_s(extra_time_pct, added_s) - time_used_s(started_at, now, downtime_s))
