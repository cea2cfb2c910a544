import pytest
from django.urls import reverse

from centres.models import Institution
from greentech.accounts.exceptions import AccountsError
from greentech.accounts.models import (
    MEMBERSHIP_TRANSITIONS,
    InstitutionMembership,
    MembershipStatus,
    Role,
)
from greentech.accounts.rules import is_partner_submitter
from greentech.accounts.services import (
    InstitutionProposal,
    partner_membership_approve,
    partner_membership_reject,
    partner_membership_request,
)
from tests.factories import InstitutionFactory, PartnerFactory, UserFactory

from .factories import InstitutionMembershipFactory, ProposalMembershipFactory, VerifiedUserFactory
from .helpers import link_in

pytestmark = pytest.mark.django_db


# --- Services ------------------------------------------------------------------------------


def test_approving_links_the_person_and_makes_them_a_partner_submitter(
    curator, django_capture_on_commit_callbacks, mailoutbox
):
    membership = InstitutionMembershipFactory()

    with django_capture_on_commit_callbacks(execute=True):
        partner_membership_approve(membership=membership, by=curator, note="Welcome aboard")

    membership.refresh_from_db()
    user = membership.user
    user.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert membership.decided_by == curator
    assert membership.decided_at is not None
    assert membership.note == "Welcome aboard"
    assert user.institution == membership.institution
    assert user.has_role(Role.PARTNER_SUBMITTER)
    assert [m.to for m in mailoutbox] == [[user.email]]
    assert "Welcome aboard" in mailoutbox[0].body
    assert membership.institution.name in mailoutbox[0].body


def test_approval_waits_for_a_confirmed_address(curator, mailoutbox):
    membership = InstitutionMembershipFactory(user=UserFactory())

    with pytest.raises(AccountsError, match="has not confirmed their e-mail address yet"):
        partner_membership_approve(membership=membership, by=curator)

    membership.refresh_from_db()
    membership.user.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING
    assert membership.user.institution is None
    assert not is_partner_submitter(membership.user)


def test_approving_a_proposal_adds_the_institution_to_the_directory(curator):
    InstitutionFactory(name="Another name", slug="kenya-water-institute")
    membership = ProposalMembershipFactory(
        proposed_name="Kenya Water Institute",
        proposed_country="KE",
        proposed_city="Nairobi",
        proposed_kind="government_agency",
        proposed_website="https://kewi.example.org",
    )

    partner_membership_approve(membership=membership, by=curator)

    institution = Institution.objects.get(name="Kenya Water Institute")
    assert institution.slug == "kenya-water-institute-2"
    assert institution.country == "KE"
    assert institution.city == "Nairobi"
    assert institution.kind == "government_agency"
    assert institution.website == "https://kewi.example.org"
    membership.refresh_from_db()
    assert membership.institution == institution
    assert membership.user.institution == institution


def test_a_proposal_named_like_a_directory_institution_in_its_country_links_to_it(curator):
    existing = InstitutionFactory(name="Kenya Water Institute", country="KE")
    membership = ProposalMembershipFactory(proposed_name="KENYA water institute")

    partner_membership_approve(membership=membership, by=curator)

    assert Institution.objects.filter(name__iexact="kenya water institute").count() == 1
    membership.user.refresh_from_db()
    assert membership.user.institution == existing


def test_a_proposal_named_like_an_institution_of_another_country_is_refused_clearly(curator):
    InstitutionFactory(name="National Research Centre", country="EG")
    membership = ProposalMembershipFactory(proposed_name="National Research Centre")

    with pytest.raises(AccountsError) as caught:
        partner_membership_approve(membership=membership, by=curator)

    assert "already has an institution named National Research Centre, in Egypt" in str(
        caught.value
    )
    assert "Choose the institution to link to" in str(caught.value)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_staff_may_link_a_proposal_to_an_institution_they_choose(curator):
    chosen = InstitutionFactory(name="National Research Centre (Egypt)", country="EG")
    InstitutionFactory(name="National Research Centre", country="EG")
    membership = ProposalMembershipFactory(proposed_name="National Research Centre")
    institutions_before = Institution.objects.count()

    partner_membership_approve(membership=membership, by=curator, institution=chosen)

    assert Institution.objects.count() == institutions_before
    membership.refresh_from_db()
    assert membership.institution == chosen
    assert membership.user.institution == chosen


