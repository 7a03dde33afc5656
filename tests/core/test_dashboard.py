"""The invigilators' view (core/dashboard.py): a row per candidate, the session summary."""

from __future__ import annotations

import json

from corekit import T0, Room

from roomserver.core import commands
from roomserver.core.dashboard import candidate_row, roster
from test_views import EVERY_KIND, SECRET_KEYS, room_showing, walk_keys


ROW_KEYS = {"candidate_id", "seq", "first_name", "last_name", "birthdate", "extra_time_pct", "certifiable",
            "status", "display_status", "joined", "resume_pending", "open_alerts", "alerts", "end_screen_seen",
            "answered", "total", "skipped_by_end", "added_s", "allowed_s", "time_used_s", "time_left_s",
            "clock_running", "connection", "pc"}


def test_candidate_row_before_the_start():
    room = Room()
    room.enrol("c1", "Inès", "N'Diaye", "2010-12-23", extra_time_pct=33)
    row = candidate_row(room.state, room.candidate("c1"), room.now)
    assert set(row) == ROW_KEYS
    assert row == {"candidate_id": "c1", "seq": room.state.seq, "first_name": "Inès", "last_name": "N'Diaye",
                   "birthdate": "2010-12-23", "extra_time_pct": 33, "certifiable": True, "status": "enrolled",
                   "display_status": "enrolled", "joined": False, "resume_pending": False, "open_alerts": 0,
                   "alerts": [], "end_screen_seen": False, "answered": 0, "total": 0, "skipped_by_end": 0,
                   "added_s": 0, "allowed_s": 8400, "time_used_s": 0, "time_left_s": None, "clock_running": False,
                   "connection": {"state": "never", "last_seen_at": None, "silent_s": None},
                   "pc": {"host": None, "ip": None}}


def test_candidate_row_during_the_test():
    room = Room()
    room.in_test("c1", token="tok-1")
    room.tick(600)
    room.answer("c1", right=True)
    room.run(commands.report_problem, "c1", room.current("c1").id, "al", "?")
    room.join("Élodie", "Martin", token="tok-2", client={"ip": "10.0.0.99"})
    row = candidate_row(room.state, room.candidate("c1"), room.now)
    assert row["status"] == "in_test" and row["joined"] and row["resume_pending"]
    assert (row["answered"], row["total"], row["open_alerts"]) == (1, 5, 1)
    assert (row["time_used_s"], row["time_left_s"], row["allowed_s"]) == (600, 5700, 6300)
    assert row["pc"] == {"host": None, "ip": "10.0.0.99"} and row["display_status"] == "alert"


def test_candidate_row_never_carries_answers_or_solutions():
    room = room_showing(EVERY_KIND[2])
    room.answer("c1", right=True)
    row = candidate_row(room.state, room.candidate("c1"), room.now)
    assert not set(walk_keys(row)) & SECRET_KEYS
    assert "SECRET" not in json.dumps(row, ensure_ascii=False)


def test_non_certifiable_candidate_row_says_so():
    from corekit import NOT_CERTIFIABLE
    room = Room()
    room.enrol("c1", "Élodie", "Martin", profile=NOT_CERTIFIABLE)
    assert candidate_row(room.state, room.candidate("c1"), room.now)["certifiable"] is False


def test_roster_shows_the_access_code_only_once_started():
    room = Room()
    room.ready("c1", "Élodie", "Martin")
    before = roster(room.state, room.now)
    assert before["access_code"] is None and before["status"] == "created"
    assert [r["candidate_id"] for r in before["candidates"]] == ["c1"]
    assert before["session_number"] == 4821 and before["details"]["room"] == "B12"
    room.start_session()
    after = roster(room.state, room.now)
    assert after["access_code"] == "KMPT47" and after["started_at"] == T0 and after["seq"] == room.state.seq
    assert "invigilator_password" not in json.dumps(after) and "C-BX3H7Q" not in json.dumps(after)
