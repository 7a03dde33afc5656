"""Helpers for the administration tests: the administrator's HTTP calls with a bearer token,
the one error shape with a French message, real files, real PDF text, a real session run."""

from __future__ import annotations

import io
import re
import uuid

import pytest

API = "/api/v1/admin"
FRENCH = re.compile(r"[éèêàùçôî«»]|\b[dlj]'\w|\b(le|la|les|de|du|des|un|une|est|pas|ce|cette|au|aux|il|plus)\b", re.IGNORECASE)
INVIGILATOR_PASSWORD = re.compile(r"C-[A-Z0-9]{6}")
# French typography: a non-breaking space before : ; ? ! » and after « (not in 09:30 nor http://)
BAD_TYPOGRAPHY = re.compile(r"[^\u00a0\u202f][:;!?»](?=\s|$|[.,)])|«(?![\u00a0\u202f])")
# Messages of modules this file's tests do not own (validation, auth, commands, throttle): reported, not fixed here
FOREIGN_MESSAGES = ("Le champ «", "Le corps de la requête", "Vous n'êtes pas connecté", "Trop d'essais",
                    "Cette session est finalisée : plus rien ne peut y être ajouté",
                    "La session a commencé : on ne peut plus inscrire", "Un candidat avec ce nom", "Aucune session n°",
                    "Cette adresse n'existe pas", "Ce code d'incident n'existe pas", "La session est close")
SESSION_BODY = {"site": "Lycée Condorcet", "room": "Salle 104", "date": "2031-05-12", "start_time": "09:30",
                "invigilators": ["Mme Roux"], "algorithm": "classic"}


class Admin:
    """The administrator's pages: HTTP calls with the admin bearer token."""

    def __init__(self, client, token: str | None):
        self.client, self.token = client, token

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def call(self, method: str, path: str, body=None, **kwargs):
        if body is not None:
            kwargs["json"] = body
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open(API + path, method=method, headers=headers, **kwargs)

    def get(self, path, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.call("POST", path, body, **kwargs)

    def patch(self, path, body=None, **kwargs):
        return self.call("PATCH", path, body, **kwargs)

    def delete(self, path, **kwargs):
        return self.call("DELETE", path, **kwargs)

    # -- the usual steps -----------------------------------------------------------------------------

    def create_session(self, **changes) -> dict:
        response = self.post("/sessions", {**SESSION_BODY, **changes})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def enrol(self, number: int, first: str, last: str, birthdate: str, extra: int = 0, **more) -> dict:
        response = self.post(f"/sessions/{number}/candidates", {"first_name": first, "last_name": last,
                                                                 "birthdate": birthdate, "extra_time_pct": extra,
                                                                 **more})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["candidate"]

    def upload(self, number: int, data: bytes, media_type: str, what: str = "candidates"):
        return self.post(f"/sessions/{number}/{what}/import", data=data, content_type=media_type)

    def upload_form(self, number: int, data: bytes, filename: str, what: str = "candidates"):
        return self.post(f"/sessions/{number}/{what}/import", data={"file": (io.BytesIO(data), filename)},
                         content_type="multipart/form-data")

    def page(self, number: int) -> dict:
        return ok(self.get(f"/sessions/{number}"))


def login(client, password: str) -> Admin:
    response = client.post(API + "/login", json={"password": password})
    assert response.status_code == 200, response.get_json()
    return Admin(client, response.get_json()["token"])


@pytest.fixture
def admin(client, app) -> Admin:
    """The demo's administrator, logged in with the demo's real password."""
    return login(client, app.demo["admin_password"])


@pytest.fixture
def bare_app(tmp_path):
    """A fresh data directory: no session, no administrator password."""
    from roomserver.app import create_app

    app = create_app({"data_dir": tmp_path / "bare", "async_mode": "threading", "live_tick_s": 0})
    app.config["TESTING"] = True
    yield app
    app.extensions["roomserver"].store.close()


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:2000])
    return response.get_json()


def store_of(app):
    return app.extensions["roomserver"].store


def handle_of(app, number: int):
    return store_of(app).by_number(number)


def footprint(app) -> tuple:
    """What a refused request must leave untouched: every session's seq and journal size, the sessions."""
    store = store_of(app)
    return tuple(sorted((h.state.number, h.state.seq, h.journal.path.stat().st_size)
                        for h in store._handles.values()))


