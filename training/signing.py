"""Signed tokens for the links in applicants' e-mails: one to confirm the e-mail address, one to
see or cancel the application. They expire after REGISTRATION_LINK_MAX_AGE_DAYS (default 60);
every e-mail carries fresh ones."""

from greentech.core import registrations

from .exceptions import InvalidApplicationLink
from .models import Application


def make_confirm_token(application: Application) -> str:
    return registrations.make_confirm_token(application)


def make_manage_token(application: Application) -> str:
    return registrations.make_manage_token(application)


def read_confirm_token(token: str) -> Application:
    """The application of a confirm token; raises InvalidApplicationLink if altered or expired."""
    return registrations.read_confirm_token(
        token, Application, queryset=_applications(), error=InvalidApplicationLink
    )


def read_manage_token(token: str) -> Application:
    """The application of a manage token; raises InvalidApplicationLink if altered or expired."""
    return registrations.read_manage_token(
        token, Application, queryset=_applications(), error=InvalidApplicationLink
    )


def _applications():
    return Application.objects.select_related("cohort__programme", "certificate")
