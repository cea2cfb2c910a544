from django.urls import path

from . import routes_forms
from .views import public, staff_exports

app_name = "training"

cohort = "cohorts/<slug:slug>/"

urlpatterns = [
    path("", public.programme_list, name="programme_list"),
    *routes_forms.urlpatterns,
    path("certificates/", public.certificate_lookup, name="certificate_lookup"),
    path("certificates/<str:code>/", public.certificate_verify, name="certificate_verify"),
    path(cohort, public.cohort_detail, name="cohort_detail"),
    path(f"{cohort}calendar.ics", public.cohort_ics, name="cohort_ics"),
    path(f"{cohort}staff/", staff_exports.CohortStaffView.as_view(), name="cohort_staff"),
    path(
        f"{cohort}participants.csv",
        staff_exports.ParticipantsCsvView.as_view(),
        name="cohort_participants_csv",
    ),
    path(
        f"{cohort}participants.xlsx",
        staff_exports.ParticipantsXlsxView.as_view(),
        name="cohort_participants_xlsx",
    ),
    path(f"{cohort}badges.pdf", staff_exports.BadgesPdfView.as_view(), name="cohort_badges_pdf"),
    path(
        f"{cohort}statistics/",
        staff_exports.StatisticsView.as_view(),
        name="cohort_statistics",
    ),
    path(
        f"{cohort}statistics.csv",
        staff_exports.StatisticsCsvView.as_view(),
        name="cohort_statistics_csv",
    ),
    # Last: a programme slug would otherwise shadow the fixed paths above.
    path("<slug:slug>/", public.programme_detail, name="programme_detail"),
]
