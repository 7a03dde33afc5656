"""The incident report (procès-verbal d'incident): one per session.

Blank, it is the form the invigilator fills by hand. Once something is in the journal, it
is pre-filled from it: incidents, the candidates' alerts and what was decided, added time,
fraud reports (summarised; each has its own procès-verbal de fraude), identity
corrections, the global comment and, once finalised, the abort reasons and the final hash.
"""

from __future__ import annotations

import datetime as dt

from roomserver.core.incidents import label

from .base import SessionDocument
from .french import (
    DASH,
    at_datetime,
    at_time,
    birthdate,
    clock_text,
    duration,
    full_name,
    invigilator_name,
    local,
    plural,
    sorted_candidates,
)
from .parts import codes_legend, invigilator_signatures, session_block

TITLE = "Procès-verbal d'incident"
BLANK_HEADINGS = ("Prénom et nom", "Code", "N° de question", "Heure", "Détails")
BLANK_WIDTHS = (45, 15, 20, 17, 83)

IDENTITY_LABELS = {
    "first_name": "prénom", "last_name": "nom de naissance", "birthdate": "date de naissance",
    "sex": "sexe", "birth_city": "commune de naissance", "birth_postal_code": "code postal de naissance",
    "birth_insee_code": "code INSEE de naissance", "birth_country": "pays de naissance",
    "email": "adresse électronique", "external_id": "identifiant externe",
}
ALERT_DECISIONS = {"open": "non traitée", "dismissed": "écartée"}
ABORT_REASONS = {"abandon": "abandon du candidat", "technical": "problème technique"}  # keep in sync with core/finalisation.py


def incident_report(state, blank: bool = False, *, now: dt.datetime | None = None) -> bytes:
    """Return the incident report as PDF bytes: pre-filled from the journal, or a blank form."""
    pdf = SessionDocument(state, TITLE, now=now)
    pdf.add_page()
    pdf.big_title(TITLE)
    session_block(pdf, state, status=not blank)
    if blank or not _anything_recorded(state):
        _blank_form(pdf, state, nothing_recorded=not blank)
    else:
        _prefilled(pdf, state)
    pdf.heading("Codes d'incident", keep=60)
    codes_legend(pdf)
    invigilator_signatures(pdf, state)
    return pdf.finish()


def _anything_recorded(state) -> bool:
    return bool(state.incidents or state.frauds or state.time_additions or state.comment or state.finalisation
                or any(c.alerts or c.corrections for c in state.candidates.values()))


def _name(state, candidate_id: str | None) -> str:
    if candidate_id is None:
        return "toute la session"
    found = state.candidates.get(candidate_id)
    return full_name(found) if found else candidate_id


def _blank_rows(pdf: SessionDocument, count: int) -> None:
    pdf.grid(BLANK_HEADINGS, [("",) * len(BLANK_HEADINGS)] * count, BLANK_WIDTHS, size=9, min_row_height=10)


def _blank_form(pdf: SessionDocument, state, *, nothing_recorded: bool) -> None:
    if nothing_recorded:
        pdf.framed("Aucun incident n'est enregistré pour cette session : ce formulaire est à remplir à la main.",
                   size=9.5)
    pdf.para("Notez chaque signalement le plus précisément possible : le candidat, le code, le numéro de la "
             "question concernée, l'heure et ce qui s'est passé. Une erreur d'identité (code C1) s'écrit avec "
             "la bonne orthographe ou la bonne date. Une fraude a aussi son procès-verbal de fraude.", size=9)
    pdf.heading("Signalements individuels")
    _blank_rows(pdf, 12)
    pdf.heading("Commentaire global sur la session")
    pdf.para("Facultatif : n'écrivez rien si tout s'est bien passé.", size=9, muted=True, gap=0)
    pdf.blank_lines(5)


def _prefilled(pdf: SessionDocument, state) -> None:
    pdf.para("Pré-rempli à partir du journal de la session. Les heures sont celles du serveur (heure locale).",
             size=9, muted=True)
    _incidents(pdf, state)
    _alerts(pdf, state)
    _time_added(pdf, state)
    _frauds(pdf, state)
    _corrections(pdf, state)
    pdf.heading("Commentaire global sur la session")
    pdf.para(state.comment or "Aucun commentaire.", size=9.5)
    if state.finalisation:
        _finalisation(pdf, state)
    pdf.heading("Autres signalements (à compléter à la main)")
    _blank_rows(pdf, 4)


def _incidents(pdf: SessionDocument, state) -> None:
    pdf.heading(f"Incidents ({plural(len(state.incidents), 'incident')})")
    if not state.incidents:
        pdf.para("Aucun incident enregistré.", size=9.5)
        return
    rows = []
    for incident in sorted(state.incidents, key=lambda i: i.at):
        text = incident.text + (" (signalé par le candidat)" if incident.alert_id else "")
        rows.append((at_time(incident.at), incident.code, label(incident.code), _name(state, incident.candidate_id),
                     str(incident.index + 1) if incident.index is not None else DASH, text,
                     invigilator_name(state, incident.by)))
    pdf.grid(("Heure", "Code", "Nature", "Candidat", "N° q.", "Description", "Surveillant"), rows,
             (16, 11, 34, 31, 11, 55, 22), aligns=("CENTER", "CENTER", "LEFT", "LEFT", "CENTER", "LEFT", "LEFT"),
             size=8.5)


