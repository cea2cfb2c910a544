"""Who sees and may do what: the rules (on unsaved objects where possible) and the selectors
that apply them."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from technologies import selectors
from technologies.models import (
    AssignmentStatus,
    ReviewAssignment,
    Technology,
    TechnologyStatus,
)
from tests.factories import (
    ExpertFactory,
    InstitutionFactory,
    PartnerFactory,
    StaffCuratorFactory,
    UserFactory,
)
from tests.technologies.builders import assigned, in_status, reviewed
from tests.technologies.factories import ReviewAssignmentFactory, TechnologyFactory

pytestmark = pytest.mark.django_db

S = TechnologyStatus


def can(user, perm, obj):
    return rules.has_perm(f"technologies.{perm}", user, obj)


@pytest.fixture
def partner():
    return PartnerFactory()


def own(partner, status=S.DRAFT):
    return Technology(status=status, provider=partner.institution)


# --- partner rules -------------------------------------------------------------------------


@pytest.mark.parametrize("status", S.values)
def test_a_partner_sees_their_institutions_declarations_in_every_state(partner, status):
    assert can(partner, "view_submission", own(partner, status))
    assert not can(
        partner, "view_submission", Technology(status=status, provider=InstitutionFactory())
    )


@pytest.mark.parametrize("status", S.values)
def test_a_partner_changes_and_submits_drafts_and_revisions_only(partner, status):
    editable = status in {S.DRAFT, S.REVISION_REQUESTED}

    assert can(partner, "change_submission", own(partner, status)) is editable
    assert can(partner, "submit_submission", own(partner, status)) is editable


@pytest.mark.parametrize("status", S.values)
def test_a_partner_withdraws_before_a_decision_only(partner, status):
    withdrawable = status in {S.SUBMITTED, S.SCREENING, S.UNDER_REVIEW, S.REVISION_REQUESTED}

    assert can(partner, "withdraw_submission", own(partner, status)) is withdrawable


def test_an_other_institutions_partner_may_do_nothing(partner):
    theirs = own(PartnerFactory())

    for perm in ["view_submission", "change_submission", "submit_submission"]:
        assert not can(partner, perm, theirs)


def test_a_user_of_the_institution_without_the_partner_role_may_do_nothing():
    member = UserFactory(institution=InstitutionFactory())

    assert not can(member, "view_submission", Technology(provider=member.institution))


def test_partners_never_screen_assign_decide_or_see_reviews(partner):
    technology = own(partner, S.UNDER_REVIEW)

    for perm in [
        "screen_submission",
        "assign_experts",
        "decide_submission",
        "view_review_of_others",
    ]:
        assert not can(partner, perm, technology)


# --- staff rules ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", S.values)
def test_staff_screen_assign_and_decide_in_the_right_states(status):
    curator = StaffCuratorFactory()
    technology = Technology(status=status)

    assert can(curator, "view_submission", technology)
    assert can(curator, "screen_submission", technology) is (status in {S.SUBMITTED, S.SCREENING})
    assert can(curator, "assign_experts", technology) is (status == S.UNDER_REVIEW)
    assert can(curator, "decide_submission", technology) is (status == S.UNDER_REVIEW)
    assert not can(curator, "change_submission", technology)


def test_anonymous_visitors_see_no_declaration():
    for perm in ["view_submission", "change_submission", "screen_submission"]:
        assert not can(AnonymousUser(), perm, Technology(status=S.DRAFT))


# --- expert rules --------------------------------------------------------------------------


def test_an_expert_sees_assigned_declarations_until_declining():
    assignment = ReviewAssignmentFactory()
    technology = assignment.technology

    assert can(assignment.expert, "view_submission", technology)
    assert not can(ExpertFactory(), "view_submission", technology)
    assignment.status = AssignmentStatus.DECLINED_CONFLICT
    assignment.save()
    assert not can(assignment.expert, "view_submission", technology)


def test_an_expert_reviews_an_open_assignment_of_a_declaration_under_review():
    assignment = ReviewAssignmentFactory()

    assert can(assignment.expert, "review_assignment", assignment)
    assert not can(ExpertFactory(), "review_assignment", assignment)
    assignment.status = AssignmentStatus.SUBMITTED
    assert not can(assignment.expert, "review_assignment", assignment)
    assignment.status = AssignmentStatus.ASSIGNED
    assignment.technology.status = S.WITHDRAWN
    assert not can(assignment.expert, "review_assignment", assignment)


def test_an_expert_sees_other_reviews_only_after_their_own():
    technology = in_status(S.UNDER_REVIEW)
    first, second = assigned(technology), assigned(technology)
    reviewed(first)

    assert not can(second.expert, "view_review_of_others", technology)
    assert selectors.other_reviews_for_expert(second.expert, technology) == []
    reviewed(second)
    assert can(second.expert, "view_review_of_others", technology)
    [other] = selectors.other_reviews_for_expert(second.expert, technology)
    assert other.assignment == first
    assert other.reviewer_label == "Reviewer 1"
    assert can(StaffCuratorFactory(), "view_review_of_others", technology)


# --- selectors -----------------------------------------------------------------------------


def test_technologies_for_partner_are_their_institutions_only(partner):
    mine = TechnologyFactory(provider=partner.institution, submitted_by=None)
    TechnologyFactory()

    assert list(selectors.technologies_for_partner(partner)) == [mine]
    assert list(selectors.technologies_for_partner(ExpertFactory())) == []


def test_technologies_for_expert_leave_out_declined_assignments():
    expert = ExpertFactory()
    kept = ReviewAssignmentFactory(expert=expert)
    ReviewAssignmentFactory(expert=expert, status=AssignmentStatus.DECLINED_CONFLICT)
    ReviewAssignmentFactory()

    assert list(selectors.technologies_for_expert(expert)) == [kept.technology]
    assert list(selectors.assignments_for_expert(expert)) == [kept]


def test_technologies_visible_to_each_role():
    partner = PartnerFactory()
    mine = TechnologyFactory(provider=partner.institution)
    assignment = ReviewAssignmentFactory()
    other = TechnologyFactory()
    both = PartnerFactory(roles=["Partner submitter", "Expert reviewer"])
    ReviewAssignment.objects.create(technology=other, expert=both, due_on=assignment.due_on)

    assert set(selectors.technologies_visible_to(partner)) == {mine}
    assert set(selectors.technologies_visible_to(assignment.expert)) == {assignment.technology}
    assert set(selectors.technologies_visible_to(both)) == {other}
    assert set(selectors.technologies_visible_to(StaffCuratorFactory())) == {
        mine,
        assignment.technology,
        other,
    }
    assert list(selectors.technologies_visible_to(UserFactory())) == []
    assert list(selectors.technologies_visible_to(AnonymousUser())) == []


def test_the_screening_queue_lists_submitted_and_screening_oldest_first():
    later = in_status(S.SUBMITTED)
    earlier = in_status(S.SCREENING)
    Technology.objects.filter(pk=earlier.pk).update(
        submitted_at=later.submitted_at.replace(year=2020)
    )
    in_status(S.DRAFT)
    in_status(S.UNDER_REVIEW)

    assert list(selectors.screening_queue()) == [earlier, later]
