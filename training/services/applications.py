"""Applying to a cohort, confirming, selection, cancelling and the waitlist.

Every decision that gives or frees a place locks the cohort row first (see
`greentech.core.registrations`), so the capacity and the per-country cap hold however many
people confirm at the same moment.
"""

import logging

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from centres.models import Institution
from greentech.accounts.models import User
from greentech.core import registrations

from ..exceptions import AlreadyRegistered, TrainingError
from ..models import HOLDS_PLACE, Application, ApplicationStatus, Cohort
from ._common import KIND, cohort_gives_places, ensure_accepts_applications, send

logger = logging.getLogger(__name__)

S = ApplicationStatus


class SelectionOutcome(models.TextChoices):
    """Staff's decision on an application pending selection."""

    ACCEPT = "accept", _("Accept (a place if one is free, else the waitlist)")
    WAITLIST = "waitlist", _("Put on the waitlist")
    DECLINE = "decline", _("Decline")


def application_transition(
    *,
    application: Application,
    to_status: str,
    by: User | None = None,
    note: str = "",
    waitlist_position: int | None = None,
) -> Application:
    """Change an application's status: refuse what ALLOWED_TRANSITIONS forbids, do nothing when
    the status is unchanged, set confirmed_at/cancelled_at and the waitlist position, save only
    those fields and log who/when/from/to/note.

    Every status change of an application, here and in the services below, goes through
    `greentech.core.registrations.apply_transition`. This one counts no places: use it for a
    plain change, and the services below for anything that gives or frees a place (they hold
    the cohort's lock).
    """
    with transaction.atomic():
        registrations.apply_transition(
            KIND,
            application,
            to_status,
            by=by,
            note=note,
            waitlist_position=waitlist_position,
        )
    return application


def application_submit(
    *,
    cohort: Cohort,
    first_name: str,
    last_name: str,
    email: str,
    country: str,
    consent_to_data_use: bool,
    institution_name: str = "",
    position: str = "",
    field_of_work: str = "",
    motivation: str = "",
    institution: Institution | None = None,
    user: User | AnonymousUser | None = None,
    language: str | None = None,
) -> Application:
    """Record an application, pending the confirmation of its e-mail address, and e-mail the
    confirm link and the manage link.

    Refuses when the cohort takes no applications (closed, cancelled, past its deadline) and
    raises AlreadyRegistered when the address already has an active application for the cohort
    (the caller then answers as for a new application and calls `application_tell_owner` with
    `error.existing`). A logged-in `user`
    is linked to the application when the address is theirs.
    """
    if not consent_to_data_use:
        raise TrainingError(
            {"consent_to_data_use": _("Consent to the use of the data is required.")},
            code="consent_required",
        )
    ensure_accepts_applications(cohort)
    owner = (
        user
        if user is not None
        and user.is_authenticated
        and registrations.emails_match(user.email, email)
        else None
    )
    application = Application(
        cohort=cohort,
        user=owner,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        country=country,
        institution=institution,
        institution_name=institution_name.strip(),
        position=position.strip(),
        field_of_work=field_of_work.strip(),
        motivation=motivation.strip(),
        consent_to_data_use=True,
        language=language or translation.get_language() or "",
        links_sent_at=timezone.now(),
    )
    _validate_fields(application)
    with transaction.atomic():
        registrations.save_unique(
            KIND, application, on_duplicate=lambda existing: AlreadyRegistered(existing)
        )
        registrations.log_creation(KIND, application, by=owner, note="Submitted.")
        send(
            application,
            "training_please_confirm",
            gettext_noop("Please confirm your application: %(cohort)s"),
        )
    return application


def _validate_fields(application: Application) -> None:
    """Field formats and lengths (forms and the API check them first; this is the backstop).
    The one-active-application rule is left to `save_unique`, which says AlreadyRegistered."""
    try:
        registrations.validate_fields(application, exclude=["status", "language"])
    except ValidationError as exc:
        raise TrainingError(exc.message_dict, code="invalid") from None


def application_tell_owner(*, application: Application, client: str | None = None) -> bool:
    """After an application with an address that already has `application` for the cohort:
    e-mail its owner its state and links (at most once per application and
    REGISTRATION_NOTICE_INTERVAL_MINUTES, within the `registration_links` rate limit). Nothing
    of the application changes. Returns whether an e-mail was written."""
    return registrations.tell_owner_once(
        KIND,
        application,
        lambda dedupe_key: send(
            application,
            "training_links",
            gettext_noop("Your application: %(cohort)s"),
            dedupe_key=dedupe_key,
        ),
        client=client,
    )


def application_resend_link(*, application: Application) -> bool:
    """E-mail the applicant their application's state and links again (staff's admin action).
    Sends nothing when the links went out less than
    REGISTRATION_RESEND_INTERVAL_MINUTES ago, so the form cannot be used to flood an inbox.
    Returns whether an e-mail was sent."""
    with transaction.atomic():
        application = registrations.claim_link_resend(KIND, application)
        if application is None:
            return False
        send(
            application,
            "training_links",
            gettext_noop("Your application: %(cohort)s"),
        )
    return True


