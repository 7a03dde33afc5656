"""The delivery state on the admin pages, through a real Chromium: a finalised session that the
receiver refuses (this room's key is not registered) shows "À vérifier" with the reason on its
page and in the sessions list; once the upstream administrator registered the key, "Envoyer
maintenant", pressed with the keyboard, brings "Envoyée à l'organisme"; French typography."""

from __future__ import annotations

import re

import pytest
from roomsynckit import Receiver, RoomServer, finalised_session, new_room

from adminkit import NBSP, AdminAtDesk, typography_mistakes
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_sync_state_and_send_now_on_the_session_page(browser, tmp_path):
    data_dir, line = new_room(tmp_path)
    _, stranger = new_room(tmp_path / "other")
    receiver = Receiver(tmp_path, stranger).start()  # knows another room only
    room = None
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        room = RoomServer(data_dir, receiver.url).start()
        session = finalised_session(room)
        number = session["session_number"]
        room.wait_job(number, lambda j: j["state"] == "needs_attention")

        desk = AdminAtDesk(page, room.url)
        desk.log_in()
        row = page.locator("table.sessions tbody tr").filter(has=page.get_by_role("link", name=re.compile(str(number))))
        expect(row.locator("[data-sync]")).to_have_text(re.compile("À vérifier"))
        row.get_by_role("link", name=re.compile(str(number))).click()
        card = page.get_by_role("region", name="Envoi à l'organisme")
        summary = card.get_by_role("status")
        expect(summary).to_have_text(re.compile(f"^À vérifier{NBSP}: l'organisme ne connaît pas la clé de ce serveur"))
        expect(card).to_contain_text("1 essai")
        assert f"«{NBSP}roomserver sync register{NBSP}»" in summary.text_content()  # one NBSP each side
        send = card.get_by_role("button", name="Envoyer maintenant")
        expect(send).to_be_visible()
        assert typography_mistakes(page) == []

        receiver.stop()  # the upstream administrator adds this room's line
        receiver.keys.write_text(receiver.keys.read_text() + line + "\n", encoding="utf-8")
        receiver.start()
        send.focus()
        page.keyboard.press("Enter")
        expect(summary).to_have_text(re.compile("^Envoyée à l'organisme"), timeout=20_000)
        expect(send).to_be_hidden()
        expect(card).to_contain_text("2 essais")
        assert [s["session_id"] for s in receiver.stored()] == [session["session_id"]]
        page.get_by_role("link", name="← Toutes les sessions").click()
        expect(row.locator("[data-sync]")).to_have_text(re.compile("Envoyée à l'organisme"))
        assert typography_mistakes(page) == [] and desk.errors == []
    finally:
        context.close()
        if room:
            room.stop()
        receiver.stop()
