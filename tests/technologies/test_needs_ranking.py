"""Which pool technologies answer a need, in which order, and the confirmed-match counts."""

import pytest

from technologies import selectors
from technologies.models import NeedMatch, NeedMatchStatus, Technology, TechnologyStatus
from tests.factories import GreenAreaFactory
from tests.technologies.factories import PublishedTechnologyFactory, TechnologyNeedFactory

pytestmark = pytest.mark.django_db

NOT_PUBLISHED = sorted(set(TechnologyStatus.values) - {TechnologyStatus.ACCEPTED})


def indexed(**kwargs) -> Technology:
    technology = PublishedTechnologyFactory(**kwargs)
    return technology


@pytest.fixture
def areas():
    return GreenAreaFactory(code="water", name="Water"), GreenAreaFactory(code="air", name="Air")


@pytest.fixture
def need(areas):
    return TechnologyNeedFactory(
        title="Solar desalination of brackish groundwater",
        description="Villages pump brackish groundwater and need drinking water.",
        green_area=areas[0],
    )


@pytest.fixture
def pool(areas):
    water, air = areas
    return {
        "area_and_text": indexed(
            name="Solar desalination unit",
            summary="Turns brackish groundwater into drinking water with solar heat.",
            green_area=water,
        ),
        "area_only": indexed(
            name="Reed bed", summary="Treats sewage in reed beds.", green_area=water
        ),
        "text_only": indexed(
            name="Desalination membranes",
            summary="Membranes for brackish groundwater.",
            green_area=air,
        ),
        "neither": indexed(
            name="Bag filter", summary="Removes dust from flue gas.", green_area=air
        ),
    }


def names(matches):
    return [match.technology.name for match in matches]


def test_same_area_and_shared_text_beats_same_area_beats_shared_text(need, pool):
    matches = selectors.technology_matches_for_need(need)

    assert names(matches) == ["Solar desalination unit", "Reed bed", "Desalination membranes"]
    assert matches[0].score > matches[1].score > matches[2].score > 0


def test_each_match_says_why_it_matches(need, pool):
    by_name = {m.technology.name: m for m in selectors.technology_matches_for_need(need)}

    both, area, text = (
        by_name["Solar desalination unit"],
        by_name["Reed bed"],
        by_name["Desalination membranes"],
    )
    assert both.same_area and {"brackish", "groundwater", "desalination"} <= set(both.shared_words)
    assert area.same_area and area.shared_words == []
    assert not text.same_area and "brackish" in text.shared_words
    assert area.score == 1.0


@pytest.mark.parametrize("status", NOT_PUBLISHED)
def test_unpublished_technologies_are_never_suggested(need, areas, status):
    indexed(
        name="Solar desalination unit",
        summary="Brackish groundwater into drinking water.",
        green_area=areas[0],
        status=status,
    )

    assert selectors.technology_matches_for_need(need) == []


def test_a_confirmed_match_whose_technology_left_the_pool_is_not_listed(need, pool):
    archived = pool["area_and_text"]
    NeedMatch.objects.create(need=need, technology=archived, status=NeedMatchStatus.CONFIRMED)
    Technology.objects.filter(pk=archived.pk).update(status=TechnologyStatus.ARCHIVED)

    assert "Solar desalination unit" not in names(selectors.technology_matches_for_need(need))


def test_confirmed_come_first_and_dismissed_never_come_back(need, pool):
    NeedMatch.objects.create(
        need=need, technology=pool["text_only"], status=NeedMatchStatus.CONFIRMED, note="Checked"
    )
    NeedMatch.objects.create(
        need=need, technology=pool["area_only"], status=NeedMatchStatus.DISMISSED
    )

    matches = selectors.technology_matches_for_need(need)

    assert names(matches) == ["Desalination membranes", "Solar desalination unit"]
    assert matches[0].is_confirmed and matches[0].note == "Checked"
    assert not matches[1].is_confirmed


def test_a_confirmed_technology_is_listed_even_without_any_score(need, pool):
    NeedMatch.objects.create(
        need=need, technology=pool["neither"], status=NeedMatchStatus.CONFIRMED
    )

    assert names(selectors.technology_matches_for_need(need))[0] == "Bag filter"


