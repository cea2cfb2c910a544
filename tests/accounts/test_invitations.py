from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from greentech.accounts.exceptions import AccountsError
from greentech.accounts.models import (
    INVITATION_TRANSITIONS,
    InstitutionMembership,
    Invitation,
    InvitationStatus,
    MembershipStatus,
    Role,
    User,
)
from greentech.accounts.services import (
    invitation_accept,
    invitation_create,
    invitation_revoke,
)
from greentech.accounts.tokens import make_invitation_token
from tests.factories import (
    ExpertFactory,
    InstitutionFactory,
    PartnerFactory,
    UserFactory,
)

from .factories import InstitutionMembershipFactory, InvitationFactory
from .helpers import link_in

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-sample-passphrase-42"


def accept_url(invitation) -> str:
    return reverse("accounts:accept_invitation", args=[make_invitation_token(invitation)])


def account_data(**overrides):
    data = {
        "first_name": "Li",
        "last_name": "Wei",
        "country": "CN",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
    }
    return data | overrides


# --- Creating and revoking -------------------------------------------------------------------


def test_an_invitation_is_e_mailed_with_a_link_and_expires_after_the_default_14_days(
    curator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            email="Li.Wei@Example.org", role=Role.EXPERT_REVIEWER, invited_by=curator
        )

    assert invitation.email == "li.wei@example.org"
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.invited_by == curator
    expected = timezone.now() + timedelta(days=14)
    assert abs((invitation.expires_at - expected).total_seconds()) < 60
    message = mailoutbox[0]
    assert message.to == ["li.wei@example.org"]
    assert "Expert reviewer" in message.body
    assert link_in(message, "/accounts/invitation/") == accept_url(invitation)
    assert invitation.expires_at.date().isoformat() in message.body


def test_the_invitation_age_comes_from_the_setting(curator, settings):
    settings.ACCOUNT_INVITATION_MAX_AGE_DAYS = 3
    invitation = invitation_create(
        email="a@example.org", role=Role.EXPERT_REVIEWER, invited_by=curator
    )
    expected = timezone.now() + timedelta(days=3)
    assert abs((invitation.expires_at - expected).total_seconds()) < 60


def test_a_partner_invitation_must_name_the_institution(curator):
    with pytest.raises(AccountsError, match="must name the institution"):
        invitation_create(email="a@example.org", role=Role.PARTNER_SUBMITTER, invited_by=curator)
    assert not Invitation.objects.exists()


def test_curators_are_not_made_by_invitation(curator):
    with pytest.raises(AccountsError, match="partner submitters or expert reviewers"):
        invitation_create(email="a@example.org", role=Role.STAFF_CURATOR, invited_by=curator)


def test_a_second_open_invitation_for_the_same_address_and_role_is_refused(curator):
    InvitationFactory(email="a@example.org", role=Role.EXPERT_REVIEWER)
    with pytest.raises(AccountsError, match="still open until"):
        invitation_create(email="A@example.org", role=Role.EXPERT_REVIEWER, invited_by=curator)


def test_an_expired_invitation_does_not_block_a_new_one(curator):
    InvitationFactory(email="a@example.org", expires_at=timezone.now() - timedelta(days=1))
    invitation = invitation_create(
        email="a@example.org", role=Role.EXPERT_REVIEWER, invited_by=curator
    )
    assert invitation.status == InvitationStatus.PENDING


def test_inviting_someone_to_a_role_they_have_is_refused(curator):
    expert = ExpertFactory()
    with pytest.raises(AccountsError, match="already has the role Expert reviewer"):
        invitation_create(email=expert.email, role=Role.EXPERT_REVIEWER, invited_by=curator)


def test_inviting_a_partner_of_another_institution_is_refused(curator):
    person = UserFactory(institution=InstitutionFactory(name="Tongji University"))
    with pytest.raises(AccountsError, match="is linked to Tongji University"):
        invitation_create(
            email=person.email,
            role=Role.PARTNER_SUBMITTER,
            institution=InstitutionFactory(),
            invited_by=curator,
        )


def test_the_transitions_table_lets_a_pending_invitation_end_once():
    assert {
        InvitationStatus.PENDING: {InvitationStatus.ACCEPTED, InvitationStatus.REVOKED},
        InvitationStatus.ACCEPTED: set(),
        InvitationStatus.REVOKED: set(),
    } == INVITATION_TRANSITIONS


def test_revoking_records_who_and_when(curator):
    invitation = InvitationFactory()
    invitation_revoke(invitation=invitation, by=curator)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    assert invitation.revoked_by == curator
    assert invitation.revoked_at is not None


@pytest.mark.parametrize("state", [InvitationStatus.ACCEPTED, InvitationStatus.REVOKED])
def test_an_ended_invitation_cannot_be_revoked(curator, state):
    invitation = InvitationFactory(
        status=state,
        accepted_at=timezone.now() if state == InvitationStatus.ACCEPTED else None,
        revoked_at=timezone.now() if state == InvitationStatus.REVOKED else None,
    )
    with pytest.raises(AccountsError):
        invitation_revoke(invitation=invitation, by=curator)
    invitation.refresh_from_db()
    assert invitation.status == state


