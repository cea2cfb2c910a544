"""Sessions read through the shared cache keep working from the database while the cache is down."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.urls import reverse

from greentech.core.sessions import SessionStore
from tests.factories import UserFactory

SESSION_ENGINE = "greentech.core.sessions"


@pytest.fixture
def cache_down(settings, unreachable_cache):
    settings.SESSION_ENGINE = SESSION_ENGINE


@pytest.fixture
def shared_cache(settings):
    settings.SESSION_ENGINE = SESSION_ENGINE
    settings.SESSION_CACHE_SECONDS = 300


@pytest.mark.django_db
def test_signed_in_pages_work_from_the_database_while_the_cache_is_down(client, cache_down):
    user = UserFactory()
    client.force_login(user)

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200
    assert response.context["user"] == user


@pytest.mark.django_db
def test_logout_while_the_cache_is_down_ends_the_session_in_the_database(client, cache_down):
    client.force_login(UserFactory())
    session_key = client.session.session_key

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db
def test_a_session_is_read_from_the_cache_once_cached(shared_cache, django_assert_num_queries):
    store = SessionStore()
    store["answer"] = 42
    store.save()

    with django_assert_num_queries(0):
        assert SessionStore(store.session_key)["answer"] == 42


@pytest.mark.django_db
def test_a_cached_session_copy_lives_no_longer_than_the_configured_seconds(shared_cache, settings):
    settings.SESSION_CACHE_SECONDS = 60
    store = SessionStore()
    store["answer"] = 42
    store.save()

    cache = caches["default"]
    expiry = cache._expire_info[cache.make_key(store.cache_key)]
    remaining = expiry - time.time()
    assert 0 < remaining <= 60
