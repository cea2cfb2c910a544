import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from greentech.accounts.models import Role
from technologies.models import Technology, TechnologyStatus
from technologies.rules import is_published
from tests.factories import StaffCuratorFactory, UserFactory


@pytest.mark.parametrize("status", TechnologyStatus.values)
def test_is_published_holds_for_accepted_technologies_only(status):
    assert is_published(None, Technology(status=status)) is (status == TechnologyStatus.ACCEPTED)


def test_is_published_is_false_without_a_technology():
    assert not is_published(None, None)


def test_anyone_may_view_an_accepted_technology():
    assert rules.has_perm(
        "technologies.view_technology",
        AnonymousUser(),
        Technology(status=TechnologyStatus.ACCEPTED),
    )


def test_a_visitor_may_not_view_a_submission():
    assert not rules.has_perm(
        "technologies.view_technology",
        AnonymousUser(),
        Technology(status=TechnologyStatus.SUBMITTED),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, Role.PARTNER_SUBMITTER, Role.EXPERT_REVIEWER])
def test_non_curators_may_not_view_a_draft(role):
    user = UserFactory(roles=[role] if role else [])

    assert not rules.has_perm(
        "technologies.view_technology", user, Technology(status=TechnologyStatus.DRAFT)
    )


@pytest.mark.django_db
def test_staff_curator_may_view_a_draft():
    curator = StaffCuratorFactory()

    assert rules.has_perm(
        "technologies.view_technology", curator, Technology(status=TechnologyStatus.DRAFT)
    )
