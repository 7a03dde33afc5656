"""Fuzzing every operation of the served OpenAPI document with schemathesis, against the
in-process app of a room in the middle of an exam (valid tokens for the operations that need
one, real ids mixed with made-up ones): never a 5xx, every status and media type documented,
every body conforming to its documented schema, every error in the one shape.

``make test`` runs a bounded number of cases per operation (ROOMSERVER_FUZZ_CASES, 12 by
default); ``make fuzz`` runs many more. Failures are collected over all cases, then reported
together (operation, check, status, request), so one run shows everything it found.
"""

from __future__ import annotations

import json
import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,
                                               response_schema_conformance, status_code_conformance)

from roomserver.api.openapi import document
from roomserver.core.matching import right_answer, wrong_answer
from securityfixtures import room, world, world_template  # noqa: F401  (fixtures)
from securitykit import bearer, open_app

CASES = int(os.environ.get("ROOMSERVER_FUZZ_CASES", "12"))
# The same cases on every run of ``make test`` (a failure can be replayed); ``make fuzz`` draws new ones.
SEED = int(os.environ.get("ROOMSERVER_FUZZ_SEED", "20260513"))
# A file is built for each call (PDF, archive): a third of the cases is enough there.
FILE_CASES = max(3, CASES // 3)
# What counts as refusing an invalid request.
REJECTIONS = ["400", "401", "403", "404", "409", "413", "415", "422", "429"]
CONFIG = schemathesis.Config.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}})
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]


def served_document(world_template) -> dict:
    app = open_app(world_template.data_dir)
    try:
        return app.test_client().get("/api/v1/openapi.json").get_json()
    finally:
        app.extensions["roomserver"].store.close()


def _operations() -> list[tuple[str, str]]:
    """Every operation: each module of roomserver.api registers its own when imported."""
    import importlib
    import pkgutil

    from roomserver import api
    for module in pkgutil.iter_modules(api.__path__):
        importlib.import_module(f"{api.__name__}.{module.name}")
    return sorted((path, method) for path, ops in document()["paths"].items() for method in ops)


OPERATIONS = _operations()


def token_for(world, path: str, method: str, auth: str | None) -> str | None:
    if auth == "admin":
        return world.admin
    if auth == "invigilator":
        return world.invigilator
    if auth == "candidate":
        return world.candidates["in_test"]
    return None


def _auth_of(entry: dict) -> str | None:
    description = entry.get("description", "")
    for kind in ("admin", "invigilator", "candidate"):
        if f"« {kind} »" in description:
            return kind
    return None


def _real_values(case, app, world, draw) -> None:
    """Some valid cases speak of what exists (a candidate and their alert, the current question
    and a well-shaped answer to it, a real identity, the access code, a password): deeper paths.
    Invalid cases are left as they were made (what makes them invalid must stay)."""
    if case.meta is None or case.meta.generation.mode is not GenerationMode.POSITIVE:
        return
    values = world.path_values()
    for name in list(case.path_parameters or {}):
        if name in values and draw(st.booleans()):
            case.path_parameters[name] = draw(st.sampled_from(values[name]))
    if "alert_id" in (case.path_parameters or {}) and draw(st.booleans()):
        case.path_parameters.update(candidate_id=world.candidate_ids["reporter"], alert_id=world.alert_id)
    body = case.body
    if not isinstance(body, dict) or not draw(st.booleans()):
        return
    if "session_number" in body:
        body["session_number"] = draw(st.sampled_from([world.session_number, world.live_session]))
    if {"first_name", "last_name", "birthdate"} <= set(body):
        person = draw(st.sampled_from(sorted(world.people.values(), key=lambda p: p["candidate_id"])))
        body.update(first_name=person["first_name"], last_name=person["last_name"],
                    birthdate=draw(st.sampled_from([person["birthdate"], "2011-02-29"[:8] + "28"])))
    if "access_code" in body:
        body["access_code"] = draw(st.sampled_from([world.access_code, world.access_code.lower()]))
    if "password" in body:
        body["password"] = draw(st.sampled_from([world.invigilator_password, world.admin_password]))
    if "challenge_id" in body:
        body["challenge_id"] = world.challenge_id
        if "value" in body:
            challenge = app.extensions["roomserver"].pack.challenges[world.challenge_id]
            body["value"] = draw(st.sampled_from([right_answer(challenge), wrong_answer(challenge)]))
            body.pop("skip", None)
    if "candidate_id" in body:
        body["candidate_id"] = draw(st.sampled_from(values["candidate_id"]))
    if "candidate_ids" in body:
        body["candidate_ids"] = [draw(st.sampled_from(values["candidate_id"]))]


def describe(case, response, failure) -> str:
    body = case.body if not isinstance(case.body, bytes) else f"<{len(case.body)} octets>"
    text = json.dumps(body, ensure_ascii=False, default=str)[:300] if body is not None else ""
    return (f"{case.method} {case.formatted_path} query={case.query} -> {response.status_code}: "
            f"{getattr(failure, 'title', type(failure).__name__)}\n    {str(failure).strip()[:600]}\n    body: {text}")


@pytest.mark.parametrize("path,method", OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS])
def test_every_operation_survives_fuzzing(room, world_template, path, method):
    app, world = room
    published = document()
    operation = schemathesis.openapi.from_dict(published, config=CONFIG)[path][method.upper()]
    entry = published["paths"][path][method]
    json_only = set(next(iter(entry["responses"].values()))["content"]) == {"application/json"}
    token = token_for(world, path, method, _auth_of(entry))
    client_headers = bearer(token)
    found: list[str] = []
    kinds: Counter = Counter()
    statuses: Counter = Counter()
    cases = st.one_of(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                      operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

    @given(case=cases, data=st.data())
    @settings(max_examples=CASES if json_only else FILE_CASES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    @seed(SEED)
    def run(case, data):
        _real_values(case, app, world, data.draw)
        # A case whose Authorization header was made invalid (missing, malformed) is sent as made:
        # it must be refused. The others carry the valid token of their kind.
        forged = case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)
        headers = {**(case.headers or {}), **({} if forged else client_headers)}
        response = case.call(app=app, headers=headers)
        statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except BaseException as error:  # a group of failures: collect them all
            for failure in getattr(error, "exceptions", [error]):
                kinds[getattr(failure, "title", type(failure).__name__)] += 1
                if len(found) < 8:
                    found.append(describe(case, response, failure))

    run()
    print(f"\n{method.upper()} {path}: {sum(statuses.values())} requests, statuses {dict(sorted(statuses.items()))}")
    assert not found, (f"{sum(kinds.values())} failures {dict(kinds)} (ROOMSERVER_FUZZ_SEED={SEED}, "
                       f"ROOMSERVER_FUZZ_CASES={CASES}):\n" + "\n".join(found))


def test_the_fuzzed_document_is_the_served_one(world_template):
    assert served_document(world_template) == json.loads(json.dumps(document(), ensure_ascii=False))
