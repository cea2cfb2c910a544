"""Celery tasks of the reports: thin wrappers over services.

Routed to the "reports" queue by the "reports.*" entry of CELERY_TASK_ROUTES, so a long report
never holds up an e-mail. Time limits: REPORTS_SOFT_TIME_LIMIT (the build stops and the report
fails with a clear error) and REPORTS_TIME_LIMIT (the worker process is killed; the recovery
sweep then fails the report). Time limits need the prefork pool (not --pool=solo).
"""

from celery import shared_task

from .services import report_build, reports_recover_stale, time_limits

SOFT_TIME_LIMIT, TIME_LIMIT = time_limits()


@shared_task(
    name="reports.build",
    acks_late=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def task_build_report(*, report_id: int) -> None:
    # Errors fail the report (kept on the row); returns quietly when it is gone or done.
    report_build(report_id=report_id)


@shared_task(name="reports.recover_stale", acks_late=True)
def task_recover_stale_reports() -> dict:
    """Periodic (celery beat): fail abandoned builds, enqueue long-queued reports again."""
    return reports_recover_stale()
