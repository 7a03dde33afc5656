"""The enrolment fields and validate_candidate: the one validation path for API, form and import."""

from __future__ import annotations

import datetime as dt

import pytest
from enrolkit import TODAY, assert_french

from roomserver.core.identity import identity_key
from roomserver.core.refusal import Refusal
from roomserver.enrolment import DETAIL_FIELDS, FIELDS, REQUIRED_FIELDS, FieldError, refusal, validate_candidate

GOOD = {"last_name": "Dupont", "first_name": "Élodie", "birthdate": "2011-03-14", "extra_time_pct": 0}


def check(data, **kw):
    clean, errors = validate_candidate(data, today=TODAY, **kw)
    for e in errors:
        assert isinstance(e, FieldError)
        assert_french(e.message)
        assert_french(str(e))
    return clean, errors


def only_error(data) -> FieldError:
    clean, errors = check(data)
    assert clean is None and len(errors) == 1, errors
    return errors[0]


def test_declared_once_in_template_order():
    assert REQUIRED_FIELDS == ("last_name", "first_name", "birthdate", "extra_time_pct")
    assert DETAIL_FIELDS == ("sex", "birth_city", "birth_postal_code", "birth_insee_code", "birth_country",
                             "email", "external_id", "accessibility")
    assert [f.label for f in FIELDS][:4] == ["Nom de naissance", "Prénom", "Date de naissance", "Temps majoré"]


def test_a_good_candidate_has_the_clean_shape():
    clean, errors = check({**GOOD, "sex": "f", "birth_city": "  Besançon ", "birth_postal_code": "25000",
                           "birth_insee_code": "25056", "birth_country": "France", "email": "elodie@example.fr",
                           "external_id": "INE-123"})
    assert errors == []
    assert clean == {"last_name": "Dupont", "first_name": "Élodie", "birthdate": "2011-03-14", "extra_time_pct": 0,
                     "details": {"sex": "F", "birth_city": "Besançon", "birth_postal_code": "25000",
                                 "birth_insee_code": "25056", "birth_country": "France",
                                 "email": "elodie@example.fr", "external_id": "INE-123"}}


def test_optional_fields_left_blank_are_absent_and_extra_time_defaults_to_zero():
    clean, _ = check({"last_name": "Dupont", "first_name": "Élodie", "birthdate": "14/03/2011",
                      "sex": "", "email": None, "birth_city": "   "})
    assert clean["details"] == {} and clean["extra_time_pct"] == 0


@pytest.mark.parametrize("typed, kept", [
    ("  Jean   Pierre ", "Jean Pierre"), ("Jean\tPierre", "Jean Pierre"), ("Jean\u00a0Pierre", "Jean Pierre"),
    ("Şahin", "Şahin"), ("Nguyễn", "Nguyễn"), ("Łukasz", "Łukasz"), ("Ørsted", "Ørsted"),
    ("N'Diaye", "N'Diaye"), ("Le Bœuf", "Le Bœuf"), ("X", "X"), ("2", "2"),
    ("Nguye\u0302\u0303n", "Nguyễn"),  # decomposed (macOS) becomes composed, so both spellings are one name
])
def test_names_are_trimmed_collapsed_and_otherwise_kept(typed, kept):
    clean, _ = check({**GOOD, "first_name": typed})
    assert clean["first_name"] == kept


@pytest.mark.parametrize("typed, fragment", [
    ("", "obligatoire"), ("   ", "obligatoire"), (None, "obligatoire"),
    ("- '", "au moins une lettre de l'alphabet latin ou un chiffre"),
    ("Иван", "au moins une lettre de l'alphabet latin"),  # would never match at the join
    ("a" * 101, "le prénom dépasse 100 caractères."),
    ("Jean\x07", "caractère de contrôle"),
    (12.5, "doit être un texte"),
])
def test_bad_names_are_refused(typed, fragment):
    error = only_error({**GOOD, "first_name": typed})
    assert error.field == "first_name" and error.label == "Prénom"
    assert fragment in error.message


def test_a_hundred_characters_is_the_longest_name():
    clean, _ = check({**GOOD, "last_name": "a" * 100})
    assert len(clean["last_name"]) == 100


@pytest.mark.parametrize("typed, iso", [
    ("2011-03-14", "2011-03-14"), ("14/03/2011", "2011-03-14"), ("4/3/2011", "2011-03-04"),
    (" 14/03/2011 ", "2011-03-14"), ("14.03.2011", "2011-03-14"), ("14-03-2011", "2011-03-14"),
    ("29/02/2012", "2012-02-29"), (dt.date(2011, 3, 14), "2011-03-14"),
    (dt.datetime(2011, 3, 14, 0, 0), "2011-03-14"), ("01/01/1900", "1900-01-01"), ("01/06/2026", "2026-06-01"),
])
def test_birthdates(typed, iso):
    clean, _ = check({**GOOD, "birthdate": typed})
    assert clean["birthdate"] == iso


