"""The adaptive certification in Chromium: the administrator creates an adaptive session on the
admin page, a pupil takes the test to its end on the candidate page ("Question n / 32", one
question at a time, the same question after a reload), the invigilator closes the room, and the
administrator finalises (no E-codes, no end-screen box) and reads the results."""

from __future__ import annotations

import re
import time

import pytest
from adminkit import NBSP, AdminAtDesk, Api, InvigilatorOverHttp, admin_server, admin_token
from browserkit import CandidateAtPC
from playwright.sync_api import expect

FIVE = {"1.1": 16, "1.2": 8, "2.1": 24, "3.1": 8, "4.1": 16}
PUPIL = {"first_name": "Élodie", "last_name": "N'Diaye", "birthdate": "2011-01-30"}


@pytest.fixture
def server(tmp_path):
    process = admin_server(tmp_path / "data")
    yield process
    process.stop()


def test_a_pupil_takes_an_adaptive_test_and_the_admin_finalises(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    try:
        # the administrator creates the session on the admin page, choosing the adaptive algorithm
        admin = AdminAtDesk(context.new_page(), server.url)
        admin.log_in()
        page = admin.page
        form = page.locator("form.create")
        form.get_by_label("Établissement").fill("Lycée Marie Curie")
        form.get_by_label("Salle").fill("Salle 2")
        form.get_by_label("Date").fill("2026-12-03")
        form.get_by_label("Heure de début").fill("14:00")
        form.get_by_label("Surveillant 1").fill("M. Petit")
        form.get_by_label("Algorithme de certification").select_option("adaptive")
        form.get_by_role("button", name="Créer la session").click()
        expect(page).to_have_url(re.compile(r"/admin/sessions/\d+$"))
        number = int(re.search(r"(\d+)$", page.url).group(1))
        expect(page.locator("main")).to_contain_text("adaptative (32 questions")
        version = Api(server.url, admin_token(server.url)).ok("GET", f"/api/v1/admin/sessions/{number}")[
            "certification_version"]  # written into the journal at creation: shown with the session
        assert version
        details = page.locator("#details-title").locator("..")
        expect(details.get_by_text("Version de la certification")).to_be_visible()
        expect(details).to_contain_text(version)

        # the pupil is enrolled (accessibility ticked in the dialog), the profile imported
        page.get_by_role("button", name="Ajouter un candidat").click()
        dialog = page.get_by_role("dialog", name="Ajouter un candidat")
        dialog.get_by_label("Nom de naissance").fill(PUPIL["last_name"])
        dialog.get_by_label("Prénom").fill(PUPIL["first_name"])
        dialog.get_by_label("Date de naissance").fill("30/01/2011")
        dialog.get_by_label(re.compile("^Besoin d'un aménagement d'accessibilité")).check()
        dialog.get_by_role("button", name="Inscrire ce candidat").click()
        expect(admin.candidate_row("N'Diaye")).to_contain_text("accessibilité")
        api = Api(server.url, admin_token(server.url))
        api.ok("POST", f"/api/v1/admin/sessions/{number}/profiles/import", {"profiles": [{**PUPIL, "pix": FIVE}]})
        session = api.ok("GET", f"/api/v1/admin/sessions/{number}")
        assert session["candidates_list"][0]["details"] == {"accessibility": True}

        # the pupil joins in Chromium, the invigilator confirms and gives the code
        pupil = CandidateAtPC(context.new_page(), server.url)
        pupil.open()
        pupil.join(number, PUPIL)
        pupil.expect_waiting_for_presence()
        desk = InvigilatorOverHttp(server.url, number, session["invigilator_password"])
        desk.confirm_presence(session["candidates_list"][0]["candidate_id"])
        pupil.expect_access_code_screen(timeout=20_000)
        pupil.type_access_code(desk.start_session())

        seen: list[str] = []
        deadline = time.monotonic() + 150
        question = pupil.wait_for_question_or_end()
        while question is not None:
            assert time.monotonic() < deadline, f"too slow: still on question {question['index']} / 32"
            n = len(seen) + 1
            assert question["heading"] == f"Question {n} / 32" and question["index"] == n
            assert question["challenge_id"] not in seen
            seen.append(question["challenge_id"])
            if n == 3:  # a reload lands on the same question (it was recorded when it was asked)
                pupil.page.reload()
                assert pupil.wait_for_question_or_end() == question
            if n % 4 == 0:
                pupil.skip()
            else:
                if question["type"] in ("QCU", "QCM"):
                    pupil.choose_first_proposals(question["type"])
                else:
                    pupil.fill_free_answers()
                pupil.validate_button.click()
            question = pupil.wait_for_question_or_end(not_challenge=question["challenge_id"], timeout=20_000)
        pupil.expect_end_screen()
        assert len(seen) == 32 and pupil.errors == []

        # the room is closed; the administrator finalises on the admin page
        desk.close_session()
        page.goto(f"{server.url}/admin/sessions/{number}")
        section = page.locator("section.finalisation")
        expect(section.get_by_role("button", name="Vérifier puis finaliser…")).to_be_visible()
        expect(section).not_to_contain_text("Écrans de fin vus")
        expect(section).to_contain_text("codes C seulement")
        codes = section.locator("details.codes", has_text="Élodie N'Diaye")
        codes.locator("summary").click()
        expect(codes.get_by_label(re.compile("^E1 "))).to_have_count(0)
        codes.get_by_label(re.compile("^C7 ")).check()
        section.get_by_role("group", name=re.compile("^Un incident a-t-il eu lieu")).get_by_label("Non").check()
        section.get_by_role("group", name=re.compile("^Un candidat a-t-il eu du mal")).get_by_label("Non").check()
        section.get_by_role("button", name="Vérifier puis finaliser…").click()
        confirm = page.get_by_role("dialog", name=f"Finaliser la session n°{NBSP}{number}{NBSP}?")
        expect(confirm).to_contain_text(f"Élodie N'Diaye{NBSP}: C7")
        expect(confirm).not_to_contain_text("Écrans de fin vus")
        confirm.get_by_role("button", name="Finaliser la session").click()

        results = page.locator("section.results")
        # finalising seals the journal and scores every pupil: seconds on a busy machine
        expect(results.get_by_role("heading", name="Résultats")).to_be_visible(timeout=45_000)
        expect(results.locator("table.result-table thead")).to_contain_text("Niveau global")
        row = results.locator("table.result-table tbody tr").filter(has_text="N'Diaye")
        expect(row).to_contain_text(re.compile(rf"certification (validée|rejetée)"))
        expect(row).to_contain_text(re.compile(rf"\d+{NBSP}pix"))
        expect(row).to_contain_text(re.compile(r"niveau \d"))
        report = results.locator("details.report").first
        report.locator("summary").click()
        expect(report).to_contain_text("32 réponses prises en compte")
        got = api.ok("GET", f"/api/v1/admin/sessions/{number}/results")["candidates"][0]
        assert got["answers_counted"] == 32 and got["algorithm"] == "adaptive"
        assert admin.errors == []
    finally:
        context.close()