def error_message(response, status: int, code: str | None = None) -> str:
    """The one error shape, with a French message; returns the message."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:2000])
    body = response.get_json()
    assert set(body) >= {"error"} and set(body["error"]) == {"code", "message"}, body
    message = body["error"]["message"]
    assert message and FRENCH.search(message) and "Traceback" not in message, message
    if not message.startswith(FOREIGN_MESSAGES):
        assert not BAD_TYPOGRAPHY.search(message), f"French typography: {message!r}"
    if code:
        assert body["error"]["code"] == code, body
    return message


def refused(app, request, status: int, code: str | None = None, fragment: str | None = None) -> str:
    """Run ``request()``: refused with the one error shape and a French message, nothing written."""
    before = footprint(app)
    message = error_message(request(), status, code)
    if fragment:
        assert fragment in message, message
    assert footprint(app) == before, "a refused request wrote something"
    return message


def certifiable_profile(pack, level: int = 2, competences: int | None = None) -> dict:
    """A positioning profile at ``level`` on every competence (or the first ``competences``),
    skills validated up to it; the others at level 0. Five competences make a test of 15 questions."""
    chosen = list(pack.competences)[:competences]
    pix = {cid: (level * 8 if cid in chosen else 0) for cid in pack.competences}
    skills = sorted(s.id for cid in chosen for s in pack.skills_of(cid) if s.level <= level)
    return {"pix": pix, "validated_skills": skills, "seen_challenges": []}


def pdf_text(data: bytes) -> str:
    """Every page's text, extracted by pypdf (the PDF must parse)."""
    from pypdf import PdfReader

    assert data[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    """Text with every run of white space as one plain space (names may be split over a line)."""
    return " ".join(text.replace("\u00a0", " ").split())


# -- a candidate at a PC -------------------------------------------------------------------------------

class Pupil:
    """A candidate enrolled by the administrator, joining and answering through the candidate API."""

    def __init__(self, client, number: int, first: str, last: str, birthdate: str):
        self.client, self.number = client, number
        self.first, self.last, self.birthdate = first, last, birthdate
        self.token = None
        self.candidate_id = None

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def join(self):
        response = self.client.post("/api/v1/candidate/join", json={
            "session_number": self.number, "first_name": self.first, "last_name": self.last,
            "birthdate": self.birthdate})
        if response.status_code == 200:
            self.token = response.get_json()["token"]
            self.candidate_id = response.get_json()["candidate_id"]
        return response

    def start(self, access_code: str):
        return self.client.post("/api/v1/candidate/start", json={"access_code": access_code}, headers=self.headers)

    def state(self) -> dict:
        return ok(self.client.get("/api/v1/candidate/state", headers=self.headers))

    def answer(self, challenge_id: str, value=None, skip: bool = False):
        body = {"answer_id": str(uuid.uuid4()), "challenge_id": challenge_id}
        body.update({"skip": True} if skip else {"value": value})
        return self.client.post("/api/v1/candidate/answers", json=body, headers=self.headers)

    def answer_some(self, pack, count: int | None = None) -> int:
        """Answer ``count`` questions (all when None), right then wrong in turn; the number answered."""
        from roomserver.core.matching import right_answer, wrong_answer

        done = 0
        while count is None or done < count:
            question = self.state()["question"]
            if question is None:
                break
            challenge = pack.challenges[question["challenge_id"]]
            value = right_answer(challenge) if done % 4 != 3 else wrong_answer(challenge)
            ok(self.answer(challenge.id, value))
            done += 1
        return done


class Invigilator:
    def __init__(self, client, number: int, password: str):
        self.client = client
        response = client.post("/api/v1/invigilator/login", json={"session_number": number, "password": password,
                                                                   "name": "Mme Roux"})
        self.token = ok(response)["token"]

    def post(self, path: str, body=None):
        kwargs = {"json": body} if body is not None else {}
        return self.client.post("/api/v1/invigilator" + path, headers={"Authorization": f"Bearer {self.token}"},
                                **kwargs)

    def presence(self, candidate_id: str):
        return ok(self.post(f"/candidates/{candidate_id}/presence"))

    def start(self) -> str:
        return ok(self.post("/session/start"))["access_code"]


# -- a whole session, as on the day ----------------------------------------------------------------------

class Run:
    """A session run through the APIs: Élodie finishes her test, Şahin's is ended by the invigilator
    after three answers, Ørsted never comes. ``close()`` closes the room."""

    def __init__(self, app, client, admin: Admin):
        self.app, self.client, self.admin = app, client, admin
        self.pack = app.extensions["roomserver"].pack
        made = admin.create_session()
        self.number, self.password = made["session_number"], made["invigilator_password"]
        profile = certifiable_profile(self.pack, level=3, competences=5)
        people = [("Élodie", "Martin", "2011-03-14"), ("Elif", "Şahin", "2010-12-23"), ("Ida", "Ørsted", "2011-01-01")]
        ids = [admin.enrol(self.number, *who, profile=profile)["candidate_id"] for who in people]
        self.finisher_id, self.ended_id, self.absent_id = ids
        self.finisher, self.ended = (Pupil(client, self.number, *who) for who in people[:2])
        self.invigilator = Invigilator(client, self.number, self.password)
        for pupil in (self.finisher, self.ended):
            ok(pupil.join())
            self.invigilator.presence(pupil.candidate_id)
        self.access_code = self.invigilator.start()
        for pupil in (self.finisher, self.ended):
            ok(pupil.start(self.access_code))
        self.total = self.finisher.state()["total"]
        assert 10 <= self.total <= 15, self.total
        self.finisher.answer_some(self.pack)
        assert self.finisher.state()["status"] == "ended"
        self.ended.answer_some(self.pack, 3)

    @property
    def handle(self):
        return handle_of(self.app, self.number)

    def end_the_unfinished(self) -> None:
        ok(self.invigilator.post(f"/candidates/{self.ended_id}/end-test"))

    def close(self) -> None:
        self.end_the_unfinished()
        ok(self.invigilator.post("/session/close"))

    def finalise(self, **body):
        return self.admin.post(f"/sessions/{self.number}/finalise", body)

    def finalise_ok(self, **changes) -> dict:
        body = {"abort_reasons": {self.ended_id: "technical"}, "comment": "Session calme.",
                "incident_occurred": False, "joining_issue": False, **changes}
        return ok(self.finalise(**body))
