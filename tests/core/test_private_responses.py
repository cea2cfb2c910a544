"""`Cache-Control: no-store` on every response that carries personal data or unpublished
content: anything a logged-in person gets, answers to writes, pages reached through a signed
link; public pages for anonymous visitors are left alone."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework.test import APIClient

from greentech.reports.models import ReportStatus
from tests.factories import UserFactory
from tests.reports.factories import ReportFactory
from tests.training.factories import ApplicationFactory, CohortFactory
from training.signing import make_manage_token

pytestmark = pytest.mark.django_db


def not_stored(response) -> bool:
    return "no-store" in response.get("Cache-Control", "") and "private" in response.get(
        "Cache-Control", ""
    )


def test_staff_exports_of_participants_are_not_stored(curator_client):
    cohort = CohortFactory()
    ApplicationFactory(cohort=cohort)
    for name in ["cohort_participants_csv", "cohort_participants_xlsx", "cohort_staff"]:
        response = curator_client.get(reverse(f"training:{name}", args=[cohort.slug]))
        assert response.status_code == 200, name
        assert not_stored(response), name


def test_the_applications_api_is_not_stored(curator):
    api = APIClient()
    api.force_authenticate(curator)
    ApplicationFactory()
    response = api.get("/api/applications/")
    assert response.status_code == 200
    assert not_stored(response)


def test_report_downloads_are_not_stored(curator_client, curator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = ReportFactory.build(requested_by=curator, status=ReportStatus.DONE, progress=100)
    report.file.save("pool.xlsx", ContentFile(b"PK-sample"), save=False)
    report.save()
    response = curator_client.get(reverse("reports:download", args=[report.pk]))
    assert b"".join(response.streaming_content) == b"PK-sample"
    response.close()
    assert not_stored(response)


def test_the_profile_page_is_not_stored(client):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert not_stored(response)


def test_a_page_reached_through_a_signed_link_is_not_stored(client):
    application = ApplicationFactory()
    response = client.get(reverse("training:manage", args=[make_manage_token(application)]))
    assert response.status_code == 200
    assert not_stored(response)


def test_an_answer_to_a_form_is_not_stored(client):
    response = client.post(reverse("accounts:login"), {"username": "x@example.org"})
    assert not_stored(response)


def test_a_public_page_for_an_anonymous_visitor_is_left_cacheable(client):
    response = client.get(reverse("technologies:pool"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
