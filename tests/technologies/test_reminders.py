"""Review reminders to experts, escalation of overdue reviews to staff: each once per
assignment and stage, however often the daily job runs."""

import datetime as dt

import pytest
from django.utils import timezone

from greentech.notifications.models import Notification
from technologies.services.reminders import (
    ReminderStage,
    assignments_send_review_reminders,
    reminder_stage,
)
from technologies.tasks import task_send_review_reminders
from tests.factories import StaffCuratorFactory
from tests.technologies.builders import assigned, reviewed, under_review

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 10)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.mark.parametrize(
    ("due_on", "expected"),
    [
        (days(5), None),
        (days(4), None),
        (days(3), ReminderStage.BEFORE),
        (days(1), ReminderStage.BEFORE),
        (days(0), ReminderStage.DUE),
        (days(-1), ReminderStage.OVERDUE),
    ],
)
def test_reminder_stage_follows_the_due_date(due_on, expected, settings):
    settings.REVIEW_REMINDER_DAYS = 3
    assert reminder_stage(due_on, TODAY) == expected


def _assignment_due_on(due_on, *, curator=None):
    technology = under_review(curator=curator)
    assignment = assigned(technology, curator=curator)
    assignment.due_on = due_on
    assignment.save(update_fields=["due_on"])
    return assignment


def _emails(template: str):
    return Notification.objects.filter(template=f"notifications/technologies_{template}")


def test_expert_is_reminded_before_the_due_date_once_however_often_the_job_runs():
    assignment = _assignment_due_on(days(2))

    first = assignments_send_review_reminders(today=TODAY)
    second = assignments_send_review_reminders(today=TODAY)
    next_day = assignments_send_review_reminders(today=days(1))

    assert first[ReminderStage.BEFORE] == 1
    assert second[ReminderStage.BEFORE] == 0
    assert next_day[ReminderStage.BEFORE] == 0
    reminder = _emails("review_reminder").get()
    assert reminder.recipient == assignment.expert.email
    assert reminder.context["stage"] == ReminderStage.BEFORE
    assert reminder.context["days_left"] == 2
    assert f"/technologies/reviews/{assignment.pk}/" in reminder.context["link"]


def test_expert_gets_a_second_reminder_on_the_due_day():
    assignment = _assignment_due_on(days(2))
    assignments_send_review_reminders(today=TODAY)

    on_the_day = assignments_send_review_reminders(today=assignment.due_on)
    assignments_send_review_reminders(today=assignment.due_on)

    assert on_the_day[ReminderStage.DUE] == 1
    stages = sorted(_emails("review_reminder").values_list("context__stage", flat=True))
    assert stages == [ReminderStage.BEFORE, ReminderStage.DUE]
    assert "today" in _emails("review_reminder").get(context__stage="due").subject


def test_overdue_review_is_escalated_to_the_assigning_curator_once():
    curator = StaffCuratorFactory()
    assignment = _assignment_due_on(days(-2), curator=curator)

    first = assignments_send_review_reminders(today=TODAY)
    again = assignments_send_review_reminders(today=days(1))

    assert first[ReminderStage.OVERDUE] == 1
    assert again[ReminderStage.OVERDUE] == 0
    escalation = _emails("review_overdue").get()
    assert escalation.recipient == curator.email
    assert escalation.context["expert_email"] == assignment.expert.email
    assert escalation.context["days_overdue"] == 2
    assert not _emails("review_reminder").exists()


def test_moving_the_due_date_starts_a_new_round_of_reminders():
    assignment = _assignment_due_on(days(1))
    assignments_send_review_reminders(today=TODAY)
    assignment.due_on = days(10)
    assignment.save(update_fields=["due_on"])

    written = assignments_send_review_reminders(today=days(8))

    assert written[ReminderStage.BEFORE] == 1
    assert _emails("review_reminder").count() == 2


def test_submitted_review_is_not_reminded():
    assignment = _assignment_due_on(days(1))
    reviewed(assignment)

    written = assignments_send_review_reminders(today=TODAY)

    assert written == {"before": 0, "due": 0, "overdue": 0}


def test_reminder_task_uses_today_and_returns_its_counts(settings):
    settings.REVIEW_REMINDER_DAYS = 3
    _assignment_due_on(timezone.localdate())

    result = task_send_review_reminders.delay().get()

    assert result["due"] == 1


def test_reminder_email_renders_in_both_languages():
    from greentech.notifications.services import _build_message

    _assignment_due_on(days(3))
    assignments_send_review_reminders(today=TODAY)
    notification = _emails("review_reminder").get()

    message = _build_message(notification)
    assert "due in 3 days" in message.body
    notification.language = "zh-hans"
    assert _build_message(notification).body
