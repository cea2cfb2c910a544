import pytest
from django.urls import reverse

from labs.models import LabOutput, LabPartner, LabStatus
from tests.factories import CentreFactory, GreenAreaFactory, InstitutionFactory

from .factories import JointLabFactory, LabOutputFactory, LabPartnerFactory

pytestmark = pytest.mark.django_db

LABS_URL = reverse("labs:list")


def names(response):
    assert response.status_code == 200
    return [lab.name for lab in response.context["results"]]


def test_lab_list_shows_centre_partners_countries_areas_and_outputs(client):
    area = GreenAreaFactory(name="Membrane filtration")
    lab = JointLabFactory(
        name="China-Kenya Water Lab", partner_countries=["KE"], research_areas=[area]
    )
    LabPartnerFactory(lab=lab, institution__name="Nairobi University")
    LabOutputFactory.create_batch(2, lab=lab)

    response = client.get(LABS_URL)

    text = response.content.decode()
    assert names(response) == ["China-Kenya Water Lab"]
    assert response.context["results"][0].outputs_count == 2
    for expected in ("Nairobi University", "Kenya", "Membrane filtration", lab.centre.name):
        assert expected in text
    assert reverse("labs:detail", args=[lab.slug]) in text
    assert reverse("countries:detail", args=["KE"]) in text


def test_lab_search_matches_english_and_chinese_names(client):
    JointLabFactory(name="Water Lab", name_zh="水处理联合实验室")
    JointLabFactory(name="Solar Lab", name_zh="太阳能联合实验室")

    assert names(client.get(LABS_URL, {"q": "solar"})) == ["Solar Lab"]
    assert names(client.get(LABS_URL, {"q": "水处理"})) == ["Water Lab"]


def test_lab_filter_by_partner_country_includes_partner_institutions(client):
    JointLabFactory(name="A Kenya Lab", partner_countries=["KE"])
    thai = JointLabFactory(name="B Thai Lab", partner_countries=["TH"])
    LabPartnerFactory(lab=thai, institution=InstitutionFactory(country="KE"))
    JointLabFactory(name="C Pakistan Lab", partner_countries=["PK"])

    assert names(client.get(LABS_URL, {"country": "KE"})) == ["A Kenya Lab", "B Thai Lab"]
    assert names(client.get(LABS_URL, {"country": "PK"})) == ["C Pakistan Lab"]


def test_lab_filter_by_research_area_and_status(client):
    water = GreenAreaFactory(code="water-lab-area", name="Lab water area")
    JointLabFactory(name="Water Lab", research_areas=[water])
    JointLabFactory(name="Planned Lab", status=LabStatus.PLANNED)

    assert names(client.get(LABS_URL, {"area": "water-lab-area"})) == ["Water Lab"]
    assert names(client.get(LABS_URL, {"status": "planned"})) == ["Planned Lab"]
    assert names(client.get(LABS_URL, {"status": "planned", "q": "water"})) == []


def test_lab_filter_form_offers_only_partner_countries_and_has_labels(client):
    JointLabFactory(partner_countries=["KE", "TH"])

    response = client.get(LABS_URL)

    choices = [code for code, _ in response.context["form"].fields["country"].choices]
    assert choices == ["", "KE", "TH"]
    text = response.content.decode()
    for field in ("q", "country", "area", "status"):
        assert f'<label for="id_{field}">' in text


def test_lab_list_says_when_nothing_matches(client):
    JointLabFactory(name="Water Lab")

    response = client.get(LABS_URL, {"q": "fusion"})

    assert "No joint laboratory matches this search" in response.content.decode()


def test_lab_list_paginates_by_twenty(client):
    JointLabFactory.create_batch(21)

    assert len(client.get(LABS_URL).context["results"]) == 20
    assert len(client.get(LABS_URL, {"page": 2}).context["results"]) == 1
    assert len(client.get(LABS_URL, {"page": 99}).context["results"]) == 1


@pytest.mark.parametrize("count", [1, 3])
def test_lab_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    areas = GreenAreaFactory.create_batch(2)
    for lab in JointLabFactory.create_batch(count, research_areas=areas):
        LabPartnerFactory.create_batch(2, lab=lab)
        LabOutputFactory(lab=lab)
    # country choices (2), areas for the form, count, labs, partners, research areas
    with django_assert_max_num_queries(7):
        response = client.get(LABS_URL)
    assert len(response.context["results"]) == count


def test_lab_page_shows_centre_partners_with_roles_countries_areas_and_outputs(client):
    centre = CentreFactory(name="Green Centre")
    lab = JointLabFactory(
        slug="kenya-water",
        centre=centre,
        partner_countries=["KE", "TH"],
        research_areas=[GreenAreaFactory(name="Desalination research")],
    )
    LabPartnerFactory(lab=lab, institution__name="Nairobi University", role=LabPartner.Role.HOST)
    LabOutputFactory(lab=lab, title="Solar still field test", kind=LabOutput.Kind.PATENT)

    response = client.get(reverse("labs:detail", args=["kenya-water"]))

    text = response.content.decode()
    for expected in (
        "Green Centre",
        "Nairobi University",
        "Host",
        "Kenya",
        "Thailand",
        "Desalination research",
        "Solar still field test",
        "Patent",
    ):
        assert expected in text


def test_unknown_lab_is_404(client):
    assert client.get(reverse("labs:detail", args=["no-such-lab"])).status_code == 404


def test_lab_page_shows_the_chinese_name_under_zh_hans(client):
    JointLabFactory(
        slug="sl-water",
        name="China-Sri Lanka Joint Research and Demonstration Centre for Water Technology",
        name_zh="中国-斯里兰卡水技术研究与示范联合中心",
    )

    response = client.get(reverse("labs:detail", args=["sl-water"]), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "<h1>中国-斯里兰卡水技术研究与示范联合中心</h1>" in response.content.decode()
