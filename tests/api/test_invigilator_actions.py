"""Every invigilator action over HTTP: what it answers, that a repeat records once, every
refusal (status, code, a French message) and bad input, and that a refusal writes nothing."""

from __future__ import annotations

import re
import time
import uuid

import pytest

from roomserver.core.french import typo

API = "/api/v1/invigilator"
ROW_KEYS = {"candidate_id", "seq", "first_name", "last_name", "birthdate", "extra_time_pct", "certifiable", "status",
            "display_status", "joined", "resume_pending", "open_alerts", "alerts", "end_screen_seen", "answered", "total",
            "skipped_by_end", "added_s", "allowed_s", "time_used_s", "time_left_s", "clock_running", "connection", "pc",
            "given_back", "focus_lost", "frauds", "incidents", "pending_client", "failed_joins", "refused_entries", "corrections"}
SUMMARY_KEYS = {"session_id", "session_number", "seq", "server_time", "status", "details", "started_at",
                "closed_at", "access_code", "comment", "invigilators", "incidents", "frauds", "time_additions"}
FRENCH = re.compile(r"[éèêàùçôî«»]|\b(le|la|les|de|du|des|un|une|est|pas|ce|cette|au|aux|il|plus)\b", re.IGNORECASE)


class Page:
    """The invigilators' page: HTTP calls with a bearer token."""

    def __init__(self, client, token):
        self.client, self.token = client, token

    def call(self, method, path, body=None):
        kwargs = {"json": body} if body is not None else {}
        return self.client.open(API + path, method=method, headers={"Authorization": f"Bearer {self.token}"}, **kwargs)

    def post(self, path, body=None):
        return self.call("POST", path, body)


@pytest.fixture
def inv(client, app):
    response = client.post(API + "/login", json={"session_number": app.demo["session_number"],
                                                 "password": app.demo["invigilator_password"], "name": "Mme Roux"})
    assert response.status_code == 200
    return Page(client, response.get_json()["token"])


def state(app):
    return app.extensions["roomserver"].store.by_number(app.demo["session_number"]).state


def ok(response) -> dict:
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def refused(app, request, status, code=None, fragment=None) -> str:
    """Run ``request()``: refused with the one error shape and a French message, nothing journaled."""
    handle = app.extensions["roomserver"].store.by_number(app.demo["session_number"])
    seq, size = handle.state.seq, handle.journal.path.stat().st_size
    response = request()
    assert response.status_code == status, response.get_json()
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    message = body["error"]["message"]
    assert message and FRENCH.search(message) and "Traceback" not in message, message
    if code:
        assert body["error"]["code"] == code, body
    if fragment:
        assert fragment in message, message
    assert handle.state.seq == seq and handle.journal.path.stat().st_size == size  # nothing written
    return message


def unchanged(app, request) -> dict:
    """Run ``request()``: a 200 that records nothing (an idempotent repeat)."""
    seq = state(app).seq
    body = ok(request())
    assert state(app).seq == seq
    return body


def cid(actor) -> str:
    return actor.person["candidate_id"]


@pytest.fixture
def seated(inv, candidates):
    pair = candidates[:2]
    for actor in pair:
        assert actor.join().status_code == 200
        ok(inv.post(f"/candidates/{cid(actor)}/presence"))
    return pair


@pytest.fixture
def running(inv, seated):
    ok(inv.post("/session/start"))
    for actor in seated:
        assert actor.start().status_code == 200
    return seated


@pytest.fixture
def alert(app, running):
    """The first candidate reports a problem: (candidate id, alert id)."""
    actor = running[0]
    challenge_id = actor.state().get_json()["question"]["challenge_id"]
    assert actor.post("/api/v1/candidate/report", {"challenge_id": challenge_id, "message": "image absente"}).status_code == 200
    return cid(actor), state(app).candidates[cid(actor)].alerts[-1].alert_id


def new_browser(client, app, person) -> dict:
    """The same candidate joins again from another browser: headers of its (pending) token."""
    body = {"session_number": app.demo["session_number"], **{k: person[k] for k in ("first_name", "last_name", "birthdate")}}
    response = client.post("/api/v1/candidate/join", json=body)
    assert response.status_code == 200 and response.get_json()["status"] == "awaiting_resume"
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def ended(app, inv, running):
    for actor in running:
        ok(inv.post(f"/candidates/{cid(actor)}/end-test"))


