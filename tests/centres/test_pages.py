import datetime

import pytest
from django.urls import reverse

from centres.models import InstitutionKind
from labs.models import LabPartner
from tests.factories import CentreFactory, GreenAreaFactory, InstitutionFactory
from tests.labs.factories import JointLabFactory, LabPartnerFactory
from tests.technologies.factories import (
    PublishedTechnologyFactory,
    TechnologyFactory,
    TechnologyNeedFactory,
    TransferCaseFactory,
)

pytestmark = pytest.mark.django_db

CENTRES_URL = reverse("centres:centre_list")
INSTITUTIONS_URL = reverse("centres:institution_list")


def listed(response, names):
    """Which of the names the page shows."""
    assert response.status_code == 200
    text = response.content.decode()
    return {name for name in names if name in text}


def test_centre_list_shows_centres_with_host_and_lab_count(client):
    host = InstitutionFactory(name="Chinese Academy of Sciences", slug="cas")
    centre = CentreFactory(name="Centre for Green Technology", slug="cegt", host_institution=host)
    JointLabFactory.create_batch(2, centre=centre)

    response = client.get(CENTRES_URL)

    assert response.status_code == 200
    assert response.context["results"] == [centre]
    assert response.context["results"][0].labs_count == 2
    assert "Chinese Academy of Sciences" in response.content.decode()
    assert reverse("centres:centre_detail", args=["cegt"]) in response.content.decode()


def test_centre_search_matches_english_and_chinese_names(client):
    CentreFactory(name="Green Technology Centre", name_zh="绿色技术卓越中心")
    CentreFactory(name="Water Centre", name_zh="水中心")
    names = ["Green Technology Centre", "Water Centre"]

    assert listed(client.get(CENTRES_URL, {"q": "green"}), names) == {"Green Technology Centre"}
    assert listed(client.get(CENTRES_URL, {"q": "水"}), names) == {"Water Centre"}


def test_centre_filter_by_host_country_narrows_the_list(client):
    CentreFactory(name="Beijing Centre", host_institution__country="CN")
    CentreFactory(name="Nairobi Centre", host_institution__country="KE")

    response = client.get(CENTRES_URL, {"country": "KE"})

    assert [c.name for c in response.context["results"]] == ["Nairobi Centre"]
    assert [code for code, _ in response.context["form"].fields["country"].choices][1:] == [
        "CN",
        "KE",
    ]


def test_centre_list_says_when_nothing_matches(client):
    CentreFactory(name="Green Centre")

    response = client.get(CENTRES_URL, {"q": "nothing like this"})

    assert response.context["results"] == []
    assert "No centre matches this search" in response.content.decode()


def test_an_invalid_filter_is_named_and_ignored(client):
    CentreFactory(name="Green Centre")

    response = client.get(CENTRES_URL, {"country": "ZZ"})

    assert response.status_code == 200
    assert len(response.context["results"]) == 1
    assert "This filter was ignored" in response.content.decode()


def test_centre_list_paginates_by_twenty_and_keeps_the_filters(client):
    for n in range(23):
        CentreFactory(name=f"Centre {n:02}", host_institution__country="KE")

    first = client.get(CENTRES_URL, {"country": "KE"})
    second = client.get(CENTRES_URL, {"country": "KE", "page": 2})

    assert len(first.context["results"]) == 20
    assert len(second.context["results"]) == 3
    assert "?country=KE&amp;page=2" in first.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_centre_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    areas = GreenAreaFactory.create_batch(2)
    for centre in CentreFactory.create_batch(count):
        centre.focus_areas.set(areas)
        CentreFactory(parent=centre)
    # session-free page: country choices, count, centres, sub-centres, focus areas
    with django_assert_max_num_queries(6):
        response = client.get(CENTRES_URL)
    assert len(response.context["results"]) == count * 2


