import factory

from greentech.reports.models import Report, ReportFormat, ReportKind, ReportStatus
from tests.factories import StaffCuratorFactory


class ReportFactory(factory.django.DjangoModelFactory):
    """A queued pool report for 2024 (no task is enqueued: services do that)."""

    class Meta:
        model = Report

    kind = ReportKind.POOL
    format = ReportFormat.XLSX
    parameters = factory.LazyFunction(lambda: {"start": "2024-01-01", "end": "2024-12-31"})
    description = "2024-01-01 \N{EN DASH} 2024-12-31"
    requested_by = factory.SubFactory(StaffCuratorFactory)
    status = ReportStatus.QUEUED
