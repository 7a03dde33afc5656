"""Bad input never gets a 500 or a stack trace: a French message in the one error shape."""

from __future__ import annotations

import uuid

import pytest

from roomserver.core.french import typo

JOIN = "/api/v1/candidate/join"


def assert_error(response, status, code=None):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"] and "Traceback" not in body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def join_body(app, **changes):
    person = next(p for p in app.demo["candidates"] if p["certifiable"])
    body = {"session_number": app.demo["session_number"], "first_name": person["first_name"],
            "last_name": person["last_name"], "birthdate": person["birthdate"]}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def journal_size(app):
    store = app.extensions["roomserver"].store
    return sum(h.journal.path.stat().st_size for h in store._handles.values())


def test_malformed_json(app, client):
    response = client.post(JOIN, data="{nope", content_type="application/json")
    assert "JSON" in assert_error(response, 400, "invalid_json")["message"]


def test_not_json_at_all(app, client):
    assert_error(client.post(JOIN, data="session=1"), 400, "invalid_json")


@pytest.mark.parametrize("changes, fragment", [
    ({"first_name": None}, "« prénom » est obligatoire"),
    ({"extra": 1}, "« extra » n'est pas attendu"),
    ({"first_name": 12}, "« prénom » doit être une chaîne"),
    ({"first_name": ""}, "« prénom » ne peut pas être vide"),
    ({"birthdate": "14/03/2011"}, "AAAA-MM-JJ"),
    ({"birthdate": "2011-02-30"}, "n'existe pas"),
    ({"session_number": "douze"}, "numéro de session"),
    ({"session_number": True}, "numéro de session"),
])
def test_join_field_errors(app, client, changes, fragment):
    before = journal_size(app)
    error = assert_error(client.post(JOIN, json=join_body(app, **changes)), 400, "invalid_request")
    assert typo(fragment) in error["message"]
    assert journal_size(app) == before


def test_body_that_is_not_an_object(app, client):
    assert_error(client.post(JOIN, json=[1, 2]), 400, "invalid_request")


def test_oversized_body_is_413(app, client):
    response = client.post(JOIN, data='{"first_name": "' + "x" * 70000 + '"}', content_type="application/json")
    assert_error(response, 413, "body_too_large")


def test_unknown_session(app, client):
    assert_error(client.post(JOIN, json=join_body(app, session_number=99999999 % 999999)), 404, "session_not_found")


def test_identity_not_found(app, client):
    error = assert_error(client.post(JOIN, json=join_body(app, last_name="Inconnu")), 404, "identity_not_found")
    assert "surveillant" in error["message"]


def test_identity_ambiguous(app, client):
    """Two enrolments with the same identity (e.g. imported from an older list) cannot be told apart."""
    store = app.extensions["roomserver"].store
    handle = store.by_number(app.demo["session_number"])
    person = next(p for p in app.demo["candidates"] if p["certifiable"])
    twin = dict(handle.state.candidates[person["candidate_id"]].__dict__)
    store.execute(handle, lambda s: [("candidate_enrolled", {
        "candidate_id": "twin", "first_name": person["first_name"].upper(), "last_name": person["last_name"],
        "birthdate": person["birthdate"], "extra_time_pct": 0, "profile": twin["profile"].to_dict()})])
    assert_error(client.post(JOIN, json=join_body(app)), 409, "identity_ambiguous")


def test_non_certifiable(app, client):
    person = next(p for p in app.demo["candidates"] if not p["certifiable"])
    body = join_body(app, first_name=person["first_name"], last_name=person["last_name"], birthdate=person["birthdate"])
    assert_error(client.post(JOIN, json=body), 403, "not_certifiable")


def test_unknown_or_missing_token(app, client):
    assert_error(client.get("/api/v1/candidate/state"), 401, "unauthorised")
    assert_error(client.get("/api/v1/candidate/state", headers={"Authorization": "Bearer nope"}), 401)
    assert_error(client.get("/api/v1/invigilator/session", headers={"Authorization": "Basic abc"}), 401)


