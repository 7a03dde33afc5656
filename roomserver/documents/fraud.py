"""Fraud reports (procès-verbaux de fraude): one per case, each starting on a new page."""

from __future__ import annotations

import datetime as dt

from .base import SessionDocument
from .french import DASH, at_datetime, birthdate, clock_text, full_name, invigilator_name, local, session_date
from .parts import session_block

TITLE = "Procès-verbal de fraude"
DOTS = "." * 60  # a field to fill by hand
SUBTITLE = ("Constatation de fraude ou de tentative de fraude, ou de faits de nature à troubler le bon "
            "déroulement de la session de certification")


def fraud_reports(state, *, now: dt.datetime | None = None) -> bytes:
    """Return one pre-filled procès-verbal per fraud case, or a blank one when there is none."""
    pdf = SessionDocument(state, TITLE, now=now)
    if not state.frauds:
        _blank(pdf, state)
        return pdf.finish()
    for number, fraud in enumerate(state.frauds, start=1):
        pdf.add_page()
        _case(pdf, state, fraud, number, len(state.frauds))
    return pdf.finish()


def _top(pdf: SessionDocument, state, case: str) -> None:
    pdf.big_title(f"{TITLE} – {case}", size=15)
    pdf.para(SUBTITLE, size=9, muted=True)
    session_block(pdf, state)


def _case(pdf: SessionDocument, state, fraud, number: int, total: int) -> None:
    _top(pdf, state, f"cas n° {number} sur {total}")
    concerned = [state.candidates[cid] for cid in fraud.candidate_ids if cid in state.candidates]
    unknown = [cid for cid in fraud.candidate_ids if cid not in state.candidates]
    pdf.heading("Candidats concernés")
    rows = [(c.last_name, c.first_name, birthdate(c.birthdate)) for c in concerned]
    rows += [(cid, DASH, DASH) for cid in unknown]
    pdf.grid(("Nom de naissance", "Prénom", "Date de naissance"), rows, (70, 70, 40), size=9.5)
    pdf.heading("Les faits")
    pdf.fields([("Date", session_date(state.details)),
                ("Heure des faits", clock_text(fraud.observed_at)),
                ("Noté sur le serveur", f"{at_datetime(local(fraud.at))} (heure locale du serveur)"),
                ("Surveillant", invigilator_name(state, fraud.by))], label_width=48, size=9.5)
    pdf.para("Ce qui a été constaté :", bold=True, size=9.5, gap=0.5)
    pdf.para(fraud.facts or DASH, size=9.5, gap=2)
    pdf.para("Mesures prises :", bold=True, size=9.5, gap=0.5)
    pdf.para(fraud.measures or DASH, size=9.5, gap=2)
    pdf.heading("Observations du candidat (facultatif)")
    pdf.blank_lines(3)
    labels = [f"Surveillant : {invigilator_name(state, fraud.by)}"]
    labels += [f"Candidat : {full_name(c)}" for c in concerned]
    pdf.heading("Signatures", keep=45)
    pdf.signature_boxes(labels, height=24)


def _blank(pdf: SessionDocument, state) -> None:
    pdf.add_page()
    _top(pdf, state, "formulaire vierge")
    pdf.framed("Aucune fraude n'a été signalée pour cette session. Ce formulaire vierge sert si un cas doit "
               "être constaté : un procès-verbal par cas.", size=9.5)
    pdf.heading("Candidats concernés")
    pdf.grid(("Nom de naissance", "Prénom", "Date de naissance"), [("", "", "")] * 3, (70, 70, 40), size=9.5,
             min_row_height=9)
    pdf.heading("Les faits")
    pdf.fields([("Heure des faits", DOTS), ("Surveillant", DOTS)], label_width=48, size=9.5)
    pdf.para("Ce qui a été constaté :", bold=True, size=9.5, gap=0)
    pdf.blank_lines(4)
    pdf.para("Mesures prises :", bold=True, size=9.5, gap=0)
    pdf.blank_lines(2)
    pdf.heading("Signatures", keep=45)
    pdf.signature_boxes(["Surveillant", "Candidat"], height=24, per_row=2)
