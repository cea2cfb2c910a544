"""Applications to a cohort, with their attendance, certificate and state-change log."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from greentech.core.models import TimeStampedModel

from .programmes import Cohort
from .states import ACTIVE_STATES, ApplicationStatus, can_transition


class Application(TimeStampedModel):
    """A person's application to a cohort. No account is needed: the e-mail identifies them."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="applications"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_applications",
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    country = CountryField(_("country"))
    institution_name = models.CharField(_("institution"), max_length=255, blank=True)
    institution = models.ForeignKey(
        "centres.Institution",
        verbose_name=_("known institution"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_applications",
    )
    position = models.CharField(pgettext_lazy("job title", "position"), max_length=200, blank=True)
    field_of_work = models.CharField(_("field of work"), max_length=200, blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    consent_to_data_use = models.BooleanField(
        _("consent to data use"),
        default=False,
        help_text=_("The applicant agrees that the organisers process these data."),
    )
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING_CONFIRMATION,
    )
    waitlist_position = models.PositiveIntegerField(_("waitlist position"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    language = models.CharField(
        _("language"),
        max_length=15,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the e-mails to this person (the one they used to register)."),
    )
    links_sent_at = models.DateTimeField(
        _("links last sent at"),
        null=True,
        blank=True,
        help_text=_("When the confirm and manage links were last e-mailed."),
    )
    reminder_sent_at = models.DateTimeField(
        _("start reminder sent at"),
        null=True,
        blank=True,
        help_text=_("When the reminder before the start was sent (it is sent once)."),
    )

    class Meta:
        ordering = ["-created", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["cohort", "status"], name="training_app_cohort_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                F("cohort"),
                Lower("email"),
                condition=Q(status__in=sorted(ACTIVE_STATES)),
                name="training_application_one_active_per_email",
                violation_error_message=_(
                    "This e-mail address already has an application for this cohort."
                ),
            ),
            models.CheckConstraint(
                condition=Q(consent_to_data_use=True),
                name="training_application_consent_given",
                violation_error_message=_("Consent to the use of the data is required."),
            ),
            models.CheckConstraint(
                condition=Q(waitlist_position__isnull=True)
                | Q(status=ApplicationStatus.WAITLISTED, waitlist_position__gt=0),
                name="training_application_waitlist_position_when_waitlisted",
                violation_error_message=_(
                    "Only a waitlisted application has a waitlist position, starting at 1."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.cohort})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def can_transition_to(self, status: str) -> bool:
        return can_transition(self.status, status)

    def validate_constraints(self, exclude=None):
        # The status is read-only in forms (services change it), but the one-active-application
        # rule depends on it: validate against the instance's status anyway, so a duplicate
        # e-mail is a form error rather than an IntegrityError.
        if exclude:
            exclude = set(exclude) - {"status"}
        super().validate_constraints(exclude=exclude)


class Attendance(models.Model):
    """Whether an applicant was present on one day of the cohort."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        ordering = ["application", "day"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "day"],
                name="training_attendance_one_per_day",
                violation_error_message=_("Attendance for this day is already recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.application} {self.day:%Y-%m-%d}"

    def clean(self):
        super().clean()
        application = getattr(self, "application", None)
        if application is None or self.day is None:
            return
        cohort = application.cohort
        if not cohort.starts_on <= self.day <= cohort.ends_on:
            raise ValidationError(
                {
                    "day": ValidationError(
                        _("The day must fall within the cohort's dates (%(start)s to %(end)s)."),
                        code="outside_cohort",
                        params={"start": cohort.starts_on, "end": cohort.ends_on},
                    )
                }
            )


CERTIFICATE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def generate_certificate_code() -> str:
    """A code hard to guess, easy to read out: GT-XXXX-XXXX (12 characters)."""
    chars = "".join(secrets.choice(CERTIFICATE_ALPHABET) for _index in range(8))
    return f"GT-{chars[:4]}-{chars[4:]}"


class Certificate(models.Model):
    """The certificate of a person who attended a cohort; its code lets anyone verify it."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    code = models.CharField(
        _("verification code"), max_length=20, unique=True, default=generate_certificate_code
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    file = models.FileField(_("file"), upload_to="certificates/%Y/", blank=True)

    class Meta:
        ordering = ["-issued_at", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return self.code

    def clean(self):
        super().clean()
        application = getattr(self, "application", None)
        if application is not None and application.status != ApplicationStatus.ATTENDED:
            raise ValidationError(
                {"application": _("A certificate is only issued for an attended application.")}
            )


class ApplicationTransition(models.Model):
    """One change of an application's status: who, when, from what to what, and why."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(
        _("from status"),
        max_length=30,
        choices=ApplicationStatus.choices,
        blank=True,
        help_text=_("Empty when the application was created."),
    )
    to_status = models.CharField(_("to status"), max_length=30, choices=ApplicationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["application", "at", "pk"]
        verbose_name = _("application status change")
        verbose_name_plural = _("application status changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")),
                name="training_transition_changes_status",
                violation_error_message=_("A status change must change the status."),
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.from_status or '-'} -> {self.to_status}"
