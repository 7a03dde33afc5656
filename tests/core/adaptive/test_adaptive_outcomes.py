"""Adaptive sessions after the test: scoring from the journal (the a and b recorded when each
question was asked), the outcomes of ADAPTIVE.md (validated, rejected, cancelled, the simulated
completion after an abandon with 20 to 31 answers), finalisation (abort reasons, C-codes only)
and the administrator's choice of algorithm and version."""

from __future__ import annotations

import dataclasses

import pytest
from adaptive_roomkit import adaptive_catalogue, adaptive_room, started
from corekit import Room, refused

from roomserver.admin.results import results_csv, session_results
from roomserver.core import adaptive_flow, commands, finalisation, invigilation, preparation, snapshot
from roomserver.core.adaptive import Asked, Bank, score_candidate
from roomserver.core.finalisation import FinalisationRequest


def journal_history(room, candidate_id: str) -> list[Asked]:
    """Asked records rebuilt from the journal's events alone (not from the state)."""
    asked, order, alerts, alerted = {}, [], {}, set()
    for event in room.events:
        data = event.data
        if data.get("candidate_id") != candidate_id:
            continue
        if event.type == "question_asked":
            asked[data["challenge_id"]] = [data["a"], data["b"], None]
            order.append(data["challenge_id"])
        elif event.type == "problem_reported":
            alerts[data["alert_id"]] = data["challenge_id"]
        elif event.type == "alert_validated":
            alerted.add(alerts[data["alert_id"]])
            if data.get("replacement"):
                asked[data["replacement"]] = [data["a"], data["b"], None]
                order.append(data["replacement"])
        elif event.type == "answer_recorded":
            asked[data["challenge_id"]][2] = data["outcome"] == "ok"
    return [Asked(c, *asked[c][:2], asked[c][2], c in alerted) for c in order if c in alerted or asked[c][2] is not None]


def take(room, count: int, right=lambda n: n % 2 == 0, cid: str = "c1") -> None:
    for n in range(count):
        room.answer(cid, right=right(n))


def close_and_finalise(room, reasons: dict | None = None, **more):
    room.invigilate(invigilation.close_session, "s1")
    request = FinalisationRequest(abort_reasons=reasons or {}, **more)
    room.run(finalisation.finalise, request, "final-hash", room.now, "admin")


# -- scoring from the events ------------------------------------------------------------------------

def test_the_result_is_the_score_of_the_journaled_a_and_b(room=None):
    room = adaptive_room()
    started(room)
    take(room, 32, right=lambda n: n % 3 != 0)
    version = room.catalogue.certification_versions["v-test"]
    expected = score_candidate(version, room.catalogue.bank, "c1", journal_history(room, "c1"), None,
                               titles={c: x.title for c, x in room.catalogue.competences.items()})
    got = adaptive_flow.result(room.state, room.candidate("c1"), room.catalogue, None)
    assert got == expected and got.status == "validated" and got.pix > 0 and got.answers_counted == 32
    assert len(got.competences) == 16 and got.competences[0].title == "Compétence 1.1"


def test_a_later_calibration_or_version_change_never_changes_a_result():
    room = adaptive_room()
    started(room)
    take(room, 32)
    before = adaptive_flow.result(room.state, room.candidate("c1"), room.catalogue, None)
    bank = room.catalogue.bank
    room.catalogue.bank = Bank([dataclasses.replace(i, a=i.a * 2, b=i.b - 1) for i in bank.items], bank.competences)
    room.catalogue.certification_versions["v-test"] = dataclasses.replace(
        room.catalogue.certification_versions["v-test"], start_capacity=-3.0, score_intervals=tuple(
            x + 1 for x in room.catalogue.certification_versions["v-test"].score_intervals))
    assert adaptive_flow.result(room.state, room.candidate("c1"), room.catalogue, None) == before


def test_an_abandon_with_20_to_31_answers_is_completed_by_simulated_failures():
    room = adaptive_room()
    started(room)
    take(room, 25, right=lambda n: True)
    room.invigilate(invigilation.end_test, "c1", "s1")
    abandoned = adaptive_flow.result(room.state, room.candidate("c1"), room.catalogue, "abandon")
    assert (abandoned.answers_counted, abandoned.simulated, abandoned.abort_reason) == (25, 7, "abandon")
    assert [q.success for q in abandoned.questions[25:]] == [False] * 7
    technical = adaptive_flow.result(room.state, room.candidate("c1"), room.catalogue, "technical")
    assert technical.simulated == 0 and technical.capacity > abandoned.capacity and technical.pix > abandoned.pix


