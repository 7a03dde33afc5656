"""The administrator's login over HTTP: password, throttle, logout, the first run from the
server itself, and the authorisation matrix: no admin operation opens without the admin
token, and no candidate or invigilator operation opens with it."""

from __future__ import annotations

import re

import pytest
from adminapikit import API, SESSION_BODY, Admin, admin, bare_app, error_message, footprint, login, ok  # noqa: F401

from roomserver.admin import passwords

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}
REMOTE = {"REMOTE_ADDR": "10.0.0.5"}
OPEN_ADMIN_PATHS = {"/api/v1/admin/login", "/api/v1/admin/first-run"}


# -- login and logout ---------------------------------------------------------------------------------

def test_demo_admin_password_is_a_real_login(client, app):
    response = client.post(API + "/login", json={"password": app.demo["admin_password"]})
    body = ok(response)
    assert set(body) >= {"token"} and len(body["token"]) >= 32
    assert "Set-Cookie" not in response.headers  # a bearer token only: no browser ever holds it by accident
    listed = ok(client.get(API + "/sessions", headers={"Authorization": f"Bearer {body['token']}"}))
    assert app.demo["session_number"] in [s["session_number"] for s in listed["sessions"]]


def test_wrong_password_is_refused_401(client, app):
    before = footprint(app)
    message = error_message(client.post(API + "/login", json={"password": "pas le bon mot de passe"}), 401,
                            "password_incorrect")
    assert "incorrect" in message
    assert footprint(app) == before
    error_message(client.post(API + "/login", json={"password": app.demo["admin_password"] + "x"}), 401)
    error_message(client.post(API + "/login", json={"password": app.demo["admin_password"][:-1]}), 401)


def test_login_without_password_field_is_a_bad_request(client):
    error_message(client.post(API + "/login", json={}), 400)
    error_message(client.post(API + "/login", json={"password": ""}), 400)
    error_message(client.post(API + "/login", json={"password": "x" * 5000}), 400)


def test_login_is_throttled_after_the_allowed_attempts(client, app):
    attempts = app.extensions["roomserver"].throttle.attempts
    for _ in range(attempts):
        error_message(client.post(API + "/login", json={"password": "mauvais-mot-de-passe"}), 401)
    message = error_message(client.post(API + "/login", json={"password": "mauvais-mot-de-passe"}), 429,
                            "too_many_attempts")
    assert "essais" in message
    # even the right password waits: the guesser learns nothing more
    error_message(client.post(API + "/login", json={"password": app.demo["admin_password"]}), 429)
    # another PC is not held back by this one
    ok(client.post(API + "/login", json={"password": app.demo["admin_password"]}, environ_base=REMOTE))


def test_logout_makes_the_token_useless(client, app):
    first = login(client, app.demo["admin_password"])
    second = login(client, app.demo["admin_password"])
    assert first.token != second.token
    assert ok(first.post("/logout")) == {"logged_out": True}
    error_message(first.get("/sessions"), 401, "unauthorised")
    error_message(first.post("/logout"), 401)
    ok(second.get("/sessions"))  # only that token was forgotten


def test_token_expires_after_its_lifetime(client, app):
    from roomserver.admin.tokens import LIFETIME_S

    admin_page = login(client, app.demo["admin_password"])
    tokens = app.extensions["admin_tokens"]
    now = tokens.clock()
    tokens.clock = lambda: now + LIFETIME_S + 1
    error_message(admin_page.get("/sessions"), 401)


# -- first run ------------------------------------------------------------------------------------------

def test_first_run_state(client, bare_app):
    body = ok(client.get(API + "/first-run", environ_base=LOCAL))
    assert body == {"password_set": True, "from_this_machine": True}
    bare = bare_app.test_client()
    assert ok(bare.get(API + "/first-run", environ_base=LOCAL)) == {"password_set": False, "from_this_machine": True}
    assert ok(bare.get(API + "/first-run", environ_base=REMOTE))["from_this_machine"] is False
    proxied = bare.get(API + "/first-run", environ_base=LOCAL, headers={"X-Forwarded-For": "10.0.0.5"})
    assert ok(proxied)["from_this_machine"] is False


def test_first_run_refused_from_another_address(bare_app):
    bare = bare_app.test_client()
    tables = bare_app.extensions["roomserver"].store.tables
    message = error_message(bare.post(API + "/first-run", json={"password": "un-long-mot-de-passe"},
                                      environ_base=REMOTE), 403, "not_from_server")
    assert "serveur" in message
    error_message(bare.post(API + "/first-run", json={"password": "un-long-mot-de-passe"}, environ_base=LOCAL,
                            headers={"X-Forwarded-For": "10.0.0.5"}), 403)
    assert not passwords.is_set(tables)


def test_first_run_refused_once_a_password_exists(client, app):
    message = error_message(client.post(API + "/first-run", json={"password": "un-autre-mot-de-passe"},
                                        environ_base=LOCAL), 409, "admin_password_already_set")
    assert "existe" in message
    login(client, app.demo["admin_password"])  # unchanged


