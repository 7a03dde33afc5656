"""What each audience may see (REFERENCE.md; content.py: solutions never leave the
server). The candidate's view carries the current question without its solution."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from corekit import Room, build_catalogue, every_kind

from roomserver.core import commands
from roomserver.core.content import Challenge, public_question
from roomserver.core.views import candidate_status, candidate_view

SECRET_KEYS = {"solution", "solutions", "tolerances", "tolerance", "accepted", "groups", "choices", "answer",
               "answers", "correct", "skill_id", "level"}
EVERY_KIND = every_kind()


def walk_keys(obj):
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield key
            yield from walk_keys(value)
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            yield from walk_keys(item)


def room_showing(challenge: Challenge, **room_kw) -> Room:
    """A candidate in test with ``challenge`` on screen."""
    catalogue = build_catalogue(levels=[1], competences=["1.1", "1.2", "1.3", "2.1", "2.2"])
    catalogue.challenges[challenge.id] = challenge
    room = Room(catalogue, **room_kw)
    room.ready("c1", "Élodie", "Martin", token="tok-1")
    room.start_session()
    room.start_test("c1")
    room.state.candidates["c1"].challenge_ids[0] = challenge.id
    return room


def view(room: Room, token="tok-1", cid="c1", now=None):
    return candidate_view(room.state, room.candidate(cid), token, room.catalogue, room.now if now is None else now)


# -- no solution leaks --------------------------------------------------------------------------------

@pytest.mark.parametrize("challenge", EVERY_KIND, ids=lambda c: c.id)
def test_candidate_view_never_carries_a_solution_or_tolerance(challenge):
    payload = view(room_showing(challenge))
    assert payload["question"]["challenge_id"] == challenge.id
    assert not set(walk_keys(payload)) & SECRET_KEYS
    text = json.dumps(payload, ensure_ascii=False)
    assert "SECRET" not in text  # accepted free-text answers never appear
    for tolerance in ("T1", "T2", "T3"):
        assert f'"{tolerance}"' not in text


@pytest.mark.parametrize("challenge", EVERY_KIND, ids=lambda c: c.id)
def test_public_question_is_the_allow_list(challenge):
    question = public_question(challenge, 3)
    common = {"challenge_id", "index", "type", "instruction", "timer_s", "focused", "attachments", "illustration"}
    if str(challenge.type) in ("QCU", "QCM"):
        assert set(question) == common | {"proposals"}
        assert question["proposals"] == [{"id": p.id, "text": p.text} for p in challenge.proposals]
    else:
        assert set(question) == common | {"fields"}
        assert question["fields"] == [{"id": f.id, "label": f.label, "input": str(f.input), "options": list(f.options)}
                                      for f in challenge.fields]
    assert question["index"] == 3 and question["type"] == str(challenge.type)
    assert question["timer_s"] == challenge.timer_s and question["focused"] == challenge.focused
    json.dumps(question)  # plain JSON


def test_public_question_attachments_give_name_and_type_but_no_path():
    question = public_question(EVERY_KIND[0], 1)
    assert question["attachments"] == [{"name": "consignes.pdf", "media_type": "application/pdf"}]
    assert question["illustration"] == {"name": "plan.png", "media_type": "image/png", "description": ""}
    assert "attachments/" not in json.dumps(question)
    assert public_question(EVERY_KIND[1], 1)["illustration"] is None


def test_public_question_illustration_says_what_it_shows():
    plan = "Plan de la salle B12 : douze postes en trois rangées, l'imprimante près de la porte."
    described = replace(EVERY_KIND[0], illustration=replace(EVERY_KIND[0].illustration, description=plan),
                        attachments=(replace(EVERY_KIND[0].attachments[0], description="jamais envoyée"),))
    question = public_question(described, 1)
    assert question["illustration"] == {"name": "plan.png", "media_type": "image/png", "description": plan}
    # An attachment keeps its shape: a file to open, not a picture to describe.
    assert question["attachments"] == [{"name": "consignes.pdf", "media_type": "application/pdf"}]


# -- the candidate's view ----------------------------------------------------------------------------

def test_candidate_view_before_the_start():
    room = Room()
    room.enrol("c1", "Élodie", "Martin")
    room.join("Élodie", "Martin", token="tok-1")
    payload = view(room)
    assert payload == {"status": "enrolled", "session_status": "created", "session_number": 4821,
                       "first_name": "Élodie", "last_name": "Martin", "answered": 0, "total": 0,
                       "time_left_s": None, "allowed_s": 6300, "added_s": 0, "extra_time_pct": 0,
                       "given_back_s": 0, "alert": None, "end_screen_seen": False, "version": room.state.seq,
                       "algorithm": "classic", "resume_requested": False, "question": None,
                       "next_offered": False, "next_question": None}


def test_candidate_view_in_test_shows_progress_and_the_current_question_numbered_from_one():
    room = Room()
    room.in_test("c1", token="tok-1")
    room.answer("c1", right=True)
    payload = view(room)
    assert payload["status"] == "in_test" and payload["session_status"] == "started"
    assert (payload["answered"], payload["total"]) == (1, 5)
    assert payload["question"]["index"] == 2
    assert payload["question"]["challenge_id"] == room.candidate("c1").challenge_ids[1]


def test_candidate_view_time_left():
    room = Room()
    room.in_test("c1", token="tok-1", extra_time_pct=33)
    assert view(room)["time_left_s"] == 8400
    assert view(room, now=room.state.started_at + 400)["time_left_s"] == 8000
    assert view(room, now=room.state.started_at + 99_999)["time_left_s"] == 0


def test_candidate_view_after_the_end_has_no_question():
    room = Room()
    room.in_test("c1", token="tok-1")
    for _ in range(5):
        room.answer("c1", skip=True)
    payload = view(room)
    assert payload["status"] == "ended" and payload["question"] is None and payload["answered"] == 5


def test_a_browser_awaiting_resume_sees_no_question():
    room = Room()
    room.in_test("c1", token="tok-1")
    room.join("Élodie", "Martin", token="tok-2")
    assert candidate_status(room.candidate("c1"), "tok-2") == "awaiting_resume"
    assert view(room, token="tok-2")["status"] == "awaiting_resume"
    assert view(room, token="tok-2")["question"] is None
    assert view(room, token="tok-1")["question"] is not None  # the first browser still works
    room.run(commands.authorise_resume, "c1", room.now)
    assert view(room, token="tok-2")["status"] == "in_test" and view(room, token="tok-2")["question"]


# -- the invigilator's rows ------------------------------------------------------------------------------


# -- the next question, sent ahead -----------------------------------------------------------------------

@pytest.mark.parametrize("challenge", EVERY_KIND, ids=lambda c: c.id)
def test_the_next_question_never_carries_a_solution_either(challenge):
    room = room_showing(qcu_plain := EVERY_KIND[1])
    room.catalogue.challenges[challenge.id] = challenge
    room.state.candidates["c1"].challenge_ids[1] = challenge.id
    payload = view(room)
    assert payload["question"]["challenge_id"] == qcu_plain.id
    assert payload["next_offered"] and payload["next_question"]["challenge_id"] == challenge.id
    assert payload["next_question"]["index"] == 2
    assert not set(walk_keys(payload)) & SECRET_KEYS
    assert "SECRET" not in json.dumps(payload, ensure_ascii=False)


def test_an_adaptive_session_sends_nothing_ahead():
    room = room_showing(EVERY_KIND[0])
    room.state.details["algorithm"] = "adaptive"
    payload = view(room)
    assert payload["algorithm"] == "adaptive" and payload["next_question"] is None and not payload["next_offered"]
