"""Experts: suggestions, assignments with conflicts refused, reviews (once, complete, on the
scale), conflict declarations, and the staff notices."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from technologies import services
from technologies.exceptions import ConflictOfInterest, NotPermitted, TechnologyError
from technologies.models import AssignmentStatus, Recommendation, Review, TechnologyStatus
from technologies.selectors import suggest_experts
from tests.factories import (
    ExpertFactory,
    GreenAreaFactory,
    InstitutionFactory,
    PartnerFactory,
    StaffCuratorFactory,
    UserFactory,
)
from tests.technologies.builders import assigned, expert, in_status, reviewed
from tests.technologies.factories import ReviewAssignmentFactory, TechnologyFactory

pytestmark = pytest.mark.django_db

S = TechnologyStatus
IN_TWO_WEEKS = dt.timedelta(days=14)


@pytest.fixture
def technology():
    return in_status(S.UNDER_REVIEW)


@pytest.fixture
def curator():
    return StaffCuratorFactory()


def assign(technology, expert_user, curator, due_on=None):
    return services.assignment_create(
        technology=technology,
        expert=expert_user,
        due_on=due_on or timezone.localdate() + IN_TWO_WEEKS,
        by=curator,
    )


# --- suggestions ---------------------------------------------------------------------------


def test_suggestions_match_the_area_and_leave_out_conflicts_and_assigned(technology):
    area = technology.green_area
    good = expert(area=area)
    expert(area=GreenAreaFactory())  # another area
    expert(area=area, is_available=False)
    expert(area=area, institution=technology.provider)  # the provider's own
    declared = expert(area=area)
    declared.expert_profile.conflict_institutions.add(technology.provider)
    inactive = expert(area=area)
    inactive.is_active = False
    inactive.save()
    ExpertFactory()  # no profile
    already = expert(area=area)
    ReviewAssignmentFactory(technology=technology, expert=already)

    assert list(suggest_experts(technology)) == [good]


def test_suggestions_put_the_least_busy_first(technology):
    area = technology.green_area
    busy = expert(area=area, user__last_name="Aaron")
    free = expert(area=area, user__last_name="Zhou")
    ReviewAssignmentFactory.create_batch(2, expert=busy)
    ReviewAssignmentFactory(expert=free, status=AssignmentStatus.SUBMITTED)

    suggestions = list(suggest_experts(technology))

    assert suggestions == [free, busy]
    assert [e.open_assignments for e in suggestions] == [0, 2]


# --- assignments ---------------------------------------------------------------------------


def test_staff_assign_an_expert_who_is_told_with_due_date_and_link(
    technology, curator, mailoutbox, django_capture_on_commit_callbacks
):
    reviewer = expert()  # not a suggested area: staff may still pick them
    due = timezone.localdate() + IN_TWO_WEEKS

    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign(technology, reviewer, curator, due)

    assert (assignment.expert, assignment.assigned_by, assignment.due_on) == (
        reviewer,
        curator,
        due,
    )
    [mail] = mailoutbox
    assert mail.to == [reviewer.email]
    assert due.isoformat() in mail.body
    assert f"/technologies/reviews/{assignment.pk}/" in mail.body
    link = f"{settings.SITE_URL}/technologies/reviews/{assignment.pk}/"
    assert f'href="{link}"' in mail.alternatives[0][0]


def test_an_expert_of_the_provider_is_refused(technology, curator):
    colleague = expert(institution=technology.provider)

    with pytest.raises(ConflictOfInterest, match="works for the provider"):
        assign(technology, colleague, curator)


def test_an_expert_who_declared_a_conflict_with_the_provider_is_refused(technology, curator):
    reviewer = expert()
    reviewer.expert_profile.conflict_institutions.add(technology.provider)

    with pytest.raises(ConflictOfInterest, match="declared a conflict"):
        assign(technology, reviewer, curator)


def test_the_declarer_cannot_review_their_own_technology(technology, curator):
    declarer = technology.submitted_by
    declarer.institution = InstitutionFactory()
    declarer.save()
    declarer.groups.add(*ExpertFactory().groups.all())

    with pytest.raises(ConflictOfInterest, match="declared this technology"):
        assign(technology, declarer, curator)


@pytest.mark.parametrize(
    "make_user", [UserFactory, PartnerFactory], ids=["no role", "partner submitter"]
)
def test_only_expert_reviewers_are_assigned(technology, curator, make_user):
    with pytest.raises(TechnologyError, match="not an active expert reviewer"):
        assign(technology, make_user(), curator)


def test_an_expert_is_assigned_once(technology, curator):
    reviewer = expert()
    assign(technology, reviewer, curator)

    with pytest.raises(TechnologyError, match="already assigned"):
        assign(technology, reviewer, curator)


def test_a_due_date_in_the_past_is_refused(technology, curator):
    with pytest.raises(TechnologyError) as error:
        assign(technology, expert(), curator, timezone.localdate() - dt.timedelta(days=1))

    assert list(error.value.message_dict) == ["due_on"]


@pytest.mark.parametrize("status", [S.SUBMITTED, S.SCREENING, S.ACCEPTED])
def test_experts_are_assigned_only_under_review(curator, status):
    with pytest.raises(TechnologyError, match="under review"):
        assign(TechnologyFactory(status=status), expert(), curator)


def test_only_staff_assign(technology):
    with pytest.raises(NotPermitted):
        assign(technology, expert(), technology.submitted_by)


# --- reviews -------------------------------------------------------------------------------


def test_the_assigned_expert_reviews_every_criterion_once(technology, curator):
    assignment = assign(technology, expert(), curator)
    first, second = technology.call.criteria.all()

    review = services.review_submit(
        assignment=assignment,
        scores={first.pk: (Decimal("4.5"), "Novel"), second.pk: (3, "")},
        recommendation=Recommendation.ACCEPT,
        comment="Good",
        by=assignment.expert,
    )

    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED
    assert review.submitted_at is not None
    assert {(s.criterion_id, s.score, s.comment) for s in review.scores.all()} == {
        (first.pk, Decimal("4.50"), "Novel"),
        (second.pk, Decimal("3.00"), ""),
    }
    with pytest.raises(TechnologyError, match="submitted already"):
        reviewed(assignment)


def test_a_review_lists_every_problem_with_its_scores(technology, curator):
    assignment = assign(technology, expert(), curator)
    first, second = technology.call.criteria.all()

    with pytest.raises(TechnologyError) as error:
        services.review_submit(
            assignment=assignment,
            scores={first.pk: (6, ""), 999_999: (1, "")},
            recommendation="maybe",
            by=assignment.expert,
        )

    assert error.value.message_dict == {
        "scores": [
            f"{first.name}: the score must lie between 0 and 5.",
            "999999 is not a criterion of this call.",
            f"{second.name}: a score is required.",
        ],
        "recommendation": ["Choose one of: Accept, Ask for a revision, Reject."],
    }
    assert not Review.objects.exists()


def test_scores_take_two_decimal_places_at_most(technology, curator):
    assignment = assign(technology, expert(), curator)
    first, second = technology.call.criteria.all()

    with pytest.raises(TechnologyError, match="two decimal places"):
        services.review_submit(
            assignment=assignment,
            scores={first.pk: ("3.125", ""), second.pk: (3, "")},
            recommendation=Recommendation.ACCEPT,
            by=assignment.expert,
        )


def test_another_expert_cannot_review_an_assignment(technology, curator):
    assignment = assign(technology, expert(), curator)

    with pytest.raises(NotPermitted):
        services.review_submit(
            assignment=assignment, scores={}, recommendation="accept", by=ExpertFactory()
        )


def test_a_withdrawn_declaration_takes_no_review(technology, curator):
    assignment = assign(technology, expert(), curator)
    services.technology_withdraw(technology=technology, by=technology.submitted_by)

    with pytest.raises(TechnologyError, match="no longer takes reviews"):
        reviewed(assignment)


def test_staff_hear_once_every_active_review_is_in(
    technology, curator, mailoutbox, django_capture_on_commit_callbacks
):
    other_curator = StaffCuratorFactory()
    first = assign(technology, expert(), curator)
    second = assign(technology, expert(), curator)
    declined = assign(technology, expert(), other_curator)
    services.assignment_declare_conflict(assignment=declined, note="", by=declined.expert)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reviewed(first)
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        reviewed(second)

    # To the curators who assigned experts to this declaration.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([curator.email, other_curator.email])
    assert "All reviews are in" in mailoutbox[0].subject
    assert f"/technologies/staff/submissions/{technology.pk}/decision/" in mailoutbox[0].body


# --- conflicts -----------------------------------------------------------------------------


def test_a_declared_conflict_releases_the_assignment_and_tells_staff(
    technology, curator, mailoutbox, django_capture_on_commit_callbacks
):
    assignment = assign(technology, expert(), curator)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_declare_conflict(
            assignment=assignment, note="I advised the provider in 2023.", by=assignment.expert
        )

    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DECLINED_CONFLICT
    assert assignment.conflict_note == "I advised the provider in 2023."
    [mail] = mailoutbox
    assert mail.to == [curator.email]
    assert "I advised the provider in 2023." in mail.body
    assert str(assignment.expert) in mail.body


def test_only_the_assigned_expert_declares_a_conflict(technology, curator):
    assignment = assign(technology, expert(), curator)

    with pytest.raises(NotPermitted):
        services.assignment_declare_conflict(assignment=assignment, note="", by=ExpertFactory())


def test_a_submitted_review_cannot_be_released(technology, curator):
    assignment = assign(technology, expert(), curator)
    reviewed(assignment)

    with pytest.raises(TechnologyError, match="waiting for its review"):
        services.assignment_declare_conflict(assignment=assignment, note="", by=assignment.expert)
    with pytest.raises(TechnologyError, match="waiting for its review"):
        services.assignment_release(assignment=assignment, by=curator)


def test_staff_release_an_assignment_and_may_not_reassign_the_expert(technology, curator):
    reviewer = expert()
    assignment = assign(technology, reviewer, curator)

    services.assignment_release(assignment=assignment, by=curator, note="Reported by phone.")

    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DECLINED_CONFLICT
    with pytest.raises(TechnologyError, match="declined this declaration"):
        assign(technology, reviewer, curator)


def test_only_staff_release_assignments(technology, curator):
    assignment = assign(technology, expert(), curator)

    with pytest.raises(NotPermitted):
        services.assignment_release(assignment=assignment, by=assignment.expert)


def test_releasing_the_last_open_assignment_tells_staff_the_reviews_are_in(
    technology, curator, mailoutbox, django_capture_on_commit_callbacks
):
    reviewed(assigned(technology, curator=curator))
    pending = assign(technology, expert(), curator)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_release(assignment=pending, by=curator)

    assert [m.to for m in mailoutbox] == [[curator.email]]
