"""The Celery application. Workers: `celery -A greentech worker -Q default,notifications`."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greentech.settings")

app = Celery("greentech")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.before_task_publish.connect(weak=False)
def _pass_request_id(headers=None, **kwargs):
    from greentech.observability.requestid import add_request_id_header

    add_request_id_header(headers=headers)


@signals.task_prerun.connect(weak=False)
def _enter_task(task_id=None, task=None, **kwargs):
    from greentech.observability.requestid import enter_task

    enter_task(task_id=task_id, task=task)


@signals.task_postrun.connect(weak=False)
def _leave_task(task_id=None, **kwargs):
    from greentech.observability.requestid import leave_task

    leave_task(task_id=task_id)


@signals.after_setup_logger.connect(weak=False)
@signals.after_setup_task_logger.connect(weak=False)
def _worker_log_format(logger=None, **kwargs):
    """The worker's own handlers write the same lines as the web (LOG_FORMAT, request ids)."""
    from greentech.observability.logs import configure_worker_handlers

    configure_worker_handlers(logger)


@signals.worker_init.connect
@signals.beat_init.connect
def refuse_insecure_start(**kwargs):
    """Workers sign links too: they refuse the development SECRET_KEY with DEBUG off."""
    from greentech.core.checks import refuse_insecure_start

    refuse_insecure_start()
