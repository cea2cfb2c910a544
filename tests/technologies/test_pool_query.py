"""The catalogue query of the public pool: search, ordering, facet filters and facet counts."""

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.utils import timezone

from greentech.core.models import GreenArea
from technologies.models import TechnologyStatus
from technologies.pool import RESULTS_PER_PAGE, PoolFilters, PoolSearchForm, pool_results
from technologies.pool_facets import pool_counts, pool_facets
from technologies.pool_page import pool_page
from tests.factories import GreenAreaFactory, InstitutionFactory
from tests.technologies.factories import PublishedTechnologyFactory, TechnologyFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)
NOT_PUBLISHED = sorted(set(TechnologyStatus.values) - {TechnologyStatus.ACCEPTED})


def indexed(days_ago=1, **kwargs):
    technology = PublishedTechnologyFactory(
        published_at=timezone.now() - dt.timedelta(days=days_ago), **kwargs
    )
    return technology


def areas():
    return list(GreenArea.objects.all())


def names(queryset):
    return [technology.name for technology in queryset]


def facet(facets, name):
    """{value: (count, selected)} of one facet."""
    found = next(f for f in facets if f.name == name)
    return {option.value: (option.count, option.selected) for option in found.options}


@pytest.fixture
def catalogue():
    """Three published entries and one draft sharing their values (never counted)."""
    water = GreenAreaFactory(code="water", name="Water")
    air = GreenAreaFactory(code="air", name="Air")
    chinese = InstitutionFactory(country="CN")
    kenyan = InstitutionFactory(country="KE")
    indexed(
        name="Reed bed",
        green_area=water,
        provider=chinese,
        trl=7,
        target_countries=["KE", "TH"],
        days_ago=3,
    )
    indexed(
        name="Solar still",
        green_area=water,
        provider=kenyan,
        trl=9,
        target_countries=["KE"],
        days_ago=2,
    )
    indexed(
        name="Bag filter",
        green_area=air,
        provider=chinese,
        trl=7,
        target_countries=[],
        days_ago=1,
    )
    TechnologyFactory(
        name="Draft wetland",
        green_area=water,
        provider=chinese,
        trl=7,
        target_countries=["KE", "TH", "VN"],
    )


# --- results ---------------------------------------------------------------------------------


def test_results_hold_published_technologies_only():
    accepted = indexed(name="Biochar kiln")
    for status in NOT_PUBLISHED:
        TechnologyFactory(name=f"Biochar kiln {status}", status=status)

    assert list(pool_results(PoolFilters())) == [accepted]
    assert list(pool_results(PoolFilters(q="biochar"))) == [accepted]


def test_without_search_the_newest_entries_come_first():
    indexed(name="Old", days_ago=30)
    indexed(name="New", days_ago=1)
    indexed(name="Middle", days_ago=10)

    assert names(pool_results(PoolFilters())) == ["New", "Middle", "Old"]


def test_search_finds_a_word_of_the_name_or_of_the_summary():
    indexed(name="Biochar kiln", summary="Turns crop straw into soil carbon.")
    indexed(name="Reed bed", summary="Cleans village wastewater.")

    assert names(pool_results(PoolFilters(q="kiln"))) == ["Biochar kiln"]
    assert names(pool_results(PoolFilters(q="wastewater"))) == ["Reed bed"]
    assert names(pool_results(PoolFilters(q="desalination"))) == []


def test_search_ranks_a_name_match_before_a_summary_only_match():
    # The summary-only match is newer, so date order alone would put it first.
    indexed(name="Solar dryer", summary="Dries fruit with sunlight.", days_ago=5)
    indexed(name="Biochar kiln", summary="Uses the heat of a solar dryer.", days_ago=1)

    assert names(pool_results(PoolFilters(q="dryer"))) == ["Solar dryer", "Biochar kiln"]


@on_postgresql
def test_postgresql_search_stems_words_and_ranks_by_relevance():
    indexed(name="Village water tower", summary="Stores water for constructed wetlands.")
    indexed(name="Constructed wetland", summary="Treats rural wastewater.", days_ago=9)

    assert names(pool_results(PoolFilters(q="wetlands"))) == [
        "Constructed wetland",
        "Village water tower",
    ]


