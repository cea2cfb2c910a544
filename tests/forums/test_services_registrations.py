"""Registering for a forum event: the rules, the waitlist, the e-mails, attendance, reminders."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_countries import Countries

from forums import services
from forums.exceptions import AlreadyRegistered, ForumsError
from forums.models import ForumEventStatus, Registration, RegistrationStatus
from forums.tasks import task_send_start_reminders
from tests.factories import UserFactory
from tests.forums.factories import RegistrationFactory
from tests.forums.helpers import confirmed, mails_to, upcoming_event, waitlisted

pytestmark = pytest.mark.django_db

S = RegistrationStatus


def register(event, **overrides):
    data = {
        "event": event,
        "first_name": "Kofi",
        "last_name": "Mensah",
        "email": "kofi@example.org",
        "country": "GH",
        "institution_name": "University of Ghana",
        "registration_type": Registration.Type.SPEAKER,
        "dietary_needs": "Vegetarian",
        "access_needs": "",
        "language": "en",
    }
    data.update(overrides)
    return services.registration_submit(**data)


def test_registering_records_a_pending_registration_and_emails_the_links(
    django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.SITE_URL = "https://portal.example.org"
    event = upcoming_event(title="Symposium on Green Technology 2027")

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event)

    registration.refresh_from_db()
    assert registration.status == S.PENDING_CONFIRMATION
    assert registration.registration_type == Registration.Type.SPEAKER
    assert registration.transitions.get().to_status == S.PENDING_CONFIRMATION
    [mail] = mailoutbox
    assert "Symposium on Green Technology 2027" in mail.subject
    assert "https://portal.example.org/forums/registrations/confirm/" in mail.body
    assert "https://portal.example.org/forums/registrations/manage/" in mail.body


def test_registering_after_the_deadline_is_refused():
    event = upcoming_event(registration_deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ForumsError) as error:
        register(event)
    assert error.value.code == "deadline_passed"
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (ForumEventStatus.CANCELLED, "event_cancelled"),
        (ForumEventStatus.CLOSED, "event_not_open"),
        (ForumEventStatus.DRAFT, "event_not_open"),
    ],
)
def test_an_event_that_is_not_open_refuses_registrations(status, code):
    with pytest.raises(ForumsError) as error:
        register(upcoming_event(status=status))
    assert error.value.code == code


@pytest.mark.parametrize("country, error", [("XX", "not a valid choice"), ("", "cannot be blank")])
def test_an_invalid_or_missing_country_is_a_field_error(country, error):
    with pytest.raises(ForumsError) as raised:
        register(upcoming_event(), country=country, first_name="")
    assert error in raised.value.message_dict["country"][0]
    assert "first_name" in raised.value.message_dict  # the other fields' errors are kept
    assert not Registration.objects.exists()


def test_the_country_is_checked_without_listing_every_country(monkeypatch):
    """Listing the countries translates and sorts every name: far too slow for each of many
    registrations arriving at once."""

    def listing(self):
        raise AssertionError("the country list was walked")

    monkeypatch.setattr(Countries, "__iter__", listing)
    registration = register(upcoming_event(), country="KE")
    assert registration.country.code == "KE"


def test_a_second_registration_with_the_same_email_is_refused_with_the_first():
    event = upcoming_event()
    first = register(event)
    with pytest.raises(AlreadyRegistered) as error:
        register(event, email="KOFI@example.org")
    assert error.value.existing == first
    assert Registration.objects.count() == 1


def test_resending_the_links_tells_the_existing_state():
    event = upcoming_event()
    registration = waitlisted(event, 3, email="kofi@example.org")
    assert services.registration_resend_link(registration=registration) is True
    [row] = mails_to("kofi@example.org", "forums_links")
    assert row.context["waitlist_position"] == 3
    assert "confirm_url" not in row.context


def test_a_logged_in_person_is_linked_when_the_address_is_theirs():
    user = UserFactory(email="kofi@example.org")
    assert register(upcoming_event(), user=user).user == user


def test_confirming_gives_a_place_then_the_waitlist():
    event = upcoming_event(capacity=1)
    first, second, third = (RegistrationFactory(event=event) for _index in range(3))

    for registration in (first, second, third):
        services.registration_confirm(registration=registration)

    for registration in (first, second, third):
        registration.refresh_from_db()
    assert first.status == S.CONFIRMED
    assert [(r.status, r.waitlist_position) for r in (second, third)] == [
        (S.WAITLISTED, 1),
        (S.WAITLISTED, 2),
    ]
    assert mails_to(first.email, "forums_confirmed")
    assert mails_to(third.email, "forums_waitlisted")[0].context["waitlist_position"] == 2


def test_confirming_twice_changes_nothing():
    registration = RegistrationFactory(event=upcoming_event())
    services.registration_confirm(registration=registration)
    services.registration_confirm(registration=registration)
    assert registration.transitions.count() == 1


def test_a_cancelled_registration_cannot_be_confirmed():
    registration = RegistrationFactory(event=upcoming_event(), status=S.CANCELLED)
    with pytest.raises(ForumsError):
        services.registration_confirm(registration=registration)


def test_cancelling_promotes_the_first_waitlisted_and_renumbers():
    event = upcoming_event(capacity=1)
    leaving = confirmed(event)
    first, second = waitlisted(event, 1), waitlisted(event, 2)

    services.registration_cancel(registration=leaving)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == S.CONFIRMED
    assert (second.status, second.waitlist_position) == (S.WAITLISTED, 1)
    assert mails_to(first.email, "forums_promoted")
    assert mails_to(leaving.email, "forums_cancelled")


def test_no_promotion_for_an_event_that_is_over():
    past = timezone.localdate() - datetime.timedelta(days=10)
    event = upcoming_event(
        capacity=1,
        starts_on=past,
        ends_on=past + datetime.timedelta(days=1),
        registration_deadline=None,
    )
    leaving = confirmed(event)
    waiting = waitlisted(event, 1)

    services.registration_cancel(registration=leaving)

    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED


def test_an_attended_registration_cannot_be_cancelled():
    registration = RegistrationFactory(event=upcoming_event(), status=S.ATTENDED)
    with pytest.raises(ForumsError):
        services.registration_cancel(registration=registration)


def test_the_transition_function_refuses_what_the_table_forbids():
    registration = RegistrationFactory(event=upcoming_event())
    with pytest.raises(ForumsError) as error:
        services.registration_transition(registration=registration, to_status=S.ATTENDED)
    assert error.value.code == "transition_not_allowed"


def test_staff_mark_a_confirmed_registrant_attended(curator):
    registration = confirmed(upcoming_event())
    services.registration_mark_attended(registration=registration, by=curator)
    registration.refresh_from_db()
    assert registration.status == S.ATTENDED
    assert registration.transitions.get().by == curator


def test_a_pending_registrant_cannot_be_marked_attended(curator):
    registration = RegistrationFactory(event=upcoming_event())
    with pytest.raises(ForumsError):
        services.registration_mark_attended(registration=registration, by=curator)


def test_filling_from_the_waitlist_after_raising_the_capacity(curator):
    event = upcoming_event(capacity=1)
    confirmed(event)
    waiting = waitlisted(event, 1)
    event.capacity = 2
    event.save()

    assert services.event_fill_from_waitlist(event=event, by=curator) == [waiting]


def event_starting_in(days, **kwargs):
    start = timezone.localdate() + datetime.timedelta(days=days)
    return upcoming_event(
        starts_on=start,
        ends_on=start + datetime.timedelta(days=1),
        registration_deadline=None,
        **kwargs,
    )


def test_confirmed_registrants_are_reminded_once(settings):
    settings.REGISTRATION_REMINDER_DAYS = 3
    registrant = confirmed(event_starting_in(3))
    RegistrationFactory(event=event_starting_in(3))  # pending: no reminder
    confirmed(event_starting_in(5))  # too early

    assert services.registrations_send_start_reminders() == 1
    assert services.registrations_send_start_reminders() == 0
    [row] = mails_to(registrant.email, "forums_reminder")
    assert row.context["days_left"] == 3


def test_the_periodic_task_reminds():
    registrant = confirmed(event_starting_in(0))
    assert task_send_start_reminders.delay().get() == 1
    assert mails_to(registrant.email, "forums_reminder")


def test_the_migration_registers_the_daily_task_once():
    migration = importlib.import_module("forums.migrations.0003_start_reminders_periodic_task")
    PeriodicTask.objects.filter(name=migration.TASK_NAME).delete()
    migration.add_periodic_task(apps, None)
    migration.add_periodic_task(apps, None)
    task = PeriodicTask.objects.get(name=migration.TASK_NAME)
    assert task.task == "forums.send_start_reminders"
