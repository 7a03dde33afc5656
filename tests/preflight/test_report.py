"""The report value object: it serialises and parses itself, and refuses anything else in French."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from preflight.report import FAIL, PASS, WARN, Check, Report, worst

ids = st.from_regex(r"[a-z0-9_.:-]{1,64}", fullmatch=True)
texts = st.text(max_size=200)
checks = st.builds(Check, id=ids, status=st.sampled_from([PASS, WARN, FAIL]), detail=texts, remedy=texts, label=texts)


# Generating 20 checks of long texts is slow on a busy machine: that is not the report's fault.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(host=st.text(min_size=1, max_size=50), items=st.lists(checks, max_size=20, unique_by=lambda c: c.id),
       source=st.sampled_from(["agent", "browser", "tasks"]))
def test_round_trip(host, items, source):
    report = Report(host=host, checks=tuple(items), source=source, platform="Linux 6", version="1.0.0")
    assert Report.from_dict(report.to_dict()) == report
    assert Report.from_json(report.to_json()) == report
    assert json.loads(report.to_json())["checks"] == [c.to_dict() for c in items]


def test_status_is_the_worst_check():
    report = Report("pc", (Check("a", PASS), Check("b", WARN)))
    assert report.status == WARN and not report.failed
    assert worst([]) == PASS and worst([PASS, FAIL, WARN]) == FAIL


@pytest.mark.parametrize("data, message", [
    ([], "objet JSON"),
    ({"host": "pc", "checks": "x"}, "« checks » doit être une liste"),
    ({"host": "pc", "checks": [{"id": "a", "status": "ok"}]}, "Statut invalide"),
    ({"host": "pc", "checks": [{"id": "A B", "status": "pass"}]}, "Identifiant"),
    ({"host": "pc", "checks": [{"id": "a", "status": "pass"}, {"id": "a", "status": "fail"}]}, "deux fois"),
    ({"host": "pc", "checks": [], "extra": 1}, "Champ inattendu"),
    ({"host": 12, "checks": []}, "chaîne"),
    ({"host": "pc", "checks": [], "ran_at": "hier"}, "ISO 8601"),
    ({"host": "pc", "checks": [{"id": "a", "status": "pass"}] * 101}, "trop de vérifications"),
])
def test_bad_reports_are_refused_in_french(data, message):
    with pytest.raises(ValueError, match=message):
        Report.from_dict(data)


def test_bad_json_is_refused_in_french():
    with pytest.raises(ValueError, match="JSON valide"):
        Report.from_json("{pas du json")
