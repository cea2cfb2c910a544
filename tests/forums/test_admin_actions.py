"""Admin actions on registrations and events: they call the services and report refusals."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from forums.models import RegistrationStatus
from tests.forums.factories import RegistrationFactory
from tests.forums.helpers import confirmed, mails_to, upcoming_event, waitlisted

pytestmark = pytest.mark.django_db

S = RegistrationStatus
REGISTRATIONS = reverse("admin:forums_registration_changelist")
EVENTS = reverse("admin:forums_forumevent_changelist")


def run(client, url, action, objects):
    return client.post(
        url, {"action": action, "_selected_action": [obj.pk for obj in objects]}, follow=True
    )


def test_staff_cancel_and_the_first_waitlisted_is_promoted(curator_client):
    event = upcoming_event(capacity=1)
    leaving = confirmed(event)
    waiting = waitlisted(event, 1)

    run(curator_client, REGISTRATIONS, "cancel", [leaving])

    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED


def test_staff_mark_attended_and_refusals_are_reported(curator_client):
    present = confirmed(upcoming_event())
    pending = RegistrationFactory(event=upcoming_event())

    response = run(curator_client, REGISTRATIONS, "mark_attended", [present, pending])

    present.refresh_from_db()
    pending.refresh_from_db()
    assert (present.status, pending.status) == (S.ATTENDED, S.PENDING_CONFIRMATION)
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("cannot become Attended" in text for text in texts)
    assert any("1 registration marked attended." in text for text in texts)


def test_staff_resend_the_links(curator_client):
    registration = confirmed(upcoming_event(), links_sent_at=None)
    run(curator_client, REGISTRATIONS, "resend_links", [registration])
    assert mails_to(registration.email, "forums_links")


def test_staff_fill_an_event_from_its_waitlist(curator_client):
    event = upcoming_event(capacity=1)
    confirmed(event)
    waiting = waitlisted(event, 1)
    event.capacity = 2
    event.save()

    run(curator_client, EVENTS, "fill_from_waitlist", [event])

    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
