"""One validation path for a candidate's enrolment fields, shared by the JSON API, the
web form and the file import (``roomserver.enrolment.fields``)."""

from __future__ import annotations

import datetime as dt

from ..enrolment.fields import refusal, validate_candidate
from ..services import services


def candidate_fields(data: dict) -> dict:
    """The checked fields {first_name, last_name, birthdate, extra_time_pct, details}, or a 422
    naming every field that is wrong."""
    today = dt.date.fromtimestamp(services().store.clock())
    clean, errors = validate_candidate({k: v for k, v in data.items() if k != "profile"}, today=today)
    if errors:
        raise refusal(errors)
    return clean
