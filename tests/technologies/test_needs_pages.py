"""The needs directory, a need's page with its matches, the staff buttons, and the needs a
technology could answer on its pool page."""

import pytest
from django.urls import reverse
from django.utils import translation

from technologies.models import NeedMatch, NeedMatchStatus, Technology
from tests.factories import ExpertFactory, GreenAreaFactory, PartnerFactory
from tests.technologies.factories import PublishedTechnologyFactory, TechnologyNeedFactory

pytestmark = pytest.mark.django_db

NEEDS = reverse("technologies:need_list")
# Green areas, the needs' countries, the count and the page of needs.
LIST_QUERIES = 4
# The need, then its ranked technologies in one query.
NEED_QUERIES = 2
# A pool entry (4 queries, see test_pool_pages) plus the needs it could answer.
ENTRY_QUERIES = 5


def need_url(need):
    return reverse("technologies:need_detail", args=[need.slug])


def decide_url(need, technology):
    return reverse("technologies:need_match_decide", args=[need.slug, technology.slug])


def indexed(**kwargs) -> Technology:
    technology = PublishedTechnologyFactory(**kwargs)
    return technology


def listed(response):
    assert response.status_code == 200
    return [need.title for need in response.context["needs"]]


@pytest.fixture
def water():
    return GreenAreaFactory(code="water", name="Water", name_zh="水")


@pytest.fixture
def need(water):
    return TechnologyNeedFactory(
        title="Solar desalination of brackish groundwater",
        title_zh="苦咸地下水的太阳能淡化",
        description="Villages pump brackish groundwater.",
        green_area=water,
        country="PK",
    )


@pytest.fixture
def technology(water):
    return indexed(
        name="Solar desalination unit",
        summary="Turns brackish groundwater into drinking water.",
        green_area=water,
    )


# --- the directory ---------------------------------------------------------------------------


def test_the_directory_lists_published_needs_only(client, need):
    TechnologyNeedFactory(title="Hidden need", is_published=False)

    assert listed(client.get(NEEDS)) == [need.title]


def test_the_directory_searches_and_filters_by_country_and_area(client, need, water):
    air = GreenAreaFactory(code="air", name="Air")
    TechnologyNeedFactory(title="Clean air for Bangkok", country="TH", green_area=air)
    TechnologyNeedFactory(title="Wetlands for Nairobi", country="KE", green_area=water)

    assert listed(client.get(NEEDS, {"q": "brackish groundwater"})) == [need.title]
    assert listed(client.get(NEEDS, {"country": "TH"})) == ["Clean air for Bangkok"]
    assert set(listed(client.get(NEEDS, {"green_area": "water"}))) == {
        need.title,
        "Wetlands for Nairobi",
    }
    assert listed(client.get(NEEDS, {"green_area": "water", "country": "KE"})) == [
        "Wetlands for Nairobi"
    ]


def test_a_bad_filter_is_ignored_and_named(client, need):
    response = client.get(NEEDS, {"country": "XX", "green_area": "nowhere"})

    assert listed(response) == [need.title]
    assert len(response.context["ignored_filters"]) == 2
    assert "This filter was ignored." in response.content.decode()


def test_the_directory_shows_twenty_needs_a_page(client, water):
    for number in range(23):
        TechnologyNeedFactory(title=f"Need {number:02}", green_area=water)

    first, second = client.get(NEEDS), client.get(NEEDS, {"page": 2})
    beyond = client.get(NEEDS, {"page": 99})

    assert len(listed(first)) == 20 and len(listed(second)) == 3
    assert listed(beyond) == listed(second)
    assert 'rel="next"' in first.content.decode()


def test_the_directory_counts_confirmed_matches(client, need, technology):
    NeedMatch.objects.create(need=need, technology=technology, status=NeedMatchStatus.CONFIRMED)

    response = client.get(NEEDS)

    assert response.context["needs"][0].confirmed_matches == 1


@pytest.mark.parametrize("count", [1, 3])
def test_directory_queries_do_not_grow_with_the_needs(
    client, django_assert_max_num_queries, water, technology, count
):
    for number in range(count):
        need = TechnologyNeedFactory(title=f"Need {number}", green_area=water)
        NeedMatch.objects.create(need=need, technology=technology, status=NeedMatchStatus.CONFIRMED)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(NEEDS, {"q": "need", "green_area": "water"})

    assert len(listed(response)) == count


def test_the_directory_has_labelled_inputs(client, need):
    html = client.get(NEEDS).content.decode()

    for control in ("needs-q", "needs-country", "needs-area"):
        assert f'for="{control}"' in html and f'id="{control}"' in html


# --- a need's page ---------------------------------------------------------------------------


def test_the_need_page_lists_matching_technologies_with_why(client, need, technology):
    response = client.get(need_url(need))

    assert response.status_code == 200
    html = response.content.decode()
    assert [m.technology for m in response.context["matches"]] == [technology]
    assert "Same green area" in html and "Words in common:" in html and "brackish" in html
    assert reverse("technologies:pool_detail", args=[technology.slug]) in html


def test_an_unpublished_need_is_a_404_for_the_public_and_partners(client, water):
    hidden = TechnologyNeedFactory(is_published=False, green_area=water)

    assert client.get(need_url(hidden)).status_code == 404
    client.force_login(PartnerFactory())
    assert client.get(need_url(hidden)).status_code == 404


