"""Staff pages of a cohort: the list of applications, and the exports (participants as CSV and
XLSX, badges as PDF, statistics as a page and CSV). Curators only."""

from collections import Counter

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from greentech.core.downloads import csv_download, pdf_download, safe_filename, xlsx_download
from greentech.core.tabular import STATISTICS_HEADERS, statistics_rows, xlsx_bytes

from .. import exports
from ..models import Application, Cohort
from ..selectors import cohorts_with_places_left


class CohortStaffMixin(PermissionRequiredMixin):
    """Curators only: anonymous visitors go to the login page, anyone else gets a 403.

    The rule is about the person, so it is checked before the cohort is looked up: an unknown
    slug is a 404 for staff only and tells nobody else which (draft) cohorts exist."""

    permission_required = "training.manage_applications"

    def get_permission_object(self):
        return None

    def get_cohort(self) -> Cohort:
        queryset = cohorts_with_places_left(Cohort.objects.select_related("programme"))
        return get_object_or_404(queryset, slug=self.kwargs["slug"])


class CohortStaffView(CohortStaffMixin, TemplateView):
    template_name = "training/cohort_staff.html"

    def get_context_data(self, **kwargs):
        cohort = self.get_cohort()
        applications = list(exports.ordered_applications(Application.objects.filter(cohort=cohort)))
        counts = Counter(application.status for application in applications)
        by_status = [
            (status.label, counts[status]) for status in exports.STATUS_ORDER if counts[status]
        ]
        return super().get_context_data(
            cohort=cohort, applications=applications, by_status=by_status, **kwargs
        )


class ParticipantsCsvView(CohortStaffMixin, View):
    def get(self, request, slug):
        cohort = self.get_cohort()
        rows = exports.participant_rows(exports.participants(cohort).iterator(chunk_size=500))
        return csv_download(
            safe_filename(f"{cohort.slug}-participants", "csv"), exports.PARTICIPANT_HEADERS, rows
        )


class ParticipantsXlsxView(CohortStaffMixin, View):
    def get(self, request, slug):
        cohort = self.get_cohort()
        rows = exports.participant_rows(exports.participants(cohort))
        content = xlsx_bytes([(cohort.slug, exports.PARTICIPANT_HEADERS, rows)])
        return xlsx_download(safe_filename(f"{cohort.slug}-participants", "xlsx"), content)


class BadgesPdfView(CohortStaffMixin, View):
    def get(self, request, slug):
        cohort = self.get_cohort()
        content = exports.render_badges_pdf(cohort)
        return pdf_download(safe_filename(f"{cohort.slug}-badges", "pdf"), content)


class StatisticsView(CohortStaffMixin, TemplateView):
    template_name = "training/cohort_statistics.html"

    def get_context_data(self, **kwargs):
        cohort = self.get_cohort()
        return super().get_context_data(
            cohort=cohort, tables=exports.cohort_statistics(cohort), **kwargs
        )


class StatisticsCsvView(CohortStaffMixin, View):
    def get(self, request, slug):
        cohort = self.get_cohort()
        rows = statistics_rows(exports.cohort_statistics(cohort))
        return csv_download(
            safe_filename(f"{cohort.slug}-statistics", "csv"), STATISTICS_HEADERS, rows
        )