def row_response(body, app) -> dict:
    assert set(body) == {"seq", "candidate"} and set(body["candidate"]) == ROW_KEYS
    assert body["seq"] == state(app).seq
    return body["candidate"]


def summary_response(body, app) -> dict:
    assert set(body) == {"seq", "session"} and SUMMARY_KEYS <= set(body["session"])
    assert body["seq"] == body["session"]["seq"] == state(app).seq
    return body["session"]


# -- success payloads -------------------------------------------------------------------------------

def test_presence_confirm_and_cancel(app, inv, candidates):
    actor = candidates[0]
    actor.join()
    row = row_response(ok(inv.post(f"/candidates/{cid(actor)}/presence")), app)
    assert row["candidate_id"] == cid(actor) and row["status"] == "present"
    unchanged(app, lambda: inv.post(f"/candidates/{cid(actor)}/presence"))
    row = row_response(ok(inv.call("DELETE", f"/candidates/{cid(actor)}/presence")), app)
    assert row["status"] == "enrolled"
    unchanged(app, lambda: inv.call("DELETE", f"/candidates/{cid(actor)}/presence"))


def test_start(app, inv, seated):
    body = ok(inv.post("/session/start"))
    assert set(body) == {"access_code", "started_at", "seq"} and body["access_code"] == app.demo["access_code"]
    assert body["seq"] == state(app).seq
    again = unchanged(app, lambda: inv.post("/session/start"))
    assert again["access_code"] == body["access_code"] and again["started_at"] == body["started_at"]


def test_authorise_resume(app, client, inv, running):
    candidate_id = cid(running[0])
    headers = new_browser(client, app, running[0].person)
    assert client.post("/api/v1/candidate/start", json={"access_code": app.demo["access_code"]},
                       headers=headers).status_code == 403  # waiting for the invigilator
    row = row_response(ok(inv.post(f"/candidates/{candidate_id}/authorise-resume")), app)
    assert not row["resume_pending"] and row["display_status"] == "in_test"
    assert client.get("/api/v1/candidate/state", headers=headers).get_json()["status"] == "in_test"
    refused(app, lambda: inv.post(f"/candidates/{candidate_id}/authorise-resume"), 409, "no_resume_pending")


def test_dismiss(app, inv, alert):
    candidate_id, alert_id = alert
    row = row_response(ok(inv.post(f"/candidates/{candidate_id}/alerts/{alert_id}/dismiss")), app)
    assert row["alerts"][0]["status"] == "dismissed" and row["display_status"] == "in_test"
    unchanged(app, lambda: inv.post(f"/candidates/{candidate_id}/alerts/{alert_id}/dismiss"))
    refused(app, lambda: inv.post(f"/candidates/{candidate_id}/alerts/{alert_id}/validate", {"code": "E1"}),
            409, "alert_already_handled", "écarté")


def test_validate(app, inv, alert):
    candidate_id, alert_id = alert
    row = row_response(ok(inv.post(f"/candidates/{candidate_id}/alerts/{alert_id}/validate", {"code": "E3"})), app)
    assert (row["alerts"][0]["status"], row["alerts"][0]["code"], row["alerts"][0]["replaced"]) == ("validated", "E3", True)
    assert [i.code for i in state(app).incidents] == ["E3"]
    unchanged(app, lambda: inv.post(f"/candidates/{candidate_id}/alerts/{alert_id}/validate", {"code": "E3"}))
    assert len(state(app).incidents) == 1
    refused(app, lambda: inv.post(f"/candidates/{candidate_id}/alerts/{alert_id}/validate", {"code": "E4"}),
            409, "alert_already_handled", "E3")
    refused(app, lambda: inv.post(f"/candidates/{candidate_id}/alerts/{alert_id}/dismiss"), 409, "alert_already_handled")


def test_add_time_to_one_records_once_per_request_id(app, inv, running):
    candidate_id = cid(running[0])
    request_id = str(uuid.uuid4())
    body = {"minutes": 10, "reason": "panne du poste", "request_id": request_id}
    row = row_response(ok(inv.post(f"/candidates/{candidate_id}/added-time", body)), app)
    assert row["added_s"] == 600
    same = {**body, "request_id": request_id.replace("-", "").upper()}  # the same UUID, written differently
    assert row_response(unchanged(app, lambda: inv.post(f"/candidates/{candidate_id}/added-time", same)), app)["added_s"] == 600
    assert len(state(app).time_additions) == 1
    ok(inv.post(f"/candidates/{candidate_id}/added-time", {"minutes": 5, "reason": "autre panne"}))  # a new request
    assert state(app).candidates[candidate_id].added_s == 900


