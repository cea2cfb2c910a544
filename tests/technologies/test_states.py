"""The submission state machine, walked completely against DESIGN.md's diagram."""

import itertools

import pytest

from technologies.models import (
    ALLOWED_TRANSITIONS,
    DECIDED_STATES,
    EDITABLE_BY_SUBMITTER,
    PUBLISHED_STATES,
    TERMINAL_STATES,
    WITHDRAWABLE,
    Technology,
    TechnologyStatus,
)

S = TechnologyStatus

# Written out independently of the model's table: DESIGN.md's diagram, edge by edge.
DIAGRAM_EDGES = {
    (S.DRAFT, S.SUBMITTED),
    (S.SUBMITTED, S.SCREENING),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.SCREENING, S.UNDER_REVIEW),
    (S.SCREENING, S.DRAFT),
    (S.SCREENING, S.WITHDRAWN),
    (S.UNDER_REVIEW, S.ACCEPTED),
    (S.UNDER_REVIEW, S.REJECTED),
    (S.UNDER_REVIEW, S.REVISION_REQUESTED),
    (S.UNDER_REVIEW, S.WITHDRAWN),
    (S.REVISION_REQUESTED, S.SUBMITTED),
    (S.REVISION_REQUESTED, S.WITHDRAWN),
    (S.ACCEPTED, S.ARCHIVED),
    (S.ARCHIVED, S.ACCEPTED),
}

ALL_PAIRS = list(itertools.product(S.values, repeat=2))


def test_every_status_has_a_row_in_the_transitions_table():
    assert set(ALLOWED_TRANSITIONS) == set(S.values)
    assert all(isinstance(targets, frozenset) for targets in ALLOWED_TRANSITIONS.values())


def test_transitions_table_is_exactly_the_design_diagram():
    table_edges = {(src, dst) for src, targets in ALLOWED_TRANSITIONS.items() for dst in targets}
    assert table_edges == DIAGRAM_EDGES


@pytest.mark.parametrize(("source", "target"), ALL_PAIRS)
def test_can_transition_allows_exactly_the_diagram_edges(source, target):
    technology = Technology(status=source)

    assert technology.can_transition(target) is ((source, target) in DIAGRAM_EDGES)


def test_can_transition_refuses_an_unknown_target():
    assert not Technology(status=S.DRAFT).can_transition("published")


def test_no_state_may_transition_to_itself():
    assert not any(Technology(status=s).can_transition(s) for s in S.values)


def test_only_accepted_technologies_are_published():
    assert {S.ACCEPTED} == PUBLISHED_STATES
    assert Technology(status=S.ACCEPTED).is_published
    assert not any(Technology(status=s).is_published for s in set(S.values) - {S.ACCEPTED})


def test_submitter_edits_drafts_and_revisions_only():
    assert {S.DRAFT, S.REVISION_REQUESTED} == EDITABLE_BY_SUBMITTER
    assert Technology(status=S.REVISION_REQUESTED).is_editable_by_submitter
    assert not Technology(status=S.UNDER_REVIEW).is_editable_by_submitter


def test_withdrawable_states_are_those_the_table_lets_withdraw():
    can_withdraw = {s for s, targets in ALLOWED_TRANSITIONS.items() if S.WITHDRAWN in targets}
    assert can_withdraw == WITHDRAWABLE
    assert Technology(status=S.SCREENING).is_withdrawable
    assert not Technology(status=S.DRAFT).is_withdrawable


def test_decisions_are_never_withdrawable_and_follow_review():
    assert {S.ACCEPTED, S.REJECTED, S.ARCHIVED} == DECIDED_STATES
    assert not DECIDED_STATES & WITHDRAWABLE
    assert {S.ACCEPTED, S.REJECTED} <= ALLOWED_TRANSITIONS[S.UNDER_REVIEW]


def test_terminal_states_have_no_way_out():
    assert {s for s, targets in ALLOWED_TRANSITIONS.items() if not targets} == TERMINAL_STATES
    assert {S.REJECTED, S.WITHDRAWN} == TERMINAL_STATES
