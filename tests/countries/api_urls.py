"""The countries endpoint under /api/, for its tests whether or not the project router has it."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from greentech.countries.api import CountryViewSet

router = DefaultRouter()
router.register("countries", CountryViewSet, basename="country")

urlpatterns = [path("api/", include(router.urls))]
