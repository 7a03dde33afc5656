"""The room side of sync, in process and fast: the outbox's states and transitions, the back-off,
the worker against a real HTTP upstream on loopback with an injected clock, the payload checked
by the receiver's own verifier, a crash between seal and job, the admin API and the CLI."""

from __future__ import annotations

import http.server
import json
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "api"))

from adminapikit import Run, admin, ok  # noqa: E402,F401

from roomserver.cli import main as roomserver  # noqa: E402
from roomserver.settings import SettingsError, load_settings  # noqa: E402
from sync import outbox as ob  # noqa: E402
from sync.client import Client  # noqa: E402
from sync.payload import session_body  # noqa: E402
from sync.protocol import Room, idempotency_key  # noqa: E402
from sync.verify import verify_payload  # noqa: E402
from sync.worker import Worker, backoff  # noqa: E402

NBSP = "\u00a0"


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def finalised(app, client, admin):
    run = Run(app, client, admin)
    run.close()
    run.finalise_ok()
    return run


class Upstream:
    """A real HTTP server answering POST /api/v1/sessions from a list of (status, body)."""

    def __init__(self, answers: list[tuple[int, dict]], port: int = 0):
        self.answers, self.requests = list(answers), []
        upstream = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                upstream.requests.append((dict(self.headers), body))
                status, answer = upstream.answers.pop(0) if upstream.answers else (201, {"status": "stored"})
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = http.server.HTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def worker_for(app, url: str, clock: Clock, rng=lambda: 1.0) -> Worker:
    svc = app.extensions["roomserver"]
    box = ob.Outbox(svc.store.data_dir, clock)
    return Worker(box, Client(url, svc.store.key, 2, 5, clock), svc.store.key, svc.pack, first_s=5, max_s=900,
                  clock=clock, rng=rng)


# -- the outbox --------------------------------------------------------------------------------------

def test_outbox_moves_only_along_its_transitions(tmp_path):
    clock = Clock()
    box = ob.Outbox(tmp_path, clock)
    job = box.enqueue("s1", 4321, "f" * 64)
    assert (job["state"], job["attempts"], job["next_attempt_at"]) == ("pending", 0, clock.now)
    assert box.enqueue("s1", 4321, "f" * 64) is None  # one job per session, whatever calls it
    with pytest.raises(ob.TransitionRefused):
        box.delivered("s1", {"http_status": 201})  # pending -> delivered skips sending
    assert box.claim("s1")["state"] == "sending" and box.claim("s1") is None
    box.needs_attention("s1", "Clé inconnue", "unknown_key", 401)
    with pytest.raises(ob.TransitionRefused):
        box.retry_later("s1", clock.now + 5, "x", "y")
    assert box.due() == []  # needs_attention is never due on its own
    clock.now += 3600
    assert box.due() == []
    assert box.send_now("s1")["state"] == "pending" and [j["session_id"] for j in box.due()] == ["s1"]
    box.claim("s1")
    assert [j["state"] for j in box.recover()] == ["pending"]  # a sender that died: sent again
    assert ob.Outbox(tmp_path).get("s1")["attempts"] == 2  # another process sees the same file
    box.claim("s1")
    box.delivered("s1", {"http_status": 200, "status": "duplicate"})
    assert box.send_now("s1") is None and box.due() == []


def test_summary_words():
    at = time.mktime((2026, 12, 3, 14, 5, 0, 0, 0, -1))
    job = {"state": "pending", "attempts": 2, "next_attempt_at": at, "last_error": "connexion refusée"}
    assert ob.describe(job, at - 60) == f"En attente d'envoi — prochain essai à 14{NBSP}h{NBSP}05 (connexion refusée)."
    assert ob.describe({**job, "state": "needs_attention", "last_error": "Clé inconnue."}, at) == \
        f"À vérifier{NBSP}: clé inconnue."
    assert ob.describe({**job, "state": "delivered", "delivered_at": at}, at).startswith("Envoyée à l'organisme")


