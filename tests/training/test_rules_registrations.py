"""Who may see and cancel an application (predicates on unsaved objects)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tests.factories import StaffCuratorFactory, UserFactory
from tests.training.factories import ApplicationFactory
from training.models import ApplicationStatus
from training.rules import is_applicant, is_cancellable


def test_a_verified_address_makes_the_person_the_applicant():
    user = UserFactory.build(pk=1, email="amina@example.org", email_verified_at=timezone.now())
    assert is_applicant(user, ApplicationFactory.build(email="AMINA@example.org", user=None))


def test_an_unverified_address_does_not():
    user = UserFactory.build(pk=1, email="amina@example.org", email_verified_at=None)
    assert not is_applicant(user, ApplicationFactory.build(email="amina@example.org", user=None))


@pytest.mark.parametrize(
    ("status", "cancellable"),
    [
        (ApplicationStatus.PENDING_CONFIRMATION, True),
        (ApplicationStatus.PENDING_SELECTION, True),
        (ApplicationStatus.CONFIRMED, True),
        (ApplicationStatus.WAITLISTED, True),
        (ApplicationStatus.ATTENDED, False),
        (ApplicationStatus.DECLINED, False),
        (ApplicationStatus.CANCELLED, False),
    ],
)
def test_only_an_unfinished_application_can_be_cancelled(status, cancellable):
    assert is_cancellable(None, ApplicationFactory.build(status=status)) is cancellable


@pytest.mark.django_db
def test_the_applicant_and_staff_may_cancel_and_nobody_else():
    owner = UserFactory()
    application = ApplicationFactory(user=owner, status=ApplicationStatus.CONFIRMED)
    assert owner.has_perm("training.cancel_application", application)
    assert StaffCuratorFactory().has_perm("training.cancel_application", application)
    assert not UserFactory().has_perm("training.cancel_application", application)
    assert not AnonymousUser().has_perm("training.cancel_application", application)


@pytest.mark.django_db
def test_nobody_may_cancel_an_attended_application():
    owner = UserFactory()
    application = ApplicationFactory(user=owner, status=ApplicationStatus.ATTENDED)
    assert not owner.has_perm("training.cancel_application", application)
    assert not StaffCuratorFactory().has_perm("training.cancel_application", application)
