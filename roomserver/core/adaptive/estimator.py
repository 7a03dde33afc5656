"""The capacity estimate: expected a posteriori on a grid (ADAPTIVE.md, "Capacity estimate").

Two-parameter logistic model, ``P(success | θ) = 1 / (1 + exp(a (b − θ)))``. The estimate is
replayed from the start capacity over the whole answer history: after each answer the
likelihood of each of the 81 grid points (−9 to +9, step 0.225) is multiplied by P or 1 − P,
the prior is a normal density of variance 1.5 centred on the previous estimate, the posterior
mean is the raw estimate, and the step from the previous estimate is capped.
"""

from __future__ import annotations

import copy
import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import Iterable

GRID_POINTS = 81
GRID_STEP = 0.225
GRID = tuple(-9.0 + GRID_STEP * k for k in range(GRID_POINTS))
PRIOR_VARIANCE = 1.5
INITIAL_ERROR = 5.0  # reported before any answer
ERROR_CORRECTION = (9 / 80) ** 2 / 12  # as published: subtracted from the posterior spread
_EXP_LIMIT = 700.0  # math.exp overflows past ~709


def probability(a: float, b: float, theta: float) -> float:
    """The chance of a right answer at capacity ``theta`` (2PL model)."""
    return 1.0 / (1.0 + math.exp(min(_EXP_LIMIT, a * (b - theta))))


def information(a: float, b: float, theta: float) -> float:
    """Fisher information of a challenge at ``theta``: a² · P · (1 − P)."""
    p = probability(a, b, theta)
    return a * a * p * (1.0 - p)


def step_cap(previous: float, variation: float) -> float:
    """The largest allowed move from ``previous``: v when |previous| < v, else |previous| · v."""
    return variation if abs(previous) < variation else abs(previous) * variation


@dataclass(frozen=True)
class Estimate:
    """The capacity after some answers, its error, and the estimate after each answer."""

    capacity: float
    error: float
    answers: int
    trajectory: tuple[float, ...] = ()  # the estimate after answer 1, 2, ...


class Estimator:
    """The estimate, one answer at a time (replaying a history is feeding it in order)."""

    def __init__(self, start_capacity: float, variation: float):
        self.variation = variation
        self.capacity = float(start_capacity)
        self.likelihood = [1.0] * GRID_POINTS
        self._weights: list[float] | None = None
        self._total = 1.0
        self.trajectory: list[float] = []

    def update(self, a: float, b: float, success: bool) -> float:
        """Take one answer into account; return the new (capped) estimate."""
        ab = a * b
        if a * (GRID[-1] - GRID[0]) + abs(ab) < _EXP_LIMIT:  # always so for a validated pack (a <= 10)
            exp = math.exp
            if success:  # P = 1 / (1 + exp(a (b - θ)))
                factors = [1.0 / (1.0 + exp(ab - a * theta)) for theta in GRID]
            else:  # 1 - P = 1 / (1 + exp(a (θ - b)))
                factors = [1.0 / (1.0 + exp(a * theta - ab)) for theta in GRID]
        else:
            factors = [probability(a, b, theta) if success else 1.0 - probability(a, b, theta) for theta in GRID]
        likelihood = [lk * f for lk, f in zip(self.likelihood, factors)]
        top = max(likelihood)
        if 0 < top < 1e-100:  # rescaling changes nothing after normalisation, and keeps long histories finite
            likelihood = [lk / top for lk in likelihood]
        self.likelihood = likelihood
        previous = self.capacity
        # The prior's normalisation cancels in the posterior's: posterior = L·prior / Σ L·prior.
        spread = 2 * PRIOR_VARIANCE
        exp = math.exp
        weights = [lk * exp(-((theta - previous) ** 2) / spread) for lk, theta in zip(likelihood, GRID)]
        total = sum(weights)
        if total <= 0:  # every grid point impossible: cannot happen with finite a and b
            raise ValueError("posterior vanished")
        self._weights, self._total = weights, total
        raw = sum(theta * w for theta, w in zip(GRID, weights)) / total
        gap = step_cap(previous, self.variation)
        self.capacity = min(max(raw, previous - gap), previous + gap)
        self.trajectory.append(self.capacity)
        return self.capacity

    @property
    def posterior(self) -> list[float] | None:
        """The normalised posterior after the last answer (None before any)."""
        if self._weights is None:
            return None
        return [w / self._total for w in self._weights]

    @property
    def error(self) -> float:
        """sqrt(Σ posterior_k (θ_k − θ̂)² − (9/80)²/12), 5 before any answer.

        Decision: θ̂ is the reported (capped) estimate, as ADAPTIVE.md writes it; when the cap
        binds this counts the gap to the posterior mean as error too. Never negative.
        """
        posterior = self.posterior
        if posterior is None:
            return INITIAL_ERROR
        spread = sum(p * (theta - self.capacity) ** 2 for theta, p in zip(GRID, posterior))
        return math.sqrt(max(0.0, spread - ERROR_CORRECTION))

    def result(self) -> Estimate:
        return Estimate(self.capacity, self.error, len(self.trajectory), tuple(self.trajectory))


def estimate(responses: Iterable[tuple[float, float, bool]], start_capacity: float,
             variation: float) -> Estimate:
    """Replay ``(a, b, success)`` answers in order from the start capacity."""
    return replay(tuple((float(a), float(b), bool(ok)) for a, b, ok in responses), float(start_capacity),
                  float(variation)).result()


_CACHE: "OrderedDict[tuple, Estimator]" = OrderedDict()
CACHE_SIZE = 4096  # estimator states (about 1.5 KB each): the last ones of a few hundred candidates


def replay(responses: tuple[tuple[float, float, bool], ...], start: float, variation: float) -> Estimator:
    """The estimator after ``responses``, memoised on the whole history.

    The result is the same as feeding every answer again from the start; keeping the states
    of recent histories makes the next selection of a candidate one update instead of up to
    32 (the estimate is replayed before each question). Memoisation only: no I/O, no clock.
    """
    cut = len(responses)
    while cut > 0 and (start, variation, responses[:cut]) not in _CACHE:
        cut -= 1
    state = _CACHE.get((start, variation, responses[:cut])) or Estimator(start, variation)
    for n in range(cut, len(responses)):
        state = copy.copy(state)
        state.likelihood = list(state.likelihood)
        state.trajectory = list(state.trajectory)
        state.update(*responses[n])
        _remember((start, variation, responses[:n + 1]), state)
    if cut == len(responses):
        _remember((start, variation, responses), state)
    return state


def clear_cache() -> None:
    """Forget the memoised estimates (for measurements and tests)."""
    _CACHE.clear()


def _remember(key: tuple, state: Estimator) -> None:
    _CACHE[key] = state
    _CACHE.move_to_end(key)
    if len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
