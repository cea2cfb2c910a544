"""Who may see and cancel a forum registration."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from forums.models import RegistrationStatus
from forums.rules import is_cancellable, is_registrant
from tests.factories import StaffCuratorFactory, UserFactory
from tests.forums.factories import RegistrationFactory


def test_a_verified_address_makes_the_person_the_registrant():
    user = UserFactory.build(pk=1, email="kofi@example.org", email_verified_at=timezone.now())
    assert is_registrant(user, RegistrationFactory.build(email="Kofi@example.org"))


def test_an_unverified_address_does_not():
    user = UserFactory.build(pk=1, email="kofi@example.org", email_verified_at=None)
    assert not is_registrant(user, RegistrationFactory.build(email="kofi@example.org"))


@pytest.mark.parametrize(
    ("status", "cancellable"),
    [
        (RegistrationStatus.PENDING_CONFIRMATION, True),
        (RegistrationStatus.CONFIRMED, True),
        (RegistrationStatus.WAITLISTED, True),
        (RegistrationStatus.ATTENDED, False),
        (RegistrationStatus.CANCELLED, False),
    ],
)
def test_only_an_unfinished_registration_can_be_cancelled(status, cancellable):
    assert is_cancellable(None, RegistrationFactory.build(status=status)) is cancellable


@pytest.mark.django_db
def test_the_registrant_and_staff_may_cancel_and_nobody_else():
    owner = UserFactory()
    registration = RegistrationFactory(user=owner)
    assert owner.has_perm("forums.cancel_registration", registration)
    assert StaffCuratorFactory().has_perm("forums.cancel_registration", registration)
    assert not UserFactory().has_perm("forums.cancel_registration", registration)
    assert not AnonymousUser().has_perm("forums.cancel_registration", registration)
