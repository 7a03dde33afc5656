"""The Content-Security-Policy (no inline script or style, never framed) on every page, in a real
Chromium against a real server: the candidate page through a test (join, code, a question, the
service worker), the invigilator's login and live dashboard (Socket.IO), the administrator's
pages, the preflight page and its room board. Any violation fails the test with the file and
line the browser blames (the ``securitypolicyviolation`` events and the console's "Refused to...")."""

from __future__ import annotations

import pytest
from browserkit import CandidateAtPC, InvigilatorAtDesk
from playwright.sync_api import expect

from roomserver.app import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.browser

# Runs in every page before its own scripts (injected by the browser driver, so the policy does
# not block it): each violation is handed to Python through an exposed function.
LISTEN = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolation({directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,
                       line: e.lineNumber, column: e.columnNumber, sample: e.sample, page: location.pathname});
});
"""


class Watched:
    """A browser context whose pages report every CSP violation and console refusal."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        self.violations: list[dict] = []
        self.context.expose_function("cspViolation", lambda violation: self.violations.append(violation))
        self.context.add_init_script(LISTEN)

    def page(self):
        page = self.context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda message: self.violations.append({"console": message.text, "page": page.url})
                if "Content Security Policy" in message.text else None)
        return page

    def close(self):
        self.context.close()


def described(violations: list[dict]) -> str:
    return "\n".join(f"{v.get('page')}: {v.get('directive', '')} {v.get('source', '')}:{v.get('line', '')} "
                     f"{v.get('sample', '') or v.get('blocked', '') or v.get('console', '')}" for v in violations)


def test_every_page_carries_the_policy(live_server):
    import urllib.request

    for path in ("/", "/surveillant", "/admin", "/admin/premier-demarrage", "/preflight", "/preflight/salle",
                 "/static/candidate/app.js", "/api/v1/openapi.json"):
        with urllib.request.urlopen(live_server.url + path) as response:
            policy = response.headers["Content-Security-Policy"]
            assert policy == CONTENT_SECURITY_POLICY, path
            assert response.headers["X-Frame-Options"] == "DENY" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "'unsafe-eval'" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY and "script-src 'self'" in CONTENT_SECURITY_POLICY


def test_no_page_breaks_the_policy(live_server, browser):
    demo = live_server.demo()
    person = next(p for p in demo["candidates"] if p["certifiable"])
    watched = Watched(browser)
    try:
        desk = InvigilatorAtDesk(watched.page(), live_server.url)
        desk.log_in(demo["session_number"], demo["invigilator_password"])  # the dashboard, live over Socket.IO
        pupil = CandidateAtPC(watched.page(), live_server.url)
        pupil.open()
        pupil.join(demo["session_number"], person)
        pupil.expect_waiting_for_presence()
        desk.confirm_presence(person)
        pupil.expect_access_code_screen()
        code = desk.start_session()
        pupil.type_access_code(code)
        assert pupil.wait_for_question_or_end() is not None
        pupil.page.reload()  # the service worker's page and the kept state
        assert pupil.wait_for_question_or_end() is not None

        admin = watched.page()
        admin.goto(live_server.url + "/admin")
        admin.get_by_label("Mot de passe administrateur").fill(demo["admin_password"])
        admin.get_by_role("button", name="Se connecter").click()
        expect(admin.get_by_role("heading", name="Sessions", level=1)).to_be_visible()
        admin.goto(f"{live_server.url}/admin/sessions/{demo['session_number']}")
        expect(admin.get_by_role("heading", level=1)).to_contain_text(str(demo["session_number"]))
        admin.goto(live_server.url + "/admin/premier-demarrage")
        admin.wait_for_load_state("networkidle")

        checker = watched.page()
        checker.goto(live_server.url + "/preflight")
        checker.wait_for_selector("#pc-code")
        board = watched.page()
        board.goto(live_server.url + "/preflight/salle")
        board.locator("#admin-password").fill(demo["admin_password"])
        board.locator("#admin-password").press("Enter")
        board.wait_for_selector("body[data-state=done]")
        for page in (desk.page, pupil.page, admin, checker, board):
            page.wait_for_timeout(300)  # late reports (the console's come asynchronously)
        assert not watched.violations, "CSP violations:\n" + described(watched.violations)
        assert not pupil.errors and not desk.errors
    finally:
        watched.close()


def test_an_inline_script_is_refused_and_reported(live_server, browser):
    """The listener above works: an inline script added to the page is blocked and reported."""
    watched = Watched(browser)
    try:
        page = watched.page()
        page.goto(live_server.url + "/")
        page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                                 document.body.append(s); }""")
        page.wait_for_timeout(300)
        assert page.evaluate("window.ran") is None
        assert any(v.get("directive") == "script-src-elem" for v in watched.violations), watched.violations
    finally:
        watched.close()
