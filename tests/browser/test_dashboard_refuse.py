"""« Refuser la reprise » next to « Autoriser la reprise » (issue 15): another PC typing a pupil's
identity during the test is turned away from the dashboard, by keyboard; the pupil's own PC goes on."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import uuid

import pytest
from browserkit import InvigilatorAtDesk
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def call(url: str, path: str, body=None, token=None) -> tuple[int, dict]:
    request = urllib.request.Request(url + path, method="POST" if body is not None else "GET",
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_another_pc_asking_to_take_over_is_refused_from_the_row(live_server, browser):
    demo = live_server.demo()
    person = next(p for p in demo["candidates"] if p["certifiable"])
    url = live_server.url
    identity = {"session_number": demo["session_number"], **{k: person[k] for k in ("first_name", "last_name", "birthdate")}}
    _, desk_login = call(url, "/api/v1/invigilator/login", {"session_number": demo["session_number"],
                                                           "password": demo["invigilator_password"]})
    _, own = call(url, "/api/v1/candidate/join", {**identity, "join_id": str(uuid.uuid4())})
    call(url, f"/api/v1/invigilator/candidates/{person['candidate_id']}/presence", {}, token=desk_login["token"])
    call(url, "/api/v1/invigilator/session/start", {}, token=desk_login["token"])
    assert call(url, "/api/v1/candidate/start", {"access_code": demo["access_code"]}, token=own["token"])[0] == 200

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        invigilator = InvigilatorAtDesk(context.new_page(), url)
        desk = invigilator.page
        desk.set_default_timeout(10_000)
        invigilator.log_in(demo["session_number"], demo["invigilator_password"])
        row = invigilator.row(person)
        expect(row).to_contain_text("en test")

        # A second PC types the same identity during the test: it waits for the invigilator.
        status, other = call(url, "/api/v1/candidate/join", {**identity, "join_id": str(uuid.uuid4())})
        assert status == 200, other
        expect(row).to_contain_text("reprise demandée")
        authorise = row.get_by_role("button", name=re.compile("^Autoriser la reprise"))
        refuse = row.get_by_role("button", name=re.compile("^Refuser la reprise"))
        expect(authorise).to_be_visible()
        expect(refuse).to_be_visible()
        # Side by side in the row, « Refuser » right after « Autoriser ».
        assert authorise.evaluate("(a) => a.nextElementSibling && a.nextElementSibling.textContent.startsWith('Refuser')")

        refuse.focus()
        desk.keyboard.press("Enter")
        expect(row).not_to_contain_text("reprise demandée")
        expect(row.get_by_role("button", name=re.compile("^Refuser la reprise"))).to_have_count(0)
        expect(desk.locator("#announcer")).to_contain_text(f"Reprise refusée\u00a0: {person['first_name']}")

        # The pupil's own PC goes on; the other one is not let in.
        assert call(url, "/api/v1/candidate/state", token=own["token"])[0] == 200
        assert call(url, "/api/v1/candidate/state", token=other["token"])[1].get("status") != "in_test"
        assert invigilator.errors == []
    finally:
        context.close()
