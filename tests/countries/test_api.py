import pytest

from tests.countries.fixtures import small_network

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.countries.api_urls")]


def test_country_list_gives_counts_per_country(client):
    small_network()

    body = client.get("/api/countries/").json()

    rows = {row["code"]: row for row in body["results"]}
    assert body["count"] == 2
    assert rows["KE"]["name"] == "Kenya"
    assert rows["KE"]["cooperation"] == {
        "labs": 2,
        "transfer_cases": 1,
        "trainees": 2,
        "delegates": 1,
        "technologies": 1,
        "total": 7,
    }
    assert rows["TH"]["cooperation"]["labs"] == 1


def test_country_detail_lists_what_the_network_does_with_the_country(client):
    small_network()

    body = client.get("/api/countries/ke/").json()

    assert body["code"] == "KE"
    assert [lab["slug"] for lab in body["labs"]] == ["kenya-water-lab", "thai-energy-lab"]
    assert [i["slug"] for i in body["institutions"]] == ["nairobi-university"]
    assert [t["name"] for t in body["technologies"]] == ["Solar dryer"]
    assert body["technologies_total"] == 1
    assert len(body["transfer_cases"]) == 1
    assert [c["trainees"] for c in body["cohorts"]] == [1, 1]
    assert [e["delegates"] for e in body["events"]] == [1]
    assert [n["title"] for n in body["needs"]] == ["Rainwater harvesting"]
    assert body["cooperation"]["total"] == 7


def test_unknown_country_code_is_404(client):
    assert client.get("/api/countries/zz/").status_code == 404
    assert client.get("/api/countries/KEN/").status_code == 404


def test_countries_api_is_read_only(client):
    assert client.post("/api/countries/", {}).status_code == 405
