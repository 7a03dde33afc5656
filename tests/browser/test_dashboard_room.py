"""The dashboard made for a real room (issue 15): the roster at a glance, alerts never missed.

24 demo candidates on a real server, pupils driven through the candidate API over HTTP (the
pages are tested elsewhere), the invigilator on the real dashboard in Chromium.
"""

from __future__ import annotations

import json
import re
import unicodedata
import urllib.request

import pytest
from browserkit import InvigilatorAtDesk
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIVE = 5_000
ROWS = "table.roster tbody tr[data-candidate-id]"


def call(url: str, path: str, body=None, token=None, method=None) -> dict:
    request = urllib.request.Request(url + path, method=method or ("POST" if body is not None else "GET"),
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def rows_in_view(desk) -> int:
    """Roster rows entirely inside the viewport and not hidden under the sticky alert bar."""
    return desk.evaluate("""(selector) => {
        const bar = document.querySelector('section.alerts');
        const top = bar && getComputedStyle(bar).position === 'sticky' ? bar.getBoundingClientRect().bottom : 0;
        return [...document.querySelectorAll(selector)].filter((tr) => {
            const r = tr.getBoundingClientRect();
            return r.height > 0 && r.top >= top - 1 && r.bottom <= window.innerHeight + 1;
        }).length;
    }""", ROWS)


def scroll_roster_to_top(desk) -> None:
    desk.evaluate("() => window.scrollTo(0, document.querySelector('.roster-tools').getBoundingClientRect().top"
                  " + window.scrollY)")


def no_sideways_scroll(desk) -> dict:
    return desk.evaluate("""() => ({page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
        roster: [document.querySelector('.roster-wrap').scrollWidth, document.querySelector('.roster-wrap').clientWidth]})""")


@pytest.mark.parametrize("width, height, wanted", [(1366, 768, 15), (1920, 1080, 20)])
def test_the_compact_roster_shows_enough_pupils_at_once(live_server, browser, width, height, wanted):
    demo = live_server.demo()
    assert len(demo["candidates"]) >= wanted
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        invigilator = InvigilatorAtDesk(context.new_page(), live_server.url)
        desk = invigilator.page
        invigilator.log_in(demo["session_number"], demo["invigilator_password"])
        expect(desk.locator(ROWS)).to_have_count(len(demo["candidates"]))
        at_load = rows_in_view(desk)
        scroll_roster_to_top(desk)
        scrolled = rows_in_view(desk)
        print(f"{width}x{height}: {at_load} rows in view at load, {scrolled} with the roster scrolled to the top")
        assert scrolled >= wanted, f"only {scrolled} rows in view at {width}x{height}"
        if width >= 1920:
            assert at_load >= wanted, f"only {at_load} rows in view at {width}x{height} without scrolling"
        assert invigilator.errors == []
    finally:
        context.close()


def test_at_800_px_nothing_scrolls_sideways_and_filters_and_search_work_with_the_keyboard(live_server, browser):
    demo = live_server.demo()
    people = [p for p in demo["candidates"] if p["certifiable"]]
    first, second = people[0], people[1]
    context = browser.new_context(viewport={"width": 800, "height": 700})
    try:
        invigilator = InvigilatorAtDesk(context.new_page(), live_server.url)
        desk = invigilator.page
        desk.set_default_timeout(10_000)
        invigilator.log_in(demo["session_number"], demo["invigilator_password"])
        expect(desk.locator(ROWS)).to_have_count(len(demo["candidates"]))
        widths = no_sideways_scroll(desk)
        assert widths["page"][0] <= widths["page"][1], f"the page scrolls sideways at 800 px: {widths}"
        assert widths["roster"][0] <= widths["roster"][1], f"the roster scrolls sideways at 800 px: {widths}"

        # One pupil present: the present one comes first, the others after a group heading.
        invigilator.confirm_presence(second)
        group = desk.locator("table.roster tbody tr.group")
        expect(group).to_contain_text(f"Présence pas encore confirmée : {len(demo['candidates']) - 1}")
        assert desk.locator("table.roster tbody tr").first.locator("th").inner_text() == second["last_name"]

        # Filters, with the keyboard only: Tab reaches them, Enter presses them.
        present = desk.get_by_role("button", name=re.compile(r"^Présents \(1\)"))
        present.focus()
        desk.keyboard.press("Enter")
        expect(present).to_have_attribute("aria-pressed", "true")
        expect(desk.locator(ROWS)).to_have_count(1)
        expect(invigilator.row(second)).to_be_visible()
        desk.keyboard.press("Shift+Tab")
        desk.keyboard.press("Enter")  # back to « Tous »
        expect(desk.get_by_role("button", name=re.compile(r"^Tous"))).to_have_attribute("aria-pressed", "true")
        expect(desk.locator(ROWS)).to_have_count(len(demo["candidates"]))
        in_test = desk.get_by_role("button", name=re.compile(r"^En test \(0\)"))
        in_test.focus()
        desk.keyboard.press("Enter")
        expect(desk.locator("table.roster tbody tr.none")).to_contain_text("Aucun candidat ne correspond.")
        desk.get_by_role("button", name=re.compile(r"^Tous")).click()

        # The search: accents and case do not count; Escape clears it.
        search = desk.get_by_label("Rechercher")
        search.focus()
        desk.keyboard.type(plain(first["last_name"]).upper())
        expect(invigilator.row(first)).to_be_visible()
        visible = desk.locator(ROWS).all_inner_texts()
        assert visible and all(plain(first["last_name"]) in plain(text) for text in visible)
        desk.keyboard.press("Escape")
        expect(search).to_have_value("")
        expect(desk.locator(ROWS)).to_have_count(len(demo["candidates"]))
        assert invigilator.errors == []
    finally:
        context.close()


def test_an_alert_arriving_while_the_roster_is_scrolled_to_the_bottom_is_in_view(live_server, browser):
    demo = live_server.demo()
    person = [p for p in demo["candidates"] if p["certifiable"]][0]
    url = live_server.url
    invigilator_token = call(url, "/api/v1/invigilator/login", {"session_number": demo["session_number"],
                                                               "password": demo["invigilator_password"]})["token"]
    pupil = call(url, "/api/v1/candidate/join", {"session_number": demo["session_number"],
                                                 **{k: person[k] for k in ("first_name", "last_name", "birthdate")}})
    call(url, f"/api/v1/invigilator/candidates/{person['candidate_id']}/presence", {}, token=invigilator_token)
    call(url, "/api/v1/invigilator/session/start", {}, token=invigilator_token)
    call(url, "/api/v1/candidate/start", {"access_code": demo["access_code"]}, token=pupil["token"])
    question = call(url, "/api/v1/candidate/state", token=pupil["token"])["question"]

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        invigilator = InvigilatorAtDesk(context.new_page(), live_server.url)
        desk = invigilator.page
        desk.set_default_timeout(10_000)
        invigilator.log_in(demo["session_number"], demo["invigilator_password"])
        expect(desk.locator(ROWS)).to_have_count(len(demo["candidates"]))
        # The sound is off by default; switched on, it is remembered after a reload.
        sound = desk.get_by_role("button", name=re.compile("^Son des alertes"))
        expect(sound).to_have_attribute("aria-pressed", "false")
        sound.click()
        expect(sound).to_have_attribute("aria-pressed", "true")
        expect(sound).to_contain_text("activé")
        desk.reload()
        expect(desk.locator(ROWS)).to_have_count(len(demo["candidates"]))
        expect(desk.get_by_role("button", name=re.compile("^Son des alertes"))).to_have_attribute("aria-pressed", "true")

        desk.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
        last = desk.locator(ROWS).last
        expect(last).to_be_in_viewport()
        call(url, "/api/v1/candidate/report", {"challenge_id": question["challenge_id"], "message": "Rien ne s'affiche"},
             token=pupil["token"])
        alert = invigilator.alert(person)
        expect(alert).to_be_in_viewport(timeout=LIVE)
        expect(desk.locator("section.alerts h2")).to_be_in_viewport()
        expect(alert).to_contain_text("Rien ne s'affiche")
        expect(desk.locator(".counters li[data-kind='alerts']")).to_contain_text("1 alerte")
        assert desk.evaluate("window.scrollY") > 0, "the page stayed scrolled down"
        expect(invigilator.row(person)).to_contain_text("problème signalé, question")
        assert invigilator.errors == []
    finally:
        context.close()


def test_mistakes_are_undone_and_corrected_from_the_dashboard(live_server, browser):
    demo = live_server.demo()
    person = [p for p in demo["candidates"] if p["certifiable"]][0]
    url = live_server.url
    token = call(url, "/api/v1/invigilator/login", {"session_number": demo["session_number"],
                                                   "password": demo["invigilator_password"]})["token"]
    pupil = call(url, "/api/v1/candidate/join", {"session_number": demo["session_number"],
                                                 **{k: person[k] for k in ("first_name", "last_name", "birthdate")}})
    call(url, f"/api/v1/invigilator/candidates/{person['candidate_id']}/presence", {}, token=token)
    call(url, "/api/v1/invigilator/session/start", {}, token=token)
    call(url, "/api/v1/candidate/start", {"access_code": demo["access_code"]}, token=pupil["token"])
    question = call(url, "/api/v1/candidate/state", token=pupil["token"])["question"]
    call(url, "/api/v1/candidate/report", {"challenge_id": question["challenge_id"], "message": "Écran noir"},
         token=pupil["token"])
    call(url, "/api/v1/invigilator/incidents", {"code": "C2", "text": "Arrivé avec 5 minutes de retard",
                                                "candidate_id": person["candidate_id"]}, token=token)

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        invigilator = InvigilatorAtDesk(context.new_page(), live_server.url)
        desk = invigilator.page
        desk.set_default_timeout(10_000)
        invigilator.log_in(demo["session_number"], demo["invigilator_password"])
        full_name = f"{person['first_name']} {person['last_name']}"

        # « Clôturer la session » waits, and says who is still in test.
        close = desk.get_by_role("button", name="Clôturer la session")
        expect(close).to_be_disabled()
        expect(desk.locator("#close-hint")).to_contain_text(f"Encore en test : {full_name}")

        # « Écarter » by mistake: the toast offers to undo it, and the alert is back.
        alert = invigilator.alert(person)
        alert.get_by_role("button", name=re.compile("^Écarter")).click()
        expect(alert).to_have_count(0, timeout=LIVE)
        toast = desk.locator(".toast")
        expect(toast).to_contain_text("écartée")
        toast.get_by_role("button", name="Annuler l'écartement").click()
        expect(invigilator.alert(person)).to_be_visible(timeout=LIVE)
        expect(toast).to_contain_text("de nouveau en cours")

        # A registry entry withdrawn with a reason: struck out, with who and why; the row follows.
        row = invigilator.row(person)
        expect(row).to_contain_text("1 incident noté")
        records = desk.locator("section.records")
        records.get_by_role("button", name=re.compile("^Retirer")).first.click()
        dialog = desk.get_by_role("dialog", name=re.compile("^Retirer l'incident C2"))
        dialog.get_by_label("Motif du retrait").fill("Noté sur le mauvais candidat")
        dialog.get_by_role("button", name="Retirer").click()
        expect(dialog).to_be_hidden()
        expect(records).to_contain_text("Incidents (0)", timeout=LIVE)
        expect(records.locator("li.withdrawn")).to_contain_text("Noté sur le mauvais candidat")
        expect(row).not_to_contain_text("incident noté", timeout=LIVE)

        # The identity is corrected from the row (C1): the row says so.
        invigilator.row_action(person, "Corriger l'identité (C1)")
        dialog = desk.get_by_role("dialog", name=re.compile("^Corriger l'identité"))
        dialog.get_by_label("Ville de naissance").fill("Lyon")
        dialog.get_by_role("button", name="Enregistrer la correction").click()
        expect(dialog).to_be_hidden()
        expect(row).to_contain_text("identité corrigée (ville de naissance)", timeout=LIVE)
        assert invigilator.errors == []
    finally:
        context.close()
