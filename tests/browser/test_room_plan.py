"""The room as its plan on the invigilator's dashboard (issue 15): each pupil at their seat.

The technician's plan is stored through the real preflight API; the pupils' calls come from
their own loopback address (127.0.0.x, as each room PC has its own), so the server links each
pupil to the PC placed on the plan, as in a real room.
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.parse

import pytest
from browserkit import InvigilatorAtDesk
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIVE = 10_000


def call_from(address: str, url: str, path: str, body=None, token=None, method=None) -> dict:
    """An HTTP call made from ``address`` (Linux answers on all of 127/8)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10, source_address=(address, 0))
    try:
        connection.request(method or ("POST" if body is not None else "GET"), path,
                           body=json.dumps(body) if body is not None else None,
                           headers={"Content-Type": "application/json",
                                    **({"Authorization": f"Bearer {token}"} if token else {})})
        response = connection.getresponse()
        data = response.read()
        assert response.status < 400, (path, response.status, data[:300])
        return json.loads(data or b"{}")
    finally:
        connection.close()


def room_with_two_pupils(live_server) -> dict:
    """Two PCs on a 3 x 4 plan; a pupil at each, in their test; the one at « poste 6 » asks for help."""
    url, demo = live_server.url, live_server.demo()
    admin = call_from("127.0.0.1", url, "/api/v1/admin/login", {"password": demo["admin_password"]})["token"]
    pcs = {}
    for address, label in (("127.0.0.5", "poste 5"), ("127.0.0.6", "poste 6")):
        pc_id = call_from(address, url, "/api/v1/preflight/pcs", {})["pc_id"]
        call_from("127.0.0.1", url, f"/api/v1/preflight/pcs/{pc_id}", {"label": label}, token=admin, method="PATCH")
        pcs[label] = pc_id
    call_from("127.0.0.1", url, "/api/v1/preflight/room/plan", {"rows": 3, "cols": 4, "seats": [
        {"pc_id": pcs["poste 5"], "row": 2, "col": 3}, {"pc_id": pcs["poste 6"], "row": 1, "col": 1}]},
        token=admin, method="PUT")
    invigilator = call_from("127.0.0.1", url, "/api/v1/invigilator/login",
                            {"session_number": demo["session_number"], "password": demo["invigilator_password"]})["token"]
    people = [p for p in demo["candidates"] if p["certifiable"]][:2]
    tokens = {}
    for person, address in zip(people, ("127.0.0.5", "127.0.0.6")):
        tokens[address] = call_from(address, url, "/api/v1/candidate/join", {
            "session_number": demo["session_number"],
            **{k: person[k] for k in ("first_name", "last_name", "birthdate")}})["token"]
        call_from("127.0.0.1", url, f"/api/v1/invigilator/candidates/{person['candidate_id']}/presence", {},
                  token=invigilator)
    call_from("127.0.0.1", url, "/api/v1/invigilator/session/start", {}, token=invigilator)
    for address, token in tokens.items():
        call_from(address, url, "/api/v1/candidate/start", {"access_code": demo["access_code"]}, token=token)
    question = call_from("127.0.0.6", url, "/api/v1/candidate/state", token=tokens["127.0.0.6"])["question"]
    call_from("127.0.0.6", url, "/api/v1/candidate/report", {"challenge_id": question["challenge_id"],
                                                             "message": "La pièce jointe ne s'ouvre pas"},
              token=tokens["127.0.0.6"])
    return {"demo": demo, "at_5": people[0], "at_6": people[1]}


def name(person: dict) -> str:
    return f"{person['first_name']} {person['last_name']}"


@pytest.mark.parametrize("width, height", [(1366, 768), (800, 700)])
def test_the_plan_view_shows_each_pupil_at_their_seat(live_server, browser, width, height):
    room = room_with_two_pupils(live_server)
    demo, at_5, at_6 = room["demo"], room["at_5"], room["at_6"]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        invigilator = InvigilatorAtDesk(context.new_page(), live_server.url)
        desk = invigilator.page
        desk.set_default_timeout(LIVE)
        invigilator.log_in(demo["session_number"], demo["invigilator_password"])

        # The switch: « Plan de la salle » instead of the list, by keyboard.
        switch = desk.get_by_role("button", name="Plan de la salle", exact=True)
        switch.focus()
        desk.keyboard.press("Enter")
        expect(switch).to_have_attribute("aria-pressed", "true")
        expect(desk.locator("table.roster")).to_be_hidden()
        plan = desk.locator("section.room-plan")
        expect(plan.get_by_role("heading", name="Plan de la salle")).to_be_visible()

        seat_5 = plan.locator("[data-seat='poste 5']")
        seat_6 = plan.locator("[data-seat='poste 6']")
        expect(seat_5).to_contain_text(name(at_5))
        expect(seat_5).to_contain_text("en test")
        expect(seat_5).to_contain_text("0/")
        expect(seat_6).to_contain_text(name(at_6))
        # The seat with an open alert says it in words and by its shape, not by colour alone.
        expect(seat_6).to_contain_text("ALERTE")
        expect(seat_6).to_have_attribute("aria-label", re.compile(r"problème signalé, question 1.*Alerte ouverte"))
        assert seat_6.evaluate("e => getComputedStyle(e).borderTopStyle") == "double"
        assert seat_5.evaluate("e => getComputedStyle(e).borderTopStyle") != "double"
        # Where the technician put them: « poste 6 » front left, « poste 5 » a row behind, third column.
        box_5, box_6 = seat_5.bounding_box(), seat_6.bounding_box()
        assert box_5["y"] > box_6["y"] + box_6["height"] / 2 and box_5["x"] > box_6["x"] + 2 * box_6["width"]
        expect(plan.locator(".plan-seat.empty")).to_have_count(0)  # both placed PCs are taken
        widths = desk.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"the page scrolls sideways at {width} px: {widths}"

        # Enter on a seat opens the pupil's details and actions; Escape brings focus back to the seat.
        seat_6.focus()
        desk.keyboard.press("Enter")
        dialog = desk.get_by_role("dialog", name=f"Actions pour {name(at_6)}")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("alerte en cours")
        expect(dialog.get_by_role("button", name="Traiter l'alerte")).to_be_visible()
        desk.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        expect(plan.locator("[data-seat='poste 6']")).to_be_focused()

        # The choice is remembered.
        desk.reload()
        expect(desk.locator("section.room-plan [data-seat='poste 5']")).to_contain_text(name(at_5), timeout=LIVE)
        expect(desk.locator("table.roster")).to_be_hidden()
        desk.get_by_role("button", name="Liste", exact=True).click()
        expect(desk.locator("table.roster")).to_be_visible()
        expect(desk.locator("section.room-plan")).to_be_hidden()
        assert invigilator.errors == []
    finally:
        context.close()
