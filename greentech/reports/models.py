"""Report requests: what was asked for, by whom, how far its build got, and the file it made."""

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    POOL = "pool", _("Technology pool report")
    COOPERATION_ANNUAL = "cooperation_annual", _("Cooperation annual report")
    COUNTRY_PROFILE = "country_profile", _("Country profile")
    TRAINING_FORUM_STATS = "training_forum_stats", _("Training and forum statistics")


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    CSV = "csv", _("CSV")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


S = ReportStatus

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.QUEUED: frozenset({S.RUNNING, S.FAILED}),
    S.RUNNING: frozenset({S.DONE, S.FAILED}),
    S.FAILED: frozenset({S.QUEUED}),
    S.DONE: frozenset(),
}

# Waiting for or under construction: the page keeps polling these.
ACTIVE_STATES = frozenset({S.QUEUED, S.RUNNING})
# A worker may (re)start the build: queued, or running again after a worker was lost.
BUILDABLE_STATES = frozenset({S.QUEUED, S.RUNNING})
# Someone may ask for another attempt.
RETRYABLE_STATES = frozenset({S.FAILED})

del S


def report_storage():
    """Where report files go: the "reports" entry of settings.STORAGES when there is one (a
    private location, not served under MEDIA_URL), the default storage otherwise."""
    if "reports" in settings.STORAGES:
        return storages["reports"]
    return default_storage


class Report(models.Model):
    """One requested report and its file. Services change the status (services.py)."""

    kind = models.CharField(_("kind"), max_length=30, choices=ReportKind.choices)
    format = models.CharField(_("format"), max_length=10, choices=ReportFormat.choices)
    parameters = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_("Period, year, country or institution, as the report kind asks."),
    )
    description = models.CharField(
        _("description"),
        max_length=255,
        blank=True,
        help_text=_("What the report covers: its period, year, country or institution."),
    )
    language = models.CharField(
        _("language"),
        max_length=15,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the report is written in (the requester's at the time)."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(
        _("file"), upload_to="reports/%Y/%m/", storage=report_storage, blank=True, max_length=255
    )
    error = models.TextField(_("error"), blank=True)
    created = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_(
            "Written by the worker every REPORTS_HEARTBEAT_SECONDS while it builds the report: a "
            "running report without one for a few intervals has lost its worker."
        ),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["requested_by", "created"], name="reports_report_user_idx"),
            models.Index(fields=["status", "created"], name="reports_report_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="reports_report_progress_max_100",
                violation_error_message=_("Progress cannot exceed 100%."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReportKind.values),
                name="reports_report_kind_valid",
                violation_error_message=_("Unknown report kind."),
            ),
            models.CheckConstraint(
                condition=Q(format__in=ReportFormat.values),
                name="reports_report_format_valid",
                violation_error_message=_("Unknown report format."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.DONE) | ~Q(file=""),
                name="reports_report_done_has_file",
                violation_error_message=_("A finished report has a file."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_format_display()}) #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATES

    @property
    def is_done(self) -> bool:
        return self.status == ReportStatus.DONE

    @property
    def is_retryable(self) -> bool:
        return self.status in RETRYABLE_STATES

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class ReportTransition(models.Model):
    """One change of a report's status: from, to, who (empty for the worker), when, why."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=10, choices=ReportStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=ReportStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("report status change")
        verbose_name_plural = _("report status changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")),
                name="reports_transition_changes_status",
                violation_error_message=_("A status change must change the status."),
            ),
        ]

    def __str__(self):
        return f"{self.report}: {self.from_status} -> {self.to_status}"
