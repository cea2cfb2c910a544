"""What training applications and forum registrations have in common: places counted under a
row lock, the waitlist (its order, promotion and renumbering), one active registration per
e-mail (and the answer to a second one that tells a stranger nothing), and the signed links
sent to people who have no account.

The domain apps describe their model once with a `RegistrationKind` and call these functions
from their services; this module imports no domain app.

Capacity under concurrency: every decision that gives a place (confirming, selecting,
promoting) runs inside `transaction.atomic()` after `lock_parent()` has taken
`SELECT ... FOR UPDATE` on the cohort or event row. Two confirmations for the same cohort
therefore run one after the other; under PostgreSQL's READ COMMITTED each statement after the
lock sees what the previous holder committed, so the place count is always current.
SQLite has no row locks (Django ignores `select_for_update` there) but serialises writers on
the whole database, which gives the same result for the embedded mode.

`settings.REGISTRATION_LOCKING` (default True) exists FOR TESTS ONLY: the concurrency test
switches it off in a control run to show that without the lock the same load overbooks.
Never set it to False in a deployment.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .exceptions import InvalidInput
from .ratelimit import RateLimited, rate_limit_hit

DEFAULT_LINK_MAX_AGE_DAYS = 60
CONFIRM = "confirm"
MANAGE = "manage"
LINK_PURPOSES = (CONFIRM, MANAGE)


class InvalidLinkError(InvalidInput):
    """A signed link that was tampered with, has expired or points to nothing."""


@dataclass(frozen=True)
class RegistrationKind:
    """How one registration model is laid out, so the shared logic can work on it.

    `parent_field` names the foreign key to the cohort or event whose row is locked;
    `log_model`/`log_field` the state-change log and its foreign key to the registration.
    `transition_message` has the placeholders %(current)s and %(new)s; a move the table forbids
    raises `transition_error` (an `InvalidTransition`, 409 in the API), or `error` if unset.
    """

    model: type[models.Model]
    parent_field: str
    log_model: type[models.Model]
    log_field: str
    allowed_transitions: Mapping[str, frozenset[str]]
    active_states: frozenset[str]
    holds_place: frozenset[str]
    error: type[ValidationError]
    transition_message: Any
    confirmed: str = "confirmed"
    waitlisted: str = "waitlisted"
    cancelled: str = "cancelled"
    transition_error: type[ValidationError] | None = None

    @property
    def parent_model(self) -> type[models.Model]:
        return self.model._meta.get_field(self.parent_field).related_model

    def parent_id(self, registration) -> int:
        return getattr(registration, f"{self.parent_field}_id")

    def of_parent(self, parent) -> models.QuerySet:
        return self.model._default_manager.filter(**{self.parent_field: parent})


# --- The lock and the test-only switch -------------------------------------------------------


def locking_enabled() -> bool:
    """Whether capacity decisions lock the cohort/event row. Always True outside the control run
    of the concurrency test (see the module docstring)."""
    return bool(getattr(settings, "REGISTRATION_LOCKING", True))


def lock_parent(kind: RegistrationKind, parent_id: int):
    """The cohort/event row, re-read and locked until the surrounding transaction ends.

    Call it first in the transaction, before locking any registration row: every service takes
    the locks in this order (parent, then registration), so two of them never deadlock.
    """
    queryset = kind.parent_model._default_manager.all()
    if locking_enabled():
        queryset = queryset.select_for_update()
    return queryset.get(pk=parent_id)


def lock_registration(kind: RegistrationKind, registration):
    """The registration row re-read (and locked): its status may have changed since the caller
    loaded it."""
    return kind.model._default_manager.select_for_update().get(pk=registration.pk)


# --- State changes ---------------------------------------------------------------------------


def apply_transition(
    kind: RegistrationKind,
    registration,
    to_status: str,
    *,
    by: AbstractBaseUser | None = None,
    note: str = "",
    waitlist_position: int | None = None,
    now: datetime.datetime | None = None,
) -> bool:
    """Move `registration` to `to_status` if the table allows it, set the dates and the waitlist
    position that go with the new state, save only those fields and log the change.

    Returns False (and changes nothing) when the registration already has that status (a
    waitlist position changes through `renumber_waitlist`). Raises `kind.error` for a move the
    table forbids.
    """
    current = registration.status
    if current == to_status:
        return False
    if to_status not in kind.allowed_transitions.get(current, frozenset()):
        status_field = kind.model._meta.get_field("status")
        labels = dict(status_field.choices)
        raise (kind.transition_error or kind.error)(
            kind.transition_message,
            code="transition_not_allowed",
            params={"current": labels.get(current, current), "new": labels.get(to_status)},
        )
    now = now or timezone.now()
    registration.status = to_status
    update_fields = ["status", "modified"]
    if to_status == kind.waitlisted:
        if not waitlist_position or waitlist_position < 1:
            raise ValueError("A waitlisted registration needs a waitlist position from 1.")
        registration.waitlist_position = waitlist_position
        update_fields.append("waitlist_position")
    elif registration.waitlist_position is not None:
        registration.waitlist_position = None
        update_fields.append("waitlist_position")
    if to_status == kind.confirmed:
        registration.confirmed_at = now
        update_fields.append("confirmed_at")
    elif to_status == kind.cancelled:
        registration.cancelled_at = now
        update_fields.append("cancelled_at")
    registration.save(update_fields=update_fields)
    kind.log_model._default_manager.create(
        **{kind.log_field: registration},
        from_status=current,
        to_status=to_status,
        by=by if getattr(by, "pk", None) else None,
        at=now,
        note=note,
    )
    return True


def log_creation(
    kind: RegistrationKind, registration, *, by: AbstractBaseUser | None = None, note: str = ""
) -> None:
    """The first line of a registration's log: created in its initial status."""
    kind.log_model._default_manager.create(
        **{kind.log_field: registration},
        from_status="",
        to_status=registration.status,
        by=by if getattr(by, "pk", None) else None,
        note=note,
    )


