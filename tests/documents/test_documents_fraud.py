"""Fraud reports: one procès-verbal per case, each from a new page, pre-filled; a blank one
when nothing was reported."""

import datetime as dt

from documentkit import INVIGILATORS, Room, all_text, international_room, pages_text, reader

from roomserver.documents import fraud_reports
from roomserver.documents.french import long_date

NOW = dt.datetime(2026, 11, 30, 17, 56)


def test_one_case_per_new_page_prefilled():
    state = international_room().state
    data = fraud_reports(state, now=NOW)
    pages = pages_text(data)
    starts = [i for i, text in enumerate(pages) if "Procès-verbal de fraude – cas n° " in text]
    assert len(starts) == 2 and starts[0] == 0
    assert "cas n° 1 sur 2" in pages[starts[0]] and "cas n° 2 sur 2" in pages[starts[1]]
    first = " ".join(pages[starts[0]:starts[1]])
    second = " ".join(pages[starts[1]:])
    # case 1: Şahin and Nguyễn at 10 h 42
    assert ("Candidats concernés Nom de naissance Prénom Date de naissance Şahin Ayşe 02/04/2011 "
            "Nguyễn Thị Lan 19/11/2010") in first
    assert "Heure des faits : 10 h 42" in first
    assert "Ce qui a été constaté : Şahin montrait son écran à Nguyễn" in first
    assert "Mesures prises : Candidats séparés, avertissement oral" in first
    assert f"Surveillant : {INVIGILATORS[0]}" in first
    assert f"Signatures Surveillant : {INVIGILATORS[0]} Candidat : Ayşe Şahin Candidat : Thị Lan Nguyễn" in first
    assert "Łukasz" not in first and "Nguyễn" not in second
    # case 2: Łukasz alone, written down by the second invigilator
    assert "Wiśniewski Łukasz 07/01/2011" in second
    assert "Heure des faits : 11 h 05" in second and "Téléphone confisqué" in second
    assert "Candidat : Łukasz Wiśniewski" in second and INVIGILATORS[1] in second
    fraud = state.frauds[1]
    noted = dt.datetime.fromtimestamp(fraud.at)
    assert f"Noté sur le serveur : {long_date(noted.date())} à {noted:%H} h {noted:%M} (heure locale du serveur)" \
        in second
    assert "Date : mardi 12 mai 2026" in second


def test_no_fraud_gives_one_blank_page():
    room = Room()
    room.ready("c1", "Søren", "Ærøe")
    data = fraud_reports(room.state, now=NOW)
    assert len(reader(data).pages) == 1
    whole = all_text(data)
    assert "Aucune fraude n'a été signalée pour cette session." in whole
    assert "Procès-verbal de fraude – formulaire vierge" in whole
    assert "Ce qui a été constaté" in whole and "Mesures prises" in whole
    assert "Signatures Surveillant Candidat" in whole
    assert "Ærøe" not in whole
