"""Staff screening: a submitted declaration is taken into screening, then accepted for review or
returned to its submitter as a draft.

`technology_start_screening` marks that a curator took the declaration up (submitted ->
screening), e.g. from a "start screening" button on the queue; accepting or returning a
declaration that is still "submitted" passes through screening on the way, so both steps are
logged either way.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from ..exceptions import TechnologyError
from ..models import Technology, TechnologyStatus
from ..rules import SCREENABLE_STATES
from . import emails
from .transitions import lock, require_source, require_staff, technology_transition

S = TechnologyStatus


def _into_screening(technology: Technology, by) -> Technology:
    if technology.status == S.SUBMITTED:
        technology_transition(technology=technology, to=S.SCREENING, by=by)
    return technology


@transaction.atomic
def technology_start_screening(*, technology: Technology, by) -> Technology:
    """submitted -> screening; nothing happens if it is in screening already."""
    require_staff(by)
    technology = lock(technology)
    require_source(technology, SCREENABLE_STATES, S.SCREENING)
    return technology_transition(technology=technology, to=S.SCREENING, by=by)


@transaction.atomic
def technology_screen_accept(*, technology: Technology, by, note: str = "") -> Technology:
    """The declaration is complete and in scope: on to expert review (screening -> under
    review)."""
    require_staff(by)
    technology = lock(technology)
    require_source(technology, SCREENABLE_STATES, S.UNDER_REVIEW)
    technology = _into_screening(technology, by)
    return technology_transition(technology=technology, to=S.UNDER_REVIEW, by=by, note=note)


@transaction.atomic
def technology_return_to_draft(*, technology: Technology, by, reason: str) -> Technology:
    """The declaration is incomplete or out of scope: back to its submitter as a draft, with the
    reason (logged and e-mailed)."""
    require_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise TechnologyError(
            {"reason": [_("Tell the submitter why the declaration goes back to them.")]},
            code="reason_required",
        )
    technology = lock(technology)
    require_source(technology, SCREENABLE_STATES, S.DRAFT)
    technology = _into_screening(technology, by)
    technology_transition(technology=technology, to=S.DRAFT, by=by, note=reason)
    emails.returned_to_draft(technology, reason=reason)
    return technology
