"""Signed links: e-mail verification (timestamped, expiring after
ACCOUNT_EMAIL_VERIFICATION_MAX_AGE_DAYS) and invitations (signed only; the expiry is the
invitation's own `expires_at`, set from ACCOUNT_INVITATION_MAX_AGE_DAYS)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from .exceptions import LinkExpired, LinkInvalid

VERIFY_EMAIL_SALT = "greentech.accounts.verify-email"
INVITATION_SALT = "greentech.accounts.invitation"

DEFAULT_EMAIL_VERIFICATION_MAX_AGE_DAYS = 3
DEFAULT_INVITATION_MAX_AGE_DAYS = 14


def email_verification_max_age_days() -> int:
    return max(
        int(
            getattr(
                settings,
                "ACCOUNT_EMAIL_VERIFICATION_MAX_AGE_DAYS",
                DEFAULT_EMAIL_VERIFICATION_MAX_AGE_DAYS,
            )
        ),
        1,
    )


def invitation_max_age_days() -> int:
    return max(
        int(getattr(settings, "ACCOUNT_INVITATION_MAX_AGE_DAYS", DEFAULT_INVITATION_MAX_AGE_DAYS)),
        1,
    )


def make_email_verification_token(user) -> str:
    # The address is part of the signed value: a link sent to an earlier address stops working.
    return signing.dumps({"u": user.pk, "e": user.email}, salt=VERIFY_EMAIL_SALT)


def read_email_verification_token(token: str, *, check_age: bool = True) -> dict:
    """The payload {"u": user id, "e": address}; raises LinkExpired or LinkInvalid.
    `check_age=False` accepts an authentic link of any age (to send a fresh one)."""
    max_age = timedelta(days=email_verification_max_age_days()) if check_age else None
    try:
        payload = signing.loads(token, salt=VERIFY_EMAIL_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkExpired() from None
    except signing.BadSignature:
        raise LinkInvalid() from None
    return _checked(payload, {"u": int, "e": str})


def make_invitation_token(invitation) -> str:
    # Not timestamped: expiry, revocation and single use live on the invitation itself.
    return signing.Signer(salt=INVITATION_SALT).sign_object({"i": invitation.pk})


def read_invitation_token(token: str) -> int:
    """The invitation id; raises LinkInvalid. Expiry is checked on the invitation itself."""
    try:
        payload = signing.Signer(salt=INVITATION_SALT).unsign_object(token)
    except signing.BadSignature:
        raise LinkInvalid() from None
    return _checked(payload, {"i": int})["i"]


def _checked(payload, shape: dict) -> dict:
    if not isinstance(payload, dict) or any(
        not isinstance(payload.get(key), kind) for key, kind in shape.items()
    ):
        raise LinkInvalid()
    return payload
