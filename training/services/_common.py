"""What the training services share: how the shared registration logic sees an application,
the checks on a cohort, and the e-mails."""

import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from greentech.core.registrations import RegistrationKind
from greentech.notifications import notify

from .. import links
from ..exceptions import TrainingError, TransitionNotAllowed
from ..models import (
    ACTIVE_STATES,
    ALLOWED_TRANSITIONS,
    HOLDS_PLACE,
    Application,
    ApplicationStatus,
    ApplicationTransition,
    Cohort,
    CohortStatus,
)

KIND = RegistrationKind(
    model=Application,
    parent_field="cohort",
    log_model=ApplicationTransition,
    log_field="application",
    allowed_transitions=ALLOWED_TRANSITIONS,
    active_states=ACTIVE_STATES,
    holds_place=HOLDS_PLACE,
    error=TrainingError,
    transition_error=TransitionNotAllowed,
    transition_message=_("An application that is %(current)s cannot become %(new)s."),
    confirmed=ApplicationStatus.CONFIRMED,
    waitlisted=ApplicationStatus.WAITLISTED,
    cancelled=ApplicationStatus.CANCELLED,
)


def ensure_accepts_applications(cohort: Cohort) -> None:
    """Refuse, with the reason, unless the cohort takes applications now (the same rule as the
    `training.apply_to_cohort` permission)."""
    if cohort.status == CohortStatus.CANCELLED:
        raise TrainingError(
            _("This cohort has been cancelled: it takes no applications."), code="cohort_cancelled"
        )
    if cohort.status != CohortStatus.OPEN:
        raise TrainingError(_("Applications for this cohort are closed."), code="cohort_not_open")
    if cohort.application_deadline is not None:
        if timezone.now() > cohort.application_deadline:
            raise TrainingError(
                _("The application deadline (%(deadline)s) has passed."),
                code="deadline_passed",
                params={"deadline": _format_deadline(cohort.application_deadline)},
            )
    elif timezone.localdate() > cohort.starts_on:
        raise TrainingError(
            _("This cohort has already started: it takes no more applications."),
            code="cohort_started",
        )


def _format_deadline(deadline: datetime.datetime) -> str:
    return timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M %Z")


def cohort_gives_places(cohort: Cohort) -> bool:
    """Whether places may still be given (and the waitlist promoted): not for a cancelled cohort
    nor one that has ended."""
    return cohort.status != CohortStatus.CANCELLED and cohort.ends_on >= timezone.localdate()


def send(application: Application, template: str, subject: str, *, dedupe_key: str = "", **extra):
    """E-mail the applicant through the outbox, in the language they applied in. Returns the
    outbox row (None when `dedupe_key` was used already, see `notify`).

    `subject` is an untranslated message with a %(cohort)s placeholder; it is translated here,
    in the applicant's language, like the rest of the context.
    """
    language = application.language or settings.LANGUAGE_CODE
    with translation.override(language):
        cohort = application.cohort
        context = {
            "first_name": application.first_name,
            "full_name": application.full_name,
            "cohort_title": cohort.display_title,
            "programme_title": cohort.programme.display_title,
            "city": cohort.city,
            "country": str(cohort.country.name),
            "venue": cohort.venue,
            "starts_on": cohort.starts_on.isoformat(),
            "ends_on": cohort.ends_on.isoformat(),
            "status": str(application.get_status_display()),
            "waitlist_position": application.waitlist_position,
            "requires_selection": cohort.requires_selection,
            "cohort_url": links.cohort_url(cohort),
            "manage_url": links.manage_url(application),
            **extra,
        }
        if application.status == ApplicationStatus.PENDING_CONFIRMATION:
            context["confirm_url"] = links.confirm_url(application)
        subject = gettext(subject) % {"cohort": cohort.display_title}
    return notify(
        recipient=application.email,
        recipient_user=application.user,
        template=f"notifications/{template}",
        context=context,
        subject=subject,
        language=language,
        dedupe_key=dedupe_key,
    )
