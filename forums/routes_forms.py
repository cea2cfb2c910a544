"""Routes added to the app's urls.py (kept in their own module so page groups stay apart).

The paths of the confirm and manage pages are fixed: e-mails already sent link to them (see
forums/links.py)."""

from django.urls import path

from .views import forms, staff_actions

event = "<slug:slug>/"
staff = f"{event}staff/"

urlpatterns = [
    path("registrations/confirm/<str:token>/", forms.confirm, name="confirm"),
    path("registrations/manage/<str:token>/", forms.manage, name="manage"),
    path("registrations/manage/<str:token>/cancel/", forms.manage_cancel, name="manage_cancel"),
    path(f"{event}register/", forms.register, name="register"),
    path(f"{event}register/sent/", forms.register_sent, name="register_sent"),
    path(f"{staff}attendance/", staff_actions.AttendanceView.as_view(), name="event_attendance"),
    path(
        f"{staff}registrations/<int:pk>/cancel/",
        staff_actions.StaffCancelView.as_view(),
        name="event_cancel_registration",
    ),
]
