"""Every write of the forum registration workflow: register, confirm, cancel, waitlist
promotion, attendance, reminders. Views, the API, admin actions and tasks call these.

Every decision that gives or frees a place locks the event row first (see
`greentech.core.registrations`), so the capacity holds however many people confirm at the same
moment.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from greentech.accounts.models import User
from greentech.core import registrations
from greentech.core.registrations import RegistrationKind
from greentech.notifications import notify

from . import links
from .exceptions import AlreadyRegistered, ForumsError, TransitionNotAllowed
from .models import (
    ACTIVE_STATES,
    ALLOWED_TRANSITIONS,
    HOLDS_PLACE,
    ForumEvent,
    ForumEventStatus,
    Registration,
    RegistrationStatus,
    RegistrationTransition,
)

logger = logging.getLogger(__name__)

S = RegistrationStatus

KIND = RegistrationKind(
    model=Registration,
    parent_field="event",
    log_model=RegistrationTransition,
    log_field="registration",
    allowed_transitions=ALLOWED_TRANSITIONS,
    active_states=ACTIVE_STATES,
    holds_place=HOLDS_PLACE,
    error=ForumsError,
    transition_error=TransitionNotAllowed,
    transition_message=_("A registration that is %(current)s cannot become %(new)s."),
    confirmed=S.CONFIRMED,
    waitlisted=S.WAITLISTED,
    cancelled=S.CANCELLED,
)


def registration_transition(
    *,
    registration: Registration,
    to_status: str,
    by: User | None = None,
    note: str = "",
    waitlist_position: int | None = None,
) -> Registration:
    """Change a registration's status: refuse what ALLOWED_TRANSITIONS forbids, do nothing when
    the status is unchanged, set confirmed_at/cancelled_at and the waitlist position, save only
    those fields and log who/when/from/to/note.

    Every status change of a registration, here and in the services below, goes through
    `greentech.core.registrations.apply_transition`. This one counts no places: use it for a
    plain change, and the services below for anything that gives or frees a place (they hold
    the event's lock).
    """
    with transaction.atomic():
        registrations.apply_transition(
            KIND,
            registration,
            to_status,
            by=by,
            note=note,
            waitlist_position=waitlist_position,
        )
    return registration


def ensure_accepts_registrations(event: ForumEvent) -> None:
    """Refuse, with the reason, unless the event takes registrations now (the same rule as the
    `forums.register_for_event` permission)."""
    if event.status == ForumEventStatus.CANCELLED:
        raise ForumsError(
            _("This event has been cancelled: it takes no registrations."), code="event_cancelled"
        )
    if event.status != ForumEventStatus.OPEN:
        raise ForumsError(_("Registration for this event is closed."), code="event_not_open")
    if event.registration_deadline is not None:
        if timezone.now() > event.registration_deadline:
            raise ForumsError(
                _("The registration deadline (%(deadline)s) has passed."),
                code="deadline_passed",
                params={
                    "deadline": timezone.localtime(event.registration_deadline).strftime(
                        "%Y-%m-%d %H:%M %Z"
                    )
                },
            )
    elif timezone.localdate() > event.starts_on:
        raise ForumsError(
            _("This event has already started: it takes no more registrations."),
            code="event_started",
        )


def event_gives_places(event: ForumEvent) -> bool:
    """Whether places may still be given (and the waitlist promoted): not for a cancelled event
    nor one that has ended."""
    return event.status != ForumEventStatus.CANCELLED and event.ends_on >= timezone.localdate()


def registration_submit(
    *,
    event: ForumEvent,
    first_name: str,
    last_name: str,
    email: str,
    country: str,
    institution_name: str = "",
    registration_type: str = Registration.Type.DELEGATE,
    dietary_needs: str = "",
    access_needs: str = "",
    user: User | AnonymousUser | None = None,
    language: str | None = None,
) -> Registration:
    """Record a registration, pending the confirmation of its e-mail address, and e-mail the
    confirm link and the manage link.

    Refuses when the event takes no registrations (closed, cancelled, past its deadline) and
    raises AlreadyRegistered when the address already has an active registration for the event
    (the caller then answers as for a new registration and calls `registration_tell_owner` with
    `error.existing`). A logged-in `user`
    is linked to the registration when the address is theirs.
    """
    ensure_accepts_registrations(event)
    owner = (
        user
        if user is not None
        and user.is_authenticated
        and registrations.emails_match(user.email, email)
        else None
    )
    registration = Registration(
        event=event,
        user=owner,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        country=country,
        institution_name=institution_name.strip(),
        registration_type=registration_type,
        dietary_needs=dietary_needs.strip(),
        access_needs=access_needs.strip(),
        language=language or translation.get_language() or "",
        links_sent_at=timezone.now(),
    )
    try:
        registrations.validate_fields(registration, exclude=["status", "language"])
    except ValidationError as exc:
        raise ForumsError(exc.message_dict, code="invalid") from None
    with transaction.atomic():
        registrations.save_unique(
            KIND, registration, on_duplicate=lambda existing: AlreadyRegistered(existing)
        )
        registrations.log_creation(KIND, registration, by=owner, note="Submitted.")
        _send(
            registration,
            "forums_please_confirm",
            gettext_noop("Please confirm your registration: %(event)s"),
        )
    return registration


def registration_tell_owner(*, registration: Registration, client: str | None = None) -> bool:
    """After a registration with an address that already has `registration` for the event:
    e-mail its owner its state and links (at most once per registration and
    REGISTRATION_NOTICE_INTERVAL_MINUTES, within the `registration_links` rate limit). Nothing
    of the registration changes. Returns whether an e-mail was written."""
    return registrations.tell_owner_once(
        KIND,
        registration,
        lambda dedupe_key: _send(
            registration,
            "forums_links",
            gettext_noop("Your registration: %(event)s"),
            dedupe_key=dedupe_key,
        ),
        client=client,
    )


def registration_resend_link(*, registration: Registration) -> bool:
    """E-mail the registrant their registration's state and links again (staff's admin action).
    Sends nothing when the links went out less than
    REGISTRATION_RESEND_INTERVAL_MINUTES ago. Returns whether an e-mail was sent."""
    with transaction.atomic():
        registration = registrations.claim_link_resend(KIND, registration)
        if registration is None:
            return False
        _send(registration, "forums_links", gettext_noop("Your registration: %(event)s"))
    return True


def registration_confirm(*, registration: Registration, by: User | None = None) -> Registration:
    """Confirm the e-mail address (from the confirm link): a place if one is free, else the next
    position on the waitlist. Running it again changes nothing. Refuses a cancelled registration
    and a cancelled or past event."""
    with transaction.atomic():
        event = registrations.lock_parent(KIND, registration.event_id)
        registration = registrations.lock_registration(KIND, registration)
        registration.event = event
        if registration.status == S.CANCELLED:
            raise ForumsError(
                _("This registration is cancelled: it can no longer be confirmed."),
                code="not_confirmable",
            )
        if registration.status != S.PENDING_CONFIRMATION:
            return registration  # confirmed before: nothing changes
        if not event_gives_places(event):
            raise ForumsError(
                _("This event is cancelled or over: the registration cannot be confirmed."),
                code="event_over",
            )
        _promote(event, by=by)  # people already waiting come first
        status = registrations.place_or_waitlist(
            KIND, registration, event, capacity=event.capacity, by=by, note="E-mail confirmed."
        )
        if status == S.CONFIRMED:
            _send(
                registration,
                "forums_confirmed",
                gettext_noop("Your place is confirmed: %(event)s"),
            )
        else:
            _send(
                registration,
                "forums_waitlisted",
                gettext_noop("You are on the waitlist: %(event)s"),
            )
    return registration


def registration_cancel(
    *, registration: Registration, by: User | None = None, note: str = ""
) -> Registration:
    """Cancel a registration (from the manage link, or by staff). A freed place goes to the first
    waitlisted person; the rest of the waitlist moves up. Both the cancelled and the promoted
    people are told. Cancelling twice changes nothing."""
    with transaction.atomic():
        event = registrations.lock_parent(KIND, registration.event_id)
        registration = registrations.lock_registration(KIND, registration)
        registration.event = event
        if registration.status == S.CANCELLED:
            return registration
        if registration.status == S.ATTENDED:
            raise ForumsError(_("An attended registration cannot be cancelled."), code="attended")
        held_place = registration.status in HOLDS_PLACE
        was_waitlisted = registration.status == S.WAITLISTED
        registrations.apply_transition(
            KIND, registration, S.CANCELLED, by=by, note=note or "Cancelled."
        )
        _send(registration, "forums_cancelled", gettext_noop("Registration cancelled: %(event)s"))
        if held_place and event_gives_places(event):
            _promote(event, by=by)
        elif was_waitlisted:
            registrations.renumber_waitlist(KIND, event)
    return registration


def event_fill_from_waitlist(*, event: ForumEvent, by: User | None = None) -> list[Registration]:
    """Give the event's free places (e.g. after its capacity was raised) to the waitlist, in
    order. Returns the promoted registrations."""
    with transaction.atomic():
        event = registrations.lock_parent(KIND, event.pk)
        if not event_gives_places(event):
            return []
        return _promote(event, by=by)


def registration_mark_attended(
    *, registration: Registration, by: User | None = None, note: str = ""
) -> Registration:
    """Staff's record that a confirmed registrant attended. Marking again changes nothing."""
    with transaction.atomic():
        registration = registrations.lock_registration(KIND, registration)
        registrations.apply_transition(
            KIND, registration, S.ATTENDED, by=by, note=note or "Marked attended by staff."
        )
    return registration


