"""Provisional results of a finalised session: scored by the core from the sealed
journal (``core.scoring``), shown to the administrator, exported as CSV and PDF.
Candidates never see results on the room server."""

from __future__ import annotations

import csv
import io

from ..core.adaptive import AdaptiveResult
from ..core.adaptive_flow import is_adaptive
from ..core.adaptive_flow import result as adaptive_result
from ..core.scoring import score_session
from ..core.scoring_report import explain
from ..core.session import SessionState

STATUS_LABELS = {"validated": "certification validée", "rejected": "certification rejetée", "absent": "absent",
                 "cancelled": "certification annulée"}
REASON_LABELS = {"reproducibility_below_50": "taux de reproductibilité inférieur à 50\u00a0%",
                 "no_pix": "aucun pix certifié",
                 "too_few_answers": "trop peu de réponses pour un score",
                 "capacity_below_scale": "capacité sous le bas de l'échelle du score"}


def _scored(state: SessionState, catalogue, abort_reasons: dict) -> dict:
    """candidate id -> result (``to_dict``, ``explain``): classic or adaptive, as the session says."""
    if is_adaptive(state):
        return {c.id: adaptive_result(state, c, catalogue, abort_reasons.get(c.id)) for c in state.candidates.values()}
    return {r.candidate_id: r for r in score_session(state, catalogue, abort_reasons)}


def session_results(state: SessionState, catalogue) -> list[dict]:
    """One entry per candidate, sorted by name: the scoring result, the name, the report."""
    abort_reasons = (state.finalisation or {}).get("abort_reasons", {})
    scored = _scored(state, catalogue, abort_reasons)
    entries = []
    for candidate in sorted(state.candidates.values(), key=lambda c: (c.last_name.casefold(), c.first_name.casefold())):
        result = scored[candidate.id]
        entry = result.to_dict()
        entry.update({"first_name": candidate.first_name, "last_name": candidate.last_name,
                      "name": f"{candidate.first_name} {candidate.last_name}", "birthdate": candidate.birthdate,
                      "status_label": STATUS_LABELS[entry["status"]],
                      "reason_labels": [REASON_LABELS.get(r, r) for r in entry.get("reasons", [])],
                      "report": _report(result) if entry["status"] != "absent" else []})
        entries.append(entry)
    return entries


def _report(result) -> list[str]:
    return result.explain() if isinstance(result, AdaptiveResult) else explain(result)


def results_csv(state: SessionState, results: list[dict], competence_codes: list[str]) -> bytes:
    """``;``-separated, UTF-8 with BOM: opens as a table in a French Excel or LibreOffice."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    adaptive = is_adaptive(state)
    extra = ["Niveau global", "Capacité estimée", "Réponses prises en compte", "Échecs simulés"] if adaptive else []
    writer.writerow(["Numéro de session", "Nom de naissance", "Prénom", "Date de naissance", "Statut", "Motif",
                     "Pix", "Taux de reproductibilité (%)"] + [f"Niveau {c}" for c in competence_codes] + extra)
    for entry in results:
        levels = {c["code"]: c["level"] for c in entry.get("competences", [])}
        rate = entry.get("reproducibility_rate")
        day = "/".join(reversed(entry["birthdate"].split("-")))
        pix = entry.get("pix")
        row = [state.number, entry["last_name"], entry["first_name"], day, entry["status_label"],
               ", ".join(entry["reason_labels"]), "" if pix is None else pix, "" if rate is None else rate]
        row += [levels.get(c, "") for c in competence_codes]
        if adaptive:
            capacity = entry.get("capacity")
            row += [_blank(entry.get("global_level")),
                    "" if capacity is None else f"{capacity:.2f}".replace(".", ","),
                    entry.get("answers_counted", ""), entry.get("simulated_failures", "")]
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _blank(value) -> object:
    return "" if value is None else value
