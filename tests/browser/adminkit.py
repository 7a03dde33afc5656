"""The administrator at the admin pages, and the HTTP plumbing the other people of a session
need to get it to the finalisation (an invigilator and pupils, over the plain API).

Locators go by role and label, the way a keyboard or screen-reader user finds things.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from conftest import ROOT, ServerProcess
from playwright.sync_api import Page, expect

ADMIN_PASSWORD = "un mot de passe de salle 2026"
TOKEN_KEY = "roomserver.admin.token"
NBSP = "\u00a0"


# -- the people of the tests and their files ---------------------------------------------------------

PUPILS = [
    {"last_name": "Şahin", "first_name": "Elif", "birthdate": "2011-03-14", "extra_time_pct": 0},
    {"last_name": "Nguyễn", "first_name": "Thị Lan", "birthdate": "2010-09-02", "extra_time_pct": 33},
    {"last_name": "N'Diaye", "first_name": "Élodie", "birthdate": "2011-01-30", "extra_time_pct": 0},
]
FIVE_COMPETENCES = {"1.1": 16, "1.2": 8, "2.1": 24, "3.1": 8, "4.1": 16}


def french(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def candidate_csv(people: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nom de naissance", "Prénom", "Date de naissance", "Temps majoré"])
    for p in people:
        writer.writerow([p["last_name"], p["first_name"], french(p["birthdate"]), p["extra_time_pct"]])
    return out.getvalue().encode("utf-8")


def profiles_json(people: list[dict]) -> bytes:
    return json.dumps({"profiles": [{"last_name": p["last_name"], "first_name": p["first_name"],
                                     "birthdate": p["birthdate"], "pix": FIVE_COMPETENCES} for p in people]},
                      ensure_ascii=False).encode("utf-8")


# -- servers -------------------------------------------------------------------------------------

def set_admin_password(data_dir: Path, password: str = ADMIN_PASSWORD) -> None:
    """``roomserver admin set-password --data-dir DIR --stdin``, the scripted way."""
    data_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "roomserver", "admin", "set-password", "--data-dir", str(data_dir),
                           "--stdin"], input=password + "\n", text=True, capture_output=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr


def admin_server(data_dir: Path, password: str | None = ADMIN_PASSWORD) -> ServerProcess:
    """A real ``roomserver serve`` on a fresh data dir (with an admin password unless None)."""
    if password is not None:
        set_admin_password(data_dir, password)
    return ServerProcess(data_dir, command="serve").start()


class Api:
    """JSON over plain HTTP, with an optional bearer token."""

    def __init__(self, url: str, token: str | None = None):
        self.url, self.token = url, token

    def call(self, method: str, path: str, body=None, expect_status: int | None = None):
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data is not None else {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url + path, method=method, data=data, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        if expect_status is not None:
            assert status == expect_status, f"{method} {path} -> {status}: {raw[:500]!r}"
        return status, (json.loads(raw) if raw and raw[:1] in (b"{", b"[") else raw)

    def ok(self, method: str, path: str, body=None):
        status, answer = self.call(method, path, body)
        assert 200 <= status < 300, f"{method} {path} -> {status}: {answer}"
        return answer

    def has_path(self, path: str) -> bool:
        """Whether the served OpenAPI document lists this path."""
        return path in self.ok("GET", "/api/v1/openapi.json")["paths"]


class PupilOverHttp:
    """A candidate through the candidate API (what the test page does, without a browser)."""

    def __init__(self, url: str, session_number: int, person: dict):
        self.api, self.session_number, self.person = Api(url), session_number, person
        self.candidate_id = None

    def join(self) -> None:
        answer = self.api.ok("POST", "/api/v1/candidate/join", {
            "session_number": self.session_number, "first_name": self.person["first_name"],
            "last_name": self.person["last_name"], "birthdate": self.person["birthdate"]})
        self.api.token, self.candidate_id = answer["token"], answer["candidate_id"]

    def start(self, access_code: str) -> dict:
        return self.api.ok("POST", "/api/v1/candidate/start", {"access_code": access_code})

    def skip_everything(self) -> None:
        state = self.api.ok("GET", "/api/v1/candidate/state")
        for _ in range(60):
            question = state.get("question")
            if not question:
                return
            self.api.ok("POST", "/api/v1/candidate/answers", {"answer_id": str(uuid.uuid4()),
                                                              "challenge_id": question["challenge_id"], "skip": True})
            state = self.api.ok("GET", "/api/v1/candidate/state")
        raise AssertionError("the test never ended")

    def skip_one(self) -> None:
        question = self.api.ok("GET", "/api/v1/candidate/state")["question"]
        self.api.ok("POST", "/api/v1/candidate/answers", {"answer_id": str(uuid.uuid4()),
                                                          "challenge_id": question["challenge_id"], "skip": True})


class InvigilatorOverHttp:
    def __init__(self, url: str, session_number: int, password: str):
        self.api = Api(url)
        self.api.token = self.api.ok("POST", "/api/v1/invigilator/login",
                                     {"session_number": session_number, "password": password})["token"]

    def confirm_presence(self, candidate_id: str) -> None:
        self.api.ok("POST", f"/api/v1/invigilator/candidates/{candidate_id}/presence")

    def start_session(self) -> str:
        return self.api.ok("POST", "/api/v1/invigilator/session/start")["access_code"]

    def end_test(self, candidate_id: str) -> None:
        self.api.ok("POST", f"/api/v1/invigilator/candidates/{candidate_id}/end-test")

    def close_session(self) -> None:
        self.api.ok("POST", "/api/v1/invigilator/session/close")


# -- sessions made over the API ------------------------------------------------------------------------

def admin_token(url: str) -> str:
    return Api(url).ok("POST", "/api/v1/admin/login", {"password": ADMIN_PASSWORD})["token"]


def prepared_session(server, people=PUPILS, profiles=True) -> dict:
    """A session with these candidates (and their positioning profiles), made over the API."""
    api = Api(server.url, admin_token(server.url))
    page = api.ok("POST", "/api/v1/admin/sessions", {
        "site": "Lycée Marie Curie", "room": "Salle informatique 2", "date": "2026-12-03", "start_time": "14:00",
        "invigilators": ["M. Petit"]})
    number = page["session_number"]
    for p in people:
        body = {k: p[k] for k in ("first_name", "last_name", "birthdate", "extra_time_pct")}
        added = api.ok("POST", f"/api/v1/admin/sessions/{number}/candidates", body)
        p["candidate_id"] = added["candidate"]["candidate_id"]
    if profiles and people:
        api.ok("POST", f"/api/v1/admin/sessions/{number}/profiles/import", json.loads(profiles_json(people)))
    return {**page, "api": api}


def taken_and_closed(server) -> dict:
    """A session whose test is over: Şahin went to the end, Nguyễn was stopped by the
    invigilator after one question, N'Diaye never came; the invigilator closed it."""
    people = [dict(p) for p in PUPILS]
    session = prepared_session(server, people=people)
    number = session["session_number"]
    desk = InvigilatorOverHttp(server.url, number, session["invigilator_password"])
    pupils = [PupilOverHttp(server.url, number, p) for p in people[:2]]
    for pupil in pupils:
        pupil.join()
        desk.confirm_presence(pupil.candidate_id)
    code = desk.start_session()
    for pupil in pupils:
        pupil.start(code)
    pupils[0].skip_everything()
    pupils[1].skip_one()
    desk.end_test(pupils[1].candidate_id)
    desk.close_session()
    return session


