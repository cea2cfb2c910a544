"""Registers the report recovery sweep with celery beat (django-celery-beat's DatabaseScheduler),
every 10 minutes. Staff can change or disable it in the admin ("Periodic tasks")."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "Reports: fail abandoned builds, enqueue long-queued reports again"
TASK = "reports.recover_stale"


def add_periodic_task(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    schedule = IntervalSchedule.objects.filter(every=10, period="minutes").first()
    if schedule is None:
        schedule = IntervalSchedule.objects.create(every=10, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "interval": schedule,
            "description": "Fails reports whose build stopped without finishing (worker killed "
            "or hard time limit) and enqueues again reports queued for longer than "
            "REPORTS_REQUEUE_AFTER_MINUTES (the broker was down when they were requested).",
        },
    )
    # Historical models send no signals: tell a running beat that the schedule changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_periodic_task(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK_NAME, task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_periodic_task, remove_periodic_task)]
