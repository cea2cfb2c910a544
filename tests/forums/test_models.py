import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from forums.models import RegistrationStatus
from tests.forums.factories import (
    AgendaItemFactory,
    ForumEventFactory,
    RegistrationFactory,
    RegistrationTransitionFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def test_event_end_before_start_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ForumEventFactory(starts_on=datetime.date(2018, 11, 6), ends_on=datetime.date(2018, 11, 5))


def test_event_with_zero_capacity_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ForumEventFactory(capacity=0)


def test_event_number_zero_in_a_series_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ForumEventFactory(series_number=0)


def test_event_number_is_unique_within_its_series():
    ForumEventFactory(series="CAS-TWAS Symposium on Green Technology", series_number=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        ForumEventFactory(series="CAS-TWAS Symposium on Green Technology", series_number=3)


def test_the_same_number_in_another_series_is_accepted():
    ForumEventFactory(series="Green Technology Symposium", series_number=3)
    assert ForumEventFactory(series="Low-Carbon Forum", series_number=3).pk


def test_events_without_number_do_not_collide():
    ForumEventFactory(series="Workshops", series_number=None)
    assert ForumEventFactory(series="Workshops", series_number=None).pk


def test_event_deadline_after_the_first_day_is_a_validation_error():
    event = ForumEventFactory.build(
        starts_on=datetime.date(2018, 11, 6),
        registration_deadline=datetime.datetime(2018, 11, 7, tzinfo=UTC),
    )
    with pytest.raises(ValidationError) as excinfo:
        event.clean()
    assert "registration_deadline" in excinfo.value.message_dict


def test_agenda_item_ending_before_it_starts_is_refused():
    event = ForumEventFactory()
    starts = datetime.datetime(2018, 11, 6, 10, tzinfo=UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItemFactory(
            event=event, starts_at=starts, ends_at=starts - datetime.timedelta(minutes=1)
        )


def test_agenda_item_outside_the_event_dates_is_a_validation_error():
    event = ForumEventFactory(
        starts_on=datetime.date(2018, 11, 6), ends_on=datetime.date(2018, 11, 8)
    )
    starts = datetime.datetime(2018, 11, 9, 9, tzinfo=UTC)
    item = AgendaItemFactory.build(
        event=event, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
    )
    with pytest.raises(ValidationError) as excinfo:
        item.full_clean()
    assert "starts_at" in excinfo.value.message_dict


def test_agenda_item_on_the_last_day_is_valid():
    event = ForumEventFactory(
        starts_on=datetime.date(2018, 11, 6), ends_on=datetime.date(2018, 11, 8)
    )
    starts = datetime.datetime(2018, 11, 8, 16, tzinfo=UTC)
    AgendaItemFactory.build(
        event=event, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
    ).full_clean()


def test_duplicate_active_email_is_refused_case_insensitively():
    first = RegistrationFactory(email="kofi@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=first.event, email="KOFI@example.org")


@pytest.mark.parametrize(
    "status", [RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED, "waitlisted"]
)
def test_every_active_state_blocks_a_second_registration(status):
    extra = {"waitlist_position": 1} if status == "waitlisted" else {}
    first = RegistrationFactory(email="kofi@example.org", status=status, **extra)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=first.event, email="kofi@example.org")


def test_a_cancelled_registration_does_not_block_a_new_one():
    first = RegistrationFactory(email="kofi@example.org", status=RegistrationStatus.CANCELLED)
    assert RegistrationFactory(event=first.event, email="Kofi@example.org").pk


def test_the_same_email_may_register_for_another_event():
    RegistrationFactory(email="kofi@example.org")
    assert RegistrationFactory(email="kofi@example.org").pk


def test_duplicate_email_is_a_validation_error_even_when_the_status_is_not_in_the_form():
    first = RegistrationFactory(email="kofi@example.org")
    second = RegistrationFactory.build(event=first.event, email="KOFI@example.org")
    with pytest.raises(ValidationError, match="already registered"):
        second.validate_constraints(exclude={"status"})


def test_waitlist_position_on_a_confirmed_registration_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(status=RegistrationStatus.CONFIRMED, waitlist_position=1)


def test_an_event_with_registrations_cannot_be_deleted():
    registration = RegistrationFactory()
    with pytest.raises(ProtectedError), transaction.atomic():
        registration.event.delete()


def test_deleting_an_event_without_registrations_removes_its_agenda_and_speakers():
    speaker = SpeakerFactory()
    AgendaItemFactory(event=speaker.event, speakers=[speaker])
    speaker.event.delete()
    assert not type(speaker).objects.exists()


def test_transition_log_refuses_a_change_to_the_same_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationTransitionFactory(from_status="confirmed", to_status="confirmed")


def test_string_forms_name_the_things():
    event = ForumEventFactory(short_name="GT2018")
    assert str(event) == "GT2018"
    assert str(SpeakerFactory(name="Dr. Li", affiliation="CAS")) == "Dr. Li (CAS)"
    registration = RegistrationFactory(event=event, first_name="Kofi", last_name="Mensah")
    assert str(registration) == "Kofi Mensah (GT2018)"