def test_first_run_from_the_server_itself_sets_the_password(bare_app):
    bare = bare_app.test_client()
    error_message(bare.post(API + "/login", json={"password": "nimporte-quoi-123"}), 409, "admin_password_not_set")
    error_message(bare.post(API + "/first-run", json={"password": "court"}, environ_base=LOCAL), 422)
    response = bare.post(API + "/first-run", json={"password": "cheval-agrafe-pile-correcte"}, environ_base=LOCAL)
    token = ok(response, 201)["token"]
    ok(bare.get(API + "/sessions", headers={"Authorization": f"Bearer {token}"}))
    error_message(bare.post(API + "/first-run", json={"password": "un-autre-mot-de-passe"}, environ_base=LOCAL), 409)
    error_message(bare.post(API + "/login", json={"password": "un-autre-mot-de-passe"}), 401)
    login(bare, "cheval-agrafe-pile-correcte")
    row = bare_app.extensions["roomserver"].store.tables.table("settings").all()
    assert "cheval-agrafe-pile-correcte" not in repr(row)  # a salted slow hash, never the password


# -- the authorisation matrix ---------------------------------------------------------------------------

def admin_operations(client) -> list[tuple[str, str]]:
    document = ok(client.get("/api/v1/openapi.json"))
    found = [(method.upper(), path) for path, entries in document["paths"].items() for method in entries
             if path.startswith("/api/v1/admin/") and path not in OPEN_ADMIN_PATHS]
    # destructive ones last, so the admin control calls below leave the others something to act on
    return sorted(found, key=lambda op: (op[0] == "DELETE", op[1], op[0]))


def concrete(path: str, number: int, candidate_id: str) -> str:
    return path.replace("{session_number}", str(number)).replace("{candidate_id}", candidate_id)


def body_for(method: str, path: str) -> dict:
    """A request that would do something real if it were let through."""
    if path.endswith("/import"):
        return {"data": "Nom de naissance;Prénom;Date de naissance;Temps majoré\r\nIntrus;Ivan;01/02/2011;0\r\n"
                        .encode(), "content_type": "text/csv"}
    bodies = {
        "/api/v1/admin/sessions": SESSION_BODY,
        "/api/v1/admin/sessions/{session_number}": {"room": "Salle piratée"},
        "/api/v1/admin/sessions/{session_number}/candidates": {"first_name": "Ivan", "last_name": "Intrus",
                                                               "birthdate": "2011-02-01", "extra_time_pct": 0},
        "/api/v1/admin/sessions/{session_number}/candidates/{candidate_id}": {"last_name": "Intrus"},
        "/api/v1/admin/sessions/{session_number}/candidates/{candidate_id}/identity-correction": {"last_name": "Intrus"},
        "/api/v1/admin/sessions/{session_number}/finalise": {"comment": "finalisé par un intrus"},
    }
    if method in ("POST", "PATCH", "PUT"):
        return {"json": bodies.get(path, {})}
    return {}


def test_no_admin_operation_opens_without_the_admin_token(client, app, admin, invigilator, candidates):
    operations = admin_operations(client)
    assert len(operations) >= 20, operations
    assert ("POST", "/api/v1/admin/sessions") in operations and ("POST", "/api/v1/admin/logout") in operations
    pupil = candidates[0]
    assert pupil.join().status_code == 200
    # a small session of its own, so the control calls below print short documents
    number = admin.create_session()["session_number"]
    victim = admin.enrol(number, "Victor", "Hugo", "2011-02-26")["candidate_id"]
    admin.enrol(number, "Adèle", "Foucher", "2011-09-27")
    strangers = {"none": {}, "candidate": {"Authorization": f"Bearer {pupil.token}"},
                 "invigilator": {"Authorization": f"Bearer {invigilator.token}"},
                 "garbage": {"Authorization": "Bearer pas-un-jeton-valable"},
                 "basic": {"Authorization": f"Basic {admin.token}"},
                 "empty bearer": {"Authorization": "Bearer "}}
    tables = app.extensions["roomserver"].store.tables
    for method, path in operations:
        url = concrete(path, number, victim)
        for who, headers in strangers.items():
            before = footprint(app), len(tables.table("settings")), len(tables.table("admin_tokens"))
            response = client.open(url, method=method, headers=headers, **body_for(method, path))
            assert response.status_code == 401, (who, method, path, response.get_data(as_text=True)[:300])
            error_message(response, 401, "unauthorised")
            after = footprint(app), len(tables.table("settings")), len(tables.table("admin_tokens"))
            assert after == before, (who, method, path)
    # the same calls with the admin token are not refused for want of a login: the matrix tested real doors
    # (the PDFs take a second each to print: test_admin_import opens every one with the token)
    for method, path in operations:
        if path.endswith(("/logout", ".pdf")):
            continue
        response = client.open(concrete(path, number, victim), method=method, headers=admin.headers,
                               **body_for(method, path))
        assert response.status_code != 401, (method, path, response.get_data(as_text=True)[:300])


