import datetime as dt

import pytest
from django.utils import timezone

from technologies.models import TechnologyStatus
from tests.factories import GreenAreaFactory, InstitutionFactory
from tests.technologies.factories import (
    ApplicationCaseFactory,
    CollectionCallFactory,
    CriterionFactory,
    ImpactIndicatorFactory,
    PublishedTechnologyFactory,
    ReviewScoreFactory,
    TechnologyFactory,
    TechnologyNeedFactory,
    TransferCaseFactory,
)

pytestmark = pytest.mark.django_db

NOT_PUBLISHED = sorted(set(TechnologyStatus.values) - {TechnologyStatus.ACCEPTED})


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


# --- technologies --------------------------------------------------------------------------


def test_pool_lists_only_accepted_technologies(client):
    accepted = PublishedTechnologyFactory()
    for status in NOT_PUBLISHED:
        TechnologyFactory(status=status)

    assert slugs(client.get("/api/technologies/")) == [accepted.slug]


@pytest.mark.parametrize("status", NOT_PUBLISHED)
def test_unpublished_technology_slug_is_not_found(client, status):
    technology = TechnologyFactory(status=status)

    response = client.get(f"/api/technologies/{technology.slug}/")

    assert response.status_code == 404


def test_pool_entry_shows_cases_and_transfers_with_indicators(client):
    technology = PublishedTechnologyFactory(name="Biochar kiln", trl=8)
    ApplicationCaseFactory(technology=technology, place="Nakuru", country="KE", year=2019)
    indicator = ImpactIndicatorFactory(
        transfer_case__technology=technology, name="CO2e avoided", unit="t/year"
    )

    data = client.get(f"/api/technologies/{technology.slug}/").json()

    assert data["name"] == "Biochar kiln"
    assert data["trl"] == 8
    assert data["green_area"]["code"] == technology.green_area.code
    assert data["provider"]["slug"] == technology.provider.slug
    assert data["call"]["slug"] == technology.call.slug
    assert data["target_countries"] == ["KE", "TH"]
    assert data["application_cases"] == [
        {"place": "Nakuru", "country": "KE", "year": 2019, "scale": "500 m3/day", "results": ""}
    ]
    [transfer] = data["transfer_cases"]
    assert transfer["slug"] == indicator.transfer_case.slug
    assert transfer["indicators"] == [
        {"name": "CO2e avoided", "value": "1200.00", "unit": "t/year"}
    ]


def test_pool_never_shows_contacts_submitters_feedback_or_reviews(client):
    score = ReviewScoreFactory(
        review__assignment__technology__status=TechnologyStatus.ACCEPTED,
        review__comment="Confidential expert remark",
    )
    technology = score.review.assignment.technology
    technology.feedback = "Internal decision feedback"
    technology.save()

    response = client.get(f"/api/technologies/{technology.slug}/")
    body = response.content.decode()

    assert response.status_code == 200
    for secret in [
        technology.contact_email,
        technology.contact_phone,
        technology.contact_name,
        technology.submitted_by.email,
        score.review.assignment.expert.email,
        "Confidential expert remark",
        "Internal decision feedback",
    ]:
        assert secret not in body
    assert not {"contact_email", "contact_phone", "submitted_by", "status", "feedback"} & set(
        response.json()
    )


def test_pool_filters_by_green_area_provider_and_call(client):
    water = GreenAreaFactory(code="water-pollution-control")
    in_water = PublishedTechnologyFactory(green_area=water)
    other = PublishedTechnologyFactory()

    assert slugs(client.get("/api/technologies/", {"green_area": water.code})) == [in_water.slug]
    assert slugs(client.get("/api/technologies/", {"provider": other.provider.slug})) == [
        other.slug
    ]
    assert slugs(client.get("/api/technologies/", {"call": other.call.slug})) == [other.slug]


def test_pool_filters_by_provider_country(client):
    thai = PublishedTechnologyFactory(provider=InstitutionFactory(country="TH"))
    PublishedTechnologyFactory(provider=InstitutionFactory(country="CN"))

    assert slugs(client.get("/api/technologies/", {"provider_country": "TH"})) == [thai.slug]


def test_pool_filters_by_readiness_level(client):
    by_trl = {trl: PublishedTechnologyFactory(trl=trl).slug for trl in (3, 6, 9)}

    assert slugs(client.get("/api/technologies/", {"trl": 6})) == [by_trl[6]]
    assert set(slugs(client.get("/api/technologies/", {"trl_min": 6}))) == {by_trl[6], by_trl[9]}
    assert set(slugs(client.get("/api/technologies/", {"trl_max": 6}))) == {by_trl[3], by_trl[6]}
    assert slugs(client.get("/api/technologies/", {"trl_min": 4, "trl_max": 8})) == [by_trl[6]]


def test_pool_filters_by_target_country(client):
    for_pakistan = PublishedTechnologyFactory(target_countries=["EG", "PK"])
    PublishedTechnologyFactory(target_countries=["KE"])

    assert slugs(client.get("/api/technologies/", {"target_country": "PK"})) == [for_pakistan.slug]


def test_pool_refuses_an_unknown_country_code(client):
    response = client.get("/api/technologies/", {"target_country": "XX"})

    assert response.status_code == 400
    assert "target_country" in response.json()


