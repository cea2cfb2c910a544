"""The registration workflow table, walked completely."""

import itertools

import pytest

from forums.models import (
    ACTIVE_STATES,
    ALLOWED_TRANSITIONS,
    FINAL_STATES,
    HOLDS_PLACE,
    RegistrationStatus,
    can_transition,
)
from tests.forums.factories import RegistrationFactory

S = RegistrationStatus

EXPECTED = {
    (S.PENDING_CONFIRMATION, S.CONFIRMED),
    (S.PENDING_CONFIRMATION, S.WAITLISTED),
    (S.PENDING_CONFIRMATION, S.CANCELLED),
    (S.WAITLISTED, S.CONFIRMED),
    (S.WAITLISTED, S.CANCELLED),
    (S.CONFIRMED, S.ATTENDED),
    (S.CONFIRMED, S.CANCELLED),
}
PAIRS = list(itertools.product(S.values, S.values))


def test_every_state_has_a_row_in_the_table():
    assert set(ALLOWED_TRANSITIONS) == set(S.values)


def test_forums_have_no_selection_step():
    assert "pending_selection" not in S.values
    assert "declined" not in S.values


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_transition_is_allowed_exactly_when_the_workflow_says_so(source, target):
    assert can_transition(source, target) is ((source, target) in EXPECTED)


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_registration_answers_from_the_table(source, target):
    registration = RegistrationFactory.build(status=source)
    assert registration.can_transition_to(target) is ((source, target) in EXPECTED)


def test_attended_and_cancelled_are_final():
    assert {S.ATTENDED, S.CANCELLED} == FINAL_STATES


def test_active_states_are_everything_but_cancelled():
    assert set(S.values) - {S.CANCELLED} == ACTIVE_STATES


def test_only_confirmed_and_attended_hold_a_place():
    assert {S.CONFIRMED, S.ATTENDED} == HOLDS_PLACE


def test_every_state_is_reachable_from_the_initial_state():
    reached, frontier = {S.PENDING_CONFIRMATION}, [S.PENDING_CONFIRMATION]
    while frontier:
        for target in ALLOWED_TRANSITIONS[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(S.values)
