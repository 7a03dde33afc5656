"""The attendance sheet: every candidate exactly once, in French order, over several pages with
the table header repeated and no row split; ticks, extra time, birthplaces, corrected identities."""

import datetime as dt
import re
import time

import pytest
from documentkit import (
    ACCESS_CODE,
    Room,
    all_text,
    enrolled_room,
    occurrences,
    pages_text,
    people,
    reader,
    squash,
)

from roomserver.core import invigilation
from roomserver.documents import attendance_sheet
from roomserver.documents.french import sort_key

NOW = dt.datetime(2026, 11, 30, 17, 56)


@pytest.fixture(scope="module")
def big():
    room = enrolled_room(45)
    started = time.perf_counter()
    data = attendance_sheet(room.state, now=NOW)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"45 candidates took {elapsed:.2f} s"
    return room.state, data


def test_45_candidates_flow_over_several_landscape_pages(big):
    state, data = big
    pages = reader(data).pages
    assert len(pages) >= 3
    for page in pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape: the table needs it
    texts = pages_text(data)
    with_rows = [t for t in texts if re.search(r"\d\d/\d\d/\d{4}", t)]
    assert len(with_rows) >= 3
    for text in with_rows:  # the table header is repeated on every page that has rows
        assert "N° Nom de naissance Prénom Date de naissance Lieu de naissance Temps majoré " \
               "Signature du candidat Écran de fin vu" in text


def test_every_candidate_exactly_once_and_never_split_across_pages(big):
    state, data = big
    texts = pages_text(data)
    whole = " ".join(texts)
    for first, last, born in people(45):
        assert occurrences(last, whole) == 1, last
        assert occurrences(first, whole) == 1, first
        day = f"{born[8:]}/{born[5:7]}/{born[:4]}"
        on = [i for i, t in enumerate(texts) if occurrences(last, t)]
        assert len(on) == 1
        assert occurrences(first, texts[on[0]]) == 1 and day in texts[on[0]], (last, "split")


def test_rows_follow_french_order_and_are_numbered(big):
    state, data = big
    whole = all_text(data)
    expected = sorted(people(45), key=lambda p: sort_key(p[1], p[0]))
    positions = [re.search(rf"(?<![\w'-]){re.escape(last)} {re.escape(first)} ", whole) for first, last, _ in expected]
    assert all(positions), [p[1] for p, m in zip(expected, positions) if not m]
    starts = [m.start() for m in positions]
    assert starts == sorted(starts)
    assert expected[0][1] == "Ærøe"  # Æ sorts as AE, before every B
    for number, (first, last, _) in enumerate(expected, start=1):
        assert re.search(rf"(?<!\d){number} {re.escape(last)} {re.escape(first)} ", whole), (number, last)
    assert "Candidats inscrits : 45 candidats" in whole


def test_session_details_extra_time_and_birthplace(big):
    state, data = big
    whole = all_text(data)
    for needed in ("Session : n° 4821", "Date : mardi 12 mai 2026", "Heure de début : 09 h 00 (heure locale)",
                   "Site : Collège Jean Moulin", "Salle : B12",
                   "Surveillants : Mme Łucja Kowalska, M. Văn An Phạm",
                   "Signature des surveillants"):
        assert needed in whole, needed
    assert whole.count("33 %") == sum(1 for c in state.candidates.values() if c.extra_time_pct) == 9
    assert "Lyon (69003)" in whole and "Dakar, Sénégal" in whole
    assert ", France" not in whole  # the country is printed only abroad
    assert ACCESS_CODE not in whole.replace(" ", "")


def test_end_screen_seen_is_ticked_and_corrected_identity_used():
    room = Room()
    room.ready("c1", "Élodie", "Martn", "2011-03-14")
    room.ready("c2", "Inès", "N'Diaye", "2010-12-23")
    room.enrol("c3", "Noah", "Dupont", "2011-01-30")
    room.start_session()
    room.start_test("c1")
    room.finish("c1")
    room.run(invigilation.mark_end_screen_seen, "c1", "s1")
    room.record([("identity_corrected", {"candidate_id": "c1", "by": "admin",
                                         "before": {"last_name": "Martn", "birthdate": "2011-03-14"},
                                         "after": {"last_name": "Martin", "birthdate": "2011-03-15"}})])
    whole = all_text(attendance_sheet(room.state, now=NOW))
    assert "Martin (identité corrigée) Élodie 15/03/2011" in whole
    assert occurrences("Martn", whole) == 0 and "14/03/2011" not in whole
    assert whole.count("(identité corrigée)") == 1
    assert whole.count("✓") == 1
    row = re.search(r"2 Martin \(identité corrigée\) Élodie 15/03/2011(.*?) 3 N'Diaye", whole)
    assert row and "✓" in row.group(1)
    assert "Candidats inscrits : 3 candidats" in whole


def test_an_empty_session_still_prints_a_sheet():
    whole = squash(" ".join(pages_text(attendance_sheet(Room().state, now=NOW))))
    assert "Aucun candidat n'est inscrit à cette session pour le moment." in whole
    assert "Candidats inscrits : 0 candidat" in whole
