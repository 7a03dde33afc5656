"""The scoring report in plain French: why a candidate got this result.

One paragraph for the whole certification, then one per competence, e.g.
"Compétence 1.1 : 2 bonnes réponses sur 3, taux de reproductibilité 74 % : validée au
niveau 3 au lieu de 4 (24 pix) ; question 12 neutralisée (E3 : la pièce jointe ne s'ouvre pas)."
French typography: a non-breaking space before ":", ";" and "%", real plurals.
"""

from __future__ import annotations

from .incidents import label
from .scoring import TECHNICAL_ABORT, CandidateResult, CompetenceResult, QuestionResult, Verdict

NBSP = "\u00a0"


def explain(result: CandidateResult) -> list[str]:
    """The scoring report: a summary, then one paragraph per competence."""
    return [_summary(result)] + [_competence(c, result) for c in result.competences]


def _plural(n: int, singular: str, plural: str) -> str:
    """'0 bonne réponse', '1 bonne réponse', '2 bonnes réponses' (French: 0 and 1 are singular)."""
    return f"{n} {singular if n < 2 else plural}"


def _rate(result: CandidateResult) -> str:
    return f"taux de reproductibilité {result.reproducibility_rate}{NBSP}%"


def _counted(n: int) -> str:
    return _plural(n, "question prise en compte", "questions prises en compte")


def _summary(result: CandidateResult) -> str:
    if result.status == "absent":
        return f"Absence{NBSP}: le test n'a pas été commencé, aucun score."
    right = _plural(result.correct, "bonne réponse", "bonnes réponses")
    neutralised = ""
    if result.neutralised:
        neutralised = f", {_plural(result.neutralised, 'question neutralisée', 'questions neutralisées')}"
    if "reproducibility_below_50" in result.reasons:
        return (f"Certification rejetée{NBSP}: {_rate(result)}, inférieur à 50{NBSP}% "
                f"({right} sur {_counted(result.counted)}{neutralised}).")
    if result.rate is None:
        return f"Certification rejetée{NBSP}: aucune question prise en compte{neutralised}, 0 pix."
    if "no_pix" in result.reasons:
        return (f"Certification rejetée{NBSP}: aucune compétence validée, 0 pix ({right} sur "
                f"{_counted(result.counted)}{neutralised}, {_rate(result)}).")
    return (f"Certification validée{NBSP}: {result.pix} pix ({right} sur {_counted(result.counted)}{neutralised}, "
            f"{_rate(result)}).")


def _competence(competence: CompetenceResult, result: CandidateResult) -> str:
    if competence.kept:
        head = f"{_plural(competence.correct, 'bonne réponse', 'bonnes réponses')} sur {competence.kept}"
    elif competence.questions:
        head = "aucune question prise en compte"
    else:
        head = "aucune question posée"
    if result.rate is not None:
        head += f", {_rate(result)}"
    notes = _notes(competence.questions)
    text = f"Compétence {competence.code}{NBSP}: {head}{NBSP}: {_verdict(competence, result)}"
    return "".join([text, *(f"{NBSP}; {note}" for note in notes)]) + "."


def _verdict(competence: CompetenceResult, result: CandidateResult) -> str:
    if competence.result is Verdict.VALIDATED:
        return f"validée au niveau {competence.level} ({competence.pix} pix)"
    if competence.result is Verdict.MINUS_ONE:
        return (f"validée au niveau {competence.level} au lieu de {competence.positioning_level} "
                f"({competence.pix} pix)")
    if "reproducibility_below_50" in result.reasons:
        return "non validée, la certification étant rejetée (0 pix)"
    return "non validée (0 pix)"


def _notes(questions: tuple[QuestionResult, ...]) -> list[str]:
    """Why a question was neutralised, or that it was never reached."""
    notes = []
    unreached = [q.number for q in questions if q.outcome is None and not q.neutralised]
    for q in questions:
        if q.neutralised_by == TECHNICAL_ABORT:
            notes.append(f"question {q.number} neutralisée (non atteinte, test interrompu pour une raison technique)")
        elif q.neutralised:
            text = label(q.neutralised_by)
            notes.append(f"question {q.number} neutralisée ({q.neutralised_by}{NBSP}: {text[:1].lower()}{text[1:]})")
    if len(unreached) == 1:
        notes.append(f"question {unreached[0]} non atteinte, comptée comme passée")
    elif unreached:
        numbers = ", ".join(str(n) for n in unreached[:-1]) + f" et {unreached[-1]}"
        notes.append(f"questions {numbers} non atteintes, comptées comme passées")
    return notes