@pytest.mark.parametrize("reason, status", [("abandon", "rejected"), ("technical", "cancelled")])
def test_fewer_than_20_answers_give_no_score(reason, status):
    room = adaptive_room()
    started(room)
    take(room, 19)
    room.invigilate(invigilation.end_test, "c1", "s1")
    result = adaptive_flow.result(room.state, room.candidate("c1"), room.catalogue, reason)
    assert (result.status, result.reasons, result.pix) == (status, ("too_few_answers",), None)


def test_a_capacity_below_the_scale_is_rejected():
    bounds = (-1.0, -0.5, -0.2, 0.6, 1.5, 2.25, 3.1, 4.0, 8.0)  # the scale starts at -1 in this version
    room = adaptive_room(version_changes={"score_intervals": bounds})
    started(room)
    take(room, 32, right=lambda n: False)
    result = adaptive_flow.result(room.state, room.candidate("c1"), room.catalogue, None)
    assert result.capacity < -1.0
    assert (result.status, result.reasons, result.pix, result.global_level) == ("rejected", ("capacity_below_scale",),
                                                                                0, 0)
    assert {c.level for c in result.competences} == {0}


# -- finalisation and results ------------------------------------------------------------------------------------

def finished_room():
    """c1 answered all 32; c2 was stopped after 22 (abandon); c3 after 5 (technical); c4 never came."""
    room = adaptive_room()
    for cid, (first, last), day in zip(("c1", "c2", "c3"), (("Élodie", "Martin"), ("Inès", "N'Diaye"),
                                                            ("Noah", "Dupont")), ("2011-03-14", "2010-12-23",
                                                                                  "2011-01-30")):
        room.ready(cid, first, last, birthdate=day)
    room.enrol("c4", "Léa", "Durand", birthdate="2011-02-11")
    room.start_session()
    for cid, count in (("c1", 32), ("c2", 22), ("c3", 5)):
        room.start_test(cid)
        take(room, count, cid=cid)
    room.report("c2", "al-2")
    room.invigilate(invigilation.validate_alert, "c2", "al-2", "E1", room.catalogue, "s1", "inc-2")
    room.invigilate(invigilation.end_test, "c2", "s1")
    room.invigilate(invigilation.end_test, "c3", "s1")
    room.invigilate(invigilation.record_incident, "c1", "C7", "Coupure réseau", "s1", "inc-3")
    return room


def test_finalisation_asks_abort_reasons_and_c_codes_only():
    room = finished_room()
    room.invigilate(invigilation.close_session, "s1")
    form = finalisation.form(room.state, room.now)
    assert form["algorithm"] == "adaptive" and form["question_codes"] == [] and form["end_screens"] is False
    assert all(code.startswith("C") for code in form["codes"])
    assert [u["candidate_id"] for u in form["unfinished"]] == ["c2", "c3"]
    by_id = {c["candidate_id"]: c for c in form["candidates"]}
    assert by_id["c2"]["incident_codes"] == [] and by_id["c1"]["incident_codes"] == ["C7"]  # the live E1 is not offered
    state = room.state
    reasons = {"c2": "abandon", "c3": "technical"}
    refused(pytest.raises(Exception, finalisation.check, state, FinalisationRequest(reasons, incident_codes={
        "c1": ["E3"]})).value, 422, "incident_code_invalid")
    refused(pytest.raises(Exception, finalisation.check, state, FinalisationRequest(reasons, incidents=[
        {"candidate_id": "c1", "code": "E1", "question_number": 2}])).value, 422, "question_incident_unexpected")
    refused(pytest.raises(Exception, finalisation.check, state, FinalisationRequest(
        reasons, end_screens_seen=["c1"])).value, 422, "end_screen_unexpected")
    refused(pytest.raises(Exception, finalisation.check, state, FinalisationRequest({"c2": "abandon"})).value,
            409, "abort_reason_missing")
    [(kind, data)] = finalisation.finalise(state, FinalisationRequest(reasons), "h", room.now, "admin")
    assert data["incident_codes"] == {"c1": ["C7"]} and data["abort_reasons"] == reasons


