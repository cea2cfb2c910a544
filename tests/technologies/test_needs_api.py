"""API: a need's matches (public, read-only) and the staff's confirm/dismiss endpoints."""

import pytest
from django.urls import reverse

from technologies.models import NeedMatch, NeedMatchStatus, Technology, TechnologyStatus
from tests.factories import ExpertFactory, GreenAreaFactory, PartnerFactory
from tests.technologies.factories import (
    PublishedTechnologyFactory,
    TechnologyFactory,
    TechnologyNeedFactory,
)

pytestmark = pytest.mark.django_db

# The need, then its ranked technologies in one query.
MATCHES_QUERIES = 2


def matches_url(need):
    return reverse("technology-need-matches-matches", args=[need.slug])


def confirm_url(need):
    return reverse("technology-need-matches-confirm", args=[need.slug])


def dismiss_url(need):
    return reverse("technology-need-matches-dismiss", args=[need.slug])


def indexed(**kwargs) -> Technology:
    technology = PublishedTechnologyFactory(**kwargs)
    return technology


@pytest.fixture
def water():
    return GreenAreaFactory(code="water", name="Water")


@pytest.fixture
def need(water):
    return TechnologyNeedFactory(
        title="Solar desalination of brackish groundwater",
        description="Villages pump brackish groundwater.",
        green_area=water,
    )


@pytest.fixture
def technology(water):
    return indexed(
        name="Solar desalination unit",
        summary="Brackish groundwater into drinking water.",
        green_area=water,
    )


def test_anyone_reads_the_matches_of_a_published_need(client, need, technology, water):
    other = indexed(name="Reed bed", summary="Sewage.", green_area=water)
    NeedMatch.objects.create(
        need=need, technology=other, status=NeedMatchStatus.CONFIRMED, note="Checked"
    )
    indexed(name="Brackish water still", green_area=water, status=TechnologyStatus.ARCHIVED)

    response = client.get(matches_url(need))

    assert response.status_code == 200
    body = response.json()
    assert [row["technology"]["slug"] for row in body] == [other.slug, technology.slug]
    assert body[0]["status"] == "confirmed" and body[0]["note"] == "Checked"
    assert body[1]["status"] == "suggested" and body[1]["note"] == ""
    assert body[1]["same_green_area"] is True
    assert "brackish" in body[1]["shared_words"]
    assert body[1]["score"] > 1
    assert "contact_email" not in body[1]["technology"]


def test_the_matches_of_an_unpublished_need_are_a_404_except_for_staff(
    client, curator, technology, water
):
    hidden = TechnologyNeedFactory(is_published=False, green_area=water)

    assert client.get(matches_url(hidden)).status_code == 404
    client.force_login(curator)
    assert client.get(matches_url(hidden)).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_matches_queries_do_not_grow(client, django_assert_max_num_queries, need, water, count):
    for number in range(count):
        indexed(name=f"Brackish still {number}", green_area=water)

    with django_assert_max_num_queries(MATCHES_QUERIES):
        response = client.get(matches_url(need))

    assert len(response.json()) == count


def test_a_curator_confirms_and_dismisses_through_the_api(curator_client, need, technology):
    confirmed = curator_client.post(
        confirm_url(need), {"technology": technology.slug, "note": "Fits"}, format="json"
    )

    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed" and confirmed.json()["note"] == "Fits"
    assert NeedMatch.objects.get().status == NeedMatchStatus.CONFIRMED

    dismissed = curator_client.post(dismiss_url(need), {"technology": technology.slug})

    assert dismissed.status_code == 200 and dismissed.json()["status"] == "dismissed"
    assert NeedMatch.objects.get().status == NeedMatchStatus.DISMISSED


@pytest.mark.parametrize("make_user", [PartnerFactory, ExpertFactory], ids=["partner", "expert"])
def test_partners_and_experts_get_403(client, need, technology, make_user):
    client.force_login(make_user())

    for url in (confirm_url(need), dismiss_url(need)):
        assert client.post(url, {"technology": technology.slug}).status_code == 403
    assert not NeedMatch.objects.exists()


def test_anonymous_callers_get_401(client, need, technology):
    response = client.post(confirm_url(need), {"technology": technology.slug})

    assert response.status_code == 401
    assert not NeedMatch.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "technology"),
        ({"technology": "no-such-technology"}, "technology"),
        ({"technology": "TECH", "note": "x" * 2001}, "note"),
    ],
    ids=["missing", "unknown", "note-too-long"],
)
def test_bad_input_is_a_400_with_field_errors(curator_client, need, technology, body, field):
    if body.get("technology") == "TECH":
        body["technology"] = technology.slug

    response = curator_client.post(confirm_url(need), body)

    assert response.status_code == 400
    assert field in response.json()
    assert not NeedMatch.objects.exists()


def test_confirming_a_technology_outside_the_pool_is_a_400_saying_why(curator_client, need):
    draft = TechnologyFactory(status=TechnologyStatus.UNDER_REVIEW)

    response = curator_client.post(confirm_url(need), {"technology": draft.slug})

    assert response.status_code == 400
    assert response.json() == {
        "technology": ["Only technologies published in the pool can answer a need."]
    }


def test_reading_matches_is_get_only_for_the_public(client, need):
    assert client.post(matches_url(need)).status_code in (401, 405)
    assert client.get(confirm_url(need)).status_code in (401, 405)
