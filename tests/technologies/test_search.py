"""Full-text search of the pool: search vectors kept by PostgreSQL, substring match on SQLite."""

import pytest
from django.db import connection, transaction
from django.urls import reverse

from technologies.models import Technology
from technologies.models.technology import SEARCH_DOCUMENT, SEARCH_DOCUMENT_ZH
from tests.technologies.factories import PublishedTechnologyFactory, TechnologyFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)


def found(text):
    return list(Technology.objects.search(text))


def test_search_finds_a_word_of_the_name_or_summary():
    kiln = PublishedTechnologyFactory(name="Biochar kiln", summary="Turns crop straw into carbon.")
    PublishedTechnologyFactory(name="Reed bed", summary="Cleans village wastewater.")

    assert found("kiln") == [kiln]
    assert found("straw") == [kiln]


def test_search_matches_the_chinese_name():
    kiln = PublishedTechnologyFactory(name="Biochar kiln", name_zh="生物炭窑")
    PublishedTechnologyFactory(name="Reed bed", name_zh="人工湿地")

    assert found("生物炭") == [kiln]


def test_blank_search_keeps_every_row():
    PublishedTechnologyFactory()
    PublishedTechnologyFactory()

    assert Technology.objects.search("  ").count() == 2


@pytest.mark.parametrize("parameter", ["q", "search"])
def test_api_full_text_filter_lists_published_matches_only(client, parameter):
    kiln = PublishedTechnologyFactory(name="Biochar kiln")
    PublishedTechnologyFactory(name="Reed bed")
    TechnologyFactory(name="Biochar kiln draft")

    response = client.get("/api/technologies/", {parameter: "biochar"})

    assert response.json()["count"] == 1
    assert [row["slug"] for row in response.json()["results"]] == [kiln.slug]


def test_saving_in_the_admin_keeps_the_search_current(curator_client):
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
    assert found("dryer") == [technology]
    assert not Technology.objects.search("old").exists()


# --- PostgreSQL: the vectors are the database's business -------------------------------------


@on_postgresql
def test_postgresql_search_stems_words():
    wetlands = PublishedTechnologyFactory(name="Constructed wetlands", summary="Treats sewage.")

    assert found("wetland treating") == [wetlands]


@on_postgresql
def test_a_bulk_update_or_plain_sql_keeps_the_vector_current():
    technology = PublishedTechnologyFactory(name="Old name", summary="")

    Technology.objects.filter(pk=technology.pk).update(summary="A solar dryer for fruit.")
    assert found("dryer") == [technology]

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE technologies_technology SET name = %s WHERE id = %s",
            ["Biochar kiln", technology.pk],
        )
    assert found("kiln") == [technology]
    assert found("old") == []


@on_postgresql
@pytest.mark.parametrize("field", [field for field, _weight in SEARCH_DOCUMENT])
def test_every_english_text_of_the_document_is_searched(field):
    technology = PublishedTechnologyFactory()
    Technology.objects.filter(pk=technology.pk).update(**{field: "Zeolite membranes"})

    assert found("zeolite") == [technology]


@on_postgresql
@pytest.mark.parametrize("field", [field for field, _weight in SEARCH_DOCUMENT_ZH])
def test_every_chinese_text_of_the_document_is_searched(field):
    """A field added to SEARCH_DOCUMENT_ZH without the migration that re-creates the trigger
    fails here."""
    technology = PublishedTechnologyFactory()
    Technology.objects.filter(pk=technology.pk).update(**{field: "沸石分子筛膜"})

    assert found("分子筛") == [technology]


@on_postgresql
def test_chinese_search_finds_words_and_characters_not_their_parts_apart():
    sewage = PublishedTechnologyFactory(name_zh="城镇污水处理技术")
    PublishedTechnologyFactory(name_zh="污泥干化。水处")

    assert found("污水处理") == [sewage]
    assert found("处理") == [sewage]
    assert sorted(t.pk for t in found("污")) == sorted(t.pk for t in Technology.objects.all())
    assert found("水处理") == [sewage]  # 水处 and 处理 next to each other, not in two places


@on_postgresql
def test_a_mixed_query_needs_both_its_english_and_its_chinese_part():
    both = PublishedTechnologyFactory(name="Solar dryer", name_zh="太阳能干燥器")
    PublishedTechnologyFactory(name="Solar still", name_zh="海水淡化")

    assert found("solar 干燥") == [both]


@on_postgresql
def test_an_english_query_leaves_the_chinese_texts_alone():
    PublishedTechnologyFactory(name="Membrane", name_zh="PVDF膜")

    assert found("pvdf") == []


def _plan(queryset) -> str:
    """EXPLAIN of the queryset with sequential scans priced out: the plan then uses an index
    wherever one can serve the query (a handful of test rows would not show it otherwise)."""
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@on_postgresql
@pytest.mark.parametrize("text", ["water", "water -sludge", "水处理", "水", "solar 干燥"])
def test_every_search_can_use_the_gin_index(text):
    PublishedTechnologyFactory.create_batch(3)

    plan = _plan(Technology.objects.search(text).order_by())

    assert "technologies_tech_search_gin" in plan
    assert "Seq Scan on technologies_technology" not in plan
