"""Login protection with django-axes: lock-outs per account and per client address.

- `LockoutHandler` counts failures in the database within the cool-off time
  (`LOGIN_LOCKOUT_MINUTES`): per account (the lower-cased address typed, from any client) and per
  client address (any account typed). An account reaching `LOGIN_FAILURE_LIMIT_ACCOUNT`, or an
  address reaching `LOGIN_FAILURE_LIMIT_ADDRESS`, is locked out; each further failure starts the
  cool-off again.
- `LockoutBackend` refuses a locked-out login before any password is checked, but spends the
  time of one password hash first, so a locked-out account answers as slowly as a wrong
  password.
- `lockout_response` gives the locked-out request the page it would have had anyway: the login
  form with "wrong address or password". A locked, an unknown and a wrong-password account
  look the same, on the site, the admin and any API view that authenticates with a password.
- Failures and lock-outs are security events (`greentech.core.security`); a successful login
  clears that account's failures from that address; a password reset through the e-mailed link
  lifts the account's lock-out (the owner proved they hold the mailbox).
"""

import logging

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpResponseBase, HttpResponseForbidden
from django.utils import timezone

from greentech.core.clientip import client_ip
from greentech.core.security import fingerprint, security_event

USERNAME_FIELDS = ("username", "email")


def normalise_login_name(value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower()[:255]


def login_name(request, credentials) -> str | None:
    """The account a login attempt names, lower-cased, as one key for every spelling."""
    for source in (credentials or {}, getattr(request, "data", None) or {}):
        for field in USERNAME_FIELDS:
            if hasattr(source, "get") and source.get(field):
                return normalise_login_name(source.get(field))
    post = getattr(request, "POST", {})
    for field in USERNAME_FIELDS:
        if post.get(field):
            return normalise_login_name(post.get(field))
    return None


def failure_limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "LOGIN_FAILURE_LIMIT_ACCOUNT", 5)),
        int(getattr(settings, "LOGIN_FAILURE_LIMIT_ADDRESS", 20)),
    )


def recent_attempts(request=None):
    since = timezone.now() - (get_cool_off(request) or timezone.timedelta(0))
    return AccessAttempt.objects.filter(attempt_time__gte=since)


def _total(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for the client address.

    Axes compares one number with `AXES_FAILURE_LIMIT` (the account limit): that number is the
    account's failures, or the limit itself once the address has reached its own limit.
    """

    def get_failures(self, request, credentials=None) -> int:
        account_limit, address_limit = failure_limits()
        recent = recent_attempts(request)
        username = login_name(request, credentials)
        by_account = _total(recent.filter(username=username)) if username else 0
        by_address = _total(recent.filter(ip_address=request.axes_ip_address))
        if by_address >= address_limit:
            return max(by_account, account_limit)
        return by_account


class LockoutBackend(AxesStandaloneBackend):
    """First in AUTHENTICATION_BACKENDS: refuses locked-out logins (see the module)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            # Programmatic checks (a shell, the test client's login()) have no client to count
            # against; every login page and API view passes its request.
            return None
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            # What ModelBackend spends on an unknown account: one password hash.
            from .models import User

            User().set_password(password or "")
            raise


def lockout_response(request, original_response=None, credentials=None):
    """The answer the view gave (the form with its generic error), unchanged."""
    if isinstance(original_response, HttpResponseBase):
        return original_response
    return HttpResponseForbidden()


def _client(request) -> str:
    return getattr(request, "axes_ip_address", None) or client_ip(request)


def on_login_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    security_event(
        "login_failed",
        client=_client(request),
        account=fingerprint(login_name(request, credentials)),
        path=request.path,
    )


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    account_limit, address_limit = failure_limits()
    security_event(
        "login_locked_out",
        client=ip_address or "-",
        account=fingerprint(username),
        path=getattr(request, "path", "-"),
        account_limit=account_limit,
        address_limit=address_limit,
    )


def on_logged_in(sender, request=None, user=None, **kwargs):
    """A successful login forgets this account's earlier failures from this address (a typo
    before the right password); other addresses' failures stay counted."""
    if request is None or user is None:
        return
    AccessAttempt.objects.filter(
        username=normalise_login_name(user.get_username()), ip_address=_client(request)
    ).delete()


def lift_account_lockout(user, *, reason: str) -> int:
    """Forget every recorded failure for this account (all addresses)."""
    deleted, _ = AccessAttempt.objects.filter(
        username=normalise_login_name(user.get_username())
    ).delete()
    if deleted:
        security_event(
            "lockout_lifted",
            account=fingerprint(user.get_username()),
            by=reason,
            level=logging.INFO,
        )
    return deleted


def connect_signals() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_login_failed

    user_login_failed.connect(on_login_failed, dispatch_uid="security_login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="security_locked_out")
    user_logged_in.connect(on_logged_in, dispatch_uid="security_logged_in")
