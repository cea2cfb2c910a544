"""Attendance per day, the attended status, and certificates."""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from greentech.accounts.models import User
from greentech.core import registrations

from .. import links
from ..exceptions import TrainingError
from ..models import Application, ApplicationStatus, Attendance, Certificate, Cohort
from ._common import KIND, send

logger = logging.getLogger(__name__)

S = ApplicationStatus
MARKABLE = frozenset({S.CONFIRMED, S.ATTENDED})


def cohort_days(cohort: Cohort) -> list[datetime.date]:
    """The days attendance is taken: the days with modules, or every day of the cohort when it
    has no programme of modules."""
    module_days = sorted(set(cohort.modules.values_list("day", flat=True)))
    if module_days:
        return module_days
    span = (cohort.ends_on - cohort.starts_on).days
    return [cohort.starts_on + datetime.timedelta(days=offset) for offset in range(span + 1)]


def attendance_mark(
    *, application: Application, day: datetime.date, present: bool, by: User | None = None
) -> Attendance:
    """Record whether a confirmed participant was present on one day of the cohort. When they
    have been present on every day, the application becomes attended."""
    with transaction.atomic():
        application = registrations.lock_registration(KIND, application)
        cohort = application.cohort
        if application.status not in MARKABLE:
            raise TrainingError(
                _(
                    "Attendance is only taken for confirmed participants; this application is "
                    "%(status)s."
                ),
                code="not_a_participant",
                params={"status": application.get_status_display()},
            )
        if not cohort.starts_on <= day <= cohort.ends_on:
            raise TrainingError(
                {
                    "day": _("The day must fall within the cohort's dates (%(start)s to %(end)s).")
                    % {"start": cohort.starts_on, "end": cohort.ends_on}
                },
                code="outside_cohort",
            )
        attendance, _created = Attendance.objects.update_or_create(
            application=application, day=day, defaults={"present": present}
        )
        if present and application.status == S.CONFIRMED:
            present_days = set(
                application.attendance.filter(present=True).values_list("day", flat=True)
            )
            if set(cohort_days(cohort)) <= present_days:
                registrations.apply_transition(
                    KIND, application, S.ATTENDED, by=by, note="Present on every day."
                )
    return attendance


def application_mark_attended(
    *, application: Application, by: User | None = None, note: str = ""
) -> Application:
    """Staff's statement that a confirmed participant attended the whole cohort (without
    day-by-day records). Marking again changes nothing."""
    with transaction.atomic():
        application = registrations.lock_registration(KIND, application)
        registrations.apply_transition(
            KIND, application, S.ATTENDED, by=by, note=note or "Marked attended by staff."
        )
    return application


def certificate_issue(*, application: Application, by: User | None = None) -> Certificate:
    """Issue the certificate of an application that attended the whole cohort: the row with its
    verification code, the PDF (rendered by `training.certificates.render_certificate_pdf`)
    stored in `file`, and an e-mail with the public verification link. Issuing twice returns
    the certificate already issued."""
    from training.certificates import render_certificate_pdf  # renders with WeasyPrint

    with transaction.atomic():
        application = registrations.lock_registration(KIND, application)
        existing = Certificate.objects.filter(application=application).first()
        if existing is not None:
            return existing
        if application.status != S.ATTENDED:
            raise TrainingError(
                _(
                    "A certificate is only issued for an attended application; this one is "
                    "%(status)s."
                ),
                code="not_attended",
                params={"status": application.get_status_display()},
            )
        certificate = Certificate.objects.create(application=application)
        certificate = Certificate.objects.select_related(
            "application__cohort__programme__organiser"
        ).get(pk=certificate.pk)
        with translation.override(application.language or settings.LANGUAGE_CODE):
            pdf = render_certificate_pdf(certificate)
        certificate.file.save(f"{certificate.code}.pdf", ContentFile(pdf), save=False)
        certificate.save(update_fields=["file"])
        send(
            certificate.application,
            "training_certificate_ready",
            gettext_noop("Your certificate is ready: %(cohort)s"),
            certificate_code=certificate.code,
            certificate_url=links.certificate_url(certificate),
        )
        logger.info(
            "Certificate %s issued for application %s by %s",
            certificate.code,
            application.pk,
            getattr(by, "pk", None),
        )
    return certificate
