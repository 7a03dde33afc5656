"""Sessions and candidates through the administrator's API: create, list, show, edit and
delete a session; add, edit and remove candidates; every refusal (a French message, nothing
written); the identity correction after the start and the documents that follow it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from adminapikit import (INVIGILATOR_PASSWORD, SESSION_BODY, admin, error_message, flat, footprint,  # noqa: F401
                      handle_of, ok, pdf_text, refused, store_of)


def sessions_listed(admin, query: str = "") -> list[dict]:
    return ok(admin.get("/sessions" + query))["sessions"]


# -- creating a session ------------------------------------------------------------------------------

def test_create_session_gives_number_and_codes(app, admin):
    response = admin.post("/sessions", {**SESSION_BODY, "notes": "Apporter les casques."})
    body = ok(response, 201)
    assert isinstance(body["session_number"], int) and body["session_number"] > 0
    assert INVIGILATOR_PASSWORD.fullmatch(body["invigilator_password"]), body["invigilator_password"]
    assert body["status"] == "created" and body["candidates_list"] == [] and body["warnings"] == []
    assert body["site"] == "Lycée Condorcet" and body["room"] == "Salle 104" and body["date"] == "2031-05-12"
    assert body["start_time"] == "09:30" and body["invigilators"] == ["Mme Roux"] and body["algorithm"] == "classic"
    assert body["notes"] == "Apporter les casques."
    assert body["access_code"] is None  # only shown once the session has started
    assert body["candidate_url"].startswith("http://") and body["candidate_url"].endswith("/")
    assert [d["name"] for d in body["documents"]] == ["attendance-sheet.pdf", "invigilator-kit.pdf",
                                                      "candidate-notice.pdf", "incident-report.pdf",
                                                      "fraud-reports.pdf"]
    state = handle_of(app, body["session_number"]).state
    assert state.invigilator_password == body["invigilator_password"] and state.details["site"] == "Lycée Condorcet"
    assert len(state.access_code) == 6


def test_session_numbers_are_unique(app, admin):
    numbers = {admin.create_session()["session_number"] for _ in range(12)}
    numbers.add(app.demo["session_number"])
    assert len(numbers) == 13


def test_algorithm_defaults_to_classic_and_text_is_trimmed(admin):
    body = {k: v for k, v in SESSION_BODY.items() if k != "algorithm"}
    made = ok(admin.post("/sessions", {**body, "site": "  Collège   Jean Jaurès ", "invigilators": [" M. Diallo ", "  "]}),
              201)
    assert made["algorithm"] == "classic" and made["site"] == "Collège Jean Jaurès" and made["invigilators"] == ["M. Diallo"]


@pytest.mark.parametrize("change, status", [
    ({"site": ""}, 400), ({"site": "   "}, 422), ({"site": "x" * 121}, 400), ({"room": ""}, 400),
    ({"date": "12/05/2031"}, 400), ({"date": "2031-02-30"}, 422), ({"date": 20310512}, 400),
    ({"start_time": "25:00"}, 422), ({"start_time": "9:30"}, 400), ({"start_time": "09:30:00"}, 400),
    ({"start_time": "09h30"}, 400), ({"invigilators": []}, 422), ({"invigilators": [" ", "  "]}, 422), ({"invigilators": [""]}, 400),
    ({"invigilators": "Mme Roux"}, 400), ({"invigilators": ["Surveillant"] * 11}, 400),
    ({"invigilators": ["x" * 61]}, 400), ({"algorithm": "irt"}, 400), ({"notes": "x" * 1001}, 400),
    ({"algorithm": "adaptive", "certification_version": "v-inconnue"}, 422),
    ({"session_number": 123456}, 400), ({"access_code": "ABCD12"}, 400), ({"colour": "bleu"}, 400),
])
def test_every_refused_session_field(app, admin, change, status):
    before = len(store_of(app).sessions())
    refused(app, lambda: admin.post("/sessions", {**SESSION_BODY, **change}), status)
    assert len(store_of(app).sessions()) == before
    assert len(list((store_of(app).data_dir / "sessions").iterdir())) == before


@pytest.mark.parametrize("missing", ["site", "room", "date", "start_time", "invigilators"])
def test_every_required_session_field(app, admin, missing):
    body = {k: v for k, v in SESSION_BODY.items() if k != missing}
    message = refused(app, lambda: admin.post("/sessions", body), 400)
    labels = {"site": "établissement", "room": "salle", "date": "date", "start_time": "heure de début",
              "invigilators": "surveillant"}
    assert missing in message or labels[missing] in message.casefold(), message


# -- listing -------------------------------------------------------------------------------------------

def today(app) -> dt.date:
    return dt.date.fromtimestamp(store_of(app).clock())


def test_list_upcoming_first_then_past_latest_first(app, admin):
    day = today(app)
    made = {}
    for label, offset, time in [("far", 30, "08:00"), ("past-old", -40, "09:00"), ("soon-late", 2, "14:00"),
                                ("past-recent", -3, "10:00"), ("soon-early", 2, "08:00"), ("today", 0, "16:00")]:
        made[label] = admin.create_session(date=(day + dt.timedelta(days=offset)).isoformat(), start_time=time,
                                           room=label)["session_number"]
    listed = [s for s in sessions_listed(admin) if s["session_number"] != app.demo["session_number"]]
    assert [s["room"] for s in listed] == ["today", "soon-early", "soon-late", "far", "past-recent", "past-old"]
    demo = next(s for s in sessions_listed(admin) if s["session_number"] == app.demo["session_number"])
    assert demo["candidates"] == 24 and demo["status"] == "created" and demo["status_label"]
    assert set(demo) >= {"session_number", "session_id", "status", "site", "room", "date", "start_time",
                         "invigilators", "algorithm", "candidates"}


def test_list_filters_by_date_and_status(app, admin, started):
    day = today(app)
    early = admin.create_session(date=(day + dt.timedelta(days=5)).isoformat())["session_number"]
    late = admin.create_session(date=(day + dt.timedelta(days=9)).isoformat())["session_number"]
    numbers = lambda query: [s["session_number"] for s in sessions_listed(admin, query)]  # noqa: E731
    assert numbers("?status=started") == [app.demo["session_number"]]
    assert set(numbers("?status=created")) == {early, late}
    assert numbers("?status=finalised") == []
    assert numbers(f"?date_from={(day + dt.timedelta(days=6)).isoformat()}") == [late]
    assert numbers(f"?date_to={(day + dt.timedelta(days=6)).isoformat()}") == [app.demo["session_number"], early]
    assert numbers(f"?date_from={(day + dt.timedelta(days=5)).isoformat()}"
                   f"&date_to={(day + dt.timedelta(days=5)).isoformat()}") == [early]
    assert numbers(f"?status=created&date_to={(day + dt.timedelta(days=6)).isoformat()}") == [early]
    for query in ("?status=ouverte", "?date_from=12/05/2031", "?date_to=2031-13-01"):
        error_message(admin.get("/sessions" + query), 400)


# -- the session page ------------------------------------------------------------------------------------

def test_show_session_page(app, admin):
    page = admin.page(app.demo["session_number"])
    assert page["invigilator_password"] == app.demo["invigilator_password"]
    assert page["session_number"] == app.demo["session_number"] and page["editable"] is True
    assert len(page["candidates_list"]) == 24
    names = [(c["last_name"], c["first_name"]) for c in page["candidates_list"]]
    assert names == sorted(names, key=lambda n: (n[0].casefold(), n[1].casefold()))
    uncertifiable = [c for c in page["candidates_list"] if not c["certifiable"]]
    assert len(uncertifiable) == 2 and all(c["competences_at_level"] < 5 for c in uncertifiable)
    assert any("non certifiables" in w for w in page["warnings"])  # shown, not refused
    assert all(set(c) >= {"candidate_id", "first_name", "last_name", "birthdate", "extra_time_pct", "details",
                          "certifiable", "status"} for c in page["candidates_list"])
    error_message(admin.get("/sessions/999999"), 404, "session_not_found")


def test_warning_over_twenty_candidates_per_invigilator(app, admin):
    number = admin.create_session(invigilators=["Mme Roux"])["session_number"]
    lines = "".join(f"Élève{i:02d};Prénom{chr(65 + i)};{1 + i:02d}/03/2011;0\r\n" for i in range(21))
    csv = ("Nom de naissance;Prénom;Date de naissance;Temps majoré\r\n" + lines).encode()
    assert ok(admin.upload(number, csv, "text/csv")) == {"imported": 21}
    warnings = admin.page(number)["warnings"]
    assert any("21 candidats pour 1 surveillant\u00a0:" in w for w in warnings), warnings
    page = ok(admin.patch(f"/sessions/{number}", {"invigilators": ["Mme Roux", "M. Diallo"]}))
    assert not any("surveillant" in w for w in page["warnings"]), page["warnings"]
    # a warning, never a refusal: a 22nd candidate still enrols
    admin.enrol(number, "Jeanne", "Dernière", "2011-05-05")


# -- editing and deleting -----------------------------------------------------------------------------------

def test_edit_session_until_start(app, admin, invigilator, candidates):
    number = app.demo["session_number"]
    page = ok(admin.patch(f"/sessions/{number}", {"room": "Salle C3", "start_time": "10:15",
                                                  "invigilators": ["Mme Martin"]}))
    assert page["room"] == "Salle C3" and page["start_time"] == "10:15" and page["invigilators"] == ["Mme Martin"]
    assert page["site"] == "Collège Jean Moulin (démonstration)"  # untouched fields stay
    seq = handle_of(app, number).state.seq
    ok(admin.patch(f"/sessions/{number}", {"room": "Salle C3"}))  # nothing changes: nothing written
    assert handle_of(app, number).state.seq == seq
    refused(app, lambda: admin.patch(f"/sessions/{number}", {"date": "2031-02-29"}), 422)
    refused(app, lambda: admin.patch(f"/sessions/{number}", {"session_number": 4}), 400)
    refused(app, lambda: admin.patch(f"/sessions/{number}", {"invigilator_password": "C-AAAAAA"}), 400)
    candidates[0].join()
    ok(invigilator.confirm_presence(candidates[0].person["candidate_id"]))
    ok(invigilator.start_session())
    message = refused(app, lambda: admin.patch(f"/sessions/{number}", {"room": "Salle D4"}), 409, "session_started")
    assert "commencé" in message
    page = admin.page(number)
    assert page["editable"] is False and page["access_code"] == app.demo["access_code"]
    error_message(admin.patch("/sessions/999999", {"room": "Salle D4"}), 404)


def test_delete_only_before_start(app, admin, started):
    number = admin.create_session()["session_number"]
    admin.enrol(number, "Victor", "Hugo", "2011-02-26")
    session_id = handle_of(app, number).state.id
    data_dir = store_of(app).data_dir
    assert ok(admin.delete(f"/sessions/{number}")) == {"deleted": True}
    error_message(admin.get(f"/sessions/{number}"), 404)
    error_message(admin.delete(f"/sessions/{number}"), 404)
    assert number not in [s["session_number"] for s in sessions_listed(admin)]
    assert not (data_dir / "sessions" / session_id).exists()
    kept = data_dir / "deleted" / session_id / "journal.jsonl"
    assert kept.exists() and b"Hugo" in kept.read_bytes()  # moved aside, never erased
    message = refused(app, lambda: admin.delete(f"/sessions/{app.demo['session_number']}"), 409, "session_started")
    assert "supprimée" in message
    assert ok(admin.get(f"/sessions/{app.demo['session_number']}"))["status"] == "started"


def test_deleted_session_stays_deleted_after_a_restart(app, admin, tmp_path):
    from roomserver.app import create_app

    number = admin.create_session()["session_number"]
    ok(admin.delete(f"/sessions/{number}"))
    store_of(app).close()
    again = create_app({"data_dir": store_of(app).data_dir, "async_mode": "threading", "live_tick_s": 0})
    try:
        numbers = [s.number for s in again.extensions["roomserver"].store.sessions()]
        assert number not in numbers and app.demo["session_number"] in numbers
    finally:
        again.extensions["roomserver"].store.close()


# -- candidates ------------------------------------------------------------------------------------------------

def test_add_candidate(app, admin):
    number = admin.create_session()["session_number"]
    response = admin.post(f"/sessions/{number}/candidates", {
        "first_name": "  Élodie ", "last_name": "Şahin", "birthdate": "2011-03-14", "extra_time_pct": 33,
        "sex": "F", "birth_city": "Besançon", "birth_postal_code": "25000", "birth_insee_code": "25056",
        "birth_country": "France", "email": "elodie.sahin@example.fr", "external_id": "INE-0001"})
    entry = ok(response, 201)["candidate"]
    assert entry["first_name"] == "Élodie" and entry["last_name"] == "Şahin" and entry["extra_time_pct"] == 33
    assert entry["details"] == {"sex": "F", "birth_city": "Besançon", "birth_postal_code": "25000",
                                "birth_insee_code": "25056", "birth_country": "France",
                                "email": "elodie.sahin@example.fr", "external_id": "INE-0001"}
    assert entry["certifiable"] is False  # no positioning profile yet
    listed = admin.page(number)["candidates_list"]
    assert [c["candidate_id"] for c in listed] == [entry["candidate_id"]]
    bare = admin.enrol(number, "Noé", "Dupont", "2010-12-01")
    assert bare["extra_time_pct"] == 0 and bare["details"] == {}


def test_add_candidate_with_a_profile_is_certifiable(app, admin):
    from adminapikit import certifiable_profile

    number = admin.create_session()["session_number"]
    profile = certifiable_profile(app.extensions["roomserver"].pack)
    entry = admin.enrol(number, "Łukasz", "Nowak", "2011-04-04", profile=profile)
    assert entry["certifiable"] is True and entry["competences_at_level"] == 16


@pytest.mark.parametrize("field, value, status", [
    ("birth_postal_code", "7500", 422), ("birth_postal_code", "75OO1", 422), ("birth_insee_code", "2C123", 422),
    ("email", "pas-une-adresse", 422), ("email", "a@b", 422), ("email", "élève @example.fr", 422),
    ("sex", "X", 422), ("sex", 1, 400), ("extra_time_pct", 250, 400), ("extra_time_pct", "33", 400),
    ("birthdate", "2011-02-30", 422), ("birthdate", "14/03/2011", 400), ("first_name", "", 400),
    ("first_name", "---", 422), ("nationality", "française", 400), ("external_id", "x" * 65, 400),
])
def test_refused_candidate_fields(app, admin, field, value, status):
    number = admin.create_session()["session_number"]
    body = {"first_name": "Jeanne", "last_name": "Roux", "birthdate": "2011-03-14", "extra_time_pct": 0, field: value}
    refused(app, lambda: admin.post(f"/sessions/{number}/candidates", body), status)
    assert admin.page(number)["candidates_list"] == []


def test_sex_accepts_the_words_the_importer_accepts(admin):
    number = admin.create_session()["session_number"]
    assert admin.enrol(number, "Jean", "Roux", "2011-03-14", sex="masculin")["details"]["sex"] == "M"
    assert admin.enrol(number, "Jeanne", "Roux", "2011-03-14", sex="F")["details"]["sex"] == "F"


def test_duplicate_candidate_refused(app, admin):
    number = admin.create_session()["session_number"]
    admin.enrol(number, "Élodie", "Martin", "2011-03-14")
    for first, last in [("ELODIE", "martin"), ("Elodie", "MARTIN "), ("élodie", "Martin")]:
        message = refused(app, lambda: admin.post(f"/sessions/{number}/candidates", {
            "first_name": first, "last_name": last, "birthdate": "2011-03-14", "extra_time_pct": 0}), 409,
            "candidate_duplicate")
        assert "même" in message or "déjà" in message
    admin.enrol(number, "Élodie", "Martin", "2011-03-15")  # another birthdate: another pupil
    assert len(admin.page(number)["candidates_list"]) == 2


def test_edit_candidate(app, admin):
    number = admin.create_session()["session_number"]
    first = admin.enrol(number, "Jeanne", "Roux", "2011-03-14")
    second = admin.enrol(number, "Paul", "Roux", "2011-03-14")
    path = f"/sessions/{number}/candidates/{first['candidate_id']}"
    entry = ok(admin.patch(path, {"last_name": "Roux-Ørsted", "extra_time_pct": 33, "email": "j.roux@example.fr"}))
    entry = entry["candidate"]
    assert entry["last_name"] == "Roux-Ørsted" and entry["extra_time_pct"] == 33 and entry["first_name"] == "Jeanne"
    assert entry["details"] == {"email": "j.roux@example.fr"}
    refused(app, lambda: admin.patch(path, {"email": "jroux"}), 422)
    refused(app, lambda: admin.patch(path, {"birthdate": "2011-04-31"}), 422)
    refused(app, lambda: admin.patch(f"/sessions/{number}/candidates/{second['candidate_id']}",
                                     {"last_name": "ROUX-ØRSTED", "first_name": "jeanne"}), 409, "candidate_duplicate")
    refused(app, lambda: admin.patch(f"/sessions/{number}/candidates/inconnu", {"last_name": "X"}), 404)
    seq = handle_of(app, number).state.seq
    ok(admin.patch(path, {"last_name": "Roux-Ørsted"}))
    assert handle_of(app, number).state.seq == seq  # no change, nothing written


def test_remove_candidate(app, admin):
    number = admin.create_session()["session_number"]
    gone = admin.enrol(number, "Jeanne", "Roux", "2011-03-14")
    admin.enrol(number, "Paul", "Roux", "2011-03-14")
    assert ok(admin.delete(f"/sessions/{number}/candidates/{gone['candidate_id']}")) == {"removed": True}
    assert [c["first_name"] for c in admin.page(number)["candidates_list"]] == ["Paul"]
    refused(app, lambda: admin.delete(f"/sessions/{number}/candidates/{gone['candidate_id']}"), 404)
    admin.enrol(number, "Jeanne", "Roux", "2011-03-14")  # enrolled again after a mistake


def test_candidate_changes_refused_after_start(app, admin, started):
    number = app.demo["session_number"]
    someone = app.demo["candidates"][5]["candidate_id"]
    refused(app, lambda: admin.post(f"/sessions/{number}/candidates", {
        "first_name": "Tard", "last_name": "Venu", "birthdate": "2011-01-01", "extra_time_pct": 0}), 409,
        "session_started")
    message = refused(app, lambda: admin.patch(f"/sessions/{number}/candidates/{someone}", {"last_name": "Autre"}),
                      409, "session_started")
    assert "correction d'identité" in message
    refused(app, lambda: admin.delete(f"/sessions/{number}/candidates/{someone}"), 409, "session_started")


# -- identity correction (C1) ---------------------------------------------------------------------------------

def journal_events(app, number: int) -> list[dict]:
    path = handle_of(app, number).journal.path
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def test_identity_correction_after_start(app, admin, started):
    number = app.demo["session_number"]
    pupil = started[1]  # Lucas Bernard
    candidate_id = pupil.person["candidate_id"]
    path = f"/sessions/{number}/candidates/{candidate_id}/identity-correction"
    refused(app, lambda: admin.post(path, {"extra_time_pct": 50}), 400)  # only the identity
    refused(app, lambda: admin.post(path, {"birthdate": "2011-02-30"}), 422)
    refused(app, lambda: admin.post(path, {"birth_postal_code": "7500"}), 422)  # checked like an enrolment
    refused(app, lambda: admin.post(path, {"birth_insee_code": "ABCDE"}), 422)
    refused(app, lambda: admin.post(path, {"first_name": "---"}), 422)
    other = app.demo["candidates"][0]
    refused(app, lambda: admin.post(path, {"first_name": other["first_name"], "last_name": other["last_name"],
                                           "birthdate": other["birthdate"]}), 409, "candidate_duplicate")
    entry = ok(admin.post(path, {"last_name": "  Bertrand-Nguyễn ", "birth_city": "Łódź"}))["candidate"]
    assert entry["last_name"] == "Bertrand-Nguyễn" and entry["first_name"] == "Lucas"
    assert entry["details"]["birth_city"] == "Łódź"
    assert entry["corrections"][-1]["before"] == {"last_name": "Bernard", "birth_city": ""}
    assert entry["corrections"][-1]["after"] == {"last_name": "Bertrand-Nguyễn", "birth_city": "Łódź"}
    recorded = [e for e in journal_events(app, number) if e["type"] == "identity_corrected"]
    assert len(recorded) == 1
    assert recorded[0]["data"]["before"]["last_name"] == "Bernard"
    assert recorded[0]["data"]["after"]["last_name"] == "Bertrand-Nguyễn"
    assert recorded[0]["data"]["by"] == "admin"
    seq = handle_of(app, number).state.seq
    ok(admin.post(path, {"last_name": "Bertrand-Nguyễn"}))  # the same again: nothing new
    assert handle_of(app, number).state.seq == seq
    # the candidate's test goes on under the corrected identity
    assert pupil.state().status_code == 200
    sheet = flat(pdf_text(admin.get(f"/sessions/{number}/documents/attendance-sheet.pdf").data))
    assert "bertrand-nguyễn" in sheet.casefold() and "bernard" not in sheet.casefold()
    assert "łódź" in sheet.casefold()


def test_identity_correction_survives_a_restart(app, admin, started):
    from roomserver.app import create_app

    number = app.demo["session_number"]
    candidate_id = started[0].person["candidate_id"]
    ok(admin.post(f"/sessions/{number}/candidates/{candidate_id}/identity-correction", {"first_name": "Élodie-Anne"}))
    store_of(app).close()
    again = create_app({"data_dir": store_of(app).data_dir, "async_mode": "threading", "live_tick_s": 0})
    try:
        state = again.extensions["roomserver"].store.by_number(number).state
        assert state.candidates[candidate_id].first_name == "Élodie-Anne"
        assert state.candidates[candidate_id].corrections[0]["before"] == {"first_name": "Élodie"}
    finally:
        again.extensions["roomserver"].store.close()


def test_external_id_names_one_pupil(app, admin):
    number = admin.create_session()["session_number"]
    admin.enrol(number, "Jeanne", "Roux", "2011-03-14", external_id="INE-0001")
    other = admin.enrol(number, "Paul", "Roux", "2011-03-14", external_id="INE-0002")
    message = refused(app, lambda: admin.post(f"/sessions/{number}/candidates", {
        "first_name": "Marc", "last_name": "Roux", "birthdate": "2011-03-14", "external_id": "INE-0001"}), 409,
        "external_id_duplicate")
    assert "INE-0001" in message
    refused(app, lambda: admin.patch(f"/sessions/{number}/candidates/{other['candidate_id']}",
                                     {"external_id": "INE-0001"}), 409, "external_id_duplicate")
    ok(admin.patch(f"/sessions/{number}/candidates/{other['candidate_id']}", {"external_id": "INE-0003"}))