# --- Places and the waitlist -----------------------------------------------------------------


def places_held(kind: RegistrationKind, parent, *, country: str | None = None) -> int:
    """Registrations holding a place, for the whole cohort/event or for one country."""
    queryset = kind.of_parent(parent).filter(status__in=kind.holds_place)
    if country is not None:
        queryset = queryset.filter(country=country)
    return queryset.count()


def has_room(
    kind: RegistrationKind,
    parent,
    *,
    country: str,
    capacity: int,
    max_per_country: int | None = None,
) -> bool:
    """Whether one more place can be given, to someone from `country`."""
    if places_held(kind, parent) >= capacity:
        return False
    if max_per_country is not None:
        return places_held(kind, parent, country=country) < max_per_country
    return True


def waitlist(kind: RegistrationKind, parent) -> models.QuerySet:
    """The waitlisted registrations, first in line first."""
    return kind.of_parent(parent).filter(status=kind.waitlisted).order_by("waitlist_position", "pk")


def next_waitlist_position(kind: RegistrationKind, parent) -> int:
    last = (
        kind.of_parent(parent).filter(status=kind.waitlisted).aggregate(m=Max("waitlist_position"))
    )
    return (last["m"] or 0) + 1


def renumber_waitlist(kind: RegistrationKind, parent) -> None:
    """Close the gaps left by promoted or cancelled people: positions become 1, 2, 3... in the
    same order."""
    for expected, registration in enumerate(waitlist(kind, parent), start=1):
        if registration.waitlist_position != expected:
            registration.waitlist_position = expected
            registration.save(update_fields=["waitlist_position", "modified"])


def place_or_waitlist(
    kind: RegistrationKind,
    registration,
    parent,
    *,
    capacity: int,
    max_per_country: int | None = None,
    by: AbstractBaseUser | None = None,
    note: str = "",
) -> str:
    """Give `registration` a place if the capacity (and the country cap) allow, else put it at
    the end of the waitlist. The caller holds the lock on `parent` (see `lock_parent`).
    Returns the new status."""
    if has_room(
        kind,
        parent,
        country=registration.country,
        capacity=capacity,
        max_per_country=max_per_country,
    ):
        apply_transition(kind, registration, kind.confirmed, by=by, note=note)
    else:
        apply_transition(
            kind,
            registration,
            kind.waitlisted,
            by=by,
            note=note,
            waitlist_position=next_waitlist_position(kind, parent),
        )
    return registration.status


