from django.urls import path

from .views import transfers

app_name = "transfers"

urlpatterns = [
    path("", transfers.transfer_case_list, name="list"),
    path("<slug:slug>/", transfers.transfer_case_detail, name="detail"),
]