def test_add_time_to_all_records_once_per_request_id(app, inv, running):
    body = {"minutes": 120, "reason": "alarme incendie", "request_id": str(uuid.uuid4())}
    session = summary_response(ok(inv.post("/session/added-time", body)), app)
    assert session["time_additions"][0]["everyone"] and session["time_additions"][0]["minutes"] == 120
    unchanged(app, lambda: inv.post("/session/added-time", body))
    assert [c.added_s for c in state(app).candidates.values() if c.added_s] == [7200, 7200]


def test_end_test_and_end_screens(app, inv, running):
    first, second = (cid(actor) for actor in running)
    row = row_response(ok(inv.post(f"/candidates/{first}/end-test")), app)
    assert row["status"] == "ended_by_invigilator" and row["skipped_by_end"] == row["total"]
    unchanged(app, lambda: inv.post(f"/candidates/{first}/end-test"))
    row = row_response(ok(inv.post(f"/candidates/{first}/end-screen-seen")), app)
    assert row["end_screen_seen"] and row["display_status"] == "end_screen_seen"
    unchanged(app, lambda: inv.post(f"/candidates/{first}/end-screen-seen"))
    unchanged(app, lambda: inv.post("/session/end-screens-seen"))  # nobody else has finished
    ok(inv.post(f"/candidates/{second}/end-test"))
    summary_response(ok(inv.post("/session/end-screens-seen")), app)
    assert state(app).candidates[second].end_screen_seen
    unchanged(app, lambda: inv.post("/session/end-screens-seen"))


def test_incidents_record_once_per_incident_id(app, inv, running):
    incident_id = str(uuid.uuid4())
    body = {"code": "C7", "text": "coupure réseau", "incident_id": incident_id}
    session = summary_response(ok(inv.post("/incidents", body)), app)
    assert session["incidents"][0]["incident_id"] == incident_id and session["incidents"][0]["code"] == "C7"
    unchanged(app, lambda: inv.post("/incidents", {**body, "text": "envoyé une seconde fois"}))
    on_question = {"code": "E11", "text": "passée par erreur", "candidate_id": cid(running[0]), "question_number": 1}
    session = summary_response(ok(inv.post("/incidents", on_question)), app)
    assert session["incidents"][1]["question_number"] == 1 and session["incidents"][1]["candidate_id"] == cid(running[0])
    assert len(state(app).incidents) == 2


def test_fraud_reports_record_once_per_fraud_id(app, inv, running):
    body = {"candidate_ids": [cid(running[0]), cid(running[0])], "observed_at": "10:42", "facts": "téléphone",
            "measures": "confisqué", "fraud_id": str(uuid.uuid4())}
    session = summary_response(ok(inv.post("/frauds", body)), app)
    assert session["frauds"][0]["candidate_ids"] == [cid(running[0])]  # the same candidate named once
    unchanged(app, lambda: inv.post("/frauds", body))
    assert len(state(app).frauds) == 1


def test_comment(app, inv, running):
    session = summary_response(ok(inv.call("PUT", "/session/comment", {"comment": "  RAS  "})), app)
    assert session["comment"] == "RAS"
    unchanged(app, lambda: inv.call("PUT", "/session/comment", {"comment": "RAS"}))
    assert summary_response(ok(inv.call("PUT", "/session/comment", {"comment": "x" * 500})), app)["comment"] == "x" * 500
    assert summary_response(ok(inv.call("PUT", "/session/comment", {"comment": ""})), app)["comment"] == ""


def test_close_then_records_are_still_accepted(app, inv, running):
    ended(app, inv, running)
    session = summary_response(ok(inv.post("/session/close")), app)
    assert session["status"] == "closed" and session["closed_at"]
    unchanged(app, lambda: inv.post("/session/close"))
    ok(inv.post("/incidents", {"code": "C8", "text": "carte oubliée"}))
    ok(inv.post("/frauds", {"candidate_ids": [cid(running[0])], "observed_at": "11:00", "facts": "f", "measures": "m"}))
    ok(inv.call("PUT", "/session/comment", {"comment": "fin"}))
    ok(inv.post("/session/end-screens-seen"))
    unchanged(app, lambda: inv.post(f"/candidates/{cid(running[0])}/end-test"))  # already ended: a no-op


