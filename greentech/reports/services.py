"""Writes on reports: request one, build it (the worker), retry a failed one, recover stale ones.

A report's life: queued (requested, task enqueued after commit) -> running (a worker builds it,
saving its progress as it goes) -> done (file stored, e-mail to the requester) or failed (the
error kept, e-mail to the requester) -> queued again on a retry.
"""

import logging
import secrets
import tempfile
import threading
from contextlib import contextmanager
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.db import connections, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from greentech.notifications import notify

from .exceptions import InvalidParameters, NotPermitted, TransitionNotAllowed
from .forms import parameters_to_json, parse_parameters
from .generators import build_document
from .generators.common import period_text
from .models import (
    ALLOWED_TRANSITIONS,
    BUILDABLE_STATES,
    RETRYABLE_STATES,
    Report,
    ReportFormat,
    ReportKind,
    ReportStatus,
    ReportTransition,
)
from .writers import write

logger = logging.getLogger("greentech.reports")

S = ReportStatus
ERROR_MAX_LENGTH = 2000
# A running report whose worker wrote no heartbeat for this many intervals lost its worker.
STALE_AFTER_HEARTBEATS = 3


def time_limits() -> tuple[int, int]:
    """(soft, hard) time limits of a build in seconds (REPORTS_SOFT_TIME_LIMIT,
    REPORTS_TIME_LIMIT)."""
    soft = int(getattr(settings, "REPORTS_SOFT_TIME_LIMIT", 600))
    hard = int(getattr(settings, "REPORTS_TIME_LIMIT", 660))
    return soft, max(hard, soft)


def heartbeat_interval() -> float:
    """Seconds between two heartbeats of a build (REPORTS_HEARTBEAT_SECONDS)."""
    return max(float(getattr(settings, "REPORTS_HEARTBEAT_SECONDS", 30)), 0.1)


def stale_after() -> timedelta:
    """How long without a heartbeat before a running report counts as abandoned."""
    return timedelta(seconds=STALE_AFTER_HEARTBEATS * heartbeat_interval())


def _last_sign_of_life(report: Report):
    return report.heartbeat_at or report.started_at


def _is_abandoned(report: Report, now) -> bool:
    last = _last_sign_of_life(report)
    return report.status == S.RUNNING and (last is None or last < now - stale_after())


def requeue_after() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "REPORTS_REQUEUE_AFTER_MINUTES", 30)))


def _transition(report: Report, to: str, *, by=None, note: str = "") -> None:
    """Change the status in memory (the caller saves) and log the change; nothing when the
    status is already `to`."""
    current = report.status
    if current == to:
        return
    if to not in ALLOWED_TRANSITIONS.get(current, frozenset()):
        raise TransitionNotAllowed(
            _("A report that is “%(current)s” cannot become “%(new)s”.")
            % {"current": S(current).label, "new": S(to).label if to in S.values else to},
            code="transition_not_allowed",
        )
    report.status = to
    ReportTransition.objects.create(
        report=report, from_status=current, to_status=to, by=by, at=timezone.now(), note=note
    )
    logger.info("Report %s: %s -> %s by %s", report.pk, current, to, getattr(by, "pk", None))


def _enqueue(report_id: int) -> None:
    """Hand the report to the broker. When the broker is down, the report stays queued and
    `reports_recover_stale` enqueues it again later."""
    from .tasks import task_build_report  # tasks import this module

    try:
        task_build_report.delay(report_id=report_id)
    except Exception:
        logger.exception("Could not enqueue report %s; the recovery sweep will retry.", report_id)


def _locked(report_id: int) -> Report | None:
    return (
        Report.objects.select_for_update()
        .select_related("requested_by")
        .filter(pk=report_id)
        .first()
    )


def describe(kind: str, cleaned: dict) -> str:
    """What the report covers, in words: "2020-01-01 to 2020-12-31 · Tongji University"."""
    if kind == ReportKind.COOPERATION_ANNUAL:
        return str(cleaned["year"])
    if kind == ReportKind.COUNTRY_PROFILE:
        return f"{countries.name(cleaned['country'])} ({cleaned['country']})"
    text = period_text(cleaned["start"], cleaned["end"])
    if cleaned.get("institution") is not None:
        text += " · " + cleaned["institution"].display_name
    return text[:255]


