"""Certificate PDFs and the public verification of their codes."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from pypdf import PdfReader

from tests.training.factories import CertificateFactory
from training.certificates import render_certificate_pdf, verification_url

pytestmark = pytest.mark.django_db


def squash(text: str) -> str:
    """Text without whitespace: kerning makes PDF text extraction split words."""
    return "".join(text.split())


@pytest.fixture
def certificate():
    return CertificateFactory(
        code="GT-ABCD-2345",
        application__first_name="Amina",
        application__last_name="Diallo",
        application__email="amina.diallo@example.org",
        application__cohort__title="Shanghai session 2025",
        application__cohort__city="Shanghai",
        application__cohort__starts_on=datetime.date(2025, 10, 13),
        application__cohort__ends_on=datetime.date(2025, 10, 26),
        application__cohort__programme__title="International Training Program on Green Technology",
    )


def test_verification_url_is_absolute_on_the_site(settings, certificate):
    settings.SITE_URL = "https://portal.example"
    assert (
        verification_url(certificate)
        == "https://portal.example/training/certificates/GT-ABCD-2345/"
    )


def test_certificate_pdf_holds_name_programme_cohort_dates_code_and_verification_url(
    settings, certificate
):
    settings.SITE_URL = "https://portal.example"

    content = render_certificate_pdf(certificate)

    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape
    text = squash(page.extract_text())
    for expected in (
        "Amina Diallo",
        "International Training Program on Green Technology",
        "Shanghai session 2025",
        "Shanghai",
        date_format(datetime.date(2025, 10, 13), "DATE_FORMAT"),
        date_format(datetime.date(2025, 10, 26), "DATE_FORMAT"),
        "GT-ABCD-2345",
        "https://portal.example/training/certificates/GT-ABCD-2345/",
    ):
        assert squash(expected) in text, expected
    assert "amina.diallo" not in text


def test_verification_page_shows_the_holder_and_training_as_valid(client, certificate):
    response = client.get(reverse("training:certificate_verify", args=["GT-ABCD-2345"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in html
    for expected in (
        "Amina Diallo",
        "International Training Program on Green Technology",
        "Shanghai session 2025",
        date_format(datetime.date(2025, 10, 13), "DATE_FORMAT"),
        date_format(datetime.date(2025, 10, 26), "DATE_FORMAT"),
        "GT-ABCD-2345",
    ):
        assert expected in html
    assert "amina.diallo@example.org" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_verification_accepts_a_code_typed_in_lower_case(client, certificate):
    response = client.get(reverse("training:certificate_verify", args=["gt-abcd-2345"]))
    assert response.status_code == 200
    assert "Amina Diallo" in response.content.decode()


def test_an_unknown_code_is_a_404_page_saying_so(client, certificate):
    response = client.get(reverse("training:certificate_verify", args=["GT-ZZZZ-9999"]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "No certificate with this code" in html
    assert "GT-ZZZZ-9999" in html
    assert "Amina" not in html


def test_the_lookup_form_leads_to_the_verification_page_of_the_code(client, certificate):
    response = client.get(reverse("training:certificate_lookup"), {"code": " gt-abcd-2345 "})
    assert response.status_code == 302
    assert response["Location"] == reverse("training:certificate_verify", args=["GT-ABCD-2345"])


def test_the_lookup_form_without_a_code_shows_an_empty_form(client):
    response = client.get(reverse("training:certificate_lookup"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_code">Verification code</label>' in html
    assert "errorlist" not in html


def test_the_lookup_form_refuses_a_malformed_code_with_a_field_error(client):
    response = client.get(reverse("training:certificate_lookup"), {"code": "<script>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter the code as printed on the certificate" in html
    assert "<script>" not in html


def test_verification_page_query_count_is_fixed(client, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        client.get(reverse("training:certificate_verify", args=["GT-ABCD-2345"]))
