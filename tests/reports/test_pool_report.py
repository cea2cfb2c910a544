"""The technology pool report's figures on a small world with known answers."""

import datetime

import pytest

from greentech.reports.generators import pool
from tests.reports.builders import pool_world
from tests.reports.helpers import figures, table

pytestmark = pytest.mark.django_db

YEAR_2024 = {"start": datetime.date(2024, 1, 1), "end": datetime.date(2024, 12, 31)}


def test_the_summary_counts_submissions_decisions_and_publications_of_the_period():
    pool_world()

    document = pool.build(YEAR_2024)

    assert figures(document) == {
        "submitted": 6,
        "decided": 4,
        "accepted": 3,
        "rejected": 1,
        "rate": 75.0,
        "published": 3,
        "median_days": 25.0,
        "mean_days": 32.8,
        "timed": 4,
    }
    assert document.subtitle == "2024-01-01 \N{EN DASH} 2024-12-31"


def test_submissions_and_publications_by_green_area_follow_the_taxonomy_order():
    pool_world()

    rows = table(pool.build(YEAR_2024), "by_green_area")

    assert rows == [
        ["Water test", 3, 3, 2, 66.7, 2],
        ["Energy test", 3, 1, 1, 100.0, 1],
    ]


def test_by_provider_country_puts_the_largest_first():
    pool_world()

    rows = table(pool.build(YEAR_2024), "by_provider_country")

    assert rows == [["Kenya", 3, 3, 2, 66.7, 2], ["Thailand", 3, 1, 1, 100.0, 1]]


def test_by_readiness_level_lists_levels_in_order_and_the_unstated_last():
    pool_world()

    rows = table(pool.build(YEAR_2024), "by_trl")

    assert rows == [
        ["TRL 5", 1, 1, 0, 0.0, 0],
        ["TRL 6", 1, 0, 0, None, 0],
        ["TRL 7", 2, 2, 2, 100.0, 2],
        ["TRL 8", 0, 1, 1, 100.0, 1],
        ["TRL 9", 1, 0, 0, None, 0],
        ["Not stated", 1, 0, 0, None, 0],
    ]


def test_the_accepted_list_holds_the_technologies_accepted_in_the_period():
    pool_world()

    rows = table(pool.build(YEAR_2024), "accepted")

    assert [row[0] for row in rows] == ["Anaerobic reactor", "Membrane bioreactor", "Solar dryer"]
    anaerobic, membrane, solar = rows
    assert membrane == [
        "Membrane bioreactor",
        "Kenyan Water Institute",
        "Kenya",
        "Water test",
        7,
        membrane[5],  # the call's generated title
        datetime.date(2024, 2, 1),
        datetime.date(2024, 3, 2),
        datetime.date(2024, 3, 2),
        "Accepted",
        datetime.date(2025, 3, 2),
        30.0,
    ]
    assert anaerobic[6] == datetime.date(2023, 11, 1)
    assert anaerobic[-1] == 71.0
    assert solar[9] == "Archived"


def test_restricted_to_one_institution_only_its_technologies_count():
    world = pool_world()

    document = pool.build({**YEAR_2024, "institution": world.kenyan})

    assert figures(document) == {
        "submitted": 3,
        "decided": 3,
        "accepted": 2,
        "rejected": 1,
        "rate": 66.7,
        "published": 2,
        "median_days": 30.0,
        "mean_days": 37.0,
        "timed": 3,
    }
    assert [row[0] for row in table(document, "accepted")] == [
        "Anaerobic reactor",
        "Membrane bioreactor",
    ]
    assert document.subtitle.endswith("Kenyan Water Institute")


def test_a_period_without_activity_gives_zeros_and_no_rates():
    pool_world()

    document = pool.build({"start": datetime.date(2020, 1, 1), "end": datetime.date(2020, 12, 31)})

    values = figures(document)
    assert values["submitted"] == values["decided"] == values["published"] == 0
    assert values["rate"] is None
    assert values["median_days"] is None
    assert table(document, "accepted") == []


def test_the_period_includes_its_last_day():
    pool_world()

    document = pool.build({"start": datetime.date(2024, 3, 2), "end": datetime.date(2024, 3, 2)})

    assert figures(document)["accepted"] == 1
