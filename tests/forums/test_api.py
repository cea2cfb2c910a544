import datetime

import pytest
from django.urls import reverse

from forums.models import ForumEventStatus, RegistrationStatus
from tests.factories import InstitutionFactory
from tests.forums.factories import (
    AgendaItemFactory,
    ForumEventFactory,
    RegistrationFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

EVENTS = reverse("forum-event-list")


def _slugs(response):
    assert response.status_code == 200
    return [row["slug"] for row in response.json()["results"]]


def test_event_list_shows_agenda_speakers_organisers_and_places_left(client):
    cas = InstitutionFactory(name="Chinese Academy of Sciences", slug="cas")
    event = ForumEventFactory(
        slug="gt2018",
        short_name="GT2018",
        capacity=100,
        organisers=[cas],
        delegate_countries_count=30,
    )
    speaker = SpeakerFactory(event=event, name="Prof. Bai", affiliation="CAS", country="CN")
    AgendaItemFactory(event=event, title="Opening ceremony", speakers=[speaker])
    RegistrationFactory.create_batch(2, event=event, status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(event=event, status=RegistrationStatus.ATTENDED)
    RegistrationFactory(event=event, status=RegistrationStatus.PENDING_CONFIRMATION)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)

    [row] = client.get(EVENTS).json()["results"]

    assert row["short_name"] == "GT2018"
    assert row["country"] == "CN"
    assert row["places_left"] == 97
    assert row["delegate_countries_count"] == 30
    assert [o["slug"] for o in row["organisers"]] == ["cas"]
    assert row["speakers"] == [
        {
            "id": speaker.pk,
            "name": "Prof. Bai",
            "affiliation": "CAS",
            "country": "CN",
            "bio": "",
            "photo_url": "",
        }
    ]
    [item] = row["agenda"]
    assert item["title"] == "Opening ceremony"
    assert item["speakers"] == [{"id": speaker.pk, "name": "Prof. Bai", "affiliation": "CAS"}]


def test_event_list_never_shows_registrations_or_personal_data(client):
    event = ForumEventFactory()
    RegistrationFactory(
        event=event,
        email="private.person@example.org",
        last_name="Private",
        dietary_needs="Halal",
    )
    body = client.get(EVENTS).content.decode()
    assert "private.person@example.org" not in body
    assert "Private" not in body
    assert "Halal" not in body
    assert "registrations" not in body


def test_draft_events_are_not_listed_nor_found(client):
    ForumEventFactory(slug="visible")
    ForumEventFactory(slug="draft", status=ForumEventStatus.DRAFT)
    assert _slugs(client.get(EVENTS)) == ["visible"]
    assert client.get(reverse("forum-event-detail", args=["draft"])).status_code == 404
    assert client.get(reverse("forum-event-detail", args=["visible"])).status_code == 200


def test_events_filter_by_status(client):
    ForumEventFactory(slug="open")
    ForumEventFactory(slug="closed", status=ForumEventStatus.CLOSED)
    assert _slugs(client.get(EVENTS, {"status": "closed"})) == ["closed"]
    assert client.get(EVENTS, {"status": "draft"}).status_code == 400


def test_events_filter_by_country_and_city(client):
    ForumEventFactory(slug="beijing", city="Beijing", country="CN")
    ForumEventFactory(slug="trieste", city="Trieste", country="IT")
    assert _slugs(client.get(EVENTS, {"country": "IT"})) == ["trieste"]
    assert _slugs(client.get(EVENTS, {"city": "beijing"})) == ["beijing"]


def test_events_filter_by_series_and_start_date(client):
    ForumEventFactory(
        slug="gt2018",
        series="Green Technology",
        starts_on=datetime.date(2018, 11, 6),
        ends_on=datetime.date(2018, 11, 8),
    )
    ForumEventFactory(
        slug="lc2023",
        series="Low-Carbon Forum",
        starts_on=datetime.date(2023, 5, 10),
        ends_on=datetime.date(2023, 5, 11),
    )
    assert _slugs(client.get(EVENTS, {"series": "green technology"})) == ["gt2018"]
    assert _slugs(client.get(EVENTS, {"starts_after": "2020-01-01"})) == ["lc2023"]


def test_events_are_listed_newest_first(client):
    ForumEventFactory(
        slug="old", starts_on=datetime.date(2016, 1, 1), ends_on=datetime.date(2016, 1, 2)
    )
    ForumEventFactory(
        slug="new", starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2024, 1, 2)
    )
    assert _slugs(client.get(EVENTS)) == ["new", "old"]


def test_the_api_is_read_only(client):
    event = ForumEventFactory()
    assert client.post(EVENTS, {"title": "x"}).status_code in (403, 405)
    detail = reverse("forum-event-detail", args=[event.slug])
    assert client.delete(detail).status_code in (403, 405)


@pytest.mark.parametrize("count", [1, 3])
def test_event_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    for _ in range(count):
        event = ForumEventFactory(organisers=[InstitutionFactory()])
        speakers = SpeakerFactory.create_batch(2, event=event)
        AgendaItemFactory.create_batch(2, event=event, speakers=speakers)
        RegistrationFactory(event=event, status=RegistrationStatus.CONFIRMED)
    with django_assert_max_num_queries(6):
        response = client.get(EVENTS)
    assert len(response.json()["results"]) == count