# --- Accepting with a new account ------------------------------------------------------------


def test_an_invited_expert_sets_up_an_account_and_lands_on_the_expertise_profile(client):
    invitation = InvitationFactory(email="li.wei@example.org", role=Role.EXPERT_REVIEWER)
    url = accept_url(invitation)

    form_page = client.get(url)
    response = client.post(url, account_data())

    assert form_page.status_code == 200
    assert "li.wei@example.org" in form_page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:expert_profile")
    user = User.objects.get(email="li.wei@example.org")
    assert user.check_password(PASSWORD)
    assert user.first_name == "Li" and user.country == "CN"
    assert user.email_verified_at is not None  # the link proved the address
    assert user.consented_at is not None
    assert user.has_role(Role.EXPERT_REVIEWER)
    assert response.wsgi_request.user == user
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_by == user


def test_an_invited_partner_is_linked_to_the_institution_at_once(client, curator):
    institution = InstitutionFactory()
    invitation = InvitationFactory(
        role=Role.PARTNER_SUBMITTER, institution=institution, invited_by=curator
    )

    response = client.post(accept_url(invitation), account_data())

    assert response["Location"] == reverse("accounts:profile")
    user = User.objects.get(email=invitation.email)
    assert user.institution == institution
    assert user.has_role(Role.PARTNER_SUBMITTER)
    membership = InstitutionMembership.objects.get(user=user)
    assert membership.status == MembershipStatus.APPROVED
    assert membership.institution == institution
    assert membership.decided_by == curator


def test_an_invited_expert_with_an_institution_gets_it_for_conflict_checks(client):
    institution = InstitutionFactory()
    invitation = InvitationFactory(role=Role.EXPERT_REVIEWER, institution=institution)
    client.post(accept_url(invitation), account_data())
    user = User.objects.get(email=invitation.email)
    assert user.institution == institution
    assert not user.has_role(Role.PARTNER_SUBMITTER)


def test_the_account_form_re_renders_with_errors(client):
    invitation = InvitationFactory()

    response = client.post(accept_url(invitation), account_data(password2="something-else-9"))

    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == ["The two passwords differ."]
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_an_invitation_works_only_once(client):
    invitation = InvitationFactory()
    url = accept_url(invitation)
    client.post(url, account_data())
    client.logout()

    response = client.get(url)

    assert response.status_code == 410
    assert "This invitation has already been used." in response.content.decode()
    assert User.objects.filter(email=invitation.email).count() == 1


def test_a_revoked_invitation_is_refused_with_a_clear_page(client, curator):
    invitation = InvitationFactory()
    invitation_revoke(invitation=invitation, by=curator)

    response = client.post(accept_url(invitation), account_data())

    assert response.status_code == 410
    assert "This invitation was revoked." in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_an_expired_invitation_is_refused_with_a_clear_page(client):
    invitation = InvitationFactory(expires_at=timezone.now() - timedelta(minutes=1))

    response = client.post(accept_url(invitation), account_data())

    assert response.status_code == 410
    assert "This invitation has expired." in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


@pytest.mark.parametrize(
    "mangle",
    [lambda token: token[:-2] + "xx", lambda token: token.split(":")[0], lambda token: "abc"],
    ids=["altered", "cut-short", "garbage"],
)
def test_a_tampered_invitation_link_is_refused_with_a_clear_page(client, mangle):
    invitation = InvitationFactory()
    token = mangle(make_invitation_token(invitation))

    response = client.get(reverse("accounts:accept_invitation", args=[token]))

    assert response.status_code == 400
    assert "This link is not valid." in response.content.decode()


def test_a_link_to_a_deleted_invitation_is_refused(client):
    invitation = InvitationFactory()
    url = accept_url(invitation)
    invitation.delete()
    response = client.get(url)
    assert response.status_code == 400


# --- Accepting with an existing account ------------------------------------------------------


def test_an_existing_account_is_asked_to_log_in_first(client):
    person = UserFactory()
    invitation = InvitationFactory(email=person.email)
    url = accept_url(invitation)

    response = client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert "already has an account: log in with it to accept" in page
    assert f"{reverse('accounts:login')}?next=" in page
    assert 'name="password1"' not in page


def test_an_existing_account_adds_the_role_after_logging_in(client):
    person = UserFactory()
    invitation = InvitationFactory(email=person.email, role=Role.EXPERT_REVIEWER)
    url = accept_url(invitation)
    client.force_login(person)

    confirm = client.get(url)
    response = client.post(url)

    assert confirm.status_code == 200
    assert "Expert reviewer" in confirm.content.decode()
    assert response["Location"] == reverse("accounts:expert_profile")
    person.refresh_from_db()
    assert person.has_role(Role.EXPERT_REVIEWER)
    assert User.objects.filter(email=person.email).count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


