"""Routes added to the app's urls.py (kept in their own module so page groups stay apart).

The paths of the confirm and manage pages are fixed: e-mails already sent link to them (see
training/links.py)."""

from django.urls import path

from .views import forms, staff_actions

cohort = "cohorts/<slug:slug>/"
staff = f"{cohort}staff/"

urlpatterns = [
    path("my-registrations/", forms.my_registrations, name="my_registrations"),
    path(f"{cohort}apply/", forms.apply, name="apply"),
    path(f"{cohort}apply/sent/", forms.apply_sent, name="apply_sent"),
    path("applications/confirm/<str:token>/", forms.confirm, name="confirm"),
    path("applications/manage/<str:token>/", forms.manage, name="manage"),
    path("applications/manage/<str:token>/cancel/", forms.manage_cancel, name="manage_cancel"),
    path(
        "applications/manage/<str:token>/certificate.pdf",
        forms.manage_certificate,
        name="manage_certificate",
    ),
    path(f"{staff}selection/", staff_actions.SelectionView.as_view(), name="cohort_selection"),
    path(f"{staff}attendance/", staff_actions.AttendanceView.as_view(), name="cohort_attendance"),
    path(f"{staff}attended/", staff_actions.MarkAttendedView.as_view(), name="cohort_attended"),
    path(
        f"{staff}certificates/",
        staff_actions.CertificatesView.as_view(),
        name="cohort_certificates",
    ),
    path(
        f"{staff}applications/<int:pk>/cancel/",
        staff_actions.StaffCancelView.as_view(),
        name="cohort_cancel_application",
    ),
]
