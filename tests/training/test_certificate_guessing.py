"""Certificate codes cannot be tried at will: verification is rate-limited per client address,
and its answer (a holder's name for whoever holds the code) is never cached."""

import pytest
from django.urls import reverse

from tests.training.factories import CertificateFactory

pytestmark = pytest.mark.django_db


def test_verification_is_limited_per_client_address(client, settings):
    settings.RATE_LIMITS = {"certificate_verify": {"client": "3/10m"}}
    CertificateFactory(code="GT-ABCD-2345")
    for guess in ["GT-AAAA-0001", "GT-AAAA-0002", "GT-ABCD-2345"]:
        assert client.get(reverse("training:certificate_verify", args=[guess])).status_code in (
            200,
            404,
        )

    refused = client.get(reverse("training:certificate_verify", args=["GT-ABCD-2345"]))

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600
    other = client.__class__(REMOTE_ADDR="203.0.113.77")
    assert (
        other.get(reverse("training:certificate_verify", args=["GT-ABCD-2345"])).status_code == 200
    )


def test_the_verification_page_is_not_stored_by_caches(client):
    CertificateFactory(code="GT-ABCD-2345")
    response = client.get(reverse("training:certificate_verify", args=["GT-ABCD-2345"]))
    assert "no-store" in response["Cache-Control"]
