"""Registers the outbox's re-send sweep with celery beat (django-celery-beat's DatabaseScheduler),
every 10 minutes. Staff can change or disable it in the admin ("Periodic tasks")."""

import json

from django.db import migrations
from django.utils import timezone

TASK_NAME = "Notifications: re-send unsent e-mails"
TASK = "notifications.resend_unsent"
EVERY_MINUTES = 10


def add_periodic_task(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    schedule = IntervalSchedule.objects.filter(every=EVERY_MINUTES, period="minutes").first()
    if schedule is None:
        schedule = IntervalSchedule.objects.create(every=EVERY_MINUTES, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "interval": schedule,
            "kwargs": json.dumps({"older_than_minutes": EVERY_MINUTES}),
            "description": "Enqueues again outbox rows left pending (broker or worker was down).",
        },
    )
    # Historical models send no signals: tell a running beat that the schedule changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_periodic_task(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK_NAME, task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_periodic_task, remove_periodic_task)]
