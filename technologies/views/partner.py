"""Pages of a partner submitter: the open calls, declaring a technology, "my submissions", one
declaration with its history, withdrawal, and the download of an attachment (the step editor
and the submit page are in `partner_steps`).

Every page needs a log-in; people who are not partner submitters get 403. A declaration is looked
up among the partner's own institution's only (`selectors.technologies_for_partner`), so another
institution's is a 404. One that can no longer be changed (the rules' `change_submission`) sends
the partner back to its page with the reason. Every write goes through technologies.services.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from greentech.accounts.rules import is_partner_submitter
from greentech.core.files import stored_file_response

from .. import selectors, services
from ..exceptions import TechnologyError
from ..forms.partner import STEPS, DeclareForm, WithdrawForm, add_service_error
from ..models import DECIDED_STATES, Technology, TechnologyStatus
from ..pool import TRL_MEANINGS

S = TechnologyStatus
# The decision the partner sees: a released one (a staged decision changes no status).
RELEASED_DECISION_STATES = DECIDED_STATES | {S.REVISION_REQUESTED}
# Status changes the partner's own people make; every other one is made by staff (or the
# portal itself) and shown without a name.
PARTNER_TRANSITIONS = frozenset({S.SUBMITTED, S.WITHDRAWN})
GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])


def partner_page(view):
    """Anonymous visitors go to the log-in page; people who are not partner submitters get
    403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_partner_submitter.test(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def own_declaration(request, pk: int) -> Technology:
    """The declaration with its cases and attachments, if it is the partner's institution's."""
    queryset = selectors.with_declaration_details(selectors.technologies_for_partner(request.user))
    return get_object_or_404(queryset, pk=pk)


def posted(request):
    """The submitted data of a POST (even an empty one), None otherwise."""
    return request.POST if request.method == "POST" else None


def _back_to_detail(request, technology: Technology, message: str):
    messages.error(request, message)
    return redirect("technologies:submission_detail", pk=technology.pk)


def not_editable(request, technology: Technology):
    return _back_to_detail(
        request,
        technology,
        _(
            "This declaration is “%(status)s”: it can be changed only while it is a draft or "
            "a revision is requested."
        )
        % {"status": technology.get_status_display()},
    )


def step_url(technology: Technology, step: str) -> str:
    return reverse("technologies:edit_step", kwargs={"pk": technology.pk, "step": step})


# --- Calls and declaring ---------------------------------------------------------------------


@partner_page
@require_safe
def open_calls(request):
    """The collection calls taking submissions now, closing soonest first."""
    now = timezone.now()
    calls = (
        selectors.collection_call_public_list()
        .filter(opens_on__lte=now, closes_on__gt=now)
        .order_by("closes_on", "pk")
    )
    context = {"calls": calls, "has_institution": request.user.institution_id is not None}
    return render(request, "technologies/partner_open_calls.html", context)


@partner_page
@GET_OR_POST
def declare(request, slug):
    """Start a draft for a call: a name and one of the call's green areas. A closed call, an
    area the call does not cover or a partner without an institution is refused by the
    service, whose message the form shows."""
    call = get_object_or_404(selectors.collection_call_public_list(), slug=slug)
    form = DeclareForm(posted(request), areas=call.green_areas.all())
    if request.method == "POST" and form.is_valid():
        try:
            technology = services.technology_create_draft(
                call=call,
                green_area=form.cleaned_data["green_area"],
                name=form.cleaned_data["name"],
                by=request.user,
            )
        except TechnologyError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Your draft is saved. Fill in each step; you can come back to it any time."),
            )
            return redirect(step_url(technology, STEPS[0]))
    context = {
        "call": call,
        "form": form,
        "call_is_open": call.is_open(),
        "has_institution": request.user.institution_id is not None,
    }
    return render(request, "technologies/partner_declare.html", context)


def declaration_context(technology: Technology) -> dict:
    return {
        "technology": technology,
        "trl_meaning": TRL_MEANINGS.get(technology.trl, ""),
        "application_cases": technology.application_cases.all(),
        "attachments": technology.attachments.all(),
        "step_urls": {step: step_url(technology, step) for step in STEPS},
    }


# --- My submissions and one declaration ------------------------------------------------------


@partner_page
@require_safe
def my_submissions(request):
    """The institution's declarations, last changed first, with the released decision and
    feedback; never reviewers or scores."""
    technologies = list(
        selectors.technologies_for_partner(request.user).order_by("-modified", "-pk")
    )
    for technology in technologies:
        technology.decision_released = technology.status in RELEASED_DECISION_STATES
    context = {
        "technologies": technologies,
        "has_institution": request.user.institution_id is not None,
    }
    return render(request, "technologies/partner_my_submissions.html", context)


@dataclass(frozen=True)
class HistoryEntry:
    at: object
    from_label: str
    to_label: str
    who: str
    note: str


def status_history(technology: Technology) -> list[HistoryEntry]:
    """The declaration's status changes as its partner sees them: submissions and withdrawals
    (only the provider's partners make them) with the colleague's name; the staff's changes and
    the portal's automatic ones without a name. A staff note is shown only when
    it is the reason for returning the declaration to draft; a decision's feedback is shown
    with the decision."""
    entries = []
    for transition in technology.transitions.select_related("by").order_by("at", "pk"):
        by = transition.by
        if by is not None and transition.to_status in PARTNER_TRANSITIONS:
            colleague = by.institution_id == technology.provider_id
            who = (by.get_full_name() or by.email) if colleague else _("Your institution")
            note = transition.note
        else:
            who = _("Staff") if by is not None else _("Portal (automatic)")
            note = transition.note if transition.to_status == S.DRAFT else ""
        entries.append(
            HistoryEntry(
                at=transition.at,
                from_label=S(transition.from_status).label,
                to_label=S(transition.to_status).label,
                who=who,
                note=note,
            )
        )
    return entries


@partner_page
@require_safe
def submission_detail(request, pk):
    technology = own_declaration(request, pk)
    user = request.user
    context = {
        **declaration_context(technology),
        "history": status_history(technology),
        "decision_released": technology.status in RELEASED_DECISION_STATES,
        "editable": user.has_perm("technologies.change_submission", technology),
        "withdrawable": user.has_perm("technologies.withdraw_submission", technology),
    }
    return render(request, "technologies/partner_detail.html", context)


@partner_page
@GET_OR_POST
def withdraw(request, pk):
    """Ask for confirmation, then withdraw (any time before a decision; final)."""
    technology = own_declaration(request, pk)
    if not request.user.has_perm("technologies.withdraw_submission", technology):
        return _back_to_detail(
            request,
            technology,
            _("This declaration is “%(status)s”: it cannot be withdrawn.")
            % {"status": technology.get_status_display()},
        )
    form = WithdrawForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.technology_withdraw(
                technology=technology, by=request.user, note=form.cleaned_data["note"]
            )
        except TechnologyError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The declaration is withdrawn."))
            return redirect("technologies:submission_detail", pk=technology.pk)
    context = {"technology": technology, "form": form}
    return render(request, "technologies/partner_withdraw.html", context)


# --- Attachments -----------------------------------------------------------------------------


@login_required
@require_safe
def attachment_download(request, pk):
    """The file, to people who may see its declaration (staff, the provider's partners, its
    assigned experts); a 404 for anyone else. Always a download, under its original name."""
    attachment = selectors.attachment_for_download(request.user, pk)
    return stored_file_response(
        attachment.file,
        filename=services.name_for_type(attachment.original_name, attachment.content_type),
        content_type=attachment.content_type,
        missing=_("No such attachment."),
    )
