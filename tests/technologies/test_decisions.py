"""Decisions: accept publishes, revise and reject need feedback, thresholds need confirming,
staged decisions stay invisible until a call's release, and the submitter never learns who
reviewed."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from technologies import services
from technologies.exceptions import NotPermitted, TechnologyError
from technologies.models import DecisionOutcome, Technology, TechnologyStatus
from technologies.services.transitions import one_year_after
from technologies.tasks import task_archive_expired
from tests.factories import StaffCuratorFactory
from tests.technologies.builders import assigned, in_status, open_call, reviewed, under_review
from tests.technologies.factories import CriterionFactory

pytestmark = pytest.mark.django_db

S = TechnologyStatus


@pytest.fixture
def curator():
    return StaffCuratorFactory()


def reviewed_technology(curator, *, call=None, score=Decimal(4), experts=2):
    technology = under_review(call=call or open_call(), curator=curator)
    for _ in range(experts):
        reviewed(assigned(technology, curator=curator), score=score)
    return technology


def decide(technology, curator, outcome, **kwargs):
    return services.technology_decide(technology=technology, outcome=outcome, by=curator, **kwargs)


def test_accepting_publishes_in_the_pool_for_a_year_and_mails_the_submitter(
    curator, client, mailoutbox, django_capture_on_commit_callbacks
):
    technology = reviewed_technology(curator)
    experts = [a.expert for a in technology.assignments.all()]
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide(technology, curator, DecisionOutcome.ACCEPT, feedback="Welcome to the pool.")

    technology.refresh_from_db()
    assert technology.status == S.ACCEPTED
    assert technology.feedback == "Welcome to the pool."
    assert technology.valid_until == one_year_after(timezone.localdate(technology.published_at))
    pool = client.get("/api/technologies/").json()["results"]
    assert [t["slug"] for t in pool] == [technology.slug]
    [mail] = mailoutbox
    assert mail.to == [technology.submitted_by.email]
    assert "Welcome to the pool." in mail.body
    assert f"/technologies/{technology.slug}/" in mail.body
    html = mail.alternatives[0][0]
    for reviewer in experts:
        for secret in (reviewer.email, reviewer.last_name, str(reviewer)):
            assert secret not in mail.body
            assert secret not in html
    assert "4.00" not in mail.body


def test_accepted_technology_is_found_by_the_pool_search(curator, client):
    technology = reviewed_technology(curator)
    decide(technology, curator, DecisionOutcome.ACCEPT)

    response = client.get("/api/technologies/", {"q": technology.name.split()[0]})

    assert technology.slug in [t["slug"] for t in response.json()["results"]]


@pytest.mark.parametrize(
    ("outcome", "status", "subject"),
    [
        (DecisionOutcome.REVISE, S.REVISION_REQUESTED, "Revision requested"),
        (DecisionOutcome.REJECT, S.REJECTED, "Decision on your declaration"),
    ],
)
def test_revise_and_reject_send_the_feedback(
    curator, mailoutbox, django_capture_on_commit_callbacks, outcome, status, subject
):
    technology = reviewed_technology(curator)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide(technology, curator, outcome, feedback="Add the operating data of 2024.")

    technology.refresh_from_db()
    assert technology.status == status
    assert technology.published_at is None
    [mail] = mailoutbox
    assert mail.subject.startswith(subject)
    assert "Add the operating data of 2024." in mail.body


@pytest.mark.parametrize("outcome", [DecisionOutcome.REVISE, DecisionOutcome.REJECT])
def test_revise_and_reject_need_feedback(curator, outcome):
    technology = reviewed_technology(curator)

    with pytest.raises(TechnologyError) as error:
        decide(technology, curator, outcome, feedback="  ")

    assert list(error.value.message_dict) == ["feedback"]


def test_accepting_needs_a_review(curator):
    technology = under_review()

    with pytest.raises(TechnologyError, match="after at least one review"):
        decide(technology, curator, DecisionOutcome.ACCEPT)


def test_an_unknown_outcome_is_refused(curator):
    with pytest.raises(TechnologyError) as error:
        decide(reviewed_technology(curator), curator, "publish")

    assert list(error.value.message_dict) == ["outcome"]


def test_accepting_below_a_threshold_needs_confirmation(curator):
    call = open_call(criteria=0, min_overall_score=Decimal("3.00"))
    CriterionFactory(call=call, name="Economy", min_score=Decimal("2.50"))
    technology = reviewed_technology(curator, call=call, score=Decimal(2))

    with pytest.raises(TechnologyError) as error:
        decide(technology, curator, DecisionOutcome.ACCEPT)

    messages = error.value.message_dict["accept_below_minimum"]
    assert "confirm to accept anyway" in messages[0]
    assert "Economy: the mean score 2.00 is below the threshold 2.50." in messages
    decide(technology, curator, DecisionOutcome.ACCEPT, accept_below_minimum=True)
    technology.refresh_from_db()
    assert technology.status == S.ACCEPTED


def test_only_staff_decide(curator):
    technology = reviewed_technology(curator)

    with pytest.raises(NotPermitted):
        decide(technology, technology.submitted_by, DecisionOutcome.ACCEPT)


# --- staged decisions ----------------------------------------------------------------------


def test_a_staged_decision_changes_nothing_visible_and_sends_nothing(
    curator, client, mailoutbox, django_capture_on_commit_callbacks
):
    technology = reviewed_technology(curator)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decide(technology, curator, DecisionOutcome.ACCEPT, feedback="Staged", release=False)

    technology.refresh_from_db()
    assert technology.status == S.UNDER_REVIEW
    assert (technology.staged_outcome, technology.staged_feedback) == ("accept", "Staged")
    assert (technology.staged_by, technology.feedback) == (curator, "")
    assert technology.published_at is None
    assert mailoutbox == []
    assert client.get("/api/technologies/").json()["results"] == []


def test_staging_again_replaces_the_staged_decision(curator):
    technology = reviewed_technology(curator)
    decide(technology, curator, DecisionOutcome.ACCEPT, release=False)

    decide(technology, curator, DecisionOutcome.REJECT, feedback="Too costly.", release=False)

    technology.refresh_from_db()
    assert (technology.staged_outcome, technology.staged_feedback) == ("reject", "Too costly.")


def test_a_call_releases_all_its_staged_decisions_at_once(
    curator, client, mailoutbox, django_capture_on_commit_callbacks
):
    call = open_call()
    accepted, revised, rejected, undecided = (
        reviewed_technology(curator, call=call) for _ in range(4)
    )
    other_call = reviewed_technology(curator)
    decide(accepted, curator, DecisionOutcome.ACCEPT, feedback="Yes", release=False)
    decide(revised, curator, DecisionOutcome.REVISE, feedback="Add data", release=False)
    decide(rejected, curator, DecisionOutcome.REJECT, feedback="No", release=False)
    decide(other_call, curator, DecisionOutcome.ACCEPT, release=False)
    releaser = StaffCuratorFactory()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        released = services.call_release_decisions(call=call, by=releaser)

    assert {t.pk for t in released} == {accepted.pk, revised.pk, rejected.pk}
    statuses = dict(Technology.objects.values_list("pk", "status"))
    assert statuses[accepted.pk] == S.ACCEPTED
    assert statuses[revised.pk] == S.REVISION_REQUESTED
    assert statuses[rejected.pk] == S.REJECTED
    assert statuses[undecided.pk] == S.UNDER_REVIEW
    assert statuses[other_call.pk] == S.UNDER_REVIEW
    accepted.refresh_from_db()
    assert accepted.published_at is not None and accepted.staged_outcome == ""
    assert accepted.feedback == "Yes"
    log = accepted.transitions.last()
    assert log.by == releaser
    assert "Staged by" in log.note
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        t.submitted_by.email for t in (accepted, revised, rejected)
    )
    assert [t["slug"] for t in client.get("/api/technologies/").json()["results"]] == [
        accepted.slug
    ]


def test_releasing_a_call_without_staged_decisions_releases_nothing(curator):
    reviewed_technology(curator, call=(call := open_call()))

    assert services.call_release_decisions(call=call, by=curator) == []


def test_a_staged_decision_is_released_one_by_one(curator):
    technology = reviewed_technology(curator)
    decide(technology, curator, DecisionOutcome.REJECT, feedback="No", release=False)

    services.technology_release_decision(technology=technology, by=curator)

    technology.refresh_from_db()
    assert (technology.status, technology.feedback) == (S.REJECTED, "No")


def test_releasing_without_a_staged_decision_is_refused(curator):
    with pytest.raises(TechnologyError, match="no staged decision"):
        services.technology_release_decision(technology=reviewed_technology(curator), by=curator)


def test_withdrawing_drops_a_staged_decision(curator):
    technology = reviewed_technology(curator)
    decide(technology, curator, DecisionOutcome.ACCEPT, release=False)

    services.technology_withdraw(technology=technology, by=technology.submitted_by)

    technology.refresh_from_db()
    assert (technology.status, technology.staged_outcome) == (S.WITHDRAWN, "")


def test_only_staff_release_a_call(curator):
    technology = reviewed_technology(curator)

    with pytest.raises(NotPermitted):
        services.call_release_decisions(call=technology.call, by=technology.submitted_by)


# --- pool validity -------------------------------------------------------------------------


def test_expired_entries_are_archived_by_the_daily_task():
    expired = in_status(S.ACCEPTED)
    current = in_status(S.ACCEPTED)
    Technology.objects.filter(pk=expired.pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )

    result = task_archive_expired.apply()

    assert (result.successful(), result.result) == (True, 1)

    expired.refresh_from_db()
    current.refresh_from_db()
    assert (expired.status, current.status) == (S.ARCHIVED, S.ACCEPTED)
    assert expired.transitions.last().by is None


def test_restoring_an_archived_entry_renews_its_validity(curator):
    technology = in_status(S.ARCHIVED)

    services.technology_restore(technology=technology, by=curator)

    technology.refresh_from_db()
    assert technology.status == S.ACCEPTED
    assert technology.valid_until == one_year_after(timezone.localdate())


def test_the_migration_registers_the_daily_archiving_once():
    migration = importlib.import_module(
        "technologies.migrations.0003_archive_expired_periodic_task"
    )
    PeriodicTask.objects.filter(name=migration.TASK_NAME).delete()

    migration.add_periodic_task(apps, None)
    migration.add_periodic_task(apps, None)

    task = PeriodicTask.objects.get(name=migration.TASK_NAME)
    assert task.task == "technologies.archive_expired"
    assert (task.crontab.hour, task.crontab.minute) == ("2", "30")
    assert task.enabled
