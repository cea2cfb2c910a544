from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from greentech.accounts.models import InstitutionMembership, MembershipStatus
from tests.factories import (
    ExpertFactory,
    ExpertProfileFactory,
    GreenAreaFactory,
    PartnerFactory,
    StaffCuratorFactory,
    SuperuserFactory,
    UserFactory,
)

from .factories import InstitutionMembershipFactory, InvitationFactory

pytestmark = pytest.mark.django_db


def test_the_database_allows_one_pending_request_per_person():
    membership = InstitutionMembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionMembershipFactory(user=membership.user)


def test_a_request_must_name_an_institution_or_propose_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionMembershipFactory(institution=None, proposed_name="")


def test_an_approved_request_must_name_an_institution():
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionMembership.objects.create(
            user=UserFactory(),
            proposed_name="Proposed",
            status=MembershipStatus.APPROVED,
            decided_at=timezone.now(),
        )


def test_a_decided_request_must_say_when():
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionMembershipFactory(status=MembershipStatus.REJECTED, decided_at=None)


def test_an_expired_invitation_is_not_usable():
    invitation = InvitationFactory(expires_at=timezone.now() - timedelta(seconds=1))
    assert invitation.is_expired
    assert not invitation.is_usable


def test_a_profile_is_complete_with_an_area_and_a_language():
    expert = ExpertFactory()
    profile = ExpertProfileFactory(user=expert, languages="en")
    assert not profile.is_complete
    profile.green_areas.add(GreenAreaFactory())
    assert profile.is_complete
    profile.languages = ""
    assert not profile.is_complete


@pytest.mark.parametrize("perm", ["accounts.review_membership", "accounts.invite_people"])
def test_staff_rules_are_for_curators_only(perm):
    assert StaffCuratorFactory().has_perm(perm)
    assert SuperuserFactory().has_perm(perm)
    assert not PartnerFactory().has_perm(perm)
    assert not ExpertFactory().has_perm(perm)
    assert not StaffCuratorFactory(is_active=False).has_perm(perm)
