"""Staff pages and exports of a forum event: who may open them, and what they hold."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from forums import exports
from forums.models import ForumEventStatus, Registration, RegistrationStatus
from tests.factories import PartnerFactory, UserFactory
from tests.forums.factories import ForumEventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db
S = RegistrationStatus
T = Registration.Type

STAFF_URLS = [
    "event_staff",
    "event_participants_csv",
    "event_participants_xlsx",
    "event_badges_pdf",
    "event_statistics",
    "event_statistics_csv",
]


def _url(name, event):
    return reverse(f"forums:{name}", kwargs={"slug": event.slug})


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def _sample_event():
    """Five registrations with known names, types and statuses."""
    event = ForumEventFactory(slug="gt2027", title="Symposium on Green Technology 2027")
    RegistrationFactory(
        event=event,
        first_name="Kofi",
        last_name="Mensah",
        email="kofi@example.org",
        country="GH",
        institution_name="University of Ghana",
        registration_type=T.SPEAKER,
        dietary_needs="Vegetarian",
        access_needs="Step-free access",
        status=S.CONFIRMED,
        confirmed_at=datetime.datetime(2027, 5, 2, 14, 0, tzinfo=datetime.UTC),
    )
    RegistrationFactory(
        event=event,
        first_name="Mei",
        last_name="Chen",
        country="CN",
        registration_type=T.STUDENT,
        status=S.ATTENDED,
    )
    RegistrationFactory(
        event=event,
        first_name="Ana",
        last_name="Souza",
        country="BR",
        registration_type=T.INDUSTRY,
        status=S.WAITLISTED,
        waitlist_position=1,
    )
    RegistrationFactory(event=event, first_name="Omar", last_name="Farouk", country="GH")
    RegistrationFactory(
        event=event, first_name="Gone", last_name="Away", country="GH", status=S.CANCELLED
    )
    return event


# --- Who may open them ----------------------------------------------------------------------


@pytest.mark.parametrize("name", STAFF_URLS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, name):
    event = ForumEventFactory()
    response = client.get(_url(name, event))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", STAFF_URLS)
@pytest.mark.parametrize("factory", [PartnerFactory, UserFactory])
def test_people_who_are_not_staff_curators_are_refused(client, name, factory):
    event = ForumEventFactory()
    client.force_login(factory())
    assert client.get(_url(name, event)).status_code == 403


@pytest.mark.parametrize("name", STAFF_URLS)
def test_staff_open_every_page_also_of_a_draft_event(curator_client, name):
    event = ForumEventFactory(status=ForumEventStatus.DRAFT)
    RegistrationFactory(event=event, status=S.CONFIRMED)
    assert curator_client.get(_url(name, event)).status_code == 200


def test_an_unknown_event_is_404_for_staff(curator_client):
    response = curator_client.get(reverse("forums:event_staff", kwargs={"slug": "nothing"}))
    assert response.status_code == 404


# --- Staff page -----------------------------------------------------------------------------


def test_staff_page_lists_every_registration_with_status_type_and_needs(curator_client):
    event = _sample_event()
    response = curator_client.get(_url("event_staff", event))
    html = response.content.decode()
    names = [registration.last_name for registration in response.context["registrations"]]
    assert names == ["Chen", "Mensah", "Souza", "Farouk", "Away"]
    for text in ("kofi@example.org", "Speaker", "Vegetarian; Step-free access", "Waitlisted"):
        assert text in html
    for name in STAFF_URLS[1:]:
        assert _url(name, event) in html


# --- Participant list -----------------------------------------------------------------------


def test_participants_csv_holds_the_active_registrations_and_no_cancelled_one(curator_client):
    event = _sample_event()
    response = curator_client.get(_url("event_participants_csv", event))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gt2027-participants.csv"'
    header, *rows = _csv_rows(response)
    assert header == [str(title) for title in exports.PARTICIPANT_HEADERS]
    assert [row[1] for row in rows] == ["Chen", "Mensah", "Souza", "Farouk"]
    assert rows[1] == [
        "Kofi",
        "Mensah",
        "kofi@example.org",
        "Ghana",
        "University of Ghana",
        "Speaker",
        "Vegetarian",
        "Step-free access",
        "Confirmed",
        "",
        "2027-05-02 14:00",
    ]
    assert rows[2][8:10] == ["Waitlisted", "1"]


def test_participants_csv_defuses_formulas_typed_by_registrants(curator_client):
    event = ForumEventFactory()
    RegistrationFactory(
        event=event,
        first_name="=cmd|' /C calc'!A0",
        institution_name="+ACME",
        dietary_needs="@none",
        access_needs="-",
        status=S.CONFIRMED,
    )
    _header, row = _csv_rows(curator_client.get(_url("event_participants_csv", event)))
    assert row[0] == "'=cmd|' /C calc'!A0"
    assert row[4] == "'+ACME"
    assert row[6] == "'@none"
    assert row[7] == "'-"


def test_participants_xlsx_holds_the_same_rows(curator_client):
    event = _sample_event()
    response = curator_client.get(_url("event_participants_xlsx", event))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [str(title) for title in exports.PARTICIPANT_HEADERS]
    assert all(cell.font.bold for cell in sheet[1])
    assert [row[1] for row in rows[1:]] == ["Chen", "Mensah", "Souza", "Farouk"]
    assert rows[2][:6] == (
        "Kofi",
        "Mensah",
        "kofi@example.org",
        "Ghana",
        "University of Ghana",
        "Speaker",
    )
    assert rows[2][10] == datetime.datetime(2027, 5, 2, 14, 0)


# --- Badges ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("holders", "pages"), [(3, 1), (16, 2), (17, 3)])
def test_badges_pdf_has_one_page_per_eight_people_holding_a_place(curator_client, holders, pages):
    event = ForumEventFactory()
    RegistrationFactory.create_batch(holders, event=event, status=S.CONFIRMED)
    RegistrationFactory.create_batch(2, event=event, status=S.PENDING_CONFIRMATION)
    RegistrationFactory(event=event, status=S.CANCELLED)

    response = curator_client.get(_url("event_badges_pdf", event))

    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == pages


def test_badges_cover_confirmed_and_attended_people_only():
    event = _sample_event()
    assert [(b.name, b.institution, b.country, b.event) for b in exports.badges(event)] == [
        ("Mei Chen", "University of Ghana", "China", "Symposium on Green Technology 2027"),
        ("Kofi Mensah", "University of Ghana", "Ghana", "Symposium on Green Technology 2027"),
    ]


# --- Statistics -----------------------------------------------------------------------------


def _table(tables, key):
    table = next(t for t in tables if t.key == key)
    return {row.key: (row.count, row.holding_place) for row in table.rows}


def test_statistics_count_by_country_registration_type_and_status():
    event = _sample_event()
    tables = exports.event_statistics(event)
    # Active: Kofi (GH, speaker, confirmed), Mei (CN, student, attended),
    # Ana (BR, industry, waitlisted), Omar (GH, delegate, pending).
    assert _table(tables, "country") == {"GH": (2, 1), "CN": (1, 1), "BR": (1, 0)}
    assert _table(tables, "registration_type") == {
        "delegate": (1, 0),
        "speaker": (1, 1),
        "student": (1, 1),
        "industry": (1, 0),
    }
    assert list(_table(tables, "registration_type")) == [
        "delegate",
        "speaker",
        "student",
        "industry",
    ]
    assert _table(tables, "status") == {
        "attended": (1, 1),
        "confirmed": (1, 1),
        "waitlisted": (1, 0),
        "pending_confirmation": (1, 0),
        "cancelled": (1, 0),
    }


def test_statistics_page_and_csv_show_the_tables(curator_client):
    event = _sample_event()
    html = curator_client.get(_url("event_statistics", event)).content.decode()
    for text in ("By country", "By registration type", "By status", "Ghana", "Industry"):
        assert text in html
    header, *rows = _csv_rows(curator_client.get(_url("event_statistics_csv", event)))
    assert header == ["Table", "Code", "Value", "Count", "Holding a place"]
    assert ["By country", "GH", "Ghana", "2", "1"] in rows
    assert ["By registration type", "speaker", "Speaker", "1", "1"] in rows
    assert ["By status", "", "Total", "5", "2"] in rows


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("event_staff", 5),
        ("event_participants_csv", 5),
        ("event_participants_xlsx", 5),
        ("event_badges_pdf", 5),
        ("event_statistics", 7),
        ("event_statistics_csv", 7),
    ],
)
def test_staff_pages_query_count_does_not_grow(
    curator_client, django_assert_max_num_queries, count, name, limit
):
    event = ForumEventFactory()
    RegistrationFactory.create_batch(count, event=event, status=S.CONFIRMED)
    with django_assert_max_num_queries(limit):
        response = curator_client.get(_url(name, event))
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content