@pytest.mark.parametrize("typed, message", [
    ("31/02/2011", "le 31/02/2011 n'existe pas."),
    ("2011-02-31", "le 31/02/2011 n'existe pas."),
    ("29/02/2011", "le 29/02/2011 n'existe pas."),
    ("14/13/2011", "le 14/13/2011 n'existe pas."),
    ("00/03/2011", "le 00/03/2011 n'existe pas."),
    ("14/03/11", "l'année de «\u00a014/03/11\u00a0» doit s'écrire avec quatre chiffres (JJ/MM/AAAA)."),
    ("2011/03/14", "la date «\u00a02011/03/14\u00a0» n'est pas au format JJ/MM/AAAA."),
    ("14 mars 2011", "la date «\u00a014 mars 2011\u00a0» n'est pas au format JJ/MM/AAAA."),
    ("02/06/2026", "le 02/06/2026 est dans le futur."),
    ("31/12/1899", "le 31/12/1899 n'est pas une date de naissance plausible (avant 1900)."),
    ("01/01/0000", "le 01/01/0000 n'existe pas."),
    ("1/1/0999", "le 01/01/0999 n'est pas une date de naissance plausible (avant 1900)."),
    (20110314, "la date de naissance doit s'écrire JJ/MM/AAAA."),
])
def test_bad_birthdates(typed, message):
    error = only_error({**GOOD, "birthdate": typed})
    assert (error.field, error.label, error.message) == ("birthdate", "Date de naissance", message)
    assert str(error) == f"Date de naissance\u00a0: {message}"


def test_today_defaults_to_the_real_date():
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    clean, errors = validate_candidate({**GOOD, "birthdate": tomorrow.isoformat()})
    assert clean is None and "dans le futur" in errors[0].message


@pytest.mark.parametrize("typed, pct", [
    (33, 33), ("33", 33), ("33%", 33), ("33 %", 33), ("33\u00a0%", 33), (" 33 % ", 33), ("120 %", 120),
    ("200", 200), ("0", 0), ("", 0), (None, 0), (33.0, 33), ("33,0", 33), ("25.00 %", 25),
])
def test_extra_time(typed, pct):
    clean, _ = check({**GOOD, "extra_time_pct": typed})
    assert clean["extra_time_pct"] == pct


@pytest.mark.parametrize("typed, message", [
    ("abc", "«\u00a0abc\u00a0» n'est pas un pourcentage entier. Indiquez par exemple 33 ou 33\u00a0%."),
    ("33,5 %", "«\u00a033,5 %\u00a0» n'est pas un pourcentage entier. Indiquez par exemple 33 ou 33\u00a0%."),
    ("1/3", "«\u00a01/3\u00a0» n'est pas un pourcentage entier. Indiquez par exemple 33 ou 33\u00a0%."),
    ("-5", "«\u00a0-5\u00a0» est négatif. Indiquez un pourcentage de 0 à 200."),
    (-5, "«\u00a0-5\u00a0» est négatif. Indiquez un pourcentage de 0 à 200."),
    ("250 %", "250\u00a0% dépasse le maximum de 200\u00a0%."),
    (201, "201\u00a0% dépasse le maximum de 200\u00a0%."),
    (33.5, "le temps majoré est un pourcentage entier, par exemple 33 ou 33\u00a0%."),
    (True, "le temps majoré est un pourcentage entier, par exemple 33 ou 33\u00a0%."),
])
def test_bad_extra_time(typed, message):
    error = only_error({**GOOD, "extra_time_pct": typed})
    assert (error.field, error.label) == ("extra_time_pct", "Temps majoré")
    assert error.message == message


@pytest.mark.parametrize("typed, sex", [("M", "M"), ("f", "F"), ("H", "M"), ("Féminin", "F"), (" masculin ", "M"),
                                        ("Homme", "M"), ("femme", "F")])
def test_sex(typed, sex):
    clean, _ = check({**GOOD, "sex": typed})
    assert clean["details"]["sex"] == sex


