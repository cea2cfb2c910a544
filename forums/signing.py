"""Signed tokens for the links in registrants' e-mails: one to confirm the e-mail address, one
to see or cancel the registration. They expire after REGISTRATION_LINK_MAX_AGE_DAYS (default
60); every e-mail carries fresh ones."""

from greentech.core import registrations

from .exceptions import InvalidRegistrationLink
from .models import Registration


def make_confirm_token(registration: Registration) -> str:
    return registrations.make_confirm_token(registration)


def make_manage_token(registration: Registration) -> str:
    return registrations.make_manage_token(registration)


def read_confirm_token(token: str) -> Registration:
    """The registration of a confirm token; raises InvalidRegistrationLink if altered or
    expired."""
    return registrations.read_confirm_token(
        token, Registration, queryset=_registrations(), error=InvalidRegistrationLink
    )


def read_manage_token(token: str) -> Registration:
    """The registration of a manage token; raises InvalidRegistrationLink if altered or
    expired."""
    return registrations.read_manage_token(
        token, Registration, queryset=_registrations(), error=InvalidRegistrationLink
    )


def _registrations():
    return Registration.objects.select_related("event")
