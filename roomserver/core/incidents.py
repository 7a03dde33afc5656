"""Incident codes and the limits of what an invigilator writes (REFERENCE.md, Incidents).

The current codes are the only ones an invigilator can record. The older ones (A1, A2,
C3, C5) are still printed on some paper forms: they are named here so that a form can
be read, but a new record uses the current code instead.
"""

from __future__ import annotations

INCIDENT_CODES: dict[str, str] = {
    "C1": "Nom ou date de naissance à corriger",
    "C2": "Temps majoré",
    "C4": "Signature",
    "C6": "Suspicion de fraude",
    "C7": "Problème technique non bloquant",
    "C8": "Problème non bloquant du candidat",
    "E1": "L'image ne s'affiche pas",
    "E2": "L'application intégrée ne s'affiche pas",
    "E3": "La pièce jointe ne s'ouvre pas",
    "E4": "Le site est indisponible",
    "E5": "Le site est bloqué par le filtre de l'établissement",
    "E8": "Temps majoré dépassé sur une question chronométrée",
    "E9": "Problème logiciel",
    "E10": "Sortie de la fenêtre (question focus)",
    "E11": "Question passée par erreur",
    "E12": "Accessibilité",
}

LEGACY_CODES: dict[str, str] = {
    "A1": "Problème technique (ancien code)",
    "A2": "Autre (ancien code)",
    "C3": "Le candidat a quitté la salle (ancien code)",
    "C5": "Connexion ou écran de fin (ancien code)",
}

# A live alert is about one question: only the E-codes describe what went wrong with it.
QUESTION_CODES = tuple(code for code in INCIDENT_CODES if code.startswith("E"))

COMMENT_MAX = 500  # the global session comment (finalisation rule)
TEXT_MAX = 2000  # an incident description, a fraud report field
REASON_MAX = 300  # why time was added
ADDED_MINUTES_MAX = 120  # one addition; several may be made


def is_incident_code(code: str) -> bool:
    return code in INCIDENT_CODES


def is_question_code(code: str) -> bool:
    return code in QUESTION_CODES


def label(code: str) -> str:
    return INCIDENT_CODES.get(code) or LEGACY_CODES.get(code) or code
