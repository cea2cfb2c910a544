"""The shared error vocabulary: every app's refusals are kinds of it, and a page that lets one
through answers with the kind's status and its message, never a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.urls import include, path

from forums import exceptions as forums
from greentech.accounts.exceptions import AccountsError
from greentech.core import exceptions as domain
from greentech.core.middleware import DomainErrorPageMiddleware
from greentech.core.ratelimit import RateLimited
from greentech.core.registrations import InvalidLinkError
from labs.services import LabStatusError
from technologies import exceptions as technologies
from training import exceptions as training


@pytest.mark.parametrize(
    ("error", "kind", "status"),
    [
        (technologies.NotPermitted("x"), domain.NotPermitted, 403),
        (technologies.TransitionNotAllowed("x"), domain.InvalidTransition, 409),
        (technologies.AttachmentRefused("x"), domain.DomainError, 400),
        (training.AlreadyRegistered(existing=None), domain.Conflict, 409),
        (forums.AlreadyRegistered(existing=None), domain.Conflict, 409),
        (training.TransitionNotAllowed("x"), domain.InvalidTransition, 409),
        (forums.TransitionNotAllowed("x"), domain.InvalidTransition, 409),
        (training.InvalidApplicationLink("x"), InvalidLinkError, 400),
        (LabStatusError("x"), domain.InvalidTransition, 409),
        (AccountsError("x"), domain.DomainError, 400),
        (RateLimited(scope="probe", wait=5), domain.RateLimited, 429),
    ],
)
def test_each_apps_errors_are_kinds_of_the_shared_vocabulary(error, kind, status):
    assert isinstance(error, kind)
    assert isinstance(error, ValidationError)  # forms still show them as form errors
    assert error.status_code == status


def test_an_error_keeps_its_own_code_or_its_kinds_default():
    assert domain.NotPermitted("No.", code="not_staff").error_code == "not_staff"
    assert domain.NotPermitted().error_code == "permission_denied"
    assert domain.InvalidInput({"name": ["Required."]}).error_code == "invalid"


def _raising(error):
    def view(request):
        raise error

    return view


urlpatterns = [
    path("refused/", _raising(technologies.NotPermitted("Only staff curators may do this."))),
    path("transition/", _raising(technologies.TransitionNotAllowed("A draft cannot be accepted."))),
    path("missing/", _raising(domain.NotFound("This link points to nothing."))),
    path("invalid/", _raising(ValidationError("The date is in the past."))),
    path("limited/", _raising(RateLimited(scope="probe", wait=90))),
    path("", include("greentech.urls")),  # the page's links (home, log in)
]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/refused/", 403, "Only staff curators may do this."),
        ("/transition/", 409, "A draft cannot be accepted."),
        ("/missing/", 404, "This link points to nothing."),
        ("/invalid/", 400, "The date is in the past."),
    ],
)
def test_a_page_that_lets_a_domain_error_through_shows_its_message_with_its_status(
    client, url, status, message
):
    response = client.get(url)

    assert response.status_code == status
    assert message in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_page_that_hits_a_rate_limit_answers_429_with_retry_after(client):
    response = client.get("/limited/")

    assert response.status_code == 429
    assert response["Retry-After"] == "90"


def test_other_exceptions_are_left_to_django():
    middleware = DomainErrorPageMiddleware(lambda request: None)

    assert middleware.process_exception(RequestFactory().get("/"), KeyError("x")) is None
