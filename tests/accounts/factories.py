"""Factories for institution link requests and invitations."""

from datetime import timedelta

import factory
from django.utils import timezone

from greentech.accounts.models import (
    InstitutionMembership,
    Invitation,
    InvitationStatus,
    MembershipStatus,
    Role,
)
from tests.factories import InstitutionFactory, StaffCuratorFactory, UserFactory


class VerifiedUserFactory(UserFactory):
    """A person who signed up and confirmed their address, with no role yet."""

    email_verified_at = factory.LazyFunction(timezone.now)


class InstitutionMembershipFactory(factory.django.DjangoModelFactory):
    """A pending request for an institution of the directory."""

    class Meta:
        model = InstitutionMembership

    user = factory.SubFactory(VerifiedUserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    status = MembershipStatus.PENDING


class ProposalMembershipFactory(InstitutionMembershipFactory):
    """A pending request proposing a new institution."""

    institution = None
    proposed_name = factory.Sequence(lambda n: f"Proposed Institute {n}")
    proposed_country = "KE"
    proposed_city = "Nairobi"
    proposed_kind = "research_institute"
    proposed_website = "https://proposed.example.org"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.EXPERT_REVIEWER.value
    invited_by = factory.SubFactory(StaffCuratorFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    status = InvitationStatus.PENDING