# -- the administrator in the browser ---------------------------------------------------------

class AdminAtDesk:
    """The administrator, on /admin."""

    def __init__(self, page: Page, url: str):
        self.page, self.url = page, url
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def log_in(self, password: str = ADMIN_PASSWORD) -> None:
        page = self.page
        page.goto(self.url + "/admin")
        page.get_by_label("Mot de passe administrateur").fill(password)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("heading", name="Sessions", level=1)).to_be_visible()

    @property
    def token(self) -> str | None:
        return self.page.evaluate(f"sessionStorage.getItem({json.dumps(TOKEN_KEY)})")

    def create_session(self, site: str, room: str, date: str, start_time: str, invigilators: list[str],
                       notes: str = "") -> int:
        page = self.page
        form = page.locator("form.create")
        form.get_by_label("Établissement").fill(site)
        form.get_by_label("Salle").fill(room)
        form.get_by_label("Date").fill(date)
        form.get_by_label("Heure de début").fill(start_time)
        for i, name in enumerate(invigilators):
            if i:
                form.get_by_role("button", name="Ajouter un surveillant").click()
            form.get_by_label(f"Surveillant {i + 1}").fill(name)
        if notes:
            form.get_by_label("Notes (facultatif)").fill(notes)
        form.get_by_role("button", name="Créer la session").click()
        expect(page).to_have_url(re.compile(r"/admin/sessions/\d+$"))
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text(re.compile(r"^Session n°\s\d+$"))
        return int(re.search(r"(\d+)$", page.url).group(1))

    def import_file(self, form_title: str, path: Path) -> None:
        form = self.page.locator("form.import-form").filter(has=self.page.get_by_role("heading", name=form_title))
        form.locator("input[type=file]").set_input_files(str(path))
        form.get_by_role("button", name=re.compile("^Importer")).click()

    def candidate_row(self, last_name: str):
        return self.page.locator("table.candidates tbody tr").filter(
            has=self.page.locator(f"th:text-is({json.dumps(last_name, ensure_ascii=False)})"))

    def fetch_bytes(self, url: str, with_token: bool = True) -> tuple[int, str, bytes]:
        """GET a URL through the page (with the admin token): (status, content type, bytes)."""
        result = self.page.evaluate("""async ([url, key, withToken]) => {
            const headers = withToken ? {Authorization: `Bearer ${sessionStorage.getItem(key)}`} : {};
            const response = await fetch(url, {headers});
            const bytes = new Uint8Array(await response.arrayBuffer());
            let text = "";
            for (let i = 0; i < bytes.length; i += 0x8000) {
                text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            }
            return [response.status, response.headers.get("Content-Type") || "", btoa(text)];
        }""", [url, TOKEN_KEY, with_token])
        return result[0], result[1], base64.b64decode(result[2])


