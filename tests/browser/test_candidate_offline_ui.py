"""The offline-first candidate page in a real Chromium (docs/offline.md):

- the room server is stopped for 30 s while a candidate answers the question on screen, goes on
  with the next one (held ahead, with its files), reloads the page (the service worker shows it
  again, on localhost) and answers that one too; once the server is back both answers arrive
  once, the time is given back, and the candidate goes on without reloading;
- a timed first question answered after its timer is timed-out for a candidate without extra
  time and ok for a candidate with extra time.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.request

import pytest
from browserkit import CandidateAtPC, InvigilatorAtDesk
from conftest import ServerProcess
from playwright.sync_api import expect

from roomserver.content import DEMO_PACK_DIR, load_pack
from roomserver.core.matching import right_answer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
OUTAGE_S = 30
BUDGET_BYTES = 150 * 1024


def api(url, path, body=None, token=None):
    request = urllib.request.Request(url + path, method="POST" if body is not None else "GET",
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


class Desk:
    """The invigilator, through the API (the dashboard has its own tests)."""

    def __init__(self, url: str, demo: dict):
        self.url, self.demo = url, demo
        self.token = api(url, "/api/v1/invigilator/login", {"session_number": demo["session_number"],
                                                             "password": demo["invigilator_password"]})["token"]

    def confirm(self, person):
        api(self.url, f"/api/v1/invigilator/candidates/{person['candidate_id']}/presence", {}, self.token)

    def start(self):
        api(self.url, "/api/v1/invigilator/session/start", {}, self.token)

    def row(self, person) -> dict:
        session = api(self.url, "/api/v1/invigilator/session", token=self.token)
        return next(c for c in session["candidates"] if c["candidate_id"] == person["candidate_id"])


def journal(server: ServerProcess) -> list[dict]:
    path = next((server.data_dir / "sessions").glob("*/journal.jsonl"))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def answers_of(server: ServerProcess, person) -> list[dict]:
    return [e["data"] for e in journal(server)
            if e["type"] == "answer_recorded" and e["data"]["candidate_id"] == person["candidate_id"]]


def seat(page, server, desk, person, *, start: bool = True) -> CandidateAtPC:
    """Join at a PC, presence confirmed (and the session started), the access code typed."""
    pupil = CandidateAtPC(page, server.url)
    pupil.open()
    pupil.join(server.demo()["session_number"], person)
    pupil.expect_waiting_for_presence()
    desk.confirm(person)
    pupil.expect_access_code_screen()
    if start:
        desk.start()
    return pupil


def answer_anything(pupil: CandidateAtPC, question: dict) -> None:
    if question["type"] in ("QCU", "QCM"):
        pupil.choose_first_proposals(question["type"])
    else:
        pupil.fill_free_answers()
    pupil.validate_button.click()


def files_kept(page, session_number) -> bool:
    """Whether every file of the current and next questions is in IndexedDB."""
    return page.evaluate("""async (n) => {
      const state = JSON.parse(localStorage.getItem(`roomserver.candidate.state.${n}`) || "null");
      if (!state || !state.question) return false;
      const keys = [state.question, state.next_question].filter(Boolean).flatMap((q) =>
        [q.illustration, ...q.attachments].filter(Boolean).map((f) => `${q.challenge_id}/${f.name}`));
      const db = await new Promise((ok, ko) => { const r = indexedDB.open("roomserver-candidate"); r.onsuccess = () => ok(r.result); r.onerror = ko; });
      const have = await new Promise((ok) => { const r = db.transaction("files").objectStore("files").getAllKeys(); r.onsuccess = () => ok(r.result); });
      db.close();
      return keys.every((k) => have.includes(k));
    }""", session_number)


def test_a_thirty_second_outage_loses_nothing_and_costs_no_time(tmp_path, browser):
    server = ServerProcess(tmp_path / "data").start()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    try:
        demo = server.demo()
        person = [p for p in demo["candidates"] if p["certifiable"]][0]  # 48 questions, some with files
        desk = Desk(server.url, demo)
        page = context.new_page()
        page.set_default_timeout(15_000)
        loaded = []
        page.on("response", lambda r: loaded.append(r))
        pupil = seat(page, server, desk, person)
        weight = sum(len(r.body()) for r in loaded if r.request.method == "GET" and not r.url.endswith("/state"))
        print(f"\nfirst load in Chromium: {weight / 1024:.1f} KB")
        assert weight < BUDGET_BYTES
        pupil.type_access_code(demo["access_code"])
        first = pupil.wait_for_question_or_end()
        assert first["index"] == 1
        page.wait_for_function("navigator.serviceWorker.controller !== null")  # the shell is kept
        deadline = time.monotonic() + 10
        while not files_kept(page, demo["session_number"]):
            assert time.monotonic() < deadline, "the next question's files were not kept ahead"
            time.sleep(0.2)

        server.kill()
        stopped = time.monotonic()
        banner = page.locator("#connection")
        answer_anything(pupil, first)
        second = pupil.wait_for_question_or_end(not_challenge=first["challenge_id"])
        assert second["index"] == 2, "the next question, held ahead, is shown at once"
        expect(banner).to_contain_text("injoignable")
        expect(banner).to_contain_text("gardées sur ce PC")
        if page.locator("section.question .attachments").count():
            name, size = pupil.download_first_attachment(tmp_path)  # from this PC, the server is down
            assert size > 0

        page.reload()  # the service worker shows the page; the answers kept on this PC come back with it
        again = pupil.wait_for_question_or_end()
        assert again["challenge_id"] == second["challenge_id"]
        expect(banner).to_contain_text("injoignable")
        answer_anything(pupil, second)
        expect(page.get_by_role("heading", name="Vos réponses sont gardées sur ce PC")).to_be_visible()
        expect(page.get_by_text("Questions traitées : 2 / ")).to_be_visible()
        assert answers_of(server, person) == []

        time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - stopped)))
        server.start()
        third = pupil.wait_for_question_or_end(not_challenge=second["challenge_id"], timeout=30_000)
        reached = time.monotonic()  # the page reached the server again: its answers are acknowledged
        assert third["index"] == 3, "the candidate goes on without reloading"
        expect(banner).to_be_empty(timeout=15_000)  # "Connexion rétablie.", then nothing

        recorded = answers_of(server, person)
        assert [a["index"] for a in recorded] == [0, 1]  # both arrived, once, in order
        assert [a["challenge_id"] for a in recorded] == [first["challenge_id"], second["challenge_id"]]
        row = desk.row(person)
        back = {g["reason"]: g["seconds"] for g in row["given_back"]}
        assert back.get("server_down", 0) >= OUTAGE_S - 2, row["given_back"]
        # Never more than the outage as the page lived it: from the kill until the page reached the
        # server again (however long the start took on a loaded machine, and the page's probe
        # back-off after it), plus the alive mark's second and the rounding of each reason.
        assert sum(back.values()) <= (reached - stopped) + 3, (row["given_back"], reached - stopped)
        assert pupil.errors == []

        # The invigilators see it on their dashboard, with the reason.
        invigilator = InvigilatorAtDesk(context.new_page(), server.url)
        invigilator.page.set_default_timeout(15_000)
        invigilator.log_in(demo["session_number"], demo["invigilator_password"])
        expect(invigilator.row(person).locator("td.time")).to_contain_text(
            re.compile(r"\+\d+\u00a0s\u00a0: serveur indisponible"))
        assert invigilator.errors == []
    finally:
        context.close()
        server.stop()


def timed_pack(folder, timer_s: int):
    data = json.loads((DEMO_PACK_DIR / "pack.json").read_text(encoding="utf-8"))
    for challenge in data["challenges"]:
        challenge["timer_s"] = timer_s
    folder.mkdir(parents=True)
    (folder / "pack.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shutil.copytree(DEMO_PACK_DIR / "attachments", folder / "attachments")
    return folder


def answer_right(page, challenge) -> None:
    """Type the right answer through the inputs, as a pupil who knows it would."""
    value = right_answer(challenge)
    section = page.locator("section.question")
    if str(challenge.type) in ("QCU", "QCM"):
        for proposal_id in [value] if isinstance(value, str) else value:
            section.locator(f"input[value='{proposal_id}']").check()
    else:
        values = [value] if isinstance(value, str) else [value[f.id] for f in challenge.fields]
        fields = section.locator(".fields .field")
        for i, text in enumerate(values):
            field = fields.nth(i)
            if field.locator("select").count():
                field.locator("select").select_option(text)
            else:
                field.locator("input").fill(text)
    page.get_by_role("button", name="Je valide").click()


def test_a_timed_first_question_after_its_timer_is_late_without_extra_time_and_ok_with_it(tmp_path, browser):
    pack_dir = timed_pack(tmp_path / "pack", 4)
    pack = load_pack(pack_dir)
    server = ServerProcess(tmp_path / "data", extra_args=("--content-pack", str(pack_dir))).start()
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    try:
        demo = server.demo()
        certifiable = [p for p in demo["candidates"] if p["certifiable"]]
        plain = next(p for p in certifiable if not p["extra_time_pct"])
        extra = next(p for p in certifiable if p["extra_time_pct"])
        desk = Desk(server.url, demo)
        pupils = []
        for context, person, start in ((contexts[0], plain, False), (contexts[1], extra, True)):
            page = context.new_page()
            page.set_default_timeout(15_000)
            pupils.append((seat(page, server, desk, person, start=start), person))
        questions = []
        for pupil, person in pupils:
            pupil.type_access_code(demo["access_code"])
            questions.append(pupil.wait_for_question_or_end())
        expect(pupils[0][0].page.locator(".timer")).to_contain_text("Temps écoulé pour cette question", timeout=10_000)
        expect(pupils[1][0].page.locator(".timer")).to_contain_text("temps majoré", timeout=10_000)
        time.sleep(1)  # both well past their 4 s
        for (pupil, person), question in zip(pupils, questions):
            answer_right(pupil.page, pack.challenges[question["challenge_id"]])
            pupil.wait_for_question_or_end(not_challenge=question["challenge_id"])
        deadline = time.monotonic() + 15
        while not all(answers_of(server, person) for _, person in pupils):
            assert time.monotonic() < deadline, "the answers did not arrive"
            time.sleep(0.2)
        [late] = answers_of(server, plain)
        [fine] = answers_of(server, extra)
        assert late["index"] == fine["index"] == 0
        assert late["outcome"] == "timed-out" and late["elapsed_s"] > 4
        assert fine["outcome"] == "ok" and fine["elapsed_s"] > 4
        assert all(pupil.errors == [] for pupil, _ in pupils)
    finally:
        for context in contexts:
            context.close()
        server.stop()
