"""A classmate types a candidate's identity on another PC before the start (Chromium, real server):
their page waits for the invigilator, the candidate's own page says another PC asks to use their
name; refused, the other PC is back at the join form; a second try authorised, the first PC is
told the candidate goes on elsewhere."""

from __future__ import annotations

import json
import urllib.request

import pytest
from browserkit import CandidateAtPC
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def invigilator_call(url: str, demo: dict):
    """``act(path)`` POSTs as the invigilator; ``act(path, "GET")`` reads."""
    def call(path, body=None, token=None, method="POST"):
        data = json.dumps(body or {}).encode() if method == "POST" else None
        request = urllib.request.Request(url + path, method=method, data=data,
                                         headers={"Content-Type": "application/json",
                                                  **({"Authorization": f"Bearer {token}"} if token else {})})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    token = call("/api/v1/invigilator/login", {"session_number": demo["session_number"],
                                               "password": demo["invigilator_password"]})["token"]
    return lambda path, method="POST": call(path, token=token, method=method)


def test_a_second_pc_waits_for_the_invigilator(live_server, browser):
    demo = live_server.demo()
    person = next(p for p in demo["candidates"] if p["certifiable"])
    act = invigilator_call(live_server.url, demo)
    own_context, other_context = (browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2))
    try:
        own = CandidateAtPC(own_context.new_page(), live_server.url)
        own.page.set_default_timeout(15_000)
        own.open()
        own.join(demo["session_number"], person)
        own.expect_waiting_for_presence()

        other = CandidateAtPC(other_context.new_page(), live_server.url)
        other.page.set_default_timeout(15_000)
        other.open()
        other.join(demo["session_number"], person)
        expect(other.page.get_by_role("heading", name="Levez la main\u00a0: le surveillant doit autoriser la reprise")
               ).to_be_visible()
        expect(other.page.locator("main")).to_contain_text("vous êtes déjà connecté sur un autre poste")
        # The candidate's own page says so (the heartbeat sees the change).
        expect(own.page.get_by_role("alert")).to_contain_text("Un autre poste demande à se connecter à votre nom")

        act(f"/api/v1/invigilator/candidates/{person['candidate_id']}/refuse-resume")
        expect(other.page.get_by_role("heading", name="Bienvenue")).to_be_visible(timeout=25_000)
        expect(own.page.get_by_role("alert")).to_be_hidden(timeout=15_000)

        other.join(demo["session_number"], person)
        expect(other.page.locator("main")).to_contain_text("vous êtes déjà connecté sur un autre poste")
        act(f"/api/v1/invigilator/candidates/{person['candidate_id']}/authorise-resume")
        expect(other.page.get_by_role("heading", name="Le surveillant va confirmer votre présence")
               ).to_be_visible(timeout=25_000)  # the next heartbeat (5 s) sees the change
        expect(own.page.get_by_role("heading", name="Vous continuez sur un autre poste")).to_be_visible(timeout=25_000)
        assert not own.errors and not other.errors
    finally:
        own_context.close()
        other_context.close()


def test_ce_n_est_pas_moi_frees_the_name_for_the_real_pupil(live_server, browser):
    """The wrong pupil clicks "Ce n'est pas moi": back at the join form, the session number kept;
    the invigilator's row is not connected any more; the real pupil then joins on another PC as
    the first browser, without waiting for the invigilator."""
    demo = live_server.demo()
    person = next(p for p in demo["candidates"] if p["certifiable"])
    act = invigilator_call(live_server.url, demo)

    def connection() -> str:
        rows = act("/api/v1/invigilator/session", "GET")["candidates"]
        return next(r for r in rows if r["candidate_id"] == person["candidate_id"])["connection"]["state"]

    wrong_context, real_context = (browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2))
    try:
        wrong = CandidateAtPC(wrong_context.new_page(), live_server.url)
        wrong.page.set_default_timeout(15_000)
        wrong.open()
        wrong.join(demo["session_number"], person)
        wrong.expect_waiting_for_presence()
        assert connection() == "connected"
        wrong.page.get_by_role("button", name="Ce n'est pas moi / changer de candidat").click()
        expect(wrong.page.get_by_role("heading", name="Bienvenue")).to_be_visible()
        expect(wrong.page.get_by_label("Numéro de session")).to_have_value(str(demo["session_number"]))
        deadline = 50
        while connection() != "never" and deadline:
            wrong.page.wait_for_timeout(100)
            deadline -= 1
        assert connection() == "never"

        real = CandidateAtPC(real_context.new_page(), live_server.url)
        real.page.set_default_timeout(15_000)
        real.open()
        real.join(demo["session_number"], person)
        real.expect_waiting_for_presence()  # the first browser: no invigilator needed
        assert not wrong.errors and not real.errors
    finally:
        wrong_context.close()
        real_context.close()