# -- page checks ------------------------------------------------------------------------------

def horizontal_overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def tab_through(page: Page, limit: int = 400) -> list[str]:
    """Press Tab from the top until focus comes back round; the data-tab ids reached, in order."""
    page.evaluate("""() => {
        let n = 0;
        for (const el of document.querySelectorAll('button, a[href], input, select, textarea, summary'))
            el.dataset.tab = String(n++);
        document.activeElement && document.activeElement.blur();
    }""")
    reached: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        key = page.evaluate("document.activeElement && document.activeElement.dataset ? "
                            "document.activeElement.dataset.tab || null : null")
        if key is None or (reached and key == reached[-1]):
            continue  # outside the page, or inside one control (the day, month, year of a date field)
        if key in reached:
            break  # came round
        reached.append(key)
    return reached


def visible_buttons(page: Page) -> dict[str, str]:
    """data-tab id -> name of every visible, enabled button (after tab_through tagged them)."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('button[data-tab]')]
        .filter(b => !b.disabled && b.offsetParent !== null && !b.closest('[hidden]'))
        .map(b => [b.dataset.tab, b.textContent.trim()]))""")


def typography_mistakes(page: Page) -> list[str]:
    """Texts with an ordinary space before : ; ? ! », after « or after n° (French wants U+00A0)."""
    return page.evaluate(r"""() => {
        const found = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const bad = /[ \t\n](?=[:;?!»])|«(?=[ \t\n])|n° /;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent;
            if (node.parentElement && node.parentElement.closest('script, style, code')) continue;
            if (bad.test(text)) found.push(text.trim());
        }
        for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
            for (const attr of ['aria-label', 'title', 'placeholder']) {
                const value = el.getAttribute(attr);
                if (value && bad.test(value)) found.push(value);
            }
        }
        return found;
    }""")
