from django.urls import path

from . import routes_forms
from .views import public, staff_exports

app_name = "forums"

event = "<slug:slug>/"

urlpatterns = [
    path("", public.event_list, name="event_list"),
    *routes_forms.urlpatterns,
    path(event, public.event_detail, name="event_detail"),
    path(f"{event}calendar.ics", public.event_ics, name="event_ics"),
    path(f"{event}staff/", staff_exports.EventStaffView.as_view(), name="event_staff"),
    path(
        f"{event}participants.csv",
        staff_exports.ParticipantsCsvView.as_view(),
        name="event_participants_csv",
    ),
    path(
        f"{event}participants.xlsx",
        staff_exports.ParticipantsXlsxView.as_view(),
        name="event_participants_xlsx",
    ),
    path(f"{event}badges.pdf", staff_exports.BadgesPdfView.as_view(), name="event_badges_pdf"),
    path(f"{event}statistics/", staff_exports.StatisticsView.as_view(), name="event_statistics"),
    path(
        f"{event}statistics.csv",
        staff_exports.StatisticsCsvView.as_view(),
        name="event_statistics_csv",
    ),
]
