import pytest
from django.urls import reverse

from greentech.accounts.exceptions import LinkExpired, LinkInvalid
from greentech.accounts.models import Role
from greentech.accounts.services import email_verify
from greentech.accounts.tokens import (
    VERIFY_EMAIL_SALT,
    make_email_verification_token,
    read_email_verification_token,
)
from greentech.notifications.models import Notification
from tests.factories import StaffCuratorFactory, UserFactory

from .factories import InstitutionMembershipFactory, VerifiedUserFactory
from .helpers import link_in, old_token

pytestmark = pytest.mark.django_db

# The one answer of the resend button, whether a link went out or not.
SENT_PAGE_TEXT = "still waits for its address to be confirmed, a new link is on its way"


def verify_url(token: str) -> str:
    return reverse("accounts:verify_email", args=[token])


def test_the_link_confirms_the_address(client):
    user = UserFactory()

    response = client.get(verify_url(make_email_verification_token(user)))

    user.refresh_from_db()
    assert response.status_code == 200
    assert f"Thank you: {user.email} is confirmed." in response.content.decode()
    assert user.email_verified_at is not None


def test_following_the_link_again_says_it_is_already_confirmed(client):
    user = UserFactory()
    token = make_email_verification_token(user)
    client.get(verify_url(token))
    first = user.__class__.objects.get(pk=user.pk).email_verified_at

    response = client.get(verify_url(token))

    assert response.status_code == 200
    assert "was already confirmed" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at == first


def test_an_expired_link_is_refused_with_a_clear_page_and_a_button_for_a_new_one(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION_MAX_AGE_DAYS = 2
    user = UserFactory()
    token = old_token({"u": user.pk, "e": user.email}, salt=VERIFY_EMAIL_SALT, days_ago=3)

    response = client.get(verify_url(token))

    page = response.content.decode()
    assert response.status_code == 410
    assert "This link has expired." in page
    assert reverse("accounts:resend_verification") in page
    assert f'value="{token}"' in page
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_link_younger_than_the_setting_still_works(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION_MAX_AGE_DAYS = 5
    user = UserFactory()
    token = old_token({"u": user.pk, "e": user.email}, salt=VERIFY_EMAIL_SALT, days_ago=4)

    assert client.get(verify_url(token)).status_code == 200
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_the_expired_page_sends_a_fresh_link_that_works(
    client, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.ACCOUNT_EMAIL_VERIFICATION_MAX_AGE_DAYS = 1
    user = UserFactory()
    token = old_token({"u": user.pk, "e": user.email}, salt=VERIFY_EMAIL_SALT, days_ago=2)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:resend_verification"), {"token": token})

    assert response.status_code == 200
    assert SENT_PAGE_TEXT in response.content.decode()
    assert [m.to for m in mailoutbox] == [[user.email]]
    fresh = link_in(mailoutbox[0], "/accounts/verify/")
    assert client.get(fresh).status_code == 200
    user.refresh_from_db()
    assert user.email_verified_at is not None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.split(":")[0],
        lambda token: "not-a-token",
    ],
    ids=["altered", "cut-short", "garbage"],
)
def test_a_tampered_link_is_refused_with_a_clear_page(client, mangle):
    user = UserFactory()

    response = client.get(verify_url(mangle(make_email_verification_token(user))))

    assert response.status_code == 400
    assert "This link is not valid." in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_link_signed_for_another_purpose_is_refused():
    user = UserFactory()
    token = old_token({"u": user.pk, "e": user.email}, salt="another-purpose", days_ago=0)
    with pytest.raises(LinkInvalid):
        read_email_verification_token(token)


def test_a_link_sent_to_an_earlier_address_no_longer_works(client):
    user = UserFactory(email="before@example.org")
    token = make_email_verification_token(user)
    user.email = "after@example.org"
    user.save()

    response = client.get(verify_url(token))

    assert response.status_code == 400
    assert "an address the account no longer uses" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_resending_with_a_tampered_token_is_refused(client, mailoutbox):
    response = client.post(reverse("accounts:resend_verification"), {"token": "x:y:z"})
    assert response.status_code == 400
    assert mailoutbox == []


def test_resending_for_an_address_confirmed_meanwhile_sends_nothing_and_answers_the_same(
    client, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.ACCOUNT_EMAIL_VERIFICATION_MAX_AGE_DAYS = 1
    user = VerifiedUserFactory()
    token = old_token({"u": user.pk, "e": user.email}, salt=VERIFY_EMAIL_SALT, days_ago=2)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:resend_verification"), {"token": token})

    assert response.status_code == 200
    assert SENT_PAGE_TEXT in response.content.decode()
    assert mailoutbox == []


def test_a_logged_in_person_asks_for_a_new_link_from_their_account(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory()
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:resend_verification"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert f"We sent a new confirmation link to {user.email}." in response.content.decode()
    assert [m.to for m in mailoutbox] == [[user.email]]


def test_asking_for_a_new_link_when_confirmed_says_so_and_sends_nothing(client, mailoutbox):
    client.force_login(VerifiedUserFactory())
    response = client.post(reverse("accounts:resend_verification"), follow=True)
    assert "Your e-mail address is already confirmed." in response.content.decode()
    assert mailoutbox == []


def test_an_anonymous_resend_without_a_token_goes_to_the_login_page(client):
    response = client.post(reverse("accounts:resend_verification"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_resend_is_post_only(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:resend_verification")).status_code == 405


def test_confirming_tells_every_active_curator_about_the_pending_request(
    client, curators, django_capture_on_commit_callbacks, mailoutbox
):
    StaffCuratorFactory(is_active=False)
    UserFactory(roles=[Role.STAFF_CURATOR])  # in the group but not staff: not a curator
    membership = InstitutionMembershipFactory(user=UserFactory(email_verified_at=None))

    with django_capture_on_commit_callbacks(execute=True):
        client.get(verify_url(make_email_verification_token(membership.user)))

    assert sorted(m.to[0] for m in mailoutbox) == sorted(c.email for c in curators)
    assert all(membership.institution.name in m.body for m in mailoutbox)
    assert all(
        link_in(m, "/staff/memberships/") == reverse("accounts:membership_queue")
        for m in mailoutbox
    )


def test_confirming_without_a_pending_request_tells_no_one(
    curators, django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        email_verify(token=make_email_verification_token(user))
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_an_expired_token_raises_link_expired(settings):
    settings.ACCOUNT_EMAIL_VERIFICATION_MAX_AGE_DAYS = 1
    token = old_token({"u": 1, "e": "a@example.org"}, salt=VERIFY_EMAIL_SALT, days_ago=2)
    with pytest.raises(LinkExpired):
        read_email_verification_token(token)
    assert read_email_verification_token(token, check_age=False) == {"u": 1, "e": "a@example.org"}
