"""The report permissions, checked on unsaved objects."""

import pytest

from greentech.reports.models import Report, ReportKind
from tests.factories import ExpertFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


def _pool(institution=None, **kwargs):
    parameters = {"start": "2024-01-01", "end": "2024-12-31"}
    if institution is not None:
        parameters["institution"] = institution
    return Report(kind=ReportKind.POOL, parameters=parameters, **kwargs)


def test_staff_curators_reach_the_page_and_request_anything(curator):
    assert curator.has_perm("reports.access_reports")
    assert curator.has_perm("reports.request_report", _pool())
    assert curator.has_perm("reports.request_report", Report(kind=ReportKind.COUNTRY_PROFILE))


def test_a_partner_requests_the_pool_report_of_their_own_institution_only():
    partner = PartnerFactory()
    other = PartnerFactory()

    assert partner.has_perm("reports.access_reports")
    assert partner.has_perm("reports.request_report", _pool(partner.institution_id))
    assert not partner.has_perm("reports.request_report", _pool())
    assert not partner.has_perm("reports.request_report", _pool(other.institution_id))
    assert not partner.has_perm(
        "reports.request_report",
        Report(kind=ReportKind.COUNTRY_PROFILE, parameters={"institution": partner.institution_id}),
    )


@pytest.mark.parametrize(
    "make_user",
    [ExpertFactory, UserFactory, lambda: PartnerFactory(institution=None)],
)
def test_others_do_not_reach_the_page(make_user):
    user = make_user()

    assert not user.has_perm("reports.access_reports")
    assert not user.has_perm("reports.request_report", _pool(user.institution_id))


def test_a_report_is_seen_and_retried_by_its_requester_and_staff(curator):
    partner, other = PartnerFactory(), PartnerFactory()
    report = _pool(partner.institution_id, requested_by=partner)

    for perm in ("reports.view_report", "reports.retry_report"):
        assert partner.has_perm(perm, report)
        assert curator.has_perm(perm, report)
        assert not other.has_perm(perm, report)
