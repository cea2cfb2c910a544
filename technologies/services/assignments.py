"""Experts on a declaration: staff assign and release them; an expert declares a conflict."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greentech.accounts.rules import is_expert_reviewer

from ..exceptions import ConflictOfInterest, NotPermitted, TechnologyError
from ..models import AssignmentStatus, ReviewAssignment, Technology, TechnologyStatus
from ..selectors import expert_conflicts
from . import emails
from .transitions import lock, require_staff


def notify_if_all_reviews_in(technology: Technology) -> bool:
    """Tell the curators once every active assignment of `technology` has its review (at least
    one review, no assignment waiting). Returns whether it did."""
    statuses = list(
        ReviewAssignment.objects.filter(technology=technology)
        .exclude(status=AssignmentStatus.DECLINED_CONFLICT)
        .values_list("status", flat=True)
    )
    if not statuses or any(s != AssignmentStatus.SUBMITTED for s in statuses):
        return False
    emails.reviews_complete(technology, count=len(statuses))
    return True


@transaction.atomic
def assignment_create(
    *, technology: Technology, expert, due_on: datetime.date, by
) -> ReviewAssignment:
    """Ask an expert to review a declaration under review, by `due_on`.

    Staff may choose any active expert reviewer, suggested or not, unless there is a conflict of
    interest (see `selectors.expert_conflicts`).
    """
    require_staff(by)
    technology = lock(technology)
    if technology.status != TechnologyStatus.UNDER_REVIEW:
        raise TechnologyError(
            _("Experts are assigned to declarations under review; this one is “%(status)s”.")
            % {"status": technology.get_status_display()},
            code="not_under_review",
        )
    if not expert.is_active or not is_expert_reviewer.test(expert):
        raise TechnologyError(
            {"expert": [_("%(person)s is not an active expert reviewer.") % {"person": expert}]},
            code="not_an_expert",
        )
    conflicts = expert_conflicts(expert, technology)
    if conflicts:
        raise ConflictOfInterest({"expert": conflicts}, code="conflict_of_interest")
    existing = ReviewAssignment.objects.filter(technology=technology, expert=expert).first()
    if existing is not None:
        message = (
            _("%(expert)s declined this declaration because of a conflict of interest.")
            if existing.status == AssignmentStatus.DECLINED_CONFLICT
            else _("%(expert)s is already assigned to this declaration.")
        )
        raise TechnologyError({"expert": [message % {"expert": expert}]}, code="already_assigned")
    if due_on < timezone.localdate():
        raise TechnologyError(
            {"due_on": [_("The due date cannot be in the past.")]}, code="due_in_past"
        )
    assignment = ReviewAssignment.objects.create(
        technology=technology, expert=expert, due_on=due_on, assigned_by=by
    )
    emails.expert_assigned(assignment)
    return assignment


def _release(assignment: ReviewAssignment, note: str) -> ReviewAssignment:
    if assignment.status != AssignmentStatus.ASSIGNED:
        raise TechnologyError(
            _(
                "Only an assignment waiting for its review can be released; "
                "this one is “%(status)s”."
            )
            % {"status": assignment.get_status_display()},
            code="not_releasable",
        )
    assignment.status = AssignmentStatus.DECLINED_CONFLICT
    assignment.conflict_note = note
    assignment.save(update_fields=["status", "conflict_note", "modified"])
    return assignment


def lock_assignment(assignment: ReviewAssignment) -> ReviewAssignment:
    return (
        ReviewAssignment.objects.select_for_update(of=("self",))
        .select_related("technology__call", "technology__provider", "expert")
        .get(pk=assignment.pk)
    )


@transaction.atomic
def assignment_release(*, assignment: ReviewAssignment, by, note: str = "") -> ReviewAssignment:
    """Staff take an expert off a declaration because of a conflict of interest (e.g. one the
    expert reported by e-mail). The review is no longer expected."""
    require_staff(by)
    assignment = _release(lock_assignment(assignment), (note or "").strip())
    notify_if_all_reviews_in(assignment.technology)
    return assignment


@transaction.atomic
def assignment_declare_conflict(*, assignment: ReviewAssignment, note: str, by) -> ReviewAssignment:
    """The expert declares a conflict of interest: the assignment goes back to staff, who are
    told so they can assign someone else."""
    assignment = lock_assignment(assignment)
    if by is None or assignment.expert_id != by.pk:
        raise NotPermitted(
            _("Only the assigned expert can declare a conflict of interest."), code="not_assignee"
        )
    assignment = _release(assignment, (note or "").strip())
    emails.conflict_declared(assignment, note=assignment.conflict_note)
    notify_if_all_reviews_in(assignment.technology)
    return assignment
