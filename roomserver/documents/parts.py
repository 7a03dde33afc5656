"""Pieces several documents print the same way: the session block, the codes legend, the
invigilators' signatures."""

from __future__ import annotations

from roomserver.core.incidents import INCIDENT_CODES, LEGACY_CODES
from roomserver.core.states import SESSION_LABELS

from .base import SessionDocument
from .french import DASH, clock_text, invigilator_names, session_date


def session_block(pdf: SessionDocument, state, *, status: bool = False,
                  extra: list[tuple[str, str]] | None = None) -> None:
    """Number, date, start time, site, room, invigilators (and the session's state), two columns."""
    details = state.details
    names = invigilator_names(state)
    pairs = [("Session", f"n° {state.number}"), ("Date", session_date(details)),
             ("Heure de début", f"{clock_text(details.get('start_time'))} (heure locale)"),
             ("Site", details.get("site") or DASH), ("Salle", details.get("room") or DASH),
             ("Surveillants" if len(names) > 1 else "Surveillant", ", ".join(names) or DASH)]
    if status:
        pairs.append(("État de la session", SESSION_LABELS.get(state.status, str(state.status))))
    pairs.extend(extra or [])
    pdf.fields(pairs, label_width=40, size=9.5, columns=2)
    pdf.ln(2)


def codes_legend(pdf: SessionDocument) -> None:
    """The incident codes and their meaning (current ones; the old ones in a note)."""
    pdf.para("Les codes C concernent le candidat ou la session, les codes E une question (avec son numéro).",
             size=9, muted=True)
    pdf.grid(("Code", "Signification"), list(INCIDENT_CODES.items()), (20, 160), size=9)
    legacy = " ; ".join(f"{code} : {text}" for code, text in LEGACY_CODES.items())
    pdf.para(f"Anciens codes encore imprimés sur certains formulaires (ne plus les utiliser) : {legacy}.",
             size=8, muted=True)


def invigilator_signatures(pdf: SessionDocument, state, title: str = "Signature des surveillants") -> None:
    names = invigilator_names(state)
    pdf.heading(title, keep=45)
    pdf.signature_boxes([f"Surveillant : {name}" for name in names] or ["Surveillant", "Surveillant"])