def test_results_csv_and_outcomes_of_a_finalised_adaptive_session():
    room = finished_room()
    close_and_finalise(room, {"c2": "abandon", "c3": "technical"})
    results = {r["candidate_id"]: r for r in session_results(room.state, room.catalogue)}
    assert results["c1"]["status"] in ("validated", "rejected") and results["c1"]["answers_counted"] == 32
    assert (results["c2"]["answers_counted"], results["c2"]["simulated_failures"]) == (22, 10)
    assert results["c2"]["alerts_validated"] == 1
    assert (results["c3"]["status"], results["c3"]["status_label"]) == ("cancelled", "certification annulée")
    assert results["c3"]["reason_labels"] == ["trop peu de réponses pour un score"]
    assert results["c4"]["status"] == "absent" and results["c4"]["report"] == []
    assert results["c1"]["report"][0].startswith("Certification")
    assert all("\u00a0:" in r["report"][0] for r in results.values() if r["report"])
    data = results_csv(room.state, list(results.values()), list(room.catalogue.competences)).decode("utf-8-sig")
    header, *rows = [line.split(";") for line in data.splitlines()]
    assert header[-4:] == ["Niveau global", "Capacité estimée", "Réponses prises en compte", "Échecs simulés"]
    c2 = next(r for r in rows if r[1] == "N'Diaye")
    assert c2[-2:] == ["22", "10"] and "," in c2[-3]


def test_a_classic_results_csv_keeps_its_columns():
    room = Room()
    room.in_test("c1")
    room.finish("c1")
    close_and_finalise(room)
    header = results_csv(room.state, session_results(room.state, room.catalogue), ["1.1"]).decode("utf-8-sig")
    assert header.splitlines()[0].split(";")[-2:] == ["Taux de reproductibilité (%)", "Niveau 1.1"]


# -- the administrator's choice -------------------------------------------------------------------------------------

def test_the_algorithm_is_chosen_per_session_and_the_version_recorded():
    catalogue = adaptive_catalogue()
    details = preparation.session_details({"site": "Collège", "room": "B12", "date": "2026-05-12",
                                           "start_time": "09:00", "invigilators": ["Mme Martin"],
                                           "algorithm": "adaptive"})
    assert details["algorithm"] == "adaptive"
    recorded = preparation.certification_for("adaptive", catalogue)
    assert recorded == catalogue.certification_versions["v-test"].to_dict()
    assert preparation.certification_for("classic", catalogue) is None
    refused(pytest.raises(Exception, preparation.certification_for, "adaptive", catalogue, "v-9").value, 422,
            "certification_version_unknown")
    room = Room()  # a classic pack (no bank): adaptive is refused, with the reason
    refused(pytest.raises(Exception, preparation.certification_for, "adaptive", room.catalogue).value, 422,
            "adaptive_unavailable")
    refused(pytest.raises(Exception, preparation.session_details, {**details, "algorithm": "irt"}).value, 422,
            "algorithm_unknown")


def test_switching_a_prepared_session_to_adaptive_records_the_version_and_back():
    room = Room(adaptive_catalogue())
    assert room.state.certification is None
    [(kind, data)] = room.run(preparation.edit_session, {"algorithm": "adaptive"}, "admin", room.catalogue)
    assert kind == "session_edited" and data["certification"]["id"] == "v-test"
    assert room.state.details["algorithm"] == "adaptive" and room.state.certification["max_questions"] == 32
    assert room.run(preparation.edit_session, {"algorithm": "adaptive"}, "admin", room.catalogue) == []
    room.run(preparation.edit_session, {"algorithm": "classic"}, "admin", room.catalogue)
    assert room.state.certification is None
    assert snapshot.to_dict(room.refold()) == snapshot.to_dict(room.state)


def test_an_adaptive_state_survives_a_checkpoint():
    room = finished_room()
    data = snapshot.to_dict(room.state)
    assert snapshot.to_dict(snapshot.from_dict(data)) == data
    again = snapshot.from_dict(data)
    assert again.certification == room.state.certification and again.candidates["c2"].calibration
    assert again.candidates["c1"].end_reason == "completed" and again.candidates["c2"].planned == 32


def test_the_classic_start_is_unchanged():
    room = Room()
    room.ready("c1", "Élodie", "Martin")
    room.start_session()
    events = room.start_test("c1")
    assert [t for t, _ in events] == ["test_started", "question_shown"] and "planned" not in events[0][1]
    assert room.candidate("c1").planned is None and room.candidate("c1").total == len(events[0][1]["challenge_ids"])
    assert commands.create_session("s", 1, "KMPT47", "C-BX3H7Q", {}, {})[0][1].keys() == {
        "session_id", "number", "access_code", "invigilator_password", "details", "pack"}
