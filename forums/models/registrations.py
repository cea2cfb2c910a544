"""Registrations for a forum event and their state-change log."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from greentech.core.models import TimeStampedModel

from .events import ForumEvent
from .states import ACTIVE_STATES, RegistrationStatus, can_transition


class Registration(TimeStampedModel):
    """A person's registration for an event. No account is needed: the e-mail identifies them."""

    class Type(models.TextChoices):
        DELEGATE = "delegate", _("Delegate")
        SPEAKER = "speaker", _("Speaker")
        STUDENT = "student", _("Student")
        INDUSTRY = "industry", _("Industry")

    event = models.ForeignKey(
        ForumEvent, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_registrations",
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    country = CountryField(_("country"))
    institution_name = models.CharField(_("institution"), max_length=255, blank=True)
    registration_type = models.CharField(
        _("registration type"), max_length=20, choices=Type.choices, default=Type.DELEGATE
    )
    dietary_needs = models.CharField(_("dietary needs"), max_length=255, blank=True)
    access_needs = models.CharField(_("accessibility needs"), max_length=255, blank=True)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING_CONFIRMATION,
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
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["event", "status"], name="forums_reg_event_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                F("event"),
                Lower("email"),
                condition=Q(status__in=sorted(ACTIVE_STATES)),
                name="forums_registration_one_active_per_email",
                violation_error_message=_(
                    "This e-mail address is already registered for this event."
                ),
            ),
            models.CheckConstraint(
                condition=Q(waitlist_position__isnull=True)
                | Q(status=RegistrationStatus.WAITLISTED, waitlist_position__gt=0),
                name="forums_registration_waitlist_position_when_waitlisted",
                violation_error_message=_(
                    "Only a waitlisted registration has a waitlist position, starting at 1."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.event})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def can_transition_to(self, status: str) -> bool:
        return can_transition(self.status, status)

    def validate_constraints(self, exclude=None):
        # The status is read-only in forms (services change it), but the one-active-registration
        # rule depends on it: validate against the instance's status anyway, so a duplicate
        # e-mail is a form error rather than an IntegrityError.
        if exclude:
            exclude = set(exclude) - {"status"}
        super().validate_constraints(exclude=exclude)


class RegistrationTransition(models.Model):
    """One change of a registration's status: who, when, from what to what, and why."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(
        _("from status"),
        max_length=30,
        choices=RegistrationStatus.choices,
        blank=True,
        help_text=_("Empty when the registration was created."),
    )
    to_status = models.CharField(_("to status"), max_length=30, choices=RegistrationStatus.choices)
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
        ordering = ["registration", "at", "pk"]
        verbose_name = _("registration status change")
        verbose_name_plural = _("registration status changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")),
                name="forums_transition_changes_status",
                violation_error_message=_("A status change must change the status."),
            ),
        ]

    def __str__(self):
        return f"{self.registration}: {self.from_status or '-'} -> {self.to_status}"
