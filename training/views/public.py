"""Public training pages: programmes, cohorts with their day-by-day curriculum, calendars, and
certificate verification. Anyone may read them; drafts are shown to staff only."""

import re
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from greentech.core.calendar import CalendarEvent, build_calendar, make_uid
from greentech.core.downloads import calendar_download, safe_filename
from greentech.core.ratelimit import rate_limit

from ..models import Certificate, Cohort, CohortStatus, Module, Programme
from ..selectors import cohorts_with_places_left


def programmes_with_cohorts():
    """Programmes with their public cohorts (earliest first), each with its places left."""
    cohorts = cohorts_with_places_left(
        Cohort.objects.exclude(status=CohortStatus.DRAFT).order_by("starts_on", "title")
    )
    return Programme.objects.select_related("organiser", "alliance").prefetch_related(
        "green_areas", Prefetch("cohorts", queryset=cohorts, to_attr="public_cohorts")
    )


def programme_list(request):
    return render(
        request, "training/programme_list.html", {"programmes": programmes_with_cohorts()}
    )


def programme_detail(request, slug):
    programme = get_object_or_404(programmes_with_cohorts(), slug=slug)
    return render(request, "training/programme_detail.html", {"programme": programme})


@dataclass(frozen=True)
class ApplicationWindow:
    """Whether a cohort takes applications now, and if not, why (a code the template words)."""

    is_open: bool
    reason: str  # open | full | draft | cancelled | closed | deadline_passed | started


def application_window(user, cohort: Cohort) -> ApplicationWindow:
    if user.has_perm("training.apply_to_cohort", cohort):
        return ApplicationWindow(True, "full" if cohort.places_left <= 0 else "open")
    if cohort.status == CohortStatus.OPEN:
        reason = "deadline_passed" if cohort.application_deadline else "started"
    else:
        reason = cohort.status
    return ApplicationWindow(False, reason)


@dataclass(frozen=True)
class CurriculumDay:
    date: object
    number: int
    modules: list[Module]


def curriculum(cohort: Cohort) -> list[CurriculumDay]:
    """The cohort's modules grouped by day, days in order, "day 1" being the first day."""
    return [
        CurriculumDay(date=day, number=(day - cohort.starts_on).days + 1, modules=list(modules))
        for day, modules in groupby(cohort.modules.all(), key=attrgetter("day"))
    ]


def visible_cohort(request, slug) -> Cohort:
    """The cohort with its programme, modules and places left; 404 for a draft unless staff."""
    queryset = cohorts_with_places_left(
        Cohort.objects.select_related("programme__organiser").prefetch_related("modules")
    )
    cohort = get_object_or_404(queryset, slug=slug)
    if not request.user.has_perm("training.see_cohort", cohort):
        raise Http404
    return cohort


def cohort_detail(request, slug):
    cohort = visible_cohort(request, slug)
    detail_path = reverse("training:cohort_detail", kwargs={"slug": cohort.slug})
    context = {
        "cohort": cohort,
        "programme": cohort.programme,
        "window": application_window(request.user, cohort),
        "curriculum": curriculum(cohort),
        # The application form lives at this path (its route is added with the form).
        "apply_url": f"{detail_path}apply/",
        "can_manage": request.user.has_perm("training.manage_applications", cohort),
    }
    return render(request, "training/cohort_detail.html", context)


def cohort_calendar_event(cohort: Cohort) -> CalendarEvent:
    detail_path = reverse("training:cohort_detail", kwargs={"slug": cohort.slug})
    programme = cohort.programme.display_title
    place = ", ".join(part for part in (cohort.venue, cohort.city, cohort.country.name) if part)
    return CalendarEvent(
        uid=make_uid("training-cohort", cohort.pk),
        summary=f"{programme}: {cohort.display_title}",
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        location=place,
        description=f"{programme}\n{cohort.display_title}\n{settings.SITE_URL}{detail_path}",
        url=f"{settings.SITE_URL}{detail_path}",
        cancelled=cohort.status == CohortStatus.CANCELLED,
    )


def cohort_ics(request, slug):
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), slug=slug)
    if not request.user.has_perm("training.see_cohort", cohort):
        raise Http404
    content = build_calendar([cohort_calendar_event(cohort)], name=cohort.display_title)
    return calendar_download(safe_filename(cohort.slug, "ics"), content)


CODE_PATTERN = re.compile(r"[A-Z0-9-]{4,20}")


def normalise_code(value: str) -> str:
    """Codes are read out and typed: ignore spaces and case."""
    return "".join(value.split()).upper()


class CertificateLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("As printed on the certificate, for example GT-ABCD-2345."),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not CODE_PATTERN.fullmatch(code):
            raise ValidationError(
                _("Enter the code as printed on the certificate, for example GT-ABCD-2345.")
            )
        return code


def certificate_lookup(request):
    """A form (GET) that leads to the verification page of a code."""
    form = CertificateLookupForm(request.GET or None)
    if form.is_valid():
        return redirect("training:certificate_verify", code=form.cleaned_data["code"])
    return render(request, "training/certificate_lookup.html", {"form": form})


@never_cache  # the code works like a link: its holder's name is for whoever holds it
@rate_limit("certificate_verify", methods=("GET", "HEAD"))  # codes cannot be tried at will
def certificate_verify(request, code):
    """Anyone holding a code can check it: the certificate's holder, programme, cohort and
    dates (never the e-mail address). An unknown code is a 404 page that says so."""
    normalised = normalise_code(code)
    certificate = (
        Certificate.objects.select_related("application__cohort__programme")
        .filter(code=normalised)
        .first()
    )
    if certificate is None:
        return render(
            request,
            "training/certificate_unknown.html",
            {"code": code, "form": CertificateLookupForm()},
            status=404,
        )
    application = certificate.application
    return render(
        request,
        "training/certificate_verify.html",
        {
            "certificate": certificate,
            "name": application.full_name,
            "cohort": application.cohort,
            "programme": application.cohort.programme,
        },
    )
