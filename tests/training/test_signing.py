"""The signed links in applicants' e-mails: they open exactly one application, for one purpose,
for a limited time."""

import datetime
import time

import pytest
from django.core import signing as django_signing

from tests.forums.factories import RegistrationFactory
from tests.training.factories import ApplicationFactory
from training import links
from training.exceptions import InvalidApplicationLink
from training.signing import (
    make_confirm_token,
    make_manage_token,
    read_confirm_token,
    read_manage_token,
)

pytestmark = pytest.mark.django_db


def test_a_confirm_token_opens_its_application():
    application = ApplicationFactory()
    assert read_confirm_token(make_confirm_token(application)) == application


def test_a_manage_token_opens_its_application():
    application = ApplicationFactory()
    assert read_manage_token(make_manage_token(application)) == application


def test_a_tampered_token_is_refused():
    application = ApplicationFactory()
    other = ApplicationFactory()
    token = make_manage_token(application)
    forged = f"{other.pk}{token[len(str(application.pk)) :]}"
    with pytest.raises(InvalidApplicationLink) as error:
        read_manage_token(forged)
    assert error.value.code == "link_invalid"


@pytest.mark.parametrize("token", ["", "garbage", "1:abc:def"])
def test_a_malformed_token_is_refused(token):
    with pytest.raises(InvalidApplicationLink):
        read_confirm_token(token)


def test_a_confirm_token_is_not_a_manage_token_and_the_reverse():
    application = ApplicationFactory()
    with pytest.raises(InvalidApplicationLink):
        read_manage_token(make_confirm_token(application))
    with pytest.raises(InvalidApplicationLink):
        read_confirm_token(make_manage_token(application))


def test_a_forum_token_does_not_open_an_application_with_the_same_id():
    registration = RegistrationFactory()
    ApplicationFactory(pk=registration.pk)
    from forums.signing import make_manage_token as forum_token

    with pytest.raises(InvalidApplicationLink):
        read_manage_token(forum_token(registration))


def test_an_expired_token_is_refused(monkeypatch, settings):
    settings.REGISTRATION_LINK_MAX_AGE_DAYS = 60
    application = ApplicationFactory()
    signed_at = time.time() - datetime.timedelta(days=61).total_seconds()
    with monkeypatch.context() as patch:
        patch.setattr(django_signing.time, "time", lambda: signed_at)
        token = make_manage_token(application)

    with pytest.raises(InvalidApplicationLink) as error:
        read_manage_token(token)
    assert error.value.code == "link_expired"


def test_a_token_within_its_age_is_accepted(monkeypatch, settings):
    settings.REGISTRATION_LINK_MAX_AGE_DAYS = 60
    application = ApplicationFactory()
    signed_at = time.time() - datetime.timedelta(days=59).total_seconds()
    with monkeypatch.context() as patch:
        patch.setattr(django_signing.time, "time", lambda: signed_at)
        token = make_confirm_token(application)
    assert read_confirm_token(token) == application


def test_the_token_of_a_deleted_application_is_refused():
    application = ApplicationFactory()
    token = make_manage_token(application)
    application.delete()
    with pytest.raises(InvalidApplicationLink):
        read_manage_token(token)


def test_the_links_are_absolute_with_the_agreed_paths(settings):
    settings.SITE_URL = "https://portal.example.org"
    application = ApplicationFactory()
    confirm, manage = links.confirm_url(application), links.manage_url(application)
    prefix = "https://portal.example.org/training/applications/"
    assert confirm.startswith(prefix + "confirm/") and confirm.endswith("/")
    assert manage.startswith(prefix + "manage/") and manage.endswith("/")
    token = manage.removeprefix(prefix + "manage/").removesuffix("/")
    assert read_manage_token(token) == application
    assert "/" not in token


def test_a_token_signed_with_another_secret_is_refused(settings):
    application = ApplicationFactory()
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    token = make_manage_token(application)
    settings.SECRET_KEY = "the-real-secret-key-for-this-test-only-0123456789"
    with pytest.raises(InvalidApplicationLink):
        read_manage_token(token)
