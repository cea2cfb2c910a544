"""The reports page: who reaches it, requesting, live status, downloading, retrying."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from greentech.reports.models import Report, ReportKind, ReportStatus
from greentech.reports.services import reports_recover_stale
from tests.factories import ExpertFactory, InstitutionFactory, PartnerFactory
from tests.reports.builders import pool_world
from tests.reports.conftest import workbook_rows
from tests.reports.factories import ReportFactory

pytestmark = pytest.mark.django_db
S = ReportStatus
LIST = reverse("reports:list")


def _done_report(user, content=b"PK-not-really-a-workbook"):
    report = ReportFactory.build(requested_by=user, status=S.DONE, progress=100)
    report.file.save("pool.xlsx", ContentFile(content), save=False)
    report.save()
    return report


def _urls(report):
    return [
        ("get", reverse("reports:status", args=[report.pk])),
        ("get", reverse("reports:download", args=[report.pk])),
        ("post", reverse("reports:retry", args=[report.pk])),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    report = ReportFactory(status=S.FAILED)

    for method, url in [("get", LIST), ("post", LIST), *_urls(report)]:
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("make_user", [ExpertFactory, lambda: PartnerFactory(institution=None)])
def test_people_without_reports_access_are_refused(client, make_user):
    client.force_login(make_user())

    response = client.get(LIST)

    assert response.status_code == 403
    assert b"Request a report" not in response.content


def test_staff_see_the_form_with_every_kind_and_every_report(curator_client, curator):
    mine = ReportFactory(requested_by=curator, description="Mine")
    theirs = ReportFactory(description="Someone else's")

    response = curator_client.get(LIST)

    assert response.status_code == 200
    kinds = [value for value, _label in response.context["form"].fields["kind"].choices]
    assert kinds == ReportKind.values
    html = response.content.decode()
    assert f'id="report-{mine.pk}"' in html
    assert f'id="report-{theirs.pk}"' in html
    assert "vendor/htmx.min.js" in html


def test_a_partner_sees_only_their_reports_and_only_the_pool_report(client):
    partner = PartnerFactory(institution__name="Kenya Water Institute")
    mine = ReportFactory(requested_by=partner)
    theirs = ReportFactory()
    client.force_login(partner)

    response = client.get(LIST)

    html = response.content.decode()
    assert f'id="report-{mine.pk}"' in html
    assert f'id="report-{theirs.pk}"' not in html
    form = response.context["form"]
    assert [value for value, _label in form.fields["kind"].choices] == [ReportKind.POOL]
    assert "institution" not in form.fields
    assert "Kenya Water Institute" in html


def test_staff_request_a_report_and_it_is_built(
    curator_client, curator, django_capture_on_commit_callbacks
):
    pool_world()
    institution = InstitutionFactory(name="Tongji University")

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            LIST,
            {
                "report-kind": "pool",
                "report-format": "xlsx",
                "report-start": "2024-01-01",
                "report-end": "2024-12-31",
                "report-year": "1999",  # not a pool parameter: ignored
                "report-institution": str(institution.pk),
            },
        )

    assert response.status_code == 302
    report = Report.objects.get()
    assert report.requested_by == curator
    assert report.parameters == {
        "start": "2024-01-01",
        "end": "2024-12-31",
        "institution": institution.pk,
    }
    assert report.status == S.DONE
    page = curator_client.get(LIST).content.decode()
    assert "Report requested: Technology pool report" in page
    assert reverse("reports:download", args=[report.pk]) in page


def test_a_request_with_missing_parameters_shows_field_errors(curator_client):
    response = curator_client.post(
        LIST, {"report-kind": "cooperation_annual", "report-format": "pdf"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"year": ["This field is required."]}
    assert not Report.objects.exists()


def test_a_partner_request_is_restricted_to_their_institution(client):
    partner = PartnerFactory()
    other = InstitutionFactory()
    client.force_login(partner)

    response = client.post(
        LIST,
        {
            "report-kind": "pool",
            "report-format": "csv",
            "report-start": "2024-01-01",
            "report-end": "2024-06-30",
            "report-institution": str(other.pk),  # not a field for partners: ignored
        },
    )

    assert response.status_code == 302
    assert Report.objects.get().parameters["institution"] == partner.institution_id


def test_a_partner_cannot_request_another_kind(client):
    client.force_login(PartnerFactory())

    response = client.post(
        LIST, {"report-kind": "country_profile", "report-format": "pdf", "report-country": "KE"}
    )

    assert response.status_code == 400
    assert "kind" in response.context["form"].errors
    assert not Report.objects.exists()


def test_the_status_row_keeps_polling_while_the_report_is_active(curator_client, curator):
    report = ReportFactory(requested_by=curator, status=S.RUNNING, progress=40)

    html = curator_client.get(reverse("reports:status", args=[report.pk])).content.decode()

    assert html.lstrip().startswith(f'<tr id="report-{report.pk}"')
    assert 'hx-trigger="every 2s"' in html
    assert 'value="40"' in html


def test_the_status_row_stops_polling_once_done_and_offers_the_download(curator_client, curator):
    report = _done_report(curator)

    html = curator_client.get(reverse("reports:status", args=[report.pk])).content.decode()

    assert "hx-trigger" not in html
    assert reverse("reports:download", args=[report.pk]) in html


def test_a_failed_row_shows_the_error_and_a_retry_button(curator_client, curator):
    report = ReportFactory(requested_by=curator, status=S.FAILED, error="RuntimeError: boom")

    html = curator_client.get(reverse("reports:status", args=[report.pk])).content.decode()

    assert "RuntimeError: boom" in html
    assert reverse("reports:retry", args=[report.pk]) in html


def test_a_build_whose_worker_died_becomes_retryable_on_the_page(
    client, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_HEARTBEAT_SECONDS = 30
    pool_world()
    partner = PartnerFactory()
    client.force_login(partner)
    now = timezone.now()
    report = ReportFactory(
        requested_by=partner,
        status=S.RUNNING,
        started_at=now - datetime.timedelta(minutes=3),
        heartbeat_at=now - datetime.timedelta(minutes=2),
    )
    reports_recover_stale(now=now)

    html = client.get(reverse("reports:status", args=[report.pk])).content.decode()
    assert "its worker gave no sign of life for 90 seconds" in html
    assert reverse("reports:retry", args=[report.pk]) in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:retry", args=[report.pk]), follow=True)

    assert "The report is queued again." in response.content.decode()
    report.refresh_from_db()
    assert report.status == S.DONE


def test_the_requester_downloads_the_file(client, django_capture_on_commit_callbacks):
    pool_world()
    partner = PartnerFactory()
    client.force_login(partner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            LIST,
            {
                "report-kind": "pool",
                "report-format": "xlsx",
                "report-start": "2024-01-01",
                "report-end": "2024-12-31",
            },
        )
    report = Report.objects.get()

    response = client.get(reverse("reports:download", args=[report.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'attachment; filename="pool-2024-01-01-2024-12-31' in response["Content-Disposition"]
    sheets = workbook_rows(b"".join(response.streaming_content))
    assert sheets["Summary"][0] == ("Technology pool report",)


def test_someone_elses_report_is_not_found(client):
    report = _done_report(PartnerFactory())
    client.force_login(PartnerFactory())

    for method, url in _urls(report):
        assert getattr(client, method)(url).status_code == 404


def test_staff_download_any_report(curator_client):
    report = _done_report(PartnerFactory(), content=b"the file")

    response = curator_client.get(reverse("reports:download", args=[report.pk]))

    assert b"".join(response.streaming_content) == b"the file"


def test_a_report_without_a_file_yet_is_not_found(curator_client, curator):
    report = ReportFactory(requested_by=curator, status=S.RUNNING)

    response = curator_client.get(reverse("reports:download", args=[report.pk]))

    assert response.status_code == 404


def test_the_requester_retries_a_failed_report_from_the_page(
    client, django_capture_on_commit_callbacks
):
    partner = PartnerFactory()
    report = ReportFactory(
        requested_by=partner,
        status=S.FAILED,
        parameters={
            "start": "2024-01-01",
            "end": "2024-12-31",
            "institution": partner.institution_id,
        },
    )
    client.force_login(partner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:retry", args=[report.pk]))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == S.DONE
    assert "The report is queued again." in client.get(LIST).content.decode()


def test_retrying_a_report_that_did_not_fail_says_why(curator_client, curator):
    report = ReportFactory(requested_by=curator, status=S.RUNNING)

    response = curator_client.post(reverse("reports:retry", args=[report.pk]), follow=True)

    assert "Only a failed report can be retried" in response.content.decode()
    report.refresh_from_db()
    assert report.status == S.RUNNING


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_query_count_does_not_grow(
    curator_client, curator, django_assert_max_num_queries, count
):
    for _n in range(count):
        ReportFactory(requested_by=curator, status=S.FAILED, error="x")
        ReportFactory(status=S.RUNNING, progress=10)
    InstitutionFactory.create_batch(3)

    with django_assert_max_num_queries(7):
        response = curator_client.get(LIST)

    assert len(response.context["reports"]) == 2 * count


@pytest.mark.parametrize("count", [1, 3])
def test_the_partner_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    partner = PartnerFactory()
    ReportFactory.create_batch(count, requested_by=partner)
    client.force_login(partner)

    with django_assert_max_num_queries(7):
        response = client.get(LIST)

    assert len(response.context["reports"]) == count
