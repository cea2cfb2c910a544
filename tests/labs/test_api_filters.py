"""The labs endpoint takes the same filters as the labs directory page."""

import pytest
from django.urls import reverse_lazy

from tests.factories import GreenAreaFactory, InstitutionFactory

from .factories import JointLabFactory, LabOutputFactory, LabPartnerFactory

pytestmark = pytest.mark.django_db

LABS_URL = reverse_lazy("lab-list")
OUTPUTS_URL = reverse_lazy("lab-output-list")


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_q_matches_english_and_chinese_names(client):
    JointLabFactory(slug="water", name="Water Lab", name_zh="水处理联合实验室")
    JointLabFactory(slug="solar", name="Solar Lab")

    assert slugs(client.get(LABS_URL, {"q": "水处理"})) == ["water"]
    assert slugs(client.get(LABS_URL, {"q": "SOLAR"})) == ["solar"]


def test_country_includes_labs_with_a_partner_institution_from_it(client):
    lab = JointLabFactory(slug="thai", partner_countries=["TH"])
    LabPartnerFactory(lab=lab, institution=InstitutionFactory(country="KE"))
    JointLabFactory(slug="other", partner_countries=["PK"])

    assert slugs(client.get(LABS_URL, {"country": "KE"})) == ["thai"]


def test_country_leaves_out_a_sponsor_from_the_centre_country(client):
    lab = JointLabFactory(slug="thai", partner_countries=["TH"])
    LabPartnerFactory(lab=lab, institution=InstitutionFactory(country="CN"))

    assert slugs(client.get(LABS_URL, {"country": "CN"})) == []


def test_unknown_area_is_a_bad_request_with_the_field_named(client):
    response = client.get(LABS_URL, {"area": "no-such-area"})

    assert response.status_code == 400
    assert "area" in response.json()


def test_filters_combine(client):
    area = GreenAreaFactory(code="api-area", name="API area")
    JointLabFactory(slug="match", name="Water 1", partner_countries=["KE"], research_areas=[area])
    JointLabFactory(slug="wrong-area", name="Water 2", partner_countries=["KE"])
    JointLabFactory(
        slug="wrong-country", name="Water 3", partner_countries=["TH"], research_areas=[area]
    )

    response = client.get(
        LABS_URL, {"q": "water", "country": "KE", "area": "api-area", "status": "active"}
    )

    assert slugs(response) == ["match"]


def test_lab_list_is_paginated(client):
    JointLabFactory.create_batch(26)

    body = client.get(LABS_URL).json()

    assert body["count"] == 26
    assert len(body["results"]) == 25
    assert body["next"]


def test_outputs_are_searched_by_title(client):
    LabOutputFactory(title="Membrane bioreactor pilot")
    LabOutputFactory(title="Solar still")

    rows = client.get(OUTPUTS_URL, {"q": "membrane"}).json()["results"]

    assert [row["title"] for row in rows] == ["Membrane bioreactor pilot"]
