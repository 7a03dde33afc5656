"""QCU / QCM proposals in each candidate's own order (issue 13): shuffled deterministically from
the session and candidate ids (in the journal), so the state read again, a resume on another PC
and a refold show the same order; kept as written when the challenge says its order matters;
answers name proposals by id, so the order never changes what is right."""

from __future__ import annotations

from collections import Counter

from corekit import Room, build_catalogue, qcm, qcu, right_answer

from roomserver.core import commands
from roomserver.core.content import proposals_in_order, public_question
from roomserver.core.matching import Outcome
from roomserver.core.session import fold
from roomserver.core.views import candidate_view, order_seed

SIX = tuple("abcdef")


def shown_ids(room: Room, candidate_id: str, token: str | None = None) -> list[str]:
    c = room.candidate(candidate_id)
    view = candidate_view(room.state, c, token or c.token, room.catalogue, room.now)
    return [p["id"] for p in view["question"]["proposals"]]


def room_with(challenge, candidates=("c1",)) -> Room:
    catalogue = build_catalogue(levels=[1], competences=["1.1", "1.2", "1.3", "2.1", "2.2"])
    catalogue.challenges[challenge.id] = challenge
    room = Room(catalogue)
    names = ["Élodie", "Lucas", "Inès", "Noah", "Chloé", "Hugo"]
    for cid, first in zip(candidates, names):
        room.ready(cid, first, "Martin", token=f"tok-{cid}")
    room.start_session()
    for cid in candidates:
        room.start_test(cid)
        room.state.candidates[cid].challenge_ids[0] = challenge.id
    return room


def test_each_candidate_has_an_order_of_their_own_that_never_changes():
    challenge = qcu("q6", right="c", proposals=SIX)
    room = room_with(challenge, candidates=("c1", "c2", "c3", "c4"))
    orders = {cid: shown_ids(room, cid) for cid in ("c1", "c2", "c3", "c4")}
    assert all(sorted(order) == list(SIX) for order in orders.values())
    assert len({tuple(o) for o in orders.values()}) > 1  # not the same for everybody
    room.tick(300)
    assert {cid: shown_ids(room, cid) for cid in orders} == orders  # read again later
    refolded = fold(room.events)
    for cid, order in orders.items():
        c = refolded.candidates[cid]
        c.challenge_ids[0] = challenge.id  # as room_with put it on screen
        view = candidate_view(refolded, c, c.token, room.catalogue, room.now)
        assert [p["id"] for p in view["question"]["proposals"]] == order  # from the journal alone


def test_a_resume_on_another_pc_shows_the_same_order():
    room = room_with(qcm("m6", right=("a", "d"), proposals=SIX))
    before = shown_ids(room, "c1")
    room.join("Élodie", "Martin", token="tok-new")
    room.run(commands.authorise_resume, "c1", room.now, "s1")
    assert shown_ids(room, "c1", "tok-new") == before


def test_a_challenge_whose_order_matters_keeps_it():
    challenge = qcu("steps", right="b", proposals=SIX, keep_order=True)
    room = room_with(challenge, candidates=("c1", "c2", "c3"))
    assert all(shown_ids(room, cid) == list(SIX) for cid in ("c1", "c2", "c3"))
    assert public_question(challenge, 1, "any-seed")["proposals"][0]["id"] == "a"


def test_the_next_question_held_ahead_is_in_the_same_order_as_when_it_is_current():
    room = room_with(qcu("q6", right="c", proposals=SIX))
    c = room.candidate("c1")
    following = room.catalogue.challenges[c.challenge_ids[1]]
    ahead = candidate_view(room.state, c, c.token, room.catalogue, room.now)["next_question"]
    room.answer("c1", skip=True)
    now_current = candidate_view(room.state, c, c.token, room.catalogue, room.now)["question"]
    assert now_current["challenge_id"] == following.id
    assert ahead.get("proposals") == now_current.get("proposals")


def test_matching_goes_by_ids_whatever_the_order():
    challenge = qcu("q6", right="e", proposals=SIX)
    room = room_with(challenge)
    [(_, data)] = room.answer("c1", right_answer(challenge))
    assert data["outcome"] == str(Outcome.OK)


def test_the_right_answer_is_spread_over_every_position():
    """Written packs put the right answer slightly more often in positions 2-3; shuffled per
    candidate, each position gets about its share (600 candidates, 4 proposals)."""
    challenge = qcu("q4", right="b", proposals=("a", "b", "c", "d"))
    positions = Counter(next(i for i, p in enumerate(proposals_in_order(challenge, f"session-1:cand-{n}"))
                             if p.id == "b") for n in range(600))
    assert set(positions) == {0, 1, 2, 3}
    assert all(110 <= count <= 190 for count in positions.values()), positions


def test_without_a_seed_the_pack_order_is_kept():
    challenge = qcu("q6", right="c", proposals=SIX)
    assert [p.id for p in proposals_in_order(challenge, None)] == list(SIX)
    room = room_with(challenge)
    assert order_seed(room.state, room.candidate("c1")) == f"{room.state.id}:c1"