def test_candidate_token_is_not_an_invigilator_token(app, client, candidates):
    candidate = candidates[0]
    candidate.join()
    response = client.get("/api/v1/invigilator/session", headers={"Authorization": f"Bearer {candidate.token}"})
    assert_error(response, 401)


def test_wrong_access_code_and_throttling(app, client, invigilator, candidates):
    candidate = candidates[0]
    candidate.join()
    invigilator.confirm_presence(candidate.person["candidate_id"])
    invigilator.start_session()
    for _ in range(app.extensions["roomserver"].settings["throttle_attempts"]):
        assert_error(candidate.start(code="BBBB22"), 422, "access_code_incorrect")
    assert_error(candidate.start(code="BBBB22"), 429, "too_many_attempts")
    assert_error(candidate.start(), 429)  # even the right code waits for the window


def test_wrong_invigilator_password_is_throttled(app, client):
    body = {"session_number": app.demo["session_number"], "password": "C-BBBBBB"}
    for _ in range(app.extensions["roomserver"].settings["throttle_attempts"]):
        assert_error(client.post("/api/v1/invigilator/login", json=body), 401, "password_incorrect")
    assert_error(client.post("/api/v1/invigilator/login", json=body), 429, "too_many_attempts")


def test_answer_shapes(app, client, started):
    candidate = started[0]
    question = candidate.state().get_json()["question"]
    cid = question["challenge_id"]
    before = journal_size(app)
    assert_error(candidate.post("/api/v1/candidate/answers", {"challenge_id": cid, "value": "a"}), 400)
    assert_error(candidate.post("/api/v1/candidate/answers", {"answer_id": "x", "challenge_id": cid, "value": "a"}), 400)
    both = {"answer_id": str(uuid.uuid4()), "challenge_id": cid, "value": "a", "skip": True}
    assert_error(candidate.post("/api/v1/candidate/answers", both), 400)
    neither = {"answer_id": str(uuid.uuid4()), "challenge_id": cid}
    assert_error(candidate.post("/api/v1/candidate/answers", neither), 400)
    wrong_type = {"answer_id": str(uuid.uuid4()), "challenge_id": cid, "value": 42}
    assert_error(candidate.post("/api/v1/candidate/answers", wrong_type), 400)
    nonsense = {"answer_id": str(uuid.uuid4()), "challenge_id": cid, "value": {"nope": "x"} if question["type"] in ("QCU", "QCM", "QROC") else "x"}
    assert_error(candidate.post("/api/v1/candidate/answers", nonsense), 422, "answer_invalid")
    assert journal_size(app) == before
    assert candidate.state().get_json()["answered"] == 0


def test_unknown_route_and_method_are_json(app, client):
    assert_error(client.get("/api/v1/nope"), 404, "not_found")
    assert_error(client.get(JOIN), 405, "method_not_allowed")


def test_a_stranger_gets_401_before_any_word_about_the_body(client):
    for path in ("/api/v1/invigilator/session/added-time", "/api/v1/invigilator/incidents"):
        response = client.post(path, json={"minutes": "beaucoup"})
        assert response.status_code == 401
        assert "mot de passe surveillant" in response.get_json()["error"]["message"]
    response = client.post("/api/v1/candidate/answers", json={"nope": 1})
    assert response.status_code == 401 and "rejoignez" in response.get_json()["error"]["message"]


def test_the_token_is_looked_up_once_per_request(app, started, monkeypatch):
    """The route checks the token before the body, the view uses it: one lookup on the answer path."""
    store = app.extensions["roomserver"].store
    calls = []
    original = store.find_token
    monkeypatch.setattr(store, "find_token", lambda *args: calls.append(args) or original(*args))
    candidate = started[0]
    question = candidate.state().get_json()["question"]
    calls.clear()
    assert candidate.answer(question["challenge_id"], skip=True).status_code == 200
    assert len(calls) == 1
