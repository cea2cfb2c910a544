"""The application workflow table, walked completely."""

import itertools

import pytest

from tests.training.factories import ApplicationFactory
from training.models import (
    ACTIVE_STATES,
    ALLOWED_TRANSITIONS,
    FINAL_STATES,
    HOLDS_PLACE,
    ApplicationStatus,
    can_transition,
)

S = ApplicationStatus

EXPECTED = {
    (S.PENDING_CONFIRMATION, S.CONFIRMED),
    (S.PENDING_CONFIRMATION, S.WAITLISTED),
    (S.PENDING_CONFIRMATION, S.PENDING_SELECTION),
    (S.PENDING_CONFIRMATION, S.CANCELLED),
    (S.PENDING_SELECTION, S.CONFIRMED),
    (S.PENDING_SELECTION, S.WAITLISTED),
    (S.PENDING_SELECTION, S.DECLINED),
    (S.PENDING_SELECTION, S.CANCELLED),
    (S.WAITLISTED, S.CONFIRMED),
    (S.WAITLISTED, S.CANCELLED),
    (S.CONFIRMED, S.ATTENDED),
    (S.CONFIRMED, S.CANCELLED),
}
PAIRS = list(itertools.product(S.values, S.values))


def test_every_state_has_a_row_in_the_table():
    assert set(ALLOWED_TRANSITIONS) == set(S.values)


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_transition_is_allowed_exactly_when_the_workflow_says_so(source, target):
    assert can_transition(source, target) is ((source, target) in EXPECTED)


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_application_answers_from_the_table(source, target):
    application = ApplicationFactory.build(status=source)
    assert application.can_transition_to(target) is ((source, target) in EXPECTED)


def test_attended_declined_and_cancelled_are_final():
    assert {S.ATTENDED, S.DECLINED, S.CANCELLED} == FINAL_STATES


def test_no_state_moves_back_to_pending_confirmation():
    assert not any(S.PENDING_CONFIRMATION in targets for targets in ALLOWED_TRANSITIONS.values())


def test_cancelling_is_possible_from_every_state_that_is_not_final():
    for state in set(S.values) - FINAL_STATES:
        assert can_transition(state, S.CANCELLED), state


def test_unknown_states_allow_nothing():
    assert not can_transition("archived", S.CONFIRMED)
    assert not can_transition(S.CONFIRMED, "archived")


def test_active_states_are_everything_but_declined_and_cancelled():
    assert set(S.values) - {S.DECLINED, S.CANCELLED} == ACTIVE_STATES


def test_only_confirmed_and_attended_hold_a_place():
    assert {S.CONFIRMED, S.ATTENDED} == HOLDS_PLACE
    assert HOLDS_PLACE <= ACTIVE_STATES


def test_every_state_is_reachable_from_the_initial_state():
    reached, frontier = {S.PENDING_CONFIRMATION}, [S.PENDING_CONFIRMATION]
    while frontier:
        for target in ALLOWED_TRANSITIONS[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(S.values)