# -- refusals ---------------------------------------------------------------------------------------

def test_refusals_before_the_start(app, inv, candidates):
    not_certifiable = next(p for p in app.demo["candidates"] if not p["certifiable"])["candidate_id"]
    refused(app, lambda: inv.post(f"/candidates/{not_certifiable}/presence"), 409, "not_certifiable")
    refused(app, lambda: inv.post("/session/start"), 409, "nobody_present")
    refused(app, lambda: inv.post("/session/added-time", {"minutes": 5, "reason": "test"}), 409, "nobody_sitting")
    refused(app, lambda: inv.post("/session/close"), 409, "illegal_transition")
    enrolled = cid(candidates[0])
    refused(app, lambda: inv.post(f"/candidates/{enrolled}/end-test"), 409, "test_not_started")
    refused(app, lambda: inv.post(f"/candidates/{enrolled}/end-screen-seen"), 409, "test_not_finished")
    refused(app, lambda: inv.post(f"/candidates/{enrolled}/authorise-resume"), 409, "no_resume_pending")


def test_refusals_while_running(app, inv, running, candidates):
    first, second = (cid(actor) for actor in running)
    late = cid(candidates[3])
    refused(app, lambda: inv.post(f"/candidates/{late}/presence"), 409, "session_started")
    refused(app, lambda: inv.call("DELETE", f"/candidates/{first}/presence"), 409, "session_started")
    refused(app, lambda: inv.post("/session/close"), 409, "tests_running", running[0].person["last_name"])
    refused(app, lambda: inv.post(f"/candidates/{first}/end-screen-seen"), 409, "test_not_finished")
    refused(app, lambda: inv.post(f"/candidates/{first}/added-time", {"minutes": 5, "reason": "   "}), 422, "text_required")
    refused(app, lambda: inv.post("/incidents", {"code": "C7", "text": "  "}), 422, "text_required")
    refused(app, lambda: inv.post("/incidents", {"code": "C7", "text": "t", "question_number": 1}), 422,
            "question_number_invalid")
    total = state(app).candidates[first].total
    if total < 48:  # a test of 48 questions: 49 is refused by the schema (400) before the rules
        refused(app, lambda: inv.post("/incidents", {"code": "E1", "text": "t", "candidate_id": first,
                                                     "question_number": total + 1}), 422, "question_number_invalid")
    fraud = {"candidate_ids": [first], "observed_at": "10:00", "facts": "f", "measures": "m"}
    refused(app, lambda: inv.post("/frauds", {**fraud, "candidate_ids": []}), 422, "candidates_required")
    for field in ("observed_at", "facts", "measures"):
        refused(app, lambda field=field: inv.post("/frauds", {**fraud, field: "   "}), 422, "text_required")
    ok(inv.post(f"/candidates/{second}/end-test"))
    refused(app, lambda: inv.post(f"/candidates/{second}/added-time", {"minutes": 5, "reason": "r"}), 409, "test_finished")


def test_a_test_finished_by_the_candidate_cannot_be_ended(app, inv, running):
    actor = running[0]
    while (question := actor.state().get_json()["question"]) is not None:
        assert actor.answer(question["challenge_id"], skip=True).status_code == 200
    refused(app, lambda: inv.post(f"/candidates/{cid(actor)}/end-test"), 409, "test_finished")


def test_after_closing_alerts_are_still_decided_but_no_time_is_added(app, inv, running, alert):
    candidate_id, alert_id = alert
    ended(app, inv, running)
    ok(inv.post("/session/close"))
    row = row_response(ok(inv.post(f"/candidates/{candidate_id}/alerts/{alert_id}/validate", {"code": "E1"})), app)
    assert row["alerts"][0]["status"] == "validated" and not row["alerts"][0]["replaced"]  # no question on screen
    refused(app, lambda: inv.post("/session/added-time", {"minutes": 5, "reason": "r"}), 409, "session_closed")
    refused(app, lambda: inv.post(f"/candidates/{candidate_id}/added-time", {"minutes": 5, "reason": "r"}), 409,
            "session_closed")
    refused(app, lambda: inv.post(f"/candidates/{cid(running[0])}/authorise-resume"), 409)


