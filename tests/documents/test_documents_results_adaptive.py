"""The provisional results sheet of an adaptive session: the global level where the classic
sheet has the rate, a cancelled certification in words, the adaptive note, the final hash."""

import datetime as dt

from documentkit import enrolled_room, pages_text, people

from roomserver.documents import results_sheet
from roomserver.documents.results import COMPETENCES

NOW = dt.datetime(2026, 11, 30, 17, 56)
FINAL_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def _result(cid, status, pix=None, level=None, reasons=(), competence_level=None):
    competences = [{"code": code, "title": f"Titre {code}", "level": competence_level, "pix": competence_level * 8}
                   for code in COMPETENCES] if competence_level is not None else []
    return {"candidate_id": cid, "status": status, "reasons": list(reasons), "pix": pix, "reproducibility_rate": None,
            "competences": competences, "algorithm": "adaptive", "global_level": level}


def test_an_adaptive_results_sheet_shows_the_global_level_and_cancelled_tests():
    room = enrolled_room(4)
    room.state.details["algorithm"] = "adaptive"
    results = [_result("c1", "validated", 469, 4, competence_level=5),
               _result("c2", "cancelled", reasons=["too_few_answers"]),
               _result("c3", "rejected", 0, 0, ["capacity_below_scale"], competence_level=0),
               _result("c4", "absent")]
    whole = " ".join(pages_text(results_sheet(room.state, results, FINAL_HASH, now=NOW)))
    (first1, last1, _), (first2, last2, _), (first3, last3, _), _ = people(4)
    assert "Nom de naissance Prénom Résultat Pix Niveau 1.1" in whole and "Taux" not in whole
    assert f"{last1} {first1} certification validée 469 4 " + " ".join(["5"] * 16) in whole
    assert f"{last2} {first2} annulée : trop peu de réponses pour un score – – " + " ".join(["–"] * 16) in whole
    assert f"{last3} {first3} rejetée : capacité sous le bas de l'échelle du score 0 0" in whole
    assert "1 certification validée, 1 rejetée, 1 annulée, 1 absent." in whole
    assert "Test adaptatif : 32 questions choisies selon les réponses" in whole
    assert FINAL_HASH in whole.replace(" ", "")
