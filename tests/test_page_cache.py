"""Cached public pages: served again without a query to anonymous visitors, never a signed-in
person's page, a CSRF token per visitor, one copy per language, and gone once what they show
changes."""

import datetime
import re

import pytest
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from greentech.core.pagecache import is_public_request
from technologies.services.decisions import technology_archive
from tests.factories import StaffCuratorFactory, UserFactory
from tests.labs.factories import JointLabFactory
from tests.technologies.factories import PublishedTechnologyFactory
from tests.training.factories import CohortFactory

pytestmark = pytest.mark.django_db

HOME, FIGURES, API = reverse("home"), reverse("figures"), "/api/technologies/"
POOL = reverse("technologies:pool")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.mark.parametrize("path", [HOME, FIGURES, POOL, f"{POOL}?green_area=water&trl=7", API])
def test_an_anonymous_visitor_gets_the_page_again_without_a_query(
    client, path, django_assert_num_queries
):
    PublishedTechnologyFactory(name="Reed bed")
    first = client.get(path)

    with django_assert_num_queries(0):
        again = client.get(path)

    assert again.status_code == first.status_code == 200
    assert CSRF.sub("", again.content.decode()) == CSRF.sub("", first.content.decode())


@pytest.mark.parametrize("path", [f"{POOL}?q=reed", f"{API}?q=reed", f"{API}?search=reed"])
def test_a_free_text_search_is_computed_every_time(client, path, django_assert_max_num_queries):
    PublishedTechnologyFactory(name="Reed bed")
    client.get(path)

    with django_assert_max_num_queries(10) as captured:
        assert "Reed bed" in client.get(path).content.decode()
    assert len(captured) > 0


def test_a_signed_in_page_is_never_stored_nor_served_to_others(client):
    person = UserFactory(first_name="Amina")
    signed_in = Client()
    signed_in.force_login(person)

    theirs = signed_in.get(HOME).content.decode()
    anonymous = client.get(HOME).content.decode()
    theirs_again = signed_in.get(HOME).content.decode()

    assert "My account" in theirs and "My account" in theirs_again
    assert "My account" not in anonymous
    assert "Log in" in anonymous


def test_a_signed_in_person_never_gets_the_anonymous_copy(client, django_assert_max_num_queries):
    client.get(HOME)  # the anonymous copy is stored
    staff = Client()
    staff.force_login(StaffCuratorFactory())

    with django_assert_max_num_queries(30) as captured:
        html = staff.get(HOME).content.decode()

    assert len(captured) > 0
    assert "Log out" in html


def test_each_visitor_of_a_cached_page_gets_a_working_csrf_token():
    Client().get(HOME)  # stored
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    tokens = [
        CSRF.search(visitor.get(HOME).content.decode()).group(1) for visitor in (first, second)
    ]

    assert tokens[0] != tokens[1]
    for visitor, token in zip((first, second), tokens, strict=True):
        response = visitor.post(
            reverse("set_language"),
            {"language": "zh-hans", "next": "/", "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302


def test_each_language_has_its_own_copy(client):
    english = client.get(HOME, headers={"accept-language": "en"}).content.decode()
    chinese = client.get(HOME, headers={"accept-language": "zh-hans"}).content.decode()

    assert '<html lang="en">' in english
    assert '<html lang="zh-hans">' in chinese
    assert (
        '<html lang="en">' in client.get(HOME, headers={"accept-language": "en"}).content.decode()
    )


def test_a_visitor_with_a_message_waiting_is_not_served_from_the_cache():
    request = RequestFactory().get(HOME)
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    request._messages = FallbackStorage(request)
    assert is_public_request(request)

    request._messages.add(constants.INFO, "You have been logged out.")

    assert not is_public_request(request)
    assert len(get_messages(request)) == 1  # still there for the page


def test_a_cache_that_cannot_be_reached_still_serves_the_pages(client, unreachable_cache):
    PublishedTechnologyFactory(name="Reed bed")

    for path in (HOME, FIGURES, POOL, API):
        assert client.get(path).status_code == 200
    assert "Reed bed" in client.get(POOL).content.decode()


# --- Invalidation: the pages change with what they show --------------------------------------


def test_publishing_and_archiving_show_on_the_cached_pages(
    client, django_capture_on_commit_callbacks
):
    staff = StaffCuratorFactory()
    client.get(HOME), client.get(POOL), client.get(API)  # stored

    with django_capture_on_commit_callbacks(execute=True):
        technology = PublishedTechnologyFactory(name="Fog net", published_at=timezone.now())
    for path in (HOME, POOL, API):
        assert "Fog net" in client.get(path).content.decode(), path

    with django_capture_on_commit_callbacks(execute=True):
        technology_archive(technology=technology, by=staff)
    for path in (HOME, POOL, API):
        assert "Fog net" not in client.get(path).content.decode(), path


def test_a_lab_change_shows_on_the_figures(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lab = JointLabFactory()
    before = client.get(FIGURES).context["figures"]

    with django_capture_on_commit_callbacks(execute=True):
        JointLabFactory(centre=lab.centre)

    after = client.get(FIGURES).context["figures"]
    assert {f.key: f.value for f in after}["labs"] == {f.key: f.value for f in before}["labs"] + 1


def test_a_cohort_edit_shows_on_the_home_page(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cohort = CohortFactory(
            title="Shanghai autumn session",
            starts_on=timezone.localdate() + datetime.timedelta(days=20),
            ends_on=timezone.localdate() + datetime.timedelta(days=25),
        )
    assert "Shanghai autumn session" in client.get(HOME).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        cohort.title = "Shanghai winter session"
        cohort.save()

    html = client.get(HOME).content.decode()
    assert "Shanghai winter session" in html
    assert "Shanghai autumn session" not in html
