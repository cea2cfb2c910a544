"""Sign-up, password reset and verification re-send tell a stranger nothing about who has an
account: the same answer, after the same work (one password hash, one queued task), whether
the address is known or not; the owner hears about it by e-mail, at most once per interval.
Each of them, and staff invitations, is rate-limited per client address and per address."""

import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from greentech.accounts.models import Role
from greentech.accounts.tokens import VERIFY_EMAIL_SALT
from tests.factories import InstitutionFactory, UserFactory

from .helpers import old_token
from .test_signup import signup_data

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    """Counts the passwords hashed: a known and an unknown address must cost the same."""

    algorithm = "counting_md5"
    count = 0

    def encode(self, password, salt):
        CountingHasher.count += 1
        return super().encode(password, salt)


@pytest.fixture
def hashes(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.count = 0
    return CountingHasher


def page_text(response) -> str:
    page = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_signup_answers_the_same_after_the_same_work_for_a_known_and_a_new_address(
    client, django_capture_on_commit_callbacks, hashes
):
    UserFactory(email="known@example.org")
    institution = InstitutionFactory()
    answers, hashed, queued = [], [], []
    for email in ["known@example.org", "new@example.org"]:
        hashes.count = 0
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(
                reverse("accounts:signup"),
                signup_data(email=email, institution=institution.pk),
            )
        answers.append((response.status_code, response["Location"]))
        hashed.append(hashes.count)
        queued.append(len(callbacks))

    assert answers[0] == answers[1] == (302, reverse("accounts:signup_done"))
    assert hashed == [1, 1]
    assert queued == [1, 1]  # the owner's notice or the new account's confirmation link


def test_the_owner_hears_about_sign_ups_with_their_address_once_per_interval(
    client, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.ACCOUNT_NOTICE_INTERVAL_MINUTES = 60
    UserFactory(email="known@example.org")
    institution = InstitutionFactory()
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("accounts:signup"),
                signup_data(email="known@example.org", institution=institution.pk),
            )
        assert response.status_code == 302

    assert [m.to for m in mailoutbox] == [["known@example.org"]]


def test_password_reset_answers_the_same_and_queues_the_same_for_any_address(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="known@example.org")
    answers = []
    for email in ["known@example.org", "ghost@example.org"]:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(reverse("accounts:password_reset"), {"email": email})
        answers.append((response.status_code, response["Location"], len(callbacks)))

    assert answers[0] == answers[1] == (302, reverse("accounts:password_reset_done"), 1)


def test_the_resend_button_answers_the_same_whether_a_link_went_out_or_not(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION_MAX_AGE_DAYS = 1
    waiting = UserFactory(email="waiting@example.org")
    confirmed = UserFactory(email="confirmed@example.org", email_verified_at="2026-01-01T00:00Z")
    pages = []
    for user in [waiting, confirmed]:
        token = old_token({"u": user.pk, "e": user.email}, salt=VERIFY_EMAIL_SALT, days_ago=2)
        response = client.post(reverse("accounts:resend_verification"), {"token": token})
        pages.append((response.status_code, page_text(response)))

    assert pages[0] == pages[1]


# --- Rate limits -----------------------------------------------------------------------------


@pytest.fixture
def tight(settings):
    """Small limits, so a test needs few requests."""
    settings.RATE_LIMITS = {
        "signup": {"client": "3/h", "target": "2/h"},
        "password_reset": {"client": "3/h", "target": "2/h"},
        "verification_resend": {"client": "3/h", "target": "2/h"},
        "invitation": {"client": "3/h", "target": "1/h"},
    }


def assert_try_again_page(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please try again in about" in response.content.decode()


def test_password_reset_is_limited_per_address_and_per_client(
    client, tight, django_capture_on_commit_callbacks, mailoutbox
):
    UserFactory(email="known@example.org")
    url = reverse("accounts:password_reset")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert client.post(url, {"email": "KNOWN@example.org"}).status_code == 302
        assert_try_again_page(client.post(url, {"email": "known@example.org"}))
    assert len(mailoutbox) == 2

    # The client's third request, for another address, is over the client's limit.
    assert_try_again_page(client.post(url, {"email": "ghost@example.org"}))
    other = client.__class__(REMOTE_ADDR="203.0.113.50")
    assert other.post(url, {"email": "ghost@example.org"}).status_code == 302


def test_signup_is_limited_per_address_known_or_not_alike(
    client, tight, django_capture_on_commit_callbacks
):
    UserFactory(email="known@example.org")
    institution = InstitutionFactory()
    answers = {}
    for email, address in [
        ("known@example.org", "203.0.113.1"),
        ("new@example.org", "203.0.113.2"),
    ]:
        visitor = client.__class__(REMOTE_ADDR=address)
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(2):
                visitor.post(
                    reverse("accounts:signup"),
                    signup_data(email=email, institution=institution.pk),
                )
            answers[email] = visitor.post(
                reverse("accounts:signup"), signup_data(email=email, institution=institution.pk)
            ).status_code

    assert answers == {"known@example.org": 429, "new@example.org": 429}


def test_verification_resend_is_limited_per_address(client, tight, settings, mailoutbox):
    settings.ACCOUNT_EMAIL_VERIFICATION_MAX_AGE_DAYS = 1
    user = UserFactory(email="waiting@example.org")
    token = old_token({"u": user.pk, "e": user.email}, salt=VERIFY_EMAIL_SALT, days_ago=2)
    url = reverse("accounts:resend_verification")
    for _ in range(2):
        assert client.post(url, {"token": token}).status_code == 200

    assert_try_again_page(client.post(url, {"token": token}))
    client.force_login(user)
    assert_try_again_page(client.post(url))


def test_invitations_are_limited_per_invited_address(curator_client, tight):
    url = reverse("accounts:invite")
    first = curator_client.post(url, {"email": "ana@example.org", "role": Role.EXPERT_REVIEWER})
    assert first.status_code == 302

    second = curator_client.post(
        url,
        {
            "email": "ana@example.org",
            "role": Role.PARTNER_SUBMITTER,
            "institution": InstitutionFactory().pk,
        },
    )
    assert_try_again_page(second)
