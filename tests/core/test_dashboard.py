"""The invigilators' view (core/dashboard.py): a row per candidate, the session summary."""

from __future__ import annotations

import json

import pytest
from corekit import INVIGILATOR_TOKENS, T0, Room, invigilated_room
from test_views import EVERY_KIND, SECRET_KEYS, room_showing, walk_keys

from roomserver.core import commands
from roomserver.core.dashboard import (
    candidate_row,
    connection,
    display_status,
    roster,
    session_summary,
    whereabouts,
)
from roomserver.core.generation import Profile
from roomserver.core.invigilation import add_time, end_test, validate_alert
from roomserver.core.session import Alert, CandidateState
from roomserver.core.states import AttemptStatus

ROW_KEYS = {"candidate_id", "seq", "first_name", "last_name", "birthdate", "extra_time_pct", "certifiable",
            "status", "display_status", "joined", "resume_pending", "open_alerts", "alerts", "end_screen_seen",
            "answered", "total", "skipped_by_end", "added_s", "allowed_s", "time_used_s", "time_left_s",
            "given_back", "clock_running", "connection", "pc", "focus_lost", "frauds", "incidents",
            "pending_client", "failed_joins", "refused_entries", "corrections"}


def test_candidate_row_before_the_start():
    room = Room()
    room.enrol("c1", "Inès", "N'Diaye", "2010-12-23", extra_time_pct=33)
    row = candidate_row(room.state, room.candidate("c1"), room.now)
    assert set(row) == ROW_KEYS
    assert row == {"candidate_id": "c1", "seq": room.state.seq, "first_name": "Inès", "last_name": "N'Diaye",
                   "birthdate": "2010-12-23", "extra_time_pct": 33, "certifiable": True, "status": "enrolled",
                   "display_status": "enrolled", "joined": False, "resume_pending": False, "open_alerts": 0,
                   "alerts": [], "end_screen_seen": False, "answered": 0, "total": 0, "skipped_by_end": 0,
                   "added_s": 0, "allowed_s": 8400, "time_used_s": 0, "time_left_s": None, "given_back": [],
                   "clock_running": False,
                   "connection": {"state": "never", "last_seen_at": None, "silent_s": None},
                   "pc": {"host": None, "ip": None}, "focus_lost": [], "frauds": 0, "incidents": 0,
                   "pending_client": None, "failed_joins": 0, "refused_entries": [], "corrections": []}


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
    # The row keeps the candidate's own PC and shows the other one asking to take over beside it.
    assert row["pc"] == {"host": None, "ip": "10.0.0.12"} and row["display_status"] == "alert"
    assert row["pending_client"]["ip"] == "10.0.0.99"


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


# -- the status a row shows ------------------------------------------------------------------------------

def a_candidate(status="in_test", *, open_alert=False, pending=False, end_screen_seen=False) -> CandidateState:
    candidate = CandidateState("c1", "Martin", "Élodie", "2011-03-14", 0, Profile(), status=AttemptStatus(status),
                               token="tok", pending_token="new-pc" if pending else None,
                               end_screen_seen=end_screen_seen)
    if open_alert:
        candidate.alerts.append(Alert("al", 0, "ch", "?", T0))
    return candidate


@pytest.mark.parametrize("kw, shown", [
    ({}, "in_test"),
    ({"open_alert": True}, "alert"),
    ({"pending": True}, "awaiting_resume"),
    ({"open_alert": True, "pending": True}, "alert"),  # an alert wins over a resume
    ({"pending": True, "end_screen_seen": True}, "awaiting_resume"),  # a resume wins over the end screen
    ({"open_alert": True, "end_screen_seen": True}, "alert"),
    ({"end_screen_seen": True}, "end_screen_seen"),
])
def test_display_status_precedence_alert_then_resume_then_end_screen_then_status(kw, shown):
    assert display_status(a_candidate(**kw)) == shown


@pytest.mark.parametrize("status", ["ended", "ended_by_invigilator", "present"])
def test_a_pending_resume_shows_only_during_the_test(status):
    assert display_status(a_candidate(status, pending=True)) == status


@pytest.mark.parametrize("status", ["ended", "ended_by_invigilator"])
def test_a_ticked_end_screen_shows_over_either_kind_of_end(status):
    assert display_status(a_candidate(status)) == status
    assert display_status(a_candidate(status, end_screen_seen=True)) == "end_screen_seen"


