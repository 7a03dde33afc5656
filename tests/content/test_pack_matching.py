"""Every demo challenge can be answered right, and a wrong answer is refused, by the core."""

from __future__ import annotations

import pytest

from roomserver.content import DEMO_PACK_DIR, load_pack
from roomserver.core.content import public_question
from roomserver.core.matching import check_shape, is_correct, right_answer, wrong_answer

PACK = load_pack(DEMO_PACK_DIR)


@pytest.mark.parametrize("challenge_id", sorted(PACK.challenges))
def test_solution_accepted_and_wrong_answer_refused(challenge_id):
    challenge = PACK.challenges[challenge_id]
    check_shape(challenge, right_answer(challenge))
    assert is_correct(challenge, right_answer(challenge))
    check_shape(challenge, wrong_answer(challenge))
    assert not is_correct(challenge, wrong_answer(challenge))


@pytest.mark.parametrize("challenge_id", sorted(PACK.challenges))
def test_public_question_carries_no_solution_text(challenge_id):
    challenge = PACK.challenges[challenge_id]
    question = public_question(challenge, 1)
    shown = repr(question)
    assert not {"solution", "tolerances", "accepted", "groups", "choices"} & set(question)
    for accepted in challenge.solution.accepted.values():
        for answer in accepted:
            # a free-text answer may not appear verbatim unless it is an option of a drop-down
            options = {o for f in challenge.fields for o in f.options}
            if len(answer) > 3 and answer not in options:
                assert f"'{answer}'" not in shown, f"{answer!r} visible in the question"
