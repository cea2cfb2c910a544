"""The certificate PDF of a person who attended a cohort, and where anyone can verify it.

Verification codes (see `training.models.generate_certificate_code`) carry 8 characters from
a 32-letter alphabet: 32**8, about 1.1e12, possible codes. Even with ten thousand certificates
issued, a guess hits a real code with a probability of about 1 in 100 million, so the public
verification page needs no account; a rate limit in front of it (at the proxy) is still
advisable for a large deployment.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from greentech.core.pdf import render_pdf

from .models import Certificate


def verification_path(code: str) -> str:
    return reverse("training:certificate_verify", kwargs={"code": code})


def verification_url(certificate: Certificate) -> str:
    """The absolute address of the certificate's public verification page."""
    return settings.SITE_URL + verification_path(certificate.code)


def certificate_context(certificate: Certificate) -> dict:
    application = certificate.application
    cohort = application.cohort
    programme = cohort.programme
    return {
        "certificate": certificate,
        "name": application.full_name,
        "programme_title": programme.display_title,
        "organiser": programme.organiser.display_name if programme.organiser_id else "",
        "cohort_title": cohort.display_title,
        "city": cohort.city,
        "country": cohort.country.name,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "issued_on": timezone.localdate(certificate.issued_at),
        "code": certificate.code,
        "verification_url": verification_url(certificate),
    }


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as PDF bytes (A4 landscape), in the active language. Pass a certificate
    loaded with `select_related("application__cohort__programme__organiser")` to save queries."""
    return render_pdf("pdf/certificate.html", certificate_context(certificate))
