"""Provisional results of a finalised session: scored by the core from the sealed
journal (``core.scoring``), shown to the administrator, exported as CSV and PDF.
Candidates never see results on the room server."""

from __future__ import annotations

import csv
import io

from ..core.scoring import score_session
from ..core.scoring_report import explain
from ..core.session import SessionState

STATUS_LABELS = {"validated": "certification validée", "rejected": "certification rejetée", "absent": "absent"}
REASON_LABELS = {"reproducibility_below_50": "taux de reproductibilité inférieur à 50\u00a0%",
                 "no_pix": "aucun pix certifié"}


def session_results(state: SessionState, catalogue) -> list[dict]:
    """One entry per candidate, sorted by name: the scoring result, the name, the report."""
    abort_reasons = (state.finalisation or {}).get("abort_reasons", {})
    scored = {r.candidate_id: r for r in score_session(state, catalogue, abort_reasons)}
    entries = []
    for candidate in sorted(state.candidates.values(), key=lambda c: (c.last_name.casefold(), c.first_name.casefold())):
        result = scored[candidate.id]
        entry = result.to_dict()
        entry.update({"first_name": candidate.first_name, "last_name": candidate.last_name,
                      "name": f"{candidate.first_name} {candidate.last_name}", "birthdate": candidate.birthdate,
                      "status_label": STATUS_LABELS[entry["status"]],
                      "reason_labels": [REASON_LABELS.get(r, r) for r in entry.get("reasons", [])],
                      "report": explain(result) if entry["status"] != "absent" else []})
        entries.append(entry)
    return entries


def results_csv(state: SessionState, results: list[dict], competence_codes: list[str]) -> bytes:
    """``;``-separated, UTF-8 with BOM: opens as a table in a French Excel or LibreOffice."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Numéro de session", "Nom de naissance", "Prénom", "Date de naissance", "Statut", "Motif",
                     "Pix", "Taux de reproductibilité (%)"] + [f"Niveau {c}" for c in competence_codes])
    for entry in results:
        levels = {c["code"]: c["level"] for c in entry.get("competences", [])}
        rate = entry.get("reproducibility_rate")
        day = "/".join(reversed(entry["birthdate"].split("-")))
        writer.writerow([state.number, entry["last_name"], entry["first_name"], day, entry["status_label"],
                         ", ".join(entry["reason_labels"]), entry.get("pix", ""), "" if rate is None else rate]
                        + [levels.get(c, "") for c in competence_codes])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