def test_centre_page_shows_host_parent_sub_centres_mission_areas_and_labs(client):
    parent = CentreFactory(name="Parent Centre", slug="parent")
    centre = CentreFactory(
        name="Green Centre",
        slug="green",
        parent=parent,
        mission="Bring green technology to developing countries.",
        established=datetime.date(2013, 5, 1),
    )
    centre.focus_areas.set([GreenAreaFactory(name="Wetland engineering")])
    CentreFactory(name="Sub Centre", parent=centre)
    JointLabFactory(centre=centre, name="Kenya Water Lab")

    response = client.get(reverse("centres:centre_detail", args=["green"]))

    text = response.content.decode()
    for expected in (
        "Parent Centre",
        "Sub Centre",
        "Bring green technology to developing countries.",
        "Wetland engineering",
        "Kenya Water Lab",
        centre.host_institution.name,
    ):
        assert expected in text


def test_unknown_centre_is_404(client):
    assert client.get(reverse("centres:centre_detail", args=["missing"])).status_code == 404


def test_centre_page_shows_the_chinese_name_under_zh_hans(client):
    CentreFactory(
        slug="cegt",
        name="CAS-TWAS Centre of Excellence for Green Technology",
        name_zh="中国科学院-发展中国家科学院绿色技术卓越中心",
    )

    response = client.get(
        reverse("centres:centre_detail", args=["cegt"]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert "<h1>中国科学院-发展中国家科学院绿色技术卓越中心</h1>" in response.content.decode()


def test_institution_list_filters_by_kind_and_country_and_searches(client):
    InstitutionFactory(name="Nairobi University", kind=InstitutionKind.UNIVERSITY, country="KE")
    InstitutionFactory(name="Nairobi Water Co", kind=InstitutionKind.ENTERPRISE, country="KE")
    InstitutionFactory(name="Tsinghua University", name_zh="清华大学", country="CN")
    names = ["Nairobi University", "Nairobi Water Co", "Tsinghua University"]

    assert listed(client.get(INSTITUTIONS_URL, {"country": "KE"}), names) == set(names[:2])
    assert listed(client.get(INSTITUTIONS_URL, {"kind": "enterprise"}), names) == {names[1]}
    assert listed(client.get(INSTITUTIONS_URL, {"q": "清华"}), names) == {names[2]}
    empty = client.get(INSTITUTIONS_URL, {"q": "nobody"})
    assert "No institution matches this search" in empty.content.decode()


def test_institution_filter_form_has_labels(client):
    InstitutionFactory()

    text = client.get(INSTITUTIONS_URL).content.decode()

    for field in ("q", "country", "kind"):
        assert f'<label for="id_{field}">' in text


@pytest.mark.parametrize("count", [1, 3])
def test_institution_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    for institution in InstitutionFactory.create_batch(count):
        LabPartnerFactory(institution=institution)
    with django_assert_max_num_queries(3):
        response = client.get(INSTITUTIONS_URL)
    assert len(response.context["results"]) >= count


def test_institution_page_shows_labs_published_technologies_transfers_and_needs(client):
    nairobi = InstitutionFactory(name="Nairobi University", slug="nairobi", country="KE")
    LabPartnerFactory(institution=nairobi, lab__name="Kenya Water Lab", role=LabPartner.Role.HOST)
    PublishedTechnologyFactory(provider=nairobi, name="Solar dryer")
    TechnologyFactory(provider=nairobi, name="Secret draft kiln")
    TransferCaseFactory(partner=nairobi, title="Wetland in Kisumu", technology=None)
    TechnologyNeedFactory(institution=nairobi, title="Rainwater harvesting")
    TechnologyNeedFactory(institution=nairobi, title="Hidden need", is_published=False)

    response = client.get(reverse("centres:institution_detail", args=["nairobi"]))

    text = response.content.decode()
    for expected in ("Kenya Water Lab", "Host", "Solar dryer", "Wetland in Kisumu"):
        assert expected in text
    assert "Rainwater harvesting" in text
    assert "Secret draft kiln" not in text
    assert "Hidden need" not in text


def test_unknown_institution_is_404(client):
    assert client.get(reverse("centres:institution_detail", args=["nope"])).status_code == 404


def test_institution_page_shows_the_chinese_name_under_zh_hans(client):
    InstitutionFactory(slug="thu", name="Tsinghua University", name_zh="清华大学")

    response = client.get(
        reverse("centres:institution_detail", args=["thu"]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    text = response.content.decode()
    assert "<h1>清华大学</h1>" in text
    assert "Tsinghua University" in text
