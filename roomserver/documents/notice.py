"""The candidate's notice, handed out before the day: one page per candidate, in the
attendance sheet's order, with their own identity exactly as they will type it."""

from __future__ import annotations

import datetime as dt

from roomserver.core.timing import BASE_TEST_S, allowed_s

from .base import SessionDocument
from .french import (
    birthdate,
    clock_text,
    duration,
    extra_time,
    room_line,
    session_date,
    sorted_candidates,
)

TITLE = "Convocation à la certification"
DOTS = "." * 40  # a field the pupil fills in on the generic notice

BRING = [
    "votre pièce d'identité (carte d'identité, passeport ou titre de séjour) : elle est vérifiée à l'entrée ;",
    "un stylo, pour signer la feuille d'émargement.",
]


def candidate_notice(state, candidate_url: str, *, now: dt.datetime | None = None) -> bytes:
    """Return one notice page per candidate (or a single generic page when nobody is enrolled)."""
    pdf = SessionDocument(state, TITLE, now=now)
    candidates = sorted_candidates(state.candidates.values())
    for candidate in candidates:
        pdf.add_page()
        _page(pdf, state, candidate_url, candidate)
    if not candidates:
        pdf.add_page()
        _page(pdf, state, candidate_url, None)
    return pdf.finish()


def _page(pdf: SessionDocument, state, candidate_url: str, candidate) -> None:
    details = state.details
    pdf.big_title("Convocation à la certification des compétences numériques", size=14)
    pdf.para("Notice à lire avant le jour de la session, puis à apporter avec vous.", size=9, muted=True)
    if candidate is not None:
        pdf.para(_who(candidate), size=13, bold=True, gap=1)
    pdf.heading("Quand et où", size=11)
    pdf.fields([("Date", session_date(details)),
                ("Heure", f"{clock_text(details.get('start_time'))} (arrivez quelques minutes avant)"),
                ("Lieu", room_line(details))], label_width=30, size=9.5)
    pdf.heading("À apporter", size=11)
    pdf.bullets(BRING, size=9.5)
    pdf.para("Votre téléphone, votre montre connectée et vos écouteurs resteront éteints dans votre sac.",
             size=9.5)
    pdf.heading("Ce que vous écrirez sur l'ordinateur", size=11)
    if candidate is None:
        identity = [("Prénom", DOTS), ("Nom de naissance", DOTS), ("Date de naissance", "jour / mois / année")]
    else:
        identity = [("Prénom", candidate.first_name), ("Nom de naissance", candidate.last_name),
                    ("Date de naissance", birthdate(candidate.birthdate))]
    pdf.grid(("Où", "Ce que vous écrivez"), [
        ("Adresse, dans le navigateur", candidate_url),
        ("Numéro de session", f"{state.number} (il sera aussi écrit au tableau)"),
        *identity,
    ], (60, 120), size=10, line_height=6)
    pdf.para("Écrivez votre identité comme ci-dessus : les accents, les espaces et les tirets ne comptent pas. "
             "Si une information est fausse, dites-le au surveillant : elle sera corrigée.", size=9.5)
    pdf.heading("Comment se passe le test", size=11)
    pdf.bullets(_steps(candidate), size=9.5)
    pdf.ln(2)
    pdf.para("Il n'y a rien à apprendre par cœur : la certification montre ce que vous savez déjà faire avec "
             "le numérique. Prenez le temps de bien lire chaque question. Bonne certification !", size=9.5)


def _steps(candidate) -> list[str]:
    if candidate is not None and candidate.extra_time_pct:
        length = (f"Vous avez un temps majoré de {extra_time(candidate.extra_time_pct)} : votre test dure "
                  f"{duration(allowed_s(candidate.extra_time_pct))} au lieu de {duration(BASE_TEST_S)}.")
    else:
        length = (f"Le test dure {duration(BASE_TEST_S)}. Si vous avez droit à un temps majoré, il est "
                  "prévu sur la feuille d'émargement.")
    return [
        "Le surveillant vérifie votre identité, puis vous signez la feuille d'émargement.",
        "Quand tout le monde est prêt, il écrit le code d'accès au tableau : le test commence quand vous le "
        "tapez.",
        length,
        "Vous pouvez faire des recherches sur le web, mais vous ne devez communiquer avec personne.",
        "« Je valide » enregistre votre réponse. « Je passe » abandonne la question : on ne peut plus y "
        "revenir.",
        "Un souci (une image, un fichier, la page) ? Cliquez sur « Signaler un problème » ou levez la main. "
        "Si l'ordinateur s'arrête, vos réponses sont gardées : vous reprendrez là où vous en étiez.",
        "À la fin, l'écran de fin de test s'affiche : levez la main et attendez que le surveillant l'ait vu "
        "avant de partir.",
    ]


def _who(candidate) -> str:
    """'Ayşe Şahin, née le 02/04/2011' (the agreement follows the sex when it is known)."""
    sex = str(candidate.details.get("sex", "")).strip().upper()[:1]
    born = {"F": "née le", "M": "né le", "H": "né le"}.get(sex, "date de naissance :")
    return f"{candidate.first_name} {candidate.last_name}, {born} {birthdate(candidate.birthdate)}"
