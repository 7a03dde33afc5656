"""The authorisation matrix over every operation of the served OpenAPI document: no token, a
forged token, a malformed header, another kind's token (a candidate's on the invigilator's and
the administrator's operations...), another session's token and another candidate's token.
Each is refused (401, or 403/404 where the token is real but names what is not its own) and
writes nothing: not a journal line, not a byte of the tables file. The public operations are
an explicit list: a new operation without a token is noticed here."""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from roomserver.api.openapi import document
from securityfixtures import room, world, world_template  # noqa: F401  (fixtures)
from securitykit import bearer, journal_lines
from test_fuzz import OPERATIONS, _auth_of

PUBLIC = {
    ("/healthz", "get"), ("/api/v1/health", "get"), ("/api/v1/openapi.json", "get"),
    ("/api/v1/candidate/join", "post"), ("/api/v1/invigilator/login", "post"), ("/api/v1/admin/login", "post"),
    ("/api/v1/admin/first-run", "get"), ("/api/v1/admin/first-run", "post"),  # from the server machine only
    # the preflight page runs on any room PC before any login; its board and edits need the admin
    ("/api/v1/preflight/ping", "get"), ("/api/v1/preflight/payload", "get"), ("/api/v1/preflight/samples", "get"),
    ("/api/v1/preflight/samples/{kind}", "get"), ("/api/v1/preflight/pcs", "post"),
    ("/api/v1/preflight/pcs/{pc_id}", "get"), ("/api/v1/preflight/pcs/{pc_id}/browser", "post"),
    ("/api/v1/preflight/pcs/{pc_id}/tasks", "post"), ("/api/v1/preflight/pcs/{pc_id}/tasks/{task_id}/file", "get"),
    ("/api/v1/preflight/pcs/{pc_id}/tasks/{task_id}/answer", "post"), ("/api/v1/preflight/reports", "post"),
    ("/api/v1/preflight/agent.pyz", "get"),
}
KINDS = ("candidate", "invigilator", "admin")
GUARDED = [(path, method) for path, method in OPERATIONS if (path, method) not in PUBLIC]


def kind_of(path: str, method: str) -> str | None:
    return _auth_of(document()["paths"][path][method])


def session_lines(app, number: int) -> int:
    return app.extensions["roomserver"].store.by_number(number).journal.path.read_bytes().count(b"\n")


def footprint(app) -> tuple[int, bytes]:
    """What a refused request must leave as it was: the journals and the tables file."""
    data_dir = app.extensions["roomserver"].settings["data_dir"]
    tables = data_dir / "roomserver.json"
    return journal_lines(app), tables.read_bytes() if tables.exists() else b""


