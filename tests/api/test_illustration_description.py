"""An illustration reaches the pupil with its description (issue 15): the candidate page uses it as
the image's text alternative (client_static/candidate/test.js), so a screen-reader user can answer.

Served through the real HTTP API, from a copy of the demo pack in which every challenge is
illustrated (the demo's own illustrations keep their words; the others get words naming their
challenge),
so whatever question the session draws shows an illustration.
"""

from __future__ import annotations

import json
import shutil

import pytest

from roomserver.api import responses
from roomserver.api.validation import validate
from roomserver.app import create_app
from roomserver.content import DEMO_PACK_DIR
from roomserver.core.matching import right_answer
from roomserver.core.refusal import Refusal
from roomserver.demo import seed
from conftest import CandidateActor, InvigilatorActor

PICTURE = {"file": "attachments/programme-blocs.png", "name": "image-de-la-question.png"}


def described(challenge_id: str) -> str:
    return f"Ce que montre l'image de la question {challenge_id}, en mots\u00a0: un programme en blocs."


@pytest.fixture
def served(tmp_path):
    """A started session over the illustrated copy of the demo pack: (app, candidate, pack data)."""
    data = json.loads((DEMO_PACK_DIR / "pack.json").read_text(encoding="utf-8"))
    for challenge in data["challenges"]:
        challenge.setdefault("illustration", {**PICTURE, "description": described(challenge["id"])})
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shutil.copytree(DEMO_PACK_DIR / "attachments", folder / "attachments")
    app = create_app({"data_dir": tmp_path / "data", "async_mode": "threading", "live_tick_s": 0,
                      "content_pack": str(folder)})
    app.config["TESTING"] = True
    svc = app.extensions["roomserver"]
    app.demo = seed(svc.store, svc.pack)
    client = app.test_client()
    invigilator = InvigilatorActor(client, app.demo)
    candidate = CandidateActor(client, app.demo, next(p for p in app.demo["candidates"] if p["certifiable"]))
    assert invigilator.login().status_code == 200
    assert candidate.join().status_code == 200
    assert invigilator.confirm_presence(candidate.person["candidate_id"]).status_code == 200
    assert invigilator.start_session().status_code == 200
    assert candidate.start().status_code == 200
    try:
        yield app, candidate, {c["id"]: c for c in data["challenges"]}
    finally:
        svc.store.close()


def test_the_served_illustration_carries_its_description(served):
    app, candidate, written = served
    pack = app.extensions["roomserver"].pack
    seen = []
    for _ in range(3):
        response = candidate.state()
        assert response.status_code == 200
        state = response.get_json()
        for question in (state["question"], state["next_question"]):
            if question is None:
                continue
            validate(responses.QUESTION, question, "question")  # the schema of the API says so too
            cid = question["challenge_id"]
            expected = written[cid]["illustration"]
            assert question["illustration"] == {"name": expected["name"], "media_type": "image/png",
                                                "description": expected["description"]}
            # Attachments keep their shape: a file to open, never a description.
            assert all(set(a) == {"name", "media_type"} for a in question["attachments"])
            seen.append(cid)
        challenge = pack.challenges[state["question"]["challenge_id"]]
        assert candidate.answer(challenge.id, right_answer(challenge)).status_code == 200
    assert len(set(seen)) >= 3


def test_the_schema_refuses_an_illustration_without_description():
    question = {"challenge_id": "c", "index": 1, "type": "QCU", "instruction": "Observez l'image.", "timer_s": None,
                "focused": False, "attachments": [], "proposals": [{"id": "a", "text": "Oui"}],
                "illustration": {"name": "plan.png", "media_type": "image/png", "description": "Un plan."}}
    validate(responses.QUESTION, question)
    for illustration in ({"name": "plan.png", "media_type": "image/png"},
                         {"name": "plan.png", "media_type": "image/png", "description": "Un plan.", "path": "x"}):
        with pytest.raises(Refusal):
            validate(responses.QUESTION, {**question, "illustration": illustration})
