"""The cooperation annual report's figures on a small world with known answers."""

import pytest

from greentech.figures import key_figures
from greentech.reports.generators import cooperation_annual
from tests.reports.builders import annual_world
from tests.reports.helpers import figures, table

pytestmark = pytest.mark.django_db


def test_the_year_in_figures():
    annual_world()

    document = cooperation_annual.build({"year": 2024})

    values = figures(document)
    assert {key: values[key] for key in ("centres", "labs", "outputs", "transfer_cases")} == {
        "centres": 2,
        "labs": 2,
        "outputs": 4,
        "transfer_cases": 2,
    }
    assert values["trainees"] == 3
    assert values["forum_participants"] == 3
    assert values["countries"] == 3
    assert document.subtitle == "2024"


def test_the_network_key_figures_are_those_of_the_home_page():
    annual_world()

    document = cooperation_annual.build({"year": 2024})

    [network] = [s for s in document.sections if s.title == "Key figures of the network"]
    assert [(f.key, f.value) for f in network.figures] == [(f.key, f.value) for f in key_figures()]


def test_centres_and_labs_of_the_year():
    annual_world()

    document = cooperation_annual.build({"year": 2024})

    assert [row[0] for row in table(document, "centres")] == ["Alpha Centre", "Gamma Centre"]
    labs = {row[0]: row for row in table(document, "labs")}
    assert set(labs) == {"Lab One", "Lab Five"}
    assert labs["Lab One"][4] == "Kenya"
    assert labs["Lab One"][5] == "Nairobi Uni"
    assert labs["Lab One"][6] == 3
    assert labs["Lab Five"][2] == "Closed"
    assert labs["Lab Five"][6] == 1


def test_outputs_by_kind_list_every_kind():
    annual_world()

    document = cooperation_annual.build({"year": 2024})

    assert table(document, "outputs_by_kind") == [
        ["Publication", 2],
        ["Patent", 1],
        ["Standard", 0],
        ["Prototype", 0],
        ["Data set", 1],
    ]
    assert sorted(row[2] for row in table(document, "outputs")) == [
        "Data D",
        "Paper A",
        "Paper B",
        "Patent C",
    ]


def test_transfer_cases_of_the_year_with_their_indicators():
    annual_world()

    rows = table(cooperation_annual.build({"year": 2024}), "transfer_cases")

    assert [(row[0], row[1]) for row in rows] == [
        ("Wetland in Kisumu", "Kenya"),
        ("Solar dryer in Chiang Mai", "Thailand"),
    ]
    assert rows[0][4] == "Wastewater treated: 1200 m3/day; Households served: 300"
    assert rows[1][4] == ""


def test_trainees_and_forum_participants_by_country_and_by_year():
    annual_world()

    document = cooperation_annual.build({"year": 2024})

    assert table(document, "people_by_country") == [
        ["Ghana", 1, 2],
        ["Senegal", 2, 0],
        ["Kenya", 0, 1],
    ]
    assert table(document, "people_by_year") == [[2022, 0, 1], [2023, 1, 0], [2024, 3, 3]]
