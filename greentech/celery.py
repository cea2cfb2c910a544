"""The Celery application. Workers: `celery -A greentech worker -Q default,notifications`."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greentech.settings")

app = Celery("greentech")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def refuse_insecure_start(**kwargs):
    """Workers sign links too: they refuse the development SECRET_KEY with DEBUG off."""
    from greentech.core.checks import refuse_insecure_start

    refuse_insecure_start()
