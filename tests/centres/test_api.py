import datetime

import pytest
from django.urls import reverse, reverse_lazy

from centres.models import AllianceMembership, InstitutionKind
from tests.factories import AllianceFactory, CentreFactory, GreenAreaFactory, InstitutionFactory

from .factories import AllianceMembershipFactory

pytestmark = pytest.mark.django_db

INSTITUTIONS_URL = reverse_lazy("institution-list")
CENTRES_URL = reverse_lazy("centre-list")
ALLIANCES_URL = reverse_lazy("alliance-list")


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_institution_list_shows_public_fields(client):
    InstitutionFactory(
        name="Jomo Kenyatta University",
        slug="jkuat",
        kind=InstitutionKind.UNIVERSITY,
        country="KE",
        city="Juja",
    )
    [row] = client.get(INSTITUTIONS_URL).json()["results"]
    assert row["slug"] == "jkuat"
    assert row["name"] == "Jomo Kenyatta University"
    assert row["kind"] == "university"
    assert row["country"] == "KE"
    assert row["city"] == "Juja"
    assert "members" not in row


def test_institutions_are_filtered_by_kind_and_country(client):
    InstitutionFactory(name="A", slug="ke-uni", kind=InstitutionKind.UNIVERSITY, country="KE")
    InstitutionFactory(name="B", slug="ke-firm", kind=InstitutionKind.ENTERPRISE, country="KE")
    InstitutionFactory(name="C", slug="cn-uni", kind=InstitutionKind.UNIVERSITY, country="CN")
    assert slugs(client.get(INSTITUTIONS_URL, {"country": "KE"})) == ["ke-uni", "ke-firm"]
    assert slugs(client.get(INSTITUTIONS_URL, {"kind": "university"})) == ["ke-uni", "cn-uni"]
    assert slugs(client.get(INSTITUTIONS_URL, {"kind": "university", "country": "CN"})) == [
        "cn-uni"
    ]


def test_institutions_are_searched_by_name_and_city(client):
    InstitutionFactory(name="Research Centre for Eco-Environmental Sciences", slug="rcees")
    InstitutionFactory(name="Other", slug="other", city="Ecoville")
    InstitutionFactory(name="Third", slug="third", city="Nairobi")
    assert sorted(slugs(client.get(INSTITUTIONS_URL, {"search": "eco"}))) == ["other", "rcees"]


def test_institution_detail_is_found_by_slug(client):
    InstitutionFactory(slug="rcees")
    assert client.get(reverse("institution-detail", args=["rcees"])).json()["slug"] == "rcees"
    assert client.get(reverse("institution-detail", args=["missing"])).status_code == 404


def test_centre_list_shows_host_parent_sub_centres_and_focus_areas(client):
    area = GreenAreaFactory(code="low-carbon-energy")
    host = InstitutionFactory(slug="cas", name="Chinese Academy of Sciences", country="CN")
    cegt = CentreFactory(
        name="A centre", slug="cegt", host_institution=host, established=datetime.date(2013, 1, 1)
    )
    cegt.focus_areas.set([area])
    CentreFactory(name="B sub-centre", slug="cegt-kenya", parent=cegt)

    rows = {row["slug"]: row for row in client.get(CENTRES_URL).json()["results"]}

    assert rows["cegt"]["host_institution"] == {
        "slug": "cas",
        "name": "Chinese Academy of Sciences",
        "short_name": "",
        "country": "CN",
    }
    assert rows["cegt"]["parent"] is None
    assert rows["cegt"]["sub_centres"] == ["cegt-kenya"]
    assert rows["cegt"]["focus_areas"] == ["low-carbon-energy"]
    assert rows["cegt"]["established"] == "2013-01-01"
    assert rows["cegt-kenya"]["parent"] == "cegt"


def test_centres_are_filtered_by_parent_top_level_and_focus_area(client):
    area = GreenAreaFactory(code="water-pollution-control")
    parent = CentreFactory(name="A", slug="cegt")
    sub = CentreFactory(name="B", slug="cegt-water", parent=parent)
    sub.focus_areas.set([area])
    CentreFactory(name="C", slug="other")
    assert slugs(client.get(CENTRES_URL, {"parent": "cegt"})) == ["cegt-water"]
    assert slugs(client.get(CENTRES_URL, {"top_level": "true"})) == ["cegt", "other"]
    assert slugs(client.get(CENTRES_URL, {"area": "water-pollution-control"})) == ["cegt-water"]


def test_centre_detail_is_found_by_slug(client):
    CentreFactory(slug="cegt")
    assert client.get(reverse("centre-detail", args=["cegt"])).json()["slug"] == "cegt"


def test_alliance_list_shows_members_with_roles(client):
    alliance = AllianceFactory(slug="brlc", name="Belt and Road Low-Carbon Alliance")
    AllianceMembershipFactory(
        alliance=alliance,
        institution=InstitutionFactory(name="B Institute", slug="b", country="TH"),
        role=AllianceMembership.Role.FOUNDING_MEMBER,
        joined=datetime.date(2019, 4, 25),
    )
    AllianceMembershipFactory(
        alliance=alliance, institution=InstitutionFactory(name="A Institute", slug="a")
    )

    [row] = client.get(ALLIANCES_URL).json()["results"]

    assert row["slug"] == "brlc"
    assert [(m["institution"]["slug"], m["role"], m["joined"]) for m in row["members"]] == [
        ("a", "member", None),
        ("b", "founding", "2019-04-25"),
    ]
    assert row["members"][1]["institution"]["country"] == "TH"


def test_alliances_are_filtered_by_member_and_found_by_slug(client):
    membership = AllianceMembershipFactory(alliance__slug="brlc", institution__slug="rcees")
    AllianceFactory(slug="other")
    assert slugs(client.get(ALLIANCES_URL, {"member": "rcees"})) == ["brlc"]
    detail = client.get(reverse("alliance-detail", args=["brlc"]))
    assert detail.json()["members"][0]["institution"]["slug"] == membership.institution.slug


@pytest.mark.parametrize("url", [INSTITUTIONS_URL, CENTRES_URL, ALLIANCES_URL])
def test_directory_api_is_read_only(client, url):
    assert client.post(url, {"name": "x"}).status_code == 405


@pytest.mark.parametrize("count", [1, 3])
def test_institution_list_query_count(client, django_assert_max_num_queries, count):
    InstitutionFactory.create_batch(count)
    with django_assert_max_num_queries(2):
        response = client.get(INSTITUTIONS_URL)
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_centre_list_query_count(client, django_assert_max_num_queries, count):
    areas = GreenAreaFactory.create_batch(2)
    for centre in CentreFactory.create_batch(count):
        centre.focus_areas.set(areas)
        CentreFactory(parent=centre)
    # count, centres with host and parent, sub-centres, focus areas
    with django_assert_max_num_queries(4):
        response = client.get(CENTRES_URL)
    assert len(response.json()["results"]) == count * 2


@pytest.mark.parametrize("count", [1, 3])
def test_alliance_list_query_count(client, django_assert_max_num_queries, count):
    for alliance in AllianceFactory.create_batch(count):
        AllianceMembershipFactory.create_batch(2, alliance=alliance)
    with django_assert_max_num_queries(3):
        response = client.get(ALLIANCES_URL)
    assert len(response.json()["results"]) == count
