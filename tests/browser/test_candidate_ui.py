"""A candidate takes the test through the real pages, from join to end screen (about 20 s).

The invigilator confirms presence and starts the session on /surveillant in a second
browser context; the candidate answers one choice question and one free-text question
through the inputs, downloads an attachment when one comes up, reloads the page mid-test
(and lands on the same question with the typed answer still there), and skips the rest.
A second test moves a candidate to a spare PC: the invigilator authorises the resume.
"""

from __future__ import annotations

import time

import pytest
from browserkit import CandidateAtPC, InvigilatorAtDesk, invigilator_api_session
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CHOICE_TYPES = {"QCU", "QCM"}  # everything else (QROC, QROCM-ind, QROCM-dep) is typed or picked in fields


def full_profile(demo: dict) -> dict:
    """A candidate with every competence: up to 48 questions, so both kinds of question come up
    whatever the draw (a 5-competence profile may get no free-text question at all)."""
    return [p for p in demo["candidates"] if p["certifiable"]][0]


def test_candidate_takes_the_test_from_join_to_end_screen(live_server, browser, page, tmp_path):
    deadline = time.monotonic() + 55
    demo = live_server.demo()
    person = full_profile(demo)
    page.set_default_timeout(10_000)

    desk_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        invigilator = InvigilatorAtDesk(desk_context.new_page(), live_server.url)
        invigilator.page.set_default_timeout(10_000)
        invigilator.log_in(demo["session_number"], demo["invigilator_password"])

        candidate = CandidateAtPC(page, live_server.url)
        candidate.open()

        # A date that does not exist is caught before anything is sent.
        candidate.fill_join_form(demo["session_number"], person["first_name"], person["last_name"], 31, 2, 2011)
        page.get_by_role("button", name="Rejoindre la session").click()
        expect(page.get_by_text("Cette date n'existe pas").first).to_be_visible()
        expect(page.get_by_label("Jour")).to_have_attribute("aria-invalid", "true")

        candidate.join(demo["session_number"], person)
        candidate.expect_waiting_for_presence()
        expect(page.get_by_role("button", name="Ce n'est pas moi / changer de candidat")).to_be_visible()
        expect(invigilator.row(person)).to_contain_text("connecté, présence à confirmer", timeout=10_000)

        invigilator.confirm_presence(person)
        candidate.expect_access_code_screen()  # the waiting screen polls every 3 s

        code = invigilator.start_session()
        assert code == demo["access_code"]
        candidate.type_access_code(code.lower())

        answered = {"choice": False, "free": False}
        downloaded = None
        reloaded = False
        seen: list[str] = []
        question = candidate.wait_for_question_or_end()
        assert question is not None, "the test should start on a question"
        total = int(question["heading"].split("/")[1])
        while question is not None:
            assert time.monotonic() < deadline, f"too slow: still on question {question['index']} / {total}"
            assert question["challenge_id"] not in seen, "a question came back"
            seen.append(question["challenge_id"])
            assert question["heading"] == f"Question {question['index']} / {total}"
            expect(page.locator(".time-left")).to_contain_text("Temps restant")
            expect(candidate.validate_button).to_be_disabled()  # nothing chosen yet

            if page.locator("section.question .illustration").count():
                expect(page.locator("section.question .illustration img")).to_be_visible()  # fetched with the token
            attachments = page.locator("section.question .attachments").get_by_role("button")
            if downloaded is None and attachments.count():
                downloaded = candidate.download_first_attachment(tmp_path)
                assert downloaded[1] > 0

            kind = "choice" if question["type"] in CHOICE_TYPES else "free"
            if not reloaded and question["index"] >= 2:
                # Type something, reload: same question, the typed answer is still there.
                if kind == "choice":
                    candidate.choose_first_proposals(question["type"])
                else:
                    candidate.fill_free_answers("brouillon")
                expect(candidate.validate_button).to_be_enabled()
                page.reload()
                again = candidate.wait_for_question_or_end()
                assert again == question, "a reload must land on the same question"
                expect(candidate.validate_button).to_be_enabled()  # the draft came back
                if kind == "free":
                    expect(page.locator("section.question .fields").locator("input, select").first).not_to_have_value("")
                reloaded = True
                if not answered[kind]:
                    candidate.validate_button.click()
                    answered[kind] = True
                else:
                    candidate.skip()
            elif not answered[kind]:
                if kind == "choice":
                    candidate.choose_first_proposals(question["type"])
                else:
                    candidate.fill_free_answers()
                expect(candidate.validate_button).to_be_enabled()
                candidate.validate_button.click()
                answered[kind] = True
            else:
                candidate.skip()
            question = candidate.wait_for_question_or_end(not_challenge=question["challenge_id"])

        candidate.expect_end_screen()
        assert len(seen) == total
        assert reloaded or total < 2
        assert answered["choice"] and answered["free"], f"this test had no {'choice' if not answered['choice'] else 'free-text'} question"

        # The server recorded every answer; the invigilator's page says so in words.
        session = invigilator_api_session(live_server.url, demo["session_number"], demo["invigilator_password"])
        row = next(c for c in session["candidates"] if c["candidate_id"] == person["candidate_id"])
        assert row["status"] == "ended"
        assert row["answered"] == row["total"] == total
        expect(invigilator.row(person)).to_contain_text("test terminé", timeout=10_000)
        expect(invigilator.row(person)).to_contain_text(f"{total} / {total}")

        assert candidate.errors == [] and invigilator.errors == []
    finally:
        desk_context.close()


def test_a_new_pc_waits_for_the_invigilator_then_resumes_on_the_same_question(live_server, browser, page):
    demo = live_server.demo()
    person = [p for p in demo["candidates"] if p["certifiable"]][1]
    page.set_default_timeout(10_000)
    desk_context = browser.new_context(viewport={"width": 1280, "height": 900})
    spare_context = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        invigilator = InvigilatorAtDesk(desk_context.new_page(), live_server.url)
        invigilator.page.set_default_timeout(10_000)
        invigilator.log_in(demo["session_number"], demo["invigilator_password"])
        first_pc = CandidateAtPC(page, live_server.url)
        first_pc.open()
        first_pc.join(demo["session_number"], person)
        first_pc.expect_waiting_for_presence()
        invigilator.confirm_presence(person)
        first_pc.expect_access_code_screen()
        first_pc.type_access_code(invigilator.start_session())
        question = first_pc.wait_for_question_or_end()
        first_pc.skip()
        question = first_pc.wait_for_question_or_end(not_challenge=question["challenge_id"])
        assert question["index"] == 2

        # The first PC breaks down: the candidate moves to the spare PC and joins again.
        spare_pc = CandidateAtPC(spare_context.new_page(), live_server.url)
        spare_pc.page.set_default_timeout(10_000)
        spare_pc.open()
        spare_pc.join(demo["session_number"], person)
        expect(spare_pc.page.get_by_role("heading", name="Levez la main : le surveillant doit autoriser la reprise")).to_be_visible()

        invigilator.authorise_resume(person)
        resumed = spare_pc.wait_for_question_or_end()  # the resume screen polls every 3 s
        assert resumed == question

        # The old PC is told within one heartbeat that the test goes on elsewhere (not sent back
        # to the join form), and shows no question any more.
        expect(page.get_by_role("heading", name="Votre test continue sur un autre poste")).to_be_visible(timeout=8_000)
        expect(page.locator("section.question")).to_have_count(0)
        assert first_pc.errors == [] and spare_pc.errors == [] and invigilator.errors == []
    finally:
        spare_context.close()
        desk_context.close()
