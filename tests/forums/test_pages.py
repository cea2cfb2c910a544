"""Public forum pages: events with their agenda, speakers and places left, and calendar files."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import AgendaItem, ForumEventStatus, RegistrationStatus
from greentech.demo.loader import load_demo
from tests.factories import InstitutionFactory, PartnerFactory
from tests.forums.factories import (
    AgendaItemFactory,
    ForumEventFactory,
    RegistrationFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db
S = RegistrationStatus


def _upcoming(**extra):
    """An open event in two months, taking registrations for a month more."""
    starts = timezone.localdate() + datetime.timedelta(days=60)
    values = {
        "starts_on": starts,
        "ends_on": starts + datetime.timedelta(days=2),
        "registration_deadline": timezone.now() + datetime.timedelta(days=30),
        "status": ForumEventStatus.OPEN,
    }
    return ForumEventFactory(**{**values, **extra})


def _url(event):
    return reverse("forums:event_detail", kwargs={"slug": event.slug})


def _at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), datetime.UTC)


# --- Event list -----------------------------------------------------------------------------


def test_event_list_shows_upcoming_and_past_events_and_leaves_out_drafts(client):
    upcoming = _upcoming(title="Symposium on Green Technology 2027", capacity=100)
    RegistrationFactory.create_batch(3, event=upcoming, status=S.CONFIRMED)
    past = ForumEventFactory(title="GT2018 symposium", status=ForumEventStatus.CLOSED)
    _upcoming(title="Secret draft forum", status=ForumEventStatus.DRAFT)

    response = client.get(reverse("forums:event_list"))

    html = response.content.decode()
    assert [event.pk for event in response.context["upcoming"]] == [upcoming.pk]
    assert [event.pk for event in response.context["past"]] == [past.pk]
    assert "Symposium on Green Technology 2027" in html
    assert "97 places left" in html
    assert "GT2018 symposium" in html
    assert _url(upcoming) in html and _url(past) in html
    assert "Secret draft forum" not in html


# --- Event page -----------------------------------------------------------------------------


def test_event_page_shows_dates_place_summary_organisers_and_places_left(client):
    organisers = [
        InstitutionFactory(name="Institute of Process Engineering, CAS"),
        InstitutionFactory(name="TWAS"),
    ]
    event = _upcoming(
        title="Symposium on Green Technology 2027",
        city="Beijing",
        venue="IPE conference hall",
        country="CN",
        capacity=120,
        summary="Three days on green technology for sustainable development.",
        organisers=organisers,
    )
    RegistrationFactory.create_batch(2, event=event, status=S.CONFIRMED)
    RegistrationFactory(event=event, status=S.ATTENDED)
    RegistrationFactory(event=event, status=S.WAITLISTED, waitlist_position=1)
    RegistrationFactory(event=event, status=S.CANCELLED)

    response = client.get(_url(event))

    html = response.content.decode()
    assert response.context["event"].places_left == 117
    assert "117 places left of 120" in html
    for text in (
        "Symposium on Green Technology 2027",
        "IPE conference hall",
        "Beijing",
        "China",
        "Three days on green technology for sustainable development.",
        "Institute of Process Engineering, CAS",
        "TWAS",
        "Registration is open until",
    ):
        assert text in html


def test_open_event_has_a_register_link_to_the_registration_path(client):
    event = _upcoming()
    html = client.get(_url(event)).content.decode()
    assert f'href="/forums/{event.slug}/register/"' in html


def test_after_the_deadline_the_page_says_closed_and_offers_no_register_link(client):
    event = _upcoming(registration_deadline=timezone.now() - datetime.timedelta(minutes=5))
    response = client.get(_url(event))
    html = response.content.decode()
    assert response.context["window"].reason == "deadline_passed"
    assert "Registration is closed: the deadline" in html
    assert "/register/" not in html


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (ForumEventStatus.CANCELLED, "This event has been cancelled. Registration is closed."),
        (ForumEventStatus.CLOSED, "Registration is closed."),
    ],
)
def test_cancelled_and_closed_events_say_so_and_offer_no_register_link(client, status, message):
    html = client.get(_url(_upcoming(status=status))).content.decode()
    assert message in html
    assert "/register/" not in html


def test_a_full_event_still_takes_registrations_for_the_waiting_list(client):
    event = _upcoming(capacity=1)
    RegistrationFactory(event=event, status=S.CONFIRMED)
    html = client.get(_url(event)).content.decode()
    assert "0 places left of 1" in html
    assert "Register for the waiting list" in html


def test_a_draft_event_is_404_for_visitors_and_partners_and_visible_to_staff(client, curator):
    event = _upcoming(status=ForumEventStatus.DRAFT, title="Draft forum")
    assert client.get(_url(event)).status_code == 404
    ics = reverse("forums:event_ics", kwargs={"slug": event.slug})
    assert client.get(ics).status_code == 404
    client.force_login(PartnerFactory())
    assert client.get(_url(event)).status_code == 404
    client.force_login(curator)
    html = client.get(_url(event)).content.decode()
    assert "Draft forum" in html
    assert "This event is a draft" in html
    assert "/register/" not in html


def test_agenda_is_grouped_by_day_in_time_order_with_rooms_and_speakers(client):
    event = _upcoming()
    day1, day2 = event.starts_on, event.starts_on + datetime.timedelta(days=1)
    keynote_speaker = SpeakerFactory(event=event, name="Prof. Zhang Yi", affiliation="IPE, CAS")
    panellist = SpeakerFactory(event=event, name="Dr. Amani Kileo", affiliation="", country="TZ")
    panel = AgendaItemFactory(
        event=event,
        starts_at=_at(day1, 14),
        ends_at=_at(day1, 15, 30),
        kind=AgendaItem.Kind.PANEL,
        title="Financing green technology transfer",
        room="Room 2",
        speakers=[panellist, keynote_speaker],
    )
    keynote = AgendaItemFactory(
        event=event,
        starts_at=_at(day1, 9),
        ends_at=_at(day1, 9, 45),
        kind=AgendaItem.Kind.KEYNOTE,
        title="Green technology for the Belt and Road",
        room="Main hall",
        speakers=[keynote_speaker],
    )
    visit = AgendaItemFactory(
        event=event,
        starts_at=_at(day2, 10),
        ends_at=_at(day2, 12),
        kind=AgendaItem.Kind.VISIT,
        title="Visit to a waste-to-energy plant",
        room="",
    )

    response = client.get(_url(event))

    days = response.context["agenda_days"]
    assert [(day.date, day.number) for day in days] == [(day1, 1), (day2, 2)]
    assert [item.pk for item in days[0].items] == [keynote.pk, panel.pk]
    assert [item.pk for item in days[1].items] == [visit.pk]
    html = response.content.decode()
    assert html.index("Day 1") < html.index("Belt and Road") < html.index("Financing")
    assert html.index("Financing") < html.index("Day 2") < html.index("waste-to-energy")
    for text in (
        "09:00\u201309:45",
        "14:00\u201315:30",
        "Main hall",
        "Room 2",
        "Keynote",
        "Panel",
        "Visit",
    ):
        assert text in html


def test_speakers_are_listed_with_affiliation_and_country(client):
    event = _upcoming()
    SpeakerFactory(event=event, name="Prof. Zhang Yi", affiliation="IPE, CAS", country="CN")
    SpeakerFactory(event=event, name="Dr. Amani Kileo", affiliation="", country="TZ")
    html = client.get(_url(event)).content.decode()
    assert "Prof. Zhang Yi" in html and "IPE, CAS, China" in html
    assert "Dr. Amani Kileo" in html and "Tanzania" in html


# --- Calendar -------------------------------------------------------------------------------


def test_event_calendar_is_an_ics_attachment_with_the_event_dates(client, settings):
    settings.SITE_URL = "https://portal.example"
    event = _upcoming(
        title="Symposium; green, low-carbon",
        venue="IPE",
        city="Beijing",
        summary="Line one\nLine two",
    )
    response = client.get(reverse("forums:event_ics", kwargs={"slug": event.slug}))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    raw = response.content.decode("utf-8")
    assert raw.count("\r\n") == raw.count("\n")
    lines = raw.replace("\r\n ", "").split("\r\n")
    assert f"UID:forum-event-{event.pk}@portal.example" in lines
    assert f"DTSTART;VALUE=DATE:{event.starts_on:%Y%m%d}" in lines
    end = event.ends_on + datetime.timedelta(days=1)
    assert f"DTEND;VALUE=DATE:{end:%Y%m%d}" in lines
    assert "SUMMARY:Symposium\\; green\\, low-carbon" in lines
    assert "LOCATION:IPE\\, Beijing\\, China" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert description.startswith("DESCRIPTION:Line one\\nLine two\\nhttps://portal.example/")


def test_a_cancelled_event_calendar_marks_the_event_cancelled(client):
    event = _upcoming(status=ForumEventStatus.CANCELLED)
    response = client.get(reverse("forums:event_ics", kwargs={"slug": event.slug}))
    assert "STATUS:CANCELLED" in response.content.decode()


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_event_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    for _ in range(count):
        _upcoming(organisers=[InstitutionFactory(), InstitutionFactory()])
    with django_assert_max_num_queries(2):
        response = client.get(reverse("forums:event_list"))
    assert len(response.context["upcoming"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_event_page_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    event = _upcoming(organisers=[InstitutionFactory()])
    for hour in range(count):
        speaker = SpeakerFactory(event=event)
        AgendaItemFactory(
            event=event,
            starts_at=_at(event.starts_on, 9 + hour),
            ends_at=_at(event.starts_on, 10 + hour),
            speakers=[speaker],
        )
    with django_assert_max_num_queries(5):
        response = client.get(_url(event))
    assert len(response.context["agenda_days"][0].items) == count


def test_the_demo_gt2018_page_shows_the_event_and_its_organisers(client):
    load_demo()
    response = client.get(reverse("forums:event_detail", kwargs={"slug": "gt2018"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["event"].short_name == "GT2018"
    assert len(response.context["organisers"]) == 2
    assert "Registration is closed." in html