def _alerts(pdf: SessionDocument, state) -> None:
    alerts = sorted(((c, a) for c in state.candidates.values() for a in c.alerts), key=lambda pair: pair[1].at)
    pdf.heading("Problèmes signalés par les candidats (« Signaler un problème »)")
    if not alerts:
        pdf.para("Aucun problème signalé par un candidat.", size=9.5)
        return
    rows = []
    for candidate, alert in alerts:
        if alert.status == "validated":
            decision = f"validé : {alert.code} – {label(alert.code or '')}"
            decision += ", question remplacée" if alert.replacement else ""
        else:
            decision = ALERT_DECISIONS.get(alert.status, alert.status)
        rows.append((at_time(alert.at), full_name(candidate), str(alert.index + 1), alert.message or DASH, decision))
    pdf.grid(("Heure", "Candidat", "N° q.", "Message du candidat", "Décision du surveillant"), rows,
             (16, 35, 11, 60, 58), aligns=("CENTER", "LEFT", "CENTER", "LEFT", "LEFT"), size=8.5)


def _time_added(pdf: SessionDocument, state) -> None:
    pdf.heading("Temps ajouté")
    if not state.time_additions:
        pdf.para("Aucun temps ajouté.", size=9.5)
        return
    rows = []
    for addition in state.time_additions:
        ids = addition.get("candidate_ids", [])
        names = sorted_candidates(state.candidates[i] for i in ids if i in state.candidates)
        who = ", ".join(full_name(c) for c in names) or DASH
        if addition.get("everyone"):
            who = f"tous les candidats en test ({plural(len(ids), 'candidat')}) : {who}"
        given = f"+ {duration(addition.get('seconds', 0))}"
        reason = addition.get("reason") or DASH
        withdrawn = addition.get("withdrawn")
        if withdrawn:  # kept in the journal and on the report, but no longer counted
            given = f"{given} (retiré)"
            reason = f"{reason} — retiré par {invigilator_name(state, withdrawn.get('by'))} : {withdrawn.get('reason', DASH)}"
        rows.append((at_time(addition.get("at")), who, given, reason, invigilator_name(state, addition.get("by"))))
    pdf.grid(("Heure", "Candidats", "Temps", "Motif", "Surveillant"), rows, (16, 67, 17, 58, 22),
             aligns=("CENTER", "LEFT", "CENTER", "LEFT", "LEFT"), size=8.5)


def _frauds(pdf: SessionDocument, state) -> None:
    count = len(state.frauds)
    pdf.heading(f"Fraudes ({plural(count, 'procès-verbal', 'procès-verbaux')} de fraude)")
    if not count:
        pdf.para("Aucune fraude signalée.", size=9.5)
        return
    pdf.para("Résumé : chaque cas a son procès-verbal de fraude, avec le détail des faits et les signatures.",
             size=9)
    rows = []
    for number, fraud in enumerate(state.frauds, start=1):
        names = ", ".join(_name(state, cid) for cid in fraud.candidate_ids)
        rows.append((str(number), clock_text(fraud.observed_at), names, fraud.facts, invigilator_name(state, fraud.by)))
    pdf.grid(("Cas", "Heure des faits", "Candidats", "Faits (voir le PV de fraude)", "Surveillant"), rows,
             (10, 18, 50, 80, 22), aligns=("CENTER", "CENTER", "LEFT", "LEFT", "LEFT"), size=8.5)


def _corrections(pdf: SessionDocument, state) -> None:
    corrected = [c for c in sorted_candidates(state.candidates.values()) if c.corrections]
    pdf.heading("Corrections d'identité (C1)")
    if not corrected:
        pdf.para("Aucune identité corrigée.", size=9.5)
        return
    rows = []
    for candidate in corrected:
        for correction in candidate.corrections:
            rows.append((full_name(candidate), _identity(correction.get("before", {})),
                         _identity(correction.get("after", {})),
                         f"{local(correction['at']).strftime('%d/%m/%Y')} {at_time(correction['at'])}"
                         if correction.get("at") else DASH))
    pdf.grid(("Candidat (identité corrigée)", "Avant", "Après", "Corrigé le"), rows, (42, 56, 56, 26),
             size=8.5)


def _identity(values: dict) -> str:
    lines = []
    for name, value in values.items():
        shown = birthdate(value) if name == "birthdate" else (str(value) if value not in (None, "") else DASH)
        lines.append(f"{IDENTITY_LABELS.get(name, name)} : {shown}")
    return "\n".join(lines) or DASH


def _finalisation(pdf: SessionDocument, state) -> None:
    final = state.finalisation
    pdf.heading("Finalisation")
    pairs = []
    if final.get("at"):
        pairs.append(("Finalisée le", at_datetime(local(final["at"]))))
    if final.get("by"):
        pairs.append(("Par", str(final["by"])))
    for key, text in (("incident_occurred", "Un incident a eu lieu"),
                      ("joining_issue", "Des candidats n'ont pas pu rejoindre")):
        if key in final:
            pairs.append((text, "oui" if final[key] else "non"))
    if pairs:
        pdf.fields(pairs, label_width=75, size=9.5)
    reasons = _abort_reasons(final)
    if reasons:
        pdf.para("Motifs des tests non terminés :", bold=True, size=9.5)
        rows = [(_name(state, cid), ABORT_REASONS.get(reason, reason)) for cid, reason in reasons]
        pdf.grid(("Candidat", "Motif"), rows, (70, 110), size=8.5)
    final_hash = final.get("final_hash")
    pdf.para("Empreinte finale du journal scellé (HMAC-SHA-256) :", bold=True, size=9.5, gap=0.5)
    pdf.para(final_hash or "non indiquée", size=8.5)


def _abort_reasons(final: dict) -> list[tuple[str, str]]:
    """The abort reasons, given as {candidate_id: reason} or as [{"candidate_id", "reason"}]."""
    reasons = final.get("abort_reasons") or {}
    if isinstance(reasons, dict):
        return [(cid, str(reason)) for cid, reason in reasons.items()]
    return [(item.get("candidate_id", DASH), str(item.get("reason", DASH))) for item in reasons]