@pytest.mark.parametrize("field, typed, fragment", [
    ("sex", "X", "«\u00a0X\u00a0» n'est pas reconnu. Indiquez M ou F."),
    ("sex", "MF", "n'est pas reconnu"),
    ("birth_postal_code", "7500", "n'est pas un code postal français (5 chiffres). S'il commence par 0, vérifiez"),
    ("birth_postal_code", "750011", "n'est pas un code postal français (5 chiffres)."),
    ("birth_postal_code", "75OO1", "n'est pas un code postal français"),
    ("birth_insee_code", "2C004", "n'est pas un code INSEE de commune"),
    ("birth_insee_code", "2A04", "n'est pas un code INSEE de commune"),
    ("email", "elodie", "n'est pas une adresse e-mail valide."),
    ("email", "elodie@", "n'est pas une adresse e-mail valide."),
    ("email", "elodie@example", "n'est pas une adresse e-mail valide."),
    ("email", "élodie dupont@example.fr", "n'est pas une adresse e-mail valide."),
    ("email", "a@@example.fr", "n'est pas une adresse e-mail valide."),
    ("email", "a..b@example.fr", "n'est pas une adresse e-mail valide."),
    ("email", ".a@example.fr", "n'est pas une adresse e-mail valide."),
    ("email", "a@example.f", "n'est pas une adresse e-mail valide."),
    ("email", "a" * 65 + "@example.fr", "n'est pas une adresse e-mail valide."),
    ("external_id", "x" * 65, "l'identifiant externe dépasse 64 caractères."),
    ("birth_city", "y" * 101, "la commune de naissance dépasse 100 caractères."),
    ("birth_country", ["France"], "le pays de naissance doit être un texte."),
])
def test_bad_optional_fields(field, typed, fragment):
    error = only_error({**GOOD, field: typed})
    assert error.field == field and fragment in error.message


@pytest.mark.parametrize("field, typed, kept", [
    ("birth_postal_code", "01000", "01000"), ("birth_postal_code", " 75 001 ", "75001"),
    ("birth_insee_code", "2a004", "2A004"), ("birth_insee_code", "2B033", "2B033"), ("birth_insee_code", "97411", "97411"),
    ("email", "Elodie.Dupont+pix@lycee-exemple.ac-besancon.fr", "Elodie.Dupont+pix@lycee-exemple.ac-besancon.fr"),
    ("external_id", " 123456789AB ", "123456789AB"), ("external_id", "x" * 64, "x" * 64),
    ("birth_country", "Côte d'Ivoire", "Côte d'Ivoire"),
])
def test_good_optional_fields(field, typed, kept):
    clean, _ = check({**GOOD, field: typed})
    assert clean["details"][field] == kept


def test_every_error_is_reported_at_once():
    clean, errors = check({"last_name": "", "first_name": "Élodie", "birthdate": "31/02/2011",
                           "extra_time_pct": "abc", "sex": "X", "email": "nope"})
    assert clean is None
    assert [e.field for e in errors] == ["last_name", "birthdate", "extra_time_pct", "sex", "email"]
    assert errors[0].message == "le nom de naissance est obligatoire."


def test_unknown_keys_are_refused_unless_asked_to_ignore():
    clean, errors = check({**GOOD, "nickname": "Lolo"})
    assert clean is None and [(e.field, e.message) for e in errors] == [("nickname", "champ inconnu.")]
    clean, errors = check({**GOOD, "nickname": "Lolo", "csrf_token": "x"}, ignore_unknown=True)
    assert errors == [] and "nickname" not in clean and "nickname" not in clean["details"]


def test_details_may_come_nested_as_clean_gives_them_back():
    first, _ = check({**GOOD, "sex": "F", "email": "a@example.fr"})
    again, errors = check({k: v for k, v in first.items()})
    assert errors == [] and again == first
    _, errors = check({**GOOD, "details": {"last_name": "X"}})
    assert [e.field for e in errors] == ["last_name"]
    _, errors = check({**GOOD, "sex": "F", "details": {"sex": "M"}})
    assert [e.field for e in errors] == ["sex"]
    _, errors = check({**GOOD, "details": "sex=F"})
    assert [e.field for e in errors] == ["details"]


def test_clean_names_give_the_key_enrol_candidate_uses():
    clean, _ = check({**GOOD, "first_name": " Élodie-Anne ", "last_name": "d'Hervé"})
    assert identity_key(clean["first_name"], clean["last_name"], clean["birthdate"]) == \
        ("DHERVE", "ELODIEANNE", "2011-03-14")


def test_refusal_carries_every_error():
    _, errors = check({**GOOD, "birthdate": "31/02/2011", "sex": "X"})
    found = refusal(errors)
    assert isinstance(found, Refusal) and (found.status, found.code) == (422, "candidate_invalid")
    assert found.message == ("Date de naissance\u00a0: le 31/02/2011 n'existe pas. "
                             "Sexe\u00a0: «\u00a0X\u00a0» n'est pas reconnu. Indiquez M ou F.")
