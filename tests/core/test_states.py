"""The two state machines (REFERENCE.md, Session: created -> started -> closed -> finalised
-> synced; Candidate / Joining: enrolled -> present -> in test -> ended)."""

from __future__ import annotations

import itertools
import re

import pytest

from roomserver.core.refusal import Refusal
from roomserver.core.states import (
    ATTEMPT_LABELS,
    ATTEMPT_MOVES,
    SESSION_LABELS,
    SESSION_MOVES,
    AttemptStatus,
    SessionStatus,
    transition,
)

S, A = SessionStatus, AttemptStatus

# The rule, written independently of the module's tables.
SESSION_LEGAL = {(S.CREATED, S.STARTED), (S.STARTED, S.CLOSED), (S.CLOSED, S.FINALISED), (S.FINALISED, S.SYNCED)}
ATTEMPT_LEGAL = {(A.ENROLLED, A.PRESENT), (A.PRESENT, A.ENROLLED), (A.PRESENT, A.IN_TEST),
                 (A.IN_TEST, A.ENDED), (A.IN_TEST, A.ENDED_BY_INVIGILATOR)}


def test_tables_are_the_rule():
    assert {(a, b) for a, targets in SESSION_MOVES.items() for b in targets} == SESSION_LEGAL
    assert {(a, b) for a, targets in ATTEMPT_MOVES.items() for b in targets} == ATTEMPT_LEGAL
    assert set(SESSION_MOVES) == set(S) and set(ATTEMPT_MOVES) == set(A)
    assert set(SESSION_LABELS) == set(S) and set(ATTEMPT_LABELS) == set(A)


def test_session_lifecycle_in_order():
    status = S.CREATED
    for target in (S.STARTED, S.CLOSED, S.FINALISED, S.SYNCED):
        status = transition(status, target)
        assert status is target


@pytest.mark.parametrize("current, target", sorted(SESSION_LEGAL) + sorted(ATTEMPT_LEGAL))
def test_legal_move_is_accepted(current, target):
    assert transition(current, target) is target


ILLEGAL = ([(a, b) for a, b in itertools.product(S, S) if (a, b) not in SESSION_LEGAL]
           + [(a, b) for a, b in itertools.product(A, A) if (a, b) not in ATTEMPT_LEGAL])


@pytest.mark.parametrize("current, target", ILLEGAL)
def test_illegal_move_is_refused_with_409_naming_both_states(current, target):
    labels = SESSION_LABELS if isinstance(current, S) else ATTEMPT_LABELS
    with pytest.raises(Refusal) as excinfo:
        transition(current, target)
    refusal = excinfo.value
    assert refusal.status == 409 and refusal.code == "illegal_transition"
    assert f"«\u00a0{labels[current]}\u00a0»" in refusal.message
    assert f"«\u00a0{labels[target]}\u00a0»" in refusal.message
    assert refusal.message.startswith("La session" if isinstance(current, S) else "Le test du candidat")


@pytest.mark.parametrize("terminal", [S.SYNCED, A.ENDED, A.ENDED_BY_INVIGILATOR])
def test_terminal_states_say_no_move_is_possible(terminal):
    target = S.CREATED if isinstance(terminal, S) else A.ENROLLED
    with pytest.raises(Refusal) as excinfo:
        transition(terminal, target)
    assert "aucun" in excinfo.value.message


def test_refusal_lists_the_possible_moves():
    with pytest.raises(Refusal) as excinfo:
        transition(A.PRESENT, A.ENDED)
    assert "«\u00a0inscrit\u00a0»" in excinfo.value.message and "«\u00a0en test\u00a0»" in excinfo.value.message


@pytest.mark.parametrize("moves", [SESSION_MOVES, ATTEMPT_MOVES])
def test_no_state_can_go_back_to_itself(moves):
    assert all(state not in targets for state, targets in moves.items())


def test_a_session_never_goes_back_after_start():
    for later in (S.STARTED, S.CLOSED, S.FINALISED, S.SYNCED):
        with pytest.raises(Refusal):
            transition(later, S.CREATED)


def test_an_ended_test_cannot_restart():
    for ended in (A.ENDED, A.ENDED_BY_INVIGILATOR):
        for target in A:
            with pytest.raises(Refusal):
                transition(ended, target)


def test_transition_refuses_something_that_is_not_a_state():
    with pytest.raises(TypeError):
        transition("created", S.STARTED)


@pytest.mark.parametrize("enum", [S, A])
def test_every_member_is_documented_in_the_class_docstring(enum):
    doc = enum.__doc__
    for member in enum:
        assert re.search(rf"^\s*{member.name}\s+--\s+\S", doc, re.MULTILINE), f"{member.name} undocumented"


@pytest.mark.parametrize("labels", [SESSION_LABELS, ATTEMPT_LABELS])
def test_labels_are_distinct_french_words(labels):
    assert len(set(labels.values())) == len(labels)
    assert all(label and label == label.lower() for label in labels.values())
