"""The one function that changes a technology's status, and the guards the services share."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greentech.accounts.rules import is_expert_reviewer, is_staff_curator

from ..exceptions import NotPermitted, TransitionNotAllowed
from ..models import (
    ALLOWED_TRANSITIONS,
    EDITABLE_BY_SUBMITTER,
    Technology,
    TechnologyStatus,
    TechnologyTransition,
)
from ..rules import is_provider_partner

logger = logging.getLogger("technologies.services")

S = TechnologyStatus
DECISION_STATES = frozenset({S.ACCEPTED, S.REJECTED, S.REVISION_REQUESTED})
STAGED_FIELDS = ("staged_outcome", "staged_feedback", "staged_by", "staged_at")


def one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def technology_transition(
    *, technology: Technology, to: str, by=None, note: str = ""
) -> Technology:
    """Move `technology` to status `to`, if the allowed-transitions table permits it.

    Reads the current status under a row lock (so two concurrent changes cannot both pass the
    guard), does nothing when the status is already `to`, sets the timestamps that go with the
    new status (submitted_at; decided_at for a decision; published_at and valid_until, one year
    later, on publication), clears a staged decision, saves only the changed fields and writes
    a `TechnologyTransition` (who, when, from, to, note). Every use case goes through here.
    """
    current = (
        Technology.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=technology.pk)
    )
    technology.status = current
    if current == to:
        return technology
    if to not in ALLOWED_TRANSITIONS.get(current, frozenset()):
        raise TransitionNotAllowed(
            _("A technology that is “%(current)s” cannot become “%(new)s”.")
            % {"current": S(current).label, "new": S(to).label if to in S.values else to},
            code="transition_not_allowed",
        )
    now = timezone.now()
    update_fields = ["status", "modified"]
    technology.status = to
    if to == S.SUBMITTED:
        technology.submitted_at = now
        update_fields.append("submitted_at")
    if to in DECISION_STATES:
        technology.decided_at = now
        update_fields.append("decided_at")
    if to == S.ACCEPTED:
        technology.published_at = now
        technology.valid_until = one_year_after(timezone.localdate(now))
        update_fields += ["published_at", "valid_until"]
    if technology.staged_outcome or technology.staged_at:
        technology.staged_outcome = ""
        technology.staged_feedback = ""
        technology.staged_by = None
        technology.staged_at = None
        update_fields += list(STAGED_FIELDS)
    technology.save(update_fields=update_fields)
    TechnologyTransition.objects.create(
        technology=technology, from_status=current, to_status=to, by=by, at=now, note=note
    )
    logger.info(
        "Technology %s: %s -> %s by %s", technology.pk, current, to, getattr(by, "pk", None)
    )
    return technology


def lock(technology: Technology) -> Technology:
    """A fresh copy of the technology, its row locked until the transaction ends."""
    return (
        Technology.objects.select_for_update(of=("self",))
        .select_related("call", "provider", "green_area", "submitted_by")
        .get(pk=technology.pk)
    )


def require_provider_partner(user, technology: Technology) -> None:
    if not is_provider_partner.test(user, technology):
        raise NotPermitted(
            _("Only partner submitters of %(provider)s may do this.")
            % {"provider": technology.provider},
            code="not_provider_partner",
        )


def require_staff(user) -> None:
    if not is_staff_curator.test(user):
        raise NotPermitted(_("Only staff curators may do this."), code="not_staff")


def require_expert(user) -> None:
    if not is_expert_reviewer.test(user):
        raise NotPermitted(_("Only expert reviewers may do this."), code="not_expert")


def require_editable(technology: Technology) -> None:
    if technology.status not in EDITABLE_BY_SUBMITTER:
        raise TransitionNotAllowed(
            _(
                "A declaration can be changed only while it is a draft or a revision is "
                "requested; this one is “%(status)s”."
            )
            % {"status": technology.get_status_display()},
            code="not_editable",
        )


def require_source(technology: Technology, allowed: frozenset[str], to: str) -> None:
    """A use case applies to some states only, even where the table allows more (restoring
    is for archived entries, not for declarations under review)."""
    if technology.status not in allowed:
        raise TransitionNotAllowed(
            _("A technology that is “%(current)s” cannot become “%(new)s”.")
            % {"current": S(technology.status).label, "new": S(to).label},
            code="transition_not_allowed",
        )
