"""The receiver over HTTP, as a real gunicorn process on loopback with a SQLite database:
signatures (401), journal re-verification (422 with the reason), stored once (201, then 200
duplicate and one row), conflict (409), bad bodies (400), the health check and the page."""

from __future__ import annotations

import json
import time

import pytest
from receiverkit import (altered_journal, http, post_session, receiver_cli, reforge, refused, signed, with_payload,
                         write_keys, ReceiverProcess)

from roomserver.store.journal import event_hash


@pytest.fixture(scope="module")
def served(tmp_path_factory, finalised_session):
    """One receiver (2 workers) on SQLite for this module; the finalised session's key registered."""
    where = tmp_path_factory.mktemp("receiver")
    keys = write_keys(where / "keys.txt", finalised_session.keys_line())
    process = ReceiverProcess(f"sqlite:///{where / 'receiver.db'}", keys, workers=2, log_dir=where).start()
    yield process
    process.stop()


@pytest.fixture
def room(finalised_session):
    """A new session of the registered room (same key, new id): stored by no test yet."""
    return reforge(finalised_session, key=finalised_session.key)


def rows(served) -> list[dict]:
    """What the database holds (read in process; ``list --json`` is tested as a command once below)."""
    from sync.receiver.db import make_engine
    from sync.receiver.ingest import list_sessions

    engine = make_engine(served.db_url)
    try:
        return list_sessions(engine)
    finally:
        engine.dispose()


def test_health_is_unsigned(served):
    reply = http("GET", served.url + "/api/v1/health")
    assert reply.status == 200 and reply.body["status"] == "ok" and reply.body["database"] == "sqlite"


def test_stored_once_then_duplicate(served, room):
    first = post_session(served.url, room)
    assert first.status == 201, first.body
    assert first.body["status"] == "stored" and first.body["session_id"] == room.session_id
    assert first.body["final_hash"] == room.final_hash and first.body["received_at"].endswith("Z")
    again = post_session(served.url, room)
    assert again.status == 200 and again.body == {**first.body, "status": "duplicate"}
    done = receiver_cli("list", "--db", served.db_url, "--json")
    assert done.returncode == 0, done.stderr
    listed = [r for r in json.loads(done.stdout) if r["session_id"] == room.session_id]
    assert len(listed) == 1 and listed[0]["final_hash"] == room.final_hash and listed[0]["via"] == "http"
    assert listed[0]["candidates"] == 3 and listed[0]["room_label"] == "Lycée d'essai, salle 104"


def test_same_session_another_final_hash_is_a_conflict(served, room, finalised_session):
    assert post_session(served.url, room).status == 201
    # the same session id sealed differently (e.g. a restored, re-finalised copy): never overwritten
    other = reforge(finalised_session, key=room.key, session_id=room.session_id, number=room.number + 1)
    assert other.final_hash != room.final_hash
    message = refused(post_session(served.url, other), 409, "session_conflict")
    assert room.session_id in message
    listed = [r for r in rows(served) if r["session_id"] == room.session_id]
    assert [r["final_hash"] for r in listed] == [room.final_hash]


# -- 401 ---------------------------------------------------------------------------------------------------

def test_unsigned_post_is_401(served, room):
    reply = http("POST", served.url + "/api/v1/sessions", room.body, {"Idempotency-Key": room.idempotency})
    refused(reply, 401, "bad_signature")


def test_wrong_key_is_401(served, room):
    stranger = reforge(room)  # another room's key, not registered
    refused(post_session(served.url, stranger), 401, "unknown_key")
    # a registered key id, signed with another key
    reply = post_session(served.url, room, key=stranger.key, **{"X-Roomserver-Key-Id": room.key_id})
    refused(reply, 401, "bad_signature")


def test_signature_covers_body_path_and_time(served, room):
    good = post_session  # signed over room.body; each case changes one thing after signing
    from sync.protocol import sign_headers

    headers = sign_headers(room.key, "POST", "/api/v1/sessions", room.body, time.time(), room.idempotency)
    body = room.body.replace(b'"late":false', b'"late":true ', 1)
    assert body != room.body
    refused(http("POST", served.url + "/api/v1/sessions", body, headers), 401, "bad_signature")
    refused(http("POST", served.url + "/api/v1/sessions?x=1", room.body, headers), 401, "bad_signature")
    forged = {**headers, "X-Roomserver-Timestamp": str(int(headers["X-Roomserver-Timestamp"]) + 1)}
    refused(http("POST", served.url + "/api/v1/sessions", room.body, forged), 401, "bad_signature")
    message = refused(good(served.url, room, now=time.time() - 301), 401, "signature_expired")
    assert "horloge" in message
    refused(good(served.url, room, now=time.time() + 301), 401, "signature_expired")
    assert post_session(served.url, room, now=time.time() - 250).status == 201


def test_other_protocol_version_is_refused(served, room):
    refused(post_session(served.url, room, **{"X-Roomserver-Protocol": "2"}), 400, "protocol_unsupported")


# -- 422: the journal proves the session, or it is refused ----------------------------------------------------