def test_nothing_is_written_once_finalised(app, inv, running, alert):
    from roomserver.core.states import SessionStatus
    candidate_id, alert_id = alert
    ended(app, inv, running)
    ok(inv.post("/session/close"))
    state(app).status = SessionStatus.FINALISED  # (in memory: the finalisation itself is not an HTTP action here)
    for method, path, body in [("POST", "/incidents", {"code": "C7", "text": "t"}),
                               ("POST", "/frauds", {"candidate_ids": [candidate_id], "observed_at": "10:00",
                                                    "facts": "f", "measures": "m"}),
                               ("PUT", "/session/comment", {"comment": "trop tard"}),
                               ("POST", "/session/end-screens-seen", None),
                               ("POST", f"/candidates/{candidate_id}/end-screen-seen", None),
                               ("POST", f"/candidates/{candidate_id}/alerts/{alert_id}/dismiss", None)]:
        refused(app, lambda m=method, p=path, b=body: inv.call(m, p, b), 409, "session_finalised")
    refused(app, lambda: inv.post("/session/close"), 409)


def test_resume_expired_after_24_hours(app, client, inv, running):
    new_browser(client, app, running[0].person)
    app.extensions["roomserver"].store.clock = lambda: time.time() + 24 * 3600 + 60
    refused(app, lambda: inv.post(f"/candidates/{cid(running[0])}/authorise-resume"), 409, "resume_expired")


CANDIDATE_ENDPOINTS = [
    ("POST", "/candidates/{c}/presence", None), ("DELETE", "/candidates/{c}/presence", None),
    ("POST", "/candidates/{c}/authorise-resume", None), ("POST", "/candidates/{c}/alerts/{a}/dismiss", None),
    ("POST", "/candidates/{c}/alerts/{a}/validate", {"code": "E1"}),
    ("POST", "/candidates/{c}/added-time", {"minutes": 5, "reason": "r"}), ("POST", "/candidates/{c}/end-test", None),
    ("POST", "/candidates/{c}/end-screen-seen", None),
]
SESSION_ENDPOINTS = [
    ("GET", "/session", None), ("POST", "/session/start", None), ("PUT", "/session/comment", {"comment": "c"}),
    ("POST", "/session/close", None), ("POST", "/session/added-time", {"minutes": 5, "reason": "r"}),
    ("POST", "/session/end-screens-seen", None), ("POST", "/incidents", {"code": "C7", "text": "t"}),
    ("POST", "/frauds", {"candidate_ids": ["x"], "observed_at": "10:00", "facts": "f", "measures": "m"}),
]


@pytest.mark.parametrize("method, path, body", CANDIDATE_ENDPOINTS[:2] + CANDIDATE_ENDPOINTS[3:])
def test_unknown_candidate_is_404(app, inv, alert, method, path, body):
    refused(app, lambda: inv.call(method, path.format(c="inconnu", a=alert[1]), body), 404, "candidate_not_found")


@pytest.mark.parametrize("method, path, body", [e for e in CANDIDATE_ENDPOINTS if "{a}" in e[1]])
def test_unknown_alert_is_404(app, inv, alert, method, path, body):
    refused(app, lambda: inv.call(method, path.format(c=alert[0], a="inconnue"), body), 404, "alert_not_found")


def test_unknown_candidate_in_records_is_404(app, inv, running):
    refused(app, lambda: inv.post("/incidents", {"code": "C1", "text": "t", "candidate_id": "inconnu"}), 404,
            "candidate_not_found")
    refused(app, lambda: inv.post("/frauds", {"candidate_ids": [cid(running[0]), "inconnu"], "observed_at": "10:00",
                                              "facts": "f", "measures": "m"}), 404, "candidate_not_found")
    refused(app, lambda: inv.post("/candidates/inconnu/authorise-resume"), 404, "candidate_not_found")


@pytest.mark.parametrize("method, path, body", CANDIDATE_ENDPOINTS + SESSION_ENDPOINTS)
def test_every_endpoint_needs_an_invigilator_token(app, client, inv, alert, running, subtests, method, path, body):
    url = API + path.format(c=alert[0], a=alert[1])
    for who, headers in {"no token": {}, "unknown token": {"Authorization": "Bearer pas-un-jeton"},
                         "a candidate's token": {"Authorization": f"Bearer {running[1].token}"},
                         "not a bearer": {"Authorization": f"Basic {inv.token}"},
                         "empty bearer": {"Authorization": "Bearer "}}.items():
        with subtests.test(who):
            refused(app, lambda h=headers: client.open(url, method=method, headers=h, **({"json": body} if body else {})),
                    401, "unauthorised")


