"""The invigilator's kit: what to write on the board, the password, the timetable, the
instructions to read aloud, the incident codes, and never the access code."""

import datetime as dt

import pytest
from documentkit import INVIGILATORS, PASSWORD, URL, all_text, enrolled_room, international_room, reader

from roomserver.core.incidents import INCIDENT_CODES
from roomserver.documents import invigilator_kit

NOW = dt.datetime(2026, 11, 30, 17, 56)


@pytest.fixture(scope="module")
def prepared():
    room = enrolled_room(45)
    return room.state, invigilator_kit(room.state, URL, now=NOW)


def test_the_access_code_is_never_printed(prepared):
    state, data = prepared
    whole = all_text(data)
    assert state.access_code not in whole
    assert state.access_code not in whole.replace(" ", "")  # not even spread over two cells
    started = international_room().state
    assert started.access_code not in all_text(invigilator_kit(started, URL, now=NOW)).replace(" ", "")


def test_what_goes_on_the_board_and_the_password(prepared):
    state, data = prepared
    first = all_text(data)
    assert "Numéro de session, à écrire au tableau : 4821" in first
    assert URL in first
    assert f"Mot de passe surveillant : {PASSWORD}" in first
    assert "Le code d'accès n'est pas sur cette fiche." in first
    assert f"Surveillants : {INVIGILATORS[0]}, {INVIGILATORS[1]}" in first
    assert "Candidats inscrits : 45 candidats" in first
    assert "Postes de secours : au moins 3 postes" in first
    # 45 candidates need 3 invigilators; 2 are planned
    assert "il faut au moins un surveillant pour 20 candidats, soit 3 surveillants pour cette session" in first


def test_timetable_with_extra_time(prepared):
    state, data = prepared
    whole = all_text(data)
    assert "Accueil, vérification des identités, émargement, consignes 09 h 00 – 09 h 15 15 min" in whole
    assert "Test, à partir du moment où le code d'accès est donné 09 h 15 – 11 h 00 1 h 45" in whole
    assert "Temps majorés : 9 candidats" in whole
    extra = [c for c in state.candidates.values() if c.extra_time_pct]
    for candidate in extra:  # 33 % -> 2 h 20, ending at 11 h 35 when the code is given at 09 h 15
        assert f"{candidate.last_name} {candidate.first_name} 33 % 2 h 20 11 h 35" in whole, candidate.last_name


def test_after_the_start_the_real_start_time_is_used():
    state = international_room().state
    whole = all_text(invigilator_kit(state, URL, now=NOW))
    given = dt.datetime.fromtimestamp(state.started_at)  # server local time
    assert f"Le code d'accès a été donné à {given:%H} h {given:%M} (heure locale du serveur)" in whole
    end = given + dt.timedelta(minutes=140)
    assert f"Nguyễn Thị Lan 33 % 2 h 20 {end:%H} h {end:%M}" in whole


def test_instructions_to_read_aloud_and_what_to_do(prepared):
    state, data = prepared
    whole = all_text(data)
    for needed in ("Consignes à lire aux candidats", "tapez l'adresse écrite au tableau",
                   "votre prénom, votre nom de naissance et votre date de naissance",
                   "Je passe vérifier votre identité", "téléphone", "« Signaler un problème »",
                   "attendez que je vienne voir votre écran", "vous avez 1 h 45", "Avez-vous des questions ?",
                   "Pendant la session", "aucun retardataire ne peut commencer", "procès-verbal de fraude"):
        assert needed in whole, needed


def test_every_incident_code_is_explained(prepared):
    state, data = prepared
    whole = all_text(data)
    for code, label in INCIDENT_CODES.items():
        assert f"{code} {label}" in whole, code
    assert len(reader(data).pages) <= 4
