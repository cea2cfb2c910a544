"""A partner's declaration: drafts, application cases, submission and withdrawal."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from greentech.accounts.rules import is_partner_submitter
from greentech.core.models import GreenArea

from .. import links
from ..exceptions import NotPermitted, SubmissionIncomplete, TechnologyError, TransitionNotAllowed
from ..models import (
    EDITABLE_BY_SUBMITTER,
    WITHDRAWABLE,
    ApplicationCase,
    CollectionCall,
    Technology,
    TechnologyStatus,
)
from ..validation import STEP_LABELS, submission_problems
from . import emails
from .transitions import (
    lock,
    require_editable,
    require_provider_partner,
    require_source,
    technology_transition,
)

# What a partner fills in; everything else (call, provider, status, dates, feedback) is not
# theirs to set.
DECLARATION_FIELDS = frozenset(
    {
        "name",
        "name_zh",
        "green_area",
        "summary",
        "technical_principle",
        "key_performance_indicators",
        "trl",
        "intellectual_property",
        "ip_details",
        "investment_usd",
        "operating_cost_usd_per_year",
        "co2e_avoided_t_per_year",
        "other_environmental_benefits",
        "applicable_conditions",
        "target_countries",
        "contact_name",
        "contact_email",
        "contact_phone",
    }
)
APPLICATION_CASE_FIELDS = frozenset({"place", "country", "year", "scale", "results", "position"})
SLUG_MAX_LENGTH = 200


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    """A free slug from the name; never one of the pages' first path segments."""
    base = slugify(name)[:SLUG_MAX_LENGTH].strip("-") or "technology"
    if base in links.RESERVED_SLUGS:
        base = f"{base}-technology"
    taken = Technology.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    taken = set(taken.values_list("slug", flat=True))
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def _domain_error(error: ValidationError) -> TechnologyError:
    if hasattr(error, "error_dict"):
        return TechnologyError(error.error_dict)
    return TechnologyError(error.error_list)


def _apply(instance, data: Mapping[str, Any], allowed: frozenset[str]) -> list[str]:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise TechnologyError(
            {name: [_("This field cannot be set here.")] for name in unknown},
            code="unknown_field",
        )
    for name, value in data.items():
        setattr(instance, name, value)
    return list(data)


