"""List reads take their query parameters as strictly as the schema declares them: an unknown
parameter, a boolean that is not true/false, a date not written YYYY-MM-DD or a page that is not
a number is refused, never read as "no filter"."""

import pytest
from rest_framework.test import APIClient

from tests.factories import CentreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_an_unknown_parameter_is_a_400_that_names_it(api):
    response = api.get("/api/centres/", {"contry": "KE"})

    assert response.status_code == 400
    assert list(response.json()) == ["contry"]


def test_known_parameters_of_a_list_are_taken(api):
    CentreFactory()

    response = api.get(
        "/api/technologies/", {"q": "water", "search": "", "ordering": "name", "page": 1}
    )

    assert response.status_code == 200
    assert api.get("/api/centres/", {"top_level": "true", "format": "json"}).status_code == 200


def test_a_detail_read_is_not_refused_for_an_extra_parameter(api):
    centre = CentreFactory()

    assert api.get(f"/api/centres/{centre.slug}/", {"utm_source": "mail"}).status_code == 200


@pytest.mark.parametrize("value", ["-376", "1", "yes", "maybe"])
def test_a_boolean_filter_takes_true_or_false_only(api, value):
    response = api.get("/api/collection-calls/", {"is_open": value})

    assert response.status_code == 400
    assert "is_open" in response.json()


@pytest.mark.parametrize("value", ["true", "false", "True"])
def test_a_boolean_filter_reads_true_and_false(api, value):
    assert api.get("/api/collection-calls/", {"is_open": value}).status_code == 200


@pytest.mark.parametrize("value", ["2026-1-1", "01/03/2026", "2026-03-01T00:00"])
def test_a_date_filter_takes_the_schema_s_date_form_only(api, value):
    response = api.get("/api/cohorts/", {"starts_after": value})

    assert response.status_code == 400
    assert "starts_after" in response.json()


def test_a_date_filter_reads_a_full_date(api):
    assert api.get("/api/forum-events/", {"starts_before": "2026-03-01"}).status_code == 200


@pytest.mark.parametrize("page", ["last", "first", "2.5"])
def test_a_page_that_is_not_a_number_is_a_404(api, page):
    response = api.get("/api/centres/", {"page": page})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/cohorts/", "starts_after"),
        ("/api/lab-outputs/", "year"),
        ("/api/collection-calls/", "is_open"),
        ("/api/countries/", "page"),
        ("/api/technologies/", "trl"),
    ],
)
def test_a_blank_number_boolean_date_or_page_is_a_400_that_names_it(api, path, parameter):
    response = api.get(path, {parameter: ""})

    assert response.status_code == 400
    assert parameter in response.json()


def test_a_blank_choice_or_text_filter_still_means_any(api):
    response = api.get("/api/technologies/", {"provider_country": "", "q": "", "green_area": ""})

    assert response.status_code == 200
