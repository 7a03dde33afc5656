"""The invigilator's live dashboard (/surveillant) and a candidate, through the real pages.

One invigilator and one candidate, in two browser contexts on one server: every change the
invigilator makes shows on the candidate's screen through the heartbeat (every 5 s), and
every change on the candidate's side shows on the dashboard through Socket.IO, without a
reload. A second test checks the dashboard at 1024 px: no horizontal scrolling, and every
button reachable with the Tab key.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from browserkit import CandidateAtPC, InvigilatorAtDesk
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIVE = 5_000  # a push over Socket.IO
HEARTBEAT = 12_000  # a change the candidate page learns from its next heartbeat (every 5 s)


def plain(name: str) -> str:
    """A last name as the page sorts it (French collation: accents and case do not count)."""
    return "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)).casefold()


def test_alert_time_and_end_of_test_go_live_between_dashboard_and_candidate(live_server, browser, page):
    demo = live_server.demo()
    person = [p for p in demo["candidates"] if p["certifiable"]][0]
    full_name = f"{person['first_name']} {person['last_name']}"
    page.set_default_timeout(10_000)
    desk_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        invigilator = InvigilatorAtDesk(desk_context.new_page(), live_server.url)
        desk = invigilator.page
        desk.set_default_timeout(10_000)
        invigilator.log_in(demo["session_number"], demo["invigilator_password"], name="Mme Surveillante")
        expect(desk.locator(".invigilators")).to_contain_text("Mme Surveillante (vous)", timeout=LIVE)
        desk.evaluate("window.__sameDocument = true")  # gone if the page reloads

        candidate = CandidateAtPC(page, live_server.url)
        candidate.open()
        row = invigilator.row(person)
        expect(row).to_contain_text("jamais connecté")
        candidate.join(demo["session_number"], person)
        candidate.expect_waiting_for_presence()
        expect(row).to_contain_text("connecté, présence à confirmer", timeout=LIVE)

        # Presence: the row changes live, the candidate's page follows on its next heartbeat.
        invigilator.confirm_presence(person)
        expect(row.locator(".badge")).to_have_text(re.compile("présent$"))
        expect(desk.locator(".counters")).to_contain_text("1 présent sur")
        candidate.expect_access_code_screen(timeout=HEARTBEAT)

        # Start: the code is projected full screen, in very large type.
        desk.get_by_role("button", name="Démarrer la session").click()
        start = desk.get_by_role("dialog", name="Démarrer la session ?")
        expect(start).to_contain_text("retardataires")
        start.get_by_role("button", name="Démarrer la session").click()
        overlay = invigilator.code_overlay
        expect(overlay).to_be_visible()
        projected = overlay.locator(".code-projected")
        expect(projected).to_have_text(demo["access_code"])
        assert projected.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") >= 96
        desk.keyboard.press("Escape")
        expect(overlay).to_be_hidden()
        expect(desk.locator("#access-code")).to_have_text(demo["access_code"])
        expect(desk.locator(".session-status")).to_contain_text("Session commencée")

        candidate.type_access_code(demo["access_code"])
        question = candidate.wait_for_question_or_end()
        assert question is not None
        expect(row.locator(".badge")).to_have_text(re.compile("en test$"), timeout=LIVE)
        expect(row.locator("td.time")).to_contain_text("reste")

        # The candidate reports a problem: the alert appears live, with words and an icon.
        candidate.report_problem("L'image ne s'affiche pas")
        alert = invigilator.alert(person)
        expect(alert).to_be_visible(timeout=LIVE)
        expect(alert).to_contain_text(f"question {question['index']}")
        expect(alert).to_contain_text("L'image ne s'affiche pas")
        expect(desk.locator("section.alerts h2")).to_contain_text("Alertes en cours : 1")
        expect(row.locator(".badge")).to_have_text(re.compile("alerte en cours$"))
        expect(desk.locator("#urgent")).to_contain_text(f"Alerte : {full_name}")
        expect(desk).to_have_title(re.compile("alerte"))

        # Validated with an E-code: the incident is recorded, the question replaced.
        invigilator.validate_alert(person, "E1")
        expect(alert).to_have_count(0, timeout=LIVE)
        expect(desk.locator("section.alerts")).to_contain_text("Aucune alerte en cours.")
        expect(desk.locator("section.records")).to_contain_text("E1 — L'image ne s'affiche pas")
        replaced = candidate.wait_for_question_or_end(not_challenge=question["challenge_id"], timeout=HEARTBEAT)
        assert replaced is not None and replaced["index"] == question["index"]
        assert replaced["challenge_id"] != question["challenge_id"]
        expect(candidate.notice).to_contain_text("Cette question a été remplacée par une autre.")

        # Ten more minutes for this candidate, with a reason: seen on both sides. The pupil's time
        # left is written as the dashboard writes durations ("1 h 44 min", never "01:44").
        expect(page.locator(".time-left strong")).to_have_text(re.compile(r"^1\u00a0h \d{1,2}\u00a0min$|^1\u00a0h$"))
        before = candidate.time_left_minutes()
        invigilator.add_time(person, 10, "Image absente à la question 1")
        expect(row.locator("td.time")).to_contain_text("+10 min ajoutées", timeout=LIVE)
        expect(desk.locator("section.records")).to_contain_text("Image absente à la question 1")
        expect(candidate.notice).to_contain_text("Le surveillant vous a accordé 10 minutes supplémentaires.",
                                                 timeout=HEARTBEAT)
        expect(page.locator(".time-left")).to_contain_text("dont 10 min accordées par le surveillant")
        assert candidate.time_left_minutes() >= before + 9

        # The invigilator ends the test (irreversible, confirmed): the end screen says so.
        # (browserkit.end_test looks for "^Terminer le test de": the title now elides, "d'Élodie")
        invigilator.row_action(person, "Terminer le test")
        ending = desk.get_by_role("dialog", name=re.compile("^Terminer le test d"))
        expect(ending).to_contain_text("irréversible")
        expect(ending).to_have_accessible_name(re.compile(f"^Terminer le test d'{person['first_name']}|^Terminer le test de "))
        ending.get_by_role("button", name="Terminer le test").click()
        expect(ending).to_be_hidden()
        expect(row.locator(".badge")).to_have_text(re.compile("terminé par le surveillant$"), timeout=LIVE)
        candidate.expect_end_screen(timeout=HEARTBEAT)
        expect(page.get_by_text("Le surveillant a mis fin à votre test.")).to_be_visible()

        # The invigilator saw the end screen: the candidate may leave.
        invigilator.mark_end_screen_seen(person)
        expect(row.locator(".badge")).to_have_text(re.compile("écran de fin vu$"), timeout=LIVE)
        candidate.expect_end_screen_seen(timeout=HEARTBEAT)

        assert desk.evaluate("window.__sameDocument === true"), "the dashboard must not reload"
        assert candidate.errors == [] and invigilator.errors == []
    finally:
        desk_context.close()


def test_dashboard_fits_1024_px_and_every_button_is_reachable_with_tab(live_server, browser):
    demo = live_server.demo()
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        invigilator = InvigilatorAtDesk(context.new_page(), live_server.url)
        desk = invigilator.page
        desk.set_default_timeout(10_000)
        invigilator.log_in(demo["session_number"], demo["invigilator_password"])
        expect(desk.locator("table.roster tbody tr[data-candidate-id]")).to_have_count(len(demo["candidates"]))

        widths = desk.evaluate("""() => {
            const wrap = document.querySelector('.roster-wrap');
            return {page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
                    roster: [wrap.scrollWidth, wrap.clientWidth]};
        }""")
        assert widths["page"][0] <= widths["page"][1], f"the page scrolls sideways at 1024 px: {widths}"
        assert widths["roster"][0] <= widths["roster"][1], f"the roster scrolls sideways at 1024 px: {widths}"

        # Tab through the whole page: every visible button gets the focus, in order.
        buttons = desk.evaluate("""() => [...document.querySelectorAll('button')]
            .filter((b) => b.offsetParent !== null && !b.disabled).length""")
        desk.locator("body").focus()
        reached = set()
        for _ in range(buttons + 40):
            desk.keyboard.press("Tab")
            index = desk.evaluate("""() => {
                const all = [...document.querySelectorAll('button')].filter((b) => b.offsetParent !== null);
                return all.indexOf(document.activeElement);
            }""")
            if index >= 0:
                reached.add(index)
            if len(reached) == buttons:
                break
        assert len(reached) == buttons, f"{buttons - len(reached)} buttons cannot be reached with Tab"

        # A row's « Actions… » opens with the keyboard; Escape closes it and focus comes back.
        person = [p for p in demo["candidates"] if p["certifiable"]][0]
        menu_button = invigilator.row(person).get_by_role("button", name=re.compile("^Actions"))
        menu_button.focus()
        desk.keyboard.press("Enter")
        menu = desk.get_by_role("dialog", name=re.compile("^Actions pour"))
        expect(menu).to_be_visible()
        expect(menu.get_by_role("button", name="Confirmer la présence")).to_be_focused()
        desk.keyboard.press("Escape")
        expect(menu).to_be_hidden()
        expect(menu_button).to_be_focused()

        # The table sorts by name with the keyboard too (header button, aria-sort).
        name_header = desk.locator("table.roster thead th").first
        expect(name_header).to_have_attribute("aria-sort", "ascending")
        name_header.get_by_role("button").focus()
        desk.keyboard.press("Enter")
        expect(name_header).to_have_attribute("aria-sort", "descending")
        last_names = desk.locator("table.roster tbody th").all_inner_texts()
        assert last_names == sorted(last_names, key=plain, reverse=True)
        assert invigilator.errors == []
    finally:
        context.close()
