"""The demo's sample technology needs and their confirmed match."""

import pytest
from django.urls import reverse

from greentech.demo.loader import load_demo
from greentech.demo.needs import SAMPLE_NEEDS, load_demo_needs
from technologies import selectors
from technologies.models import NeedMatch, NeedMatchStatus, TechnologyNeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()


def test_loading_the_needs_twice_changes_nothing(demo):
    load_demo_needs()
    counts = (TechnologyNeed.objects.count(), NeedMatch.objects.count())

    assert load_demo_needs() == 0
    assert (TechnologyNeed.objects.count(), NeedMatch.objects.count()) == counts
    assert counts == (len(SAMPLE_NEEDS), 1)


def test_the_first_load_reports_what_it_created():
    load_demo()
    TechnologyNeed.objects.all().delete()

    assert load_demo_needs() == len(SAMPLE_NEEDS) + 1


def test_the_needs_keep_what_curators_changed(demo):
    load_demo_needs()
    TechnologyNeed.objects.filter(slug=SAMPLE_NEEDS[0]["slug"]).update(title="Edited")

    load_demo_needs()

    assert TechnologyNeed.objects.get(slug=SAMPLE_NEEDS[0]["slug"]).title == "Edited"


def test_the_sample_needs_are_marked_and_stated_by_partner_countries(demo):
    load_demo_needs()

    needs = TechnologyNeed.objects.filter(slug__in=[spec["slug"] for spec in SAMPLE_NEEDS])
    assert 4 <= needs.count() <= 6
    assert all("(sample)" in need.description and need.is_published for need in needs)
    assert {need.country.code for need in needs} >= {"TH", "PK", "KE"}
    thai = needs.get(country="TH")
    assert thai.institution is not None and thai.institution.slug == "pttgc"


def test_every_sample_need_shows_a_matching_demo_technology(demo):
    load_demo_needs()

    for need in TechnologyNeed.objects.filter(slug__in=[spec["slug"] for spec in SAMPLE_NEEDS]):
        matches = selectors.technology_matches_for_need(need)
        assert matches, need.slug
        assert matches[0].same_area, need.slug


def test_one_match_is_confirmed_and_counted(demo, client):
    load_demo_needs()

    match = NeedMatch.objects.get()
    assert match.status == NeedMatchStatus.CONFIRMED
    assert match.technology.slug == "ionic-liquid-degradation-of-waste-pet"
    assert selectors.confirmed_need_match_count() == 1
    assert selectors.confirmed_need_match_counts_by_country() == {"TH": 1}
    page = client.get(reverse("technologies:pool_detail", args=[match.technology.slug]))
    assert "Confirmed by the network" in page.content.decode()


def test_the_needs_load_without_the_rest_of_the_demo():
    # The return value also counts green areas created on an empty database.
    assert load_demo_needs() >= len(SAMPLE_NEEDS)
    assert TechnologyNeed.objects.count() == len(SAMPLE_NEEDS)
    assert not NeedMatch.objects.exists()
    assert load_demo_needs() == 0