def test_search_combines_with_the_facets(catalogue):
    assert names(pool_results(PoolFilters(q="reed", green_area="air"))) == []
    assert names(pool_results(PoolFilters(q="reed", green_area="water"))) == ["Reed bed"]


# --- facet filters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (PoolFilters(green_area="water"), ["Solar still", "Reed bed"]),
        (PoolFilters(green_area="air"), ["Bag filter"]),
        (PoolFilters(provider_country="CN"), ["Bag filter", "Reed bed"]),
        (PoolFilters(provider_country="KE"), ["Solar still"]),
        (PoolFilters(trl=(7,)), ["Bag filter", "Reed bed"]),
        (PoolFilters(trl=(7, 9)), ["Bag filter", "Solar still", "Reed bed"]),
        (PoolFilters(trl=(1,)), []),
        (PoolFilters(target_country="KE"), ["Solar still", "Reed bed"]),
        (PoolFilters(target_country="TH"), ["Reed bed"]),
        (PoolFilters(target_country="VN"), []),  # only the draft names Viet Nam
        (PoolFilters(green_area="water", provider_country="CN", trl=(7,)), ["Reed bed"]),
    ],
)
def test_each_facet_filters_the_results(catalogue, filters, expected):
    assert names(pool_results(filters)) == expected


def test_target_country_filter_matches_whole_codes_only():
    # "NE" (Niger) is neither inside "KE,NG" nor across its comma.
    indexed(name="Kenya and Nigeria", target_countries=["KE", "NG"])
    indexed(name="Niger", target_countries=["NE"])

    assert names(pool_results(PoolFilters(target_country="NE"))) == ["Niger"]
    assert names(pool_results(PoolFilters(target_country="NG"))) == ["Kenya and Nigeria"]


# --- facet counts ----------------------------------------------------------------------------


def test_facets_count_the_published_entries_without_filters(catalogue):
    facets = pool_facets(PoolFilters(), green_areas=areas())

    assert facet(facets, "green_area") == {"water": (2, False), "air": (1, False)}
    assert facet(facets, "provider_country") == {"CN": (2, False), "KE": (1, False)}
    trl = facet(facets, "trl")
    assert trl["7"] == (2, False)
    assert trl["9"] == (1, False)
    assert sum(count for count, _selected in trl.values()) == 3
    assert list(trl) == [str(level) for level in range(1, 10)]
    assert facet(facets, "target_country") == {"KE": (2, False), "TH": (1, False)}


def test_facets_count_within_the_other_facets_selection(catalogue):
    facets = pool_facets(PoolFilters(green_area="water"), green_areas=areas())

    # Its own options stay visible, with the chosen one marked.
    assert facet(facets, "green_area") == {"water": (2, True), "air": (1, False)}
    # The other facets count the two water technologies only.
    assert facet(facets, "provider_country") == {"CN": (1, False), "KE": (1, False)}
    assert facet(facets, "trl")["7"] == (1, False)
    assert facet(facets, "trl")["9"] == (1, False)
    assert facet(facets, "target_country") == {"KE": (2, False), "TH": (1, False)}


def test_target_country_facet_counts_each_named_country(catalogue):
    facets = pool_facets(PoolFilters(target_country="TH"), green_areas=areas())

    assert facet(facets, "target_country") == {"KE": (2, False), "TH": (1, True)}
    assert facet(facets, "green_area") == {"water": (1, False)}
    assert facet(facets, "provider_country") == {"CN": (1, False)}


def test_facets_follow_the_search(catalogue):
    facets = pool_facets(PoolFilters(q="filter"), green_areas=areas())

    assert facet(facets, "green_area") == {"air": (1, False)}
    assert facet(facets, "target_country") == {}


def test_a_chosen_option_without_results_stays_listed_so_it_can_be_removed(catalogue):
    facets = pool_facets(
        PoolFilters(q="filter", provider_country="KE", trl=(1,)), green_areas=areas()
    )

    assert facet(facets, "provider_country") == {"KE": (0, True)}
    assert facet(facets, "trl")["1"] == (0, True)


