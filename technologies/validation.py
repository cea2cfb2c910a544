"""Is a declaration ready for review? Every missing or wrong item at once, by form step.

What a reviewer needs, step by step:

- basics: name, summary, contact name and e-mail; the call open (for a first submission) and
  covering the green area;
- technical detail: technical principle, key performance indicators, readiness level (1-9),
  intellectual property (with the patent numbers for a patent), applicable conditions, at least
  one target country;
- application cases: at least one from readiness level 7; each with place, country, results and
  a year between 1950 and this year;
- economics and benefits: investment and operating cost (0 or more), and the CO2e avoided or
  other environmental benefits;
- attachments: at least one document.

`submission_problems()` only reads; `technology_submit` raises `SubmissionIncomplete` with its
result. Pages may call it on a draft to show what is still missing before the submit button.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import TRL_MAX, TRL_MIN, IntellectualProperty, Technology
from .models.technology import YEAR_MIN

# Application cases are required from this readiness level on ("system prototype demonstrated
# in an operational environment"): the technology runs somewhere, so say where.
TRL_REQUIRING_APPLICATION_CASE = 7
MONEY_MAX = Decimal("999999999999.99")  # what the decimal fields (14 digits, 2 places) store


class SubmissionStep(models.TextChoices):
    """The declaration form's steps, in order."""

    BASICS = "basics", _("Basics")
    TECHNICAL_DETAIL = "technical_detail", _("Technical detail")
    APPLICATION_CASES = "application_cases", _("Application cases")
    ECONOMICS = "economics", _("Economics and benefits")
    ATTACHMENTS = "attachments", _("Attachments")


STEP_LABELS = {step.value: step.label for step in SubmissionStep}

REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    SubmissionStep.BASICS: ("name", "summary", "contact_name", "contact_email"),
    SubmissionStep.TECHNICAL_DETAIL: (
        "technical_principle",
        "key_performance_indicators",
        "intellectual_property",
        "applicable_conditions",
    ),
    SubmissionStep.ECONOMICS: ("investment_usd", "operating_cost_usd_per_year"),
}

PATENTED = frozenset({IntellectualProperty.PATENT_GRANTED, IntellectualProperty.PATENT_PENDING})


def _field_label(field_name: str) -> str:
    return str(Technology._meta.get_field(field_name).verbose_name)


def _missing(field_name: str):
    return _("Fill in “%(field)s”.") % {"field": capfirst(_field_label(field_name))}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _basics(technology: Technology, now) -> list:
    problems = [
        _missing(f)
        for f in REQUIRED_FIELDS[SubmissionStep.BASICS]
        if _blank(getattr(technology, f))
    ]
    call = technology.call
    # A declaration sent in before (returned to draft, asked for a revision) may come back after
    # the call closed; a first submission may not.
    if technology.submitted_at is None and not call.is_open(now):
        problems.append(
            _("The collection call “%(call)s” is not open for submissions.")
            % {"call": call.display_title}
        )
    if not call.green_areas.filter(pk=technology.green_area_id).exists():
        problems.append(
            _("The collection call “%(call)s” does not cover the green area “%(area)s”.")
            % {"call": call.display_title, "area": technology.green_area.display_name}
        )
    return problems


def _technical_detail(technology: Technology) -> list:
    problems = [
        _missing(f)
        for f in REQUIRED_FIELDS[SubmissionStep.TECHNICAL_DETAIL]
        if _blank(getattr(technology, f))
    ]
    if technology.trl is None:
        problems.append(_missing("trl"))
    elif not TRL_MIN <= technology.trl <= TRL_MAX:
        problems.append(
            _("The readiness level must lie between %(min)s and %(max)s.")
            % {"min": TRL_MIN, "max": TRL_MAX}
        )
    if technology.intellectual_property in PATENTED and _blank(technology.ip_details):
        problems.append(_("Give the patent numbers or application numbers in the details."))
    if not technology.target_countries:
        problems.append(_("Name at least one target country."))
    return problems


def _application_cases(technology: Technology, cases: Iterable, now) -> list:
    cases = list(cases)
    problems = []
    if (
        technology.trl is not None
        and technology.trl >= TRL_REQUIRING_APPLICATION_CASE
        and not cases
    ):
        problems.append(
            _("At readiness level %(trl)s or above, describe at least one application case.")
            % {"trl": TRL_REQUIRING_APPLICATION_CASE}
        )
    this_year = now.year
    for number, case in enumerate(cases, start=1):
        label = case.place or _("case %(number)s") % {"number": number}
        if _blank(case.place):
            problems.append(
                _("Application case %(number)s: the place is required.") % {"number": number}
            )
        if not case.country:
            problems.append(
                _("Application case “%(case)s”: the country is required.") % {"case": label}
            )
        if case.year is None or not YEAR_MIN <= case.year <= this_year:
            problems.append(
                _("Application case “%(case)s”: the year must lie between %(min)s and %(max)s.")
                % {"case": label, "min": YEAR_MIN, "max": this_year}
            )
        if _blank(case.results):
            problems.append(
                _("Application case “%(case)s”: describe its results.") % {"case": label}
            )
    return problems


def _economics(technology: Technology) -> list:
    problems = []
    for field_name in REQUIRED_FIELDS[SubmissionStep.ECONOMICS]:
        value = getattr(technology, field_name)
        if value is None:
            problems.append(_missing(field_name))
    for field_name in ("investment_usd", "operating_cost_usd_per_year", "co2e_avoided_t_per_year"):
        value = getattr(technology, field_name)
        if value is not None and not Decimal(0) <= value <= MONEY_MAX:
            problems.append(
                _("%(field)s must lie between 0 and %(max)s.")
                % {"field": capfirst(_field_label(field_name)), "max": MONEY_MAX}
            )
    if technology.co2e_avoided_t_per_year is None and _blank(
        technology.other_environmental_benefits
    ):
        problems.append(
            _("State the environmental benefit: the CO2e avoided per year or other benefits.")
        )
    return problems


def _attachments(technology: Technology, attachments: Iterable) -> list:
    if not list(attachments):
        return [
            _(
                "Attach at least one document (PDF, PNG or JPEG), e.g. a brochure, test report "
                "or patent certificate."
            )
        ]
    return []


def submission_problems(technology: Technology, *, now=None) -> dict[str, list[str]]:
    """What keeps `technology` from being submitted, as {step: [message, ...]} with only the
    steps that have problems, in the form's order; empty when it is complete."""
    now = now or timezone.now()
    found = {
        SubmissionStep.BASICS: _basics(technology, now),
        SubmissionStep.TECHNICAL_DETAIL: _technical_detail(technology),
        SubmissionStep.APPLICATION_CASES: _application_cases(
            technology, technology.application_cases.all(), now
        ),
        SubmissionStep.ECONOMICS: _economics(technology),
        SubmissionStep.ATTACHMENTS: _attachments(technology, technology.attachments.all()),
    }
    return {step.value: [str(p) for p in problems] for step, problems in found.items() if problems}
