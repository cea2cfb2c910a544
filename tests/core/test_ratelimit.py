"""The rate-limit mechanism: per client address and per target, counted in the shared cache,
a 429 with Retry-After on the API and a page that says when to try again on the site."""

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import include, path
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from greentech.core.ratelimit import (
    Rate,
    RateLimited,
    rate_limit,
    rate_limit_hit,
    scoped_throttle,
)

RATES = {"probe": {"client": "3/h", "target": "2/h"}, "other": {"client": "3/h"}}


@pytest.fixture(autouse=True)
def probe_rates(settings):
    settings.RATE_LIMITS = RATES
    settings.RATE_LIMITS_ENABLED = True


def request_from(address="198.51.100.1"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


@pytest.mark.parametrize(
    ("text", "rate"),
    [("10/h", Rate(10, 3600)), ("5/15m", Rate(5, 900)), ("3/d", Rate(3, 86400))],
)
def test_rates_read_as_count_per_period(text, rate):
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["", "ten/h", "10/w", "0/h", "10"])
def test_a_malformed_rate_is_a_configuration_error(text):
    with pytest.raises(ImproperlyConfigured):
        Rate.parse(text)


def test_an_unknown_scope_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        rate_limit_hit("nowhere", request=request_from())


def test_a_client_over_its_limit_is_refused_with_the_wait_until_the_next_window():
    for _ in range(3):
        rate_limit_hit("probe", request=request_from())

    with pytest.raises(RateLimited) as refused:
        rate_limit_hit("probe", request=request_from())

    assert 0 < refused.value.wait <= 3600
    assert refused.value.status_code == 429
    # Another client and another scope still have their own counts.
    rate_limit_hit("probe", request=request_from("198.51.100.2"))
    rate_limit_hit("other", request=request_from())


def test_a_target_is_limited_across_clients_and_spellings():
    rate_limit_hit("probe", request=request_from("198.51.100.1"), target="Ana@Example.org")
    rate_limit_hit("probe", request=request_from("198.51.100.2"), target="ana@example.org ")

    with pytest.raises(RateLimited):
        rate_limit_hit("probe", request=request_from("198.51.100.3"), target="ANA@example.org")


def test_a_refusal_is_a_security_event_without_the_address_in_clear(caplog):
    caplog.set_level(logging.WARNING, logger="greentech.security")
    for _ in range(2):
        rate_limit_hit("probe", client="198.51.100.1", target="ana@example.org")
    with pytest.raises(RateLimited):
        rate_limit_hit("probe", client="198.51.100.1", target="ana@example.org")

    [line] = [r.getMessage() for r in caplog.records if "rate_limited" in r.getMessage()]
    assert "scope=probe by=target client=198.51.100.1" in line
    assert "ana@example.org" not in line


def test_switched_off_nothing_is_counted(settings):
    settings.RATE_LIMITS_ENABLED = False
    for _ in range(10):
        rate_limit_hit("probe", request=request_from(), target="ana@example.org")


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
)
def test_without_a_cache_limits_fail_open_and_say_so(caplog):
    caplog.set_level(logging.WARNING, logger="greentech.core.ratelimit")
    for _ in range(5):
        rate_limit_hit("probe", request=request_from(), target="ana@example.org")
    assert "rate limit not applied (scope probe): cache unavailable" in caplog.text


# --- On the site: a decorated view ----------------------------------------------------------


@rate_limit("probe", target=lambda request: request.POST.get("email"))
def probe_view(request):
    return HttpResponse("sent")


class ProbeApi(APIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = [scoped_throttle("probe", target_field="email")]

    def post(self, request):
        return Response({"sent": True})


urlpatterns = [
    path("probe/", probe_view),
    path("api/probe/", ProbeApi.as_view()),
    path("", include("greentech.urls")),  # the page's navigation
]


@pytest.mark.urls(__name__)
def test_the_site_answers_429_with_a_page_that_says_when_to_try_again(client):
    for _ in range(2):
        assert client.post("/probe/", {"email": "ana@example.org"}).status_code == 200

    response = client.post("/probe/", {"email": "ana@example.org"})

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    page = response.content.decode()
    assert "Too many attempts" in page
    assert "Please try again in about" in page
    assert "no-store" in response["Cache-Control"]


@pytest.mark.urls(__name__)
def test_the_api_answers_429_with_retry_after_per_client_and_per_target():
    api = APIClient(REMOTE_ADDR="198.51.100.5")
    assert api.post("/api/probe/", {"email": "ana@example.org"}).status_code == 200
    assert api.post("/api/probe/", {"email": "ANA@example.org"}).status_code == 200

    by_target = api.post("/api/probe/", {"email": "ana@example.org"})
    assert by_target.status_code == 429
    assert int(by_target["Retry-After"]) > 0
    assert "detail" in by_target.json()

    # Per client: a third address from the same client is the client's fourth attempt.
    assert api.post("/api/probe/", {"email": "ben@example.org"}).status_code == 429
    other = APIClient(REMOTE_ADDR="198.51.100.6")
    assert other.post("/api/probe/", {"email": "ben@example.org"}).status_code == 200


def test_throttle_classes_are_named_after_their_scope():
    assert scoped_throttle("verification_resend").__name__ == "VerificationResendThrottle"
