"""The yearly re-validation link (technologies.links.revalidate writes these paths); mounted
under /technologies/ before the pool's catch-all slug route."""

from django.urls import path

from .views.revalidation import revalidation_confirm

app_name = "technologies_revalidation"

urlpatterns = [
    path("<str:token>/", revalidation_confirm, name="confirm"),
]
