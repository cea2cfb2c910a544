"""Rules predicates, tested on unsaved objects."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tests.factories import StaffCuratorFactory, UserFactory
from tests.training.factories import ApplicationFactory, CohortFactory
from training.models import CohortStatus
from training.rules import cohort_accepts_applications, is_applicant, is_public_cohort


@pytest.mark.parametrize(
    ("status", "public"),
    [("draft", False), ("open", True), ("closed", True), ("cancelled", True)],
)
def test_only_draft_cohorts_are_hidden(status, public):
    assert is_public_cohort(None, CohortFactory.build(status=status)) is public


def test_open_cohort_before_its_deadline_accepts_applications():
    cohort = CohortFactory.build(application_deadline=timezone.now() + datetime.timedelta(days=1))
    assert cohort_accepts_applications(None, cohort)


def test_open_cohort_after_its_deadline_refuses_applications():
    cohort = CohortFactory.build(application_deadline=timezone.now() - datetime.timedelta(hours=1))
    assert not cohort_accepts_applications(None, cohort)


def test_cohort_without_deadline_accepts_applications_until_it_starts():
    today = timezone.localdate()
    upcoming = CohortFactory.build(starts_on=today, ends_on=today)
    started = CohortFactory.build(starts_on=today - datetime.timedelta(days=1), ends_on=today)
    assert cohort_accepts_applications(None, upcoming)
    assert not cohort_accepts_applications(None, started)


@pytest.mark.parametrize(
    "status", [CohortStatus.DRAFT, CohortStatus.CLOSED, CohortStatus.CANCELLED]
)
def test_cohort_that_is_not_open_refuses_applications(status):
    cohort = CohortFactory.build(
        status=status, application_deadline=timezone.now() + datetime.timedelta(days=1)
    )
    assert not cohort_accepts_applications(None, cohort)


def test_applicant_is_the_user_the_application_belongs_to():
    owner, other = UserFactory.build(pk=1), UserFactory.build(pk=2)
    application = ApplicationFactory.build(user=owner)
    assert is_applicant(owner, application)
    assert not is_applicant(other, application)
    assert not is_applicant(AnonymousUser(), application)


def test_an_application_without_account_belongs_to_no_logged_in_user():
    assert not is_applicant(UserFactory.build(pk=1), ApplicationFactory.build(user=None))


@pytest.mark.django_db
def test_curator_may_see_any_application_and_others_may_not():
    application = ApplicationFactory()
    assert StaffCuratorFactory().has_perm("training.see_application", application)
    assert not UserFactory().has_perm("training.see_application", application)
    assert not AnonymousUser().has_perm("training.see_application", application)


@pytest.mark.django_db
def test_only_curators_see_draft_cohorts():
    draft = CohortFactory(status=CohortStatus.DRAFT)
    assert StaffCuratorFactory().has_perm("training.see_cohort", draft)
    assert not AnonymousUser().has_perm("training.see_cohort", draft)
    assert AnonymousUser().has_perm("training.see_cohort", CohortFactory())