@transaction.atomic
def report_request(
    *, kind: str, format: str, parameters: dict, requested_by, language: str | None = None
) -> Report:
    """Record a report request and enqueue its build once the transaction commits.

    The parameters are checked against the kind's form (forms.PARAMETER_FORMS); a partner may
    only ask for the pool report of their own institution (rules.py)."""
    errors = {}
    if kind not in ReportKind.values:
        errors["kind"] = [_("Choose one of the report kinds.")]
    if format not in ReportFormat.values:
        errors["format"] = [_("Choose PDF, XLSX or CSV.")]
    if errors:
        raise InvalidParameters(errors)
    cleaned = parse_parameters(kind, parameters)
    report = Report(
        kind=kind,
        format=format,
        parameters=parameters_to_json(cleaned),
        requested_by=requested_by,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        description=describe(kind, cleaned),
    )
    if not requested_by.has_perm("reports.request_report", report):
        raise NotPermitted(
            _(
                "You may request the technology pool report restricted to your own "
                "institution only."
            ),
            code="not_permitted",
        )
    report.save()
    logger.info("Report %s requested by %s: %s %s", report.pk, requested_by.pk, kind, format)
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _start(report_id: int) -> Report | None:
    """Mark the report running; None when there is nothing to build (gone, done, failed, or
    being built by another worker right now)."""
    with transaction.atomic():
        report = _locked(report_id)
        if report is None or report.status not in BUILDABLE_STATES:
            return None
        now = timezone.now()
        if report.status == S.RUNNING and not _is_abandoned(report, now):
            # A second delivery of the task while the first build still shows signs of life.
            logger.info("Report %s is being built already; skipped.", report.pk)
            return None
        _transition(report, S.RUNNING)
        report.started_at = now
        report.heartbeat_at = now
        report.finished_at = None
        report.progress = 0
        report.error = ""
        report.save(
            update_fields=[
                "status",
                "started_at",
                "heartbeat_at",
                "finished_at",
                "progress",
                "error",
            ]
        )
        return report


def _save_progress(report_id: int, percent: int) -> None:
    Report.objects.filter(pk=report_id, status=S.RUNNING, progress__lt=percent).update(
        progress=min(percent, 99), heartbeat_at=timezone.now()
    )


def _beat(report_id: int) -> None:
    Report.objects.filter(pk=report_id, status=S.RUNNING).update(heartbeat_at=timezone.now())


@contextmanager
def _heartbeat(report_id: int):
    """While the block runs, a thread writes the report's heartbeat every
    REPORTS_HEARTBEAT_SECONDS, also while one long step (a PDF layout) writes no progress. When
    the worker dies, the heartbeat stops and the recovery sweep notices it."""
    stop = threading.Event()

    def run():
        try:
            while not stop.wait(heartbeat_interval()):
                _beat(report_id)
        except Exception:
            logger.exception("Report %s: the heartbeat stopped.", report_id)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=run, name=f"report-{report_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _file_field():
    return Report._meta.get_field("file")


def _file_name(report: Report) -> str:
    stem = slugify(f"{report.kind}-{report.description}")[:80].strip("-") or report.kind
    return f"{stem}-{secrets.token_hex(8)}.{report.format}"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _notify_requester(report: Report, template: str, subject, extra: dict) -> None:
    user = report.requested_by
    with translation.override(report.language):
        context = {
            "report_id": report.pk,
            "kind": str(report.get_kind_display()),
            "format": str(report.get_format_display()),
            "description": report.description,
            "reports_url": _absolute(reverse("reports:list")),
            **extra,
        }
    notify(
        recipient=user.email,
        recipient_user=user,
        template=template,
        context=context,
        subject=subject,
        language=report.language,
    )


def _finish(report_id: int, file_name: str) -> Report | None:
    with transaction.atomic():
        report = _locked(report_id)
        if report is None or report.status != S.RUNNING:
            # Failed by the recovery sweep meanwhile, or deleted: the file has no owner.
            _file_field().storage.delete(file_name)
            return report
        _transition(report, S.DONE)
        report.file.name = file_name
        report.progress = 100
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "file", "progress", "finished_at"])
        _notify_requester(
            report,
            "notifications/reports_ready",
            gettext_lazy("Your report is ready"),
            {"download_url": _absolute(reverse("reports:download", args=[report.pk]))},
        )
        return report


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, SoftTimeLimitExceeded):
        soft, _hard = time_limits()
        return _(
            "The report took longer than the %(seconds)s-second limit and was stopped. Narrow "
            "its parameters (a shorter period), or retry it when the workers are less busy."
        ) % {"seconds": soft}
    if isinstance(exc, InvalidParameters):
        return _("The report's parameters are no longer valid: %(errors)s") % {
            "errors": " ".join(exc.messages)
        }
    return f"{type(exc).__name__}: {exc}"


