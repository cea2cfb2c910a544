"""The step editor of a declaration (basics, technical detail, application cases, economics
and benefits, attachments) and its review-and-submit page.

Each step saves through the services and never touches another step's fields; the steps and
what each still misses come from technologies.validation, so the step list, a step's page and
the submit page say the same thing.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import services
from ..exceptions import SubmissionIncomplete, TechnologyError
from ..forms.partner import (
    CASE_FIELDS,
    STEP_FORMS,
    STEPS,
    ApplicationCaseFormSet,
    AttachmentForm,
    add_service_error,
)
from ..models import ApplicationCase, Attachment, Technology, TechnologyStatus
from ..validation import STEP_LABELS, SubmissionStep, submission_problems
from .partner import (
    GET_OR_POST,
    declaration_context,
    not_editable,
    own_declaration,
    partner_page,
    posted,
    step_url,
)

S = TechnologyStatus


@dataclass(frozen=True)
class StepLink:
    key: str
    label: str
    url: str
    missing: int
    current: bool


def step_links(technology: Technology, problems: dict, current: str) -> list[StepLink]:
    return [
        StepLink(
            key=step,
            label=STEP_LABELS[step],
            url=step_url(technology, step),
            missing=len(problems.get(step, ())),
            current=step == current,
        )
        for step in STEPS
    ]


def _next_url(technology: Technology, step: str) -> str:
    position = STEPS.index(step)
    if position + 1 < len(STEPS):
        return step_url(technology, STEPS[position + 1])
    return reverse("technologies:submit", kwargs={"pk": technology.pk})


def _render_step(request, technology: Technology, step: str, extra: dict):
    problems = submission_problems(technology)
    context = {
        "technology": technology,
        "step": step,
        "step_label": STEP_LABELS[step],
        "steps": step_links(technology, problems, step),
        "step_problems": problems.get(step, []),
        "next_url": _next_url(technology, step),
        **extra,
    }
    template = {
        SubmissionStep.APPLICATION_CASES: "technologies/partner_step_cases.html",
        SubmissionStep.ATTACHMENTS: "technologies/partner_step_attachments.html",
    }.get(step, "technologies/partner_step_fields.html")
    return render(request, template, context)


@partner_page
@GET_OR_POST
def edit_step(request, pk, step):
    if step not in STEPS:
        raise Http404(_("No such step."))
    technology = own_declaration(request, pk)
    if not request.user.has_perm("technologies.change_submission", technology):
        return not_editable(request, technology)
    if step == SubmissionStep.APPLICATION_CASES:
        return _cases_step(request, technology, step)
    if step == SubmissionStep.ATTACHMENTS:
        return _attachments_step(request, technology, step)
    return _fields_step(request, technology, step)


def _after_save(request, technology: Technology, step: str):
    if "continue" in request.POST:
        return redirect(_next_url(technology, step))
    return redirect(step_url(technology, step))


def _fields_step(request, technology: Technology, step: str):
    """Basics, technical detail, economics: "Save draft" writes every field that is valid and
    shows the errors of the others; nothing on other steps is touched."""
    areas = technology.call.green_areas.all()
    if request.method != "POST":
        form = STEP_FORMS[step](instance=technology, areas=areas)
        return _render_step(request, technology, step, {"form": form})
    form = STEP_FORMS[step](request.POST, instance=technology, areas=areas)
    form.is_valid()
    changes = form.valid_changes()
    saved = False
    if changes:
        try:
            services.technology_update_draft(technology=technology, by=request.user, data=changes)
            saved = True
        except TechnologyError as error:
            add_service_error(form, error)
    if not form.errors:
        messages.success(request, _("Saved.") if changes else _("Nothing to save: no change."))
        return _after_save(request, technology, step)
    # The form changed the instance it was given: show the page from the saved declaration.
    fresh = own_declaration(request, technology.pk)
    return _render_step(request, fresh, step, {"form": form, "partly_saved": saved})


def _save_cases(formset, technology: Technology, by) -> int:
    """Apply the case forms through the services, all or nothing. Returns how many changed."""
    count = 0
    with transaction.atomic():
        for form in formset.forms:
            case = form.instance
            if form.cleaned_data.get("DELETE"):
                if case.pk:
                    services.application_case_remove(case=case, by=by)
                    count += 1
            elif not form.has_changed():
                continue
            elif case.pk:
                data = {f: form.cleaned_data[f] for f in form.changed_data if f in CASE_FIELDS}
                services.application_case_update(case=case, by=by, data=data)
                count += 1
            else:
                data = {f: form.cleaned_data[f] for f in CASE_FIELDS}
                services.application_case_add(technology=technology, by=by, data=data)
                count += 1
    return count


def _cases_step(request, technology: Technology, step: str):
    """Application cases: the existing ones and one blank form to add another. The page is
    saved as a whole once every case on it is valid."""
    queryset = ApplicationCase.objects.filter(technology=technology).order_by("position", "pk")
    formset = ApplicationCaseFormSet(posted(request), queryset=queryset, prefix="cases")
    service_errors = []
    if request.method == "POST" and formset.is_valid():
        try:
            changed = _save_cases(formset, technology, request.user)
        except TechnologyError as error:
            service_errors = error.messages
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing to save: no change."))
            return _after_save(request, technology, step)
    if request.method == "POST":
        technology = own_declaration(request, technology.pk)
    context = {"formset": formset, "service_errors": service_errors}
    return _render_step(request, technology, step, context)


def _attachments_step(request, technology: Technology, step: str):
    """Attachments: upload one file at a time (the service checks its type by content and the
    size caps), or remove one."""
    per_file, total = services.attachment_max_bytes(), services.submission_max_bytes()
    form = AttachmentForm(per_file=per_file, total=total)
    if request.method == "POST" and "remove" in request.POST:
        attachment = get_object_or_404(
            Attachment, pk=_int_or_404(request.POST["remove"]), technology=technology
        )
        try:
            services.attachment_remove(attachment=attachment, by=request.user)
        except TechnologyError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("“%(name)s” was removed.") % {"name": attachment.original_name}
            )
        return redirect(step_url(technology, step))
    if request.method == "POST":
        form = AttachmentForm(request.POST, request.FILES, per_file=per_file, total=total)
        if form.is_valid():
            try:
                attachment = services.attachment_add(
                    technology=technology, by=request.user, file=form.cleaned_data["file"]
                )
            except TechnologyError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("“%(name)s” is attached.") % {"name": attachment.original_name}
                )
                return _after_save(request, technology, step)
    attachments = list(technology.attachments.all())
    used = sum(a.size for a in attachments)
    context = {
        "form": form,
        "attachments": attachments,
        "used_bytes": used,
        "left_bytes": max(total - used, 0),
    }
    return _render_step(request, technology, step, context)


def _int_or_404(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(_("No such attachment.")) from None


# --- Review and submit -----------------------------------------------------------------------


@dataclass(frozen=True)
class StepProblems:
    label: str
    url: str
    messages: list[str]


def grouped_problems(technology: Technology, problems: dict) -> list[StepProblems]:
    return [
        StepProblems(STEP_LABELS[step], step_url(technology, step), problems[step])
        for step in STEPS
        if problems.get(step)
    ]


@partner_page
@GET_OR_POST
def submit(request, pk):
    """The whole declaration and everything still missing, by step; POST submits it (or
    resubmits it after a revision request)."""
    technology = own_declaration(request, pk)
    if not request.user.has_perm("technologies.submit_submission", technology):
        return not_editable(request, technology)
    resubmission = technology.status == S.REVISION_REQUESTED
    refusal = ""
    if request.method == "POST":
        try:
            services.technology_submit(technology=technology, by=request.user)
        except SubmissionIncomplete as error:
            problems = error.errors
        except TechnologyError as error:
            problems, refusal = {}, " ".join(error.messages)
        else:
            messages.success(
                request,
                _("Your declaration is submitted. A confirmation was sent to %(email)s.")
                % {"email": request.user.email},
            )
            return redirect("technologies:submission_detail", pk=technology.pk)
    else:
        problems = submission_problems(technology)
    context = {
        **declaration_context(technology),
        "problems": grouped_problems(technology, problems),
        "refusal": refusal,
        "resubmission": resubmission,
        "editable": True,
    }
    return render(request, "technologies/partner_submit.html", context)
