"""Regression tests for inputs that used to answer 500 or another shape (issue 13): deep JSON,
lone surrogates, non-ASCII digits, a reused request id, 405 without Allow, the published
document's patterns, integral floats, server errors declared."""

from __future__ import annotations

import uuid

import pytest

from roomserver.core.french import NBSP

JOIN = "/api/v1/candidate/join"


def journal_seq(app) -> int:
    return sum(s.seq for s in app.extensions["roomserver"].store.sessions())


def assert_error(response, status, code=None):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    if code:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.mark.parametrize("depth", [33, 500, 20000])
def test_deep_json_is_a_clear_400(client, app, depth):
    before = journal_seq(app)
    error = assert_error(client.post(JOIN, data="[" * depth + "]" * depth, content_type="application/json"),
                         400, "invalid_json")
    assert "profondément" in error["message"]
    assert journal_seq(app) == before


def test_brackets_inside_strings_do_not_count_as_depth(client, app):
    person = app.demo["candidates"][0]
    body = ('{"session_number": %d, "first_name": "%s", "last_name": "%s", "birthdate": "%s", "x": "%s"}'
            % (app.demo["session_number"], person["first_name"], person["last_name"], person["birthdate"], "[" * 100))
    assert_error(client.post(JOIN, data=body, content_type="application/json"), 400, "invalid_request")  # "x" unexpected


@pytest.mark.parametrize("where", ["value", "key"])
def test_a_lone_surrogate_is_refused_before_the_journal(client, app, started, where):
    actor = started[0]
    challenge_id = actor.state().get_json()["question"]["challenge_id"]
    text = '"\\ud800"'
    report = ('{"challenge_id": "%s", "message": %s}' % (challenge_id, text) if where == "value" else
              '{"challenge_id": "%s", %s: "x"}' % (challenge_id, text))
    before = journal_seq(app)
    error = assert_error(actor.client.post("/api/v1/candidate/report", data=report, content_type="application/json",
                                           headers={"Authorization": f"Bearer {actor.token}"}), 400, "invalid_request")
    assert "mal encodé" in error["message"]
    assert journal_seq(app) == before


@pytest.mark.parametrize("kib", ["²", "٣", "1e3", "-1", "0", "8193", ""])
def test_payload_size_must_be_ascii_digits(client, kib):
    assert_error(client.get(f"/api/v1/preflight/payload?kib={kib}"), 400, "invalid_request")


def test_an_added_time_request_id_reused_on_another_candidate_is_409(invigilator, started, app):
    first, second = (actor.person["candidate_id"] for actor in started)
    request_id = str(uuid.uuid4())
    headers = {"Authorization": f"Bearer {invigilator.token}"}
    body = {"minutes": 5, "reason": "panne", "request_id": request_id}
    client = invigilator.client
    assert client.post(f"/api/v1/invigilator/candidates/{first}/added-time", json=body, headers=headers).status_code == 200
    assert client.post(f"/api/v1/invigilator/candidates/{first}/added-time", json=body, headers=headers).status_code == 200
    before = journal_seq(app)
    error = assert_error(client.post(f"/api/v1/invigilator/candidates/{second}/added-time", json=body, headers=headers),
                         409, "request_id_reused")
    assert f"{NBSP}:" in error["message"]
    assert journal_seq(app) == before
    state = app.extensions["roomserver"].store.sessions()[0]
    assert state.candidates[first].added_s == 300 and state.candidates[second].added_s == 0


def test_405_says_which_methods_exist(client):
    response = client.delete(JOIN)
    assert_error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]


def test_integral_floats_are_integers_as_json_schema_says(client, app):
    person = app.demo["candidates"][0]
    body = ('{"session_number": %d.0, "first_name": "%s", "last_name": "%s", "birthdate": "%s"}'
            % (app.demo["session_number"], person["first_name"], person["last_name"], person["birthdate"]))
    assert client.post(JOIN, data=body, content_type="application/json").status_code == 200


def test_the_published_patterns_are_anchored_and_server_errors_declared(client):
    document = client.get("/api/v1/openapi.json").get_json()

    def patterns(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                yield node["pattern"]
            for value in node.values():
                yield from patterns(value)
        elif isinstance(node, list):
            for value in node:
                yield from patterns(value)

    found = list(patterns(document))
    assert found and all(p.startswith("^") and p.endswith("$") for p in found)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert {"500", "503", "507"} <= set(operation["responses"]), (method, path)
