from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)

from . import health, views
from .api_router import router
from .observability.metrics import metrics_view

admin.site.site_header = _("GreenTech Cooperation Portal administration")
admin.site.site_title = _("GreenTech Portal admin")
admin.site.index_title = _("Curation")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.live, name="healthz-live"),
    path("healthz/ready", health.ready, name="healthz-ready"),
    path("metrics", metrics_view, name="metrics"),
    path("accounts/tokens/", include("greentech.apitokens.urls")),
    path("accounts/", include("greentech.accounts.urls")),
    path("figures/", views.figures_page, name="figures"),
    path("", include("centres.urls")),
    path("labs/", include("labs.urls")),
    path("countries/", include("greentech.countries.urls")),
    path("transfer-cases/", include("technologies.urls_transfers")),
    path("technologies/revalidate/", include("technologies.urls_revalidation")),
    path("technologies/", include("technologies.urls")),
    path("training/", include("training.urls")),
    path("forums/", include("forums.urls")),
    path("reports/", include("greentech.reports.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # ReDoc injects its styles inline, which the Content-Security-Policy refuses: its old address
    # leads to the Swagger UI page, which works under the policy.
    path(
        "api/redoc/",
        RedirectView.as_view(pattern_name="api-docs", permanent=True),
        name="api-redoc",
    ),
]
# A URL under /api/ that no route matches answers a JSON 404, as the API's own 404s do.
handler404 = "greentech.core.api_answers.not_found"
# Uploaded files (attachments, certificates, reports) are never served from MEDIA_URL, not even
# in debug mode: each is served by a view that checks who may see it.
