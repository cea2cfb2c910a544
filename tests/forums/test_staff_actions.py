"""Staff actions on a forum event: mark attended, cancel. Curators only; every change goes
through the services."""

import pytest
from django.urls import reverse

from forums.models import Registration, RegistrationStatus
from tests.factories import PartnerFactory
from tests.forums.factories import RegistrationFactory
from tests.forums.helpers import confirmed, upcoming_event, waitlisted

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def url(name, event, **kwargs):
    return reverse(f"forums:{name}", kwargs={"slug": event.slug, **kwargs})


def staff_pages(event, registration):
    return [
        url("event_attendance", event),
        url("event_cancel_registration", event, pk=registration.pk),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page_and_nothing_changes(client):
    event = upcoming_event()
    registration = confirmed(event)

    for page in staff_pages(event, registration):
        for response in (client.get(page), client.post(page, {"registrations": [registration.pk]})):
            assert response.status_code == 302, page
            assert response["Location"].startswith(reverse("accounts:login"))

    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_people_who_are_not_curators_are_refused(client):
    event = upcoming_event()
    registration = confirmed(event)
    client.force_login(PartnerFactory())

    for page in staff_pages(event, registration):
        assert client.get(page).status_code == 403, page
        assert client.post(page, {"registrations": [registration.pk]}).status_code == 403

    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_the_staff_page_links_to_attendance_and_to_cancelling_each_active_registration(
    curator_client,
):
    event = upcoming_event()
    active = confirmed(event)
    cancelled = RegistrationFactory(event=event, status=S.CANCELLED)

    html = curator_client.get(url("event_staff", event)).content.decode()

    assert url("event_attendance", event) in html
    assert url("event_cancel_registration", event, pk=active.pk) in html
    assert url("event_cancel_registration", event, pk=cancelled.pk) not in html


def test_ticked_confirmed_registrants_are_marked_attended(curator_client, curator):
    event = upcoming_event()
    present, absent = confirmed(event), confirmed(event)

    response = curator_client.post(
        url("event_attendance", event), {"registrations": [present.pk]}, follow=True
    )

    present.refresh_from_db()
    absent.refresh_from_db()
    assert present.status == S.ATTENDED
    assert present.transitions.get(to_status=S.ATTENDED).by == curator
    assert absent.status == S.CONFIRMED
    html = response.content.decode()
    assert "1 registrant marked as attended." in html
    assert present.full_name in html


def test_only_confirmed_registrants_can_be_ticked(curator_client):
    event = upcoming_event(capacity=1)
    confirmed(event)
    waiting = waitlisted(event, 1)

    response = curator_client.post(url("event_attendance", event), {"registrations": [waiting.pk]})

    assert response.status_code == 200
    assert "registrations" in response.context["form"].errors
    waiting.refresh_from_db()
    assert waiting.status == S.WAITLISTED


def test_an_empty_attendance_post_is_a_form_error(curator_client):
    event = upcoming_event()
    confirmed(event)

    response = curator_client.post(url("event_attendance", event), {})

    assert "Tick at least one registrant." in response.content.decode()


def test_staff_cancel_asks_first_then_cancels_and_the_waitlist_moves_up(
    curator_client, curator, django_capture_on_commit_callbacks, mailoutbox
):
    event = upcoming_event(capacity=1)
    placed = confirmed(event, email="placed@example.org")
    waiting = waitlisted(event, 1, email="waiting@example.org")
    page = url("event_cancel_registration", event, pk=placed.pk)

    asked = curator_client.get(page)
    placed.refresh_from_db()
    assert placed.status == S.CONFIRMED
    assert "Cancel this registration" in asked.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(page, {"note": "Cannot travel"}, follow=True)

    placed.refresh_from_db()
    waiting.refresh_from_db()
    assert placed.status == S.CANCELLED
    log = placed.transitions.get(to_status=S.CANCELLED)
    assert (log.by, log.note) == (curator, "Cannot travel")
    assert waiting.status == S.CONFIRMED
    assert response.redirect_chain[-1][0] == url("event_staff", event)
    assert {mail.to[0] for mail in mailoutbox} == {"placed@example.org", "waiting@example.org"}


def test_an_attended_registration_cannot_be_cancelled_by_staff(curator_client):
    event = upcoming_event()
    attended = RegistrationFactory(event=event, status=S.ATTENDED)
    page = url("event_cancel_registration", event, pk=attended.pk)

    response = curator_client.post(page, {"note": ""})

    assert "An attended registration cannot be cancelled." in response.content.decode()
    attended.refresh_from_db()
    assert attended.status == S.ATTENDED


def test_a_registration_of_another_event_is_404(curator_client):
    event = upcoming_event()
    other = confirmed(upcoming_event())

    response = curator_client.post(url("event_cancel_registration", event, pk=other.pk))

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == S.CONFIRMED


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(("name", "queries"), [("event_attendance", 7), ("event_staff", 5)])
def test_staff_pages_query_count_does_not_grow(
    curator_client, django_assert_max_num_queries, count, name, queries
):
    event = upcoming_event()
    for _index in range(count):
        confirmed(event)
        RegistrationFactory(event=event, status=S.ATTENDED)

    with django_assert_max_num_queries(queries):
        response = curator_client.get(url(name, event))

    assert response.status_code == 200
    assert Registration.objects.filter(event=event).count() == 2 * count