def _resign_from(lines: list[dict], start: int, key: bytes) -> None:
    """Sign again every line from ``start`` (what only the key holder could do)."""
    prev = lines[start - 1]["hash"] if start else "0" * 64
    for line in lines[start:]:
        line["prev"] = prev
        line["hash"] = event_hash(prev, line["seq"], line["ts"], line["type"], line["data"], key)
        prev = line["hash"]


def _answer_line(lines):
    return next(i for i, line in enumerate(lines) if line["type"] == "answer_recorded")


CASES = {
    "a recorded answer edited": lambda lines, key: lines[_answer_line(lines)]["data"].update(value="tricheur"),
    "a line removed": lambda lines, key: lines.pop(_answer_line(lines)),
    "lines swapped": lambda lines, key: lines.insert(5, lines.pop(6)),
    "the seal removed": lambda lines, key: lines.pop(),
    "a line appended after the seal": lambda lines, key: lines.append({**lines[-1], "seq": lines[-1]["seq"] + 1}),
    "a line signed by another key": lambda lines, key: lines[3].update(key_id="0123456789abcdef"),
    "an unsigned line after signed ones": lambda lines, key: (
        [lines[4].pop(k) for k in ("chain", "key_id")], _resign_from(lines, 4, key)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_altered_journal_is_422_with_the_reason(served, room, case):
    body = altered_journal(room, lambda lines: CASES[case](lines, room.key))
    message = refused(post_session(served.url, room, body), 422)
    assert "journal" in message.lower() or "scell" in message, message
    assert room.session_id not in {r["session_id"] for r in rows(served)}


def test_payload_must_agree_with_its_journal(served, room, finalised_session):
    other = reforge(finalised_session, key=room.key)
    cases = {
        "journal_invalid": [
            lambda p: p["session"].update(id=other.session_id),
            lambda p: p["session"].update(number=room.number + 1),
            lambda p: p["session"].update(final_hash="ab" * 32),
            lambda p: p["session"].update(head_hash="ab" * 32),
            lambda p: p["session"].update(events=p["session"]["events"] - 1),
            lambda p: p.update(journal=p["journal"][:-1]),  # torn
            lambda p: p.update(journal=other.journal),  # another session's journal
        ],
        "payload_invalid": [lambda p: p.pop("candidates"), lambda p: p.update(kind="archive"),
                            lambda p: p["session"].update(final_hash=None)],
        "key_mismatch": [lambda p: p.update(key_id="0123456789abcdef")],
    }
    for code, changes in cases.items():
        for change in changes:
            body = with_payload(room, change)
            refused(post_session(served.url, room, body), 422, code)
    reply = post_session(served.url, room, idempotency="cd" * 32)
    assert "Idempotency-Key" in refused(reply, 422, "idempotency_mismatch")
    refused(post_session(served.url, room, idempotency=None), 422, "idempotency_mismatch")
    assert room.session_id not in {r["session_id"] for r in rows(served)}


def test_unsealed_journal_is_422(served, room):
    """A journal cut before its seal, properly signed (the room sent a session not finalised)."""
    def cut(lines):
        lines.pop()
    payload = json.loads(altered_journal(room, cut))
    last = json.loads(payload["journal"].splitlines()[-1])
    payload["session"].update(head_hash=last["hash"], events=last["seq"])
    body = json.dumps(payload).encode()
    assert "session_finalised" in refused(post_session(served.url, room, body), 422, "journal_invalid")


# -- bad requests ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b"[1, 2]", b"", b"[" * 100000])
def test_bad_json_is_400_never_500(served, room, body):
    refused(post_session(served.url, room, body), 400, "bad_json")


def test_unknown_address_and_method_in_french(served):
    refused(http("GET", served.url + "/api/v1/nothing"), 404)
    refused(http("GET", served.url + "/api/v1/sessions"), 405)


def test_body_over_the_cap_is_413(tmp_path, finalised_session):
    """In process (sending 64 MiB over loopback proves nothing more): the cap is Flask's."""
    from sync.receiver.app import create_app

    keys = write_keys(tmp_path / "keys.txt", finalised_session.keys_line())
    app = create_app(f"sqlite:///{tmp_path / 'r.db'}", keys)
    from sync.receiver import db, migrate

    migrate.upgrade(app.extensions["receiver"]["engine"])
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = app.test_client().post("/api/v1/sessions", data=b"x" * 2000)
    assert response.status_code == 413
    body = response.get_json()
    assert body["error"]["code"] == "http_413" and "trop gros" in body["error"]["message"]
    assert db.kind(app.extensions["receiver"]["engine"]) == "sqlite"


# -- the page -------------------------------------------------------------------------------------------------

def test_page_lists_received_sessions(served, room):
    assert post_session(served.url, room).status == 201
    page = http("GET", served.url + "/")
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    html = page.body
    assert '<html lang="fr">' in html and "Sessions reçues" in html
    assert room.session_id in html and room.final_hash[:16] in html and "Lycée d&#39;essai, salle 104" in html
    assert "sessions reçues" in html and "\u00a0sessions reçues" in html
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
