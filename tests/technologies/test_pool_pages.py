"""The public pool pages: the catalogue (/technologies/) and an entry (/technologies/<slug>/)."""

import datetime as dt
import re
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from technologies.models import IntellectualProperty, TechnologyStatus
from tests.factories import GreenAreaFactory, InstitutionFactory
from tests.technologies.factories import (
    ApplicationCaseFactory,
    CollectionCallFactory,
    ImpactIndicatorFactory,
    PublishedTechnologyFactory,
    TechnologyFactory,
    TransferCaseFactory,
)

pytestmark = pytest.mark.django_db

POOL = reverse("technologies:pool")
NOT_PUBLISHED = sorted(set(TechnologyStatus.values) - {TechnologyStatus.ACCEPTED})
# Green areas, the count with the four facets (one query on PostgreSQL; a count and one grouped
# query per facet elsewhere), rows; nothing per row. A search on PostgreSQL reads the count, the
# facets and the page's ids in one statement, between telling the planner to read matches from
# the GIN index and telling it back, then loads the page's rows.
LIST_QUERIES = 5 if connection.vendor == "postgresql" else 7
# The entry, its application cases, its transfer cases (with partners), their indicators, and
# the needs it could answer.
DETAIL_QUERIES = 5


def indexed(days_ago=1, **kwargs):
    technology = PublishedTechnologyFactory(
        published_at=timezone.now() - dt.timedelta(days=days_ago), **kwargs
    )
    return technology


def listed(response):
    assert response.status_code == 200
    return [technology.name for technology in response.context["technologies"]]


def detail_url(technology):
    return reverse("technologies:pool_detail", args=[technology.slug])


def facet_counts(response, name):
    facet = next(f for f in response.context["facets"] if f.name == name)
    return {option.value: option.count for option in facet.options}


