"""The registrant's pages: register, confirm from the e-mailed link, see or cancel from the
manage link — with the real services and the e-mails they send."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import signing
from forums.models import ForumEventStatus, Registration, RegistrationStatus
from greentech.core import registrations
from tests.factories import InstitutionFactory, PartnerFactory
from tests.forums.factories import RegistrationFactory
from tests.forums.helpers import confirmed, upcoming_event, waitlisted
from training.models import Application

pytestmark = pytest.mark.django_db
S = RegistrationStatus

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/forums/registrations/confirm/[^/\s]+/)")
MANAGE_LINK = re.compile(r"https?://[^/\s]+(/forums/registrations/manage/([^/\s]+)/)")


def register_url(event):
    return reverse("forums:register", kwargs={"slug": event.slug})


def confirm_url(registration):
    return reverse("forums:confirm", kwargs={"token": signing.make_confirm_token(registration)})


def manage_url(registration):
    return reverse("forums:manage", kwargs={"token": signing.make_manage_token(registration)})


def form_data(**overrides):
    data = {
        "registration_type": "speaker",
        "first_name": "Ana",
        "last_name": "Silva",
        "email": "ana@example.org",
        "country": "BR",
        "institution_name": "Universidade de São Paulo",
        "dietary_needs": "Vegetarian",
        "access_needs": "Step-free access",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def places_left_on_event_page(client, event) -> int:
    response = client.get(reverse("forums:event_detail", kwargs={"slug": event.slug}))
    return int(re.search(r'data-places-left="(\d+)"', response.content.decode()).group(1))


def test_a_visitor_registers_confirms_and_cancels_and_the_first_waitlisted_person_is_promoted(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    event = upcoming_event(capacity=2)
    confirmed(event)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), form_data(), follow=True)
    assert "Check your e-mail" in response.content.decode()
    [mail] = mailoutbox
    confirm_path = CONFIRM_LINK.search(mail.body).group(1)

    page = client.get(confirm_path)
    registration = Registration.objects.get(email="ana@example.org")
    assert registration.status == S.PENDING_CONFIRMATION
    assert "Confirm my registration" in page.content.decode()
    assert registration.registration_type == "speaker"
    assert (registration.dietary_needs, registration.access_needs) == (
        "Vegetarian",
        "Step-free access",
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_path, follow=True)
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED
    assert "Your place is confirmed." in response.content.decode()
    assert places_left_on_event_page(client, event) == 0
    token = MANAGE_LINK.search(mailoutbox[-1].body).group(2)

    next_in_line = waitlisted(event, 1, email="next@example.org")
    cancel_path = reverse("forums:manage_cancel", kwargs={"token": token})
    assert "Yes, cancel my registration" in client.get(cancel_path).content.decode()

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_path, follow=True)
    registration.refresh_from_db()
    next_in_line.refresh_from_db()
    assert registration.status == S.CANCELLED
    assert "This registration is cancelled." in response.content.decode()
    assert next_in_line.status == S.CONFIRMED
    assert {mail.to[0] for mail in mailoutbox} == {"ana@example.org", "next@example.org"}


def test_the_form_has_a_label_for_every_input_and_the_four_registration_types(client):
    html = client.get(register_url(upcoming_event())).content.decode()

    for name in form_data():
        assert f'name="{name}"' in html
    for value in ("delegate", "speaker", "student", "industry"):
        assert f'value="{value}"' in html
    for name in ("first_name", "last_name", "email", "country", "dietary_needs"):
        assert f'for="id_{name}"' in html


def test_an_empty_post_shows_each_missing_field_and_a_summary_on_top(client):
    response = client.post(register_url(upcoming_event()), {})

    assert response.status_code == 200
    assert "Please correct the following:" in response.content.decode()
    assert {"first_name", "last_name", "email", "country", "registration_type"} <= set(
        response.context["form"].errors
    )
    assert not Registration.objects.exists()


def test_bad_values_are_field_errors_not_server_errors(client):
    response = client.post(
        register_url(upcoming_event()),
        form_data(
            email="nope",
            country="ZZ",
            registration_type="vip",
            dietary_needs="d" * 100_000,
            last_name="x\x00y",
        ),
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "email",
        "country",
        "registration_type",
        "dietary_needs",
        "last_name",
    }
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("event_kwargs", "says"),
    [
        (
            {"registration_deadline": timezone.now() - datetime.timedelta(minutes=5)},
            "the deadline",
        ),
        ({"status": ForumEventStatus.CANCELLED}, "has been cancelled"),
        ({"status": ForumEventStatus.CLOSED}, "Registration is closed."),
    ],
)
def test_an_event_that_takes_no_registrations_says_why_and_refuses_a_post(
    client, mailoutbox, event_kwargs, says
):
    event = upcoming_event(**event_kwargs)

    page = client.get(register_url(event))
    refused = client.post(register_url(event), form_data())

    assert says in page.content.decode()
    assert 'name="email"' not in page.content.decode()
    assert refused.status_code == 403
    assert says in refused.content.decode()
    assert not Registration.objects.exists()
    assert mailoutbox == []


def test_a_draft_event_has_no_form_for_visitors(client):
    event = upcoming_event(status=ForumEventStatus.DRAFT)

    assert client.post(register_url(event), form_data()).status_code == 404
    assert not Registration.objects.exists()


def test_a_second_registration_with_the_same_address_gets_the_new_registration_page(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    event = upcoming_event(capacity=1)
    confirmed(event)
    existing = waitlisted(event, 2, email="owner@example.org", first_name="Kwame")
    before = Registration.objects.values().get(pk=existing.pk)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            register_url(event), form_data(email="OWNER@example.org"), follow=True
        )

    html = response.content.decode()
    assert "Thank you for registering for" in html
    assert "already" not in html
    for secret in ("Kwame", "aitlist", "position 2", "owner@example.org"):
        assert secret not in html
    assert Registration.objects.filter(event=event).count() == 2
    assert Registration.objects.values().get(pk=existing.pk) == before
    [mail] = mailoutbox
    assert mail.to == [existing.email]
    assert MANAGE_LINK.search(mail.body)


def test_a_logged_in_person_gets_the_form_prefilled_and_the_registration_linked(client):
    institution = InstitutionFactory(name="University of Ghana")
    user = PartnerFactory(
        email="ama@example.org",
        first_name="Ama",
        last_name="Owusu",
        country="GH",
        institution=institution,
    )
    client.force_login(user)
    event = upcoming_event()

    form = client.get(register_url(event)).context["form"]
    client.post(register_url(event), form_data(email="ama@example.org"))

    assert form.initial == {
        "first_name": "Ama",
        "last_name": "Owusu",
        "email": "ama@example.org",
        "country": "GH",
        "institution_name": "University of Ghana",
    }
    assert Registration.objects.get(event=event).user == user


def test_confirming_a_full_event_shows_the_waitlist_position(client):
    event = upcoming_event(capacity=1)
    confirmed(event)
    registration = RegistrationFactory(event=event)

    response = client.post(confirm_url(registration), follow=True)

    registration.refresh_from_db()
    assert (registration.status, registration.waitlist_position) == (S.WAITLISTED, 1)
    assert "You are on the waiting list, position 1." in response.content.decode()


def test_confirming_twice_changes_nothing(client):
    registration = RegistrationFactory(event=upcoming_event())
    url = confirm_url(registration)

    client.post(url)
    client.post(url)

    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED
    assert registration.transitions.filter(to_status=S.CONFIRMED).count() == 1


def test_a_cancelled_registration_cannot_be_confirmed_and_the_page_says_so(client):
    registration = RegistrationFactory(event=upcoming_event(), status=S.CANCELLED)

    response = client.post(confirm_url(registration))

    assert "it can no longer be confirmed" in response.content.decode()


@pytest.mark.parametrize("name", ["forums:confirm", "forums:manage", "forums:manage_cancel"])
def test_a_tampered_link_is_a_clear_400_page(client, name):
    registration = RegistrationFactory(event=upcoming_event())
    token = (
        signing.make_confirm_token(registration)
        if name == "forums:confirm"
        else signing.make_manage_token(registration)
    )

    value, signed = token.split(":", 1)
    tampered = f"{int(value) + 1}:{signed}"

    response = client.post(reverse(name, kwargs={"token": tampered}))

    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.PENDING_CONFIRMATION


def test_an_expired_manage_link_cancels_nothing(client):
    registration = confirmed(upcoming_event())
    past = time.time() - datetime.timedelta(days=61).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=past):
        token = signing.make_manage_token(registration)

    response = client.post(reverse("forums:manage_cancel", kwargs={"token": token}))

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_a_training_link_does_not_open_a_forum_registration(client):
    registration = RegistrationFactory(event=upcoming_event())
    token = registrations.make_manage_token(Application(pk=registration.pk))

    response = client.get(reverse("forums:manage", kwargs={"token": token}))

    assert response.status_code == 400


def test_the_manage_page_shows_the_registration_and_places_left(client):
    event = upcoming_event(capacity=3, title="Symposium on Green Technology 2026")
    registration = confirmed(event, dietary_needs="Halal")

    html = client.get(manage_url(registration)).content.decode()

    assert "Symposium on Green Technology 2026" in html
    assert "Your place is confirmed." in html
    assert "Halal" in html
    assert 'data-places-left="2"' in html
    assert "Cancel my registration" in html


def test_an_attended_registration_cannot_be_cancelled_from_its_link(client):
    registration = RegistrationFactory(event=upcoming_event(), status=S.ATTENDED)
    token = signing.make_manage_token(registration)

    page = client.get(reverse("forums:manage", kwargs={"token": token}))
    posted = client.post(reverse("forums:manage_cancel", kwargs={"token": token}))

    assert "Cancel my registration" not in page.content.decode()
    assert posted.status_code == 302
    registration.refresh_from_db()
    assert registration.status == S.ATTENDED