def test_pool_searches_name_and_summary(client):
    kiln = PublishedTechnologyFactory(name="Biochar kiln", summary="Turns straw into carbon.")
    wetland = PublishedTechnologyFactory(summary="Reed beds clean village wastewater.")

    assert slugs(client.get("/api/technologies/", {"search": "biochar"})) == [kiln.slug]
    assert slugs(client.get("/api/technologies/", {"search": "reed beds"})) == [wetland.slug]


@pytest.mark.parametrize("count", [1, 3])
def test_pool_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    for _ in range(count):
        technology = PublishedTechnologyFactory()
        ApplicationCaseFactory.create_batch(2, technology=technology)
        ImpactIndicatorFactory.create_batch(2, transfer_case__technology=technology)

    # count, technologies, application cases, transfer cases, indicators
    with django_assert_max_num_queries(5):
        assert len(slugs(client.get("/api/technologies/"))) == count


# --- collection calls ----------------------------------------------------------------------


def test_calls_list_published_calls_with_their_criteria(client):
    call = CollectionCallFactory(green_areas=[GreenAreaFactory(code="low-carbon")])
    CriterionFactory(call=call, name="Economy", position=2)
    CriterionFactory(call=call, name="Advanced nature", position=1)
    hidden = CollectionCallFactory(is_published=False)

    [row] = client.get("/api/collection-calls/").json()["results"]

    assert row["slug"] == call.slug
    assert row["is_open"] is True
    assert row["green_areas"] == ["low-carbon"]
    assert [c["name"] for c in row["criteria"]] == ["Advanced nature", "Economy"]
    assert "min_score" not in row["criteria"][0]
    assert client.get(f"/api/collection-calls/{hidden.slug}/").status_code == 404


def test_calls_filter_by_green_area_and_open_now(client):
    now = timezone.now()
    area = GreenAreaFactory(code="solid-waste")
    open_call = CollectionCallFactory(green_areas=[area])
    closed_call = CollectionCallFactory(
        opens_on=now - dt.timedelta(days=400), closes_on=now - dt.timedelta(days=300)
    )

    assert slugs(client.get("/api/collection-calls/", {"green_area": area.code})) == [
        open_call.slug
    ]
    assert slugs(client.get("/api/collection-calls/", {"is_open": "true"})) == [open_call.slug]
    assert slugs(client.get("/api/collection-calls/", {"is_open": "false"})) == [closed_call.slug]


@pytest.mark.parametrize("count", [1, 3])
def test_calls_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    for _ in range(count):
        call = CollectionCallFactory(green_areas=[GreenAreaFactory(), GreenAreaFactory()])
        CriterionFactory.create_batch(2, call=call)

    # count, calls, green areas, criteria
    with django_assert_max_num_queries(4):
        assert len(slugs(client.get("/api/collection-calls/"))) == count


# --- transfer cases ------------------------------------------------------------------------


def test_transfer_cases_show_indicators_and_filter_by_country_and_year(client):
    kenya = ImpactIndicatorFactory(transfer_case__country="KE", transfer_case__year=2021)
    egypt = TransferCaseFactory(country="EG", year=2018)

    rows = client.get("/api/transfer-cases/", {"country": "KE"}).json()["results"]

    assert [r["slug"] for r in rows] == [kenya.transfer_case.slug]
    assert rows[0]["indicators"][0]["name"] == "Wastewater treated"
    assert rows[0]["technology"] == kenya.transfer_case.technology.slug
    assert slugs(client.get("/api/transfer-cases/", {"year": 2018})) == [egypt.slug]


def test_transfer_case_hides_a_technology_that_is_not_published(client):
    archived = TransferCaseFactory(technology__status=TechnologyStatus.ARCHIVED)
    pre_pool = TransferCaseFactory(technology=None)

    rows = {r["slug"]: r for r in client.get("/api/transfer-cases/").json()["results"]}

    assert rows[archived.slug]["technology"] is None
    assert rows[pre_pool.slug]["technology"] is None
    assert archived.technology.slug not in client.get("/api/transfer-cases/").content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_transfer_cases_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    ImpactIndicatorFactory.create_batch(count)

    # count, cases with partner and technology, indicators
    with django_assert_max_num_queries(3):
        assert len(slugs(client.get("/api/transfer-cases/"))) == count


# --- technology needs ----------------------------------------------------------------------


def test_needs_list_published_needs_filtered_by_country_and_area(client):
    area = GreenAreaFactory(code="water-supply")
    pakistan = TechnologyNeedFactory(country="PK", green_area=area)
    egypt = TechnologyNeedFactory(country="EG")
    hidden = TechnologyNeedFactory(country="PK", green_area=area, is_published=False)

    assert set(slugs(client.get("/api/technology-needs/"))) == {pakistan.slug, egypt.slug}
    assert slugs(client.get("/api/technology-needs/", {"country": "PK"})) == [pakistan.slug]
    assert slugs(client.get("/api/technology-needs/", {"green_area": area.code})) == [pakistan.slug]
    assert client.get(f"/api/technology-needs/{hidden.slug}/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_needs_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    TechnologyNeedFactory.create_batch(count)

    # count, needs with institution and green area
    with django_assert_max_num_queries(2):
        assert len(slugs(client.get("/api/technology-needs/"))) == count
