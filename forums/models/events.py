"""Forum events (e.g. the CAS-TWAS Symposium on Green Technology), their speakers and agenda."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from greentech.core.models import TimeStampedModel, localized


class ForumEventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not public)")
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class ForumEvent(TimeStampedModel):
    title = models.CharField(_("title"), max_length=255, unique=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("For example GT2018.")
    )
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    series = models.CharField(
        _("series"),
        max_length=255,
        blank=True,
        help_text=_("For example CAS-TWAS Symposium on Green Technology."),
    )
    series_number = models.PositiveSmallIntegerField(
        _("number in the series"), null=True, blank=True
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("Number of places."))
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ForumEventStatus.choices, default=ForumEventStatus.OPEN
    )
    organisers = models.ManyToManyField(
        "centres.Institution",
        verbose_name=_("organisers"),
        related_name="organised_forum_events",
        blank=True,
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    delegate_countries_count = models.PositiveSmallIntegerField(
        _("number of delegate countries"),
        null=True,
        blank=True,
        help_text=_("The figure reported for a past event."),
    )

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("forum event")
        verbose_name_plural = _("forum events")
        indexes = [
            models.Index(fields=["starts_on"], name="forums_event_starts_idx"),
            models.Index(fields=["status"], name="forums_event_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="forums_event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="forums_event_capacity_positive",
                violation_error_message=_("An event needs at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(series_number__isnull=True) | Q(series_number__gt=0),
                name="forums_event_series_number_positive",
                violation_error_message=_("The number in the series starts at 1."),
            ),
            models.UniqueConstraint(
                fields=["series", "series_number"],
                name="forums_event_series_number_unique",
                violation_error_message=_("This series already has an event with this number."),
            ),
        ]

    def __str__(self):
        return self.short_name or self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_summary(self) -> str:
        return localized(self, "summary")

    def clean(self):
        super().clean()
        deadline = self.registration_deadline
        if deadline and self.starts_on and timezone.localdate(deadline) > self.starts_on:
            raise ValidationError(
                {
                    "registration_deadline": _(
                        "The registration deadline must be on or before the first day."
                    )
                }
            )


class Speaker(models.Model):
    """A person speaking at an event; public information only."""

    event = models.ForeignKey(
        ForumEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="speakers"
    )
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=255, blank=True)
    country = CountryField(_("country"), blank=True)
    bio = models.TextField(_("short biography"), blank=True)
    photo_url = models.URLField(_("photo URL"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "position", "name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return f"{self.name} ({self.affiliation})" if self.affiliation else self.name


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        KEYNOTE = "keynote", _("Keynote")
        SESSION = "session", _("Session")
        PANEL = "panel", _("Panel")
        CEREMONY = "ceremony", _("Ceremony")
        VISIT = "visit", _("Visit")
        BREAK = "break", _("Break")

    event = models.ForeignKey(
        ForumEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="agenda"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    title = models.CharField(_("title"), max_length=255)
    title_zh = models.CharField(_("title (Chinese)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SESSION)
    room = models.CharField(_("room"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    speakers = models.ManyToManyField(
        Speaker, verbose_name=_("speakers"), related_name="agenda_items", blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "starts_at", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")),
                name="forums_agendaitem_ends_after_start",
                violation_error_message=_("An agenda item cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    def clean(self):
        super().clean()
        event = getattr(self, "event", None)  # unset on a half-filled form
        if event is None or self.starts_at is None or not (event.starts_on and event.ends_on):
            return
        day = timezone.localdate(self.starts_at)
        if not event.starts_on <= day <= event.ends_on:
            raise ValidationError(
                {
                    "starts_at": ValidationError(
                        _(
                            "The item must take place within the event's dates "
                            "(%(start)s to %(end)s)."
                        ),
                        code="outside_event",
                        params={"start": event.starts_on, "end": event.ends_on},
                    )
                }
            )
