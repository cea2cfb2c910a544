"""Training and forum statistics on a small world with known answers (2025)."""

import datetime

import pytest

from greentech.reports.generators import training_forum_stats
from tests.reports.builders import training_forum_world
from tests.reports.helpers import figures, table

pytestmark = pytest.mark.django_db

YEAR_2025 = {"start": datetime.date(2025, 1, 1), "end": datetime.date(2025, 12, 31)}


def test_the_summary_figures():
    training_forum_world()

    document = training_forum_stats.build(YEAR_2025)

    assert figures(document) == {
        "cohorts": 1,
        "applications": 6,
        "accepted": 3,
        "acceptance_rate": 50.0,
        "attended": 2,
        "certificates": 1,
        "training_countries": 3,
        "events": 1,
        "registrations": 4,
        "participants": 2,
        "forum_attended": 1,
        "forum_countries": 2,
    }


def test_training_by_cohort_and_by_country():
    training_forum_world()

    document = training_forum_stats.build(YEAR_2025)

    [dakar] = table(document, "cohorts")
    assert dakar[0] == "Dakar 2025"
    assert dakar[3:] == [datetime.date(2025, 3, 1), 20, 6, 3, 2, 1, 1, 1]
    assert table(document, "training_countries") == [
        ["Ghana", 2, 1, 0, 0, 1, 0],
        ["Kenya", 2, 0, 0, 0, 0, 1],
        ["Senegal", 2, 2, 2, 1, 0, 0],
    ]


def test_forums_by_event_and_by_country():
    training_forum_world()

    document = training_forum_stats.build(YEAR_2025)

    assert table(document, "events") == [
        ["Bangkok Forum 2025", "Bangkok", datetime.date(2025, 6, 2), 100, 4, 2, 1, 1, 1]
    ]
    assert table(document, "forum_countries") == [
        ["China", 2, 0, 0, 1, 1],
        ["Thailand", 2, 2, 1, 0, 0],
    ]
