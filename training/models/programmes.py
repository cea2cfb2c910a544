"""Programmes, their cohorts (sessions with dates, place and capacity) and the cohorts' modules."""

from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from greentech.core.models import TimeStampedModel, localized


class Programme(TimeStampedModel):
    """A training programme that runs one or more cohorts (e.g. a yearly international course)."""

    title = models.CharField(_("title"), max_length=255, unique=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    organiser = models.ForeignKey(
        "centres.Institution",
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_programmes",
    )
    alliance = models.ForeignKey(
        "centres.Alliance",
        verbose_name=_("alliance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_programmes",
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    green_areas = models.ManyToManyField(
        "core.GreenArea",
        verbose_name=_("green areas"),
        related_name="training_programmes",
        blank=True,
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_summary(self) -> str:
        return localized(self, "summary")


class CohortStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not public)")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Cohort(TimeStampedModel):
    """One session of a programme: where, when, for how many people."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="cohorts"
    )
    title = models.CharField(_("title"), max_length=255)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    application_deadline = models.DateTimeField(_("application deadline"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("Number of places."))
    max_per_country = models.PositiveSmallIntegerField(
        _("maximum participants per country"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    requires_selection = models.BooleanField(
        _("requires selection"),
        default=False,
        help_text=_("Confirmed applications wait for a staff selection before getting a place."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CohortStatus.choices, default=CohortStatus.OPEN
    )
    language = models.CharField(
        _("language"), max_length=15, choices=global_settings.LANGUAGES, default="en"
    )

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        indexes = [
            models.Index(fields=["starts_on"], name="training_cohort_starts_idx"),
            models.Index(fields=["status"], name="training_cohort_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="training_cohort_ends_after_start",
                violation_error_message=_("A cohort cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="training_cohort_capacity_positive",
                violation_error_message=_("A cohort needs at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(max_per_country__isnull=True) | Q(max_per_country__gt=0),
                name="training_cohort_max_per_country_positive",
                violation_error_message=_(
                    "The maximum per country must be at least one, or left empty."
                ),
            ),
            models.CheckConstraint(
                condition=Q(max_per_country__isnull=True) | Q(max_per_country__lte=F("capacity")),
                name="training_cohort_max_per_country_within_capacity",
                violation_error_message=_(
                    "The maximum per country cannot exceed the cohort's capacity."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    def clean(self):
        super().clean()
        if self.application_deadline and self.starts_on:
            deadline_day = timezone.localdate(self.application_deadline)
            if deadline_day > self.starts_on:
                raise ValidationError(
                    {
                        "application_deadline": _(
                            "The application deadline must be on or before the first day."
                        )
                    }
                )


class Module(models.Model):
    """One item of a cohort's programme: a lecture, a field visit, a workshop..."""

    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        FIELD_VISIT = "field_visit", _("Field visit")
        CASE_EXCHANGE = "case_exchange", _("Case exchange")
        WORKSHOP = "workshop", _("Workshop")
        CEREMONY = "ceremony", _("Ceremony")
        OTHER = "other", _("Other")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="modules"
    )
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LECTURE)
    title = models.CharField(_("title"), max_length=255)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    speaker = models.CharField(_("speaker"), max_length=255, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["day", "starts_at", "position", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gte=F("starts_at")),
                name="training_module_ends_after_start",
                violation_error_message=_("A module cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.title}"

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    def clean(self):
        super().clean()
        cohort = getattr(self, "cohort", None)  # unset on a half-filled form
        if cohort is None or self.day is None or not (cohort.starts_on and cohort.ends_on):
            return
        if not cohort.starts_on <= self.day <= cohort.ends_on:
            message = _("The day must fall within the cohort's dates (%(start)s to %(end)s).")
            raise ValidationError(
                {
                    "day": ValidationError(
                        message,
                        code="outside_cohort",
                        params={"start": cohort.starts_on, "end": cohort.ends_on},
                    )
                }
            )