def status_text(html):
    match = re.search(r'<p role="status"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no role=status element"
    return " ".join(match.group(1).split())


# --- what is listed and reachable ------------------------------------------------------------


def test_catalogue_lists_published_technologies_with_their_area_provider_and_trl(client):
    area = GreenAreaFactory(code="water-pollution-control", name="Water pollution control")
    provider = InstitutionFactory(name="Research Centre for Eco-Environmental Sciences")
    technology = indexed(name="Reed bed", green_area=area, provider=provider, trl=7)

    response = client.get(POOL)
    html = response.content.decode()

    assert listed(response) == ["Reed bed"]
    assert f'href="{detail_url(technology)}"' in html
    assert "Water pollution control" in html
    assert "Research Centre for Eco-Environmental Sciences (China)" in html
    assert "System prototype demonstrated in an operational environment" in html
    assert "Kenya, Thailand" in html  # the factory's target countries
    assert status_text(html) == "1 technology found"


@pytest.mark.parametrize("status", NOT_PUBLISHED)
def test_unpublished_technology_is_never_listed_nor_reachable(client, status):
    technology = TechnologyFactory(name="Hidden kiln", status=status)

    assert listed(client.get(POOL)) == []
    assert listed(client.get(POOL, {"q": "kiln"})) == []
    assert client.get(detail_url(technology)).status_code == 404


@pytest.mark.parametrize("status", NOT_PUBLISHED)
def test_staff_get_a_404_for_unpublished_entries_too(curator_client, status):
    # Staff see declarations in every state in the admin; the public pool shows the pool.
    technology = TechnologyFactory(status=status)

    assert curator_client.get(detail_url(technology)).status_code == 404
    assert listed(curator_client.get(POOL)) == []


def test_unknown_slug_is_a_404(client):
    assert client.get("/technologies/no-such-technology/").status_code == 404


def test_pool_pages_refuse_writes(client):
    technology = indexed()

    assert client.post(POOL).status_code == 405
    assert client.post(detail_url(technology)).status_code == 405


# --- search ----------------------------------------------------------------------------------


def test_search_finds_words_of_the_name_and_summary(client):
    indexed(name="Biochar kiln", summary="Turns crop straw into soil carbon.")
    indexed(name="Reed bed", summary="Cleans village wastewater.")

    assert listed(client.get(POOL, {"q": "kiln"})) == ["Biochar kiln"]
    assert listed(client.get(POOL, {"q": "straw"})) == ["Biochar kiln"]
    response = client.get(POOL, {"q": "desalination"})
    assert listed(response) == []
    assert status_text(response.content.decode()) == "0 technologies found"
    assert "No published technology matches this search" in response.content.decode()


def test_search_lists_a_name_match_before_a_summary_only_match(client):
    indexed(name="Solar dryer", summary="Dries fruit with sunlight.", days_ago=5)
    indexed(name="Biochar kiln", summary="Uses the heat of a solar dryer.", days_ago=1)

    assert listed(client.get(POOL)) == ["Biochar kiln", "Solar dryer"]
    assert listed(client.get(POOL, {"q": "dryer"})) == ["Solar dryer", "Biochar kiln"]


@pytest.mark.parametrize("words", ['"unclosed quote', "-", "a | b & !c", "the", "(kiln", "'"])
def test_search_syntax_never_fails(client, words):
    indexed(name="Biochar kiln")

    response = client.get(POOL, {"q": words})

    assert response.status_code == 200
    assert 'role="alert"' not in response.content.decode()


def test_search_finds_the_chinese_name(client):
    indexed(name="Constructed wetland", name_zh="人工湿地")
    indexed(name="Biochar kiln", name_zh="生物炭窑")

    assert listed(client.get(POOL, {"q": "湿地"})) == ["Constructed wetland"]


def test_search_box_keeps_the_words_searched(client):
    indexed(name="Biochar kiln")

    html = client.get(POOL, {"q": 'kiln "straw"'}).content.decode()

    assert 'value="kiln &quot;straw&quot;"' in html


# --- facets ----------------------------------------------------------------------------------


@pytest.fixture
def catalogue():
    water = GreenAreaFactory(code="water", name="Water")
    air = GreenAreaFactory(code="air", name="Air")
    chinese = InstitutionFactory(country="CN")
    kenyan = InstitutionFactory(country="KE")
    indexed(
        name="Reed bed", green_area=water, provider=chinese, trl=7, target_countries=["KE", "TH"]
    )
    indexed(name="Solar still", green_area=water, provider=kenyan, trl=9, target_countries=["KE"])
    indexed(name="Bag filter", green_area=air, provider=chinese, trl=7, target_countries=[])
    TechnologyFactory(green_area=water, provider=chinese, trl=7, target_countries=["KE", "VN"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"green_area": "water"}, {"Reed bed", "Solar still"}),
        ({"provider_country": "KE"}, {"Solar still"}),
        ({"trl": ["7"]}, {"Reed bed", "Bag filter"}),
        ({"trl": ["7", "9"]}, {"Reed bed", "Solar still", "Bag filter"}),
        ({"target_country": "TH"}, {"Reed bed"}),
        ({"target_country": "KE"}, {"Reed bed", "Solar still"}),
        ({"green_area": "water", "trl": ["9"]}, {"Solar still"}),
    ],
)
def test_each_facet_filters_the_catalogue(client, catalogue, query, expected):
    assert set(listed(client.get(POOL, query))) == expected


def test_facets_show_counts_for_the_current_results(client, catalogue):
    response = client.get(POOL, {"green_area": "water"})

    assert facet_counts(response, "green_area") == {"water": 2, "air": 1}
    assert facet_counts(response, "provider_country") == {"CN": 1, "KE": 1}
    assert facet_counts(response, "target_country") == {"KE": 2, "TH": 1}
    assert facet_counts(response, "trl")["7"] == 1
    assert facet_counts(response, "trl")["9"] == 1
    html = response.content.decode()
    assert re.search(r'<label for="facet-target_country-KE">\s*Kenya <span[^>]*>\(2\)', html)
    assert re.search(r'id="facet-green_area-water" value="water" checked>', html)


