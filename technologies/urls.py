from django.urls import path

from . import routes_partner, routes_review
from .views import needs, public

app_name = "technologies"

urlpatterns = [
    path("", public.pool, name="pool"),
    *routes_partner.urlpatterns,
    *routes_review.urlpatterns,
    path("needs/", needs.need_list, name="need_list"),
    path("needs/<slug:slug>/", needs.need_detail, name="need_detail"),
    path(
        "needs/<slug:slug>/matches/<slug:technology_slug>/",
        needs.need_match_decide,
        name="need_match_decide",
    ),
    # Keep this catch-all slug route last: any route added below it (e.g. "submissions/")
    # would be taken for a technology's slug and answer 404.
    path("<slug:slug>/", public.pool_detail, name="pool_detail"),
]
