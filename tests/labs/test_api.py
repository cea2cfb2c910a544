import datetime

import pytest
from django.urls import reverse, reverse_lazy

from labs.models import LabOutput, LabPartner, LabStatus
from tests.factories import CentreFactory, GreenAreaFactory, InstitutionFactory

from .factories import JointLabFactory, LabOutputFactory, LabPartnerFactory

pytestmark = pytest.mark.django_db

LABS_URL = reverse_lazy("lab-list")
OUTPUTS_URL = reverse_lazy("lab-output-list")


def slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_lab_list_shows_centre_partners_countries_areas_and_output_count(client):
    area = GreenAreaFactory(code="water-pollution-control")
    centre = CentreFactory(slug="cegt", name="Centre for Green Technology")
    lab = JointLabFactory(
        name="China-Kenya Joint Laboratory for Water",
        slug="china-kenya-water",
        centre=centre,
        partner_countries=["KE", "TZ"],
        research_areas=[area],
        established=datetime.date(2018, 4, 1),
    )
    host = InstitutionFactory(slug="rcees", name="RCEES", country="CN")
    LabPartnerFactory(lab=lab, institution=host, role=LabPartner.Role.HOST)
    LabPartnerFactory(lab=lab, institution=InstitutionFactory(slug="jkuat", country="KE"))
    LabOutputFactory.create_batch(2, lab=lab)

    response = client.get(LABS_URL)

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["slug"] == "china-kenya-water"
    assert row["status"] == "active"
    assert row["established"] == "2018-04-01"
    assert row["centre"] == {
        "slug": "cegt",
        "name": "Centre for Green Technology",
        "short_name": "",
    }
    assert [(p["institution"], p["role"], p["country"]) for p in row["partners"]] == [
        ("rcees", "host", "CN"),
        ("jkuat", "partner", "KE"),
    ]
    assert row["partner_countries"] == ["KE", "TZ"]
    assert row["research_areas"] == ["water-pollution-control"]
    assert row["outputs_count"] == 2


def test_lab_detail_is_found_by_slug(client):
    JointLabFactory(slug="china-sri-lanka-water")
    response = client.get(reverse("lab-detail", args=["china-sri-lanka-water"]))
    assert response.status_code == 200
    assert response.json()["slug"] == "china-sri-lanka-water"
    assert client.get(reverse("lab-detail", args=["no-such-lab"])).status_code == 404


def test_labs_are_filtered_by_status(client):
    JointLabFactory(slug="planned", status=LabStatus.PLANNED)
    JointLabFactory(slug="active", status=LabStatus.ACTIVE)
    assert slugs(client.get(LABS_URL, {"status": "planned"})) == ["planned"]


def test_labs_are_filtered_by_centre_slug(client):
    JointLabFactory(slug="in-cegt", centre=CentreFactory(slug="cegt"))
    JointLabFactory(slug="elsewhere")
    assert slugs(client.get(LABS_URL, {"centre": "cegt"})) == ["in-cegt"]


def test_labs_are_filtered_by_partner_country(client):
    JointLabFactory(name="A", slug="kenya-pakistan", partner_countries=["KE", "PK"])
    JointLabFactory(name="B", slug="pakistan", partner_countries=["PK"])
    JointLabFactory(name="C", slug="thailand", partner_countries=["TH"])
    assert slugs(client.get(LABS_URL, {"country": "KE"})) == ["kenya-pakistan"]
    assert slugs(client.get(LABS_URL, {"country": "PK"})) == ["kenya-pakistan", "pakistan"]


def test_unknown_country_code_is_a_bad_request(client):
    assert client.get(LABS_URL, {"country": "K"}).status_code == 400


def test_labs_are_filtered_by_research_area_code(client):
    water = GreenAreaFactory(code="water-pollution-control")
    JointLabFactory(slug="water", research_areas=[water, GreenAreaFactory()])
    JointLabFactory(slug="other", research_areas=[GreenAreaFactory()])
    assert slugs(client.get(LABS_URL, {"area": "water-pollution-control"})) == ["water"]


def test_labs_are_searched_by_name_and_description(client):
    JointLabFactory(name="Joint Lab for Desalination", slug="desal")
    JointLabFactory(name="Other lab", slug="other", description="Membrane desalination work")
    JointLabFactory(name="Solar lab", slug="solar")
    assert sorted(slugs(client.get(LABS_URL, {"search": "desalination"}))) == ["desal", "other"]


def test_labs_api_is_read_only(client, curator_client):
    lab = JointLabFactory()
    assert client.post(LABS_URL, {"name": "x"}).status_code == 405
    response = curator_client.delete(reverse("lab-detail", args=[lab.slug]))
    assert response.status_code == 405
    lab.refresh_from_db()  # still there


@pytest.mark.parametrize("count", [1, 3])
def test_lab_list_query_count_does_not_grow_with_labs(client, django_assert_max_num_queries, count):
    areas = GreenAreaFactory.create_batch(2)
    for lab in JointLabFactory.create_batch(count, research_areas=areas):
        LabPartnerFactory.create_batch(2, lab=lab)
        LabOutputFactory(lab=lab)
    # count, labs with centre and output count, partners with institutions, research areas
    with django_assert_max_num_queries(4):
        response = client.get(LABS_URL)
    assert len(response.json()["results"]) == count


def test_outputs_list_shows_lab_and_filters_by_lab_kind_and_year(client):
    lab = JointLabFactory(slug="cegt-lab")
    LabOutputFactory(lab=lab, kind=LabOutput.Kind.PATENT, year=2020, title="Patent A")
    LabOutputFactory(lab=lab, kind=LabOutput.Kind.PUBLICATION, year=2021, title="Paper B")
    LabOutputFactory(kind=LabOutput.Kind.PATENT, year=2020, title="Patent C")

    def titles(params):
        response = client.get(OUTPUTS_URL, params)
        assert response.status_code == 200
        return [row["title"] for row in response.json()["results"]]

    assert titles({}) == ["Paper B", "Patent A", "Patent C"]
    assert titles({"lab": "cegt-lab"}) == ["Paper B", "Patent A"]
    assert titles({"kind": "patent"}) == ["Patent A", "Patent C"]
    assert titles({"year": 2021}) == ["Paper B"]
    row = client.get(OUTPUTS_URL, {"year": 2021}).json()["results"][0]
    assert row["lab"] == "cegt-lab"
    assert row["kind"] == "publication"


@pytest.mark.parametrize("count", [1, 3])
def test_output_list_query_count_does_not_grow_with_outputs(
    client, django_assert_max_num_queries, count
):
    LabOutputFactory.create_batch(count)
    with django_assert_max_num_queries(2):
        response = client.get(OUTPUTS_URL)
    assert len(response.json()["results"]) == count