def test_facets_are_fieldsets_with_legends_and_labelled_controls(client, catalogue):
    html = client.get(POOL, {"trl": "7"}).content.decode()
    page = ControlsAndLabels()
    page.feed(html)

    assert page.legends == [
        "Green area",
        "Provider country",
        "Technology readiness level",
        "Target country",
    ]
    assert page.controls, "no form controls found"
    unlabelled = [control for control in page.controls if control not in page.labels]
    assert unlabelled == []
    assert 'id="facet-trl-7" value="7" checked>' in html


def test_chosen_filters_are_shown_with_a_link_that_removes_each(client, catalogue):
    response = client.get(POOL, {"q": "bed", "green_area": "water", "trl": ["7", "9"]})
    html = unescape(response.content.decode())

    chosen = {
        (item.label, item.value): item.remove_query for item in response.context["active_filters"]
    }
    assert chosen == {
        ("Search", "bed"): "?green_area=water&trl=7&trl=9",
        ("Green area", "Water"): "?q=bed&trl=7&trl=9",
        ("Readiness level", "7"): "?q=bed&green_area=water&trl=9",
        ("Readiness level", "9"): "?q=bed&green_area=water&trl=7",
    }
    for remove_query in chosen.values():
        assert f'href="{POOL}{remove_query}"' in html
    assert listed(client.get(f"{POOL}?q=bed&trl=7&trl=9")) == ["Reed bed"]


# --- pagination ------------------------------------------------------------------------------


def test_pagination_shows_twenty_per_page_and_keeps_the_filters(client):
    water = GreenAreaFactory(code="water")
    for number in range(25):
        indexed(name=f"Water {number:02}", green_area=water, days_ago=number + 1)
    indexed(name="Air filter", days_ago=100)

    first = client.get(POOL, {"green_area": "water", "trl": "7"})
    html = unescape(first.content.decode())

    assert listed(first) == [f"Water {number:02}" for number in range(20)]
    assert status_text(html) == "25 technologies found"
    assert f'href="{POOL}?green_area=water&trl=7&page=2"' in html
    assert re.search(r'href="[^"]*\?green_area=water&trl=7" aria-current="page"', html)
    second = client.get(POOL, {"green_area": "water", "trl": "7", "page": "2"})
    assert listed(second) == [f"Water {number:02}" for number in range(20, 25)]
    assert re.search(
        r'aria-current="page"><span class="visually-hidden">Page </span>2</a>',
        second.content.decode(),
    )


def test_a_single_page_shows_no_page_links(client):
    indexed()

    assert 'aria-label="Pages of results"' not in client.get(POOL).content.decode()


@pytest.mark.parametrize(("page", "shown"), [("9999", 2), ("-3", 2), ("abc", 1), ("", 1)])
def test_a_page_out_of_range_shows_the_last_page_and_a_bad_one_the_first(client, page, shown):
    for number in range(21):
        indexed(name=f"Entry {number:02}", days_ago=number + 1)

    response = client.get(POOL, {"page": page})

    assert response.context["page_obj"].number == shown
    assert len(listed(response)) == (1 if shown == 2 else 20)


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"green_area": "no-such-area"}, "Green area"),
        ({"trl": "abc"}, "Technology readiness level"),
        ({"trl": ["7", "42"]}, "Technology readiness level"),
        ({"provider_country": "ZZ"}, "Provider country"),
        ({"target_country": "<script>"}, "Target country"),
        ({"q": "kiln\x00"}, "Search the pool"),
        ({"q": "k" * 500}, "Search the pool"),
    ],
)
def test_an_invalid_filter_is_ignored_with_a_visible_message(client, query, named):
    indexed(name="Biochar kiln")
    indexed(name="Reed bed")

    response = client.get(POOL, query)
    html = response.content.decode()

    assert set(listed(response)) == {"Biochar kiln", "Reed bed"}
    messages = re.search(r'<ul class="messages" role="alert">(.*?)</ul>', html, re.S)
    assert messages
    assert f"{named}:" in messages.group(1)
    assert "This filter was ignored." in messages.group(1)
    assert "<script>" not in html.split("<main", 1)[1]