def _fail(report_id: int, error: str, *, abandoned_at=None) -> Report | None:
    with transaction.atomic():
        report = _locked(report_id)
        if report is None or report.status not in BUILDABLE_STATES:
            return report
        if abandoned_at is not None and not _is_abandoned(report, abandoned_at):
            return report  # restarted, or a sign of life, meanwhile
        _transition(report, S.FAILED, note=error[:200])
        report.error = error[:ERROR_MAX_LENGTH]
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "error", "finished_at"])
        _notify_requester(
            report,
            "notifications/reports_failed",
            gettext_lazy("Your report failed"),
            {"error": report.error},
        )
        return report


def _build_file(report: Report) -> str:
    """Generate the document and store its file; returns the stored name."""
    with translation.override(report.language):
        cleaned = parse_parameters(report.kind, report.parameters)
        document = build_document(report.kind, cleaned)
        _save_progress(report.pk, 5)
        # An anonymous scratch file (no name on the host's disk), then the report's storage:
        # the file system, or the object store every web host reads from.
        with tempfile.TemporaryFile(prefix="report-") as handle:
            write(
                document, report.format, handle, lambda percent: _save_progress(report.pk, percent)
            )
            handle.seek(0)
            field = _file_field()
            return field.storage.save(
                field.generate_filename(report, _file_name(report)),
                File(handle),
                max_length=field.max_length,
            )


def report_build(*, report_id: int) -> Report | None:
    """Build the report's file (the worker's part). Idempotent: a report that is done, failed,
    gone, or being built by another worker is left alone.

    Not one transaction: the "running" status and the progress are committed as the build goes,
    so the page shows them. Any error, the soft time limit included, fails the report with the
    error kept for staff to read; the requester gets an e-mail either way."""
    report = _start(report_id)
    if report is None:
        return Report.objects.filter(pk=report_id).first()
    try:
        with _heartbeat(report_id):
            file_name = _build_file(report)
    except Exception as exc:
        logger.exception("Report %s failed.", report_id)
        return _fail(report_id, _error_text(exc))
    return _finish(report_id, file_name)


@transaction.atomic
def report_retry(*, report_id: int, by) -> Report:
    """Queue a failed report again (its requester or staff) and enqueue its build."""
    report = _locked(report_id)
    if report is None or not by.has_perm("reports.retry_report", report):
        raise NotPermitted(_("No such report."), code="not_found")
    if report.status not in RETRYABLE_STATES:
        raise TransitionNotAllowed(
            _("Only a failed report can be retried; this one is “%(status)s”.")
            % {"status": report.get_status_display()},
            code="not_retryable",
        )
    _transition(report, S.QUEUED, by=by, note=_("Retried"))
    report.progress = 0
    report.error = ""
    report.started_at = None
    report.finished_at = None
    report.save(update_fields=["status", "progress", "error", "started_at", "finished_at"])
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def reports_recover_stale(*, now=None) -> dict[str, int]:
    """The periodic sweep (every minute): fail the running reports whose worker gave no sign of
    life for STALE_AFTER_HEARTBEATS heartbeat intervals (it was killed, lost, or hit the hard
    time limit), so they can be retried at once, and enqueue again the reports queued for long
    (the broker was down when they were requested). Returns how many of each."""
    now = now or timezone.now()
    silent_since = now - stale_after()
    failed = 0
    for report_id in (
        Report.objects.filter(status=S.RUNNING)
        .filter(
            Q(heartbeat_at__lt=silent_since)
            | Q(heartbeat_at__isnull=True, started_at__lt=silent_since)
            | Q(heartbeat_at__isnull=True, started_at__isnull=True)
        )
        .values_list("pk", flat=True)
    ):
        report = _fail(
            report_id,
            _(
                "The build stopped without finishing: its worker gave no sign of life for "
                "%(seconds)s seconds (it was stopped, lost or reached the time limit). Retry "
                "the report."
            )
            % {"seconds": int(stale_after().total_seconds())},
            abandoned_at=now,
        )
        failed += int(report is not None and report.status == S.FAILED)
    queued = list(
        Report.objects.filter(status=S.QUEUED, created__lt=now - requeue_after()).values_list(
            "pk", flat=True
        )
    )
    for report_id in queued:
        _enqueue(report_id)
    if failed or queued:
        logger.info(
            "Report recovery: %s failed as abandoned, %s enqueued again.", failed, len(queued)
        )
    return {"failed": failed, "requeued": len(queued)}
