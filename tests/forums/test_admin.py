import pytest
from django.urls import reverse

from forums.models import AgendaItem, ForumEvent, Registration, RegistrationStatus
from tests.forums.factories import (
    AgendaItemFactory,
    ForumEventFactory,
    RegistrationFactory,
    RegistrationTransitionFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = [
    ForumEventFactory,
    SpeakerFactory,
    AgendaItemFactory,
    RegistrationFactory,
    RegistrationTransitionFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f._meta.model.__name__)
def test_curator_opens_the_changelist_and_change_page(curator_client, factory):
    obj = factory()
    opts = obj._meta
    changelist = curator_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 1
    change = curator_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert change.status_code == 200


@pytest.mark.parametrize("factory", FACTORIES[:-1], ids=lambda f: f._meta.model.__name__)
def test_curator_opens_the_add_page(curator_client, factory):
    opts = factory._meta.model._meta
    response = curator_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert response.status_code == 200


def test_the_status_log_cannot_be_written_in_the_admin(curator_client):
    RegistrationTransitionFactory()
    response = curator_client.get(reverse("admin:forums_registrationtransition_add"))
    assert response.status_code == 403


INLINES = {
    "speakers-TOTAL_FORMS": "0",
    "speakers-INITIAL_FORMS": "0",
    "agenda-TOTAL_FORMS": "0",
    "agenda-INITIAL_FORMS": "0",
}


def _event_form(**overrides):
    data = {
        "title": "Symposium on Green Technology 2018",
        "short_name": "GT2018",
        "slug": "gt2018",
        "series": "CAS-TWAS Symposium on Green Technology",
        "series_number": "1",
        "starts_on": "2018-11-06",
        "ends_on": "2018-11-08",
        "city": "Beijing",
        "country": "CN",
        "capacity": "150",
        "status": "open",
        **INLINES,
    }
    data.update(overrides)
    return data


def test_event_ending_before_it_starts_is_a_form_error(curator_client):
    response = curator_client.post(
        reverse("admin:forums_forumevent_add"), _event_form(ends_on="2018-11-01")
    )
    assert response.status_code == 200
    assert "An event cannot end before it starts." in response.content.decode()
    assert not ForumEvent.objects.exists()


def test_event_with_zero_capacity_is_a_form_error(curator_client):
    response = curator_client.post(
        reverse("admin:forums_forumevent_add"), _event_form(capacity="0")
    )
    assert response.status_code == 200
    assert "An event needs at least one place." in response.content.decode()


def test_event_number_taken_in_the_series_is_a_form_error(curator_client):
    ForumEventFactory(series="CAS-TWAS Symposium on Green Technology", series_number=1)
    response = curator_client.post(reverse("admin:forums_forumevent_add"), _event_form())
    assert response.status_code == 200
    assert "This series already has an event with this number." in response.content.decode()


def test_event_with_agenda_and_speaker_is_saved(curator_client):
    data = _event_form(
        **{
            "speakers-TOTAL_FORMS": "1",
            "speakers-0-name": "Prof. Bai Chunli",
            "speakers-0-affiliation": "CAS",
            "speakers-0-position": "0",
            "agenda-TOTAL_FORMS": "1",
            "agenda-0-starts_at_0": "2018-11-06",
            "agenda-0-starts_at_1": "09:00",
            "agenda-0-ends_at_0": "2018-11-06",
            "agenda-0-ends_at_1": "09:30",
            "agenda-0-kind": "ceremony",
            "agenda-0-title": "Opening ceremony",
            "agenda-0-position": "0",
        }
    )
    response = curator_client.post(reverse("admin:forums_forumevent_add"), data)
    assert response.status_code == 302
    event = ForumEvent.objects.get(slug="gt2018")
    assert event.speakers.get().name == "Prof. Bai Chunli"
    assert event.agenda.get().title == "Opening ceremony"


def test_agenda_item_ending_before_it_starts_is_a_form_error(curator_client):
    event = ForumEventFactory()
    response = curator_client.post(
        reverse("admin:forums_agendaitem_add"),
        {
            "event": event.pk,
            "starts_at_0": "2018-11-06",
            "starts_at_1": "10:00",
            "ends_at_0": "2018-11-06",
            "ends_at_1": "09:00",
            "kind": "session",
            "title": "Panel",
            "position": "0",
        },
    )
    assert response.status_code == 200
    assert "An agenda item cannot end before it starts." in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_agenda_item_with_a_speaker_of_another_event_is_a_form_error(curator_client):
    event = ForumEventFactory()
    stranger = SpeakerFactory(name="Dr. Elsewhere")
    response = curator_client.post(
        reverse("admin:forums_agendaitem_add"),
        {
            "event": event.pk,
            "starts_at_0": "2018-11-06",
            "starts_at_1": "10:00",
            "ends_at_0": "2018-11-06",
            "ends_at_1": "11:00",
            "kind": "session",
            "title": "Panel",
            "position": "0",
            "speakers": [stranger.pk],
        },
    )
    assert response.status_code == 200
    assert "These speakers belong to another event: Dr. Elsewhere" in response.content.decode()
    assert not AgendaItem.objects.exists()


def _registration_form(event, **overrides):
    data = {
        "event": event.pk,
        "first_name": "Kofi",
        "last_name": "Mensah",
        "email": "kofi@example.org",
        "country": "GH",
        "registration_type": "delegate",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_duplicate_registration_email_is_a_form_error(curator_client):
    existing = RegistrationFactory(email="kofi@example.org")
    response = curator_client.post(
        reverse("admin:forums_registration_add"),
        _registration_form(existing.event, email="Kofi@Example.org"),
    )
    assert response.status_code == 200
    assert "This e-mail address is already registered for this event." in (
        response.content.decode()
    )
    assert Registration.objects.count() == 1


def test_registration_status_is_read_only_in_the_admin(curator_client):
    response = curator_client.post(
        reverse("admin:forums_registration_add"),
        _registration_form(ForumEventFactory(), status="attended"),
    )
    assert response.status_code == 302
    assert Registration.objects.get().status == RegistrationStatus.PENDING_CONFIRMATION


def test_event_changelist_shows_places_left(curator_client):
    event = ForumEventFactory(capacity=100)
    RegistrationFactory.create_batch(3, event=event, status=RegistrationStatus.CONFIRMED)
    response = curator_client.get(reverse("admin:forums_forumevent_changelist"))
    assert response.context["cl"].result_list[0].places_left == 97
