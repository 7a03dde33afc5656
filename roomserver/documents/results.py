"""The provisional results sheet: per candidate the outcome in words, the pix and the level
reached in each of the 16 competences, with the sealed journal's final hash on every page."""

from __future__ import annotations

import datetime as dt

from .base import SessionDocument
from .french import DASH, percent, plural, sort_key

TITLE = "Résultats provisoires"
PROVISIONAL = ("Résultats provisoires : ils ne deviennent définitifs qu'après validation par l'organisme "
               "certificateur.")
COMPETENCES = ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2",
               "4.3", "5.1", "5.2")
# Why a certification is rejected, as the scoring names it; an unknown code prints as it is.
REASONS = {
    "reproducibility_below_50": "taux de reproductibilité inférieur à 50 %",
    "low_reproducibility": "taux de reproductibilité inférieur à 50 %",
    "zero_pix": "aucun pix certifié",
    "no_pix": "aucun pix certifié",
    "not_certifiable": "profil non certifiable",
    "fraud": "fraude",
    "too_few_answers": "trop peu de réponses pour un score",
    "capacity_below_scale": "capacité sous le bas de l'échelle du score",
}
HEADINGS = ("Nom de naissance", "Prénom", "Résultat", "Pix", "Taux", *COMPETENCES)
# Adaptive sessions: no reproducibility rate; the global level (0 to 7) in its column.
ADAPTIVE_HEADINGS = ("Nom de naissance", "Prénom", "Résultat", "Pix", "Niveau", *COMPETENCES)
WIDTHS = (33, 27, 62, 12, 13) + (7.5,) * len(COMPETENCES)  # 267 mm, a landscape A4 inside the margins
ALIGNS = ("LEFT", "LEFT", "LEFT", "CENTER", "CENTER") + ("CENTER",) * len(COMPETENCES)


def results_sheet(state, results: list[dict], final_hash: str, *, now: dt.datetime | None = None) -> bytes:
    """Return the provisional results as PDF bytes (landscape A4, the final hash in every footer)."""
    pdf = SessionDocument(state, TITLE, landscape=True, now=now,
                          footer_note=f"Journal scellé, empreinte finale (HMAC-SHA-256) : {final_hash or DASH}")
    pdf.add_page()
    pdf.big_title(f"Résultats provisoires de la session n° {state.number}", size=14)
    pdf.framed(PROVISIONAL, size=10, bold=True)
    pdf.para(_summary(results), size=9.5)
    by_id = {r.get("candidate_id"): r for r in results}
    rows = [_row(state, r) for r in sorted(results, key=lambda r: _order(state, r))]
    missing = [c for c in state.candidates.values() if c.id not in by_id]
    for candidate in sorted(missing, key=lambda c: sort_key(c.last_name, c.first_name)):
        rows.append((candidate.last_name, candidate.first_name, "pas de résultat", DASH, DASH,
                     *(DASH,) * len(COMPETENCES)))
    adaptive = _adaptive(state)
    if rows:
        pdf.grid(ADAPTIVE_HEADINGS if adaptive else HEADINGS, rows, WIDTHS, aligns=ALIGNS, size=8, line_height=4.2)
    else:
        pdf.para("Aucun candidat dans cette session.", bold=True)
    if adaptive:
        pdf.para("Test adaptatif : 32 questions choisies selon les réponses, une capacité estimée convertie en "
                 "pix (sur 895). Niveau : niveau global atteint (0 à 7). Colonnes 1.1 à 5.2 : niveau dans chaque "
                 "compétence, tiré de la même capacité (– : pas de score).", size=8, muted=True)
    else:
        pdf.para("Taux : taux de reproductibilité (réponses justes parmi les questions prises en compte). "
                 "Colonnes 1.1 à 5.2 : niveau certifié dans chaque compétence (– : compétence non évaluée).",
                 size=8, muted=True)
    titles = _titles(results)
    if titles:
        pdf.para(" ; ".join(f"{code} {title}" for code, title in titles) + ".", size=7.5, muted=True)
    return pdf.finish()


def _order(state, result: dict) -> tuple:
    candidate = state.candidates.get(result.get("candidate_id"))
    if candidate is None:
        return (1, str(result.get("candidate_id")))
    return (0, *sort_key(candidate.last_name, candidate.first_name), candidate.id)


def status_words(result: dict, candidate=None) -> str:
    """'certification validée', 'rejetée : taux de reproductibilité inférieur à 50 %', 'absent'."""
    status = result.get("status")
    if status == "validated":
        return "certification validée"
    if status == "rejected":
        reasons = [REASONS.get(code, str(code)) for code in result.get("reasons") or []]
        return "rejetée : " + " ; ".join(reasons) if reasons else "rejetée"
    if status == "cancelled":
        reasons = [REASONS.get(code, str(code)) for code in result.get("reasons") or []]
        return "annulée : " + " ; ".join(reasons) if reasons else "annulée"
    if status == "absent":
        female = candidate is not None and str(candidate.details.get("sex", "")).upper() in ("F", "FEMME")
        return "absente" if female else "absent"
    return str(status or DASH)


def _row(state, result: dict) -> tuple:
    candidate = state.candidates.get(result.get("candidate_id"))
    last, first = (candidate.last_name, candidate.first_name) if candidate else (str(result.get("candidate_id")), DASH)
    absent = result.get("status") == "absent"
    levels = {c.get("code"): c.get("level") for c in result.get("competences") or []}
    rate = result.get("reproducibility_rate")
    if _adaptive(state):
        level = result.get("global_level")
        fifth = DASH if absent or level is None else str(level)
    else:
        fifth = DASH if absent or rate is None else percent(rate)
    return (last, first, status_words(result, candidate),
            DASH if absent or result.get("pix") is None else str(result["pix"]),
            fifth,
            *(DASH if absent or levels.get(code) is None else str(levels[code]) for code in COMPETENCES))


def _adaptive(state) -> bool:
    return getattr(state, "details", {}).get("algorithm") == "adaptive"


def _summary(results: list[dict]) -> str:
    count = {status: sum(1 for r in results if r.get("status") == status)
             for status in ("validated", "rejected", "cancelled", "absent")}
    parts = [plural(count["validated"], "certification validée", "certifications validées"),
             plural(count["rejected"], "rejetée", "rejetées")]
    if count["cancelled"]:
        parts.append(plural(count["cancelled"], "annulée", "annulées"))
    parts.append(plural(count["absent"], "absent"))
    return f"{plural(len(results), 'candidat')} : " + ", ".join(parts) + "."


def _titles(results: list[dict]) -> list[tuple[str, str]]:
    titles: dict[str, str] = {}
    for result in results:
        for competence in result.get("competences") or []:
            if competence.get("code") in COMPETENCES and competence.get("title"):
                titles.setdefault(competence["code"], competence["title"])
    return sorted(titles.items(), key=lambda item: COMPETENCES.index(item[0]))