def test_no_candidate_or_invigilator_operation_accepts_the_admin_token(client, app, admin):
    document = ok(client.get("/api/v1/openapi.json"))
    guarded = [(method.upper(), path) for path, entries in document["paths"].items()
               for method, entry in entries.items()
               if path.startswith(("/api/v1/candidate/", "/api/v1/invigilator/")) and entry.get("security")]
    assert len(guarded) >= 15, guarded
    some = app.demo["candidates"][0]["candidate_id"]
    for method, path in guarded:
        url = (path.replace("{candidate_id}", some).replace("{alert_id}", "a1").replace("{challenge_id}", "c1")
               .replace("{name}", "x.png"))
        before = footprint(app)
        response = client.open(url, method=method, headers=admin.headers, json={})
        assert response.status_code == 401, (method, path, response.get_data(as_text=True)[:300])
        assert footprint(app) == before


def test_every_admin_operation_is_documented_with_bearer_security(client):
    document = ok(client.get("/api/v1/openapi.json"))
    for path, entries in document["paths"].items():
        if not path.startswith("/api/v1/admin/") or path in OPEN_ADMIN_PATHS:
            continue
        for method, entry in entries.items():
            assert entry.get("security") == [{"bearer": []}], (method, path)
            assert "401" in entry["responses"], (method, path)
    assert "post" in document["paths"]["/api/v1/admin/login"]
    assert "security" not in document["paths"]["/api/v1/admin/login"]["post"]


@pytest.mark.parametrize("header", ["Bearer", "bearer {token}", "Bearer  {token} "])
def test_bearer_header_forms(client, admin, header):
    response = client.get(API + "/sessions", headers={"Authorization": header.format(token=admin.token)})
    assert response.status_code == (401 if header == "Bearer" else 200)


CONTRACT = [("post", "/api/v1/admin/login"), ("post", "/api/v1/admin/sessions"), ("get", "/api/v1/admin/sessions"),
            ("post", "/api/v1/admin/sessions/{session_number}/candidates"),
            ("post", "/api/v1/admin/sessions/{session_number}/candidates/import"),
            *[("get", f"/api/v1/admin/sessions/{{session_number}}/documents/{name}")
              for name in ("attendance-sheet.pdf", "incident-report.pdf", "invigilator-kit.pdf",
                           "candidate-notice.pdf", "fraud-reports.pdf")],
            ("post", "/api/v1/admin/sessions/{session_number}/finalise"),
            ("get", "/api/v1/admin/sessions/{session_number}/results")]


def test_the_paths_other_tools_rely_on_are_documented(client):
    paths = ok(client.get("/api/v1/openapi.json"))["paths"]
    for method, path in CONTRACT:
        assert method in paths.get(path, {}), (method, path)
    imports = paths["/api/v1/admin/sessions/{session_number}/candidates/import"]["post"]["requestBody"]["content"]
    assert {"text/csv", "multipart/form-data", "application/vnd.oasis.opendocument.spreadsheet",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} <= set(imports)
    created = paths["/api/v1/admin/sessions"]["post"]
    assert "201" in created["responses"] and set(created["requestBody"]["content"]["application/json"]["schema"][
        "required"]) == {"site", "room", "date", "start_time", "invigilators"}


def test_admin_operations_outside_the_admin_prefix_need_the_admin_token_too(client, app, admin, invigilator,
                                                                            candidates):
    """The preflight room board and its edits: documented as admin operations, guarded as such."""
    document = ok(client.get("/api/v1/openapi.json"))
    guarded = [(method.upper(), path) for path, entries in document["paths"].items()
               for method, entry in entries.items()
               if not path.startswith("/api/v1/admin/") and re.search(r"«\s*admin\s*»", entry.get("description", ""))]
    assert len(guarded) >= 4 and any(path.startswith("/api/v1/preflight") for _, path in guarded), guarded
    pupil = candidates[0]
    assert pupil.join().status_code == 200
    for method, path in guarded:
        url = path.replace("{pc_id}", "pc-inconnu")
        for headers in ({}, {"Authorization": f"Bearer {pupil.token}"},
                        {"Authorization": f"Bearer {invigilator.token}"}, {"Authorization": "Bearer n-importe-quoi"}):
            before = footprint(app)
            response = client.open(url, method=method, headers=headers,
                                   **({"json": {}} if method in ("POST", "PATCH", "PUT") else {}))
            assert response.status_code == 401, (method, path, response.get_data(as_text=True)[:300])
            assert footprint(app) == before
        assert client.open(url, method=method, headers=admin.headers,
                           **({"json": {}} if method in ("POST", "PATCH", "PUT") else {})).status_code != 401
