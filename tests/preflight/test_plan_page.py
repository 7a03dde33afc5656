"""The room plan on the technician's board, in a real Chromium, by keyboard and by the row-column form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from plankit import new_room_pc, plan_of

pytestmark = pytest.mark.browser


def seats(live_server) -> dict[str, tuple[int, int]]:
    return {s["label"]: (s["row"], s["col"]) for s in plan_of(live_server)["seats"]}


def test_the_technician_places_pcs_by_keyboard_and_by_row_and_column(browser, live_server):
    new_room_pc(live_server, "127.0.0.2", "poste 1")
    new_room_pc(live_server, "127.0.0.3", "poste 2")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(live_server.url + "/preflight/salle")
        page.get_by_label("Mot de passe administrateur").fill(live_server.demo()["admin_password"])
        page.get_by_label("Mot de passe administrateur").press("Enter")
        page.wait_for_selector("body[data-state=done]")
        status = page.locator("#plan-status")

        # A 3 x 4 room.
        page.get_by_label("Rangées").fill("3")
        page.get_by_label("Colonnes").fill("4")
        page.get_by_label("Colonnes").press("Enter")
        expect(status).to_contain_text("Enregistré")
        expect(page.locator("#plan-grid button.seat")).to_have_count(12)

        # Keyboard: take « poste 1 » from the list, three arrows, Enter.
        page.get_by_role("button", name="Placer poste 1").focus()
        page.keyboard.press("Enter")
        expect(status).to_contain_text("poste 1 pris")
        for key in ("ArrowRight", "ArrowRight", "ArrowDown"):
            page.keyboard.press(key)
        page.keyboard.press("Enter")
        expect(status).to_contain_text("poste 1 placé rangée 2, colonne 3. Enregistré.")
        assert seats(live_server) == {"poste 1": (2, 3)}
        expect(page.get_by_role("button", name="Rangée 2, colonne 3\u00a0: poste 1")).to_be_focused()

        # The row-and-column form of « poste 2 » in the list of PCs.
        row = page.locator("#pcs tr", has_text="poste 2")
        row.get_by_label("Rangée").fill("1")
        row.get_by_label("Colonne").fill("1")
        row.get_by_label("Colonne").press("Enter")
        expect(row).to_contain_text("Placé.")
        assert seats(live_server) == {"poste 1": (2, 3), "poste 2": (1, 1)}

        # A seat already taken is refused by the form, in words; nothing moves.
        other = page.locator("#pcs tr", has_text="poste 1")
        other.get_by_label("Rangée").fill("1")
        other.get_by_label("Colonne").fill("1")
        other.get_by_role("button", name=re.compile("^Placer")).click()
        expect(other).to_contain_text("la place est prise par poste 2")
        assert seats(live_server) == {"poste 1": (2, 3), "poste 2": (1, 1)}

        # Keyboard swap: take « poste 1 », up and twice left onto « poste 2 », Enter: they change places.
        page.get_by_role("button", name="Rangée 2, colonne 3\u00a0: poste 1").focus()
        page.keyboard.press("Enter")
        for key in ("ArrowUp", "ArrowLeft", "ArrowLeft"):
            page.keyboard.press(key)
        page.keyboard.press("Enter")
        expect(status).to_contain_text("poste 2 va rangée 2, colonne 3")
        assert seats(live_server) == {"poste 1": (1, 1), "poste 2": (2, 3)}

        # Delete takes a PC off the plan; the board reloaded shows the plan as stored.
        page.get_by_role("button", name="Rangée 2, colonne 3\u00a0: poste 2").focus()
        page.keyboard.press("Delete")
        expect(status).to_contain_text("poste 2 retiré du plan")
        page.reload()
        page.wait_for_selector("body[data-state=done]")
        expect(page.get_by_role("button", name="Rangée 1, colonne 1\u00a0: poste 1")).to_be_visible()
        expect(page.get_by_role("button", name="Placer poste 2")).to_be_visible()
        assert errors == []
    finally:
        context.close()
