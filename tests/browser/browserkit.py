"""The people in the room, acting through the real pages (Playwright sync API).

Each method is one thing a person does or checks on screen; locators go by role and label,
the way a keyboard or screen-reader user finds things, so the tests also guard accessibility.
"""

from __future__ import annotations

import json
import re
import urllib.request

from playwright.sync_api import Page, expect

QUESTION = "section.question"
END_TITLE = "Votre test est terminé."


DURATION = re.compile(r"(?:(\d+)\s?h)?\s?(?:(\d+)\s?min)?\s?(?:(\d+)\s?s)?")


def duration_seconds(text: str) -> int:
    """ "1 h 45 min" -> 6300, "4 min 42 s" -> 282, "59 s" -> 59 (spaces ordinary or non-breaking)."""
    match = DURATION.fullmatch(text.strip().replace("\u00a0", " "))
    assert match and any(match.groups()), f"not a duration: {text!r}"
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


class CandidateAtPC:
    """A pupil at a room PC, on the candidate page."""

    def __init__(self, page: Page, url: str):
        self.page, self.url = page, url
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self) -> None:
        self.page.goto(self.url + "/")
        expect(self.page.get_by_role("heading", name="Bienvenue")).to_be_visible()

    def fill_join_form(self, session_number, first_name, last_name, day, month, year) -> None:
        page = self.page
        page.get_by_label("Numéro de session").fill(str(session_number))
        page.get_by_label("Prénom").fill(first_name)
        page.get_by_label("Nom de famille").fill(last_name)
        page.get_by_label("Jour").fill(str(day))
        page.get_by_label("Mois").fill(str(month))
        page.get_by_label("Année").fill(str(year))

    def join(self, session_number, person: dict) -> None:
        year, month, day = person["birthdate"].split("-")
        self.fill_join_form(session_number, person["first_name"], person["last_name"], day, month, year)
        self.page.get_by_label("Année").press("Enter")  # Enter submits

    def expect_waiting_for_presence(self) -> None:
        expect(self.page.get_by_role("heading", name="Le surveillant va confirmer votre présence")).to_be_visible()

    def expect_access_code_screen(self, timeout: float = 10_000) -> None:
        expect(self.page.get_by_role("heading", name="Votre présence est confirmée")).to_be_visible(timeout=timeout)

    def type_access_code(self, code: str) -> None:
        field = self.page.get_by_label("Code d'accès")
        field.press_sequentially(code)
        expect(field).to_have_value(code.upper())  # upper-case as typed
        self.page.get_by_role("button", name="Commencer le test").click()

    # -- the test --------------------------------------------------------------------------

    def wait_for_question_or_end(self, not_challenge: str | None = None, timeout: float = 10_000) -> dict | None:
        """The question on screen as {challenge_id, type, index, heading}, or None on the end screen."""
        page = self.page
        selector = f"{QUESTION}:not([data-challenge-id='{not_challenge}'])" if not_challenge else QUESTION
        page.locator(f"{selector}, section.end").first.wait_for(timeout=timeout)
        if page.locator("section.end").count():
            return None
        section = page.locator(QUESTION)
        return {"challenge_id": section.get_attribute("data-challenge-id"), "type": section.get_attribute("data-type"),
                "index": int(section.get_attribute("data-index")),
                "heading": page.get_by_role("heading", level=1).inner_text()}

    @property
    def validate_button(self):
        return self.page.get_by_role("button", name="Je valide")

    def choose_first_proposals(self, question_type: str) -> None:
        """Tick the first proposal (and the second for a QCM), like a pupil would."""
        kind = "radio" if question_type == "QCU" else "checkbox"
        options = self.page.locator(f"{QUESTION} .choices").get_by_role(kind)
        options.nth(0).check()
        if question_type == "QCM":
            options.nth(1).check()

    def fill_free_answers(self, text: str = "réponse") -> None:
        """Fill every field: first real option of a list, 12 in a number, text elsewhere."""
        fields = self.page.locator(f"{QUESTION} .fields .field")
        for i in range(fields.count()):
            field = fields.nth(i)
            if field.locator("select").count():
                field.locator("select").select_option(index=1)
            elif field.locator("input.number").count():
                field.locator("input").fill("12")
            else:
                field.locator("input").fill(text)

    def skip(self) -> None:
        self.page.get_by_role("button", name="Je passe").click()
        dialog = self.page.get_by_role("dialog", name="Passer cette question ?")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("vous ne pourrez plus revenir sur cette question")
        dialog.get_by_role("button", name="Oui, je passe").click()

    def download_first_attachment(self, tmp_path) -> tuple[str, int]:
        button = self.page.locator(f"{QUESTION} .attachments").get_by_role("button").first
        with self.page.expect_download(timeout=10_000) as info:
            button.click()
        download = info.value
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        expect(self.page.locator(".file-status")).to_contain_text("est téléchargé")
        return download.suggested_filename, target.stat().st_size

    def expect_end_screen(self, timeout: float = 10_000) -> None:
        expect(self.page.get_by_role("heading", name=END_TITLE)).to_be_visible(timeout=timeout)
        expect(self.page.get_by_text("Montrez cet écran au surveillant.")).to_be_visible()
        expect(self.page.get_by_text("Levez la main et appelez le surveillant : il doit voir cet écran.")).to_be_visible()

    def report_problem(self, message: str = "") -> None:
        """« Signaler un problème » on the question shown, with an optional message."""
        self.page.get_by_role("button", name="Signaler un problème").click()
        dialog = self.page.get_by_role("dialog", name="Signaler un problème")
        expect(dialog).to_be_visible()
        if message:
            dialog.get_by_label("Décrivez le problème (facultatif)").fill(message)
        dialog.get_by_role("button", name="Prévenir le surveillant").click()
        expect(self.page.locator(".report-status")).to_contain_text("Le surveillant a été prévenu")

    @property
    def notice(self):
        """The calm notice above the screen (time added, question replaced…)."""
        return self.page.locator(".notice")

    def time_left_minutes(self) -> int:
        """The test time left shown in the status bar, in minutes rounded up ("1 h 55 min" -> 115,
        "4 min 42 s" -> 5): written the one way every duration is ("1 h 45 min", "59 s")."""
        text = self.page.locator(".time-left strong").first.inner_text()
        return -(-duration_seconds(text) // 60)

    def expect_end_screen_seen(self, timeout: float = 10_000) -> None:
        expect(self.page.get_by_text("Le surveillant a bien vu cet écran. Vous pouvez quitter la salle.")).to_be_visible(
            timeout=timeout)


class InvigilatorAtDesk:
    """The invigilator, on /surveillant."""

    def __init__(self, page: Page, url: str):
        self.page, self.url = page, url
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def log_in(self, session_number, password, name: str | None = None) -> None:
        page = self.page
        page.goto(self.url + "/surveillant")
        page.get_by_label("Numéro de session").fill(str(session_number))
        page.get_by_label("Mot de passe surveillant").fill(password)
        if name:
            page.get_by_label("Votre nom (facultatif)").fill(name)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("table")).to_be_visible()

    def row(self, person: dict):
        last_name = json.dumps(person["last_name"], ensure_ascii=False)  # quoted: N'Diaye
        return self.page.locator("table.roster tbody tr", has=self.page.locator(
            f"th:text-is({last_name})")).filter(has_text=person["first_name"])

    def confirm_presence(self, person: dict) -> None:
        row = self.row(person)
        row.get_by_role("button", name=re.compile("^Confirmer la présence")).click()
        expect(row).to_contain_text("présent")
        expect(row.get_by_role("button", name=re.compile("^Annuler la présence"))).to_be_visible()

    def authorise_resume(self, person: dict) -> None:
        row = self.row(person)
        expect(row).to_contain_text("reprise demandée", timeout=10_000)  # the page refreshes every 5 s
        row.get_by_role("button", name=re.compile("^Autoriser la reprise")).click()
        expect(row).not_to_contain_text("reprise demandée")

    def start_session(self) -> str:
        page = self.page
        page.get_by_role("button", name="Démarrer la session").click()
        dialog = page.get_by_role("dialog", name="Démarrer la session ?")
        expect(dialog).to_contain_text("retardataires")
        dialog.get_by_role("button", name="Démarrer la session").click()
        code = page.locator("#access-code")
        expect(code).to_have_text(re.compile(r"^[A-Z]{4}[0-9]{2}$"))
        # The code is also projected full screen; Escape closes that view.
        overlay = self.code_overlay
        expect(overlay).to_be_visible()
        page.keyboard.press("Escape")
        expect(overlay).to_be_hidden()
        return code.inner_text()

    @property
    def code_overlay(self):
        return self.page.get_by_role("dialog", name=re.compile("^Code d'accès"))

    # -- the live dashboard ------------------------------------------------------------------

    def alert(self, person: dict):
        """The open alert of this candidate in the alerts panel."""
        return self.page.locator("section.alerts li.alert-item").filter(
            has_text=f"{person['first_name']} {person['last_name']}")

    def validate_alert(self, person: dict, code: str) -> None:
        self.alert(person).get_by_role("button", name=re.compile("^Valider")).click()
        dialog = self.page.get_by_role("dialog", name=re.compile("^Valider l'alerte"))
        dialog.get_by_label("Code d'incident").select_option(code)
        dialog.get_by_role("button", name="Valider et remplacer la question").click()
        expect(dialog).to_be_hidden()

    def row_action(self, person: dict, label: str) -> None:
        """A candidate's action from the row's « Actions… » dialog."""
        self.row(person).get_by_role("button", name=re.compile("^Actions")).click()
        menu = self.page.get_by_role("dialog", name=re.compile("^Actions pour"))
        expect(menu).to_be_visible()
        menu.get_by_role("button", name=label, exact=True).click()

    def add_time(self, person: dict, minutes: int, reason: str) -> None:
        self.row_action(person, "Ajouter du temps")
        dialog = self.page.get_by_role("dialog", name=re.compile("^Ajouter du temps à"))
        dialog.get_by_label("Minutes à ajouter").fill(str(minutes))
        dialog.get_by_label("Motif").fill(reason)
        dialog.get_by_role("button", name="Ajouter ce temps").click()
        expect(dialog).to_be_hidden()

    def end_test(self, person: dict) -> None:
        self.row_action(person, "Terminer le test")
        dialog = self.page.get_by_role("dialog", name=re.compile("^Terminer le test d"))
        expect(dialog).to_contain_text("irréversible")
        expect(dialog).to_contain_text("compteront comme passées")
        dialog.get_by_role("button", name="Terminer le test").click()
        expect(dialog).to_be_hidden()

    def mark_end_screen_seen(self, person: dict) -> None:
        self.row(person).get_by_role("button", name=re.compile("^Écran de fin vu")).click()


def invigilator_api_session(url: str, session_number, password) -> dict:
    """GET /api/v1/invigilator/session with a fresh login, over plain HTTP."""
    def call(path, body=None, token=None):
        request = urllib.request.Request(url + path, method="POST" if body is not None else "GET",
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Content-Type": "application/json",
                                                  **({"Authorization": f"Bearer {token}"} if token else {})})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    token = call("/api/v1/invigilator/login", {"session_number": session_number, "password": password})["token"]
    return call("/api/v1/invigilator/session", token=token)