def test_a_partner_invitation_approves_the_pending_request_for_the_same_institution(client):
    membership = InstitutionMembershipFactory()
    person = membership.user
    invitation = InvitationFactory(
        email=person.email, role=Role.PARTNER_SUBMITTER, institution=membership.institution
    )
    client.force_login(person)

    client.post(accept_url(invitation))

    membership.refresh_from_db()
    person.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert person.institution == membership.institution
    assert person.has_role(Role.PARTNER_SUBMITTER)
    assert InstitutionMembership.objects.filter(user=person).count() == 1


def test_a_partner_invitation_closes_a_pending_request_for_another_institution(curator):
    membership = InstitutionMembershipFactory()
    other = InstitutionFactory()
    invitation = InvitationFactory(
        email=membership.user.email, role=Role.PARTNER_SUBMITTER, institution=other
    )

    invitation_accept(invitation=invitation, user=membership.user)

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert other.name in membership.note
    membership.user.refresh_from_db()
    assert membership.user.institution == other


def test_a_partner_of_another_institution_cannot_accept(client):
    partner = PartnerFactory()
    invitation = InvitationFactory(
        email=partner.email, role=Role.PARTNER_SUBMITTER, institution=InstitutionFactory()
    )
    client.force_login(partner)

    response = client.post(accept_url(invitation), follow=True)

    assert "is linked to" in response.content.decode()
    partner.refresh_from_db()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_someone_logged_in_with_another_account_is_refused(client):
    invitation = InvitationFactory(email="invitee@example.org")
    other = UserFactory()
    client.force_login(other)

    response = client.post(accept_url(invitation))

    assert response.status_code == 403
    assert "This invitation was sent to invitee@example.org" in response.content.decode()
    other.refresh_from_db()
    assert not other.has_role(Role.EXPERT_REVIEWER)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_the_service_refuses_an_account_with_another_address():
    invitation = InvitationFactory(email="invitee@example.org")
    with pytest.raises(AccountsError, match=r"was sent to invitee@example\.org"):
        invitation_accept(invitation=invitation, user=UserFactory())


# --- The staff page --------------------------------------------------------------------------


def test_the_invite_page_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("accounts:invite"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("make_user", [UserFactory, PartnerFactory, ExpertFactory])
def test_the_invite_page_is_refused_to_non_curators(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("accounts:invite")).status_code == 403
    response = client.post(
        reverse("accounts:invite"), {"email": "x@example.org", "role": Role.EXPERT_REVIEWER}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_curator_invites_from_the_staff_page(
    curator_client, curator, django_capture_on_commit_callbacks, mailoutbox
):
    institution = InstitutionFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            reverse("accounts:invite"),
            {
                "email": "new.partner@example.org",
                "role": Role.PARTNER_SUBMITTER,
                "institution": institution.pk,
            },
            follow=True,
        )

    assert "The invitation was sent to new.partner@example.org." in response.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.invited_by == curator
    assert invitation.institution == institution
    assert mailoutbox[0].to == ["new.partner@example.org"]
    assert "new.partner@example.org" in response.content.decode()  # listed as open


def test_the_invite_page_shows_the_service_errors_on_the_form(curator_client):
    response = curator_client.post(
        reverse("accounts:invite"),
        {"email": "new.partner@example.org", "role": Role.PARTNER_SUBMITTER},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["institution"] == [
        "A partner submitter invitation must name the institution."
    ]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_invite_page_keeps_a_fixed_number_of_queries(
    curator_client, django_assert_max_num_queries, count
):
    InvitationFactory.create_batch(count, institution=InstitutionFactory())
    InstitutionFactory.create_batch(count)

    # session + user + groups + institutions (select) + invitations
    with django_assert_max_num_queries(5):
        response = curator_client.get(reverse("accounts:invite"))

    assert len(response.context["invitations"]) == count


def test_curator_revokes_from_the_staff_page(curator_client, curator):
    invitation = InvitationFactory()

    response = curator_client.post(
        reverse("accounts:invitation_revoke", args=[invitation.pk]), follow=True
    )

    assert f"The invitation to {invitation.email} was revoked." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    assert invitation.revoked_by == curator


def test_revoking_twice_shows_a_message(curator_client, curator):
    invitation = InvitationFactory()
    invitation_revoke(invitation=invitation, by=curator)
    response = curator_client.post(
        reverse("accounts:invitation_revoke", args=[invitation.pk]), follow=True
    )
    assert "This invitation was revoked." in response.content.decode()


def test_revoking_is_post_only_and_for_curators(client, curator_client):
    invitation = InvitationFactory()
    url = reverse("accounts:invitation_revoke", args=[invitation.pk])
    assert curator_client.get(url).status_code == 405
    client.logout()
    client.force_login(PartnerFactory())
    assert client.post(url).status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