def application_confirm(*, application: Application, by: User | None = None) -> Application:
    """Confirm the e-mail address (from the confirm link).

    Without selection the application gets a place if one is free (and the country's cap
    allows), else the next position on the waitlist; with selection it waits for staff. Running
    it again changes nothing. Refuses a cancelled or declined application and a cancelled cohort.
    """
    with transaction.atomic():
        cohort = registrations.lock_parent(KIND, application.cohort_id)
        application = registrations.lock_registration(KIND, application)
        application.cohort = cohort
        if application.status in (S.CANCELLED, S.DECLINED):
            raise TrainingError(
                _("This application is %(status)s: it can no longer be confirmed."),
                code="not_confirmable",
                params={"status": application.get_status_display()},
            )
        if application.status != S.PENDING_CONFIRMATION:
            return application  # confirmed before: nothing changes
        if not cohort_gives_places(cohort):
            raise TrainingError(
                _("This cohort is cancelled or over: the application cannot be confirmed."),
                code="cohort_over",
            )
        if cohort.requires_selection:
            registrations.apply_transition(
                KIND, application, S.PENDING_SELECTION, by=by, note="E-mail confirmed."
            )
            send(
                application,
                "training_pending_selection",
                gettext_noop("Application received, pending selection: %(cohort)s"),
            )
            return application
        # People already waiting come first: fill any place freed since (e.g. a raised capacity).
        _promote(cohort, by=by)
        _place(application, cohort, by=by, note="E-mail confirmed.")
    return application


def application_select(
    *, application: Application, outcome: str, by: User | None = None, note: str = ""
) -> Application:
    """Staff's decision on an application pending selection: accept (a place under the same
    capacity and country checks as a confirmation; the waitlist if none is free), waitlist, or
    decline. Repeating the same decision changes nothing."""
    targets = {
        SelectionOutcome.ACCEPT: S.CONFIRMED,
        SelectionOutcome.WAITLIST: S.WAITLISTED,
        SelectionOutcome.DECLINE: S.DECLINED,
    }
    if outcome not in targets:
        raise TrainingError(
            {"outcome": _("Choose accept, waitlist or decline.")}, code="unknown_outcome"
        )
    with transaction.atomic():
        cohort = registrations.lock_parent(KIND, application.cohort_id)
        application = registrations.lock_registration(KIND, application)
        application.cohort = cohort
        if application.status == targets[outcome] or (
            outcome == SelectionOutcome.ACCEPT and application.status == S.WAITLISTED
        ):
            return application
        if application.status != S.PENDING_SELECTION:
            raise TrainingError(
                _("Only an application pending selection can be selected; this one is %(status)s."),
                code="not_pending_selection",
                params={"status": application.get_status_display()},
            )
        note = note or f"Selection: {outcome}."
        if outcome == SelectionOutcome.DECLINE:
            registrations.apply_transition(KIND, application, S.DECLINED, by=by, note=note)
            send(
                application,
                "training_declined",
                gettext_noop("Your application was not selected: %(cohort)s"),
            )
        elif outcome == SelectionOutcome.WAITLIST:
            registrations.apply_transition(
                KIND,
                application,
                S.WAITLISTED,
                by=by,
                note=note,
                waitlist_position=registrations.next_waitlist_position(KIND, cohort),
            )
            _send_waitlisted(application)
        else:
            if not cohort_gives_places(cohort):
                raise TrainingError(
                    _("This cohort is cancelled or over: no place can be given."),
                    code="cohort_over",
                )
            _promote(cohort, by=by)
            _place(application, cohort, by=by, note=note)
    return application


def application_cancel(
    *, application: Application, by: User | None = None, note: str = ""
) -> Application:
    """Cancel an application (from the manage link, or by staff). A freed place goes to the first
    waitlisted person whose country still has room; the rest of the waitlist moves up. Both the
    cancelled and the promoted people are told. Cancelling twice changes nothing."""
    with transaction.atomic():
        cohort = registrations.lock_parent(KIND, application.cohort_id)
        application = registrations.lock_registration(KIND, application)
        application.cohort = cohort
        if application.status == S.CANCELLED:
            return application
        if application.status == S.ATTENDED:
            raise TrainingError(_("An attended application cannot be cancelled."), code="attended")
        held_place = application.status in HOLDS_PLACE
        was_waitlisted = application.status == S.WAITLISTED
        registrations.apply_transition(
            KIND, application, S.CANCELLED, by=by, note=note or "Cancelled."
        )
        send(application, "training_cancelled", gettext_noop("Application cancelled: %(cohort)s"))
        if held_place and cohort_gives_places(cohort):
            _promote(cohort, by=by)
        elif was_waitlisted:
            registrations.renumber_waitlist(KIND, cohort)
    return application


def cohort_fill_from_waitlist(*, cohort: Cohort, by: User | None = None) -> list[Application]:
    """Give the cohort's free places (e.g. after its capacity was raised) to the waitlist, in
    order, respecting the country cap. Returns the promoted applications."""
    with transaction.atomic():
        cohort = registrations.lock_parent(KIND, cohort.pk)
        if not cohort_gives_places(cohort):
            return []
        return _promote(cohort, by=by)


def _place(application: Application, cohort: Cohort, *, by, note: str) -> None:
    status = registrations.place_or_waitlist(
        KIND,
        application,
        cohort,
        capacity=cohort.capacity,
        max_per_country=cohort.max_per_country,
        by=by,
        note=note,
    )
    if status == S.CONFIRMED:
        send(application, "training_confirmed", gettext_noop("Your place is confirmed: %(cohort)s"))
    else:
        _send_waitlisted(application)


def _send_waitlisted(application: Application) -> None:
    send(
        application,
        "training_waitlisted",
        gettext_noop("You are on the waitlist: %(cohort)s"),
    )


def _promote(cohort: Cohort, *, by) -> list[Application]:
    promoted = registrations.promote_from_waitlist(
        KIND,
        cohort,
        capacity=cohort.capacity,
        max_per_country=cohort.max_per_country,
        by=by,
        note="Promoted from the waitlist.",
    )
    for application in promoted:
        application.cohort = cohort
        send(
            application,
            "training_promoted",
            gettext_noop("A place is free for you: %(cohort)s"),
        )
        logger.info(
            "Application %s promoted from the waitlist of cohort %s", application.pk, cohort.pk
        )
    return promoted
