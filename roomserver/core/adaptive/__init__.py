"""The adaptive certification (ADAPTIVE.md): pure, deterministic for a seed, no I/O.

- ``version``: the configurable values of a certification version, checked.
- ``bank``: calibrated challenges (a, b, tube, accessibility), built from a loaded pack.
- ``estimator``: the expected-a-posteriori capacity on the 81-point grid, capped steps.
- ``selection``: ``next_question`` (filters, Fisher ranking, the cascade draw).
- ``scoring``: pix, levels, outcomes, the simulated completion after an abandon.
- ``report``: the French scoring report. ``simulation``: simulated candidates.
"""

from .bank import Bank, Calibration, Item, Tube
from .estimator import GRID, Estimate, estimate, information, probability
from .scoring import AdaptiveResult, CompetenceLevel, competence_level, global_level, pix_of, score_candidate
from .selection import COMPLETED, TECHNICAL_END, Asked, Choice, end_reason, next_question
from .version import CertificationVersion, VersionError, parse_version

__all__ = [
    "GRID", "COMPLETED", "TECHNICAL_END", "AdaptiveResult", "Asked", "Bank", "Calibration", "CertificationVersion",
    "Choice", "CompetenceLevel", "Estimate", "Item", "Tube", "VersionError", "competence_level", "end_reason",
    "estimate", "global_level", "information", "next_question", "parse_version", "pix_of", "probability",
    "score_candidate",
]
