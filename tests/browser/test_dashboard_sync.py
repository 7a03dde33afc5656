"""After the closing, the dashboard says whether the session reached the certification body
(issue 15): the administrator's delivery state, read-only, in the session header's status line,
asked when the session changes (closing, finalisation) and never during the test. A real room
server with an upstream where nothing listens: the finalised session waits to be sent."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from adminkit import NBSP, PUPILS, Api, InvigilatorOverHttp, PupilOverHttp, admin_token, prepared_session, \
    typography_mistakes
from browserkit import InvigilatorAtDesk
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync" / "room"))
from roomsynckit import RoomServer, new_room  # noqa: E402

from conftest import free_port  # noqa: E402

pytestmark = pytest.mark.browser
SYNC_PATH = "/api/v1/invigilator/session/sync"


def test_the_header_says_where_the_delivery_is_once_the_session_is_closed(browser, tmp_path):
    data_dir, _ = new_room(tmp_path)
    nowhere = f"http://127.0.0.1:{free_port()}"  # the certification body cannot be reached
    room = RoomServer(data_dir, nowhere).start()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    asked = []
    page.on("request", lambda request: asked.append(request.url) if request.url.endswith(SYNC_PATH) else None)
    try:
        people = [dict(p) for p in PUPILS[:1]]
        session = prepared_session(room, people=people)
        number = session["session_number"]
        desk = InvigilatorOverHttp(room.url, number, session["invigilator_password"])
        pupil = PupilOverHttp(room.url, number, people[0])
        pupil.join()
        desk.confirm_presence(pupil.candidate_id)
        pupil.start(desk.start_session())

        invigilator = InvigilatorAtDesk(page, room.url)
        invigilator.log_in(number, session["invigilator_password"])
        header = page.locator("section.session-header")
        line = header.locator(".sync-line")
        expect(header).to_contain_text("Session commencée")
        page.wait_for_timeout(1500)  # the dashboard had every chance to ask: it must not, during the test
        assert asked == [] and line.is_hidden()

        pupil.skip_everything()
        desk.close_session()  # pushed to the dashboard: it asks, the session is not finalised yet
        status = header.get_by_role("status").filter(has_text="Envoi à l'organisme")
        expect(status).to_have_text(f"Envoi à l'organisme{NBSP}: Pas d'envoi prévu (session non finalisée).")
        assert len(asked) >= 1

        api = Api(room.url, admin_token(room.url))
        api.ok("POST", f"/api/v1/admin/sessions/{number}/finalise", {"abort_reasons": {}})
        expect(status).to_have_text(re.compile(f"^Envoi à l'organisme{NBSP}: (En attente d'envoi|Envoi en cours|À vérifier)"))
        expect(line).to_have_attribute("data-sync", re.compile("^(pending|sending|needs_attention)$"))
        expect(header).to_contain_text("Session finalisée")
        assert typography_mistakes(page) == [] and invigilator.errors == []
    finally:
        context.close()
        room.stop()
