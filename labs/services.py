"""Writes on joint laboratories that are more than a plain admin edit."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greentech.core.exceptions import InvalidTransition

from .models import ALLOWED_TRANSITIONS, JointLab, LabStatus

logger = logging.getLogger(__name__)


class LabStatusError(InvalidTransition):
    """A status change the lab's state does not allow."""


@transaction.atomic
def joint_lab_change_status(
    *,
    lab: JointLab,
    status: str,
    closed_on: datetime.date | None = None,
    by=None,
) -> JointLab:
    """Move a lab to `status` if the transitions table allows it; closing records the date.

    Does nothing when the lab already has that status.
    """
    lab = JointLab.objects.select_for_update().get(pk=lab.pk)
    if lab.status == status:
        return lab
    if status not in ALLOWED_TRANSITIONS.get(lab.status, frozenset()):
        raise LabStatusError(
            _("A %(current)s joint laboratory cannot become %(new)s.")
            % {"current": lab.get_status_display(), "new": LabStatus(status).label},
            code="transition_not_allowed",
        )
    previous = lab.status
    lab.status = status
    update_fields = ["status", "modified"]
    if status == LabStatus.CLOSED:
        lab.closed_on = closed_on or lab.closed_on or timezone.localdate()
        if lab.established and lab.closed_on < lab.established:
            raise LabStatusError(
                _("A joint laboratory cannot close before it was established."),
                code="closed_before_established",
            )
        update_fields.append("closed_on")
    lab.save(update_fields=update_fields)
    logger.info(
        "Joint lab %s: status %s -> %s by %s", lab.pk, previous, status, getattr(by, "pk", None)
    )
    return lab


def joint_lab_activate(*, lab: JointLab, by=None) -> JointLab:
    return joint_lab_change_status(lab=lab, status=LabStatus.ACTIVE, by=by)


def joint_lab_close(*, lab: JointLab, closed_on: datetime.date | None = None, by=None) -> JointLab:
    return joint_lab_change_status(lab=lab, status=LabStatus.CLOSED, closed_on=closed_on, by=by)
