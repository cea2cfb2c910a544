import datetime

import pytest
from django.urls import reverse

from tests.factories import GreenAreaFactory
from tests.training.factories import (
    ApplicationFactory,
    CohortFactory,
    ModuleFactory,
    ProgrammeFactory,
)
from training.models import ApplicationStatus, CohortStatus

pytestmark = pytest.mark.django_db

PROGRAMMES = reverse("programme-list")
COHORTS = reverse("cohort-list")


def _slugs(response):
    assert response.status_code == 200
    return [row["slug"] for row in response.json()["results"]]


def test_programme_list_shows_the_programme_and_its_public_cohort_slugs(client):
    area = GreenAreaFactory(code="water-pollution-control")
    programme = ProgrammeFactory(title="Green Technology Training", green_areas=[area])
    CohortFactory(programme=programme, slug="shanghai-2025", starts_on=datetime.date(2025, 10, 13))
    CohortFactory(
        programme=programme,
        slug="beijing-2024",
        starts_on=datetime.date(2024, 6, 3),
        ends_on=datetime.date(2024, 6, 14),
        status=CohortStatus.CLOSED,
    )
    CohortFactory(programme=programme, slug="secret-draft", status=CohortStatus.DRAFT)

    [row] = client.get(PROGRAMMES).json()["results"]

    assert row["title"] == "Green Technology Training"
    assert row["organiser"]["slug"] == programme.organiser.slug
    assert row["alliance"] is None
    assert row["green_areas"] == ["water-pollution-control"]
    assert row["cohorts"] == ["beijing-2024", "shanghai-2025"]


def test_programme_detail_is_found_by_slug(client):
    ProgrammeFactory(slug="green-course")
    response = client.get(reverse("programme-detail", args=["green-course"]))
    assert response.status_code == 200
    assert response.json()["slug"] == "green-course"


def test_programmes_filter_by_green_area(client):
    area = GreenAreaFactory(code="solid-waste")
    ProgrammeFactory(slug="waste", green_areas=[area, GreenAreaFactory()])
    ProgrammeFactory(slug="other")
    assert _slugs(client.get(PROGRAMMES, {"area": "solid-waste"})) == ["waste"]


def test_cohort_list_shows_modules_and_places_left(client):
    cohort = CohortFactory(slug="shanghai-2025", capacity=10, country="CN", city="Shanghai")
    ModuleFactory(cohort=cohort, title="Sponge cities", day=cohort.starts_on)
    ApplicationFactory.create_batch(2, cohort=cohort, status=ApplicationStatus.CONFIRMED)
    ApplicationFactory(cohort=cohort, status=ApplicationStatus.ATTENDED)
    ApplicationFactory(cohort=cohort, status=ApplicationStatus.PENDING_CONFIRMATION)
    ApplicationFactory(cohort=cohort, status=ApplicationStatus.WAITLISTED, waitlist_position=1)
    ApplicationFactory(cohort=cohort, status=ApplicationStatus.CANCELLED)

    [row] = client.get(COHORTS).json()["results"]

    assert row["slug"] == "shanghai-2025"
    assert row["programme"] == cohort.programme.slug
    assert row["country"] == "CN"
    assert row["capacity"] == 10
    assert row["places_left"] == 7
    assert [module["title"] for module in row["modules"]] == ["Sponge cities"]


def test_cohort_list_never_shows_applications_or_personal_data(client):
    cohort = CohortFactory()
    ApplicationFactory(cohort=cohort, email="private.person@example.org", last_name="Private")
    body = client.get(COHORTS).content.decode() + client.get(PROGRAMMES).content.decode()
    assert "private.person@example.org" not in body
    assert "Private" not in body
    assert "applications" not in body


def test_draft_cohorts_are_not_listed_nor_found(client):
    CohortFactory(slug="visible")
    CohortFactory(slug="draft", status=CohortStatus.DRAFT)
    assert _slugs(client.get(COHORTS)) == ["visible"]
    assert client.get(reverse("cohort-detail", args=["draft"])).status_code == 404


def test_full_cohort_has_no_places_left(client):
    cohort = CohortFactory(capacity=2)
    ApplicationFactory.create_batch(2, cohort=cohort, status=ApplicationStatus.CONFIRMED)
    assert client.get(COHORTS).json()["results"][0]["places_left"] == 0


def test_cohorts_filter_by_programme_slug(client):
    CohortFactory(slug="a", programme=ProgrammeFactory(slug="water"))
    CohortFactory(slug="b")
    assert _slugs(client.get(COHORTS, {"programme": "water"})) == ["a"]


def test_cohorts_filter_by_status(client):
    CohortFactory(slug="open")
    CohortFactory(slug="closed", status=CohortStatus.CLOSED)
    assert _slugs(client.get(COHORTS, {"status": "closed"})) == ["closed"]


def test_cohorts_cannot_be_filtered_to_drafts(client):
    CohortFactory(status=CohortStatus.DRAFT)
    assert client.get(COHORTS, {"status": "draft"}).status_code == 400


def test_cohorts_filter_by_city_ignoring_case(client):
    CohortFactory(slug="shanghai", city="Shanghai")
    CohortFactory(slug="nairobi", city="Nairobi", country="KE")
    assert _slugs(client.get(COHORTS, {"city": "shanghai"})) == ["shanghai"]


def test_cohorts_filter_by_country(client):
    CohortFactory(slug="shanghai", country="CN")
    CohortFactory(slug="nairobi", city="Nairobi", country="KE")
    assert _slugs(client.get(COHORTS, {"country": "KE"})) == ["nairobi"]


def test_cohorts_filter_by_start_date(client):
    CohortFactory(
        slug="2024", starts_on=datetime.date(2024, 6, 3), ends_on=datetime.date(2024, 6, 14)
    )
    CohortFactory(slug="2025", starts_on=datetime.date(2025, 10, 13))
    assert _slugs(client.get(COHORTS, {"starts_after": "2025-01-01"})) == ["2025"]
    assert _slugs(client.get(COHORTS, {"starts_before": "2025-01-01"})) == ["2024"]


def test_cohorts_order_by_places_left(client):
    roomy = CohortFactory(slug="roomy", capacity=50)
    tight = CohortFactory(slug="tight", capacity=50)
    ApplicationFactory.create_batch(3, cohort=tight, status=ApplicationStatus.CONFIRMED)
    ApplicationFactory(cohort=roomy, status=ApplicationStatus.CONFIRMED)
    assert _slugs(client.get(COHORTS, {"ordering": "places_left"})) == ["tight", "roomy"]


def test_the_api_is_read_only(client, curator_client):
    cohort = CohortFactory()
    assert client.post(COHORTS, {"title": "x"}).status_code in (403, 405)
    detail = reverse("cohort-detail", args=[cohort.slug])
    assert curator_client.delete(detail).status_code == 405


@pytest.mark.parametrize("count", [1, 3])
def test_cohort_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    for _ in range(count):
        cohort = CohortFactory()
        ModuleFactory.create_batch(2, cohort=cohort)
        ApplicationFactory(cohort=cohort, status=ApplicationStatus.CONFIRMED)
    with django_assert_max_num_queries(3):
        response = client.get(COHORTS)
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_programme_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    for _ in range(count):
        programme = ProgrammeFactory(green_areas=[GreenAreaFactory()])
        CohortFactory.create_batch(2, programme=programme)
    with django_assert_max_num_queries(4):
        response = client.get(PROGRAMMES)
    assert len(response.json()["results"]) == count
