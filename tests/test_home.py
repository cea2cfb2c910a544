import pytest
from django.urls import reverse

from greentech.demo.loader import load_demo
from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db


def _figure(response, key):
    return {figure.key: figure.value for figure in response.context["figures"]}[key]


def test_home_shows_key_figures_computed_from_the_database(client):
    CentreFactory.create_batch(3)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert _figure(response, "centres") == 3
    html = response.content.decode()
    assert 'data-figure="centres"' in html
    assert "Centres of excellence" in html


def test_home_links_to_the_admin_and_the_api_root(client):
    html = client.get(reverse("home")).content.decode()
    assert reverse("admin:index") in html
    assert reverse("api-root") in html


def test_home_with_the_demo_data_shows_its_figures(client):
    load_demo()
    response = client.get(reverse("home"))
    assert _figure(response, "labs") == 7
    assert _figure(response, "trainees") == 22


def test_home_loads_nothing_from_another_host(client):
    load_demo()
    html = client.get(reverse("home")).content.decode()
    for attribute in ("src=", "href="):
        for chunk in html.split(attribute)[1:]:
            target = chunk[1:].split(chunk[0], 1)[0]
            if attribute == "src=" or target.endswith((".css", ".js")):
                assert not target.startswith(("http://", "https://", "//")), target


def test_home_query_count_does_not_grow_with_the_data(client, django_assert_max_num_queries):
    load_demo()
    with django_assert_max_num_queries(10):
        client.get(reverse("home"))


def test_home_is_served_in_chinese_when_asked(client):
    response = client.get(reverse("home"), headers={"accept-language": "zh-hans"})
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()


def test_api_docs_page_uses_vendored_assets(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()


def test_api_schema_is_generated(client):
    response = client.get(reverse("api-schema"))
    assert response.status_code == 200
    assert b"openapi" in response.content


def test_home_interface_strings_are_translated_to_chinese(client):
    """Needs the compiled catalogue (`make test` runs compilemessages first)."""
    response = client.get(reverse("home"), headers={"accept-language": "zh-hans"})
    html = response.content.decode()
    assert "关键数据" in html
    assert "Key figures" not in html


def test_the_language_switch_sets_chinese_for_the_next_pages(client):
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    assert "关键数据" in client.get(reverse("home")).content.decode()
