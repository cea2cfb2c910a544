import pytest
from django.urls import reverse

from greentech.accounts.models import Invitation, InvitationStatus, MembershipStatus, Role
from tests.factories import InstitutionFactory, UserFactory

from .factories import InstitutionMembershipFactory, InvitationFactory, ProposalMembershipFactory
from .helpers import link_in

pytestmark = pytest.mark.django_db

MEMBERSHIPS = reverse("admin:accounts_institutionmembership_changelist")
INVITATIONS = reverse("admin:accounts_invitation_changelist")


def run_action(client, url, action, objects, **extra):
    return client.post(
        url,
        {"action": action, "_selected_action": [o.pk for o in objects], "index": 0, **extra},
        follow=True,
    )


def test_curator_approves_requests_with_the_admin_action(
    curator_client, django_capture_on_commit_callbacks, mailoutbox
):
    first, second = InstitutionMembershipFactory(), ProposalMembershipFactory()
    unconfirmed = InstitutionMembershipFactory(user=UserFactory(email="late@example.org"))

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            curator_client, MEMBERSHIPS, "approve_selected", [first, second, unconfirmed]
        )

    page = response.content.decode()
    assert "2 request(s) approved." in page
    assert "has not confirmed their e-mail address yet" in page
    for membership, status in [
        (first, MembershipStatus.APPROVED),
        (second, MembershipStatus.APPROVED),
        (unconfirmed, MembershipStatus.PENDING),
    ]:
        membership.refresh_from_db()
        assert membership.status == status
    assert first.user.has_role(Role.PARTNER_SUBMITTER)
    assert second.institution.name == second.proposed_name
    assert len(mailoutbox) == 2


def test_the_reject_action_needs_a_reason(curator_client, mailoutbox):
    membership = InstitutionMembershipFactory()

    response = run_action(curator_client, MEMBERSHIPS, "reject_selected", [membership])

    assert "Give the reason in the field next to the action" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING
    assert mailoutbox == []


def test_the_reject_action_sends_the_reason(
    curator_client, curator, django_capture_on_commit_callbacks, mailoutbox
):
    membership = InstitutionMembershipFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            curator_client,
            MEMBERSHIPS,
            "reject_selected",
            [membership],
            note="Please use your institutional address.",
        )

    assert "1 request(s) rejected." in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert membership.decided_by == curator
    assert "Please use your institutional address." in mailoutbox[0].body


def test_staff_point_a_pending_proposal_to_a_directory_institution_in_the_admin(curator_client):
    membership = ProposalMembershipFactory()
    existing = InstitutionFactory()
    url = reverse("admin:accounts_institutionmembership_change", args=[membership.pk])

    response = curator_client.post(
        url,
        {
            "institution": existing.pk,
            "proposed_name": membership.proposed_name,
            "proposed_country": membership.proposed_country,
            "proposed_city": membership.proposed_city,
            "proposed_kind": membership.proposed_kind,
            "proposed_website": membership.proposed_website,
        },
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.institution == existing
    assert membership.status == MembershipStatus.PENDING


def test_a_decided_request_is_read_only_in_the_admin(curator_client, curator):
    membership = InstitutionMembershipFactory()
    run_action(curator_client, MEMBERSHIPS, "reject_selected", [membership], note="No")
    page = curator_client.get(
        reverse("admin:accounts_institutionmembership_change", args=[membership.pk])
    ).content.decode()
    assert 'name="institution"' not in page
    assert 'name="proposed_name"' not in page


def test_the_membership_changelist_is_refused_to_partners(client):
    client.force_login(UserFactory(is_staff=True, roles=[Role.PARTNER_SUBMITTER]))
    assert client.get(MEMBERSHIPS).status_code == 403


def test_the_invitation_add_form_goes_through_the_service(
    curator_client, curator, django_capture_on_commit_callbacks, mailoutbox
):
    institution = InstitutionFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            reverse("admin:accounts_invitation_add"),
            {
                "email": "Invitee@Example.org",
                "role": Role.PARTNER_SUBMITTER,
                "institution": institution.pk,
            },
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "invitee@example.org"
    assert invitation.invited_by == curator
    assert invitation.expires_at is not None
    assert invitation.status == InvitationStatus.PENDING
    assert mailoutbox[0].to == ["invitee@example.org"]
    assert link_in(mailoutbox[0], "/accounts/invitation/")


def test_the_invitation_add_form_shows_the_service_errors(curator_client):
    InvitationFactory(email="invitee@example.org", role=Role.EXPERT_REVIEWER)

    response = curator_client.post(
        reverse("admin:accounts_invitation_add"),
        {"email": "invitee@example.org", "role": Role.EXPERT_REVIEWER},
    )

    assert response.status_code == 200
    assert "is still open until" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_an_invitation_is_read_only_after_creation(curator_client):
    invitation = InvitationFactory(email="invitee@example.org")
    url = reverse("admin:accounts_invitation_change", args=[invitation.pk])

    page = curator_client.get(url).content.decode()
    curator_client.post(url, {"email": "changed@example.org", "role": Role.EXPERT_REVIEWER})

    assert 'name="email"' not in page
    invitation.refresh_from_db()
    assert invitation.email == "invitee@example.org"


def test_the_revoke_action_revokes_pending_invitations_only(curator_client, curator):
    pending = InvitationFactory()
    accepted = InvitationFactory(status=InvitationStatus.ACCEPTED, accepted_at="2026-01-01T00:00Z")

    response = run_action(curator_client, INVITATIONS, "revoke_selected", [pending, accepted])

    page = response.content.decode()
    assert "1 invitation(s) revoked." in page
    assert "1 invitation was already accepted or revoked." in page
    pending.refresh_from_db()
    accepted.refresh_from_db()
    assert pending.status == InvitationStatus.REVOKED
    assert pending.revoked_by == curator
    assert accepted.status == InvitationStatus.ACCEPTED


def test_the_user_page_shows_the_verification_date_and_the_requests(curator_client):
    membership = InstitutionMembershipFactory()
    page = curator_client.get(
        reverse("admin:accounts_user_change", args=[membership.user.pk])
    ).content.decode()
    assert "E-mail verified at" in page
    assert membership.institution.name in page
