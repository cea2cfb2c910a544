"""Registers two daily celery beat jobs (django-celery-beat's DatabaseScheduler), editable in the
admin ("Periodic tasks"): review reminders and escalations at 07:00, and the yearly
re-validation requests at 03:00, both in settings.TIME_ZONE."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

TASKS = [
    {
        "name": "Technology pool: remind experts of reviews due, escalate overdue ones",
        "task": "technologies.send_review_reminders",
        "hour": "7",
        "description": "E-mails each expert a few days before a review is due and on the due "
        "day, and tells staff when a review is overdue; each once per assignment and stage.",
    },
    {
        "name": "Technology pool: ask providers to re-validate their entries",
        "task": "technologies.request_revalidation",
        "hour": "3",
        "description": "Asks the provider of each published technology whose validity ends "
        "soon to confirm the entry is current (one signed link); once per validity period.",
    },
]


def add_periodic_tasks(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for spec in TASKS:
        fields = {
            "minute": "0",
            "hour": spec["hour"],
            "day_of_week": "*",
            "day_of_month": "*",
            "month_of_year": "*",
            "timezone": settings.TIME_ZONE,
        }
        schedule = CrontabSchedule.objects.filter(**fields).first()
        if schedule is None:
            schedule = CrontabSchedule.objects.create(**fields)
        PeriodicTask.objects.get_or_create(
            name=spec["name"],
            defaults={
                "task": spec["task"],
                "crontab": schedule,
                "description": spec["description"],
            },
        )
    # Historical models send no signals: tell a running beat that the schedule changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_periodic_tasks(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for spec in TASKS:
        PeriodicTask.objects.filter(name=spec["name"], task=spec["task"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("technologies", "0003_archive_expired_periodic_task"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_periodic_tasks, remove_periodic_tasks)]
