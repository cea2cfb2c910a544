"""Bad input is never a 500: every URL pattern of the portal, with a NUL or a byte that is not
UTF-8 in its path arguments, its query string, a form and a JSON body, and with JSON nested far
too deep, answers below 500, for an anonymous visitor and for a superuser (who passes every
permission check, so the input reaches the views)."""

import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import SuperuserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("bad_input_walk")]

ROUTE_ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:\[[^\]]*\]|[^)])*\)")


def _flatten(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _flatten(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def url_templates() -> list[str]:
    """Every URL pattern as a path whose arguments are `{name}` placeholders."""
    templates = set()
    for route in _flatten(get_resolver().url_patterns):
        route = REGEX_GROUP.sub(lambda match: "{" + match.group("name") + "}", route)
        route = ROUTE_ARGUMENT.sub(lambda match: "{" + match.group("name") + "}", route)
        route = route.replace("^", "").replace("$", "").replace("\\Z", "")
        route = route.replace("\\.", ".").replace("/?", "/")
        templates.add("/" + route)
    return sorted(templates)


# Arguments that select a variant of a view rather than an object: always a valid one.
FIXED_ARGUMENTS = {"format": "json", "app_label": "core"}


def fill(template: str, value: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: FIXED_ARGUMENTS.get(match.group(1), value), template)


def plain(template: str) -> str:
    """The path with harmless arguments: a number for ids, a word otherwise."""
    return re.sub(
        r"\{(\w+)\}",
        lambda match: FIXED_ARGUMENTS.get(match.group(1))
        or ("1" if match.group(1) in {"pk", "id"} or match.group(1).endswith("_pk") else "x"),
        template,
    )


NUL = quote("\x00")  # %00
NOT_UTF8 = "%FF%FE"
DEEP_JSON = "[" * 1000 + "]" * 1000


def requests_for(template: str):
    """(description, method, path, body, content type) of each bad input for one pattern."""
    base = plain(template)
    yield "NUL in path", "get", fill(template, f"a{NUL}b"), None, None
    yield "not UTF-8 in path", "get", fill(template, f"a{NOT_UTF8}b"), None, None
    yield "NUL in query", "get", f"{base}?q={NUL}&search=a{NUL}&page={NUL}", None, None
    yield "not UTF-8 in query", "get", f"{base}?q={NOT_UTF8}", None, None
    form = f"name=a{NUL}b&email=a{NUL}%40example.org&title=a{NUL}"
    yield "NUL in form", "post", base, form, "application/x-www-form-urlencoded"
    yield "not UTF-8 in form", "post", base, f"name={NOT_UTF8}", "application/x-www-form-urlencoded"
    json_nul = '{"name": "a\\u0000b", "email": "a\\u0000@example.org", "a\\u0000": 1}'
    yield "NUL in JSON", "post", base, json_nul, "application/json"
    yield "deep JSON", "post", base, DEEP_JSON, "application/json"


def walk(client) -> tuple[int, list[str]]:
    client.raise_request_exception = False
    count, failures = 0, []
    for template in url_templates():
        for description, method, path, body, content_type in requests_for(template):
            if method == "get":
                response = client.get(path)
            else:
                response = client.generic("POST", path, body.encode(), content_type=content_type)
            count += 1
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {description}: {method.upper()} {path}")
    return count, failures


def test_the_walk_covers_every_url_pattern():
    templates = url_templates()

    assert len(templates) > 400
    assert "/api/technologies/{slug}/" in templates
    assert "/training/certificates/{code}/" in templates
    assert len(list(requests_for("/api/technologies/{slug}/"))) == 8


def test_no_url_pattern_answers_bad_input_with_a_server_error_anonymously(client):
    count, failures = walk(client)

    assert count >= 8 * 400
    assert failures == []


def test_no_url_pattern_answers_bad_input_with_a_server_error_to_a_superuser(client):
    client.force_login(SuperuserFactory())

    count, failures = walk(client)

    assert count >= 8 * 400
    assert failures == []


@pytest.mark.parametrize(
    "path",
    ["/api/technologies/%00/", "/training/certificates/%00/", "/technologies/a%00/"],
)
def test_a_nul_in_a_detail_address_is_a_400(client, path):
    response = client.get(path)

    assert response.status_code == 400


def test_a_nul_in_the_api_is_a_400_with_detail_and_code(client):
    response = client.get("/api/technologies/?search=%00")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
