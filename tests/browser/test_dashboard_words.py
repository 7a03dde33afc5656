"""How the dashboard writes (issue 15): one duration format, elision, French typography in
every string of client_static/invigilator, no inline style or script (the page works under
``style-src 'self'; script-src 'self'``), and the server's health shown calmly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browserkit import InvigilatorAtDesk
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "client_static" / "invigilator"
NBSP = "\u00a0"


def literals(src: str):
    """The text of every string literal of a JS source (template expressions left out), with its line."""
    i, n = 0, len(src)
    while i < n:
        if src.startswith("//", i):
            i = src.find("\n", i) % (n + 1) or n
            continue
        if src.startswith("/*", i):
            end = src.find("*/", i)
            i = n if end < 0 else end + 2
            continue
        quote = src[i]
        if quote in "\"'`":
            j, text, start = i + 1, [], i
            while j < n and src[j] != quote and (quote == "`" or src[j] != "\n"):
                if src[j] == "\\":
                    text.append(src[j:j + 2])
                    j += 2
                elif quote == "`" and src.startswith("${", j):
                    depth, k = 1, j + 2
                    while k < n and depth:
                        depth += {"{": 1, "}": -1}.get(src[k], 0)
                        k += 1
                    # an expression: \x00 when it is a person's name, \x01 otherwise
                    text.append("\x00" if re.search(r"name|Name", src[j:k]) else "\x01")
                    j = k
                else:
                    text.append(src[j])
                    j += 1
            yield src.count("\n", 0, start) + 1, "".join(text).replace("\\u00a0", NBSP)
            i = j + 1
            continue
        i += 1


WORDS = re.compile(r"[a-zà-ÿ]{3}")
BAD = [(re.compile(r"\S [:;?!»]"), "ordinary space before high punctuation"),
       (re.compile(r"« "), "ordinary space after «"),
       (re.compile(r"\w\((?:e?s)\)"), "a « (s) » plural"),
       (re.compile(r"\bde (?:\x00|[AEIOUÉÈÊÀÂÎÔÛaeiouéèêàâîôû])"), "« de » before a name or a vowel"),
       (re.compile(r"\bstyle="), "an inline style")]


def test_every_dashboard_string_follows_french_typography_and_elision():
    found = []
    for path in sorted(PAGES.glob("*.js")):
        for line, text in literals(path.read_text(encoding="utf-8")):
            if not WORDS.search(text) or text.startswith(("/", "#", ".")):
                continue
            found += [f"{path.name}:{line}: {why}: {text!r}" for pattern, why in BAD if pattern.search(text)]
    assert found == []


def test_no_inline_style_or_script_in_the_dashboard_files():
    html = (PAGES / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script"
    assert not re.search(r"\sstyle=|<style", html), "an inline style"
    for path in PAGES.glob("*.js"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"setAttribute\(\s*[\"']style|[\"']style[\"']\s*:|cssText|innerHTML", source), path.name


@pytest.mark.browser
def test_durations_elision_csp_and_the_health_banner_in_the_real_page(live_server, browser):
    demo = live_server.demo()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        desk_page = context.new_page()
        violations = []
        desk_page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

        def with_csp(route):
            response = route.fetch()
            headers = {**response.headers, "content-security-policy": "style-src 'self'; script-src 'self'"}
            route.fulfill(response=response, headers=headers)
        desk_page.route("**/surveillant", with_csp)
        warnings = [{"code": "disk_low", "message": "Il reste peu de place sur le disque (2 Go)."}]
        desk_page.route("**/api/v1/health", lambda route: route.fulfill(
            json={"status": "warning", "warnings": warnings, "at": 0}))

        invigilator = InvigilatorAtDesk(desk_page, live_server.url)
        invigilator.log_in(demo["session_number"], demo["invigilator_password"])
        health = desk_page.locator("section.health")
        expect(health).to_be_visible()
        expect(health).to_contain_text("Il reste peu de place sur le disque (2 Go).")
        expect(health).to_contain_text("à signaler au technicien")

        said = desk_page.evaluate("""async () => {
            const w = await import('/static/invigilator/words.js');
            return {d: [59, 282, 6300, 3600, 3660].map(w.durationWords), clock: [6299, 100].map(w.clockWords),
                    de: ['Élodie', 'Inès', 'Hugo', 'Yanis', 'Ahmed'].map(w.de),
                    back: w.givenBackWords([{seconds: 134, label: 'serveur indisponible'}])};
        }""")
        # The pupil's page writes durations the same way (shared/format.js): its time left, a timed
        # question's clock, the allowance in sentences.
        pupil = desk_page.evaluate("""async () => {
            const f = await import('/static/shared/format.js');
            return {left: [6300, 6299, 299.2, 281.5, 59.5].map(f.clockWords), question: [90, 59, 5].map(f.clockWords),
                    allowed: [6300, 8379, 2100].map(f.spokenDuration)};
        }""")
        nb = NBSP
        assert said["d"] == [f"59{nb}s", f"4{nb}min 42{nb}s", f"1{nb}h 45{nb}min", f"1{nb}h", f"1{nb}h 1{nb}min"]
        assert said["clock"] == [f"1{nb}h 45{nb}min", f"1{nb}min 40{nb}s"]
        assert said["de"] == ["d'Élodie", "d'Inès", "de Hugo", "de Yanis", "d'Ahmed"]
        assert said["back"] == [f"+2{nb}min 14{nb}s{nb}: serveur indisponible"]
        # A refused late entry is told with its time (the page's clock words, as for corrections).
        entries = desk_page.evaluate("""async () => {
            const w = await import('/static/invigilator/words.js');
            const f = await import('/static/shared/format.js');
            const at = 1764588720;
            return {one: w.happenedWords({refused_entries: [at]}), two: w.happenedWords({refused_entries: [at - 60, at]}),
                    time: f.clockTime(at)};
        }""")
        assert entries["one"] == [{"kind": "entry-refused",
                                   "text": f"entrée refusée à {entries['time']} (arrivé après le début)"}]
        assert entries["two"][0]["text"] == (f"entrée refusée 2{nb}fois (arrivé après le début), "
                                             f"la dernière à {entries['time']}")
        assert pupil == {"left": [f"1{nb}h 45{nb}min", f"1{nb}h 45{nb}min", f"5{nb}min", f"4{nb}min 42{nb}s",
                                  f"1{nb}min"],
                         "question": [f"1{nb}min 30{nb}s", f"59{nb}s", f"5{nb}s"],
                         "allowed": [f"1{nb}h 45{nb}min", f"2{nb}h 20{nb}min", f"35{nb}min"]}
        assert violations == [], violations
        assert invigilator.errors == []
    finally:
        context.close()
