"""Login lock-out (django-axes): after N failures per account or per client address, further
logins are refused with the very answer a wrong password gets, on the site and the admin; staff
lift lock-outs in the admin, a password reset lifts the account's; events are logged."""

import logging
import re

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.factories import DEFAULT_PASSWORD, StaffCuratorFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE_LOGIN = "accounts:login"
ADMIN_LOGIN = "admin:login"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LOGIN_FAILURE_LIMIT_ACCOUNT = settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURE_LIMIT_ADDRESS = 5
    # Many logins per test: a fast hasher (the hashing itself is not under test here).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def log_in(client, email, password, *, page=SITE_LOGIN, address="198.51.100.1", **headers):
    return client.post(
        reverse(page),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def answer(response, email) -> tuple[int, str]:
    """The status and the page without what differs by request: the CSRF token and the
    address typed back into the form."""
    page = response.content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
    return response.status_code, page.replace(email, "EMAIL")


def logged_in(response) -> bool:
    return response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("page", [SITE_LOGIN, ADMIN_LOGIN])
def test_after_the_limit_even_the_right_password_gets_the_wrong_password_answer(client, page):
    user = StaffCuratorFactory(email="mei@example.org")
    wrong = [log_in(client, user.email, "guess-1", page=page) for _ in range(3)]

    locked = log_in(client, user.email, DEFAULT_PASSWORD, page=page)
    unknown = log_in(client, "nobody@example.org", "guess-2", page=page, address="198.51.100.2")

    assert not logged_in(locked)
    assert answer(locked, user.email) == answer(wrong[0], user.email)
    assert answer(locked, user.email) == answer(unknown, "nobody@example.org")
    assert answer(locked, user.email)[0] == 200


def test_the_account_limit_holds_from_every_address_and_every_spelling(client):
    user = UserFactory(email="mei@example.org")
    for number, spelling in enumerate(["mei@example.org", "MEI@example.org", " Mei@Example.org"]):
        log_in(client, spelling, "guess", address=f"198.51.100.{number + 10}")

    assert not logged_in(log_in(client, user.email, DEFAULT_PASSWORD, address="203.0.113.9"))


def test_the_address_limit_locks_out_every_account_from_that_address(client):
    user = UserFactory(email="mei@example.org")
    for number in range(5):
        log_in(client, f"guess{number}@example.org", "guess")

    assert not logged_in(log_in(client, user.email, DEFAULT_PASSWORD))
    assert logged_in(log_in(client, user.email, DEFAULT_PASSWORD, address="203.0.113.9"))


def test_a_forged_forwarded_header_does_not_give_fresh_addresses(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    user = UserFactory(email="mei@example.org")
    for number in range(5):
        log_in(
            client, f"guess{number}@example.org", "guess", HTTP_X_FORWARDED_FOR=f"10.9.0.{number}"
        )

    assert not logged_in(
        log_in(client, user.email, DEFAULT_PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    )


def test_a_login_forgets_its_own_typos_but_not_other_addresses_failures(client):
    user = UserFactory(email="mei@example.org")
    log_in(client, user.email, "typo")
    log_in(client, user.email, "guess", address="203.0.113.9")
    assert logged_in(log_in(client, user.email, DEFAULT_PASSWORD))
    client.logout()

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]
    # Two failures on record again, below the limit of three: without the forgetting there
    # would be three, and the right password would be refused.
    log_in(client, user.email, "typo")
    assert logged_in(log_in(client, user.email, DEFAULT_PASSWORD))


def test_the_lock_out_ends_after_the_cool_off(client, settings):
    user = UserFactory(email="mei@example.org")
    for _ in range(3):
        log_in(client, user.email, "guess")
    earlier = timezone.now() - timezone.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)
    AccessAttempt.objects.update(attempt_time=earlier)

    assert logged_in(log_in(client, user.email, DEFAULT_PASSWORD))


def test_a_curator_sees_and_lifts_a_lock_out_in_the_admin(client):
    user = UserFactory(email="mei@example.org")
    for _ in range(3):
        log_in(client, user.email, "guess")
    curator = StaffCuratorFactory()
    staff = client.__class__()
    staff.force_login(curator)

    listing = staff.get(reverse("admin:axes_accessattempt_changelist") + "?locked_out=yes")
    assert listing.status_code == 200
    assert "mei@example.org" in listing.content.decode()

    lifted = staff.post(
        reverse("admin:axes_accessattempt_changelist"),
        {
            "action": "lift_lockouts",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
        },
    )
    assert lifted.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert logged_in(log_in(client, user.email, DEFAULT_PASSWORD))


def test_people_without_staff_rights_do_not_see_login_failures(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 403


def test_a_password_reset_through_the_link_lifts_the_account_lock_out(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="mei@example.org")
    for _ in range(3):
        log_in(client, user.email, "guess")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/reset/" in line)
    form_page = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    new_password = "a-much-longer-sample-password"
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )

    assert not AccessAttempt.objects.filter(username=user.email).exists()
    assert logged_in(log_in(client, user.email, new_password))


def test_failures_and_lock_outs_are_security_events_without_the_address_in_clear(client, caplog):
    caplog.set_level(logging.INFO, logger="greentech.security")
    user = UserFactory(email="mei@example.org")
    for _ in range(3):
        log_in(client, user.email, "guess")

    events = [r.getMessage() for r in caplog.records if r.name == "greentech.security"]
    assert sum("event=login_failed client=198.51.100.1" in e for e in events) == 3
    assert any("event=login_locked_out client=198.51.100.1" in e for e in events)
    assert not any("mei@example.org" in e for e in events)
