"""Entry closed, said plainly on the pupil's page (issue 15): a pupil whose presence was not
confirmed before the start is told that entry is closed and to see the invigilator, never to wait."""

from __future__ import annotations

import json
import urllib.request

import pytest
from browserkit import CandidateAtPC
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MESSAGE = ("L'entrée est fermée\u00a0: la session a commencé sans que votre présence soit confirmée. "
           "Allez voir le surveillant.")


def post(url: str, path: str, body: dict, token: str | None = None) -> dict:
    request = urllib.request.Request(url + path, method="POST", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def expect_entry_closed(pupil: CandidateAtPC, timeout: float = 10_000) -> None:
    page = pupil.page
    expect(page.get_by_role("heading", name="L'entrée est fermée")).to_be_visible(timeout=timeout)
    expect(page.get_by_role("alert")).to_contain_text("surveillant")
    text = page.locator("main").inner_text()
    assert "rien à faire" not in text and "Patientez" not in text
    assert "Le surveillant va confirmer votre présence" not in text
    expect(page.get_by_role("button", name="Ce n'est pas moi / changer de candidat")).to_be_visible()


def test_a_pupil_not_confirmed_before_the_start_and_a_late_one_are_told_entry_is_closed(live_server, browser):
    demo = live_server.demo()
    waiting, late, on_time = [p for p in demo["candidates"] if p["certifiable"]][:3]
    url = live_server.url
    token = post(url, "/api/v1/invigilator/login", {"session_number": demo["session_number"],
                                                    "password": demo["invigilator_password"]})["token"]
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    try:
        # One pupil joins before the start, and the invigilator never confirms their presence.
        first = CandidateAtPC(contexts[0].new_page(), url)
        first.open()
        first.join(demo["session_number"], waiting)
        first.expect_waiting_for_presence()
        assert "rien à faire" not in first.page.locator("main").inner_text()
        # Another was there on time: the session starts.
        post(url, "/api/v1/candidate/join", {"session_number": demo["session_number"],
                                             **{k: on_time[k] for k in ("first_name", "last_name", "birthdate")}})
        post(url, f"/api/v1/invigilator/candidates/{on_time['candidate_id']}/presence", {}, token=token)
        post(url, "/api/v1/invigilator/session/start", {}, token=token)
        expect_entry_closed(first, timeout=25_000)  # the next heartbeat (5 s) sees the start
        expect(first.page.get_by_role("alert")).to_have_text(MESSAGE)

        # A pupil arriving after the start is refused at the join form, in the same plain words.
        second = CandidateAtPC(contexts[1].new_page(), url)
        second.open()
        second.join(demo["session_number"], late)
        expect_entry_closed(second)
        assert first.errors == [] and second.errors == []
    finally:
        for context in contexts:
            context.close()


def test_the_servers_entry_closed_refusal_of_a_join_is_shown_as_it_is(live_server, browser):
    demo = live_server.demo()
    person = next(p for p in demo["candidates"] if p["certifiable"])
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        # The core's refusal of a late join (403 entry_closed), as the server sends it.
        page.route("**/api/v1/candidate/join", lambda route: route.fulfill(
            status=403, content_type="application/json",
            body=json.dumps({"error": {"code": "entry_closed", "message": MESSAGE}}, ensure_ascii=False)))
        pupil = CandidateAtPC(page, live_server.url)
        pupil.open()
        pupil.join(demo["session_number"], person)
        expect(page.get_by_role("heading", name="L'entrée est fermée")).to_be_visible()
        expect(page.get_by_role("alert")).to_have_text(MESSAGE)
        assert "rien à faire" not in page.locator("main").inner_text()
        page.get_by_role("button", name="Ce n'est pas moi / changer de candidat").click()
        expect(page.get_by_role("heading", name="Bienvenue")).to_be_visible()
        assert pupil.errors == []
    finally:
        context.close()


def test_the_pupil_is_told_the_test_time_runs_from_the_invigilators_start(live_server, browser):
    demo = live_server.demo()
    person = next(p for p in demo["candidates"] if p["certifiable"] and not p.get("extra_time_pct"))
    token = post(live_server.url, "/api/v1/invigilator/login", {"session_number": demo["session_number"],
                                                                "password": demo["invigilator_password"]})["token"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        pupil = CandidateAtPC(context.new_page(), live_server.url)
        pupil.page.set_default_timeout(20_000)
        pupil.open()
        pupil.join(demo["session_number"], person)
        pupil.expect_waiting_for_presence()
        assert "rien à faire" not in pupil.page.locator("main").inner_text()
        post(live_server.url, f"/api/v1/invigilator/candidates/{person['candidate_id']}/presence", {}, token=token)
        pupil.expect_access_code_screen(timeout=20_000)
        expect(pupil.page.locator(".time-rule")).to_have_text(
            "Votre temps de test, 1 h 45 min, compte à partir du démarrage de la session par le surveillant, "
            "et non à partir du moment où vous commencez.")
        assert pupil.errors == []
    finally:
        context.close()
