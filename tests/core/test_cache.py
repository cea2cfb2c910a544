"""The shared cache: values kept per namespace generation, bumps, and a cache that cannot be
reached behaving as a miss."""

import logging
import os

import pytest
from django.core.cache import cache as django_cache
from django.db import transaction
from django.utils import translation

from greentech.core import cache


class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return f"computed {self.calls}"


def test_a_value_is_computed_once_until_its_namespace_is_bumped():
    compute = Counting()

    assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 1"
    assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 1"
    cache.bump("b")
    assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 1"
    cache.bump("a")
    assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 2"


def test_a_value_is_kept_per_language():
    compute = Counting()

    cache.remember("figures", namespaces=["a"], compute=compute)
    with translation.override("zh-hans"):
        assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 2"
    assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 1"


def test_a_lost_generation_restarts_above_the_old_ones():
    compute = Counting()
    cache.remember("figures", namespaces=["a"], compute=compute)
    old = cache.generations(["a"])

    django_cache.delete("generation:a")  # evicted, or the cache was emptied

    assert cache.generations(["a"]) > old
    assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 2"


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_bump_waits_for_the_commit():
    compute = Counting()
    cache.remember("figures", namespaces=["a"], compute=compute)

    with transaction.atomic():
        cache.bump("a")
        assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 1"
    assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 2"


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_bumps_nothing():
    compute = Counting()
    cache.remember("figures", namespaces=["a"], compute=compute)

    with pytest.raises(RuntimeError), transaction.atomic():
        cache.bump("a")
        raise RuntimeError

    assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 1"


def test_an_unreachable_cache_is_a_miss_and_is_logged(unreachable_cache, caplog):
    compute = Counting()

    with caplog.at_level(logging.WARNING, logger="greentech.core.cache"):
        assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 1"
        assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 2"
        cache.bump("a")  # does not raise either

    assert "Cache unavailable" in caplog.text


@pytest.fixture
def redis_cache(settings):
    """The real Redis at REDIS_URL, under a key prefix of this test's own (never flushed: the
    keys it wrote are deleted one by one)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true needs REDIS_URL")
        pytest.skip("no REDIS_URL")
    prefix = f"test-cache-{os.getpid()}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    yield
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def test_generations_work_on_redis(redis_cache):
    compute = Counting()

    assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 1"
    assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 1"
    cache.bump("a")
    assert cache.remember("figures", namespaces=["a"], compute=compute) == "computed 2"
