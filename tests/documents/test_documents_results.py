"""The provisional results sheet: outcome in words, pix, rate, a level per competence, the
sealed journal's final hash on every page, and the provisional warning."""

import datetime as dt

from documentkit import enrolled_room, pages_text, people, reader

from roomserver.documents import results_sheet
from roomserver.documents.results import COMPETENCES

NOW = dt.datetime(2026, 11, 30, 17, 56)
FINAL_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
WARNING = ("Résultats provisoires : ils ne deviennent définitifs qu'après validation par l'organisme "
           "certificateur.")


def _result(cid, status, pix=0, rate=None, levels=None, reasons=()):
    competences = [{"code": code, "title": f"Titre {code}", "level": level, "pix": level * 8}
                   for code, level in (levels or {}).items()]
    return {"candidate_id": cid, "status": status, "reasons": list(reasons), "pix": pix,
            "reproducibility_rate": rate, "competences": competences}


def test_outcomes_in_words_levels_and_hash():
    room = enrolled_room(4)
    results = [
        _result("c1", "validated", 184, 87.5, {code: 1 + i % 5 for i, code in enumerate(COMPETENCES)}),
        _result("c2", "rejected", 40, 41.7, {"1.1": 2, "5.2": 3}, ["reproducibility_below_50"]),
        _result("c3", "absent"),
    ]
    data = results_sheet(room.state, results, FINAL_HASH, now=NOW)
    pages = pages_text(data)
    whole = " ".join(pages)
    (first1, last1, _), (first2, last2, _), (first3, last3, _), (first4, last4, _) = people(4)
    levels = " ".join(str(1 + i % 5) for i in range(16))
    assert f"{last1} {first1} certification validée 184 87,5 % {levels}" in whole
    assert f"{last2} {first2} rejetée : taux de reproductibilité inférieur à 50 % 40 41,7 % 2 " + \
        "– " * 14 + "3" in whole
    assert f"{last3} {first3} absent – – " + " ".join(["–"] * 16) in whole
    assert f"{last4} {first4} pas de résultat" in whole  # enrolled, not in the results
    assert "3 candidats : 1 certification validée, 1 rejetée, 1 absent." in whole
    assert WARNING in whole
    assert "1.1 Titre 1.1 ; 1.2 Titre 1.2" in whole
    assert "Nom de naissance Prénom Résultat Pix Taux " + " ".join(COMPETENCES) in whole
    for page in reader(data).pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)
    for text in pages:
        assert f"Journal scellé, empreinte finale (HMAC-SHA-256) : {FINAL_HASH}" in text


def test_many_candidates_keep_the_hash_and_header_on_every_page():
    room = enrolled_room(45)
    results = [_result(cid, "validated", 100, 75, {"1.1": 3}) for cid in room.state.candidates]
    pages = pages_text(results_sheet(room.state, results, FINAL_HASH, now=NOW))
    assert len(pages) >= 2
    whole = " ".join(pages)
    for first, last, _ in people(45):
        assert f"{last} {first} certification validée 100 75 % 3" in whole, last
    for text in pages:
        assert FINAL_HASH in text and "Résultat Pix Taux 1.1" in text
    assert "45 candidats : 45 certifications validées, 0 rejetée, 0 absent." in whole
