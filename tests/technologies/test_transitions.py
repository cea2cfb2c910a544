"""technology_transition owns every status change; each edge of the table is reachable through
its use-case service, and every other move is refused."""

import itertools

import pytest
from django.utils import timezone

from technologies import services
from technologies.exceptions import TransitionNotAllowed
from technologies.models import (
    ALLOWED_TRANSITIONS,
    DecisionOutcome,
    TechnologyStatus,
    TechnologyTransition,
)
from technologies.services.transitions import one_year_after
from tests.factories import StaffCuratorFactory
from tests.technologies.builders import assigned, in_status, reviewed
from tests.technologies.factories import TechnologyFactory

pytestmark = pytest.mark.django_db

S = TechnologyStatus
ALL_PAIRS = list(itertools.product(S.values, repeat=2))
ALLOWED = {(src, dst) for src, targets in ALLOWED_TRANSITIONS.items() for dst in targets}


@pytest.mark.parametrize(("source", "target"), [p for p in ALL_PAIRS if p[0] != p[1]])
def test_transition_moves_exactly_along_the_table(source, target):
    technology = TechnologyFactory(status=source)
    curator = StaffCuratorFactory()

    if (source, target) in ALLOWED:
        services.technology_transition(technology=technology, to=target, by=curator, note="n")
        technology.refresh_from_db()
        assert technology.status == target
        log = TechnologyTransition.objects.get(technology=technology)
        assert (log.from_status, log.to_status, log.by, log.note) == (source, target, curator, "n")
    else:
        with pytest.raises(TransitionNotAllowed, match="cannot become"):
            services.technology_transition(technology=technology, to=target, by=curator)
        technology.refresh_from_db()
        assert technology.status == source
        assert not TechnologyTransition.objects.exists()


@pytest.mark.parametrize("status", S.values)
def test_transition_to_the_same_status_does_nothing(status):
    technology = TechnologyFactory(status=status)

    services.technology_transition(technology=technology, to=status, by=None)

    assert not TechnologyTransition.objects.exists()


def test_transition_refuses_an_unknown_status():
    technology = TechnologyFactory(status=S.DRAFT)

    with pytest.raises(TransitionNotAllowed):
        services.technology_transition(technology=technology, to="published", by=None)


def test_transition_reads_the_status_from_the_database_not_the_stale_object():
    technology = TechnologyFactory(status=S.SUBMITTED)
    stale = type(technology).objects.get(pk=technology.pk)
    services.technology_transition(technology=technology, to=S.WITHDRAWN, by=None)

    with pytest.raises(TransitionNotAllowed):
        services.technology_transition(technology=stale, to=S.SCREENING, by=None)


def test_transition_sets_the_timestamps_of_each_step():
    technology = TechnologyFactory(status=S.DRAFT)

    services.technology_transition(technology=technology, to=S.SUBMITTED, by=None)
    assert technology.submitted_at is not None
    assert technology.decided_at is None
    for step in (S.SCREENING, S.UNDER_REVIEW):
        services.technology_transition(technology=technology, to=step, by=None)
    services.technology_transition(technology=technology, to=S.ACCEPTED, by=None)

    technology.refresh_from_db()
    assert technology.decided_at is not None
    assert technology.published_at is not None
    assert technology.valid_until == one_year_after(timezone.localdate(technology.published_at))


def test_transition_clears_a_staged_decision():
    technology = TechnologyFactory(
        status=S.UNDER_REVIEW, staged_outcome=DecisionOutcome.ACCEPT, staged_feedback="Good"
    )

    services.technology_transition(technology=technology, to=S.WITHDRAWN, by=None)

    technology.refresh_from_db()
    assert (technology.staged_outcome, technology.staged_feedback) == ("", "")


def test_one_year_after_a_leap_day_is_the_28th_of_february():
    assert one_year_after(timezone.datetime(2024, 2, 29).date()).isoformat() == "2025-02-28"


# --- every edge through its use-case service ------------------------------------------------


def _decide(outcome):
    def run(technology, curator):
        reviewed(assigned(technology, curator=curator))
        return services.technology_decide(
            technology=technology, outcome=outcome, feedback="Because.", by=curator
        )

    return run


