"""Scheduled e-mails of the technology pool: review reminders and escalations, and the yearly
re-validation of pool entries.

Each e-mail carries a deduplication key in the outbox (assignment, stage and due date; entry
and validity date), so a job that runs twice, or two beat processes started by mistake, still
send it once. Moving a due date or re-validating an entry starts a new round.
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import TransitionNotAllowed
from ..models import ReviewAssignment, Technology
from ..models.states import AssignmentStatus
from ..models.states import TechnologyStatus as S
from . import emails
from .transitions import lock, one_year_after

logger = logging.getLogger(__name__)

REVALIDATION_SALT = "technologies.revalidate"


class ReminderStage:
    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"


def review_reminder_days() -> int:
    return max(int(getattr(settings, "REVIEW_REMINDER_DAYS", 3)), 1)


def revalidation_notice_days() -> int:
    return max(int(getattr(settings, "TECHNOLOGY_REVALIDATION_NOTICE_DAYS", 30)), 1)


def reminder_stage(due_on: datetime.date, today: datetime.date) -> str | None:
    """Which reminder an open assignment due on `due_on` calls for on `today`, if any."""
    if due_on < today:
        return ReminderStage.OVERDUE
    if due_on == today:
        return ReminderStage.DUE
    if due_on <= today + datetime.timedelta(days=review_reminder_days()):
        return ReminderStage.BEFORE
    return None


def open_assignments_due_by(day: datetime.date):
    """Assignments still waiting for a review, on declarations under review, due by `day`."""
    return (
        ReviewAssignment.objects.filter(
            status=AssignmentStatus.ASSIGNED,
            technology__status=S.UNDER_REVIEW,
            due_on__lte=day,
        )
        .select_related("technology__call", "technology__provider", "expert")
        .order_by("due_on", "pk")
    )


def assignments_send_review_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """Remind experts a few days before a review is due (REVIEW_REMINDER_DAYS) and on the due
    day; tell staff about overdue reviews. Returns how many e-mails were written per stage."""
    today = today or timezone.localdate()
    written = {ReminderStage.BEFORE: 0, ReminderStage.DUE: 0, ReminderStage.OVERDUE: 0}
    horizon = today + datetime.timedelta(days=review_reminder_days())
    for assignment in open_assignments_due_by(horizon):
        stage = reminder_stage(assignment.due_on, today)
        if stage is None:
            continue
        # One transaction per assignment: a failure on one leaves the others' e-mails written.
        with transaction.atomic():
            if stage == ReminderStage.OVERDUE:
                written[stage] += emails.review_overdue(assignment, today=today)
            else:
                written[stage] += emails.review_reminder(assignment, stage=stage, today=today)
    logger.info("Review reminders written: %s", written)
    return written


def revalidation_token(technology: Technology) -> str:
    """A signed token naming the entry and the validity date it confirms: once the entry is
    re-validated (or restored) its date moves on and the old link stops working."""
    return signing.dumps(
        {"t": technology.pk, "v": technology.valid_until.isoformat()}, salt=REVALIDATION_SALT
    )


def revalidation_link_max_age() -> datetime.timedelta:
    # The link must outlive the notice period, and then some for a late reader.
    return datetime.timedelta(days=revalidation_notice_days() + 30)


def read_revalidation_token(token: str) -> tuple[int, datetime.date]:
    """The entry id and validity date in a token; raises signing.BadSignature (or its
    subclass SignatureExpired) when tampered with or too old."""
    data = signing.loads(token, salt=REVALIDATION_SALT, max_age=revalidation_link_max_age())
    try:
        return int(data["t"]), datetime.date.fromisoformat(data["v"])
    except (KeyError, TypeError, ValueError) as exc:
        raise signing.BadSignature("Malformed re-validation token.") from exc


def technologies_request_revalidation(*, today: datetime.date | None = None) -> int:
    """Ask the provider of each published entry whose validity ends within
    TECHNOLOGY_REVALIDATION_NOTICE_DAYS to confirm it is current. Returns how many e-mails
    were written (each person once per entry and validity date)."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=revalidation_notice_days())
    due = (
        Technology.objects.filter(
            status=S.ACCEPTED, valid_until__gte=today, valid_until__lte=horizon
        )
        .select_related("call", "provider", "submitted_by")
        .order_by("valid_until", "pk")
    )
    written = 0
    for technology in due:
        with transaction.atomic():
            written += emails.revalidation_requested(
                technology, link_token=revalidation_token(technology)
            )
    logger.info("Re-validation requests written: %s", written)
    return written


class RevalidationOutcome:
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already_confirmed"


@transaction.atomic
def technology_revalidate(*, technology_id: int, confirms: datetime.date) -> tuple[Technology, str]:
    """The provider confirms the entry is current: its validity runs a year past the date the
    link was sent for. A second click on the same link changes nothing. An entry that is no
    longer in the pool (archived after its date passed, withdrawn) cannot be confirmed here:
    staff restore archived entries."""
    technology = lock(Technology.objects.get(pk=technology_id))
    if technology.status != S.ACCEPTED:
        raise TransitionNotAllowed(
            _(
                "“%(name)s” is no longer in the pool (it is “%(status)s”), so it cannot be "
                "confirmed from this link. Please ask the network's staff to restore it."
            )
            % {"name": technology.name, "status": technology.get_status_display()},
            code="not_published",
        )
    if technology.valid_until != confirms:
        return technology, RevalidationOutcome.ALREADY_CONFIRMED
    technology.valid_until = one_year_after(confirms)
    technology.save(update_fields=["valid_until", "modified"])
    logger.info("Technology %s re-validated until %s", technology.pk, technology.valid_until)
    return technology, RevalidationOutcome.CONFIRMED
