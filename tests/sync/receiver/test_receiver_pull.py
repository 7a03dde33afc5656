"""The pull, upstream side: ``prepare FILE --room KEY_ID`` stores sessions for one room (the
file's form checked, French errors naming the place), the room fetches them with a signed
GET /api/v1/prepared-sessions (only its own, not yet acknowledged) and acknowledges each."""

from __future__ import annotations

import json

import pytest
from receiverkit import french, http, receiver_cli, reforge, refused, signed

PREPARED = {"sessions": [{
    "upstream_id": "acad-lyon-2031-0042", "date": "2031-06-02", "start_time": "14:00",
    "details": {"site": "Lycée Ampère", "room": "Salle 3", "invigilators": ["M. Diallo"]}, "algorithm": "classic",
    "candidates": [
        {"last_name": "Nguyễn", "first_name": "Mathéo", "birthdate": "2011-02-28", "extra_time_pct": 33,
         "details": {"ine": "123456789AB"}, "profile": {"pix": {"1.1": 16}, "validated_skills": [],
                                                          "seen_challenges": []}},
        {"last_name": "N'Diaye", "first_name": "Zoé", "birthdate": "2010-12-01", "profile": None}]}]}


@pytest.fixture
def prepared_file(tmp_path):
    path = tmp_path / "prepared.json"
    path.write_text(json.dumps(PREPARED, ensure_ascii=False), encoding="utf-8")
    return path


def test_prepare_fetch_and_acknowledge(tmp_path, finalised_session, prepared_file, sqlite_url, receiver_factory):
    room, other = finalised_session, reforge(finalised_session)
    done = receiver_cli("prepare", prepared_file, "--room", room.key_id, "--db", sqlite_url)
    assert done.returncode == 0, done.stderr
    assert "acad-lyon-2031-0042" in french(done.stdout)
    again = receiver_cli("prepare", prepared_file, "--room", room.key_id, "--db", sqlite_url)
    assert again.returncode == 0 and "inchangée" in again.stdout
    receiver = receiver_factory(sqlite_url, room.keys_line(), other.keys_line("Autre salle"), workers=1)

    refused(http("GET", receiver.url + "/api/v1/prepared-sessions"), 401, "bad_signature")
    reply = signed(receiver.url, room.key, "GET", "/api/v1/prepared-sessions")
    assert reply.status == 200 and reply.body["protocol"] == 1
    [session] = reply.body["sessions"]
    assert session["upstream_id"] == "acad-lyon-2031-0042" and session["start_time"] == "14:00"
    assert [c["last_name"] for c in session["candidates"]] == ["Nguyễn", "N'Diaye"]
    assert session["candidates"][0]["profile"]["pix"] == {"1.1": 16} and session["candidates"][1]["profile"] is None
    assert session["candidates"][1]["extra_time_pct"] == 0 and session["candidates"][1]["details"] == {}
    assert signed(receiver.url, other.key, "GET", "/api/v1/prepared-sessions").body["sessions"] == []

    path = "/api/v1/prepared-sessions/acad-lyon-2031-0042/ack"
    refused(signed(receiver.url, other.key, "POST", path, b'{"session_number": 4821}'), 404, "prepared_not_found")
    refused(signed(receiver.url, room.key, "POST", path, b'{"number": 4821}'), 422, "session_number_invalid")
    refused(signed(receiver.url, room.key, "POST", path, b"{"), 400, "bad_json")
    acked = signed(receiver.url, room.key, "POST", path, b'{"session_number": 4821}')
    assert acked.status == 200 and acked.body == {"status": "acknowledged", "upstream_id": "acad-lyon-2031-0042",
                                                  "session_number": 4821}
    assert signed(receiver.url, room.key, "POST", path, b'{"session_number": 4821}').status == 200  # idempotent
    refused(signed(receiver.url, room.key, "POST", path, b'{"session_number": 17}'), 409, "already_acknowledged")
    assert signed(receiver.url, room.key, "GET", "/api/v1/prepared-sessions").body["sessions"] == []
    # the ack's signature covers its path: replayed onto another session it is refused
    from sync.protocol import sign_headers
    import time

    headers = sign_headers(room.key, "POST", path, b'{"session_number": 4821}', time.time())
    replay = http("POST", receiver.url + "/api/v1/prepared-sessions/other/ack", b'{"session_number": 4821}', headers)
    refused(replay, 401, "bad_signature")


def _broken(change) -> dict:
    data = json.loads(json.dumps(PREPARED))
    change(data["sessions"][0])
    return data


@pytest.mark.parametrize("data, fragment", [
    ("pas du json", "JSON valide"),
    ([], "liste de sessions"),
    (_broken(lambda s: s.update(date="2031-02-30")), "Session n°\u00a01\u00a0: la date"),
    (_broken(lambda s: s.update(start_time="9h")), "HH:MM"),
    (_broken(lambda s: s.update(upstream_id="a b")), "upstream_id"),
    (_broken(lambda s: s.update(candidates={})), "«\u00a0candidates\u00a0» doit être une liste"),
    (_broken(lambda s: s["candidates"][1].update(birthdate="01/12/2010")), "candidat n°\u00a02\u00a0: la date de naissance"),
    (_broken(lambda s: s["candidates"][0].update(extra_time_pct=250)), "temps majoré"),
    (_broken(lambda s: s["candidates"][0].update(profile=[1])), "profile"),
    (_broken(lambda s: s["candidates"][0].pop("first_name")), "le prénom"),
])
def test_prepare_refuses_a_malformed_file_in_french(tmp_path, finalised_session, sqlite_url, data, fragment):
    path = tmp_path / "prepared.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = receiver_cli("prepare", path, "--room", finalised_session.key_id, "--db", sqlite_url)
    assert done.returncode == 1 and fragment in done.stderr, done.stderr
    french(done.stderr)
