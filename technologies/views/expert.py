"""Expert reviewer pages: "my reviews" and the review form of one assignment, with the
conflict-of-interest declaration.

Expert reviewers only (anonymous visitors go to the log-in page, anyone else gets a 403). An
assignment is looked up among the expert's own, not declined ones: anything else is a 404. The
other experts' reviews appear (without names) only once the expert's own review is in.
Whether the review form is open is asked of the rules themselves (`rules.has_perm`), not of
`user.has_perm`, which says yes to any superuser."""

from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greentech.accounts.forms import add_service_error
from greentech.accounts.rules import is_expert_reviewer

from .. import selectors, services
from ..exceptions import TechnologyError
from ..forms.review import ConflictForm, ReviewForm
from ..models import AssignmentStatus, ReviewAssignment, TechnologyStatus
from ..pool import TRL_MEANINGS


def expert_page(view):
    """Anonymous visitors go to the log-in page; people who are not expert reviewers get a
    403."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not is_expert_reviewer.test(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(checked)


def _is_open(assignment: ReviewAssignment) -> bool:
    return (
        assignment.status == AssignmentStatus.ASSIGNED
        and assignment.technology.status == TechnologyStatus.UNDER_REVIEW
    )


@require_safe
@expert_page
def my_reviews(request):
    """The expert's assignments by due date; open ones past their due date are flagged."""
    today = timezone.localdate()
    assignments = list(selectors.assignments_for_expert(request.user))
    for assignment in assignments:
        assignment.is_open = _is_open(assignment)
        assignment.is_overdue = assignment.is_open and assignment.due_on < today
    context = {
        "assignments": assignments,
        "open_count": sum(1 for a in assignments if a.is_open),
        "overdue_count": sum(1 for a in assignments if a.is_overdue),
    }
    return render(request, "technologies/expert_reviews.html", context)


def _assignment(request, assignment_pk) -> ReviewAssignment:
    return get_object_or_404(
        selectors.with_review_form_details(selectors.assignments_for_expert(request.user)),
        pk=assignment_pk,
    )


def _review_page(request, assignment: ReviewAssignment, *, form=None, conflict_form=None):
    technology = assignment.technology
    call = technology.call
    criteria = list(call.criteria.all())
    can_review = rules.has_perm("technologies.review_assignment", request.user, assignment)
    if form is None and can_review:
        form = ReviewForm(criteria=criteria, scale_max=call.score_scale_max)
    can_declare_conflict = assignment.status == AssignmentStatus.ASSIGNED
    if conflict_form is None and can_declare_conflict:
        conflict_form = ConflictForm()
    own_review = assignment.review if assignment.status == AssignmentStatus.SUBMITTED else None
    context = {
        "assignment": assignment,
        "technology": technology,
        "call": call,
        "criteria": criteria,
        "trl_meaning": TRL_MEANINGS.get(technology.trl, ""),
        "application_cases": technology.application_cases.all(),
        "attachments": technology.attachments.all(),
        "is_overdue": _is_open(assignment) and assignment.due_on < timezone.localdate(),
        "form": form,
        "conflict_form": conflict_form,
        "own_review": own_review,
        "own_scores": list(own_review.scores.all()) if own_review else [],
        "other_reviews": selectors.other_reviews_for_expert(request.user, technology),
    }
    return render(request, "technologies/expert_review_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@expert_page
def review_form(request, assignment_pk):
    """The declaration, and the review form while the assignment is open."""
    assignment = _assignment(request, assignment_pk)
    if request.method != "POST":
        return _review_page(request, assignment)
    if not rules.has_perm("technologies.review_assignment", request.user, assignment):
        messages.error(request, _closed_reason(assignment))
        return redirect("technologies:review_form", assignment_pk=assignment.pk)
    call = assignment.technology.call
    form = ReviewForm(
        request.POST, criteria=list(call.criteria.all()), scale_max=call.score_scale_max
    )
    if form.is_valid():
        try:
            services.review_submit(
                assignment=assignment,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except TechnologyError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Thank you: your review is submitted. The other reviews are shown below."),
            )
            return redirect("technologies:review_form", assignment_pk=assignment.pk)
    return _review_page(request, assignment, form=form)


def _closed_reason(assignment: ReviewAssignment) -> str:
    if assignment.status == AssignmentStatus.SUBMITTED:
        return _("Your review of this declaration is submitted already.")
    return _("This declaration is “%(status)s”; it no longer takes reviews.") % {
        "status": assignment.technology.get_status_display()
    }


@require_POST
@expert_page
def declare_conflict(request, assignment_pk):
    """The expert cannot review this declaration: the assignment goes back to the staff."""
    assignment = _assignment(request, assignment_pk)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_declare_conflict(
                assignment=assignment, note=form.cleaned_data["note"], by=request.user
            )
        except TechnologyError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("technologies:review_form", assignment_pk=assignment.pk)
        messages.success(
            request,
            _(
                "Your conflict of interest is recorded and “%(name)s” went back to the staff, "
                "who will ask another expert."
            )
            % {"name": assignment.technology.display_name},
        )
        return redirect("technologies:my_reviews")
    return _review_page(request, assignment, conflict_form=form)
