"""The candidate's notice: one page per candidate with their own identity, or one generic page."""

import datetime as dt

from documentkit import ACCESS_CODE, INTERNATIONAL, URL, Room, enrolled_room, occurrences, pages_text, people

from roomserver.documents import candidate_notice
from roomserver.documents.french import sort_key

NOW = dt.datetime(2026, 11, 30, 17, 56)


def test_one_page_per_candidate_with_their_own_identity():
    room = enrolled_room(6)
    pages = pages_text(candidate_notice(room.state, URL, now=NOW))
    expected = sorted(people(6), key=lambda p: sort_key(p[1], p[0]))
    assert len(pages) == 6
    for text, (first, last, born) in zip(pages, expected):
        day = f"{born[8:]}/{born[5:7]}/{born[:4]}"
        assert f"Prénom {first} Nom de naissance {last} Date de naissance {day}" in text, last
        others = [p for p in people(6) if p[1] != last]
        assert not any(occurrences(other_last, text) for _, other_last, _ in others), last
        assert f"Adresse, dans le navigateur {URL}" in text
        assert "Numéro de session 4821" in text
        assert "Date : mardi 12 mai 2026" in text and "Heure : 09 h 00" in text
        assert "Lieu : Collège Jean Moulin, salle B12" in text
        assert "pièce d'identité" in text and "« Signaler un problème »" in text
        assert ACCESS_CODE not in text.replace(" ", "")


def test_extra_time_is_told_to_the_candidate_concerned():
    room = enrolled_room(4, extra_every=2)  # c2 and c4 have 33 %
    pages = pages_text(candidate_notice(room.state, URL, now=NOW))
    told = [t for t in pages if "Vous avez un temps majoré de 33 % : votre test dure 2 h 20 au lieu de 1 h 45." in t]
    told_to = {last for text in told for _, last, _ in people(4) if occurrences(last, text)}
    assert len(told) == 2 and told_to == {last for _, last, _ in people(4)[1::2]}
    assert sum("Le test dure 1 h 45." in t for t in pages) == 2


def test_the_sex_gives_the_agreement_when_known():
    room = Room()
    first, last, born = INTERNATIONAL[0]
    room.enrol("c1", first, last, born, details={"sex": "F"})
    room.enrol("c2", "Hans", "Ørsted", "2011-08-30", details={"sex": "M"})
    room.enrol("c3", "Anne", "d'Hervé", "2011-06-21")
    pages = pages_text(candidate_notice(room.state, URL, now=NOW))
    assert "Ayşe Şahin, née le 02/04/2011" in pages[2]
    assert "Hans Ørsted, né le 30/08/2011" in pages[1]
    assert "Anne d'Hervé, date de naissance : 21/06/2011" in pages[0]


def test_a_generic_page_when_nobody_is_enrolled():
    pages = pages_text(candidate_notice(Room().state, URL, now=NOW))
    assert len(pages) == 1
    assert "Prénom ....." in pages[0] and "Date de naissance jour / mois / année" in pages[0]
    assert URL in pages[0] and "Numéro de session 4821" in pages[0]