def test_backoff_doubles_from_seconds_to_fifteen_minutes_with_jitter():
    assert backoff(1, 5, 900, lambda: 0.0) == 2.5 and backoff(1, 5, 900, lambda: 1.0) == 5
    assert [backoff(n, 5, 900, lambda: 1.0) for n in range(1, 10)] == [5, 10, 20, 40, 80, 160, 320, 640, 900]
    assert backoff(60, 5, 900, lambda: 0.5) == 675  # never beyond the cap, even after days offline
    assert settings_refuse({"ROOMSERVER_UPSTREAM_URL": "ftp://x"})


def settings_refuse(env) -> bool:
    with pytest.raises(SettingsError) as refused:
        load_settings({}, environ=env)
    return "http://… ou https://…" in str(refused.value)


# -- the worker against a real upstream ------------------------------------------------------------------

def test_upstream_down_at_finalisation_then_up_later_with_an_injected_clock(app, finalised):
    clock = Clock(app.extensions["roomserver"].store.clock())
    dead = Upstream([])
    url = dead.url
    dead.close()  # nothing listens there now
    worker = worker_for(app, url, clock)
    assert worker.run_once() == 1
    job = worker.outbox.all()[0]
    assert job["state"] == "pending" and job["last_error_code"] == "refused"
    assert job["next_attempt_at"] == clock.now + 5  # rng 1.0: the whole first delay
    assert worker.run_once() == 0  # not due yet
    up = Upstream([], port=int(url.rsplit(":", 1)[1]))  # the upstream comes back
    try:
        clock.now += 5
        assert worker.run_once() == 1
        job = worker.outbox.all()[0]
        assert (job["state"], job["attempts"], job["receipt"]["status"]) == ("delivered", 2, "stored")
        assert len(up.requests) == 1
    finally:
        up.close()


def test_each_answer_moves_the_job_as_documented(app, finalised):
    clock = Clock(app.extensions["roomserver"].store.clock())
    up = Upstream([(500, {}), (503, {}), (429, {}), (401, {"error": {"code": "unknown_key", "message": "Clé inconnue."}})])
    try:
        worker = worker_for(app, up.url, clock)
        for expected in ("http_500", "http_503", "http_429"):
            worker.run_once()
            job = worker.outbox.all()[0]
            assert (job["state"], job["last_error_code"]) == ("pending", expected)
            clock.now = job["next_attempt_at"]
        worker.run_once()
        job = worker.outbox.all()[0]
        assert (job["state"], job["attempts"], job["last_status"]) == ("needs_attention", 4, 401)
        assert "roomserver sync register" in job["last_error"] and "«\u00a0Clé inconnue.\u00a0»" in job["last_error"]
        clock.now += 86400
        assert worker.run_once() == 0  # never retried on its own
        headers, body = up.requests[-1]
        session = json.loads(body)["session"]
        assert headers["Idempotency-Key"] == idempotency_key(session["id"], session["final_hash"])
        assert all(h["X-Roomserver-Signature"] for h, _ in up.requests)
        worker.outbox.send_now(job["session_id"])
        worker.run_once()
        assert worker.outbox.all()[0]["state"] == "delivered"
    finally:
        up.close()


def test_the_payload_passes_the_receivers_own_verification(app, finalised):
    svc = app.extensions["roomserver"]
    state = finalised.handle.state
    body, folded = session_body(svc.store.data_dir, state.id, svc.store.key, svc.pack)
    room = Room(svc.store.key_id, svc.store.key, "salle")
    verified = verify_payload(body, room, idempotency_key(state.id, state.finalisation["final_hash"]))
    assert (verified.session_id, verified.final_hash, verified.events) == (state.id, state.finalisation["final_hash"],
                                                                          state.seq)
    payload = json.loads(body)
    assert payload["journal"] == finalised.handle.journal.path.read_text(encoding="utf-8")
    assert len(payload["candidates"]) == 3 and len(payload["results"]) == 3
    assert {r["status"] for r in payload["results"]} <= {"validated", "rejected", "absent"}