def test_a_handled_alert_no_longer_shows():
    candidate = a_candidate(open_alert=True)
    candidate.alerts[0].status = "dismissed"
    assert display_status(candidate) == "in_test"
    candidate.alerts[0].status = "validated"
    assert display_status(candidate) == "in_test"


# -- connection and the PC ---------------------------------------------------------------------------------

def test_a_candidate_who_never_joined_is_never_connected():
    candidate = a_candidate("enrolled")
    candidate.token = None
    assert connection(candidate, T0, T0) == {"state": "never", "last_seen_at": None, "silent_s": None}


def test_a_joined_page_never_heard_is_never_connected():
    assert connection(a_candidate(), None, T0)["state"] == "never"


@pytest.mark.parametrize("silent, state", [(0, "connected"), (19, "connected"), (19.9, "connected"),
                                           (20, "disconnected"), (21, "disconnected"), (3600, "disconnected")])
def test_a_page_unheard_for_20_seconds_is_disconnected(silent, state):
    assert connection(a_candidate(), T0, T0 + silent) == {"state": state, "last_seen_at": T0,
                                                          "silent_s": int(silent)}


def test_the_timeout_can_be_set():
    assert connection(a_candidate(), T0, T0 + 9, timeout_s=10)["state"] == "connected"
    assert connection(a_candidate(), T0, T0 + 10, timeout_s=10)["state"] == "disconnected"


def test_the_last_journaled_action_counts_as_a_sign_of_life():
    candidate = a_candidate()
    candidate.active_at = T0 + 100
    assert connection(candidate, None, T0 + 110) == {"state": "connected", "last_seen_at": T0 + 100, "silent_s": 10}
    assert connection(candidate, T0, T0 + 110)["last_seen_at"] == T0 + 100  # the later of the two
    assert connection(candidate, T0 + 105, T0 + 110)["last_seen_at"] == T0 + 105


def test_a_row_is_right_after_a_restart_from_the_journal_alone():
    room = Room()
    room.in_test("c1")
    room.tick(5)
    room.answer("c1", right=True)
    room.tick(10)
    row = candidate_row(room.refold(), room.refold().candidates["c1"], room.now)
    assert row["connection"] == {"state": "connected", "last_seen_at": room.now - 10, "silent_s": 10}


def test_the_pc_comes_from_the_heartbeat_before_the_join():
    candidate = a_candidate()
    candidate.client = {"ip": "10.0.0.12", "ua": "Firefox"}
    assert whereabouts(candidate, None, T0)["pc"] == {"host": None, "ip": "10.0.0.12"}
    seen = {"at": T0, "ip": "10.0.0.40", "host": "PC-07"}
    assert whereabouts(candidate, seen, T0 + 1) == {
        "connection": {"state": "connected", "last_seen_at": T0, "silent_s": 1},
        "pc": {"host": "PC-07", "ip": "10.0.0.40"}}
    candidate.client = {"ip": "10.0.0.12", "host": "PC-03"}
    assert whereabouts(candidate, {"at": T0}, T0)["pc"] == {"host": "PC-03", "ip": "10.0.0.12"}


# -- rows during and after the test -------------------------------------------------------------------------

def test_the_row_of_an_ended_test_is_frozen():
    room = Room()
    room.in_test("c1")
    room.tick(1000)
    room.answer("c1", right=True)
    room.invigilate(end_test, "c1", "s1")
    row = candidate_row(room.state, room.candidate("c1"), room.now)
    assert (row["status"], row["time_used_s"], row["time_left_s"]) == ("ended_by_invigilator", 1000, 5300)
    assert row["skipped_by_end"] == 4 and row["clock_running"] is False and row["answered"] == 1
    room.tick(7200)
    later = candidate_row(room.state, room.candidate("c1"), room.now)
    assert (later["time_used_s"], later["time_left_s"]) == (1000, 5300)


def test_the_row_of_a_test_the_candidate_finished_is_frozen_too():
    room = Room()
    room.in_test("c1")
    room.tick(300)
    room.finish("c1")
    room.tick(3000)
    row = candidate_row(room.state, room.candidate("c1"), room.now)
    assert (row["time_used_s"], row["clock_running"], row["skipped_by_end"]) == (300, False, 0)


def test_the_row_shows_added_time():
    room = Room()
    room.in_test("c1", extra_time_pct=33)
    room.invigilate(add_time, ["c1"], 12, "Panne", "s1", "a")
    row = candidate_row(room.state, room.candidate("c1"), room.now)
    assert (row["added_s"], row["allowed_s"], row["time_left_s"]) == (720, 8400 + 720, 8400 + 720)


