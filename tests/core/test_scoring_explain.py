"""The scoring report in plain French: one summary, one paragraph per competence, French
typography (a non-breaking space before ":", ";" and "%") and real plurals."""

from __future__ import annotations

from test_scoring import sitting

from roomserver.core.content import Attachment
from roomserver.core.scoring import explain
from roomserver.core.states import AttemptStatus

NB = "\u00a0"
PDF = Attachment("budget.ods", "attachments/budget.ods", "application/vnd.oasis.opendocument.spreadsheet")


def report(test, pix=None, features=None, incidents=(), abort_reason=None) -> list[str]:
    made = sitting(test, pix, features)
    for challenge_id, code in incidents:
        made.incident(challenge_id, code)
    return [p.replace(NB, "~") for p in explain(made.score(abort_reason))]  # "~" shows where the NBSPs are


def test_a_validated_certification():
    assert report({"1.1": "ooo", "1.2": "ook", "1.3": "okk"}, {"1.1": 32, "1.2": 32, "1.3": 16}) == [
        "Certification validée~: 56 pix (6 bonnes réponses sur 9 questions prises en compte, "
        "taux de reproductibilité 66~%).",
        "Compétence 1.1~: 3 bonnes réponses sur 3, taux de reproductibilité 66~%~: validée au niveau 4 (32 pix).",
        "Compétence 1.2~: 2 bonnes réponses sur 3, taux de reproductibilité 66~%~: "
        "validée au niveau 3 au lieu de 4 (24 pix).",
        "Compétence 1.3~: 1 bonne réponse sur 3, taux de reproductibilité 66~%~: non validée (0 pix).",
    ]


def test_neutralised_and_unreached_questions_are_named():
    paragraphs = report({"1.1": "ooK", "1.2": "ok--", "1.3": "o-"}, incidents=[("1.1#q2", "E3")])
    # E3 does not fit a question without attachments: the capital K's E12 is the reason
    assert paragraphs[0] == ("Certification validée~: 32 pix (4 bonnes réponses sur 8 questions prises en compte, "
                             "1 question neutralisée, taux de reproductibilité 50~%).")
    assert paragraphs[1] == ("Compétence 1.1~: 2 bonnes réponses sur 2, taux de reproductibilité 50~%~: "
                             "validée au niveau 4 (32 pix)~; question 3 neutralisée (E12~: accessibilité).")
    assert paragraphs[2] == ("Compétence 1.2~: 1 bonne réponse sur 4, taux de reproductibilité 50~%~: non validée "
                             "(0 pix)~; questions 7 et 8 non atteintes, comptées comme passées.")
    assert paragraphs[3].endswith("~; question 9 non atteinte, comptée comme passée.")


def test_an_incident_is_named_with_its_label():
    paragraphs = report({"1.1": "ook", "1.2": "ooo"}, incidents=[("1.1#q2", "E12")])
    assert paragraphs[1].endswith("(32 pix)~; question 3 neutralisée (E12~: accessibilité).")
    attached = report({"1.1": "ook"}, features={"1.1#q2": {"attachments": (PDF,)}}, incidents=[("1.1#q2", "E3")])
    assert attached[1].endswith("question 3 neutralisée (E3~: la pièce jointe ne s'ouvre pas).")


def test_three_unreached_questions_and_a_technical_abort():
    paragraphs = report({"1.1": "oo", "1.2": "o---"}, {"1.1": 16, "1.2": 24})
    assert paragraphs[2].endswith("~; questions 4, 5 et 6 non atteintes, comptées comme passées.")
    technical = report({"1.1": "oo", "1.2": "o---"}, {"1.1": 16, "1.2": 24}, abort_reason="technical")
    assert technical[0] == ("Certification validée~: 40 pix (3 bonnes réponses sur 3 questions prises en compte, "
                            "3 questions neutralisées, taux de reproductibilité 100~%).")
    assert technical[2] == (
        "Compétence 1.2~: 1 bonne réponse sur 1, taux de reproductibilité 100~%~: validée au niveau 3 (24 pix)"
        "~; question 4 neutralisée (non atteinte, test interrompu pour une raison technique)"
        "~; question 5 neutralisée (non atteinte, test interrompu pour une raison technique)"
        "~; question 6 neutralisée (non atteinte, test interrompu pour une raison technique).")


def test_rejections():
    low = report({"1.1": "ooo", "1.2": "kkk", "1.3": "kkk"})
    assert low[0] == ("Certification rejetée~: taux de reproductibilité 33~%, inférieur à 50~% "
                      "(3 bonnes réponses sur 9 questions prises en compte).")
    assert low[1] == ("Compétence 1.1~: 3 bonnes réponses sur 3, taux de reproductibilité 33~%~: "
                      "non validée, la certification étant rejetée (0 pix).")
    no_pix = report({"1.1": "ook", "1.2": "ook"}, {"1.1": 8, "1.2": 8})
    assert no_pix[0] == ("Certification rejetée~: aucune compétence validée, 0 pix (4 bonnes réponses sur "
                         "6 questions prises en compte, taux de reproductibilité 66~%).")
    assert no_pix[1] == ("Compétence 1.1~: 2 bonnes réponses sur 3, taux de reproductibilité 66~%~: "
                         "validée au niveau 0 au lieu de 1 (0 pix).")
    nothing = report({"1.1": "-", "1.2": "--"}, abort_reason="technical")
    assert nothing[0] == "Certification rejetée~: aucune question prise en compte, 3 questions neutralisées, 0 pix."
    assert nothing[1].startswith("Compétence 1.1~: aucune question prise en compte~: non validée (0 pix)~; ")


def test_singular_counts_and_a_competence_without_questions():
    paragraphs = report({"1.1": "o", "1.2": "k"}, {"1.1": 16, "1.2": 16, "3.4": 8})
    assert paragraphs[0] == ("Certification validée~: 8 pix (1 bonne réponse sur 2 questions prises en compte, "
                             "taux de reproductibilité 50~%).")
    assert paragraphs[1] == ("Compétence 1.1~: 1 bonne réponse sur 1, taux de reproductibilité 50~%~: "
                             "validée au niveau 1 au lieu de 2 (8 pix).")
    assert paragraphs[2].startswith("Compétence 1.2~: 0 bonne réponse sur 1,")
    assert paragraphs[3] == "Compétence 3.4~: aucune question posée, taux de reproductibilité 50~%~: non validée (0 pix)."
    one = report({"1.1": "o"}, {"1.1": 16})
    assert one[0].startswith("Certification validée~: 16 pix (1 bonne réponse sur 1 question prise en compte,")


def test_an_absent_candidate():
    made = sitting({}, {"1.1": 32}, status=AttemptStatus.PRESENT)
    assert explain(made.score()) == [f"Absence{NB}: le test n'a pas été commencé, aucun score."]