def promote_from_waitlist(
    kind: RegistrationKind,
    parent,
    *,
    capacity: int,
    max_per_country: int | None = None,
    by: AbstractBaseUser | None = None,
    note: str = "",
) -> list:
    """Give the free places to the waitlisted people in their order, skipping those whose
    country has reached its cap, then renumber the rest of the waitlist. The caller holds the
    lock on `parent`. Returns the promoted registrations, first promoted first."""
    promoted = []
    while places_held(kind, parent) < capacity:
        candidate = None
        for registration in waitlist(kind, parent):
            if max_per_country is None or (
                places_held(kind, parent, country=registration.country) < max_per_country
            ):
                candidate = registration
                break
        if candidate is None:
            break
        apply_transition(kind, candidate, kind.confirmed, by=by, note=note)
        promoted.append(candidate)
    renumber_waitlist(kind, parent)
    return promoted


# --- One active registration per e-mail ------------------------------------------------------


def find_active(kind: RegistrationKind, parent, email: str):
    """The active registration of this e-mail address (any case) in the cohort/event, if any."""
    return (
        kind.of_parent(parent)
        .filter(email__iexact=email.strip(), status__in=kind.active_states)
        .order_by("pk")
        .first()
    )


def validate_fields(registration, *, exclude: list[str]) -> None:
    """`full_clean()` of an application or registration (constraints left to `save_unique`),
    with its `country` checked against the list of codes directly: CountryField's own check
    walks its choices, which translates and sorts every country name on each call, most of the
    CPU time of registering. Raises ValidationError with the field errors."""
    errors: dict[str, list] = {}
    try:
        registration.full_clean(exclude=[*exclude, "country"], validate_constraints=False)
    except ValidationError as exc:
        errors = exc.message_dict
    field = registration._meta.get_field("country")
    value = getattr(registration, field.attname)
    code = getattr(value, "code", value) or ""
    if not code and not field.blank:
        errors.setdefault("country", []).append(field.error_messages["blank"])
    elif code and code not in countries:
        message = field.error_messages["invalid_choice"] % {"value": code}
        errors.setdefault("country", []).append(message)
    if errors:
        raise ValidationError(errors)


def save_unique(kind: RegistrationKind, registration, *, on_duplicate) -> None:
    """Insert a new registration unless its e-mail address already has an active one for the
    same cohort/event; then raise `on_duplicate(existing)`.

    A concurrent duplicate that slips past the first check is stopped by the database's partial
    unique constraint; the insert runs in a savepoint so the caller's transaction stays usable
    to look the existing one up.
    """
    parent = getattr(registration, kind.parent_field)
    existing = find_active(kind, parent, registration.email)
    if existing is not None:
        raise on_duplicate(existing)
    try:
        with transaction.atomic():
            registration.save(force_insert=True)
    except IntegrityError:
        existing = find_active(kind, parent, registration.email)
        if existing is None:
            raise
        registration.pk = None
        raise on_duplicate(existing) from None


def owner_notice_interval_seconds() -> int:
    minutes = getattr(settings, "REGISTRATION_NOTICE_INTERVAL_MINUTES", 24 * 60)
    return max(int(minutes), 1) * 60


def owner_notice_key(
    kind: RegistrationKind, registration, *, now: datetime.datetime | None = None
) -> str:
    """The outbox's dedupe key of the e-mail that tells a registration's owner about a second
    attempt with their address: one per registration and REGISTRATION_NOTICE_INTERVAL_MINUTES
    window (a day by default)."""
    window = int((now or timezone.now()).timestamp()) // owner_notice_interval_seconds()
    return f"registrations-again:{kind.model._meta.label_lower}:{registration.pk}:{window}"


