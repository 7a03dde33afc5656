"""The accessibility flag at enrolment: oui / non in every form a spreadsheet or the API gives,
refused in French otherwise; absent when left blank."""

import datetime as dt

import pytest

from roomserver.enrolment import validate_candidate

TODAY = dt.date(2026, 5, 1)
BASE = {"last_name": "N'Diaye", "first_name": "Élodie", "birthdate": "30/01/2011", "extra_time_pct": ""}


@pytest.mark.parametrize("raw, flag", [("oui", True), ("Oui", True), (" OUI ", True), ("o", True), ("x", True),
                                       ("1", True), (1, True), (True, True), ("vrai", True), ("non", False),
                                       ("NON", False), ("n", False), ("0", False), (0, False), (False, False),
                                       ("faux", False)])
def test_yes_and_no_in_every_form(raw, flag):
    clean, errors = validate_candidate({**BASE, "accessibility": raw}, today=TODAY)
    assert errors == [] and clean["details"] == {"accessibility": flag}


def test_blank_means_no_flag_at_all():
    clean, _ = validate_candidate({**BASE, "accessibility": "  "}, today=TODAY)
    assert clean["details"] == {}


@pytest.mark.parametrize("raw", ["peut-être", "2", 3.5, ["oui"]])
def test_anything_else_is_refused_in_french(raw):
    clean, errors = validate_candidate({**BASE, "accessibility": raw}, today=TODAY)
    assert clean is None and len(errors) == 1
    assert errors[0].label == "Aménagement d'accessibilité"
    assert str(errors[0]).startswith("Aménagement d'accessibilité\u00a0: ")
