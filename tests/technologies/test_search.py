"""Full-text search of the pool: PostgreSQL's search vector, substring match on SQLite."""

import pytest
from django.db import connection
from django.urls import reverse

from technologies.models import Technology
from tests.technologies.factories import PublishedTechnologyFactory, TechnologyFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)


def indexed(**kwargs):
    technology = PublishedTechnologyFactory(**kwargs)
    Technology.objects.filter(pk=technology.pk).refresh_search_vector()
    return technology


def test_search_finds_a_word_of_the_name_or_summary():
    kiln = indexed(name="Biochar kiln", summary="Turns crop straw into soil carbon.")
    indexed(name="Reed bed", summary="Cleans village wastewater.")

    assert list(Technology.objects.search("kiln")) == [kiln]
    assert list(Technology.objects.search("straw")) == [kiln]


def test_search_matches_the_chinese_name():
    kiln = indexed(name="Biochar kiln", name_zh="生物炭窑")
    indexed(name="Reed bed", name_zh="人工湿地")

    assert list(Technology.objects.search("生物炭")) == [kiln]


def test_blank_search_keeps_every_row():
    indexed()
    indexed()

    assert Technology.objects.search("  ").count() == 2


@on_postgresql
def test_postgresql_search_stems_words_and_ranks_nothing_unindexed():
    wetlands = indexed(name="Constructed wetlands", summary="Treats rural wastewater.")
    TechnologyFactory(name="Unindexed wetland")  # never refreshed: no vector, not found

    assert list(Technology.objects.search("wetland treating")) == [wetlands]


@on_postgresql
def test_refresh_fills_the_vector_on_postgresql():
    technology = TechnologyFactory(name="Biochar kiln")

    assert Technology.objects.filter(pk=technology.pk).refresh_search_vector() == 1
    technology.refresh_from_db()
    assert "kiln" in str(technology.search_vector)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the SQLite fallback")
def test_refresh_is_a_no_op_without_postgresql():
    technology = TechnologyFactory()

    assert Technology.objects.filter(pk=technology.pk).refresh_search_vector() == 0


def test_api_full_text_filter_lists_published_matches_only(client):
    kiln = indexed(name="Biochar kiln")
    draft = TechnologyFactory(name="Biochar kiln draft")
    Technology.objects.filter(pk=draft.pk).refresh_search_vector()

    response = client.get("/api/technologies/", {"q": "biochar"})

    assert [row["slug"] for row in response.json()["results"]] == [kiln.slug]


def test_saving_in_the_admin_refreshes_the_search_vector(curator_client):
    technology = TechnologyFactory(name="Old name")
    url = reverse("admin:technologies_technology_change", args=[technology.pk])
    data = {
        "call": technology.call_id,
        "provider": technology.provider_id,
        "name": "Solar dryer",
        "slug": technology.slug,
        "green_area": technology.green_area_id,
    }
    for prefix in ["application_cases", "attachments", "assignments", "transitions"]:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = curator_client.post(url, data)

    assert response.status_code == 302
    assert list(Technology.objects.search("dryer")) == [technology]
    assert not Technology.objects.search("old").exists()