@lru_cache(maxsize=None)
def an_example(path: str, method: str):
    """A valid request of the operation, made by schemathesis (always the same one)."""
    operation = schemathesis.openapi.from_dict(document())[path][method.upper()]
    made = []

    @given(case=operation.as_strategy())
    @settings(max_examples=1, phases=[Phase.generate], derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def draw(case):
        made.append(case)

    draw()
    return made[0]


def send(app, world, path, method, headers, path_values=None):
    case = an_example(path, method)
    values = {"session_number": world.session_number, "candidate_id": world.candidate_ids["in_test"],
              "alert_id": world.alert_id, "challenge_id": world.challenge_id, "name": world.attachment,
              "pc_id": world.pc_id, "task_id": "pdf", "kind": "pdf", **(path_values or {})}
    for name in case.path_parameters or {}:
        case.path_parameters[name] = values[name]
    return case.call(app=app, headers=headers)


def tokens(world) -> dict[str, str]:
    return {"candidate": world.candidates["in_test"], "invigilator": world.invigilator, "admin": world.admin}


def test_every_operation_is_guarded_or_known_public():
    assert PUBLIC <= set(OPERATIONS)
    for path, method in GUARDED:
        assert kind_of(path, method) in KINDS, f"{method.upper()} {path}: no token named in the document"
    for path, method in PUBLIC:
        assert kind_of(path, method) is None


@pytest.mark.parametrize("path,method", GUARDED, ids=[f"{m.upper()} {p}" for p, m in GUARDED])
def test_only_the_right_token_gets_in(room, path, method):
    app, world = room
    kind = kind_of(path, method)
    wrong = {
        "no token": {},
        "forged token": bearer(secrets.token_urlsafe(32)),
        "empty bearer": {"Authorization": "Bearer "},
        "another scheme": {"Authorization": f"Basic {tokens(world)[kind]}"},
        **{f"{other} token": bearer(token) for other, token in tokens(world).items() if other != kind},
        "the token's hash": bearer(hashlib.sha256(tokens(world)[kind].encode()).hexdigest()),
    }
    if kind == "invigilator":
        wrong["another session's candidate"] = bearer(world.other_candidate)
    if kind == "admin":
        wrong["another session's invigilator"] = bearer(world.live_invigilator)
    for label, headers in wrong.items():
        before = footprint(app)
        response = send(app, world, path, method, headers)
        assert response.status_code == 401, (label, response.status_code, response.text[:300])
        assert set(response.json()) == {"error"} and response.json()["error"]["code"] == "unauthorised"
        assert footprint(app) == before, f"{label}: something was written"
    if kind == "invigilator":  # real tokens of other sessions act on their own session, never on this one
        for token in (world.other_invigilator, world.live_invigilator):
            before = session_lines(app, world.session_number)
            assert send(app, world, path, method, bearer(token)).status_code < 500
            assert session_lines(app, world.session_number) == before
    # The right token is not refused as a stranger (the example may still be refused for its content).
    assert send(app, world, path, method, bearer(tokens(world)[kind])).status_code != 401


CANDIDATE_ROUTES = [(p, m) for p, m in GUARDED if p.startswith("/api/v1/invigilator/candidates/")]


@pytest.mark.parametrize("path,method", CANDIDATE_ROUTES, ids=[f"{m.upper()} {p}" for p, m in CANDIDATE_ROUTES])
def test_another_sessions_invigilator_cannot_touch_this_sessions_candidates(room, path, method):
    app, world = room
    before = footprint(app)
    response = send(app, world, path, method, bearer(world.live_invigilator))
    assert response.status_code in (400, 404), (response.status_code, response.text[:300])
    if response.status_code == 404:
        assert response.json()["error"]["code"] == "candidate_not_found"
    assert footprint(app) == before


def test_another_candidate_cannot_fetch_this_candidates_files(room):
    app, world = room
    client = app.test_client()
    mine = client.get("/api/v1/candidate/state", headers=bearer(world.candidates["in_test"])).get_json()
    theirs = client.get("/api/v1/candidate/state", headers=bearer(world.candidates["reporter"])).get_json()
    held = {q["challenge_id"] for q in (theirs["question"], theirs["next_question"]) if q}
    question = next(q for q in (mine["question"], mine["next_question"]) if q and q["challenge_id"] not in held)
    name = (question["attachments"] or [{"name": "x.pdf"}])[0]["name"]
    url = f"/api/v1/candidate/attachments/{question['challenge_id']}/{name}"
    for token in (world.candidates["reporter"], world.other_candidate, world.candidates["joined_only"]):
        before = footprint(app)
        response = client.get(url, headers=bearer(token))
        assert response.status_code in (403, 409), response.get_json()  # 409: the finalised session's PC
        assert footprint(app) == before
    # A file of no question of theirs, even one of the pack, is never served.
    response = client.get(f"/api/v1/candidate/attachments/{world.attachment_challenge}/{world.attachment}",
                          headers=bearer(world.candidates["reporter"]))
    assert response.status_code in (403, 404)


def test_a_candidate_acts_only_for_themselves(room):
    """Candidate operations name no candidate: the token decides. Another candidate's answer for
    this candidate's current question is refused and this candidate's state is untouched."""
    app, world = room
    client = app.test_client()
    target = world.candidate_ids["in_test"]
    store = app.extensions["roomserver"].store
    before = store.by_number(world.session_number).state.candidates[target].seq
    body = {"answer_id": "6f1d2c3a-0000-4000-8000-000000000001", "challenge_id": world.challenge_id, "skip": True}
    for token in (world.candidates["reporter"], world.candidates["present_late"], world.other_candidate):
        own = client.get("/api/v1/candidate/state", headers=bearer(token)).get_json()
        response = client.post("/api/v1/candidate/answers", json=body, headers=bearer(token))
        if (own.get("question") or {}).get("challenge_id") == world.challenge_id:
            # Tests are drawn at random: this candidate was given the same question, so the
            # answer is their own, recorded for them alone.
            assert response.status_code == 200 and response.get_json()["state"]["first_name"] == own["first_name"]
        else:
            assert response.status_code in (403, 409), response.get_json()
    assert store.by_number(world.session_number).state.candidates[target].seq == before
