"""Sign-up and e-mail verification."""

import logging

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Institution
from greentech.notifications import notify

from ..exceptions import AccountsError, LinkInvalid
from ..models import InstitutionMembership, MembershipStatus, User
from ..tokens import (
    email_verification_max_age_days,
    make_email_verification_token,
    read_email_verification_token,
)
from ._common import absolute_url, display_name
from .memberships import (
    InstitutionProposal,
    institution_choice_check,
    notify_staff_of_request,
    partner_membership_request,
)

logger = logging.getLogger(__name__)


def account_signup(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    country: str,
    position: str = "",
    institution: Institution | None = None,
    proposal: InstitutionProposal | None = None,
) -> User | None:
    """Create an account that can log in and follow its request, with a pending institution link,
    and send the verification link. It becomes a partner submitter once the address is confirmed
    and staff approve the link.

    An address that already has an account gets an e-mail saying so (with the log-in and
    password-reset links, at most once per ACCOUNT_NOTICE_INTERVAL_MINUTES) and nothing is
    created: None is returned, and the page shows the same text either way, so sign-up does not
    tell a stranger who has an account. Both ways hash the password once, so they also take the
    same time.
    """
    email = User.objects.normalize_email(email).strip().lower()
    institution_choice_check(institution=institution, proposal=proposal)
    with transaction.atomic():
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            try:
                with transaction.atomic():
                    user = User.objects.create_user(
                        email,
                        password,
                        first_name=first_name.strip(),
                        last_name=last_name.strip(),
                        country=country,
                        position=position.strip(),
                        consented_at=timezone.now(),
                    )
            except IntegrityError:
                # Another sign-up with the same address committed first.
                existing = User.objects.get(email__iexact=email)
        if existing is not None:
            make_password(password)  # the time a new account spends hashing its password
            _tell_the_owner(existing)
            return None
        logger.info("User %s signed up", user.pk)
        partner_membership_request(user=user, institution=institution, proposal=proposal)
        email_verification_send(user=user)
    return user


def notice_interval_seconds() -> int:
    return max(int(getattr(settings, "ACCOUNT_NOTICE_INTERVAL_MINUTES", 60)), 1) * 60


def _tell_the_owner(user: User) -> None:
    """At most one e-mail per interval, however often strangers try the address."""
    window = int(timezone.now().timestamp()) // notice_interval_seconds()
    notify(
        dedupe_key=f"accounts-signup-existing:{user.pk}:{window}",
        recipient=user.email,
        recipient_user=user,
        template="notifications/accounts_signup_existing",
        context={
            "person": display_name(user),
            "login_url": absolute_url("accounts:login"),
            "password_reset_url": absolute_url("accounts:password_reset"),
        },
        subject=_("You already have an account on the GreenTech portal"),
    )


def email_verification_send(*, user: User) -> None:
    """(Again) send the link that confirms the person's address."""
    if user.email_verified:
        raise AccountsError(_("Your e-mail address is already confirmed."))
    with transaction.atomic():
        notify(
            recipient=user.email,
            recipient_user=user,
            template="notifications/accounts_verify_email",
            context={
                "person": display_name(user),
                "verify_url": absolute_url(
                    "accounts:verify_email", make_email_verification_token(user)
                ),
                "max_age_days": email_verification_max_age_days(),
            },
            subject=_("Confirm your e-mail address"),
        )


def email_verify(*, token: str) -> tuple[User, bool]:
    """Confirm the address the link was sent to. Returns the user and whether this call
    confirmed it (False when it was confirmed already). Raises LinkExpired or LinkInvalid.

    A pending institution link request reaches staff now: they can only approve it from here on.
    """
    payload = read_email_verification_token(token)
    with transaction.atomic():
        user = User.objects.select_for_update(of=("self",)).filter(pk=payload["u"]).first()
        if user is None or user.email.lower() != payload["e"].lower():
            raise LinkInvalid(_("This link was sent to an address the account no longer uses."))
        if user.email_verified:
            return user, False
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        logger.info("User %s confirmed their e-mail address", user.pk)
        pending = (
            InstitutionMembership.objects.filter(user=user, status=MembershipStatus.PENDING)
            .select_related("user", "institution")
            .first()
        )
        if pending is not None:
            notify_staff_of_request(pending)
    return user, True


def email_verification_resend(*, token: str) -> User | None:
    """The 'send the link again' button of an expired link: a fresh link to the same account if
    the old link is authentic, the account still uses that address and has not confirmed it
    meanwhile. Returns the user the link went to, or None."""
    payload = read_email_verification_token(token, check_age=False)
    user = User.objects.filter(pk=payload["u"]).first()
    if user is None or user.email.lower() != payload["e"].lower() or user.email_verified:
        return None
    email_verification_send(user=user)
    return user