def test_count_and_facets_take_one_statement_on_postgresql(catalogue, django_assert_num_queries):
    filters = PoolFilters(q="reed", green_area="water", trl=(7, 9), target_country="KE")
    green_areas = areas()

    # On PostgreSQL: one statement, between telling the planner to read the matches from the
    # GIN index and telling it back.
    with django_assert_num_queries(3 if connection.vendor == "postgresql" else 5):
        counts = pool_counts(filters)
    with django_assert_num_queries(0):
        pool_facets(filters, green_areas=green_areas, counts=counts)

    assert counts.total == pool_results(filters).count() == 1


@pytest.mark.parametrize(
    "filters",
    [
        PoolFilters(),
        PoolFilters(q="bed"),
        PoolFilters(green_area="water", trl=(7, 9)),
        PoolFilters(provider_country="CN", target_country="KE"),
        PoolFilters(q="filter", provider_country="KE", trl=(1,)),
    ],
)
def test_the_count_is_the_number_of_results(catalogue, filters):
    assert pool_counts(filters).total == pool_results(filters).count()


def test_the_unfiltered_counts_are_cached_until_the_pool_changes(
    catalogue, django_assert_num_queries, django_capture_on_commit_callbacks
):
    pool_counts(PoolFilters())
    with django_assert_num_queries(0):
        assert pool_counts(PoolFilters()).total == 3

    with django_capture_on_commit_callbacks(execute=True):
        indexed(name="Fog net", green_area=GreenArea.objects.get(code="water"))

    assert pool_counts(PoolFilters()).total == 4


# --- one page ------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["1", "2", "9", "0", "x"])
def test_a_search_page_holds_the_same_results_as_the_ranked_query(number):
    for days in range(28):
        indexed(name=f"Reed bed {days}" if days % 4 else f"Bed {days}", days_ago=days + 1)
    indexed(name="Solar still", summary="A reed mat shades it.", days_ago=30)
    filters = PoolFilters(q="reed")
    paginator = Paginator(pool_results(filters), RESULTS_PER_PAGE)
    expected = paginator.get_page(number)

    found = pool_page(filters, number)

    assert found.page.number == expected.number
    assert found.paginator.count == paginator.count == 22
    assert found.technologies == list(expected.object_list)


# --- the form --------------------------------------------------------------------------------


def form_filters(data):
    return PoolSearchForm(data, green_areas=[GreenAreaFactory(code="water")]).filters()


def test_form_turns_valid_input_into_filters():
    filters, ignored = form_filters(
        {
            "q": "  wetland ",
            "green_area": "water",
            "provider_country": "CN",
            "trl": ["9", "7", "7"],
            "target_country": "KE",
        }
    )

    assert filters == PoolFilters(
        q="wetland", green_area="water", provider_country="CN", trl=(7, 9), target_country="KE"
    )
    assert ignored == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"green_area": "no-such-area"}, "Green area"),
        ({"trl": "abc"}, "Technology readiness level"),
        ({"trl": "12"}, "Technology readiness level"),
        ({"provider_country": "XX"}, "Provider country"),
        ({"target_country": "kenya"}, "Target country"),
        ({"q": "x" * 201}, "Search the pool"),
        ({"q": "wet\x00land"}, "Search the pool"),
    ],
)
def test_form_ignores_a_bad_filter_and_says_which(data, field):
    filters, ignored = form_filters({**data, "green_area": data.get("green_area", "water")})

    assert len(ignored) == 1
    assert ignored[0].startswith(f"{field}:")
    assert "ignored" in ignored[0]
    # The other (valid) filter is kept.
    if "green_area" not in data:
        assert filters.green_area == "water"


def test_filters_round_trip_through_their_query_string():
    filters = PoolFilters(q="solar dryer", green_area="water", trl=(7, 9), target_country="KE")

    assert filters.as_query(page=2) == (
        "?q=solar+dryer&green_area=water&trl=7&trl=9&target_country=KE&page=2"
    )
    assert filters.without("trl", 7).as_query() == (
        "?q=solar+dryer&green_area=water&trl=9&target_country=KE"
    )
    assert filters.without("q").without("green_area").without("trl").as_query() == (
        "?target_country=KE"
    )
    assert PoolFilters().as_query(page=1) == ""
