"""A whole adaptive session through the real HTTP API of a real ``roomserver serve`` process:
the administrator creates it with ``"algorithm": "adaptive"`` (the certification version is
recorded), enrols pupils (one needing accessibility), the invigilator confirms and starts,
pupils take the 32-question test one question at a time ("n / 32", the next question never
sent ahead, the same question after a reload, no calibration in any payload), a validated
alert replaces a question, a pupil not confirmed present is refused entry, the invigilator
stops a test after 22 answers, closes; the administrator finalises (no E-codes) and gets the
results as JSON, CSV and PDF, scored from the a and b recorded in the journal."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from conftest import ROOT, ServerProcess
from pypdf import PdfReader

from roomserver.content.pack import load_pack
from roomserver.core.adaptive import Asked, score_candidate
from roomserver.core.content import ChallengeType

PASSWORD = "un mot de passe de salle 2026"
FIVE = {"1.1": 16, "1.2": 8, "2.1": 24, "3.1": 8, "4.1": 16}
PUPILS = [("Élodie", "N'Diaye", "2011-01-30", True), ("Elif", "Şahin", "2011-03-14", False),
          ("Noah", "Dupont", "2010-11-02", False)]
SECRET_KEYS = {"a", "b", "tube", "tube_id", "calibration", "accessible", "discriminant", "difficulty", "solution"}
NBSP = "\u00a0"


class Api:
    def __init__(self, url: str, token: str | None = None):
        self.url, self.token, self.payloads = url, token, []

    def call(self, method: str, path: str, body=None) -> tuple[int, object]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data is not None else {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url + path, method=method, data=data, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        answer = json.loads(raw) if raw[:1] in (b"{", b"[") else raw
        self.payloads.append(answer)
        return status, answer

    def ok(self, method: str, path: str, body=None):
        status, answer = self.call(method, path, body)
        assert 200 <= status < 300, f"{method} {path} -> {status}: {answer}"
        return answer


def right_answer(challenge):
    s = challenge.solution
    if challenge.type is ChallengeType.QCU:
        return next(iter(s.choices))
    if challenge.type is ChallengeType.QCM:
        return sorted(s.choices)
    if challenge.type is ChallengeType.QROC:
        return s.accepted[challenge.fields[0].id][0]
    if challenge.type is ChallengeType.QROCM_IND:
        return {f.id: s.accepted[f.id][0] for f in challenge.fields}
    return {f.id: group[0] for f, group in zip(challenge.fields, s.groups)}


def keys_of(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


@pytest.fixture(scope="module")
def pack():
    return load_pack(ROOT / "roomserver" / "content" / "demo")


@pytest.fixture
def server(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    done = subprocess.run([sys.executable, "-m", "roomserver", "admin", "set-password", "--data-dir", str(data_dir),
                           "--stdin"], input=PASSWORD + "\n", text=True, capture_output=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    process = ServerProcess(data_dir, command="serve").start()
    yield process
    process.stop()


class Pupil:
    def __init__(self, url: str, number: int, first: str, last: str, birthdate: str):
        self.api = Api(url)
        self.identity = {"session_number": number, "first_name": first, "last_name": last, "birthdate": birthdate}
        self.id = None

    def join(self) -> None:
        joined = self.api.ok("POST", "/api/v1/candidate/join", self.identity)
        self.api.token, self.id = joined["token"], joined["candidate_id"]

    def state(self) -> dict:
        return self.api.ok("GET", "/api/v1/candidate/state")

    def answer(self, challenge_id: str, value=None) -> dict:
        body = {"answer_id": str(uuid.uuid4()), "challenge_id": challenge_id}
        body.update({"skip": True} if value is None else {"value": value})
        return self.api.ok("POST", "/api/v1/candidate/answers", body)


def take(pupil: Pupil, pack, count: int, right) -> list[str]:
    """Answer ``count`` questions (right when ``right(n)``), checking the progress each time."""
    asked = []
    for _ in range(count):
        state = pupil.state()
        question = state["question"]
        n = state["answered"] + 1
        assert question["index"] == n and state["total"] == 32 and state["next_offered"] is False
        assert state["next_question"] is None
        assert pupil.state()["question"] == question  # a reload: the same question
        value = right_answer(pack.challenges[question["challenge_id"]]) if right(n) else None
        progress = pupil.answer(question["challenge_id"], value)
        assert progress["answered"] == n and progress["total"] == 32
        asked.append(question["challenge_id"])
    return asked


def test_a_whole_adaptive_session_through_the_http_api(server, pack):
    admin = Api(server.url)
    admin.token = admin.ok("POST", "/api/v1/admin/login", {"password": PASSWORD})["token"]
    session = {"site": "Lycée Marie Curie", "room": "Salle 2", "date": "2026-12-03", "start_time": "14:00",
               "invigilators": ["M. Petit"]}
    status, refusal = admin.call("POST", "/api/v1/admin/sessions",
                                 {**session, "algorithm": "adaptive", "certification_version": "v-inconnue"})
    assert status == 422 and refusal["error"]["code"] == "certification_version_unknown"
    page = admin.ok("POST", "/api/v1/admin/sessions", {**session, "algorithm": "adaptive"})
    number = page["session_number"]
    assert page["algorithm"] == "adaptive" and page["algorithm_label"].startswith("adaptative")
    for first, last, birthdate, accessibility in PUPILS:
        entry = admin.ok("POST", f"/api/v1/admin/sessions/{number}/candidates",
                         {"first_name": first, "last_name": last, "birthdate": birthdate,
                          "accessibility": "oui" if accessibility else "non"})
        assert entry["candidate"]["details"]["accessibility"] is accessibility
    admin.ok("POST", f"/api/v1/admin/sessions/{number}/profiles/import", {"profiles": [
        {"first_name": f, "last_name": l, "birthdate": b, "pix": FIVE} for f, l, b, _ in PUPILS]})

    desk = Api(server.url)
    desk.token = desk.ok("POST", "/api/v1/invigilator/login",
                         {"session_number": number, "password": page["invigilator_password"]})["token"]
    pupils = [Pupil(server.url, number, f, l, b) for f, l, b, _ in PUPILS]
    for pupil in pupils:
        pupil.join()
    for pupil in pupils[:2]:
        desk.ok("POST", f"/api/v1/invigilator/candidates/{pupil.id}/presence")
    code = desk.ok("POST", "/api/v1/invigilator/session/start")["access_code"]
    status, refusal = pupils[2].api.call("POST", "/api/v1/candidate/start", {"access_code": code})
    assert status == 403 and refusal["error"] == {
        "code": "entry_closed", "message": f"L'entrée est fermée{NBSP}: la session a commencé sans que votre présence "
                                           "soit confirmée. Allez voir le surveillant."}
    elodie, elif_ = pupils[:2]
    for pupil in (elodie, elif_):
        first = pupil.api.ok("POST", "/api/v1/candidate/start", {"access_code": code})
        assert (first["answered"], first["total"], first["algorithm"]) == (0, 32, "adaptive")
        assert first["question"]["index"] == 1 and first["next_question"] is None

    # Élodie (accessibility): 32 questions, every other one right, then the end screen
    asked_elodie = take(elodie, pack, 32, lambda n: n % 2 == 1)
    assert set(asked_elodie) <= pack.accessible and len(set(asked_elodie)) == 32
    end = elodie.state()
    assert end["status"] == "ended" and end["question"] is None and (end["answered"], end["total"]) == (32, 32)

    # Elif: an alert on question 4, validated: another question, of another skill
    take(elif_, pack, 3, lambda n: True)
    alerted = elif_.state()["question"]["challenge_id"]
    elif_.api.ok("POST", "/api/v1/candidate/report", {"challenge_id": alerted, "message": "L'image ne s'affiche pas"})
    room = desk.ok("GET", "/api/v1/invigilator/session")
    row = next(r for r in room["candidates"] if r["candidate_id"] == elif_.id)
    assert row["total"] == 32 and row["answered"] == 3
    desk.ok("POST", f"/api/v1/invigilator/candidates/{elif_.id}/alerts/{row['alerts'][0]['alert_id']}/validate",
            {"code": "E1"})
    replaced = elif_.state()
    assert replaced["question"]["index"] == 4 and replaced["question"]["challenge_id"] != alerted
    assert replaced["alert"] == {"question_number": 4, "status": "validated", "replaced": True}
    asked_elif = take(elif_, pack, 19, lambda n: n % 3 != 0)
    assert pack.challenges[alerted].skill_id not in {pack.challenges[c].skill_id for c in asked_elif}
    desk.ok("POST", f"/api/v1/invigilator/candidates/{elif_.id}/end-test")
    desk.ok("POST", "/api/v1/invigilator/session/close")

    for pupil in pupils:  # nothing secret ever reached a pupil
        leaked = keys_of(pupil.api.payloads) & SECRET_KEYS
        assert not leaked, leaked

    # finalisation: abort reason, C-codes only
    form = admin.ok("GET", f"/api/v1/admin/sessions/{number}/finalisation")
    assert form["algorithm"] == "adaptive" and form["question_codes"] == [] and form["end_screens"] is False
    assert set(form["codes"]) == {"C1", "C2", "C4", "C6", "C7", "C8"}
    assert [u["candidate_id"] for u in form["unfinished"]] == [elif_.id]
    assert next(c for c in form["candidates"] if c["candidate_id"] == elif_.id)["incident_codes"] == []
    path = f"/api/v1/admin/sessions/{number}/finalise"
    status, refusal = admin.call("POST", path, {"abort_reasons": {elif_.id: "abandon"},
                                                "incident_codes": {elif_.id: ["E1"]}})
    assert status == 422 and refusal["error"]["code"] == "incident_code_invalid"
    status, refusal = admin.call("POST", path, {"abort_reasons": {elif_.id: "abandon"},
                                                "end_screens_seen": [elodie.id]})
    assert status == 422 and refusal["error"]["code"] == "end_screen_unexpected"
    finalised = admin.ok("POST", path, {"abort_reasons": {elif_.id: "abandon"}, "incident_codes": {elodie.id: ["C7"]},
                                        "comment": "Session adaptative sans souci."})
    results = {r["candidate_id"]: r for r in finalised["results"]}
    again = admin.ok("GET", f"/api/v1/admin/sessions/{number}/results")
    assert {r["candidate_id"]: r for r in again["candidates"]} == results

    # the scores, recomputed here from the journal's recorded a and b
    journal = journal_events(server.data_dir, page["session_id"])
    version = pack.certification_versions[journal[0]["data"]["certification"]["id"]]
    titles = {code: c.title for code, c in pack.competences.items()}
    for pupil, reason in ((elodie, None), (elif_, "abandon")):
        history = journal_history(journal, pupil.id)
        expected = score_candidate(version, pack.bank, pupil.id, history, reason, titles=titles,
                                   accessibility=pupil is elodie)
        got = results[pupil.id]
        assert (got["pix"], got["status"], got["capacity"]) == (expected.pix, expected.status, expected.capacity)
    assert results[elodie.id]["answers_counted"] == 32 and results[elodie.id]["simulated_failures"] == 0
    assert results[elif_.id]["answers_counted"] == 22 and results[elif_.id]["simulated_failures"] == 10
    assert results[elif_.id]["alerts_validated"] == 1 and results[elif_.id]["abort_reason"] == "abandon"
    assert results[pupils[2].id]["status"] == "absent"
    assert len(results[elodie.id]["competences"]) == 16 and results[elodie.id]["global_level"] is not None
    assert results[elodie.id]["report"][0].startswith(("Certification validée", "Certification rejetée"))

    csv_raw = urllib_get(server.url + f"/api/v1/admin/sessions/{number}/results.csv", admin.token)
    rows = list(csv.reader(io.StringIO(csv_raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-4:] == ["Niveau global", "Capacité estimée", "Réponses prises en compte", "Échecs simulés"]
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["Şahin"][-2:] == ["22", "10"] and by_name["N'Diaye"][6] == str(results[elodie.id]["pix"])
    pdf = urllib_get(server.url + f"/api/v1/admin/sessions/{number}/documents/results.pdf", admin.token)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Résultats provisoires" in text
    assert str(results[elodie.id]["pix"]) in text


def urllib_get(url: str, token: str) -> bytes:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.read()


def journal_events(data_dir: Path, session_id: str) -> list[dict]:
    """The session's journal as written on disk (one JSON object per line)."""
    path = Path(data_dir) / "sessions" / session_id / "journal.jsonl"
    lines = [json.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    return [{"type": e.get("type"), "data": e.get("data", {})} for e in lines]


def journal_history(journal: list[dict], candidate_id: str) -> list[Asked]:
    """Asked records from the journal alone: question_asked (a, b), answers, validated alerts."""
    asked: dict[str, list] = {}
    order: list[str] = []
    alerted: set[str] = set()
    alerts: dict[str, str] = {}
    for event in journal:
        data = event["data"]
        if data.get("candidate_id") != candidate_id:
            continue
        if event["type"] == "question_asked":
            asked[data["challenge_id"]] = [data["a"], data["b"], None]
            order.append(data["challenge_id"])
        elif event["type"] == "problem_reported":
            alerts[data["alert_id"]] = data["challenge_id"]
        elif event["type"] == "alert_validated":
            alerted.add(alerts[data["alert_id"]])
            if data.get("replacement"):
                asked[data["replacement"]] = [data["a"], data["b"], None]
                order.append(data["replacement"])
        elif event["type"] == "answer_recorded":
            asked[data["challenge_id"]][2] = data["outcome"] == "ok"
    return [Asked(c, asked[c][0], asked[c][1], asked[c][2], c in alerted) for c in order
            if c in alerted or asked[c][2] is not None]


def test_a_question_lost_by_a_torn_write_comes_back_the_same_after_a_restart(server, pack):
    """SIGKILL, then the journal cut as a power cut in the middle of an answer's write leaves it
    (the answer's line kept, the question chosen with it lost): after the restart the pupil gets
    exactly the question that was lost, and the test goes on."""
    admin = Api(server.url)
    admin.token = admin.ok("POST", "/api/v1/admin/login", {"password": PASSWORD})["token"]
    page = admin.ok("POST", "/api/v1/admin/sessions", {
        "site": "Lycée Marie Curie", "room": "Salle 2", "date": "2026-12-03", "start_time": "14:00",
        "invigilators": ["M. Petit"], "algorithm": "adaptive"})
    number = page["session_number"]
    first, last, birthdate, _ = PUPILS[1]
    admin.ok("POST", f"/api/v1/admin/sessions/{number}/candidates",
             {"first_name": first, "last_name": last, "birthdate": birthdate})
    admin.ok("POST", f"/api/v1/admin/sessions/{number}/profiles/import", {"profiles": [
        {"first_name": first, "last_name": last, "birthdate": birthdate, "pix": FIVE}]})
    desk = Api(server.url)
    desk.token = desk.ok("POST", "/api/v1/invigilator/login",
                         {"session_number": number, "password": page["invigilator_password"]})["token"]
    pupil = Pupil(server.url, number, first, last, birthdate)
    pupil.join()
    desk.ok("POST", f"/api/v1/invigilator/candidates/{pupil.id}/presence")
    code = desk.ok("POST", "/api/v1/invigilator/session/start")["access_code"]
    pupil.api.ok("POST", "/api/v1/candidate/start", {"access_code": code})
    take(pupil, pack, 4, lambda n: n != 2)
    server.kill()

    journal = next((server.data_dir / "sessions").glob("*/journal.jsonl"))
    lines = journal.read_bytes().splitlines(keepends=True)
    lost = json.loads(lines[-1])
    assert lost["type"] == "question_asked" and json.loads(lines[-2])["type"] == "answer_recorded"
    journal.write_bytes(b"".join(lines[:-1]) + lines[-1][:25])  # the last line torn in the middle
    server.start()
    state = pupil.state()
    assert state["answered"] == 4 and state["question"]["index"] == 5
    assert state["question"]["challenge_id"] == lost["data"]["challenge_id"]
    take(pupil, pack, 2, lambda n: True)
    assert pupil.state()["answered"] == 6
