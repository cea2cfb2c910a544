"""Staff pages of a forum event: the list of registrations, and the exports (participants as
CSV and XLSX, badges as PDF, statistics as a page and CSV). Curators only."""

from collections import Counter

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from greentech.core.downloads import csv_download, pdf_download, safe_filename, xlsx_download
from greentech.core.tabular import STATISTICS_HEADERS, statistics_rows, xlsx_bytes

from .. import exports
from ..models import ForumEvent, Registration
from ..selectors import events_with_places_left


class EventStaffMixin(PermissionRequiredMixin):
    """Curators only: anonymous visitors go to the login page, anyone else gets a 403.

    The rule is about the person, so it is checked before the event is looked up: an unknown
    slug is a 404 for staff only and tells nobody else which (draft) events exist."""

    permission_required = "forums.manage_registrations"

    def get_permission_object(self):
        return None

    def get_event(self) -> ForumEvent:
        return get_object_or_404(events_with_places_left(), slug=self.kwargs["slug"])


class EventStaffView(EventStaffMixin, TemplateView):
    template_name = "forums/event_staff.html"

    def get_context_data(self, **kwargs):
        event = self.get_event()
        registrations = list(
            exports.ordered_registrations(Registration.objects.filter(event=event))
        )
        counts = Counter(registration.status for registration in registrations)
        by_status = [
            (status.label, counts[status]) for status in exports.STATUS_ORDER if counts[status]
        ]
        return super().get_context_data(
            event=event, registrations=registrations, by_status=by_status, **kwargs
        )


class ParticipantsCsvView(EventStaffMixin, View):
    def get(self, request, slug):
        event = self.get_event()
        rows = exports.participant_rows(exports.participants(event).iterator(chunk_size=500))
        return csv_download(
            safe_filename(f"{event.slug}-participants", "csv"), exports.PARTICIPANT_HEADERS, rows
        )


class ParticipantsXlsxView(EventStaffMixin, View):
    def get(self, request, slug):
        event = self.get_event()
        rows = exports.participant_rows(exports.participants(event))
        content = xlsx_bytes([(event.slug, exports.PARTICIPANT_HEADERS, rows)])
        return xlsx_download(safe_filename(f"{event.slug}-participants", "xlsx"), content)


class BadgesPdfView(EventStaffMixin, View):
    def get(self, request, slug):
        event = self.get_event()
        content = exports.render_badges_pdf(event)
        return pdf_download(safe_filename(f"{event.slug}-badges", "pdf"), content)


class StatisticsView(EventStaffMixin, TemplateView):
    template_name = "forums/event_statistics.html"

    def get_context_data(self, **kwargs):
        event = self.get_event()
        return super().get_context_data(
            event=event, tables=exports.event_statistics(event), **kwargs
        )


class StatisticsCsvView(EventStaffMixin, View):
    def get(self, request, slug):
        event = self.get_event()
        rows = statistics_rows(exports.event_statistics(event))
        return csv_download(
            safe_filename(f"{event.slug}-statistics", "csv"), STATISTICS_HEADERS, rows
        )