def tell_owner_once(kind: RegistrationKind, registration, send_links, *, client=None) -> bool:
    """The answer to a registration with an address that already has an active one for the
    cohort/event: the caller shows the same page (or API answer) as for a new registration,
    and the owner of the address gets an e-mail with their registration's state and links
    instead, so only they learn that it exists.

    `send_links(dedupe_key=...)` writes that e-mail through the outbox and returns the row (or
    None when the key was used already): at most one e-mail per registration and interval
    (`owner_notice_key`), and at most what the `registration_links` rate limit allows per
    client and per address. Over that limit nothing is sent and nothing is raised: a 429 here
    would tell the stranger that the address is registered. Nothing of the registration itself
    changes. Returns whether an e-mail was written.
    """
    try:
        rate_limit_hit("registration_links", client=client, target=registration.email)
    except RateLimited:
        return False
    with transaction.atomic():
        return send_links(dedupe_key=owner_notice_key(kind, registration)) is not None


def resend_interval() -> datetime.timedelta:
    minutes = getattr(settings, "REGISTRATION_RESEND_INTERVAL_MINUTES", 2)
    return datetime.timedelta(minutes=int(minutes))


def claim_link_resend(kind: RegistrationKind, registration):
    """Whether a registration's links may be e-mailed again (after a second attempt with the
    same address): it must be active and its links must have gone out at least
    REGISTRATION_RESEND_INTERVAL_MINUTES ago, so the form cannot flood an inbox. Call inside a
    transaction; on yes, records the sending time and returns the locked registration for the
    caller to e-mail, else returns None."""
    registration = lock_registration(kind, registration)
    if registration.status not in kind.active_states:
        return None
    now = timezone.now()
    if registration.links_sent_at and now - registration.links_sent_at < resend_interval():
        return None
    registration.links_sent_at = now
    registration.save(update_fields=["links_sent_at", "modified"])
    return registration


# --- Signed links ----------------------------------------------------------------------------


def link_max_age() -> datetime.timedelta:
    days = getattr(settings, "REGISTRATION_LINK_MAX_AGE_DAYS", DEFAULT_LINK_MAX_AGE_DAYS)
    return datetime.timedelta(days=int(days))


def _signer(model: type[models.Model], purpose: str) -> signing.TimestampSigner:
    if purpose not in LINK_PURPOSES:
        raise ValueError(f"Unknown link purpose {purpose!r}")
    # One salt per model and purpose: a confirm token never works as a manage token, and a
    # training token never opens a forum registration.
    return signing.TimestampSigner(
        salt=f"greentech.registrations.{model._meta.label_lower}.{purpose}"
    )


def make_token(obj: models.Model, purpose: str) -> str:
    return _signer(type(obj), purpose).sign(str(obj.pk))


def make_confirm_token(obj: models.Model) -> str:
    """The token of the link that confirms the e-mail address."""
    return make_token(obj, CONFIRM)


def make_manage_token(obj: models.Model) -> str:
    """The token of the link that shows the registration and lets the person cancel it."""
    return make_token(obj, MANAGE)


def read_token(
    token: str,
    model: type[models.Model],
    purpose: str,
    *,
    queryset: models.QuerySet | None = None,
    error: type[ValidationError] = InvalidLinkError,
    max_age: datetime.timedelta | None = None,
):
    """The object a token points to. Raises `error` (code "link_expired" or "link_invalid")
    when the token is too old, was altered, was made for another purpose or model, or its object
    no longer exists."""
    signer = _signer(model, purpose)
    try:
        value = signer.unsign(token or "", max_age=link_max_age() if max_age is None else max_age)
    except signing.SignatureExpired:
        raise error(
            _("This link has expired. Use the link in your most recent e-mail."),
            code="link_expired",
        ) from None
    except signing.BadSignature:
        raise error(
            _("This link is not valid. Check that you copied it completely."),
            code="link_invalid",
        ) from None
    queryset = queryset if queryset is not None else model._default_manager.all()
    try:
        return queryset.get(pk=int(value))
    except (ValueError, model.DoesNotExist):
        raise error(
            _("This link is not valid. Check that you copied it completely."),
            code="link_invalid",
        ) from None


def read_confirm_token(token: str, model: type[models.Model], **kwargs):
    return read_token(token, model, CONFIRM, **kwargs)


def read_manage_token(token: str, model: type[models.Model], **kwargs):
    return read_token(token, model, MANAGE, **kwargs)


def emails_match(first: str | None, second: str | None) -> bool:
    """Whether two e-mail addresses are the same, ignoring case and surrounding spaces."""
    return bool(first and second) and first.strip().lower() == second.strip().lower()