def test_staff_curators_see_an_unpublished_need(curator_client, water):
    hidden = TechnologyNeedFactory(is_published=False, green_area=water)

    response = curator_client.get(need_url(hidden))

    assert response.status_code == 200
    assert "Not published" in response.content.decode()


def test_the_need_page_shows_chinese_titles_in_chinese(client, need):
    with translation.override("zh-hans"):
        response = client.get(need_url(need), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "苦咸地下水的太阳能淡化" in response.content.decode()


def test_only_staff_see_the_decision_buttons(client, need, technology, curator):
    assert 'name="decision"' not in client.get(need_url(need)).content.decode()
    client.force_login(PartnerFactory())
    assert 'name="decision"' not in client.get(need_url(need)).content.decode()

    client.force_login(curator)
    html = client.get(need_url(need)).content.decode()

    assert 'value="confirm"' in html and 'value="dismiss"' in html
    assert decide_url(need, technology) in html and "csrfmiddlewaretoken" in html


@pytest.mark.parametrize("count", [1, 3])
def test_need_page_queries_do_not_grow_with_the_matches(
    client, django_assert_max_num_queries, need, water, count
):
    for number in range(count):
        indexed(name=f"Brackish water still {number}", green_area=water)

    with django_assert_max_num_queries(NEED_QUERIES):
        response = client.get(need_url(need))

    assert len(response.context["matches"]) == count


# --- staff decisions -------------------------------------------------------------------------


def test_a_curator_confirms_a_match_from_the_need_page(curator_client, need, technology):
    response = curator_client.post(
        decide_url(need, technology), {"decision": "confirm", "note": "Suits the villages"}
    )

    assert response.status_code == 302
    assert response.url == need_url(need) + "#need-matches"
    match = NeedMatch.objects.get(need=need, technology=technology)
    assert match.status == NeedMatchStatus.CONFIRMED and match.note == "Suits the villages"
    page = curator_client.get(need_url(need)).content.decode()
    assert "is confirmed as answering this need" in page
    assert "Confirmed by the network" in page


def test_a_curator_dismisses_a_suggestion_and_it_disappears(curator_client, need, technology):
    curator_client.post(decide_url(need, technology), {"decision": "dismiss"})

    response = curator_client.get(need_url(need))

    assert response.context["matches"] == []
    assert "no longer suggested" in response.content.decode()


def test_a_refused_decision_says_why(curator_client, need, water):
    draft = indexed(green_area=water, status="under_review")

    response = curator_client.post(decide_url(need, draft), {"decision": "confirm"}, follow=True)

    assert "Only technologies published in the pool can answer a need." in (
        response.content.decode()
    )
    assert not NeedMatch.objects.exists()


def test_a_bad_decision_is_a_message_not_an_error(curator_client, need, technology):
    response = curator_client.post(
        decide_url(need, technology), {"decision": "maybe", "note": "x" * 2001}, follow=True
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Decision:" in html and "Note:" in html
    assert not NeedMatch.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, need, technology):
    response = client.post(decide_url(need, technology), {"decision": "confirm"})

    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
    assert not NeedMatch.objects.exists()


@pytest.mark.parametrize("make_user", [PartnerFactory, ExpertFactory], ids=["partner", "expert"])
def test_partners_and_experts_may_not_decide(client, need, technology, make_user):
    client.force_login(make_user())

    response = client.post(decide_url(need, technology), {"decision": "confirm"})

    assert response.status_code == 403
    assert not NeedMatch.objects.exists()


def test_deciding_needs_a_post(curator_client, need, technology):
    assert curator_client.get(decide_url(need, technology)).status_code == 405


def test_deciding_on_an_unknown_technology_is_a_404(curator_client, need):
    url = reverse("technologies:need_match_decide", args=[need.slug, "no-such-technology"])

    assert curator_client.post(url, {"decision": "confirm"}).status_code == 404


# --- the technology's pool page --------------------------------------------------------------


def test_the_pool_page_lists_confirmed_needs_first(client, need, technology, water):
    elsewhere = TechnologyNeedFactory(
        title="Drought relief", description="Nothing alike.", green_area=GreenAreaFactory()
    )
    NeedMatch.objects.create(
        need=elsewhere, technology=technology, status=NeedMatchStatus.CONFIRMED
    )

    response = client.get(reverse("technologies:pool_detail", args=[technology.slug]))

    assert [m.need for m in response.context["need_matches"]] == [elsewhere, need]
    html = response.content.decode()
    assert html.index("Drought relief") < html.index(need.title)
    assert "Confirmed by the network" in html and "Suggested" in html
    assert need_url(need) in html


def test_the_pool_page_says_when_no_need_matches(client, technology):
    response = client.get(reverse("technologies:pool_detail", args=[technology.slug]))

    assert "No stated need matches this technology yet." in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_pool_page_queries_do_not_grow_with_the_needs(
    client, django_assert_max_num_queries, technology, water, count
):
    for number in range(count):
        need = TechnologyNeedFactory(title=f"Water need {number}", green_area=water)
        NeedMatch.objects.create(need=need, technology=technology, status=NeedMatchStatus.CONFIRMED)

    with django_assert_max_num_queries(ENTRY_QUERIES):
        response = client.get(reverse("technologies:pool_detail", args=[technology.slug]))

    assert len(response.context["need_matches"]) == count
