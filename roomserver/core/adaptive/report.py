"""The adaptive scoring report in plain French: why a candidate got this result.

One paragraph for the certification, then one line per competence, e.g.
"Certification validée : 469 pix, niveau global 4 (capacité estimée 2,00 ± 0,31 d'après
32 réponses prises en compte)." French typography: non-breaking spaces, real plurals.
"""

from __future__ import annotations

from .scoring import ABANDON, AdaptiveResult

NBSP = "\u00a0"
CAUSES = {ABANDON: "abandon du candidat", "technical": "problème technique"}


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{n}{NBSP}{singular if n < 2 else plural}"


def _number(value: float) -> str:
    text = f"{abs(value):.2f}".replace(".", ",")
    return ("\u2212" if value < 0 and text != "0,00" else "") + text


def _capacity(result: AdaptiveResult) -> str:
    return f"capacité estimée {_number(result.capacity)} ±{NBSP}{_number(result.capacity_error)}"


def _basis(result: AdaptiveResult) -> str:
    text = f"d'après {_plural(result.answers_counted, 'réponse prise en compte', 'réponses prises en compte')}"
    if result.simulated:
        text += (f" et {_plural(result.simulated, 'question manquante comptée', 'questions manquantes comptées')}"
                 f" comme {'échouée' if result.simulated < 2 else 'échouées'} après l'abandon")
    if result.alerts_validated:
        text += (f"{NBSP}; {_plural(result.alerts_validated, 'question remplacée', 'questions remplacées')}"
                 " après une alerte validée")
    return text


def explain(result: AdaptiveResult) -> list[str]:
    """The scoring report: a summary, then one line per competence."""
    return [_summary(result)] + [f"Compétence {c.code} ({c.title}){NBSP}: niveau {c.level} ({c.pix}{NBSP}pix)."
                                 for c in result.competences]


def _summary(result: AdaptiveResult) -> str:
    if result.status == "absent":
        return f"Absence{NBSP}: le test n'a pas été commencé, aucun score."
    if "too_few_answers" in result.reasons:
        cause = CAUSES.get(result.abort_reason, "test interrompu")
        word = "rejetée" if result.status == "rejected" else "annulée"
        only = _plural(result.answers_counted, "réponse prise en compte", "réponses prises en compte")
        return (f"Certification {word}{NBSP}: {only}, il en faut au moins {result.minimum} pour un score "
                f"({cause}).")
    if "capacity_below_scale" in result.reasons:
        return (f"Certification rejetée{NBSP}: la {_capacity(result)} est sous le premier palier du barème, "
                f"0{NBSP}pix ({_basis(result)}).")
    if "no_pix" in result.reasons:
        return f"Certification rejetée{NBSP}: score de 0{NBSP}pix ({_capacity(result)}, {_basis(result)})."
    return (f"Certification validée{NBSP}: {result.pix}{NBSP}pix, niveau global {result.global_level} "
            f"({_capacity(result)}, {_basis(result)}).")
