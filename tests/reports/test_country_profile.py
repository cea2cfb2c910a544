"""The country profile's figures on a small world with known answers (Kenya)."""

import pytest

from greentech.reports.generators import country_profile
from tests.reports.builders import country_world
from tests.reports.helpers import figures, table

pytestmark = pytest.mark.django_db


def test_the_overview_figures():
    country_world()

    document = country_profile.build({"country": "KE"})

    assert figures(document) == {
        "labs": 2,
        "institutions": 4,
        "technologies_provided": 2,
        "technologies_transferred": 1,
        "trainees": 1,
        "forum_participants": 2,
        "needs": 2,
    }
    assert document.subtitle == "Kenya (KE)"


def test_labs_by_partner_country_or_partner_institution_but_not_the_home_country():
    country_world()

    rows = table(country_profile.build({"country": "KE"}), "labs")

    assert [(row[0], row[4], row[5]) for row in rows] == [
        ("Lake Lab", "Kenya, Thailand", ""),
        ("River Lab", "", "Kenya Water Institute"),
    ]


def test_institutions_from_the_country_with_their_labs_and_pool_entries():
    country_world()

    rows = table(country_profile.build({"country": "KE"}), "institutions")

    assert [(row[0], row[3], row[4]) for row in rows] == [
        ("Kenya Energy Agency", 0, 0),
        ("Kenya Host University", 0, 0),
        ("Kenya Sponsor", 1, 0),
        ("Kenya Water Institute", 1, 2),
    ]


def test_technologies_provided_and_transferred():
    country_world()

    document = country_profile.build({"country": "KE"})

    assert sorted(row[0] for row in table(document, "technologies_provided")) == [
        "Kenyan filter",
        "Kenyan pump",
    ]
    assert table(document, "technologies_transferred")[0][0] == "Filter for Kisumu"
    assert table(document, "technologies_transferred")[0][2] == "Kenya Water Institute"
    assert table(document, "technologies_transferred")[0][4] == "People served: 5000"


def test_trainees_by_cohort_and_delegates_by_event():
    country_world()

    document = country_profile.build({"country": "KE"})

    assert [row[:1] + row[3:] for row in table(document, "trainees")] == [
        ["Nairobi session", 3, 2, 1, 0],
        ["Mombasa session", 1, 1, 1, 0],
    ]
    assert [row[:1] + row[3:] for row in table(document, "forum_delegates")] == [
        ["Kenya Forum", 3, 2, 1]
    ]


def test_stated_needs_published_or_not():
    country_world()

    rows = table(country_profile.build({"country": "KE"}), "needs")

    assert sorted((row[0], row[4]) for row in rows) == [
        ("Desalination", "Yes"),
        ("Drip irrigation", "No"),
    ]


def test_a_country_without_any_activity_gives_empty_tables():
    country_world()

    document = country_profile.build({"country": "IS"})

    assert set(figures(document).values()) == {0}
    assert all(t.size == 0 for t in document.tables if t.key != "summary")
