"""Routes added to the app's urls.py (kept in their own module so page groups stay apart):
a partner submitter's pages. The paths of "my submissions", a declaration and an attachment are
the ones technologies/links.py writes into e-mails."""

from django.urls import path

from .views import partner, partner_steps

urlpatterns = [
    path("calls/", partner.open_calls, name="open_calls"),
    path("calls/<slug:slug>/declare/", partner.declare, name="declare"),
    path("submissions/", partner.my_submissions, name="my_submissions"),
    path("submissions/<int:pk>/", partner.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/edit/<slug:step>/", partner_steps.edit_step, name="edit_step"),
    path("submissions/<int:pk>/submit/", partner_steps.submit, name="submit"),
    path("submissions/<int:pk>/withdraw/", partner.withdraw, name="withdraw"),
    path("attachments/<int:pk>/", partner.attachment_download, name="attachment_download"),
]
