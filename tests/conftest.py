"""Shared fixtures: an in-process app with a demo session, a real server process,
and a real Chromium driven by Playwright. Helpers read like the users' actions."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# -- in-process app -------------------------------------------------------------------------

@pytest.fixture
def app(tmp_path):
    from roomserver.app import create_app
    from roomserver.demo import seed

    app = create_app({"data_dir": tmp_path / "data", "async_mode": "threading", "live_tick_s": 0})
    app.config["TESTING"] = True
    svc = app.extensions["roomserver"]
    app.demo = seed(svc.store, svc.pack)
    yield app
    svc.store.close()


@pytest.fixture
def client(app):
    return app.test_client()


class CandidateActor:
    """A candidate at a PC, speaking to the API the way the test page does."""

    def __init__(self, client, demo: dict, person: dict):
        self.client, self.demo, self.person, self.token = client, demo, person, None

    def _headers(self):
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def join(self, **changes):
        body = {"session_number": self.demo["session_number"], "first_name": self.person["first_name"],
                "last_name": self.person["last_name"], "birthdate": self.person["birthdate"], **changes}
        response = self.client.post("/api/v1/candidate/join", json=body)
        if response.status_code == 200:
            self.token = response.get_json()["token"]
        return response

    def start(self, code=None):
        return self.client.post("/api/v1/candidate/start", json={"access_code": code or self.demo["access_code"]},
                                headers=self._headers())

    def state(self):
        return self.client.get("/api/v1/candidate/state", headers=self._headers())

    def answer(self, challenge_id, value=None, skip=False, answer_id=None):
        body = {"answer_id": answer_id or str(uuid.uuid4()), "challenge_id": challenge_id}
        body.update({"skip": True} if skip else {"value": value})
        return self.client.post("/api/v1/candidate/answers", json=body, headers=self._headers())

    def post(self, path, body):
        return self.client.post(path, json=body, headers=self._headers())


class InvigilatorActor:
    def __init__(self, client, demo: dict):
        self.client, self.demo, self.token = client, demo, None

    def login(self, password=None):
        response = self.client.post("/api/v1/invigilator/login", json={
            "session_number": self.demo["session_number"], "password": password or self.demo["invigilator_password"]})
        if response.status_code == 200:
            self.token = response.get_json()["token"]
        return response

    def _post(self, path):
        return self.client.post(path, headers={"Authorization": f"Bearer {self.token}"})

    def confirm_presence(self, candidate_id):
        return self._post(f"/api/v1/invigilator/candidates/{candidate_id}/presence")

    def start_session(self):
        return self._post("/api/v1/invigilator/session/start")

    def authorise_resume(self, candidate_id):
        return self._post(f"/api/v1/invigilator/candidates/{candidate_id}/authorise-resume")

    def session(self):
        return self.client.get("/api/v1/invigilator/session", headers={"Authorization": f"Bearer {self.token}"})


@pytest.fixture
def invigilator(client, app):
    actor = InvigilatorActor(client, app.demo)
    assert actor.login().status_code == 200
    return actor


@pytest.fixture
def candidates(client, app):
    """Actors for the demo's certifiable candidates, in demo order."""
    return [CandidateActor(client, app.demo, p) for p in app.demo["candidates"] if p["certifiable"]]


@pytest.fixture
def started(invigilator, candidates):
    """Two candidates joined and present, session started, both in their test."""
    pair = candidates[:2]
    for actor in pair:
        assert actor.join().status_code == 200
        assert invigilator.confirm_presence(actor.person["candidate_id"]).status_code == 200
    assert invigilator.start_session().status_code == 200
    for actor in pair:
        assert actor.start().status_code == 200
    return pair


# -- a real server process -------------------------------------------------------------------

from serverproc import ServerProcess, free_port  # noqa: F401  (one definition, shared with tests/bench)


@pytest.fixture
def live_server(tmp_path):
    server = ServerProcess(tmp_path / "data").start()
    yield server
    server.stop()


# -- a real browser ----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"Chromium absent ({CHROMIUM}): `make test` installs it when run as root"
        if os.environ.get("CI") and os.geteuid() == 0:
            pytest.fail(reason + " — and this CI run is root, so it should have been installed")
        pytest.skip(reason)
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright not installed (make test installs it)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()