def test_the_row_lists_every_alert_with_its_decision():
    room = Room()
    room.in_test("c1")
    room.tick(40)
    room.report("c1", "al-1", "Image absente")
    room.invigilate(validate_alert, "c1", "al-1", "E1", room.catalogue, "s1", "i")
    room.report("c1", "al-2", "Toujours rien")
    row = candidate_row(room.state, room.candidate("c1"), room.now)
    assert row["alerts"] == [
        {"alert_id": "al-1", "question_number": 1, "message": "Image absente", "status": "validated", "code": "E1",
         "at": T0 + 40, "replaced": True},
        {"alert_id": "al-2", "question_number": 1, "message": "Toujours rien", "status": "open", "code": None,
         "at": T0 + 40, "replaced": False}]
    assert row["open_alerts"] == 1 and row["display_status"] == "alert" and row["seq"] == room.state.seq


# -- the session summary and the roster ---------------------------------------------------------------------

def test_the_summary_lists_incidents_with_their_label_candidate_and_question():
    room = invigilated_room()
    incidents = {i["incident_id"]: i for i in session_summary(room.state, room.now)["incidents"]}
    assert incidents["inc-2"] == {"incident_id": "inc-2", "code": "E4", "label": "Le site est indisponible",
                                  "text": "Le site était indisponible", "candidate_id": "c1",
                                  "candidate": "Élodie Martin", "question_number": 2,
                                  "at": room.state.incidents[5].at, "by": "s2"}
    assert incidents["inc-1"]["candidate"] is None and incidents["inc-1"]["question_number"] is None
    assert incidents["inc-1"]["label"] == "Problème technique non bloquant"
    assert incidents["inc-al-1"]["text"] == "L'image ne s'affiche pas" and incidents["inc-al-1"]["question_number"] == 1
    assert [i["incident_id"] for i in session_summary(room.state, room.now)["incidents"]] == [
        i.incident_id for i in room.state.incidents]


def test_the_summary_lists_fraud_reports_with_the_candidates_names():
    room = invigilated_room()
    [fraud] = session_summary(room.state, room.now)["frauds"]
    assert fraud == {"fraud_id": "fr-1", "candidates": ["Hugo Bernard", "Inès N'Diaye"],
                     "candidate_ids": ["c4", "c2"], "observed_at": "10:42", "facts": "Échange de réponses",
                     "measures": "Avertissement oral", "at": room.state.frauds[0].at, "by": "s1"}


def test_the_summary_lists_added_time_in_minutes_with_the_names():
    room = invigilated_room()
    one, everyone = session_summary(room.state, room.now)["time_additions"]
    assert one == {"addition_id": room.state.time_additions[0]["addition_id"], "minutes": 10,
                   "reason": "Panne de son PC", "everyone": False, "candidates": ["Inès N'Diaye"],
                   "at": room.state.time_additions[0]["at"], "by": "s1", "withdrawn": None}
    assert everyone["everyone"] is True and everyone["minutes"] == 5 and everyone["by"] == "s2"
    assert everyone["candidates"] == ["Élodie Martin", "Inès N'Diaye", "Noah Dupont-Moreau", "Hugo Bernard",
                                      "Chloé Petit"]


def test_the_summary_shows_the_close_the_comment_and_the_invigilators():
    room = invigilated_room()
    summary = session_summary(room.state, room.now)
    assert summary["status"] == "closed" and summary["closed_at"] == room.state.closed_at
    assert summary["comment"] == room.state.comment and summary["access_code"] == "KMPT47"
    assert summary["invigilators"] == {"s1": "Mme Martin", "s2": "M. Diallo"}
    assert summary["seq"] == room.state.seq and summary["server_time"] == room.now


def test_the_roster_lists_every_candidate_in_enrolment_order():
    room = invigilated_room()
    rows = roster(room.state, room.now)["candidates"]
    assert [r["candidate_id"] for r in rows] == ["c1", "c2", "c3", "c4", "c5", "c6"]
    assert [r["status"] for r in rows] == ["ended_by_invigilator", "ended_by_invigilator", "ended",
                                           "ended_by_invigilator", "present", "enrolled"]
    assert [r["display_status"] for r in rows] == ["end_screen_seen"] * 4 + ["present", "enrolled"]
    assert all(set(r) == ROW_KEYS for r in rows)