def test_rejecting_sends_the_reason_and_grants_nothing(
    curator, django_capture_on_commit_callbacks, mailoutbox
):
    membership = InstitutionMembershipFactory()

    with django_capture_on_commit_callbacks(execute=True):
        partner_membership_reject(
            membership=membership, by=curator, reason="We could not confirm your affiliation."
        )

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert membership.note == "We could not confirm your affiliation."
    assert membership.decided_by == curator
    assert membership.user.institution is None
    assert not is_partner_submitter(membership.user)
    message = mailoutbox[0]
    assert message.to == [membership.user.email]
    assert "We could not confirm your affiliation." in message.body
    assert link_in(message, "/profile/institution/") == reverse("accounts:request_membership")


def test_rejecting_without_a_reason_is_refused(curator):
    membership = InstitutionMembershipFactory()
    with pytest.raises(AccountsError, match="Give the reason"):
        partner_membership_reject(membership=membership, by=curator, reason="  ")
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


@pytest.mark.parametrize("state", [MembershipStatus.APPROVED, MembershipStatus.REJECTED])
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_a_decided_request_cannot_be_decided_again(curator, state, action):
    membership = InstitutionMembershipFactory()
    if state == MembershipStatus.APPROVED:
        partner_membership_approve(membership=membership, by=curator)
    else:
        partner_membership_reject(membership=membership, by=curator, reason="No")

    with pytest.raises(AccountsError, match="was already"):
        if action == "approve":
            partner_membership_approve(membership=membership, by=curator)
        else:
            partner_membership_reject(membership=membership, by=curator, reason="Again")

    membership.refresh_from_db()
    assert membership.status == state


def test_the_transitions_table_allows_only_a_decision_on_a_pending_request():
    assert {
        MembershipStatus.PENDING: {MembershipStatus.APPROVED, MembershipStatus.REJECTED},
        MembershipStatus.APPROVED: set(),
        MembershipStatus.REJECTED: set(),
    } == MEMBERSHIP_TRANSITIONS


def test_a_person_with_a_pending_request_cannot_ask_again():
    membership = InstitutionMembershipFactory()
    with pytest.raises(AccountsError, match="already have a link"):
        partner_membership_request(user=membership.user, institution=InstitutionFactory())
    assert InstitutionMembership.objects.count() == 1


def test_a_rejected_person_may_ask_again(curator):
    membership = InstitutionMembershipFactory()
    partner_membership_reject(membership=membership, by=curator, reason="Wrong institution")

    again = partner_membership_request(
        user=membership.user,
        proposal=InstitutionProposal(name="Makerere Green Lab", country="UG", kind="university"),
    )

    assert again.status == MembershipStatus.PENDING
    assert again.proposed_name == "Makerere Green Lab"


# --- The person's request page ----------------------------------------------------------------


def test_a_person_without_an_institution_sends_a_request_and_staff_hear_of_it(
    client, curators, django_capture_on_commit_callbacks, mailoutbox
):
    user = VerifiedUserFactory()
    institution = InstitutionFactory()
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:request_membership"), {"institution": institution.pk}, follow=True
        )

    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert "Your request was sent to the portal staff." in response.content.decode()
    membership = InstitutionMembership.objects.get(user=user)
    assert membership.institution == institution
    assert sorted(m.to[0] for m in mailoutbox) == sorted(c.email for c in curators)


