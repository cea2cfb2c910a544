"""Absolute links written into applicants' e-mails. The pages behind these paths live in
training/urls.py; the paths are fixed here so that e-mails already sent keep working."""

from django.conf import settings

from .models import Application, Certificate
from .signing import make_confirm_token, make_manage_token

CONFIRM_PATH = "/training/applications/confirm/{token}/"
MANAGE_PATH = "/training/applications/manage/{token}/"
CERTIFICATE_PATH = "/training/certificates/{code}/"
COHORT_PATH = "/training/cohorts/{slug}/"


def confirm_url(application: Application) -> str:
    return settings.SITE_URL + CONFIRM_PATH.format(token=make_confirm_token(application))


def manage_url(application: Application) -> str:
    return settings.SITE_URL + MANAGE_PATH.format(token=make_manage_token(application))


def certificate_url(certificate: Certificate) -> str:
    """The public verification page of a certificate."""
    return settings.SITE_URL + CERTIFICATE_PATH.format(code=certificate.code)


def cohort_url(cohort) -> str:
    return settings.SITE_URL + COHORT_PATH.format(slug=cohort.slug)
