"""The incident report: pre-filled from the journal (incidents, alerts, added time, frauds,
corrections, comment, finalisation), or a blank form to fill by hand."""

import datetime as dt

import pytest
from documentkit import INVIGILATORS, Room, all_text, international_room, invigilated_room, reader

from roomserver.core.incidents import INCIDENT_CODES, label
from roomserver.documents import incident_report

NOW = dt.datetime(2026, 11, 30, 17, 56)
FINAL_HASH = "3c" * 32


def hm(ts: float) -> str:
    """The server's local time, as printed."""
    moment = dt.datetime.fromtimestamp(ts)
    return f"{moment:%H} h {moment:%M}"


@pytest.fixture(scope="module")
def invigilated():
    room = invigilated_room()
    return room.state, all_text(incident_report(room.state, now=NOW))


def test_every_incident_with_code_label_candidate_question_time_and_invigilator(invigilated):
    state, whole = invigilated
    assert "Incidents (7 incidents)" in whole
    for incident in state.incidents:
        assert incident.text in whole, incident.text
        who = "toute la session" if incident.candidate_id is None else \
            f"{state.candidates[incident.candidate_id].first_name} {state.candidates[incident.candidate_id].last_name}"
        question = "–" if incident.index is None else str(incident.index + 1)
        row = f"{hm(incident.at)} {incident.code} {label(incident.code)} {who} {question} {incident.text}"
        assert row in whole, row
    assert "Le site était indisponible Mme Martin" not in whole  # inc-2 was written by s2
    assert "Le site était indisponible M. Diallo" in whole


def test_alerts_with_their_decision(invigilated):
    state, whole = invigilated
    assert "Problèmes signalés par les candidats (« Signaler un problème »)" in whole
    assert "Élodie Martin 2 Je ne comprends pas la consigne écartée" in whole
    assert "Élodie Martin 1 L'image ne s'affiche pas validé : E1 – L'image ne s'affiche pas, question remplacée" \
        in whole
    assert "La pièce jointe ne s'ouvre pas validé : E3 – La pièce jointe ne s'ouvre pas" in whole
    assert "Hugo Bernard 1 Écran noir validé : E9 – Problème logiciel" in whole


def test_added_time_who_how_much_why(invigilated):
    state, whole = invigilated
    one, everyone = state.time_additions
    assert f"{hm(one['at'])} Inès N'Diaye + 10 min Panne de son PC Mme Martin" in whole
    assert f"{hm(everyone['at'])} tous les candidats en test (5 candidats) :" in whole
    assert "+ 5 min Alarme incendie M. Diallo" in whole


def test_frauds_summarised_and_comment(invigilated):
    state, whole = invigilated
    assert "Fraudes (1 procès-verbal de fraude)" in whole
    assert "1 10 h 42 Hugo Bernard, Inès N'Diaye Échange de réponses Mme Martin" in whole
    assert "chaque cas a son procès-verbal de fraude" in whole
    assert "Commentaire global sur la session Session perturbée par une alarme ; close à l'heure." in whole
    assert "Aucune identité corrigée." in whole
    assert "Autres signalements (à compléter à la main)" in whole
    assert "Aucun incident n'est enregistré" not in whole


def test_international_names_and_invigilators():
    state = international_room().state
    whole = all_text(incident_report(state, now=NOW))
    assert "L'image de la question ne s'affiche pas chez Nguyễn" in whole
    assert f"Thị Lan Nguyễn 1 L'image de la question ne s'affiche pas chez Nguyễn {INVIGILATORS[1]}" in whole
    assert f"Coupure du Wi-Fi pendant 3 minutes {INVIGILATORS[0]}" in whole
    assert "Hans Ørsted + 10 min Poste de Ørsted redémarré" in whole
    assert "Fraudes (2 procès-verbaux de fraude)" in whole
    assert "Ayşe Şahin, Thị Lan Nguyễn Şahin montrait son écran à Nguyễn" in whole


def test_corrections_and_finalisation():
    room = international_room()
    room.record([("identity_corrected", {"candidate_id": "c6", "by": "admin",
                                         "before": {"last_name": "d'Hervé", "birthdate": "2011-06-21",
                                                    "birth_city": ""},
                                         "after": {"last_name": "d'Hervé-Lacroix", "birthdate": "2011-06-12",
                                                   "birth_city": "Besançon"}})])
    room.run(lambda s: [("session_closed", {"by": "s1"})])
    room.record([("session_finalised", {"by": "Mme Łucja Kowalska", "final_hash": FINAL_HASH,
                                        "abort_reasons": {"c4": "technical", "c1": "abandon"},
                                        "incident_occurred": True, "joining_issue": False})])
    data = incident_report(room.state, now=NOW)
    whole = all_text(data)
    corrected_at = room.state.candidates["c6"].corrections[0]["at"]
    day = dt.datetime.fromtimestamp(corrected_at).strftime("%d/%m/%Y")
    assert ("Anne d'Hervé-Lacroix nom de naissance : d'Hervé date de naissance : 21/06/2011 commune de "
            "naissance : – nom de naissance : d'Hervé-Lacroix date de naissance : 12/06/2011 commune de "
            f"naissance : Besançon {day} {hm(corrected_at)}") in whole
    assert "État de la session : finalisée" in whole
    assert "Un incident a eu lieu : oui" in whole and "Des candidats n'ont pas pu rejoindre : non" in whole
    assert "Ayşe Şahin abandon du candidat" in whole and "Hans Ørsted problème technique" in whole
    assert f"Empreinte finale du journal scellé (HMAC-SHA-256) : {FINAL_HASH}" in whole


def test_blank_form_when_asked_even_if_things_were_recorded(invigilated):
    state, _ = invigilated
    data = incident_report(state, blank=True, now=NOW)
    whole = all_text(data)
    assert "Signalements individuels Prénom et nom Code N° de question Heure Détails" in whole
    assert "Commentaire global sur la session" in whole
    for incident in state.incidents:
        if incident.text not in INCIDENT_CODES.values():  # a label is in the codes legend
            assert incident.text not in whole
    assert "Panne de son PC" not in whole and "Session perturbée" not in whole
    for code, text in INCIDENT_CODES.items():
        assert f"{code} {text}" in whole
    assert "Signature des surveillants Surveillant : Mme Martin" in whole
    assert "Aucun incident n'est enregistré" not in whole  # blank by choice, not by lack of records
    assert len(reader(data).pages) <= 2


def test_blank_form_when_nothing_was_recorded():
    room = Room()
    room.ready("c1", "Ayşe", "Şahin")
    whole = all_text(incident_report(room.state, now=NOW))
    assert "Aucun incident n'est enregistré pour cette session : ce formulaire est à remplir à la main." in whole
    assert "Signalements individuels" in whole and "Incidents (" not in whole


def test_a_withdrawn_time_addition_stays_on_the_report_marked_withdrawn():
    room = international_room()
    room.record([("record_withdrawn", {"kind": "time_addition", "id": "add-1", "reason": "saisi par erreur",
                                       "by": "s1"})])
    whole = all_text(incident_report(room.state, now=NOW))
    assert "(retiré)" in whole and "saisi par erreur" in whole