def test_an_invalid_filter_does_not_drop_the_valid_ones(client, catalogue):
    response = client.get(POOL, {"green_area": "water", "trl": "abc"})

    assert set(listed(response)) == {"Reed bed", "Solar still"}
    assert 'role="alert"' in response.content.decode()


def test_a_valid_filter_without_matches_gives_an_empty_result(client, catalogue):
    response = client.get(POOL, {"target_country": "FR"})

    assert listed(response) == []
    assert 'role="alert"' not in response.content.decode()
    assert facet_counts(response, "target_country") == {"FR": 0, "KE": 2, "TH": 1}


# --- the entry page --------------------------------------------------------------------------


def full_entry():
    call = CollectionCallFactory(
        title="Technology Collection for the Green Belt and Road Technology Pool 2020"
    )
    technology = indexed(
        call=call,
        name="Constructed wetland",
        name_zh="人工湿地",
        green_area=GreenAreaFactory(code="water-pollution-control", name="Water pollution control"),
        provider=InstitutionFactory(name="Institute of Process Engineering", country="CN"),
        summary="Low-energy treatment of rural wastewater.",
        technical_principle="Reeds and gravel host bacteria that break down pollutants.",
        key_performance_indicators="COD removal above 85 %.",
        trl=8,
        intellectual_property=IntellectualProperty.PATENT_GRANTED,
        ip_details="Chinese patent ZL 2015 1 0000000.0",
        investment_usd=Decimal("120000.00"),
        operating_cost_usd_per_year=Decimal("3500.50"),
        co2e_avoided_t_per_year=Decimal("42.00"),
        applicable_conditions="Villages of 500 to 5,000 people; no frost for most of the year.",
        target_countries=["KE", "TH"],
        contact_name="Li Wei",
        contact_email="li.wei@provider.example",
        contact_phone="+86 10 1234 5678",
        feedback="Staff feedback that only the submitter reads.",
    )
    ApplicationCaseFactory(
        technology=technology,
        place="Nakuru",
        country="KE",
        year=2019,
        scale="500 m3/day",
        results="Effluent meets the national discharge standard.",
    )
    ImpactIndicatorFactory(
        transfer_case__technology=technology,
        transfer_case__title="Wetland for a village in Kenya",
        transfer_case__partner=InstitutionFactory(name="Egerton University", country="KE"),
        transfer_case__year=2021,
        name="Wastewater treated",
        value=Decimal("1200.00"),
        unit="m3/day",
    )
    return technology


def test_entry_page_shows_the_declaration_cases_and_transfers(client):
    technology = full_entry()

    response = client.get(detail_url(technology))
    html = unescape(" ".join(response.content.decode().split()))

    assert response.status_code == 200
    assert '<h1 id="pool-entry-title">Constructed wetland</h1>' in html
    assert '<p class="pool-other-name" lang="zh-Hans">人工湿地</p>' in html
    for text in [
        "Water pollution control",
        "Institute of Process Engineering (China)",
        "8</span> / 9: System complete and qualified",
        "Technology Collection for the Green Belt and Road Technology Pool 2020",
        "Low-energy treatment of rural wastewater.",
        "Reeds and gravel host bacteria",
        "COD removal above 85 %.",
        "Patent granted",
        "Chinese patent ZL 2015 1 0000000.0",
        "120,000 USD",
        "3,500.50 USD per year",
        "42 t CO<sub>2</sub>e per year",
        "Villages of 500 to 5,000 people",
        "<li>Kenya</li><li>Thailand</li>",
        '<th scope="row">Nakuru</th> <td>Kenya</td> <td>2019</td> <td>500 m3/day</td>',
        "Effluent meets the national discharge standard.",
        "Wetland for a village in Kenya",
        "Kenya, 2021; with Egerton University",
        "Wastewater treated: <strong>1,200</strong> m3/day",
        "Contact person: Li Wei (Institute of Process Engineering).",
        "contact the network",
    ]:
        assert text in html, text


