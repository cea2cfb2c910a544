"""Who may see which cohort, apply to it, and see or manage which application."""

import rules
from django.utils import timezone

from greentech.accounts.rules import is_staff_curator
from greentech.core.registrations import emails_match

from .models import FINAL_STATES, CohortStatus


@rules.predicate
def is_public_cohort(user, cohort) -> bool:
    """Drafts are for staff; every other cohort (open, closed, cancelled) is public."""
    return cohort is not None and cohort.status != CohortStatus.DRAFT


@rules.predicate
def cohort_accepts_applications(user, cohort) -> bool:
    """Open, and before the deadline (or, without one, not started yet)."""
    if cohort is None or cohort.status != CohortStatus.OPEN:
        return False
    if cohort.application_deadline is not None:
        return timezone.now() <= cohort.application_deadline
    return timezone.localdate() <= cohort.starts_on


@rules.predicate
def is_applicant(user, application) -> bool:
    """The logged-in person the application belongs to: linked to their account, or made with
    their verified e-mail address. (People without an account use a signed link instead.)"""
    if application is None or not user or not user.is_authenticated:
        return False
    if application.user_id is not None and application.user_id == user.pk:
        return True
    return bool(getattr(user, "email_verified", False)) and emails_match(
        user.email, application.email
    )


@rules.predicate
def is_cancellable(user, application) -> bool:
    """Not cancelled, declined or attended yet."""
    return application is not None and application.status not in FINAL_STATES


# Programmes and public cohorts are for everyone; applications hold personal data.
rules.add_perm("training.browse_programmes", rules.always_allow)
rules.add_perm("training.see_cohort", is_public_cohort | is_staff_curator)
rules.add_perm("training.apply_to_cohort", cohort_accepts_applications)
rules.add_perm("training.see_application", is_applicant | is_staff_curator)
rules.add_perm("training.cancel_application", (is_applicant | is_staff_curator) & is_cancellable)
# Staff: lists of applicants, selection, attendance, certificates.
rules.add_perm("training.manage_applications", is_staff_curator)