def _clean(instance, *, exclude=()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise _domain_error(error) from error


def _check_call_covers(call: CollectionCall, green_area: GreenArea) -> None:
    if not call.green_areas.filter(pk=green_area.pk).exists():
        raise TechnologyError(
            {
                "green_area": [
                    _("The collection call “%(call)s” does not cover the green area “%(area)s”.")
                    % {"call": call.display_title, "area": green_area.display_name}
                ]
            },
            code="area_not_in_call",
        )


@transaction.atomic
def technology_create_draft(
    *,
    call: CollectionCall,
    green_area: GreenArea,
    name: str,
    by,
    data: Mapping[str, Any] | None = None,
) -> Technology:
    """Start a declaration to an open call, for one of its green areas, on behalf of the
    partner's institution. `data` may fill in any other declaration field already."""
    if not is_partner_submitter.test(by) or by.institution_id is None:
        raise NotPermitted(
            _(
                "Only partner submitters linked to an approved institution can declare "
                "technologies."
            ),
            code="not_partner",
        )
    if not call.is_open():
        raise TechnologyError(
            {
                "call": [
                    _("The collection call “%(call)s” is not open for submissions.")
                    % {"call": call.display_title}
                ]
            },
            code="call_closed",
        )
    _check_call_covers(call, green_area)
    technology = Technology(
        call=call,
        provider_id=by.institution_id,
        submitted_by=by,
        name=name.strip(),
        green_area=green_area,
        status=TechnologyStatus.DRAFT,
    )
    _apply(
        technology,
        {k: v for k, v in (data or {}).items() if k not in {"name", "green_area"}},
        DECLARATION_FIELDS,
    )
    technology.slug = unique_slug(technology.name)
    _clean(technology)
    technology.save()
    return technology


@transaction.atomic
def technology_update_draft(*, technology: Technology, by, data: Mapping[str, Any]) -> Technology:
    """Change a draft (or a declaration whose revision was requested): any declaration field,
    by a partner submitter of the provider."""
    technology = lock(technology)
    require_provider_partner(by, technology)
    require_editable(technology)
    old_name = technology.name
    changed = _apply(technology, data, DECLARATION_FIELDS)
    if "green_area" in data:
        _check_call_covers(technology.call, technology.green_area)
    if "name" in data:
        technology.name = (technology.name or "").strip()
    if technology.name != old_name and technology.published_at is None:
        technology.slug = unique_slug(technology.name, exclude_pk=technology.pk)
        changed.append("slug")
    _clean(technology)
    technology.save(update_fields=[*changed, "modified"])
    return technology


def _touch(technology: Technology) -> None:
    technology.save(update_fields=["modified"])


@transaction.atomic
def application_case_add(*, technology: Technology, by, data: Mapping[str, Any]) -> ApplicationCase:
    technology = lock(technology)
    require_provider_partner(by, technology)
    require_editable(technology)
    case = ApplicationCase(technology=technology)
    _apply(case, data, APPLICATION_CASE_FIELDS)
    if "position" not in data:
        last = technology.application_cases.aggregate(last=Max("position"))["last"]
        case.position = 0 if last is None else last + 1
    _clean(case)
    case.save()
    _touch(technology)
    return case


@transaction.atomic
def application_case_update(
    *, case: ApplicationCase, by, data: Mapping[str, Any]
) -> ApplicationCase:
    technology = lock(case.technology)
    require_provider_partner(by, technology)
    require_editable(technology)
    case = ApplicationCase.objects.select_for_update().get(pk=case.pk)
    changed = _apply(case, data, APPLICATION_CASE_FIELDS)
    _clean(case)
    case.save(update_fields=changed)
    _touch(technology)
    return case


@transaction.atomic
def application_case_remove(*, case: ApplicationCase, by) -> None:
    technology = lock(case.technology)
    require_provider_partner(by, technology)
    require_editable(technology)
    ApplicationCase.objects.filter(pk=case.pk).delete()
    _touch(technology)


@transaction.atomic
def technology_submit(*, technology: Technology, by) -> Technology:
    """Send a complete declaration in (first time, after a return to draft, or answering a
    revision request). Raises `SubmissionIncomplete` listing every missing item by step.

    The call must be open for a first submission; a declaration submitted before (returned to
    draft or asked for a revision) may be resubmitted after the call closed.
    """
    technology = lock(technology)
    require_provider_partner(by, technology)
    if technology.status not in EDITABLE_BY_SUBMITTER:
        raise TransitionNotAllowed(
            _("This declaration is “%(status)s”; only drafts and revisions can be submitted.")
            % {"status": technology.get_status_display()},
            code="not_submittable",
        )
    problems = submission_problems(technology)
    if problems:
        raise SubmissionIncomplete(problems, STEP_LABELS)
    resubmission = technology.status == TechnologyStatus.REVISION_REQUESTED
    if technology.submitted_by_id is None:
        technology.submitted_by = by
        technology.save(update_fields=["submitted_by", "modified"])
    technology_transition(
        technology=technology,
        to=TechnologyStatus.SUBMITTED,
        by=by,
        note=_("Resubmitted after a revision request.") if resubmission else "",
    )
    emails.submission_received(technology, by=by)
    return technology


@transaction.atomic
def technology_withdraw(*, technology: Technology, by, note: str = "") -> Technology:
    """The provider takes a declaration back, any time before a decision. Final."""
    technology = lock(technology)
    require_provider_partner(by, technology)
    require_source(technology, WITHDRAWABLE, TechnologyStatus.WITHDRAWN)
    return technology_transition(
        technology=technology, to=TechnologyStatus.WITHDRAWN, by=by, note=note
    )
