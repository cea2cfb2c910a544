"""The schema documents each operation's error answers, and the fixed mismatches stay fixed."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from greentech.core.api_answers import SearchFilter

UNSAFE = {"post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _needs_login(operation) -> bool:
    return {} not in operation.get("security", [{}])


def test_every_operation_with_a_path_parameter_documents_a_404_error_body(schema):
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in _operations(schema)
        if "{" in path
        and operation["responses"].get("404", {}).get("content", {}).get("application/json")
        != {"schema": {"$ref": "#/components/schemas/Error"}}
    ]
    assert missing == []


def test_every_operation_needing_a_login_documents_401_and_403(schema):
    protected = [(p, m, op) for p, m, op in _operations(schema) if _needs_login(op)]
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in protected
        if not {"401", "403"} <= set(operation["responses"])
    ]
    assert len(protected) > 30
    assert missing == []


def test_public_reads_document_no_401(schema):
    public_reads = [
        f"{method.upper()} {path}"
        for path, method, operation in _operations(schema)
        if not _needs_login(operation) and "401" in operation["responses"]
    ]
    assert public_reads == []


def test_every_write_documents_field_errors_and_a_conflict(schema):
    writes = [(p, m, op) for p, m, op in _operations(schema) if m in UNSAFE]
    for path, method, operation in writes:
        bad_input = operation["responses"]["400"]["content"]["application/json"]["schema"]
        assert {"$ref": "#/components/schemas/FieldErrors"} in bad_input["anyOf"], path
        assert "409" in operation["responses"], f"{method} {path}"


def test_a_paginated_list_documents_400_for_filters_and_404_for_a_page_past_the_end(schema):
    responses = schema["paths"]["/api/technologies/"]["get"]["responses"]
    assert {"200", "400", "404"} <= set(responses)


def test_the_matches_of_a_need_are_public_and_a_plain_list(schema):
    operation = schema["paths"]["/api/technology-needs/{slug}/matches/"]["get"]

    assert {} in operation["security"]
    assert "401" not in operation["responses"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["type"] == "array"
    assert not any(p["in"] == "query" for p in operation.get("parameters", []))


def test_deciding_on_matches_needs_a_login(schema):
    operation = schema["paths"]["/api/technology-needs/{slug}/matches/confirm/"]["post"]
    assert {} not in operation["security"]


def test_a_centre_without_parent_is_documented_as_null(schema):
    assert schema["components"]["schemas"]["Centre"]["properties"]["parent"]["nullable"] is True


def test_a_blank_website_is_documented(schema):
    website = schema["components"]["schemas"]["Institution"]["properties"]["website"]
    assert {"type": "string", "maxLength": 0} in website["anyOf"]
    assert {"type": "string", "format": "uri", "maxLength": 200} in website["anyOf"]


def test_a_required_text_field_documents_that_it_refuses_blanks(schema):
    name = schema["components"]["schemas"]["DraftCreateRequest"]["properties"]["name"]
    assert name["minLength"] == 1


def test_an_api_url_that_no_route_matches_is_a_json_404(client, db):
    response = client.get("/api/applications/not-a-number/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_a_page_url_that_no_route_matches_is_still_the_404_page(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_refused_search_names_the_search_parameter():
    # Behind the bad-input middleware (which answers a NUL under /api/ first), the filter's
    # own refusal still names its parameter rather than being a bare list.
    request = Request(APIRequestFactory().get("/api/programmes/", {"search": "a\x00b"}))

    with pytest.raises(ValidationError) as refused:
        SearchFilter().get_search_terms(request)

    assert list(refused.value.detail) == ["search"]


def test_a_nul_in_a_search_is_a_documented_400(client, db):
    response = client.get("/api/programmes/", {"search": "a\x00b"})

    assert response.status_code == 400
    body = response.json()
    assert "detail" in body or set(body) == {"search"}