# -- bad input: 400 before any rule is checked ---------------------------------------------------

V, T, ALL, I, F = ("/candidates/{c}/alerts/{a}/validate", "/candidates/{c}/added-time", "/session/added-time",
                   "/incidents", "/frauds")
FRAUD = {"candidate_ids": ["a"], "observed_at": "10:00", "facts": "f", "measures": "m"}
BAD_BODIES = [  # (method, path, body, a fragment of the message)
    ("POST", V, {"code": "C7"}, "E1"), ("POST", V, {"code": "E6"}, None), ("POST", V, {"code": "e1"}, None),
    ("POST", V, {"code": 1}, "chaîne"), ("POST", V, {}, "obligatoire"),  # only existing E-codes
    ("POST", V, {"code": "E1", "incident_id": str(uuid.uuid4())}, "n'est pas attendu"),
    ("POST", T, {"minutes": 0, "reason": "r"}, "entre 1 et 120"), ("POST", T, {"minutes": 121, "reason": "r"}, "120"),
    ("POST", T, {"minutes": "10", "reason": "r"}, "nombre entier"), ("POST", T, {"minutes": 10.5, "reason": "r"}, None),
    ("POST", T, {"minutes": True, "reason": "r"}, "nombre entier"), ("POST", T, {"minutes": None, "reason": "r"}, None),
    ("POST", T, {"minutes": 10}, "« motif » est obligatoire"), ("POST", T, {"minutes": 10, "reason": ""}, "vide"),
    ("POST", T, {"minutes": 10, "reason": "x" * 301}, "trop long"),
    ("POST", T, {"minutes": 10, "reason": "r", "request_id": "pas-un-uuid"}, "UUID"),
    ("POST", T, {"minutes": 10, "reason": "r", "who": "moi"}, "« who » n'est pas attendu"),
    ("POST", ALL, {"minutes": 0, "reason": "r"}, "entre 1 et 120"), ("POST", ALL, {"minutes": "10", "reason": "r"}, None),
    ("POST", I, {"code": "Z9", "text": "t"}, "l'une de ces valeurs"), ("POST", I, {"code": "c7", "text": "t"}, None),
    ("POST", I, {"code": "A1", "text": "t"}, None),  # an old code: read on paper, never recorded any more
    ("POST", I, {"code": "C7"}, "obligatoire"), ("POST", I, {"code": "C7", "text": "x" * 2001}, "trop long"),
    ("POST", I, {"code": "C7", "text": "t", "question_number": 0}, None),
    ("POST", I, {"code": "C7", "text": "t", "question_number": "1"}, None),
    ("POST", I, {"code": "C7", "text": "t", "incident_id": "abc"}, None),
    ("POST", I, {"code": "C7", "text": "t", "candidate_id": 12}, None),
    ("POST", I, {"code": "C7", "text": "t", "at": 1}, "n'est pas attendu"),
    ("POST", F, {**FRAUD, "candidate_ids": "abc"}, "liste"), ("POST", F, {**FRAUD, "candidate_ids": [1]}, None),
    ("POST", F, {k: v for k, v in FRAUD.items() if k != "observed_at"}, "obligatoire"),
    ("POST", F, {**FRAUD, "fraud_id": "x"}, None),
    ("PUT", "/session/comment", {"comment": "x" * 501}, "500 caractères"),
    ("PUT", "/session/comment", {"comment": 12}, "chaîne"), ("PUT", "/session/comment", {}, "obligatoire"),
    ("PUT", "/session/comment", {"comment": "c", "by": "s1"}, "n'est pas attendu"), ("PUT", "/session/comment", [], None),
]


def test_bad_bodies_are_400(app, inv, alert, subtests):
    for method, path, body, fragment in BAD_BODIES:
        with subtests.test(path=path, body=body):
            url = path.format(c=alert[0], a=alert[1])
            refused(app, lambda m=method, u=url, b=body: inv.call(m, u, b), 400, "invalid_request",
                    fragment and typo(fragment))


def test_bodies_that_are_not_json(app, client, inv, running):
    url = f"{API}/candidates/{cid(running[0])}/added-time"
    headers = {"Authorization": f"Bearer {inv.token}"}
    refused(app, lambda: client.post(url, data="{minutes", content_type="application/json", headers=headers),
            400, "invalid_json")
    refused(app, lambda: client.post(url, data="minutes=10", headers=headers), 400, "invalid_json")
