"""The directory endpoints take the same filters as the directory pages."""

import pytest
from django.urls import reverse_lazy

from centres.models import InstitutionKind
from tests.factories import AllianceFactory, CentreFactory, GreenAreaFactory, InstitutionFactory

pytestmark = pytest.mark.django_db

INSTITUTIONS_URL = reverse_lazy("institution-list")
CENTRES_URL = reverse_lazy("centre-list")
ALLIANCES_URL = reverse_lazy("alliance-list")


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_institutions_q_matches_english_and_chinese_names(client):
    InstitutionFactory(slug="thu", name="Tsinghua University", name_zh="清华大学")
    InstitutionFactory(slug="pku", name="Peking University", name_zh="北京大学")

    assert slugs(client.get(INSTITUTIONS_URL, {"q": "清华"})) == ["thu"]
    assert slugs(client.get(INSTITUTIONS_URL, {"q": "peking"})) == ["pku"]


def test_institutions_q_country_and_kind_combine(client):
    InstitutionFactory(slug="a", name="Nairobi A", country="KE", kind=InstitutionKind.UNIVERSITY)
    InstitutionFactory(slug="b", name="Nairobi B", country="KE", kind=InstitutionKind.ENTERPRISE)
    InstitutionFactory(slug="c", name="Nairobi C", country="TZ", kind=InstitutionKind.UNIVERSITY)

    response = client.get(INSTITUTIONS_URL, {"q": "nairobi", "country": "KE", "kind": "university"})

    assert slugs(response) == ["a"]


def test_invalid_institution_filters_are_a_bad_request_naming_the_fields(client):
    response = client.get(INSTITUTIONS_URL, {"kind": "castle", "country": "ZZ"})

    assert response.status_code == 400
    assert set(response.json()) == {"kind", "country"}


def test_centres_are_filtered_by_host_country_and_searched_in_chinese(client):
    CentreFactory(slug="cegt", name="Green Centre", name_zh="绿色技术中心")
    CentreFactory(slug="kenya", name="Kenya Centre", host_institution__country="KE")

    assert slugs(client.get(CENTRES_URL, {"country": "KE"})) == ["kenya"]
    assert slugs(client.get(CENTRES_URL, {"q": "绿色"})) == ["cegt"]


def test_centre_area_filter_takes_the_area_code(client):
    area = GreenAreaFactory(code="centre-area", name="Centre area")
    CentreFactory(slug="with-area").focus_areas.set([area])
    CentreFactory(slug="without")

    assert slugs(client.get(CENTRES_URL, {"area": "centre-area"})) == ["with-area"]
    assert client.get(CENTRES_URL, {"area": "unknown"}).status_code == 400


def test_alliances_are_searched_by_name(client):
    AllianceFactory(slug="brlc", name="Belt and Road Low-Carbon Alliance", name_zh="低碳联盟")
    AllianceFactory(slug="other", name="Other Alliance")

    assert slugs(client.get(ALLIANCES_URL, {"q": "低碳"})) == ["brlc"]


def test_directory_lists_are_paginated(client):
    InstitutionFactory.create_batch(26)

    body = client.get(INSTITUTIONS_URL).json()

    assert body["count"] == 26
    assert len(body["results"]) == 25
    assert body["next"]
