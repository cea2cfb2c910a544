from django.urls import path

from . import views

app_name = "countries"

urlpatterns = [
    path("", views.country_index, name="index"),
    path("<str:code>/", views.country_detail, name="detail"),
]
