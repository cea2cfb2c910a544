from django.urls import path

from . import views

app_name = "centres"

urlpatterns = [
    path("centres/", views.centre_list, name="centre_list"),
    path("centres/<slug:slug>/", views.centre_detail, name="centre_detail"),
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution_detail"),
]
