"""The Celery application. Workers: `celery -A greentech worker -Q default,notifications`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greentech.settings")

app = Celery("greentech")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