def test_the_request_page_shows_field_errors(client):
    client.force_login(VerifiedUserFactory())
    response = client.post(reverse("accounts:request_membership"), {"not_listed": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["proposed_name"] == ["Required for a new institution."]
    assert not InstitutionMembership.objects.exists()


def test_a_person_with_an_institution_is_sent_back_from_the_request_page(client):
    client.force_login(PartnerFactory())
    response = client.get(reverse("accounts:request_membership"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert "You already have an institution" in response.content.decode()


def test_the_request_page_needs_a_login(client):
    response = client.get(reverse("accounts:request_membership"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- The staff queue ------------------------------------------------------------------------------


def test_the_queue_sends_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("accounts:membership_queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "make_user",
    [UserFactory, PartnerFactory, lambda: UserFactory(roles=[Role.EXPERT_REVIEWER])],
    ids=["no-role", "partner", "expert"],
)
def test_the_queue_is_refused_to_non_curators(client, make_user):
    client.force_login(make_user())
    response = client.get(reverse("accounts:membership_queue"))
    assert response.status_code == 403


def test_the_queue_lists_pending_requests_only(curator_client, curator):
    waiting = InstitutionMembershipFactory(user=VerifiedUserFactory(first_name="Waiting"))
    proposal = ProposalMembershipFactory(proposed_name="Proposed Lagos Lab")
    unconfirmed = InstitutionMembershipFactory(user=UserFactory(email="unconfirmed@example.org"))
    decided = InstitutionMembershipFactory(user=VerifiedUserFactory(email="decided@example.org"))
    partner_membership_reject(membership=decided, by=curator, reason="No")

    response = curator_client.get(reverse("accounts:membership_queue"))

    page = response.content.decode()
    assert response.status_code == 200
    assert [m.pk for m in response.context["requests"]] == [waiting.pk, proposal.pk, unconfirmed.pk]
    assert waiting.institution.name in page
    assert "Proposed Lagos Lab (new, proposed)" in page
    assert "not confirmed yet: approval waits for it" in page
    assert "decided@example.org" not in page
    assert reverse("accounts:membership_approve", args=[waiting.pk]) in page
    assert reverse("accounts:membership_reject", args=[waiting.pk]) in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_queue_keeps_a_fixed_number_of_queries(
    curator_client, django_assert_max_num_queries, count
):
    InstitutionMembershipFactory.create_batch(count)
    ProposalMembershipFactory.create_batch(count)
    InstitutionFactory.create_batch(count)

    # session + user + groups (permission check) + requests + institutions for proposals
    with django_assert_max_num_queries(5):
        response = curator_client.get(reverse("accounts:membership_queue"))

    assert len(response.context["requests"]) == 2 * count


def test_curator_approves_from_the_queue(curator_client, django_capture_on_commit_callbacks):
    membership = InstitutionMembershipFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            reverse("accounts:membership_approve", args=[membership.pk]),
            {"note": "Checked with the institution"},
            follow=True,
        )

    assert response.redirect_chain[-1][0] == reverse("accounts:membership_queue")
    assert "is now a partner submitter" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED
    assert membership.note == "Checked with the institution"


def test_curator_approves_a_proposal_linking_an_existing_institution(curator_client):
    existing = InstitutionFactory()
    membership = ProposalMembershipFactory()

    curator_client.post(
        reverse("accounts:membership_approve", args=[membership.pk]),
        {"institution": existing.pk},
    )

    membership.refresh_from_db()
    assert membership.institution == existing
    assert not Institution.objects.filter(name=membership.proposed_name).exists()


def test_approving_an_unconfirmed_person_from_the_queue_shows_why_not(curator_client):
    membership = InstitutionMembershipFactory(user=UserFactory())

    response = curator_client.post(
        reverse("accounts:membership_approve", args=[membership.pk]), follow=True
    )

    assert "has not confirmed their e-mail address yet" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_curator_rejects_from_the_queue_with_a_reason(
    curator_client, django_capture_on_commit_callbacks, mailoutbox
):
    membership = InstitutionMembershipFactory()

    with django_capture_on_commit_callbacks(execute=True):
        curator_client.post(
            reverse("accounts:membership_reject", args=[membership.pk]),
            {"reason": "Not a member of this institution."},
        )

    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert "Not a member of this institution." in mailoutbox[0].body


def test_rejecting_from_the_queue_without_a_reason_changes_nothing(curator_client, mailoutbox):
    membership = InstitutionMembershipFactory()

    response = curator_client.post(
        reverse("accounts:membership_reject", args=[membership.pk]), {"reason": ""}, follow=True
    )

    assert "Give the reason" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING
    assert mailoutbox == []


def test_deciding_twice_from_the_queue_shows_a_message(curator_client, curator):
    membership = InstitutionMembershipFactory()
    partner_membership_approve(membership=membership, by=curator)

    response = curator_client.post(
        reverse("accounts:membership_reject", args=[membership.pk]),
        {"reason": "Too late"},
        follow=True,
    )

    assert "was already approved" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.APPROVED


@pytest.mark.parametrize("name", ["membership_approve", "membership_reject"])
def test_decisions_are_post_only(curator_client, name):
    membership = InstitutionMembershipFactory()
    assert curator_client.get(reverse(f"accounts:{name}", args=[membership.pk])).status_code == 405


@pytest.mark.parametrize("name", ["membership_approve", "membership_reject"])
def test_decisions_are_refused_to_non_curators(client, name):
    membership = InstitutionMembershipFactory()
    client.force_login(PartnerFactory())

    response = client.post(reverse(f"accounts:{name}", args=[membership.pk]), {"reason": "x"})

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


@pytest.mark.parametrize("name", ["membership_approve", "membership_reject"])
def test_decisions_send_anonymous_visitors_to_log_in(client, name):
    membership = InstitutionMembershipFactory()
    response = client.post(reverse(f"accounts:{name}", args=[membership.pk]), {"reason": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_deciding_an_unknown_request_is_404(curator_client):
    response = curator_client.post(reverse("accounts:membership_approve", args=[987654]))
    assert response.status_code == 404
