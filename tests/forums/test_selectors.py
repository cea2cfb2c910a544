import pytest

from forums.models import ForumEvent, RegistrationStatus
from forums.selectors import events_with_places_left, forum_participant_count, public_events
from tests.forums.factories import ForumEventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def test_places_left_counts_only_confirmed_and_attended_registrations():
    event = ForumEventFactory(capacity=10)
    for status in S.values:
        extra = {"waitlist_position": 1} if status == S.WAITLISTED else {}
        RegistrationFactory(event=event, status=status, **extra)
    annotated = events_with_places_left().get(pk=event.pk)
    assert annotated.places_taken == 2
    assert annotated.places_left == 8


def test_places_left_never_goes_below_zero():
    event = ForumEventFactory(capacity=1)
    RegistrationFactory.create_batch(2, event=event, status=S.CONFIRMED)
    assert events_with_places_left().get(pk=event.pk).places_left == 0


def test_places_left_counts_each_event_separately_on_a_given_queryset():
    first, second = ForumEventFactory(capacity=5), ForumEventFactory(capacity=5)
    RegistrationFactory(event=first, status=S.CONFIRMED)
    left = dict(events_with_places_left(ForumEvent.objects.all()).values_list("pk", "places_left"))
    assert left == {first.pk: 4, second.pk: 5}


def test_public_events_leave_out_drafts():
    visible = ForumEventFactory()
    ForumEventFactory(status="draft")
    assert list(public_events()) == [visible]


def test_forum_participant_count_counts_confirmed_and_attended_registrations():
    RegistrationFactory(status=S.CONFIRMED)
    RegistrationFactory(status=S.ATTENDED)
    RegistrationFactory(status=S.PENDING_CONFIRMATION)
    RegistrationFactory(status=S.WAITLISTED, waitlist_position=1)
    RegistrationFactory(status=S.CANCELLED)
    assert forum_participant_count() == 2


def test_forum_participant_count_counts_each_event_a_person_attended():
    RegistrationFactory(email="kofi@example.org", status=S.ATTENDED)
    RegistrationFactory(email="kofi@example.org", status=S.ATTENDED)
    assert forum_participant_count() == 2


def test_forum_participant_count_is_zero_without_participants():
    assert forum_participant_count() == 0