def _withdraw(technology, curator):
    return services.technology_withdraw(technology=technology, by=technology.submitted_by)


def _submit(technology, curator):
    return services.technology_submit(technology=technology, by=technology.submitted_by)


SERVICE_FOR_EDGE = {
    (S.DRAFT, S.SUBMITTED): _submit,
    (S.SUBMITTED, S.SCREENING): lambda t, c: services.technology_start_screening(
        technology=t, by=c
    ),
    (S.SUBMITTED, S.WITHDRAWN): _withdraw,
    (S.SCREENING, S.UNDER_REVIEW): lambda t, c: services.technology_screen_accept(
        technology=t, by=c
    ),
    (S.SCREENING, S.DRAFT): lambda t, c: services.technology_return_to_draft(
        technology=t, by=c, reason="Add the test report."
    ),
    (S.SCREENING, S.WITHDRAWN): _withdraw,
    (S.UNDER_REVIEW, S.ACCEPTED): _decide(DecisionOutcome.ACCEPT),
    (S.UNDER_REVIEW, S.REJECTED): _decide(DecisionOutcome.REJECT),
    (S.UNDER_REVIEW, S.REVISION_REQUESTED): _decide(DecisionOutcome.REVISE),
    (S.UNDER_REVIEW, S.WITHDRAWN): _withdraw,
    (S.REVISION_REQUESTED, S.SUBMITTED): _submit,
    (S.REVISION_REQUESTED, S.WITHDRAWN): _withdraw,
    (S.ACCEPTED, S.ARCHIVED): lambda t, c: services.technology_archive(technology=t, by=c),
    (S.ARCHIVED, S.ACCEPTED): lambda t, c: services.technology_restore(technology=t, by=c),
}


def test_every_edge_of_the_table_has_a_service():
    assert set(SERVICE_FOR_EDGE) == ALLOWED


@pytest.mark.parametrize(("source", "target"), sorted(SERVICE_FOR_EDGE))
def test_service_walks_its_edge_and_logs_it(source, target):
    technology = in_status(source)
    curator = StaffCuratorFactory()

    SERVICE_FOR_EDGE[(source, target)](technology, curator)

    technology.refresh_from_db()
    assert technology.status == target
    last = technology.transitions.order_by("at", "pk").last()
    assert (last.from_status, last.to_status) == (source, target)


# Each use case against every state it must refuse.
REFUSING_SERVICES = {
    "submit": (_submit, {S.DRAFT, S.REVISION_REQUESTED}),
    "withdraw": (_withdraw, {S.SUBMITTED, S.SCREENING, S.UNDER_REVIEW, S.REVISION_REQUESTED}),
    "start screening": (
        lambda t, c: services.technology_start_screening(technology=t, by=c),
        {S.SUBMITTED, S.SCREENING},
    ),
    "screen accept": (
        lambda t, c: services.technology_screen_accept(technology=t, by=c),
        {S.SUBMITTED, S.SCREENING},
    ),
    "return to draft": (
        lambda t, c: services.technology_return_to_draft(technology=t, by=c, reason="Why"),
        {S.SUBMITTED, S.SCREENING},
    ),
    "decide": (
        lambda t, c: services.technology_decide(
            technology=t, outcome=DecisionOutcome.REJECT, feedback="No", by=c
        ),
        {S.UNDER_REVIEW},
    ),
    "archive": (lambda t, c: services.technology_archive(technology=t, by=c), {S.ACCEPTED}),
    "restore": (lambda t, c: services.technology_restore(technology=t, by=c), {S.ARCHIVED}),
}
REFUSALS = [
    (name, status)
    for name, (_run, allowed) in REFUSING_SERVICES.items()
    for status in S.values
    if status not in allowed
]


@pytest.mark.parametrize(("name", "status"), REFUSALS)
def test_service_refuses_a_state_it_does_not_apply_to(name, status):
    technology = in_status(status)
    run, _allowed = REFUSING_SERVICES[name]
    before = technology.transitions.count()

    with pytest.raises(TransitionNotAllowed):
        run(technology, StaffCuratorFactory())

    technology.refresh_from_db()
    assert technology.status == status
    assert technology.transitions.count() == before
