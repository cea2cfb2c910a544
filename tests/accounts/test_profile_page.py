import pytest
from django.urls import reverse

from greentech.accounts.services import partner_membership_reject
from tests.factories import (
    DEFAULT_PASSWORD,
    ExpertFactory,
    PartnerFactory,
    UserFactory,
)

from .factories import InstitutionMembershipFactory, ProposalMembershipFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")


def test_my_account_sends_anonymous_visitors_to_log_in(client):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={PROFILE_URL}"


def test_a_new_person_sees_what_they_are_waiting_for(client):
    membership = InstitutionMembershipFactory(user=UserFactory(email_verified_at=None))
    client.force_login(membership.user)

    page = client.get(PROFILE_URL).content.decode()

    assert "not confirmed yet" in page
    assert reverse("accounts:resend_verification") in page
    assert f"Your request to act for <strong>{membership.institution.name}</strong>" in page
    assert "Staff can decide once your e-mail address is confirmed." in page
    assert "No role yet" in page
    assert reverse("accounts:request_membership") not in page


def test_a_proposal_is_shown_as_such(client):
    membership = ProposalMembershipFactory(proposed_name="Kenya Water Institute")
    client.force_login(membership.user)
    page = client.get(PROFILE_URL).content.decode()
    assert "Kenya Water Institute" in page
    assert "You proposed it as a new institution of the directory." in page


def test_a_partner_sees_the_institution_and_the_role(client):
    partner = PartnerFactory(email_verified_at="2026-01-01T00:00:00Z")
    client.force_login(partner)

    page = client.get(PROFILE_URL).content.decode()

    assert f"You act for <strong>{partner.institution.name}</strong>" in page
    assert "Partner submitter" in page
    assert "confirmed" in page and "not confirmed yet" not in page
    assert reverse("accounts:expert_profile") not in page
    assert reverse("accounts:membership_queue") not in page


def test_a_rejected_person_sees_the_reason_and_may_ask_again(client, curator):
    membership = InstitutionMembershipFactory()
    partner_membership_reject(membership=membership, by=curator, reason="Unknown to the institute")
    client.force_login(membership.user)

    page = client.get(PROFILE_URL).content.decode()

    assert "was not approved" in page
    assert "Unknown to the institute" in page
    assert reverse("accounts:request_membership") in page


def test_an_expert_sees_the_link_to_the_expertise_profile_still_to_complete(client):
    client.force_login(ExpertFactory())
    page = client.get(PROFILE_URL).content.decode()
    assert reverse("accounts:expert_profile") in page
    assert "to complete" in page
    assert "Expert reviewer" in page


def test_a_curator_sees_the_staff_pages(curator_client):
    page = curator_client.get(PROFILE_URL).content.decode()
    assert reverse("accounts:membership_queue") in page
    assert reverse("accounts:invite") in page
    assert "Staff curator" in page


def test_the_password_change_page_changes_the_password(client):
    user = UserFactory()
    client.force_login(user)
    new = "another-long-sample-passphrase"

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == PROFILE_URL
    assert "Your password was changed." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(new)


def test_the_password_change_page_refuses_a_wrong_old_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "wrong",
            "new_password1": "x-long-pass-123",
            "new_password2": "x-long-pass-123",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_the_password_change_page_needs_a_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
