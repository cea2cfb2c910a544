"""The public figures page: server-drawn charts, each with a table of the same numbers."""

import datetime
import re

import pytest
from django.urls import reverse

from forums.models import RegistrationStatus
from greentech.figures import people_by_country, people_by_year, pool_by_green_area
from technologies.models import TechnologyStatus
from tests.factories import GreenAreaFactory
from tests.forums.factories import ForumEventFactory, RegistrationFactory
from tests.technologies.factories import PublishedTechnologyFactory
from tests.training.factories import ApplicationFactory, CohortFactory
from training.models import ApplicationStatus

pytestmark = pytest.mark.django_db


def _chart_section(html: str, key: str) -> str:
    return html.split(f'data-chart="{key}"', 1)[1].split("</section>", 1)[0]


def _make_people(count: int):
    for number in range(count):
        year = 2020 + number
        cohort = CohortFactory(
            starts_on=datetime.date(year, 5, 1), ends_on=datetime.date(year, 5, 10)
        )
        ApplicationFactory(cohort=cohort, country="KE", status=ApplicationStatus.ATTENDED)
        event = ForumEventFactory(
            starts_on=datetime.date(year, 9, 1), ends_on=datetime.date(year, 9, 2)
        )
        RegistrationFactory(event=event, country="TH", status=RegistrationStatus.CONFIRMED)


def test_pool_chart_counts_published_technologies_per_green_area():
    water = GreenAreaFactory(code="test-water", name="Test water")
    air = GreenAreaFactory(code="test-air", name="Test air")
    GreenAreaFactory(code="test-soil", name="Test soil")
    PublishedTechnologyFactory.create_batch(2, green_area=water)
    PublishedTechnologyFactory(green_area=air)
    PublishedTechnologyFactory(green_area=air, status=TechnologyStatus.UNDER_REVIEW)
    rows = pool_by_green_area().rows
    assert rows[:2] == [["Test water", 2], ["Test air", 1]]
    assert ["Test soil", 0] in rows
    assert {count for _name, count in rows[2:]} == {0}


def test_people_charts_count_only_those_holding_a_place_by_country_and_by_year():
    _make_people(2)
    cohort = CohortFactory(starts_on=datetime.date(2021, 5, 1), ends_on=datetime.date(2021, 5, 2))
    ApplicationFactory(cohort=cohort, country="KE", status=ApplicationStatus.CANCELLED)
    ApplicationFactory(cohort=cohort, country="PK", status=ApplicationStatus.WAITLISTED)
    assert people_by_country().rows == [["Kenya", 2, 0], ["Thailand", 0, 2]]
    assert people_by_year().rows == [["2020", 1, 1], ["2021", 1, 1]]


def test_figures_page_draws_each_chart_as_an_image_with_its_table(client):
    _make_people(2)
    PublishedTechnologyFactory(green_area=GreenAreaFactory(name="Test water"))
    response = client.get(reverse("figures"))
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("pool_by_green_area", "people_by_country", "people_by_year"):
        section = _chart_section(html, key)
        assert re.search(r'<svg[^>]+role="img"', section), key
        assert "<title>" in section
        assert "<details" in section and "<table>" in section
    by_year = _chart_section(html, "people_by_year")
    assert "Trainees and forum delegates by year" in by_year
    assert '<th scope="row">2021</th><td>1</td><td>1</td>' in by_year


def test_figures_page_without_data_says_so_instead_of_drawing_empty_charts(client):
    html = client.get(reverse("figures")).content.decode()
    assert html.count("Nothing recorded yet.") == 3
    assert "<svg" in html  # the map is still drawn, all blank


def test_chart_labels_are_escaped(client):
    PublishedTechnologyFactory(green_area=GreenAreaFactory(name="<script>alert(1)</script>"))
    html = client.get(reverse("figures")).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_figures_page_query_count_does_not_grow_with_the_data(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _make_people(1)
    with django_assert_max_num_queries(25) as one:
        client.get(reverse("figures"))
    with django_capture_on_commit_callbacks(execute=True):  # the new rows clear the cached page
        _make_people(3)
        PublishedTechnologyFactory.create_batch(3)
    with django_assert_max_num_queries(25) as many:
        client.get(reverse("figures"))
    assert len(many.captured_queries) == len(one.captured_queries)


def test_figures_page_is_served_in_chinese_when_asked(client):
    response = client.get(reverse("figures"), headers={"accept-language": "zh-hans"})
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()


def test_figures_page_refuses_a_post(client):
    assert client.post(reverse("figures")).status_code == 405