def test_a_crash_between_seal_and_job_loses_nothing(app, client, admin, monkeypatch):
    import sync.outbox

    def crash(*args, **kwargs):
        raise OSError("disque plein")

    monkeypatch.setattr(sync.outbox, "enqueue_sealed", crash)
    run = Run(app, client, admin)
    run.close()
    run.finalise_ok()
    worker = app.extensions["roomserver_sync"]
    assert worker.outbox.all() == []
    worker.start_up()  # what the server does at its start
    assert [(j["session_number"], j["state"]) for j in worker.outbox.all()] == [(run.number, "pending")]


# -- the admin API and the CLI -----------------------------------------------------------------------

def test_admin_sync_api(app, admin, finalised):
    demo_number = app.demo["session_number"]
    assert ok(admin.get(f"/sessions/{demo_number}/sync"))["job"] is None
    refused = admin.post(f"/sessions/{demo_number}/sync/send-now")
    assert refused.status_code == 409 and "pas finalisée" in refused.get_json()["error"]["message"]
    assert admin.get("/sessions/99999999/sync").status_code == 404
    overview = ok(admin.get("/sync"))
    assert overview["upstream_configured"] is False and [j["session_number"] for j in overview["jobs"]] == [
        finalised.number]
    app.extensions["roomserver_sync"].run_once()
    shown = ok(admin.post(f"/sessions/{finalised.number}/sync/send-now"))
    assert shown["job"]["state"] == "pending" and "ROOMSERVER_UPSTREAM_URL" in shown["summary"]
    assert admin.client.get("/api/v1/admin/sync").status_code == 401  # admin only


def test_status_command_lists_jobs_in_json_and_in_words(app, finalised, capsys):
    data_dir = app.extensions["roomserver"].store.data_dir
    capsys.readouterr()
    assert roomserver(["sync", "status", "--data-dir", str(data_dir), "--json"]) == 0
    jobs = json.loads(capsys.readouterr().out)
    assert [(j["session_number"], j["state"], j["attempts"], j["last_error"]) for j in jobs] == [
        (finalised.number, "pending", 0, None)]
    assert {"next_attempt_at", "summary", "state_label"} <= set(jobs[0])
    assert roomserver(["sync", "status", "--data-dir", str(data_dir)]) == 0
    assert f"n°{finalised.number}" in capsys.readouterr().out


def test_the_invigilator_reads_the_same_words(client, finalised):
    answer = ok(client.get("/api/v1/invigilator/session/sync",
                           headers={"Authorization": f"Bearer {finalised.invigilator.token}"}))
    assert answer["session_number"] == finalised.number and answer["job"]["state"] == "pending"
    assert client.get("/api/v1/invigilator/session/sync").status_code == 401


def test_send_now_command_sends_itself_when_no_server_runs(app, finalised):
    from roomsynckit import roomserver as command  # a real process, as an operator types it

    up = Upstream([(503, {})])
    try:
        env = {"ROOMSERVER_UPSTREAM_URL": up.url}
        data_dir = str(app.extensions["roomserver"].store.data_dir)
        first = command("sync", "send-now", "--data-dir", data_dir, "--json", env=env)
        assert first.returncode == 1 and "en marche" not in first.stderr  # 503: a retry is scheduled
        assert json.loads(first.stdout)[0]["last_error_code"] == "http_503"
        again = command("sync", "send-now", "--data-dir", data_dir, "--session", str(finalised.number), "--json",
                        env=env)
        assert again.returncode == 0, again.stderr
        assert [(j["state"], j["attempts"]) for j in json.loads(again.stdout)] == [("delivered", 2)]
        assert len(up.requests) == 2
        unknown = command("sync", "send-now", "--data-dir", data_dir, "--session", "1", env=env)
        assert unknown.returncode == 2 and "Aucun envoi pour la session n°1" in unknown.stderr
    finally:
        up.close()
