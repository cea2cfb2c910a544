"""Who may see which forum event, register for it, and see or manage which registration."""

import rules
from django.utils import timezone

from greentech.accounts.rules import is_staff_curator
from greentech.core.registrations import emails_match

from .models import FINAL_STATES, ForumEventStatus


@rules.predicate
def is_public_event(user, event) -> bool:
    """Drafts are for staff; every other event (open, closed, cancelled) is public."""
    return event is not None and event.status != ForumEventStatus.DRAFT


@rules.predicate
def event_accepts_registrations(user, event) -> bool:
    """Open, and before the deadline (or, without one, not started yet)."""
    if event is None or event.status != ForumEventStatus.OPEN:
        return False
    if event.registration_deadline is not None:
        return timezone.now() <= event.registration_deadline
    return timezone.localdate() <= event.starts_on


@rules.predicate
def is_registrant(user, registration) -> bool:
    """The logged-in person the registration belongs to: linked to their account, or made with
    their verified e-mail address. (People without an account use a signed link instead.)"""
    if registration is None or not user or not user.is_authenticated:
        return False
    if registration.user_id is not None and registration.user_id == user.pk:
        return True
    return bool(getattr(user, "email_verified", False)) and emails_match(
        user.email, registration.email
    )


@rules.predicate
def is_cancellable(user, registration) -> bool:
    """Not cancelled or attended yet."""
    return registration is not None and registration.status not in FINAL_STATES


# Public events, their agenda and speakers are for everyone; registrations hold personal data.
rules.add_perm("forums.browse_events", rules.always_allow)
rules.add_perm("forums.see_event", is_public_event | is_staff_curator)
rules.add_perm("forums.register_for_event", event_accepts_registrations)
rules.add_perm("forums.see_registration", is_registrant | is_staff_curator)
rules.add_perm("forums.cancel_registration", (is_registrant | is_staff_curator) & is_cancellable)
# Staff: lists of registrants, attendance.
rules.add_perm("forums.manage_registrations", is_staff_curator)
