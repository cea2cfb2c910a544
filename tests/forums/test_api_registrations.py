"""The forum registration API: register, confirm, see and cancel by token; staff lists and
attendance; a person's own registrations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forums.models import ForumEventStatus, Registration, RegistrationStatus
from forums.signing import make_confirm_token, make_manage_token
from tests.factories import InstitutionFactory, UserFactory
from tests.forums.factories import AgendaItemFactory, RegistrationFactory, SpeakerFactory
from tests.forums.helpers import confirmed, mails_to, upcoming_event, waitlisted
from tests.training.factories import ApplicationFactory
from training.signing import make_manage_token as training_manage_token

pytestmark = pytest.mark.django_db

S = RegistrationStatus
CONFIRM = reverse("forum-registration-confirm")
CANCEL = reverse("forum-registration-cancel")
LIST = reverse("forum-registration-list")
MINE = reverse("my-forum-registration-list")
FORM = {
    "first_name": "Kofi",
    "last_name": "Mensah",
    "email": "kofi@example.org",
    "country": "GH",
    "registration_type": "student",
    "dietary_needs": "Halal",
}


def register_url(event):
    return reverse("forum-event-register", args=[event.slug])


def test_anyone_registers(client):
    event = upcoming_event()
    response = client.post(register_url(event), FORM, content_type="application/json")
    assert response.status_code == 201
    registration = Registration.objects.get()
    assert (registration.registration_type, registration.dietary_needs) == ("student", "Halal")
    assert mails_to("kofi@example.org", "forums_please_confirm")


def test_register_with_bad_fields_answers_field_errors(client):
    response = client.post(
        register_url(upcoming_event()),
        {**FORM, "registration_type": "vip", "country": "XX"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"registration_type", "country"}


def test_register_for_a_closed_event_is_a_400(client):
    event = upcoming_event(status=ForumEventStatus.CLOSED)
    response = client.post(register_url(event), FORM, content_type="application/json")
    assert response.status_code == 400
    assert "closed" in response.json()["non_field_errors"][0]


def test_registering_does_not_load_the_events_organisers_speakers_and_agenda(client):
    event = upcoming_event()
    AgendaItemFactory(event=event, speakers=[SpeakerFactory(event=event)])
    event.organisers.add(InstitutionFactory())
    with CaptureQueriesContext(connection) as queries:
        response = client.post(register_url(event), FORM, content_type="application/json")
    assert response.status_code == 201
    read = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("forums_agendaitem", "forums_speaker", "forums_forumevent_organisers"):
        assert table not in read


def test_a_second_registration_gets_the_new_registration_answer_and_the_owner_an_e_mail(
    client,
):
    event = upcoming_event()
    existing = RegistrationFactory(event=event, email="kofi@example.org", first_name="Hidden")
    before = Registration.objects.values().get(pk=existing.pk)
    fresh = client.post(
        register_url(event), {**FORM, "email": "new@example.org"}, content_type="application/json"
    )

    response = client.post(
        register_url(event), {**FORM, "email": "Kofi@Example.org"}, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (fresh.status_code, fresh.json())
    assert response.status_code == 201
    assert "Hidden" not in response.content.decode()
    assert Registration.objects.values().get(pk=existing.pk) == before
    [told] = mails_to("kofi@example.org", "forums_links")
    assert told.context["manage_url"]
    assert Registration.objects.filter(email__iexact="kofi@example.org").count() == 1


def test_confirm_and_cancel_by_token(client):
    event = upcoming_event(capacity=1)
    registration = RegistrationFactory(event=event)
    waiting = waitlisted(event, 1)

    confirm = client.post(
        CONFIRM, {"token": make_confirm_token(registration)}, content_type="application/json"
    )
    cancel = client.post(
        CANCEL, {"token": make_manage_token(registration)}, content_type="application/json"
    )

    assert confirm.json()["status"] == S.WAITLISTED  # the waitlisted person was there first
    assert confirm.json()["waitlist_position"] == 1
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert cancel.status_code == 200
    assert cancel.json()["status"] == S.CANCELLED


def test_a_training_token_does_not_open_a_registration(client):
    registration = RegistrationFactory(event=upcoming_event())
    application = ApplicationFactory(pk=registration.pk)
    response = client.post(
        CANCEL, {"token": training_manage_token(application)}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "token" in response.json()
    registration.refresh_from_db()
    assert registration.status == S.PENDING_CONFIRMATION


def test_the_manage_token_shows_the_registration(client):
    registration = confirmed(upcoming_event(), first_name="Kofi")
    response = client.get(
        reverse("forum-registration-manage", args=[make_manage_token(registration)])
    )
    assert response.status_code == 200
    assert (response.json()["first_name"], response.json()["status"]) == ("Kofi", S.CONFIRMED)


def test_a_bad_manage_token_is_not_found(client):
    assert client.get(reverse("forum-registration-manage", args=["x:y:z"])).status_code == 404


def test_only_staff_list_registrations(client):
    RegistrationFactory()
    assert client.get(LIST).status_code == 401  # anonymous: log in (or send a token) first
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 403


def test_staff_list_registrations_of_an_event(curator_client):
    event = upcoming_event()
    RegistrationFactory(event=event, email="in@example.org")
    RegistrationFactory(email="out@example.org")
    data = curator_client.get(LIST, {"event": event.slug}).json()
    assert [row["email"] for row in data["results"]] == ["in@example.org"]


@pytest.mark.parametrize("count", [1, 3])
def test_the_staff_list_query_count_does_not_grow(
    curator_client, django_assert_max_num_queries, count
):
    event = upcoming_event()
    RegistrationFactory.create_batch(count, event=event)
    with django_assert_max_num_queries(7):
        response = curator_client.get(LIST, {"event": event.slug})
    assert len(response.json()["results"]) == count


def test_staff_mark_attended(curator_client):
    registration = confirmed(upcoming_event())
    response = curator_client.post(reverse("forum-registration-attended", args=[registration.pk]))
    assert response.status_code == 200
    assert response.json()["status"] == S.ATTENDED


def test_marking_a_pending_registrant_attended_is_a_409(curator_client):
    registration = RegistrationFactory(event=upcoming_event())
    response = curator_client.post(reverse("forum-registration-attended", args=[registration.pk]))
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"


def test_others_cannot_mark_attendance(client):
    registration = confirmed(upcoming_event())
    client.force_login(UserFactory(email=registration.email))
    response = client.post(reverse("forum-registration-attended", args=[registration.pk]))
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_my_registrations(client):
    user = UserFactory(email="kofi@example.org", email_verified_at=timezone.now())
    RegistrationFactory(email="KOFI@example.org")
    RegistrationFactory(user=user, email="old@example.org")
    RegistrationFactory(email="else@example.org")
    client.force_login(user)
    emails = {row["email"] for row in client.get(MINE).json()["results"]}
    assert emails == {"KOFI@example.org", "old@example.org"}


def test_my_registrations_need_a_login(client):
    assert client.get(MINE).status_code == 401


@pytest.mark.parametrize("count", [1, 3])
def test_my_registrations_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    user = UserFactory()
    RegistrationFactory.create_batch(count, user=user)
    client.force_login(user)
    with django_assert_max_num_queries(4):
        response = client.get(MINE)
    assert len(response.json()["results"]) == count
