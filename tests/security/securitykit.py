"""A whole room for the security tests: the demo session started with candidates at every step,
a second session finalised, a preflight PC, and a token of every kind; built once, then copied
for each test (the data directory is copied, the app loads it again: tokens stay valid).
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from roomserver.app import create_app
from roomserver.demo import seed

SETTINGS = {"async_mode": "threading", "live_tick_s": 0}


def full_profile(pack) -> dict:
    """Level 3 everywhere, every skill up to it validated: a certifiable profile with a test."""
    return {"pix": {c: 24 for c in pack.competences},
            "validated_skills": sorted(s.id for c in pack.competences for s in pack.skills_of(c) if s.level <= 3)}


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:1500])
    return response.get_json()


def bearer(token: str | None) -> dict:
    return {"Authorization": f"Bearer {token}"} if token else {}


@dataclass
class World:
    """What the tests know about the room: ids, numbers and the token of each actor."""

    data_dir: Path
    session_number: int = 0
    access_code: str = ""
    invigilator: str = ""
    admin: str = ""
    admin_password: str = ""
    invigilator_password: str = ""
    candidates: dict[str, str] = field(default_factory=dict)  # role -> token
    candidate_ids: dict[str, str] = field(default_factory=dict)  # role -> candidate id
    people: dict[str, dict] = field(default_factory=dict)  # role -> the demo's person
    other_session: int = 0  # finalised
    other_invigilator: str = ""
    other_candidate: str = ""  # a token of the finalised session
    other_candidate_id: str = ""
    live_session: int = 0  # a third session, prepared, with its invigilator logged in
    live_invigilator: str = ""
    alert_id: str = ""
    challenge_id: str = ""  # the current question of the "in_test" candidate
    attachment: str = ""  # a file of a question of the pack
    attachment_challenge: str = ""
    pc_id: str = ""

    def path_values(self) -> dict[str, list]:
        """Real values for each path parameter name (the fuzzer mixes them with made-up ones)."""
        return {
            "session_number": [self.session_number, self.other_session],
            "candidate_id": [*self.candidate_ids.values(), self.other_candidate_id],
            "alert_id": [self.alert_id], "challenge_id": [self.challenge_id, self.attachment_challenge],
            "name": [self.attachment], "pc_id": [self.pc_id], "task_id": ["pdf", "odt", "zip"],
            "kind": ["pdf", "png", "zip"],
        }


def open_app(data_dir: Path):
    app = create_app({"data_dir": data_dir, **SETTINGS})
    app.config["TESTING"] = True
    return app


def join(client, number: int, person: dict) -> str:
    body = {"session_number": number, "first_name": person["first_name"], "last_name": person["last_name"],
            "birthdate": person["birthdate"]}
    return ok(client.post("/api/v1/candidate/join", json=body))["token"]


def build_world(data_dir: Path) -> World:
    """Seed and play a room up to the middle of the exam, then stop the app (its files stay)."""
    app = open_app(data_dir)
    svc = app.extensions["roomserver"]
    demo = seed(svc.store, svc.pack)
    client = app.test_client()
    world = World(data_dir, demo["session_number"], demo["access_code"], admin_password=demo["admin_password"],
                  invigilator_password=demo["invigilator_password"])
    number = world.session_number
    world.invigilator = ok(client.post("/api/v1/invigilator/login", json={
        "session_number": number, "password": demo["invigilator_password"]}))["token"]
    world.admin = ok(client.post("/api/v1/admin/login", json={"password": demo["admin_password"]}))["token"]
    inv = bearer(world.invigilator)
    people = [p for p in demo["candidates"] if p["certifiable"]]
    roles = ("in_test", "reporter", "ended", "present_late", "joined_only")
    for role, person in zip(roles, people):
        world.people[role] = person
        world.candidate_ids[role] = person["candidate_id"]
        world.candidates[role] = join(client, number, person)
        if role != "joined_only":
            ok(client.post(f"/api/v1/invigilator/candidates/{person['candidate_id']}/presence", headers=inv))
    ok(client.post("/api/v1/invigilator/session/start", headers=inv))
    for role in ("in_test", "reporter", "ended"):
        state = ok(client.post("/api/v1/candidate/start", json={"access_code": demo["access_code"]},
                               headers=bearer(world.candidates[role])))
        if role == "in_test":
            world.challenge_id = state["question"]["challenge_id"]
        if role == "reporter":
            ok(client.post("/api/v1/candidate/report", json={"challenge_id": state["question"]["challenge_id"],
                                                              "message": "L'image ne s'affiche pas"},
                           headers=bearer(world.candidates[role])))
    ok(client.post(f"/api/v1/invigilator/candidates/{world.candidate_ids['ended']}/end-test", headers=inv))
    roster = ok(client.get("/api/v1/invigilator/session", headers=inv))
    world.alert_id = next(a["alert_id"] for row in roster["candidates"] for a in row["alerts"])
    with_file = next(c for c in svc.pack.challenges.values() if c.attachments)
    world.attachment_challenge, world.attachment = with_file.id, with_file.attachments[0].name
    world.pc_id = ok(client.post("/api/v1/preflight/pcs", json={}))["pc_id"]
    _finalised_session(client, world, full_profile(svc.pack))
    page = ok(client.post("/api/v1/admin/sessions", json={
        "site": "Collège Voltaire", "room": "CDI", "date": "2031-06-02", "start_time": "14:00",
        "invigilators": ["M. Bah"]}, headers=bearer(world.admin)), 201)
    world.live_session = page["session_number"]
    world.live_invigilator = ok(client.post("/api/v1/invigilator/login", json={
        "session_number": page["session_number"], "password": page["invigilator_password"]}))["token"]
    svc.store.close()
    return world


def _finalised_session(client, world: World, profile: dict) -> None:
    """A second session, played and finalised: its results, documents and archive exist."""
    admin = bearer(world.admin)
    page = ok(client.post("/api/v1/admin/sessions", json={
        "site": "Lycée Condorcet", "room": "Salle 104", "date": "2031-05-12", "start_time": "09:30",
        "invigilators": ["Mme Roux"]}, headers=admin), 201)
    number = world.other_session = page["session_number"]
    person = {"first_name": "Zélie", "last_name": "Autre", "birthdate": "2011-02-03"}
    entry = ok(client.post(f"/api/v1/admin/sessions/{number}/candidates", json={**person, "profile": profile},
                           headers=admin), 201)["candidate"]
    world.other_candidate_id = entry["candidate_id"]
    world.other_invigilator = ok(client.post("/api/v1/invigilator/login", json={
        "session_number": number, "password": page["invigilator_password"]}))["token"]
    inv = bearer(world.other_invigilator)
    world.other_candidate = join(client, number, person)
    ok(client.post(f"/api/v1/invigilator/candidates/{entry['candidate_id']}/presence", headers=inv))
    code = ok(client.post("/api/v1/invigilator/session/start", headers=inv))["access_code"]
    state = ok(client.post("/api/v1/candidate/start", json={"access_code": code}, headers=bearer(world.other_candidate)))
    ok(client.post("/api/v1/candidate/answers", json={"answer_id": str(uuid.uuid4()),
                                                      "challenge_id": state["question"]["challenge_id"], "skip": True},
                   headers=bearer(world.other_candidate)))
    ok(client.post(f"/api/v1/invigilator/candidates/{entry['candidate_id']}/end-test", headers=inv))
    ok(client.post("/api/v1/invigilator/session/close", headers=inv))
    ok(client.post(f"/api/v1/admin/sessions/{number}/finalise",
                   json={"abort_reasons": {entry["candidate_id"]: "abandon"}}, headers=admin))


def copy_world(world: World, target: Path) -> World:
    """The same room in another data directory (same tokens, same ids)."""
    shutil.copytree(world.data_dir, target)
    return World(**{**world.__dict__, "data_dir": target})


def journal_lines(app) -> int:
    """Events written so far, over every session (what a refused request must not change)."""
    store = app.extensions["roomserver"].store
    return sum(h.journal.path.read_bytes().count(b"\n") for h in store._handles.values())
