"""Staff curator pages of the technology pool: the screening queue and a declaration's staff
page (screening, experts). The decision pages are in `staff_decisions`.

Curators only (`accounts.access_staff_pages`): anonymous visitors go to the log-in page,
anyone else gets a 403, checked before anything is looked up. What may be done to which
declaration is the rules' and the services' decision; the pages show a form only when its
permission holds and show the services' refusals next to the fields they name. Those
state-dependent permissions are asked of the rules themselves (`rules.has_perm`), because
`user.has_perm` says yes to a superuser whatever the declaration's state."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from rules.contrib.views import permission_required

from greentech.accounts.forms import add_service_error

from .. import selectors, services
from ..exceptions import TechnologyError
from ..forms.staff import (
    QUEUE_STATES,
    AcceptForReviewForm,
    AssignForm,
    QueueFilterForm,
    ReleaseAssignmentForm,
    ReturnToDraftForm,
)
from ..models import (
    AssignmentStatus,
    CollectionCall,
    ReviewAssignment,
    Technology,
    TechnologyStatus,
)
from ..pool import TRL_MEANINGS
from ..rules import ACTIVE_ASSIGNMENT_STATES

S = TechnologyStatus
STAFF_PERMISSION = "accounts.access_staff_pages"
QUEUE_PER_PAGE = 50


def staff_page(view):
    """Anonymous visitors go to the log-in page; people who are not curators get a 403."""
    return login_required(permission_required(STAFF_PERMISSION, raise_exception=True)(view))


def refused(request, form, exc: TechnologyError) -> bool:
    """Show a service's refusal: errors about fields go on `form` (True: render it again);
    anything else (a state or a permission) becomes a message (False: redirect)."""
    if hasattr(exc, "error_dict"):
        add_service_error(form, exc)
        return True
    for message in exc.messages:
        messages.error(request, message)
    return False


def messages_of(request, exc: TechnologyError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- the screening queue ------------------------------------------------------------------


def _queue_query(call, status, page=None) -> str:
    pairs = [("call", call.slug if call else ""), ("status", status), ("page", page or "")]
    return urlencode([(key, value) for key, value in pairs if value])


@require_safe
@staff_page
def staff_queue(request):
    """Declarations waiting for screening or under review, oldest submission first, with the
    count per status (of the chosen call) and the calls that have staged decisions."""
    form = QueueFilterForm(request.GET or None)
    call, status = form.filters()
    in_queue = selectors.technologies_visible_to(request.user).filter(status__in=QUEUE_STATES)
    if call is not None:
        in_queue = in_queue.filter(call=call)
    by_status = dict(in_queue.order_by().values_list("status").annotate(count=Count("pk")))
    counts = [
        {"status": s, "count": by_status.get(s, 0), "query": _queue_query(call, s.value)}
        for s in QUEUE_STATES
    ]
    rows = (in_queue.filter(status=status) if status else in_queue).annotate(
        experts=Count("assignments", filter=Q(assignments__status__in=ACTIVE_ASSIGNMENT_STATES)),
        reviews=Count("assignments", filter=Q(assignments__status=AssignmentStatus.SUBMITTED)),
    )
    page = Paginator(rows.order_by("submitted_at", "pk"), QUEUE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    staged_calls = list(
        CollectionCall.objects.annotate(
            staged=Count(
                "technologies",
                filter=Q(technologies__status=S.UNDER_REVIEW) & ~Q(technologies__staged_outcome=""),
            )
        )
        .filter(staged__gt=0)
        .order_by("-opens_on", "title")
    )
    context = {
        "form": form,
        "counts": counts,
        "total": sum(c["count"] for c in counts),
        "page_obj": page,
        "technologies": list(page.object_list),
        "previous_query": (
            _queue_query(call, status, page.previous_page_number()) if page.has_previous() else ""
        ),
        "next_query": (
            _queue_query(call, status, page.next_page_number()) if page.has_next() else ""
        ),
        "staged_calls": staged_calls,
        "chosen_call": call,
        "chosen_status": status,
    }
    return render(request, "technologies/staff_queue.html", context)


# --- one declaration: screening and experts -----------------------------------------------


def _technology(request, pk) -> Technology:
    return get_object_or_404(
        selectors.with_declaration_details(
            selectors.technologies_visible_to(request.user)
        ).select_related("staged_by"),
        pk=pk,
    )


def _submission_page(request, technology: Technology, **forms):
    """The staff page of a declaration; `forms` are bound forms to show with their errors."""
    user = request.user
    can_screen = rules.has_perm("technologies.screen_submission", user, technology)
    can_assign = rules.has_perm("technologies.assign_experts", user, technology)
    assignments = list(selectors.assignments_of_technology(technology))
    for assignment in assignments:
        assignment.releasable = can_assign and assignment.status == AssignmentStatus.ASSIGNED
    context = {
        "technology": technology,
        "trl_meaning": TRL_MEANINGS.get(technology.trl, ""),
        "application_cases": technology.application_cases.all(),
        "attachments": technology.attachments.all(),
        "transitions": list(technology.transitions.select_related("by").order_by("at", "pk")),
        "assignments": assignments,
        "can_start_screening": can_screen and technology.status == S.SUBMITTED,
        "show_decision_link": technology.status == S.UNDER_REVIEW or bool(assignments),
        "accept_form": forms.get("accept_form") or (AcceptForReviewForm() if can_screen else None),
        "return_form": forms.get("return_form") or (ReturnToDraftForm() if can_screen else None),
        "assign_form": forms.get("assign_form"),
    }
    if context["assign_form"] is None and can_assign:
        context["assign_form"] = AssignForm(
            technology=technology, suggested=selectors.suggest_experts(technology)
        )
    return render(request, "technologies/staff_submission.html", context)


@require_safe
@staff_page
def staff_submission(request, pk):
    return _submission_page(request, _technology(request, pk))


@require_POST
@staff_page
def start_screening(request, pk):
    technology = _technology(request, pk)
    try:
        services.technology_start_screening(technology=technology, by=request.user)
    except TechnologyError as exc:
        messages_of(request, exc)
    else:
        messages.success(
            request,
            _("“%(name)s” is in screening.") % {"name": technology.display_name},
        )
    return redirect("technologies:staff_submission", pk=technology.pk)


@require_POST
@staff_page
def accept_for_review(request, pk):
    technology = _technology(request, pk)
    form = AcceptForReviewForm(request.POST)
    if form.is_valid():
        try:
            services.technology_screen_accept(
                technology=technology, by=request.user, note=form.cleaned_data["note"]
            )
        except TechnologyError as exc:
            if not refused(request, form, exc):
                return redirect("technologies:staff_submission", pk=technology.pk)
        else:
            messages.success(
                request,
                _("“%(name)s” is under review: assign the experts.")
                % {"name": technology.display_name},
            )
            return redirect("technologies:staff_submission", pk=technology.pk)
    return _submission_page(request, technology, accept_form=form)


@require_POST
@staff_page
def return_to_draft(request, pk):
    technology = _technology(request, pk)
    form = ReturnToDraftForm(request.POST)
    if form.is_valid():
        try:
            services.technology_return_to_draft(
                technology=technology, by=request.user, reason=form.cleaned_data["reason"]
            )
        except TechnologyError as exc:
            if not refused(request, form, exc):
                return redirect("technologies:staff_submission", pk=technology.pk)
        else:
            messages.success(
                request,
                _(
                    "“%(name)s” went back to its submitter as a draft; "
                    "they get the reason by e-mail."
                )
                % {"name": technology.display_name},
            )
            return redirect("technologies:staff_submission", pk=technology.pk)
    return _submission_page(request, technology, return_form=form)


@require_POST
@staff_page
def assign_expert(request, pk):
    technology = _technology(request, pk)
    form = AssignForm(
        request.POST, technology=technology, suggested=selectors.suggest_experts(technology)
    )
    if form.is_valid():
        try:
            assignment = services.assignment_create(
                technology=technology,
                expert=form.cleaned_data["expert"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
            )
        except TechnologyError as exc:
            if not refused(request, form, exc):
                return redirect("technologies:staff_submission", pk=technology.pk)
        else:
            messages.success(
                request,
                _("%(expert)s is asked to review it by %(date)s and gets an e-mail.")
                % {"expert": assignment.expert, "date": assignment.due_on.isoformat()},
            )
            return redirect("technologies:staff_submission", pk=technology.pk)
    return _submission_page(request, technology, assign_form=form)


@require_POST
@staff_page
def release_assignment(request, pk, assignment_pk):
    technology = _technology(request, pk)
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("expert"), pk=assignment_pk, technology=technology
    )
    form = ReleaseAssignmentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("technologies:staff_submission", pk=technology.pk)
    try:
        services.assignment_release(
            assignment=assignment, by=request.user, note=form.cleaned_data["note"]
        )
    except TechnologyError as exc:
        messages_of(request, exc)
    else:
        messages.success(
            request,
            _("%(expert)s no longer reviews this declaration.") % {"expert": assignment.expert},
        )
    return redirect("technologies:staff_submission", pk=technology.pk)