def test_at_most_ten_technologies_are_listed(need, areas):
    for number in range(12):
        indexed(name=f"Reed bed {number}", summary="Sewage.", green_area=areas[0])

    assert len(selectors.technology_matches_for_need(need)) == 10


def test_the_technology_side_ranks_needs_by_the_same_score(need, pool, areas):
    technology = pool["area_and_text"]
    TechnologyNeedFactory(
        title="Cleaner air in cities", description="Dust and smoke.", green_area=areas[1]
    )
    TechnologyNeedFactory(
        title="Safe water for schools", description="Schools lack water.", green_area=areas[0]
    )

    from_need = {m.technology.pk: m.score for m in selectors.technology_matches_for_need(need)}
    matches = selectors.need_matches_for_technology(technology)

    assert [m.need.title for m in matches] == [
        "Solar desalination of brackish groundwater",
        "Safe water for schools",
    ]
    assert matches[0].score == from_need[technology.pk]


def test_the_technology_page_lists_confirmed_needs_first(pool, areas):
    technology = pool["area_and_text"]
    suggested = TechnologyNeedFactory(
        title="Desalination for islands", description="Brackish groundwater.", green_area=areas[0]
    )
    confirmed = TechnologyNeedFactory(
        title="Drought relief", description="Nothing in common.", green_area=areas[1]
    )
    NeedMatch.objects.create(
        need=confirmed, technology=technology, status=NeedMatchStatus.CONFIRMED
    )

    matches = selectors.need_matches_for_technology(technology)

    assert [m.need for m in matches] == [confirmed, suggested]
    assert matches[0].is_confirmed and not matches[1].is_confirmed


def test_the_technology_page_lists_published_needs_only_and_at_most_five(pool, areas):
    technology = pool["area_only"]
    TechnologyNeedFactory(title="Hidden", green_area=areas[0], is_published=False)
    for number in range(6):
        TechnologyNeedFactory(title=f"Water need {number}", green_area=areas[0])

    matches = selectors.need_matches_for_technology(technology)

    assert len(matches) == 5
    assert "Hidden" not in [m.need.title for m in matches]


def test_confirmed_counts_leave_out_unpublished_needs_and_technologies(pool, areas):
    thai = TechnologyNeedFactory(country="TH", green_area=areas[0])
    kenyan = TechnologyNeedFactory(country="KE", green_area=areas[0])
    hidden = TechnologyNeedFactory(country="TH", green_area=areas[0], is_published=False)
    for need, technology in [
        (thai, pool["area_and_text"]),
        (thai, pool["area_only"]),
        (kenyan, pool["area_only"]),
        (hidden, pool["area_only"]),
    ]:
        NeedMatch.objects.create(need=need, technology=technology, status=NeedMatchStatus.CONFIRMED)
    NeedMatch.objects.create(need=kenyan, technology=pool["text_only"], status="dismissed")
    Technology.objects.filter(pk=pool["area_only"].pk).update(status=TechnologyStatus.ARCHIVED)

    assert selectors.confirmed_need_match_count() == 1
    assert selectors.confirmed_need_match_count(country="TH") == 1
    assert selectors.confirmed_need_match_count(country="KE") == 0
    assert selectors.confirmed_need_match_counts_by_country() == {"TH": 1}


def test_counts_by_country_is_one_query(django_assert_num_queries, pool, areas):
    for country in ["TH", "KE", "PK"]:
        need = TechnologyNeedFactory(country=country, green_area=areas[0])
        NeedMatch.objects.create(
            need=need, technology=pool["area_only"], status=NeedMatchStatus.CONFIRMED
        )

    with django_assert_num_queries(1):
        counts = selectors.confirmed_need_match_counts_by_country()

    assert counts == {"TH": 1, "KE": 1, "PK": 1}


def test_punctuation_and_stop_words_in_a_need_are_harmless(pool, areas):
    odd = TechnologyNeedFactory(
        title="It's the & | ! (brackish) 'groundwater' <needs>",
        description="and or not : * \\ ''",
        green_area=areas[1],
    )
    empty = TechnologyNeedFactory(title="The and of", description="", green_area=areas[1])

    assert "Desalination membranes" in names(selectors.technology_matches_for_need(odd))
    assert set(names(selectors.technology_matches_for_need(empty))) == {
        "Desalination membranes",
        "Bag filter",
    }