def test_nothing_secret_anywhere_in_the_roster_of_a_whole_session():
    room = invigilated_room()
    seen = {"c2": {"at": room.now - 3, "ip": "10.0.0.50", "host": "PC-SECOURS"}}
    payload = roster(room.state, room.now, seen)
    text = json.dumps(payload, ensure_ascii=False)
    assert not set(walk_keys(payload)) & SECRET_KEYS  # no solution, tolerance, answer...
    assert "C-BX3H7Q" not in text and "BX3H7Q" not in text and "invigilator_password" not in text
    tokens = [*INVIGILATOR_TOKENS, *room.state.tokens, *room.state.invigilator_tokens]
    tokens += [c.token for c in room.state.candidates.values() if c.token]
    tokens += [c.pending_token for c in room.state.candidates.values() if c.pending_token]
    assert tokens and not [t for t in tokens if t in text]
    answered = [a.value for c in room.state.candidates.values() for a in c.answers if a.value is not None]
    for value in answered:  # no answer value either (only the long ones can be searched for)
        for part in (value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]):
            if len(str(part)) > 2:
                assert str(part) not in text


def test_the_clock_stops_for_everyone_when_the_session_closes():
    from roomserver.core.invigilation import close_session
    from roomserver.core.states import AttemptStatus

    room = Room()
    room.ready("c1", "Élodie", "Martin")
    room.start_session()
    room.tick(600)
    room.invigilate(close_session, "s1")  # c1 never typed the code: still "present"
    assert room.candidate("c1").status is AttemptStatus.PRESENT
    frozen = candidate_row(room.state, room.candidate("c1"), room.now)
    room.tick(3600)
    later = candidate_row(room.state, room.candidate("c1"), room.now)
    assert (later["time_used_s"], later["time_left_s"]) == (frozen["time_used_s"], frozen["time_left_s"]) == (600, 5700)
    assert later["clock_running"] is False


def test_the_clock_of_an_absent_candidate_does_not_run_after_the_start():
    room = Room()
    room.ready("c1", "Élodie", "Martin")
    room.enrol("c2", "Inès", "N'Diaye", "2010-12-23")  # never confirmed present: a late arrival
    room.start_session()
    assert candidate_row(room.state, room.candidate("c1"), room.now)["clock_running"] is True
    assert candidate_row(room.state, room.candidate("c2"), room.now)["clock_running"] is False


def test_the_row_tells_focus_left_frauds_and_incidents_of_this_candidate():
    room = invigilated_room()
    room.candidate("c2").focus_lost.update({0, 3})
    rows = {c: candidate_row(room.state, room.candidate(c), room.now) for c in ("c1", "c2", "c4")}
    assert rows["c2"]["focus_lost"] == [1, 4]
    assert rows["c1"]["focus_lost"] == sorted(i + 1 for i in room.candidate("c1").focus_lost)
    assert (rows["c2"]["frauds"], rows["c4"]["frauds"], rows["c1"]["frauds"]) == (1, 1, 0)
    assert rows["c1"]["incidents"] == sum(1 for i in room.state.incidents if i.candidate_id == "c1") > 0


def test_the_row_tells_another_pc_asking_and_failed_joins_when_the_state_has_them():
    room = Room()
    room.in_test("c1", token="tok-1")
    candidate = room.candidate("c1")
    row = candidate_row(room.state, candidate, room.now)
    assert row["pending_client"] is None and row["failed_joins"] == 0
    candidate.pending_client = {"ip": "10.0.0.7", "user_agent": "Firefox", "extra": "not shown"}
    candidate.failed_joins = 2
    row = candidate_row(room.state, candidate, room.now)
    assert row["pending_client"] == {"ip": "10.0.0.7", "user_agent": "Firefox"} and row["failed_joins"] == 2


def test_the_row_lists_identity_corrections_with_who_and_which_fields():
    room = Room()
    room.enrol("c1", "Inès", "N'Diaye", "2010-12-23")
    room.candidate("c1").corrections.append({"at": 5.0, "by": "s1", "before": {"first_name": "Ines"},
                                             "after": {"first_name": "Inès", "birth_city": "Lyon"}})
    row = candidate_row(room.state, room.candidate("c1"), room.now)
    assert row["corrections"] == [{"at": 5.0, "by": "s1", "fields": ["birth_city", "first_name"]}]
