from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="list"),
    path("<int:pk>/status/", views.ReportStatusView.as_view(), name="status"),
    path("<int:pk>/download/", views.ReportDownloadView.as_view(), name="download"),
    path("<int:pk>/retry/", views.ReportRetryView.as_view(), name="retry"),
]