def test_entry_page_never_shows_the_providers_e_mail_phone_or_staff_feedback(client):
    technology = full_entry()

    html = client.get(detail_url(technology)).content.decode()

    assert "li.wei@provider.example" not in html
    assert "+86 10 1234 5678" not in html
    assert "mailto:" not in html
    assert "Staff feedback" not in html


def test_entry_page_says_when_no_case_is_recorded(client):
    technology = indexed(name="Solar still")

    html = client.get(detail_url(technology)).content.decode()

    assert "No application case recorded." in html
    assert "No transfer case recorded yet." in html


def test_chinese_names_are_shown_to_chinese_readers(client):
    technology = full_entry()
    chinese = {"accept-language": "zh-hans"}

    listing = client.get(POOL, headers=chinese).content.decode()
    entry = client.get(detail_url(technology), headers=chinese).content.decode()

    assert f'<a href="{detail_url(technology)}">人工湿地</a>' in listing
    assert '<h1 id="pool-entry-title">人工湿地</h1>' in entry
    assert '<p class="pool-other-name" lang="en">Constructed wetland</p>' in entry
    english = client.get(detail_url(technology)).content.decode()
    assert '<h1 id="pool-entry-title">Constructed wetland</h1>' in english


def test_english_name_is_kept_for_chinese_readers_when_there_is_no_chinese_name(client):
    technology = indexed(name="Solar still", name_zh="")

    entry = client.get(detail_url(technology), headers={"accept-language": "zh-hans"})

    assert '<h1 id="pool-entry-title">Solar still</h1>' in entry.content.decode()


# --- queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("published", [1, 3, 25])
def test_catalogue_queries_do_not_grow_with_the_pool(
    client, django_assert_max_num_queries, published
):
    for number in range(published):
        technology = indexed(
            name=f"Reed bed {number}",
            provider=InstitutionFactory(country=["CN", "KE", "TH"][number % 3]),
            target_countries=["KE", "TH", "VN"][: number % 3 + 1],
        )
        ApplicationCaseFactory(technology=technology)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(POOL)
    with django_assert_max_num_queries(LIST_QUERIES):
        filtered = client.get(POOL, {"q": "reed", "trl": ["7", "8"], "target_country": "KE"})

    assert len(listed(response)) == min(published, 20)
    assert len(listed(filtered)) == min(published, 20)


@pytest.mark.parametrize("cases", [1, 3])
def test_entry_page_queries_do_not_grow_with_its_cases(
    client, django_assert_max_num_queries, cases
):
    technology = indexed()
    for _number in range(cases):
        ApplicationCaseFactory(technology=technology)
        ImpactIndicatorFactory.create_batch(
            2, transfer_case=TransferCaseFactory(technology=technology)
        )

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(detail_url(technology))

    assert len(response.context["transfer_cases"]) == cases
    assert response.content.decode().count('<th scope="row">') == cases


class ControlsAndLabels(HTMLParser):
    """Collects the ids of visible form controls inside <main>, the `for` of labels and the
    text of legends."""

    def __init__(self):
        super().__init__()
        self.in_main = False
        self.in_legend = False
        self.controls, self.labels, self.legends = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag in {"input", "select", "textarea"} and attrs.get("type") != "hidden":
            self.controls.append(attrs.get("id"))
        elif tag == "label":
            self.labels.add(attrs.get("for"))
        elif tag == "legend":
            self.in_legend = True
            self.legends.append("")

    def handle_endtag(self, tag):
        if tag == "legend":
            self.in_legend = False
        elif tag == "main":
            self.in_main = False

    def handle_data(self, data):
        if self.in_legend:
            self.legends[-1] += data.strip()
