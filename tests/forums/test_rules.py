"""Rules predicates, tested on unsaved objects."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from forums.models import ForumEventStatus
from forums.rules import event_accepts_registrations, is_public_event, is_registrant
from tests.factories import StaffCuratorFactory, UserFactory
from tests.forums.factories import ForumEventFactory, RegistrationFactory


@pytest.mark.parametrize(
    ("status", "public"),
    [("draft", False), ("open", True), ("closed", True), ("cancelled", True)],
)
def test_only_draft_events_are_hidden(status, public):
    assert is_public_event(None, ForumEventFactory.build(status=status)) is public


def test_open_event_before_its_deadline_accepts_registrations():
    event = ForumEventFactory.build(
        registration_deadline=timezone.now() + datetime.timedelta(days=1)
    )
    assert event_accepts_registrations(None, event)


def test_open_event_after_its_deadline_refuses_registrations():
    event = ForumEventFactory.build(
        registration_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert not event_accepts_registrations(None, event)


def test_event_without_deadline_accepts_registrations_until_it_starts():
    today = timezone.localdate()
    assert event_accepts_registrations(
        None, ForumEventFactory.build(starts_on=today, ends_on=today)
    )
    past = ForumEventFactory.build(starts_on=today - datetime.timedelta(days=1), ends_on=today)
    assert not event_accepts_registrations(None, past)


@pytest.mark.parametrize(
    "status", [ForumEventStatus.DRAFT, ForumEventStatus.CLOSED, ForumEventStatus.CANCELLED]
)
def test_event_that_is_not_open_refuses_registrations(status):
    event = ForumEventFactory.build(
        status=status, registration_deadline=timezone.now() + datetime.timedelta(days=1)
    )
    assert not event_accepts_registrations(None, event)


def test_registrant_is_the_user_the_registration_belongs_to():
    owner, other = UserFactory.build(pk=1), UserFactory.build(pk=2)
    registration = RegistrationFactory.build(user=owner)
    assert is_registrant(owner, registration)
    assert not is_registrant(other, registration)
    assert not is_registrant(AnonymousUser(), registration)
    assert not is_registrant(owner, RegistrationFactory.build(user=None))


@pytest.mark.django_db
def test_curator_may_see_any_registration_and_others_may_not():
    registration = RegistrationFactory()
    assert StaffCuratorFactory().has_perm("forums.see_registration", registration)
    assert not UserFactory().has_perm("forums.see_registration", registration)
    assert not AnonymousUser().has_perm("forums.manage_registrations")


@pytest.mark.django_db
def test_only_curators_see_draft_events():
    draft = ForumEventFactory(status=ForumEventStatus.DRAFT)
    assert StaffCuratorFactory().has_perm("forums.see_event", draft)
    assert not AnonymousUser().has_perm("forums.see_event", draft)
    assert AnonymousUser().has_perm("forums.see_event", ForumEventFactory())
