"""The public transfer cases: the directory (search, country and year filters) and one page each."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from technologies.models import TechnologyStatus
from tests.factories import InstitutionFactory
from tests.technologies.factories import (
    ImpactIndicatorFactory,
    PublishedTechnologyFactory,
    TransferCaseFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("transfers:list")


def _slugs(response) -> list[str]:
    return re.findall(r'<li class="card" data-case="([\w-]+)">', response.content.decode())


def test_directory_lists_every_case_newest_year_first_with_its_indicators(client):
    old = TransferCaseFactory(slug="old", year=2015)
    new = TransferCaseFactory(slug="new", year=2023)
    undated = TransferCaseFactory(slug="undated", year=None)
    ImpactIndicatorFactory(transfer_case=new, name="Jobs created", value=Decimal("35"), unit="")
    ImpactIndicatorFactory(
        transfer_case=new, name="Energy saved", value=Decimal("1250.50"), unit="MWh/year"
    )
    response = client.get(LIST)
    assert response.status_code == 200
    assert _slugs(response) == [new.slug, old.slug, undated.slug]
    html = response.content.decode()
    assert "Jobs created" in html and ">35<" in html
    assert "1,250.50 MWh/year" in html
    assert reverse("transfers:detail", args=[new.slug]) in html
    assert "3 transfer cases found" in html


def test_directory_searches_titles_descriptions_and_partners(client):
    TransferCaseFactory(slug="biogas", title="Biogas digesters for dairy farms")
    TransferCaseFactory(slug="solar", description="Solar pumps replace diesel pumps.")
    TransferCaseFactory(slug="partnered", partner=InstitutionFactory(name="Lake Basin Authority"))
    assert _slugs(client.get(LIST, {"q": "biogas"})) == ["biogas"]
    assert _slugs(client.get(LIST, {"q": "DIESEL"})) == ["solar"]
    assert _slugs(client.get(LIST, {"q": "lake basin"})) == ["partnered"]


def test_search_finds_a_case_by_its_technology_only_while_that_is_published(client):
    published = PublishedTechnologyFactory(name="Membrane bioreactor")
    hidden = PublishedTechnologyFactory(name="Secret reactor", status=TechnologyStatus.REJECTED)
    TransferCaseFactory(slug="with-published", technology=published)
    TransferCaseFactory(slug="with-hidden", technology=hidden)
    assert _slugs(client.get(LIST, {"q": "membrane"})) == ["with-published"]
    assert _slugs(client.get(LIST, {"q": "secret"})) == []


def test_directory_filters_by_country_and_by_year(client):
    # Titles fixed: cases of one year are listed by title, and the factory's numbered titles
    # sort differently once the sequence passes 9 ("... 10" before "... 9").
    TransferCaseFactory(slug="kenya-2021", title="A wetland in Kenya", country="KE", year=2021)
    TransferCaseFactory(slug="kenya-2019", title="A biogas plant in Kenya", country="KE", year=2019)
    TransferCaseFactory(slug="thailand-2021", title="B mill in Thailand", country="TH", year=2021)
    assert _slugs(client.get(LIST, {"country": "KE"})) == ["kenya-2021", "kenya-2019"]
    assert _slugs(client.get(LIST, {"year": "2021"})) == ["kenya-2021", "thailand-2021"]
    assert _slugs(client.get(LIST, {"country": "TH", "year": "2021"})) == ["thailand-2021"]
    html = client.get(LIST).content.decode()
    assert '<option value="KE">Kenya</option>' in html
    assert '<option value="2019">2019</option>' in html


@pytest.mark.parametrize(
    "query",
    [{"country": "ZZ"}, {"year": "soon"}, {"year": "1850"}, {"q": "x" * 500}, {"page": "many"}],
)
def test_a_bad_filter_is_ignored_and_named_instead_of_failing(client, query):
    TransferCaseFactory(slug="only")
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert _slugs(response) == ["only"]
    if "page" not in query:
        assert "This filter was ignored." in response.content.decode()


def test_directory_pages_keep_the_filters(client):
    for number in range(22):
        TransferCaseFactory(slug=f"case-{number:02}", country="KE", year=2020)
    response = client.get(LIST, {"country": "KE"})
    assert len(_slugs(response)) == 20
    html = response.content.decode()
    assert 'href="/transfer-cases/?country=KE&amp;page=2" rel="next"' in html
    assert len(_slugs(client.get(LIST, {"country": "KE", "page": "2"}))) == 2


def test_directory_with_no_match_says_so(client):
    response = client.get(LIST, {"q": "nothing like this"})
    assert "No transfer case matches this search." in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_directory_query_count_does_not_grow_with_the_cases(
    client, django_assert_max_num_queries, count
):
    for _ in range(count):
        case = TransferCaseFactory()
        ImpactIndicatorFactory.create_batch(2, transfer_case=case)
    with django_assert_max_num_queries(5):
        response = client.get(LIST)
    assert len(_slugs(response)) == count


def test_case_page_shows_the_case_its_impact_and_its_pool_technology(client):
    technology = PublishedTechnologyFactory(name="Constructed wetland")
    case = TransferCaseFactory(
        technology=technology,
        title="Wetland for Kisumu",
        description="Treats the wastewater of 4,000 people.",
        country="KE",
        year=2021,
    )
    ImpactIndicatorFactory(transfer_case=case, name="Wastewater treated", value=Decimal("1200"))
    response = client.get(reverse("transfers:detail", args=[case.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="case-title">Wetland for Kisumu</h1>' in html
    assert "Treats the wastewater of 4,000 people." in html
    assert '<th scope="row">Wastewater treated</th><td>1,200</td><td>m3/day</td>' in html
    assert reverse("technologies:pool_detail", args=[technology.slug]) in html
    assert reverse("countries:detail", args=["KE"]) in html


def test_case_page_does_not_link_a_technology_that_is_not_published(client):
    hidden = PublishedTechnologyFactory(status=TechnologyStatus.ARCHIVED)
    case = TransferCaseFactory(technology=hidden)
    html = client.get(reverse("transfers:detail", args=[case.slug])).content.decode()
    assert reverse("technologies:pool_detail", args=[hidden.slug]) not in html
    assert hidden.name not in html
    assert "Not in the technology pool" in html


def test_case_page_shows_the_chinese_title_and_description_in_chinese(client):
    case = TransferCaseFactory(title="Wetland", title_zh="人工湿地", description_zh="处理污水。")
    response = client.get(
        reverse("transfers:detail", args=[case.slug]), headers={"accept-language": "zh-hans"}
    )
    html = response.content.decode()
    assert "人工湿地" in html and "处理污水。" in html
    translation.activate("en")


def test_an_unknown_case_is_a_404(client):
    assert client.get(reverse("transfers:detail", args=["no-such-case"])).status_code == 404


def test_the_pages_refuse_a_post(client):
    case = TransferCaseFactory()
    assert client.post(LIST).status_code == 405
    assert client.post(reverse("transfers:detail", args=[case.slug])).status_code == 405


def test_the_public_api_lists_transfer_cases(client):
    case = TransferCaseFactory(country="TH", year=2022)
    response = client.get("/api/transfer-cases/", {"country": "TH"})
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["results"]] == [case.slug]
