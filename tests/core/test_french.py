"""French typography and plurals, applied to every refusal whoever wrote its message."""

from __future__ import annotations

import pytest

from roomserver.core.french import NBSP, plural, typo
from roomserver.core.refusal import Refusal


@pytest.mark.parametrize("written, shown", [
    ("Clôture impossible : 2 candidats", f"Clôture impossible{NBSP}: 2 candidats"),
    ("Vraiment ? Oui !", f"Vraiment{NBSP}? Oui{NBSP}!"),
    ("un ; deux", f"un{NBSP}; deux"),
    ("« en test »", f"«{NBSP}en test{NBSP}»"),
    ("33 %", f"33{NBSP}%"),
    ("à 09:00, http://exemple", "à 09:00, http://exemple"),  # no space written: nothing added
    (f"déjà{NBSP}: bon", f"déjà{NBSP}: bon"),
])
def test_typo(written, shown):
    assert typo(written) == shown


def test_typo_composes_decomposed_letters():
    assert typo("Nguye\u0302\u0303n") == "Nguyễn"


@pytest.mark.parametrize("count, shown", [(0, "0 candidat"), (1, "1 candidat"), (2, "2 candidats"), (-1, "-1 candidat")])
def test_plural(count, shown):
    assert plural(count, "candidat") == shown.replace(" ", NBSP)


def test_plural_with_an_irregular_form():
    assert plural(3, "poste prêt", "postes prêts") == f"3{NBSP}postes prêts"


def test_every_refusal_reads_in_french_typography():
    refusal = Refusal(409, "x", "La session a commencé : « inscrit » ?")
    assert refusal.message == f"La session a commencé{NBSP}: «{NBSP}inscrit{NBSP}»{NBSP}?"
    assert refusal.body()["error"]["message"] == refusal.message


def test_prose_typography_leaves_code_exactly_as_written():
    from roomserver.core.french import prose_typo

    text = ("Voici un programme Python :\n\n    x = 7\n    y = x if x > 5 else 0 ; print(y)\n\n"
            "Que vaut `a ? b : c` ici ? Et « ceci » !")
    assert prose_typo(text) == (
        "Voici un programme Python\u00a0:\n\n    x = 7\n    y = x if x > 5 else 0 ; print(y)\n\n"
        "Que vaut `a ? b : c` ici\u00a0? Et «\u00a0ceci\u00a0»\u00a0!")
    assert prose_typo("Lignes :\n    une ligne de code ?\nsuivie de prose ?") == \
        "Lignes\u00a0:\n    une ligne de code\u00a0?\nsuivie de prose\u00a0?"  # not a whole block: prose
