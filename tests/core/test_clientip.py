"""The client address comes from REMOTE_ADDR, or from X-Forwarded-For only as far as the
configured number of trusted proxies wrote it."""

import pytest
from django.test import RequestFactory

from greentech.core.clientip import client_ip


def request_from(remote="198.51.100.9", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_trusted_proxy_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from(forwarded="203.0.113.1")) == "198.51.100.9"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        # One proxy: it appended the address that connected to it; the rest is the client's.
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        # Two proxies: the outer one wrote the client, the inner one the outer proxy.
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "2001:db8::7", "2001:db8::7"),
    ],
    ids=["one-proxy", "one-proxy-forged-entry", "two-proxies", "ipv6"],
)
def test_behind_trusted_proxies_the_entry_the_outermost_wrote_is_the_client(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request_from(forwarded=forwarded)) == expected


def test_a_chain_shorter_than_the_proxies_falls_back_to_the_connecting_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from(forwarded="6.6.6.6")) == "198.51.100.9"


def test_a_garbage_entry_falls_back_to_the_connecting_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(forwarded="not-an-address")) == "198.51.100.9"
