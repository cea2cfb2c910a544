"""Registers the daily start reminders with celery beat (django-celery-beat's DatabaseScheduler),
every day at 07:00 in settings.TIME_ZONE. Staff can change or disable it in the admin
("Periodic tasks")."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

TASK_NAME = "Forums: reminders before an event starts"
TASK = "forums.send_start_reminders"


def add_periodic_task(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    fields = {
        "minute": "0",
        "hour": "7",
        "day_of_week": "*",
        "day_of_month": "*",
        "month_of_year": "*",
        "timezone": settings.TIME_ZONE,
    }
    schedule = CrontabSchedule.objects.filter(**fields).first()
    if schedule is None:
        schedule = CrontabSchedule.objects.create(**fields)
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "crontab": schedule,
            "description": "E-mails confirmed registrants a few days before their event starts "
            "(REGISTRATION_REMINDER_DAYS), once per registration.",
        },
    )
    # Historical models send no signals: tell a running beat that the schedule changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_periodic_task(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK_NAME, task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0002_registration_language_and_reminders"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_periodic_task, remove_periodic_task)]
