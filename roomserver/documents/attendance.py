"""The attendance sheet (feuille d'émargement): who sat, signed, and had their end screen seen."""

from __future__ import annotations

import datetime as dt

from .base import SessionDocument
from .french import birthdate, birthplace, extra_time, invigilator_names, plural, sorted_candidates
from .parts import session_block

TICK = "✓"
HEADINGS = ("N°", "Nom de naissance", "Prénom", "Date de naissance", "Lieu de naissance", "Temps majoré",
            "Signature du candidat", "Écran de fin vu")
WIDTHS = (9, 44, 36, 24, 50, 18, 66, 20)  # 267 mm: the width of a landscape A4 page inside the margins
ALIGNS = ("CENTER", "LEFT", "LEFT", "CENTER", "LEFT", "CENTER", "LEFT", "CENTER")
ROW_HEIGHT = 12  # mm: room for a signature


def attendance_sheet(state, *, now: dt.datetime | None = None) -> bytes:
    """Return the attendance sheet as PDF bytes (landscape A4, one row per candidate)."""
    pdf = SessionDocument(state, "Feuille d'émargement", landscape=True, now=now)
    pdf.add_page()
    candidates = sorted_candidates(state.candidates.values())
    pdf.big_title("Feuille d'émargement")
    session_block(pdf, state, extra=[("Candidats inscrits", plural(len(candidates), "candidat"))])
    pdf.para("Chaque candidat signe après la vérification de son identité. Cochez « Écran de fin vu » "
             "quand vous avez vu l'écran de fin de test du candidat (le tableau de bord le note aussi).",
             size=8.5, muted=True)
    if candidates:
        pdf.grid(HEADINGS, (_row(n, c) for n, c in enumerate(candidates, start=1)), WIDTHS, aligns=ALIGNS,
                 size=8.5, min_row_height=ROW_HEIGHT)
    else:
        pdf.para("Aucun candidat n'est inscrit à cette session pour le moment.", bold=True)
    pdf.heading("Signature des surveillants", keep=45)
    names = invigilator_names(state)
    pdf.signature_boxes(names or ["Surveillant", "Surveillant"], height=22, per_row=4)
    return pdf.finish()


def _row(number: int, candidate) -> list[str]:
    last_name = candidate.last_name
    if candidate.corrections:
        last_name += "\n(identité corrigée)"
    return [str(number), last_name, candidate.first_name, birthdate(candidate.birthdate),
            birthplace(candidate.details), extra_time(candidate.extra_time_pct), "",
            TICK if candidate.end_screen_seen else ""]