def registrations_send_start_reminders(*, today: datetime.date | None = None) -> int:
    """Remind every confirmed registrant whose event starts within REGISTRATION_REMINDER_DAYS
    (default 3) days, once: `reminder_sent_at` records it. Each e-mail is written in its own
    transaction with the row locked (locked rows are skipped), so two overlapping runs never
    remind a person twice. Returns how many reminders were written."""
    today = today or timezone.localdate()
    days = int(getattr(settings, "REGISTRATION_REMINDER_DAYS", 3))
    due = (
        Registration.objects.filter(
            status=S.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__starts_on__gte=today,
            event__starts_on__lte=today + datetime.timedelta(days=days),
        )
        .exclude(event__status=ForumEventStatus.CANCELLED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            registration = (
                Registration.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("event")
                .filter(pk=pk, status=S.CONFIRMED, reminder_sent_at__isnull=True)
                .first()
            )
            if registration is None:
                continue
            registration.reminder_sent_at = timezone.now()
            registration.save(update_fields=["reminder_sent_at", "modified"])
            _send(
                registration,
                "forums_reminder",
                gettext_noop("Reminder: %(event)s starts soon"),
                days_left=(registration.event.starts_on - today).days,
            )
            sent += 1
    return sent


def _promote(event: ForumEvent, *, by) -> list[Registration]:
    promoted = registrations.promote_from_waitlist(
        KIND, event, capacity=event.capacity, by=by, note="Promoted from the waitlist."
    )
    for registration in promoted:
        registration.event = event
        _send(
            registration,
            "forums_promoted",
            gettext_noop("A place is free for you: %(event)s"),
        )
        logger.info(
            "Registration %s promoted from the waitlist of event %s", registration.pk, event.pk
        )
    return promoted


def _send(
    registration: Registration, template: str, subject: str, *, dedupe_key: str = "", **extra
):
    """E-mail the registrant through the outbox, in the language they registered in. Returns
    the outbox row (None when `dedupe_key` was used already, see `notify`).

    `subject` is an untranslated message with an %(event)s placeholder; it is translated here,
    in the registrant's language, like the rest of the context.
    """
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        event = registration.event
        context = {
            "first_name": registration.first_name,
            "full_name": registration.full_name,
            "event_title": event.display_title,
            "city": event.city,
            "country": str(event.country.name),
            "venue": event.venue,
            "starts_on": event.starts_on.isoformat(),
            "ends_on": event.ends_on.isoformat(),
            "registration_type": str(registration.get_registration_type_display()),
            "status": str(registration.get_status_display()),
            "waitlist_position": registration.waitlist_position,
            "event_url": links.event_url(event),
            "manage_url": links.manage_url(registration),
            **extra,
        }
        if registration.status == S.PENDING_CONFIRMATION:
            context["confirm_url"] = links.confirm_url(registration)
        subject = gettext(subject) % {"event": event.display_title}
    return notify(
        recipient=registration.email,
        recipient_user=registration.user,
        template=f"notifications/{template}",
        context=context,
        subject=subject,
        language=language,
        dedupe_key=dedupe_key,
    )
