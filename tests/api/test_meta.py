"""Health, the OpenAPI document, settings documentation."""

from __future__ import annotations

from pathlib import Path

from roomserver.api.routing import to_openapi_path
from roomserver.settings import SETTINGS, settings_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"


def test_every_api_route_is_in_the_openapi_document(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (to_openapi_path(rule.rule), method.lower()) in documented, f"{method} {rule.rule} undocumented"


def test_api_paths_named_by_the_issue_exist(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/candidate/join", "/api/v1/candidate/start", "/api/v1/candidate/state",
                 "/api/v1/candidate/answers", "/api/v1/invigilator/login",
                 "/api/v1/invigilator/candidates/{candidate_id}/presence", "/api/v1/invigilator/session/start",
                 "/api/v1/invigilator/candidates/{candidate_id}/authorise-resume"):
        assert path in paths


def test_settings_doc_matches_the_table():
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert settings_markdown() in doc, "docs/settings.md is out of date: paste settings_markdown() into it"
    for setting in SETTINGS:
        assert setting.env in doc


def test_security_headers(client):
    response = client.get("/api/v1/openapi.json")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
